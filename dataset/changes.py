"""The change log: published level periods and meetings in the order they were last saved.

A client that syncs keeps the position of the last change it read and asks for the changes after
it; a retracted record appears once more, as ``retracted``, so that the client can drop it. Levels
and meetings are read from their own tables in ``updated_at`` order and merged, ties broken by kind
and number, so the order is total and stable.
"""

import base64
import datetime as dt
import heapq
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from events.models import Meeting
from partnerships.models import LevelPeriod
from partnerships.status import Status

PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)


@dataclass(frozen=True)
class Change:
    at: dt.datetime
    record: str
    id: int
    status: str
    summary: str | None

    @property
    def position(self) -> tuple:
        return (self.at, self.record, self.id)

    @property
    def action(self) -> str:
        return "retracted" if self.status == Status.RETRACTED else "published"

    @property
    def url(self) -> str:
        return reverse(f"api:{self.record}-detail", args=[self.id])


def _levels():
    return LevelPeriod.objects.filter(status__in=PUBLIC_STATUSES).with_parties()


def _meetings():
    return Meeting.objects.filter(status__in=PUBLIC_STATUSES)


# Record kinds in their tie-breaking order.
RECORDS = {"level": _levels, "meeting": _meetings}


def _change(record: str, obj) -> Change:
    summary = str(obj) if obj.status == Status.PUBLISHED else None  # a retraction shows nothing of the claim
    return Change(at=obj.updated_at, record=record, id=obj.pk, status=obj.status, summary=summary)


def changes_after(position: tuple | None, *, since: dt.datetime | None, limit: int) -> list[Change]:
    """Up to ``limit`` changes after ``position`` (and at or after ``since``), oldest first."""
    streams = []
    for record, queryset in RECORDS.items():
        records = queryset().order_by("updated_at", "pk")
        if since is not None:
            records = records.filter(updated_at__gte=since)
        if position is not None:
            at, after_record, after_id = position
            if record == after_record:
                records = records.filter(Q(updated_at__gt=at) | Q(updated_at=at, pk__gt=after_id))
            elif record > after_record:
                records = records.filter(updated_at__gte=at)
            else:
                records = records.filter(updated_at__gt=at)
        streams.append([_change(record, obj) for obj in records[:limit]])
    return list(heapq.merge(*streams, key=lambda change: change.position))[:limit]


def latest_published(limit: int) -> list[Change]:
    """The ``limit`` most recently published or corrected records, newest first (the Atom feed)."""
    streams = [
        [_change(record, obj) for obj in queryset().published().order_by("-updated_at", "-pk")[:limit]]
        for record, queryset in RECORDS.items()
    ]
    return list(heapq.merge(*streams, key=lambda change: change.position, reverse=True))[:limit]


def encode_position(change: Change) -> str:
    text = f"{change.at.isoformat()}|{change.record}|{change.id}"
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_position(token: str) -> tuple:
    """The position a token names; ValueError when it is not one this module made."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        at, record, pk = text.split("|")
        position = (dt.datetime.fromisoformat(at), record, int(pk))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("not a position") from exc
    if record not in RECORDS or position[0].tzinfo is None:
        raise ValueError("not a position")
    return position
