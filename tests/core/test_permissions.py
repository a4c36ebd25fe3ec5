"""The role table is data, and the docs print exactly that data."""

from __future__ import annotations

import re
from pathlib import Path

from jobtro.core import access
from jobtro.core.access import PERMISSIONS, Permission
from jobtro.organisations.models import Role

DOCS = Path(__file__).resolve().parents[2] / "docs" / "adgang-og-sikkerhed.md"
BLOCK = re.compile(r"<!-- permissions:start -->\n(.*?)\n<!-- permissions:end -->", re.S)


def test_the_docs_print_the_role_table_as_the_code_has_it():
    match = BLOCK.search(DOCS.read_text(encoding="utf-8"))
    assert match is not None, "docs/adgang-og-sikkerhed.md lost its permissions block"
    assert match.group(1) == access.permission_table_markdown()


def test_every_role_has_a_row_and_every_permission_belongs_to_a_role():
    assert set(PERMISSIONS) == set(Role)
    assert set().union(*PERMISSIONS.values()) == set(Permission)


def test_a_role_sees_citizens_through_at_most_one_scope():
    from jobtro.citizens.policy import CITIZEN_SCOPES

    for role, held in PERMISSIONS.items():
        assert len(held & set(CITIZEN_SCOPES)) <= 1, role


def test_an_outsider_without_staff_holds_no_permission(django_user_model, db):
    user = django_user_model.objects.create_user("nobody", password="x")
    assert access.permissions_of(user) == frozenset()
    assert not access.has(user, Permission.CITIZEN_NAMES)


def test_a_researcher_never_sees_names(researcher):
    assert not access.shows_names(researcher.user)
    assert not access.has(researcher, Permission.STAFF_NAMES)
