"""Optimistic concurrency: a version number that PostgreSQL raises on every update.

A curator's form (or an API client's ETag) carries the version it was read at; a save with an older
version is refused with what changed meanwhile, so a second editor never silently overwrites the first.
The trigger raises the number whatever path writes the row.
"""

import pgtrigger
from django.db import models


def version_field() -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by the database on every change; used to refuse stale edits.",
    )


def version_bump_trigger() -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name="bump_version",
        operation=pgtrigger.Update,
        when=pgtrigger.Before,
        func="NEW.version := OLD.version + 1; RETURN NEW;",
    )


class StaleVersion(Exception):
    """The record changed since the given version was read."""

    def __init__(self, current_version: int):
        super().__init__(f"The record is now at version {current_version}.")
        self.current_version = current_version


def lock_at_version(model, pk, expected_version: int) -> None:
    """Lock the row for this transaction; raise StaleVersion unless it is still at ``expected_version``."""
    current = model.objects.select_for_update().filter(pk=pk).values_list("version", flat=True).first()
    if current is not None and current != expected_version:
        raise StaleVersion(current)
