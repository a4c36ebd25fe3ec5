"""Expectations across meeting forms and external partners (belief app, issue 7).

The link after a meeting and the referral to a partner are POST only; the partner's
own list of referred citizens is for external partners only.
"""

from __future__ import annotations

import datetime as dt

from tests.policies import row

POLICY = {
    "belief:after_contact_link": row(302, 405, 405, 405, 405, 405, 405, 405),
    "belief:refer_partner": row(302, 405, 405, 405, 405, 405, 405, 405),
    "belief:partner": row(302, 404, 404, 404, 404, 404, 200, 404),
}


def url_values(ctx) -> dict:
    from jobtro.citizens.models import Contact

    contact = Contact.objects.create(
        citizen=ctx.citizen,
        staff=ctx.personas.caseworker,
        date=dt.date.today(),
        form="telefon",
    )
    return {"contact_id": contact.pk}
