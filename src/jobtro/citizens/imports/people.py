"""Importing people: citizens (pseudonymised, CPR only as a keyed hash) and staff."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.core.cpr import InvalidCpr, hash_cpr, parse_cpr
from jobtro.organisations import services as organisation_services
from jobtro.organisations.models import Function, Municipality, Role, Staff, Team

from ..models import Citizen, Education, Gender, TargetGroup
from .base import Kind, Planned, day_text
from .cells import Cells, Issue, Lookup, choices_of
from .reading import Row

# --- citizens -------------------------------------------------------------------------


class CitizensKind(Kind):
    code = "citizens"
    label = gettext_lazy("borgere")
    required = ("citizen_id", "target_group", "enrolled_on")
    optional = ("cpr", "name", "birth_year", "gender", "education")
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("name", gettext_lazy("Navn")),
        ("cpr", gettext_lazy("CPR")),
        ("birth_year", gettext_lazy("Fødselsår")),
        ("gender", gettext_lazy("Køn")),
        ("target_group", gettext_lazy("Målgruppe")),
        ("education", gettext_lazy("Uddannelse")),
        ("enrolled_on", gettext_lazy("Forløb startet")),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.existing = Lookup(Citizen.objects.all())
        self.seen_refs: dict[tuple[int, str], int] = {}
        self.seen_cpr: dict[tuple[int, str], int] = {}
        self.existing_cpr: set[tuple[int, str]] = set()
        self.target_groups = {}
        for group in TargetGroup.objects.filter(is_active=True):
            self.target_groups[group.code.lower()] = group
            self.target_groups[group.name.lower()] = group
        self.genders = choices_of(
            Gender.choices, aliases={"kvinde": "k", "f": "k", "mand": "m", "ukendt": ""}
        )
        self.educations = choices_of(Education.choices)

    def prefetch(self, rows: list[Row]) -> None:
        self.existing.prefetch(r.values.get("citizen_id", "").strip() for r in rows)
        hashes = set()
        for r in rows:
            raw = r.values.get("cpr", "").strip()
            if raw:
                with contextlib.suppress(InvalidCpr):
                    hashes.add(hash_cpr(_cpr_digits(raw)))
        if hashes:
            self.existing_cpr.update(
                Citizen.objects.filter(cpr_hash__in=hashes).values_list(
                    "municipality_id", "cpr_hash"
                )
            )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        ref = cells.text("citizen_id", required=True, max_length=64)
        name = cells.text("name", max_length=200, free_text=True)
        born: dt.date | None = None
        cpr_hash = ""
        raw_cpr = cells.raw("cpr")
        if raw_cpr:
            try:
                _digits, born = parse_cpr(_cpr_digits(raw_cpr))
                cpr_hash = hash_cpr(_cpr_digits(raw_cpr))
            except InvalidCpr as exc:
                # Never echo the number itself: error lists are shown and may be kept.
                cells.error("cpr", _("Ugyldigt CPR-nummer: %(reason)s.") % {"reason": exc})
            else:
                if born > self.today:
                    cells.error("cpr", _("Ugyldigt CPR-nummer: fødselsdatoen ligger i fremtiden."))
                elif born.year < 1900:
                    cells.error("cpr", _("Ugyldigt CPR-nummer: fødselsåret ligger før 1900."))
        this_year = self.today.year
        birth_year = cells.integer("birth_year", low=1900, high=this_year)
        if birth_year is None and born is not None:
            birth_year = born.year
        elif birth_year is not None and born is not None and birth_year != born.year:
            cells.error("birth_year", _("Fødselsåret passer ikke med CPR-nummeret."))
        elif birth_year is None and not cells.raw("birth_year") and not raw_cpr:
            cells.error("birth_year", _("Fødselsåret mangler (udfyld birth_year eller cpr)."))
        gender = cells.code("gender", self.genders, what=gettext_lazy("køn"), valid=["k", "m"])
        education = cells.code("education", self.educations, what=gettext_lazy("uddannelse"))
        group = cells.code(
            "target_group",
            self.target_groups,
            required=True,
            what=gettext_lazy("målgruppe"),
            valid=[g.code for g in self.target_groups.values()],
        )
        enrolled_on = cells.date("enrolled_on", required=True)
        if municipality is not None and ref:
            key = (municipality.pk, ref)
            if key in self.seen_refs:
                cells.error(
                    "citizen_id",
                    _("Borgeren «%(ref)s» står allerede i række %(row)s.")
                    % {"ref": ref, "row": self.seen_refs[key]},
                )
            elif self.existing.get(municipality, ref) is not None:
                cells.error("citizen_id", _("Borgeren «%(ref)s» findes allerede.") % {"ref": ref})
            else:
                self.seen_refs[key] = cells.number
        if municipality is not None and cpr_hash:
            key = (municipality.pk, cpr_hash)
            if key in self.seen_cpr:
                cells.error(
                    "cpr",
                    _("En borger med samme CPR-nummer står allerede i række %(row)s.")
                    % {"row": self.seen_cpr[key]},
                )
            elif key in self.existing_cpr:
                cells.error("cpr", _("En borger med dette CPR-nummer findes allerede."))
            else:
                self.seen_cpr[key] = cells.number
        if cells.failed:
            return None
        citizen = Citizen(
            municipality=municipality,
            name=name,
            cpr_hash=cpr_hash,
            external_ref=ref,
            birth_year=birth_year,
            gender=gender or "",
            target_group=group,
            education=education or Education.UNKNOWN,
            enrolled_on=enrolled_on,
        )
        preview = (
            {}
            if not self.want_preview
            else {
                "citizen_id": ref,
                "name": name,
                "cpr": _("ja (kun som nøgle)") if cpr_hash else "",
                "birth_year": str(birth_year),
                "gender": citizen.get_gender_display() if gender else "",
                "target_group": group.name,
                "education": citizen.get_education_display(),
                "enrolled_on": day_text(enrolled_on),
            }
        )
        return Planned(cells.number, citizen, preview)

    def save(self, batch: list[Planned]) -> None:
        citizens = Citizen.objects.bulk_create([p.record for p in batch])
        self._audit_created("citizens.citizen.created", citizens)
        self.counts["created"] += len(citizens)


def _cpr_digits(raw: str) -> str:
    # A spreadsheet stores 0101901234 as the number 101901234: give back the leading zero.
    raw = raw.strip()
    return raw.zfill(10) if raw.isdigit() and len(raw) == 9 else raw


# --- staff ------------------------------------------------------------------------------


class StaffKind(Kind):
    code = "staff"
    label = gettext_lazy("medarbejdere")
    required = ("staff_id", "username", "first_name", "last_name", "role")
    optional = ("function", "team", "email")
    preview_columns = (
        ("staff_id", gettext_lazy("Medarbejder-id")),
        ("username", gettext_lazy("Brugernavn")),
        ("name", gettext_lazy("Navn")),
        ("role", gettext_lazy("Rolle")),
        ("function", gettext_lazy("Funktion")),
        ("team", gettext_lazy("Team")),
    )
    roles = choices_of(
        [(r, r.label) for r in (Role.CASEWORKER, Role.LEADER, Role.ADMINISTRATOR)],
        aliases={"sagsbehandler": Role.CASEWORKER, "medarbejder": Role.CASEWORKER},
    )
    functions = choices_of(Function.choices, aliases={"andet": Function.OTHER})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.existing = Lookup(Staff.objects.all())
        self.seen_refs: dict[tuple[int, str], int] = {}
        self.seen_usernames: dict[str, int] = {}
        self.taken_usernames: set[str] = set()
        self.teams: dict[tuple[int, str], Team] = {
            (t.municipality_id, t.name.lower()): t for t in Team.objects.all()
        }
        self.new_teams: dict[tuple[int, str], str] = {}

    def prefetch(self, rows: list[Row]) -> None:
        self.existing.prefetch(r.values.get("staff_id", "").strip() for r in rows)
        names = {r.values.get("username", "").strip().lower() for r in rows} - {""}
        if names:
            self.taken_usernames.update(
                get_user_model()
                .objects.annotate(lower=Lower("username"))
                .filter(lower__in=names)
                .values_list("lower", flat=True)
            )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        ref = cells.text("staff_id", required=True, max_length=64)
        username = cells.text("username", required=True, max_length=150)
        if username:
            try:
                UnicodeUsernameValidator()(username)
            except ValidationError:
                cells.error(
                    "username",
                    _("Brugernavnet må kun indeholde bogstaver, tal og tegnene @ . + - _."),
                )
        first_name = cells.text("first_name", required=True, max_length=150, free_text=True)
        last_name = cells.text("last_name", required=True, max_length=150, free_text=True)
        email = cells.text("email", max_length=254)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                cells.error(
                    "email",
                    _("«%(value)s» er ikke en gyldig e-mailadresse.") % {"value": email[:60]},
                )
        role = cells.code("role", self.roles, required=True, what=gettext_lazy("rolle"))
        function = cells.code("function", self.functions, what=gettext_lazy("funktion")) or ""
        if role == Role.CASEWORKER and not function:
            function = Function.OTHER
        team_name = cells.text("team", max_length=100, free_text=True)
        if municipality is not None and ref:
            key = (municipality.pk, ref)
            if key in self.seen_refs:
                cells.error(
                    "staff_id",
                    _("Medarbejderen «%(ref)s» står allerede i række %(row)s.")
                    % {"ref": ref, "row": self.seen_refs[key]},
                )
            elif self.existing.get(municipality, ref) is not None:
                cells.error(
                    "staff_id", _("Medarbejderen «%(ref)s» findes allerede.") % {"ref": ref}
                )
            else:
                self.seen_refs[key] = cells.number
        if username:
            lower = username.lower()
            if lower in self.seen_usernames:
                cells.error(
                    "username",
                    _("Brugernavnet «%(name)s» står allerede i række %(row)s.")
                    % {"name": username, "row": self.seen_usernames[lower]},
                )
            elif lower in self.taken_usernames:
                cells.error(
                    "username",
                    _("Brugernavnet «%(name)s» er allerede i brug.") % {"name": username},
                )
            else:
                self.seen_usernames[lower] = cells.number
        if cells.failed:
            return None
        if team_name and (municipality.pk, team_name.lower()) not in self.teams:
            key = (municipality.pk, team_name.lower())
            if key not in self.new_teams:
                self.new_teams[key] = team_name
                self.warnings.append(
                    Issue(
                        cells.number,
                        "team",
                        _("Teamet «%(name)s» findes ikke og oprettes.") % {"name": team_name},
                    )
                )
        record = {
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "role": role,
            "function": function if role == Role.CASEWORKER else "",
            "municipality": municipality,
            "external_ref": ref,
            "team_name": team_name,
        }
        preview = (
            {}
            if not self.want_preview
            else {
                "staff_id": ref,
                "username": username,
                "name": f"{first_name} {last_name}",
                "role": str(Role(role).label),
                "function": str(Function(function).label) if role == Role.CASEWORKER else "",
                "team": team_name,
            }
        )
        return Planned(cells.number, record, preview)

    def save(self, batch: list[Planned]) -> None:
        # Staff files are small; each row goes through the service that the admin pages use.
        today = self.today
        for planned in batch:
            data = dict(planned.record)
            municipality: Municipality = data["municipality"]
            team_name = data.pop("team_name")
            team = None
            if team_name:
                key = (municipality.pk, team_name.lower())
                team = self.teams.get(key)
                if team is None:
                    team = organisation_services.create_team(
                        actor=self.actor, municipality=municipality, name=team_name
                    )
                    self.teams[key] = team
                    self.counts["teams_created"] += 1
            organisation_services.create_staff(
                actor=self.actor, team=team, start_date=today, **data
            )
            self.counts["created"] += 1
