"""The access policy, written out per area (tests/core/test_access_matrix.py walks it).

Each module here names its routes in ``POLICY`` (route name → expected status per
role) and may give ``url_values(ctx)``: the values for its URL converters (an
experiment's id, a company's id …), made in the test database for the matrix run.
``ctx`` has ``personas``, ``citizen`` (the caseworker's citizen, referred to the
external partner) and ``team`` (the caseworker's team).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from types import ModuleType
from typing import Any

ROLES = [
    "anonymous",
    "caseworker",
    "colleague",
    "leader",
    "researcher",
    "administrator",
    "external",
    "outsider",
]


def row(anonymous, caseworker, colleague, leader, researcher, administrator, external, outsider):
    return dict(
        zip(
            ROLES,
            [
                anonymous,
                caseworker,
                colleague,
                leader,
                researcher,
                administrator,
                external,
                outsider,
            ],
            strict=True,
        )
    )


STAFF_ALL = row(302, 200, 200, 200, 200, 200, 200, 200)
ADMIN_ONLY = row(302, 404, 404, 404, 404, 200, 404, 404)
API_ALL = row(401, 200, 200, 200, 200, 200, 200, 200)


def area_modules() -> list[ModuleType]:
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]


def area_policies() -> dict[str, dict[str, int]]:
    merged: dict[str, dict[str, int]] = {}
    for module in area_modules():
        for name, expected in module.POLICY.items():
            assert name not in merged, f"{name} has a rule in two policy modules"
            merged[name] = expected
    return merged


def area_value_makers() -> list[Callable[[Any], dict[str, Any]]]:
    return [m.url_values for m in area_modules() if hasattr(m, "url_values")]
