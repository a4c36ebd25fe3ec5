"""The six import kinds: their columns, the rules for one row, and how a batch is saved.

Each kind checks a row with exactly the rules of the matching service in
`citizens.services` / `organisations.services` (not in the future, end after start,
one open assignment per citizen and no overlaps, CPR only as a keyed hash, …), against
the database and against the rows earlier in the same file. Saving happens only after
every row has passed, in batches (`bulk_create`), with one audit event per record as
the services write them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.core import requestctx
from jobtro.core.cpr import InvalidCpr, hash_cpr, parse_cpr
from jobtro.core.models import AuditEvent
from jobtro.organisations import services as organisation_services
from jobtro.organisations.models import Function, Municipality, Role, Staff, Team

from ..models import (
    Action,
    ActionKind,
    Assignment,
    Citizen,
    Contact,
    ContactForm,
    Education,
    Gender,
    Outcome,
    OutcomeKind,
    Provider,
    TargetGroup,
)
from .cells import Cells, Issue, Lookup, Scope, choices_of
from .reading import Row


@dataclass
class Planned:
    """One row that passed: what will be saved, and how it looks in the preview."""

    row: int
    record: Any
    preview: dict[str, str]
    extra: dict[str, Any] = field(default_factory=dict)


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _period(start: dt.date, end: dt.date | None) -> str:
    return f"{_day(start)}–{_day(end) if end else _('nu')}"


class Kind:
    code: ClassVar[str]
    label: ClassVar[Any]
    required: ClassVar[tuple[str, ...]]
    optional: ClassVar[tuple[str, ...]]
    preview_columns: ClassVar[tuple[tuple[str, Any], ...]]

    def __init__(self, *, scope: Scope, actor: Any) -> None:
        self.scope = scope
        self.actor = actor
        self.warnings: list[Issue] = []
        self.counts: dict[str, int] = defaultdict(int)

    @classmethod
    def columns(cls) -> tuple[str, ...]:
        return (*cls.required, *cls.optional, "municipality")

    def prefetch(self, rows: list[Row]) -> None:
        """Fetch what the rows of one chunk refer to, in a few queries."""

    def check(self, cells: Cells) -> Planned | None:
        raise NotImplementedError

    def save(self, batch: list[Planned]) -> None:
        raise NotImplementedError

    # --- helpers shared by the kinds ---------------------------------------------

    def _audit_created(
        self, action: str, records: Iterable[Any], *, citizens: dict[int, Citizen] | None = None
    ) -> None:
        """One audit event per created record, as `audit.log` writes it, in one statement."""
        user = getattr(self.actor, "user", self.actor)
        has_user = getattr(user, "pk", None) is not None
        ctx = requestctx.current.get()
        events = []
        for record in records:
            citizen = (
                record if isinstance(record, Citizen) else (citizens or {}).get(record.citizen_id)
            )
            events.append(
                AuditEvent(
                    actor=user if has_user else None,
                    actor_username=user.get_username() if has_user else "system",
                    action=action,
                    municipality_id_ref=citizen.municipality_id if citizen else None,
                    citizen_id_ref=citizen.pk if citizen else None,
                    citizen_pseudonym=citizen.pseudonym if citizen else "",
                    target_type=record._meta.label_lower,
                    target_id=str(record.pk),
                    ip_address=ctx.ip_address,
                    via=ctx.via,
                    detail={"import": self.code},
                )
            )
        AuditEvent.objects.bulk_create(events)


class _CitizenRefs:
    """Mixin: resolve citizen_id (and staff_id) to rows of the importing municipality."""

    def _init_refs(self) -> None:
        self.citizens = Lookup(Citizen.objects.all(), "pk", "pseudonym")
        self.staff = Lookup(Staff.objects.all(), "pk", "role")
        # staff_id may also be the login name in Jobtro, for staff created by hand.
        self.usernames = Lookup(Staff.objects.all(), "pk", "role", key="user__username")

    def _prefetch_refs(self, rows: list[Row], *, staff: bool) -> list[int]:
        """Resolve the chunk's ids; the primary keys of the citizens it names."""
        refs = [r.values.get("citizen_id", "").strip() for r in rows]
        self.citizens.prefetch(refs)
        if staff:
            staff_refs = [r.values.get("staff_id", "").strip() for r in rows]
            self.staff.prefetch(staff_refs)
            self.usernames.prefetch(staff_refs)
        return [value[0] for value in self.citizens.values_for(refs)]

    def _citizen(self, cells: Cells, municipality: Municipality | None) -> Citizen | None:
        ref = cells.text("citizen_id", required=True, max_length=64)
        if not ref or municipality is None:
            return None
        found = self.citizens.get(municipality, ref)
        if found is None:
            cells.error(
                "citizen_id",
                _(
                    "Ukendt borger: «%(ref)s» findes ikke i %(municipality)s. Importér borgerne først."
                )
                % {"ref": ref, "municipality": municipality.name},
            )
            return None
        pk, pseudonym = found
        # A light stand-in: the audit log needs pk, pseudonym and municipality only.
        return Citizen(
            pk=pk, pseudonym=pseudonym, municipality_id=municipality.pk, external_ref=ref
        )

    def _staff(self, cells: Cells, municipality: Municipality | None) -> tuple[int, str] | None:
        ref = cells.text("staff_id", required=True, max_length=64)
        if not ref or municipality is None:
            return None
        found = self.staff.get(municipality, ref) or self.usernames.get(municipality, ref)
        if found is None:
            cells.error(
                "staff_id",
                _("Ukendt medarbejder: «%(ref)s» findes ikke i %(municipality)s.")
                % {"ref": ref, "municipality": municipality.name},
            )
            return None
        return found


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
                if born > timezone.localdate():
                    cells.error("cpr", _("Ugyldigt CPR-nummer: fødselsdatoen ligger i fremtiden."))
                elif born.year < 1900:
                    cells.error("cpr", _("Ugyldigt CPR-nummer: fødselsåret ligger før 1900."))
        this_year = timezone.localdate().year
        birth_year = cells.integer("birth_year", low=1900, high=this_year)
        if birth_year is None and born is not None:
            birth_year = born.year
        elif birth_year is not None and born is not None and birth_year != born.year:
            cells.error("birth_year", _("Fødselsåret passer ikke med CPR-nummeret."))
        elif birth_year is None and not cells.raw("birth_year") and not raw_cpr:
            cells.error("birth_year", _("Fødselsåret mangler (udfyld birth_year eller cpr)."))
        gender = cells.code("gender", self.genders, what=_("køn"), valid=["k", "m"])
        education = cells.code("education", self.educations, what=_("uddannelse"))
        group = cells.code(
            "target_group",
            self.target_groups,
            required=True,
            what=_("målgruppe"),
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
        preview = {
            "citizen_id": ref,
            "name": name,
            "cpr": _("ja (kun som nøgle)") if cpr_hash else "",
            "birth_year": str(birth_year),
            "gender": citizen.get_gender_display() if gender else "",
            "target_group": group.name,
            "education": citizen.get_education_display(),
            "enrolled_on": _day(enrolled_on),
        }
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
        role = cells.code("role", self.roles, required=True, what=_("rolle"))
        function = cells.code("function", self.functions, what=_("funktion")) or ""
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
        preview = {
            "staff_id": ref,
            "username": username,
            "name": f"{first_name} {last_name}",
            "role": str(Role(role).label),
            "function": str(Function(function).label) if role == Role.CASEWORKER else "",
            "team": team_name,
        }
        return Planned(cells.number, record, preview)

    def save(self, batch: list[Planned]) -> None:
        # Staff files are small; each row goes through the service that the admin pages use.
        today = timezone.localdate()
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


# --- assignments ----------------------------------------------------------------------


@dataclass
class _Period:
    start: dt.date
    end: dt.date | None
    caseworker_id: int
    pk: int | None = None  # in the database
    row: int | None = None  # in the file

    def overlaps(self, start: dt.date, end: dt.date | None) -> bool:
        far = dt.date.max
        return self.start <= (end or far) and start <= (self.end or far)


class AssignmentsKind(_CitizenRefs, Kind):
    code = "assignments"
    label = gettext_lazy("sagsbehandlertilknytninger")
    required = ("citizen_id", "staff_id", "start_date")
    optional = ("end_date",)
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("staff_id", gettext_lazy("Sagsbehandler")),
        ("start_date", gettext_lazy("Fra")),
        ("end_date", gettext_lazy("Til")),
        ("note", gettext_lazy("Bemærkning")),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._init_refs()
        self.periods: dict[int, list[_Period]] = {}
        self.closures: list[tuple[int, dt.date, Citizen]] = []

    def prefetch(self, rows: list[Row]) -> None:
        pks = set(self._prefetch_refs(rows, staff=True)) - self.periods.keys()
        for pk in pks:
            self.periods[pk] = []
        for citizen_id, caseworker_id, start, end, pk in Assignment.objects.filter(
            citizen_id__in=pks
        ).values_list("citizen_id", "caseworker_id", "start_date", "end_date", "pk"):
            self.periods[citizen_id].append(_Period(start, end, caseworker_id, pk=pk))

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        staff = self._staff(cells, municipality)
        if staff is not None and staff[1] != Role.CASEWORKER:
            cells.error("staff_id", _("Medarbejderen er ikke sagsbehandler i borgerens kommune."))
        start = cells.date("start_date", required=True)
        end = cells.date("end_date")
        if start and end and end < start:
            cells.error("end_date", _("Slutdatoen ligger før startdatoen."))
        if cells.failed or citizen is None or staff is None or start is None:
            return None
        note = ""
        periods = self.periods[citizen.pk]
        closing: _Period | None = None
        for p in periods:
            if p.caseworker_id == staff[0] and p.start == start:
                cells.error(
                    "start_date",
                    _("Tilknytningen står allerede i række %(row)s.") % {"row": p.row}
                    if p.row
                    else _("Tilknytningen findes allerede."),
                )
                return None
        for p in periods:
            effective_end = p.end
            # The rule of services.assign_caseworker: the open assignment from before
            # ends the day before the new one starts.
            if p.pk is not None and p.end is None and p.start < start:
                if p.caseworker_id == staff[0] and end is None:
                    cells.error("staff_id", _("Borgeren har allerede denne sagsbehandler."))
                    return None
                closing = p
                effective_end = start - dt.timedelta(days=1)
            if _Period(p.start, effective_end, 0).overlaps(start, end):
                where = _(", række %(row)s") % {"row": p.row} if p.row else ""
                cells.error(
                    "start_date",
                    _("Perioden overlapper en anden tilknytning (%(period)s%(where)s).")
                    % {"period": _period(p.start, effective_end), "where": where},
                )
                return None
        if closing is not None:
            closing.end = start - dt.timedelta(days=1)
            self.closures.append((closing.pk, closing.end, citizen))
            note = _("Den åbne tilknytning fra %(start)s afsluttes %(end)s.") % {
                "start": _day(closing.start),
                "end": _day(closing.end),
            }
        periods.append(_Period(start, end, staff[0], row=cells.number))
        record = Assignment(
            citizen_id=citizen.pk, caseworker_id=staff[0], start_date=start, end_date=end
        )
        preview = {
            "citizen_id": citizen.external_ref,
            "staff_id": cells.raw("staff_id"),
            "start_date": _day(start),
            "end_date": _day(end),
            "note": note,
        }
        return Planned(cells.number, record, preview, {"citizen": citizen})

    def save(self, batch: list[Planned]) -> None:
        # Close the open assignments first: one open assignment per citizen is a constraint.
        for pk, end, citizen in self.closures:
            Assignment.objects.filter(pk=pk).update(end_date=end)
            event = Assignment(pk=pk, citizen_id=citizen.pk)
            self._audit_created(
                "citizens.assignment.ended", [event], citizens={citizen.pk: citizen}
            )
            self.counts["closed"] += 1
        self.closures = []
        created = Assignment.objects.bulk_create([p.record for p in batch])
        self._audit_created(
            "citizens.assignment.created",
            created,
            citizens={p.extra["citizen"].pk: p.extra["citizen"] for p in batch},
        )
        self.counts["created"] += len(created)


# --- contacts, actions, outcomes ---------------------------------------------------------


class _EventKind(_CitizenRefs, Kind):
    """A dated record of a citizen; a second identical row (in the file or the database) is a duplicate."""

    model: ClassVar[type]
    key_fields: ClassVar[tuple[str, ...]]
    audit_action: ClassVar[str]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._init_refs()
        self.seen: dict[tuple[Any, ...], int] = {}
        self.existing: set[tuple[Any, ...]] = set()

    def prefetch(self, rows: list[Row]) -> None:
        pks = self._prefetch_refs(rows, staff="staff_id" in self.required)
        self.existing = set(
            self.model.objects.filter(citizen_id__in=pks).values_list(*self.key_fields)
        )

    def _duplicate(self, cells: Cells, key: tuple[Any, ...], column: str) -> bool:
        if key in self.seen:
            cells.error(
                column, _("Rækken er en gentagelse af række %(row)s.") % {"row": self.seen[key]}
            )
            return True
        if key in self.existing:
            cells.error(column, _("Det samme er allerede registreret for borgeren."))
            return True
        self.seen[key] = cells.number
        return False

    def save(self, batch: list[Planned]) -> None:
        created = self.model.objects.bulk_create([p.record for p in batch])
        self._audit_created(
            self.audit_action,
            created,
            citizens={p.extra["citizen"].pk: p.extra["citizen"] for p in batch},
        )
        self.counts["created"] += len(created)


class ContactsKind(_EventKind):
    code = "contacts"
    label = gettext_lazy("samtaler")
    required = ("citizen_id", "staff_id", "date", "form")
    optional = ()
    model = Contact
    key_fields = ("citizen_id", "staff_id", "date", "form")
    audit_action = "citizens.contact.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("staff_id", gettext_lazy("Medarbejder")),
        ("date", gettext_lazy("Dato")),
        ("form", gettext_lazy("Form")),
    )
    forms = choices_of(
        ContactForm.choices,
        aliases={"fremmode": "fremmøde", "virksomhedsbesøg": "virksomhed", "hjemmebesøg": "hjem"},
    )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        staff = self._staff(cells, municipality)
        date = cells.date("date", required=True)
        form = cells.code("form", self.forms, required=True, what=_("samtaleform"))
        if cells.failed or citizen is None or staff is None or date is None:
            return None
        if self._duplicate(cells, (citizen.pk, staff[0], date, form), "date"):
            return None
        record = Contact(citizen_id=citizen.pk, staff_id=staff[0], date=date, form=form)
        preview = {
            "citizen_id": citizen.external_ref,
            "staff_id": cells.raw("staff_id"),
            "date": _day(date),
            "form": str(ContactForm(form).label),
        }
        return Planned(cells.number, record, preview, {"citizen": citizen})


class ActionsKind(_EventKind):
    code = "actions"
    label = gettext_lazy("indsatser")
    required = ("citizen_id", "kind", "start_date")
    optional = ("end_date", "provider", "provider_name")
    model = Action
    key_fields = ("citizen_id", "kind_id", "start_date")
    audit_action = "citizens.action.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("kind", gettext_lazy("Indsats")),
        ("start_date", gettext_lazy("Fra")),
        ("end_date", gettext_lazy("Til")),
        ("provider", gettext_lazy("Udbyder")),
        ("provider_name", gettext_lazy("Udbyders navn")),
    )
    providers = choices_of(Provider.choices, aliases={"intern": "internal", "ekstern": "external"})

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kinds: dict[str, ActionKind] = {}
        for kind in ActionKind.objects.filter(is_active=True):
            self.kinds[kind.code.lower()] = kind
            self.kinds[kind.name.lower()] = kind

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        kind = cells.code(
            "kind",
            self.kinds,
            required=True,
            what=_("indsatstype"),
            valid=[k.code for k in self.kinds.values()],
        )
        start = cells.date("start_date", required=True)
        end = cells.date("end_date", not_future=False)
        if start and end and end < start:
            cells.error("end_date", _("Slutdatoen ligger før startdatoen."))
        provider = cells.code("provider", self.providers, what=_("udbyder"))
        provider_name = cells.text("provider_name", max_length=150, free_text=True)
        if provider is None:
            provider = Provider.EXTERNAL if provider_name else Provider.INTERNAL
        if cells.failed or citizen is None or kind is None or start is None:
            return None
        if self._duplicate(cells, (citizen.pk, kind.pk, start), "start_date"):
            return None
        record = Action(
            citizen_id=citizen.pk,
            kind=kind,
            start_date=start,
            end_date=end,
            provider=provider,
            provider_name=provider_name,
        )
        preview = {
            "citizen_id": citizen.external_ref,
            "kind": kind.name,
            "start_date": _day(start),
            "end_date": _day(end),
            "provider": str(Provider(provider).label),
            "provider_name": provider_name,
        }
        return Planned(cells.number, record, preview, {"citizen": citizen})


class OutcomesKind(_EventKind):
    code = "outcomes"
    label = gettext_lazy("udfald")
    required = ("citizen_id", "kind", "start_date")
    optional = ()
    model = Outcome
    key_fields = ("citizen_id", "kind", "start_date")
    audit_action = "citizens.outcome.created"
    preview_columns = (
        ("citizen_id", gettext_lazy("Sags-id")),
        ("kind", gettext_lazy("Udfald")),
        ("start_date", gettext_lazy("Dato")),
    )
    kinds = choices_of(
        OutcomeKind.choices,
        aliases={
            "job": "job",
            "ordinaert job": "job",
            "fleksjob": "flexjob",
            "uddannelse": "education",
            "andet": "other",
        },
    )

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        citizen = self._citizen(cells, municipality)
        kind = cells.code("kind", self.kinds, required=True, what=_("udfald"))
        start = cells.date("start_date", required=True)
        if cells.failed or citizen is None or kind is None or start is None:
            return None
        if self._duplicate(cells, (citizen.pk, kind, start), "start_date"):
            return None
        record = Outcome(citizen_id=citizen.pk, kind=kind, start_date=start)
        preview = {
            "citizen_id": citizen.external_ref,
            "kind": str(OutcomeKind(kind).label),
            "start_date": _day(start),
        }
        return Planned(cells.number, record, preview, {"citizen": citizen})


KINDS: dict[str, type[Kind]] = {
    k.code: k
    for k in (CitizensKind, StaffKind, AssignmentsKind, ContactsKind, ActionsKind, OutcomesKind)
}
