"""One registry of audit action names (issue 13): used, documented, filterable."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

import jobtro
from jobtro.core import audit
from jobtro.core.audit_actions import ACTIONS, CITIZENS_SHOWN, UnknownAuditAction
from jobtro.core.models import AuditEvent

SRC = Path(jobtro.__file__).parent
REGISTRY = SRC / "core" / "audit_actions.py"
DOC = SRC.parent.parent / "docs" / "adgang-og-sikkerhed.md"
DOTTED = re.compile(r"^[a-z][a-z_]*\.[a-z][a-z_]*\.[a-z][a-z_]*$")
FILE_ENDINGS = (".yaml", ".json", ".html", ".csv", ".txt", ".py")


def action_names_in_the_code() -> dict[str, str]:
    """Every string in src that reads as an action: area.object.verb where the area is
    one of Jobtro's apps (which also catches names kept in a variable or a class
    attribute before they reach audit.log), and every literal passed as ``action=``."""
    labels = {c.label for c in apps.get_app_configs() if c.name.startswith("jobtro.")}
    found: dict[str, str] = {}
    for file in SRC.rglob("*.py"):
        if "migrations" in file.parts or file == REGISTRY:
            continue
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            literals: list[ast.AST] = []
            if isinstance(node, ast.Constant):
                literals = [node]
            elif isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg == "action" and isinstance(keyword.value, ast.Constant):
                        literals.append(keyword.value)
            for literal in literals:
                value = literal.value
                if not isinstance(value, str) or value.endswith(FILE_ENDINGS):
                    continue
                if DOTTED.match(value) and value.split(".")[0] in labels:
                    found[value] = str(file.relative_to(SRC))
    return found


def test_every_action_used_in_the_code_is_registered():
    used = action_names_in_the_code()
    missing = {name: where for name, where in used.items() if name not in ACTIONS}
    assert not missing, f"Add these to jobtro.core.audit_actions.ACTIONS: {missing}"
    assert len(used) >= 90


def test_every_registered_action_is_used_somewhere():
    used = set(action_names_in_the_code()) | {CITIZENS_SHOWN}
    assert not sorted(set(ACTIONS) - used)


def test_every_action_has_a_danish_and_an_english_description():
    for name, description in ACTIONS.items():
        with translation.override("da"):
            danish = str(description)
        with translation.override("en"):
            english = str(description)
        assert danish and english != danish, name


def test_the_documentation_lists_every_action():
    doc = DOC.read_text(encoding="utf-8")
    assert not [name for name in ACTIONS if f"`{name}`" not in doc]


def test_an_unknown_action_is_refused_by_log_and_by_a_bulk_insert(caseworker):
    before = AuditEvent.objects.count()
    with pytest.raises(
        UnknownAuditAction, match=r"Ukendt revisionshandling 'belief\.ratng\.created'"
    ):
        audit.log(actor=caseworker, action="belief.ratng.created")
    with pytest.raises(UnknownAuditAction):
        AuditEvent.objects.bulk_create([AuditEvent(action="test.event")])
    assert AuditEvent.objects.count() == before


def test_administrator_filters_the_log_by_action_with_its_description(
    client, administrator, caseworker, citizen
):
    client.force_login(caseworker.user)
    client.get(reverse("citizens:detail", args=[citizen.pk]))
    client.get(reverse("core:home"))
    client.force_login(administrator.user)
    page = client.get(reverse("core:audit"), {"action": "citizens.citizen.viewed"}).content
    html = page.decode()
    assert "Borgerens side åbnet" in html  # the description, in the select and the row
    rows = html.split("<tbody>")[1]
    assert "citizens.citizen.viewed" in rows and "citizens.citizen.created" not in rows


def test_administrator_finds_a_citizen_named_in_a_list_event(
    client, administrator, caseworker, citizen, target_group
):
    from jobtro.citizens.services import assign_caseworker, create_citizen

    other = create_citizen(
        actor=None,
        municipality=caseworker.municipality,
        birth_year=1975,
        target_group=target_group,
        enrolled_on=citizen.enrolled_on,
    )
    assign_caseworker(
        actor=None, citizen=other, caseworker=caseworker, start_date=other.enrolled_on
    )
    client.force_login(caseworker.user)
    client.get(reverse("core:home"))
    client.force_login(administrator.user)
    rows = (
        client.get(reverse("core:audit"), {"q": other.pseudonym, "action": CITIZENS_SHOWN})
        .content.decode()
        .split("<tbody>")[1]
    )
    assert other.pseudonym in rows and citizen.pseudonym in rows and "GET /" in rows
    export = client.get(reverse("core:audit_export"), {"q": other.pseudonym})
    body = b"".join(export.streaming_content).decode()
    assert body.splitlines()[0].endswith("borgere,metode,side,sidenavn")
    assert CITIZENS_SHOWN in body and "core:home" in body


def test_an_unknown_action_in_the_search_is_a_danish_error_and_shows_nothing(
    client, administrator, caseworker, citizen
):
    client.force_login(administrator.user)
    page = client.get(reverse("core:audit"), {"action": "findes.ikke.her"}).content.decode()
    assert "Handlingen findes.ikke.her findes ikke i revisionsloggen." in page
    assert "Ingen hændelser." in page
