"""Expectations across meeting forms, external partners, expectations and action.

A package inside ``belief`` because its records are belief's (ratings, links, the
after-meeting instrument): ``services`` writes (after-meeting links, referring a
citizen to an external partner), ``queries`` reads (the citizen's course, a
caseworker's own pattern, a team's expectations), ``views`` holds the partner and
after-meeting pages, ``demo`` the invented demo data. See docs/expectations.md.
"""
