"""Records that are only ever added: the audit log, ratings, survey answers, versions.

The model refuses to save a row twice and to delete one; its queryset refuses bulk
update and delete. Where it matters, a database trigger refuses UPDATE as well (see
the migrations). Restores and test flushes empty tables with SQL, not through here.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from django.db import models


class AppendOnlyError(PermissionError):
    pass


_M = TypeVar("_M", bound="AppendOnlyModel")


class AppendOnlyQuerySet(models.QuerySet[_M]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(self.model.change_refused)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(self.model.delete_refused)


class AppendOnlyModel(models.Model):
    change_refused: ClassVar[str] = "Posten kan ikke ændres"
    delete_refused: ClassVar[str] = "Posten kan ikke slettes"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(self.change_refused)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(self.delete_refused)
