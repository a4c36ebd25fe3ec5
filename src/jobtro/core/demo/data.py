"""The fixed choices behind the demo: places, teams, invented names and the shares that
make the history look like a Danish job centre's (rough figures, not statistics)."""

from __future__ import annotations

from jobtro.organisations.models import Function

SEED = 20_260_101
DEMO_PASSWORD = "jobtro-demo-2026"  # noqa: S105 - the published password of the demo
# The presence of this login tells a later `jobtro demo` that the demo is already built.
MARKER_USERNAME = "silkeborg-admin"
EXTERNAL_ORGANISATION = "Mentorhuset Demo ApS"
PROJECT_NAME = "Troen på borgernes jobchance"
HISTORY_DAYS = 730

# (code, name, username slug, teams); each team lists its caseworkers' functions.
_S, _V, _M = Function.CASE_OFFICER, Function.COMPANY_CONSULTANT, Function.MENTOR
# The first team of each municipality — the one the demo logins belong to — has five
# case officers: leader and team pictures hide cells with fewer than 5 staff
# (docs/contracts.md), and a demo team whose pictures are all hidden shows nothing.
_FIRST_TEAM = [_S, _S, _S, _S, _S, _V]
MUNICIPALITIES: list[tuple[str, str, str, list[tuple[str, list[Function]]]]] = [
    (
        "740",
        "Silkeborg",
        "silkeborg",
        [("Team Gudenå", _FIRST_TEAM), ("Team Ungeindsats", [_S, _S, _M])],
    ),
    (
        "540",
        "Sønderborg",
        "soenderborg",
        [("Team Als", _FIRST_TEAM), ("Team Sygedagpenge", [_S, _S])],
    ),
    ("727", "Odder", "odder", [("Team Kysten", _FIRST_TEAM), ("Team Unge", [_S, _M])]),
    (
        "147",
        "Frederiksberg",
        "frederiksberg",
        [("Team Allé", _FIRST_TEAM), ("Team Integration", [_S, _S, _M])],
    ),
]

FIRST_NAMES_F = [
    "Anne", "Mette", "Kirsten", "Hanne", "Susanne", "Lene", "Maria", "Camilla", "Louise",
    "Sara", "Fatima", "Amira", "Ida", "Emma", "Julie", "Nanna", "Birgitte", "Tina",
]  # fmt: skip
FIRST_NAMES_M = [
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Søren", "Thomas", "Morten", "Ali",
    "Mohammed", "Kasper", "Mads", "Jonas", "Frederik", "Emil", "Ahmad", "Bo", "Niels",
]  # fmt: skip
# Invented surnames: a "demo" word and a place-name ending, so that no name is a real person's.
_SURNAME_HEADS = ["Demo", "Prøve", "Eksempel", "Fiktiv", "Opdigt", "Skitse", "Kladde", "Udkast"]
_SURNAME_TAILS = ["sen", "gaard", "holm", "bjerg", "strup", "lund", "by", "skov", "dal", "vig"]
SURNAMES = [head + tail for head in _SURNAME_HEADS for tail in _SURNAME_TAILS]

TARGET_GROUP_WEIGHTS = {
    "aktivitetsparat-kontanthjaelp": 0.34,
    "jobparat-kontanthjaelp": 0.10,
    "uddannelseshjaelp": 0.12,
    "ressourceforloeb": 0.12,
    "jobafklaringsforloeb": 0.08,
    "sygedagpenge": 0.13,
    "ledighedsydelse": 0.05,
    "integrationsprogram": 0.06,
}
# Share with a job, flexjob or education within the two years, by target group: the
# groups far from the labour market rarely get there, which is why belief matters.
OUTCOME_CHANCE = {
    "aktivitetsparat-kontanthjaelp": 0.09,
    "jobparat-kontanthjaelp": 0.35,
    "uddannelseshjaelp": 0.25,
    "ressourceforloeb": 0.07,
    "jobafklaringsforloeb": 0.12,
    "sygedagpenge": 0.29,
    "ledighedsydelse": 0.32,
    "integrationsprogram": 0.17,
}
EDUCATION_WEIGHTS = {
    "grundskole": 0.44,
    "gymnasial": 0.12,
    "erhvervsfaglig": 0.30,
    "videregaaende": 0.08,
    "ukendt": 0.06,
}
CONTACT_FORM_WEIGHTS = {
    "fremmøde": 0.52,
    "telefon": 0.26,
    "video": 0.12,
    "hjem": 0.06,
    "andet": 0.04,
}
# Typical length in days (low, high) of each kind of action.
ACTION_DAYS = {
    "virksomhedspraktik": (28, 91),
    "loentilskud": (91, 182),
    "mentor": (91, 270),
    "opkvalificering": (30, 180),
    "sundhedsfaglig": (60, 182),
    "ips": (182, 365),
    "nytteindsats": (42, 91),
    "vejledning": (14, 56),
}
ACTION_WEIGHTS = {
    "virksomhedspraktik": 0.26,
    "loentilskud": 0.08,
    "mentor": 0.20,
    "opkvalificering": 0.14,
    "sundhedsfaglig": 0.10,
    "ips": 0.05,
    "nytteindsats": 0.05,
    "vejledning": 0.12,
}
# Number of caseworker changes over the course: about 40 % have at least one (BIP).
CHANGES_P = [0.58, 0.29, 0.10, 0.03]
