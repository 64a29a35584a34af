"""Every change to curated records, kept by PostgreSQL triggers (django-pghistory).

Triggers record inserts, updates and deletes whatever path wrote them (admin, API, imports, bulk
updates, raw SQL), so history cannot be bypassed. Each event carries its context: the user and URL of
the request (HistoryMiddleware), or the command that ran, and an optional reason.
"""

from dataclasses import dataclass, field

import pghistory
import pgtrigger
from django.contrib.auth import get_user_model
from django.db import transaction

# Kept out of snapshots: derived by the database (generated columns) or by Django on every save.
_NOT_SNAPSHOT = ("updated_at",)

# Set (transaction-local) to "on" while statements that write their own events run: the set-based
# import's ``INSERT … RETURNING`` writes each event in the same statement (dataset.importing.history).
STATEMENT_HISTORY = "entente.history_by_statement"
# In the trigger's WHEN clause, so a row the statement keeps itself costs no trigger call at all.
_UNLESS_STATEMENT_HISTORY = f"current_setting('{STATEMENT_HISTORY}', true) IS DISTINCT FROM 'on'"


class _AnyChangeUnless(pgtrigger.AnyChange):
    """pghistory's default update condition (a tracked field changed), unless the statement keeps it."""

    def resolve(self, model) -> str:
        return f"{_UNLESS_STATEMENT_HISTORY} AND ({super().resolve(model)})"


def tracked(*, exclude: tuple[str, ...] = (), written_in_bulk: bool = False):
    """Class decorator: snapshot the model on insert, update and delete.

    ``written_in_bulk``: the set-based import writes the model's rows and their events in one statement;
    the triggers stand aside while it does (``STATEMENT_HISTORY``), and record every other write.
    """
    if not written_in_bulk:
        events = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
    else:
        events = (
            pghistory.InsertEvent(condition=pgtrigger.Condition(_UNLESS_STATEMENT_HISTORY)),
            pghistory.UpdateEvent(condition=_AnyChangeUnless()),
            pghistory.DeleteEvent(condition=pgtrigger.Condition(_UNLESS_STATEMENT_HISTORY)),
        )
    return pghistory.track(*events, exclude=[*_NOT_SNAPSHOT, *exclude])


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    event: object
    when: object
    who: str
    action: str
    reason: str
    source: str
    changes: list[Change] = field(default_factory=list)
    record: str = ""
    tracked_model: type | None = None
    own: bool = True


def _snapshot_fields(event_model) -> list:
    tracked_model = event_model.pgh_tracked_model
    names = {f.name for f in event_model._meta.fields}
    return [
        f
        for f in tracked_model._meta.concrete_fields
        if f.name in names and not f.primary_key and f.name not in ("version",) and not f.generated
    ]


def _display(field, value, related: dict) -> str:
    if value is None or value == "":
        return "—"
    if field.is_relation:
        return str(related.get((field.related_model, value), f"#{value}"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "—"
    return str(value)


def describe(events: list) -> list[HistoryEntry]:
    """Readable entries, oldest first, each with the fields it changed from the record's previous snapshot."""
    # Events of one transaction share a timestamp; within a table pgh_id gives their order.
    events = sorted(events, key=lambda event: (event.pgh_created_at, event.pgh_id))
    related_ids: dict = {}
    for event in events:
        for f in _snapshot_fields(type(event)):
            if f.is_relation and getattr(event, f.attname) is not None:
                related_ids.setdefault(f.related_model, set()).add(getattr(event, f.attname))
    related = {
        (model, pk): obj
        for model, ids in related_ids.items()
        for pk, obj in model.objects.in_bulk(ids).items()
    }
    user_ids = {
        event.pgh_context.metadata.get("user")
        for event in events
        if event.pgh_context_id and event.pgh_context
    }
    users = {
        user.pk: user.get_username() for user in get_user_model().objects.filter(pk__in=user_ids - {None})
    }
    previous: dict = {}
    entries = []
    for event in events:
        fields = _snapshot_fields(type(event))
        key = (type(event), event.pgh_obj_id)
        before = previous.get(key)
        metadata = event.pgh_context.metadata if event.pgh_context_id and event.pgh_context else {}
        entry = HistoryEntry(
            event=event,
            when=event.pgh_created_at,
            who=users.get(metadata.get("user"), "") or metadata.get("command", "") or "database",
            action=event.pgh_label,
            reason=metadata.get("reason", ""),
            source=metadata.get("url", "") or metadata.get("command", ""),
            record=f"{type(event).pgh_tracked_model._meta.verbose_name} #{event.pgh_obj_id}",
            tracked_model=type(event).pgh_tracked_model,
        )
        if event.pgh_label == "delete":
            # What was deleted, as it last stood.
            entry.changes = [
                Change(str(f.verbose_name), "", _display(f, getattr(event, f.attname), related))
                for f in fields
                if getattr(event, f.attname) not in (None, "", [])
            ]
        else:
            for f in fields:
                new = getattr(event, f.attname)
                old = getattr(before, f.attname) if before is not None else None
                if before is None and (new is None or new == "" or new == []):
                    continue
                if before is None or old != new:
                    entry.changes.append(
                        Change(
                            str(f.verbose_name),
                            _display(f, old, related) if before else "",
                            _display(f, new, related),
                        )
                    )
        previous[key] = event
        entries.append(entry)
    return entries


def events_of(model, pk, includes: tuple = ()) -> list:
    """The events of one record, and those of its dependent rows (``includes``: (model, foreign key name))."""
    events = list(model.pgh_event_model.objects.filter(pgh_obj_id=pk).select_related("pgh_context"))
    for child_model, fk_name in includes:
        child_events = child_model.pgh_event_model.objects.filter(**{f"{fk_name}_id": pk})
        events += list(child_events.select_related("pgh_context"))
    return events


def changes_since(model, pk, version: int) -> list[HistoryEntry]:
    """What was saved to the record after ``version`` was read (for stale-edit messages)."""
    events = events_of(model, pk)
    entries = describe(events)
    return [entry for entry in entries if getattr(entry.event, "version", 0) > version]


def deleted_records(model) -> list:
    """Delete events of ``model`` whose record does not exist now, newest first."""
    event_model = model.pgh_event_model
    deletions = (
        event_model.objects.filter(pgh_label="delete").select_related("pgh_context").order_by("-pgh_id")
    )
    live = set(model.objects.filter(pk__in=deletions.values("pgh_obj_id")).values_list("pk", flat=True))
    seen, result = set(), []
    for event in deletions:
        if event.pgh_obj_id not in live and event.pgh_obj_id not in seen:
            seen.add(event.pgh_obj_id)
            result.append(event)
    return result


@transaction.atomic
def restore(event, *, user=None, includes: tuple = ()):
    """Put the record back as ``event`` snapshot it; recreate it if deleted, with the dependent rows deleted
    along with it (``includes``). The restore is itself recorded, with its reason."""
    model = type(event).pgh_tracked_model
    when = event.pgh_created_at.strftime("%Y-%m-%d %H:%M")
    reason = f"restored the version of {when} (event {event.pgh_id})"
    with pghistory.context(reason=reason, user=user.pk if user else None):
        obj = model.objects.filter(pk=event.pgh_obj_id).first() or model(pk=event.pgh_obj_id)
        for f in _snapshot_fields(type(event)):
            setattr(obj, f.attname, getattr(event, f.attname))
        obj.full_clean()
        obj.save()
        if event.pgh_label == "delete" and event.pgh_context_id:
            for child_model, fk_name in includes:
                deleted_with_it = child_model.pgh_event_model.objects.filter(
                    pgh_label="delete", pgh_context_id=event.pgh_context_id, **{f"{fk_name}_id": obj.pk}
                )
                for child_event in deleted_with_it:
                    restore(child_event)
    return obj
