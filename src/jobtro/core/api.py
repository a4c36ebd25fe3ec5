"""What every router of the JSON API shares (the API itself is jobtro.api).

- ``Id``: every id in a path, a query or a body. Bounded to the database's 64-bit
  integer, so that ``?project_id=99999999999999999999`` answers 422 instead of an
  overflow deep in the database driver (SQLite: OverflowError; PostgreSQL: bigint out
  of range). Ids are BigAutoField (settings.DEFAULT_AUTO_FIELD).
- ``Page``: the one pagination of every list (``limit`` and ``offset``, both bounded).
- ``ApiError``: the body of every error answer, documented on every operation by
  jobtro.api, so that a response outside the published schema is a bug.

A test walks the OpenAPI document and fails on any integer parameter without bounds
(tests/core/test_api_contract.py), so a new endpoint cannot forget them.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

# PostgreSQL bigint and SQLite INTEGER are both signed 64-bit.
BIGINT_MAX = 2**63 - 1

Id = Annotated[int, Field(ge=1, le=BIGINT_MAX)]
"""A database id: 1 … 2⁶³−1; anything else is a 422, never a query."""

MAX_PAGE = 500


class PageInput(LimitOffsetPagination.Input):
    limit: int = Field(settings.PAGE_SIZE, ge=1, le=MAX_PAGE, description="Højst så mange")
    offset: int = Field(0, ge=0, le=BIGINT_MAX, description="Spring så mange over")


class Page(LimitOffsetPagination):
    """``?limit=&offset=`` on every list; the answer is ``{"items": [...], "count": n}``."""

    Input = PageInput


class ApiError(Schema):
    """Every error answer: a sentence, or (422 on bad input) one entry per bad value."""

    detail: str | list[dict[str, Any]] = Field(
        ...,
        description=(
            "En sætning (fx «Not Found»), eller ved 422 én post pr. ugyldig værdi "
            "med «loc» (hvor) og «msg» (hvad)"
        ),
    )
