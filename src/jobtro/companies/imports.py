"""Companies import: one row per company (and optionally one contact person), all or
nothing with a dry run, on the framework in citizens.imports.

Columns: name (required); cvr, industry, address, postal_code, city, contact_name,
contact_role, contact_phone, contact_email (optional); and the usual `municipality`.
The rules are those of `services.create_company`: a CVR number, when given, is 8 digits
with a valid modulus-11 check digit and is not already used in the municipality, nor
earlier in the same file.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jobtro.citizens.imports.base import Kind, Planned
from jobtro.citizens.imports.cells import Cells
from jobtro.citizens.imports.reading import Row
from jobtro.core import requestctx
from jobtro.core.models import AuditEvent

from .models import Company, CompanyContact
from .services import clean_cvr, cvr_error


class CompaniesKind(Kind):
    code = "companies"
    label = gettext_lazy("virksomheder")
    required = ("name",)
    optional = (
        "cvr",
        "industry",
        "address",
        "postal_code",
        "city",
        "contact_name",
        "contact_role",
        "contact_phone",
        "contact_email",
    )
    preview_columns = (
        ("name", gettext_lazy("Navn")),
        ("cvr", gettext_lazy("CVR-nummer")),
        ("industry", gettext_lazy("Branche")),
        ("address", gettext_lazy("Adresse")),
        ("contact_name", gettext_lazy("Kontaktperson")),
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seen_cvr: dict[tuple[int, str], int] = {}
        self.existing_cvr: dict[tuple[int, str], str] = {}

    def prefetch(self, rows: list[Row]) -> None:
        numbers = {clean_cvr(r.values.get("cvr", "")) for r in rows} - {""}
        for municipality_id, cvr, name in Company.objects.filter(cvr__in=numbers).values_list(
            "municipality_id", "cvr", "name"
        ):
            self.existing_cvr[(municipality_id, cvr)] = name

    def check(self, cells: Cells) -> Planned | None:
        municipality = self.scope.municipality(cells)
        name = cells.text("name", required=True, max_length=200)
        cvr = clean_cvr(cells.raw("cvr"))
        if message := cvr_error(cvr):
            cells.error("cvr", message)
            cvr = ""
        values = {
            "industry": cells.text("industry", max_length=100),
            "address": cells.text("address", max_length=200),
            "postal_code": cells.text("postal_code", max_length=4),
            "city": cells.text("city", max_length=100),
        }
        if values["postal_code"] and not (
            len(values["postal_code"]) == 4 and values["postal_code"].isdigit()
        ):
            cells.error("postal_code", _("Et postnummer er 4 cifre."))
        contact = {
            "name": cells.text("contact_name", max_length=200),
            "role": cells.text("contact_role", max_length=100),
            "phone": cells.text("contact_phone", max_length=30),
            "email": cells.text("contact_email", max_length=254),
        }
        if contact["email"]:
            try:
                validate_email(contact["email"])
            except ValidationError:
                cells.error(
                    "contact_email",
                    _("«%(value)s» er ikke en gyldig e-mailadresse.")
                    % {"value": contact["email"][:60]},
                )
        if not contact["name"] and any(contact.values()):
            cells.error(
                "contact_name",
                _("Skriv kontaktpersonens navn, når der er telefon, e-mail eller stilling."),
            )
        if municipality is not None and cvr:
            key = (municipality.pk, cvr)
            if key in self.seen_cvr:
                cells.error(
                    "cvr",
                    _("CVR-nummeret står også i række %(row)s.") % {"row": self.seen_cvr[key]},
                )
            elif key in self.existing_cvr:
                cells.error(
                    "cvr",
                    _("CVR-nummeret er allerede registreret for %(name)s.")
                    % {"name": self.existing_cvr[key]},
                )
            else:
                self.seen_cvr[key] = cells.number
        if cells.failed or municipality is None:
            return None
        record = Company(municipality=municipality, name=name, cvr=cvr, **values)
        preview = {
            "name": name,
            "cvr": cvr,
            "industry": values["industry"],
            "address": " ".join(
                v for v in (values["address"], values["postal_code"], values["city"]) if v
            ),
            "contact_name": contact["name"],
        }
        return Planned(
            cells.number, record, preview, {"contact": contact if contact["name"] else None}
        )

    def save(self, batch: list[Planned]) -> None:
        companies = Company.objects.bulk_create([p.record for p in batch])
        if any(c.pk is None for c in companies):  # backends without RETURNING
            raise RuntimeError("bulk_create did not return primary keys")
        contacts = [
            CompanyContact(company=company, **planned.extra["contact"])
            for company, planned in zip(companies, batch, strict=True)
            if planned.extra["contact"]
        ]
        CompanyContact.objects.bulk_create(contacts)
        self._audit_companies(companies)
        self.counts["created"] += len(companies)
        self.counts["contacts"] += len(contacts)

    def _audit_companies(self, companies: list[Company]) -> None:
        user = getattr(self.actor, "user", self.actor)
        has_user = getattr(user, "pk", None) is not None
        ctx = requestctx.current.get()
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    actor=user if has_user else None,
                    actor_username=user.get_username() if has_user else "system",
                    action="companies.company.created",
                    municipality_id_ref=c.municipality_id,
                    target_type=c._meta.label_lower,
                    target_id=str(c.pk),
                    ip_address=ctx.ip_address,
                    via=ctx.via,
                    detail={"import": self.code},
                )
                for c in companies
            ]
        )
