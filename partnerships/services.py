"""Writes to a pair's timeline: one function per change, one transaction each.

The admin, the API, the importers and article extraction all record levels through here, so one set
of rules (``full_clean``) and one history entry cover every path.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from core.partial_dates import PartialDate, Precision
from partnerships.models import EndStatus, LevelPeriod, LevelPeriodCitation, Party, Relationship, Tier
from partnerships.status import Status
from sources.models import Source


@dataclass(frozen=True)
class CitationData:
    source: Source
    quote: str = ""
    locator: str = ""


@transaction.atomic
def record_level(
    *,
    first: Party,
    second: Party,
    tier: Tier,
    start: PartialDate | None,
    start_approximate: bool = False,
    wording: str = "",
    change_kind: str = "",
    status: str = Status.DRAFT,
    notes: str = "",
    end: PartialDate | None = None,
    end_status: str | None = None,
    citations: Iterable[CitationData] = (),
    close_previous: bool = True,
) -> LevelPeriod:
    """Record that ``first`` and ``second`` hold ``tier`` from ``start``.

    With ``close_previous`` and a published level, an ongoing published level of the same pair and scheme
    that began earlier is ended on the new start (the usual upgrade). Raises ValidationError, naming the
    field, on any broken rule; nothing is written then.
    """
    relationship, _ = Relationship.objects.get_or_create_pair(first, second)
    # Only a published level changes the public timeline; a draft upgrade ends its predecessor when published.
    if close_previous and start is not None and status == Status.PUBLISHED:
        previous = (
            LevelPeriod.objects.filter(
                relationship=relationship, scheme=tier.scheme_id, end_status=EndStatus.ONGOING
            )
            # An undated earlier level (a source names it without a date) ends when the dated one begins.
            .filter(Q(start_date__lt=start.date) | Q(start_date__isnull=True))
            .published()
            .first()
        )
        if previous is not None:
            previous.end_status = EndStatus.ENDED
            previous.end_date, previous.end_date_precision = start.date, start.precision
            previous.end_approximate = start_approximate
            previous.full_clean()
            previous.save()
    period = LevelPeriod(
        relationship=relationship,
        scheme=tier.scheme,
        tier=tier,
        wording=wording,
        start_date=start.date if start else None,
        start_date_precision=start.precision if start else Precision.UNKNOWN,
        start_approximate=start_approximate,
        end_status=end_status or (EndStatus.ENDED if end else EndStatus.ONGOING),
        end_date=end.date if end else None,
        end_date_precision=end.precision if end else Precision.UNKNOWN,
        change_kind=change_kind,
        status=status,
        notes=notes,
    )
    period.full_clean()
    period.save()
    add_level_citations(period, citations)
    return period


# What a correction may change: the pair is fixed once recorded, citations are added on their own.
_CORRECTABLE = {
    "wording",
    "start_approximate",
    "end_status",
    "end_approximate",
    "change_kind",
    "status",
    "notes",
}
_UNCHANGED = object()


@transaction.atomic
def update_level(
    period: LevelPeriod,
    *,
    tier: Tier | None = None,
    start: PartialDate | None = _UNCHANGED,
    end: PartialDate | None = _UNCHANGED,
    **changes,
) -> LevelPeriod:
    """Correct ``period``: its tier (and with it the scheme), dates and the other fields in ``changes``.

    Fields not given keep their value. An end given without an ``end_status`` ends the level. The same rules
    as ``record_level`` apply (``full_clean``); a broken one raises ValidationError naming the field and
    nothing is written.
    """
    unknown = set(changes) - _CORRECTABLE
    if unknown:
        raise TypeError(f"update_level() cannot change {', '.join(sorted(unknown))}")
    if tier is not None:
        period.tier, period.scheme = tier, tier.scheme
    for side, value in (("start", start), ("end", end)):
        if value is not _UNCHANGED:
            setattr(period, f"{side}_date", value.date if value else None)
            setattr(period, f"{side}_date_precision", value.precision if value else Precision.UNKNOWN)
    if "end_status" not in changes and period.end_date is not None:
        changes["end_status"] = EndStatus.ENDED
    for name, value in changes.items():
        setattr(period, name, value)
    period.full_clean()
    period.save()
    return period


def add_level_citations(period: LevelPeriod, citations: Iterable[CitationData]) -> list[LevelPeriodCitation]:
    created = []
    for data in citations:
        citation = LevelPeriodCitation(
            level_period=period, source=data.source, quote=data.quote, locator=data.locator
        )
        citation.full_clean()
        citation.save()
        created.append(citation)
    return created
