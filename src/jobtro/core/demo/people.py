"""The demo's staff and the logins shown to the user: who exists, with which role,
username and invented name. Drawn from their own generator, so the list is the same
whether or not the demo is being built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jobtro.organisations.models import Function, Role

from .data import (
    DEMO_PASSWORD,
    EXTERNAL_ORGANISATION,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    MUNICIPALITIES,
    SEED,
    SURNAMES,
)
from .history import Draw

ROLE_LABELS: dict[str, str] = {
    Role.CASEWORKER: "Beskæftigelsesmedarbejder",
    Role.LEADER: "Leder",
    Role.RESEARCHER: "Forsker",
    Role.ADMINISTRATOR: "Administrator",
    Role.EXTERNAL: "Ekstern samarbejdspartner",
}


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    municipality: str | None
    team: str | None

    def as_json(self) -> dict[str, Any]:
        """The record docs/contracts.md gives for `jobtro demo --logins`."""
        return {
            "role": self.role,
            "username": self.username,
            "password": self.password,
            "municipality": self.municipality,
            "team": self.team,
        }


@dataclass
class StaffPlan:
    username: str
    first_name: str
    last_name: str
    role: str
    function: str = ""
    municipality: str | None = None
    team: str | None = None
    organisation: str = ""


def staff_plans() -> list[StaffPlan]:
    """Every demo login, in a fixed order; names drawn from their own generator."""
    draw = Draw(SEED + 1)
    used: set[tuple[str, str]] = set()

    def name() -> tuple[str, str]:
        while True:
            first = draw.pick(FIRST_NAMES_F if draw.chance(0.6) else FIRST_NAMES_M)
            last = draw.pick(SURNAMES)
            if (first, last) not in used:
                used.add((first, last))
                return first, last

    plans: list[StaffPlan] = []
    for _code, muni_name, slug, teams in MUNICIPALITIES:
        plans.append(
            StaffPlan(f"{slug}-admin", *name(), role=Role.ADMINISTRATOR, municipality=muni_name)
        )
        counters: dict[str, int] = {}
        for team_no, (team_name, functions) in enumerate(teams, start=1):
            plans.append(
                StaffPlan(
                    f"{slug}-leder{team_no}",
                    *name(),
                    role=Role.LEADER,
                    municipality=muni_name,
                    team=team_name,
                )
            )
            for function in functions:
                word = {
                    Function.CASE_OFFICER: "sagsbehandler",
                    Function.COMPANY_CONSULTANT: "virksomhedskonsulent",
                    Function.MENTOR: "mentor",
                }[function]
                counters[word] = counters.get(word, 0) + 1
                plans.append(
                    StaffPlan(
                        f"{slug}-{word}{counters[word]}",
                        *name(),
                        role=Role.CASEWORKER,
                        function=function,
                        municipality=muni_name,
                        team=team_name,
                    )
                )
    for n in (1, 2):
        plans.append(StaffPlan(f"forsker{n}", *name(), role=Role.RESEARCHER))
    plans.append(
        StaffPlan("ekstern1", *name(), role=Role.EXTERNAL, organisation=EXTERNAL_ORGANISATION)
    )
    return plans


def logins(plans: list[StaffPlan]) -> list[DemoLogin]:
    """One login per role and municipality: the first caseworker, the leader of that
    caseworker's team, the administrator; then the researchers and the external partner."""
    chosen: list[DemoLogin] = []
    for _code, muni_name, _slug, teams in MUNICIPALITIES:
        first_team = teams[0][0]
        in_muni = [p for p in plans if p.municipality == muni_name]
        for role, team in (
            (Role.CASEWORKER, first_team),
            (Role.LEADER, first_team),
            (Role.ADMINISTRATOR, None),
        ):
            plan = next(p for p in in_muni if p.role == role and (team is None or p.team == team))
            chosen.append(DemoLogin(str(role), plan.username, DEMO_PASSWORD, muni_name, plan.team))
    for plan in plans:
        if plan.role in {Role.RESEARCHER, Role.EXTERNAL}:
            chosen.append(DemoLogin(str(plan.role), plan.username, DEMO_PASSWORD, None, None))
    return chosen


def logins_table(logins: list[DemoLogin]) -> str:
    """The demo logins as a plain Danish table for the terminal."""
    header = ("Rolle", "Brugernavn", "Kommune", "Team")
    lines = [
        (
            ROLE_LABELS.get(login.role, login.role),
            login.username,
            login.municipality or "—",
            login.team or "—",
        )
        for login in logins
    ]
    widths = [max(len(row[i]) for row in [header, *lines]) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) for cell, width in zip(row, widths, strict=True)
        ).rstrip()

    out = [fmt(header), fmt(tuple("-" * w for w in widths)), *(fmt(row) for row in lines)]
    out.append("")
    out.append(f"Adgangskode for alle demologins: {DEMO_PASSWORD}")
    return "\n".join(out)
