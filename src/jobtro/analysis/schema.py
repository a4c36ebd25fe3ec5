"""The research data folder's tables and columns, schema ``jobtro-research/1``.

Kept apart from :mod:`jobtro.analysis.io` so that the database export can share it
without importing pandas.
"""

from __future__ import annotations

SCHEMA = "jobtro-research/1"
BELIEF_ITEM = "belief_job_1y"
EVENT_KINDS = ("job", "flexjob", "education")

# Required and optional tables. ``experiments`` and ``sparring`` are optional
# additions documented in docs/research-schema.md (beside the contract in docs/contracts.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "citizens": (
        "citizen_id",
        "municipality_id",
        "birth_year",
        "gender",
        "target_group",
        "education",
        "enrolled_on",
    ),
    "staff": ("staff_id", "team_id", "municipality_id"),
    "assignments": ("citizen_id", "staff_id", "start_date", "end_date"),
    "ratings": (
        "citizen_id",
        "rater_id",
        "rater_type",
        "item_id",
        "value",
        "rated_on",
        "instrument",
    ),
    "outcomes": ("citizen_id", "kind", "start_date"),
    "general_belief": ("staff_id", "item_id", "value", "answered_on"),
    "contacts": ("citizen_id", "staff_id", "date", "form"),
    "actions": ("citizen_id", "kind", "start_date", "end_date"),
    "experiments": ("experiment_id", "team_id", "role", "start_date", "end_date"),
    "sparring": (
        "citizen_id",
        "staff_id",
        "date",
        "before_value",
        "after_value",
        "before_date",
        "after_date",
    ),
}
# Columns added to a table after it first shipped: a reader accepts a folder without
# them (older exports) and falls back to the old rule. ``sparring``: the case owner's
# own before/after belief ratings, linked by the session (empty when not recorded).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "sparring": ("before_value", "after_value", "before_date", "after_date"),
}
REQUIRED = ("citizens", "staff", "assignments", "ratings", "outcomes")
