"""The cited starter dataset of China's partnerships (shared/data/china_partnerships.csv) on the ladder.

A row is placed on the tier its wording names; rows that cannot be placed are reported by name."""

import csv
import re
from collections import Counter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from core.partial_dates import PartialDate
from dataset.demo.report import LoadReport, kind_of_publisher
from partnerships.models import LevelPeriod, Party, Relationship, Tier
from partnerships.services import CitationData, record_level
from partnerships.status import Status
from partnerships.wording import TierVocabulary
from sources.models import Source

CHINA_SCHEMES = ("cn", "cn-community")

_TITLE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\)\s*$")


def find_partner(name: str, iso2: str) -> Party | None:
    """The party a dataset row names: by ISO code, else by name or alias, else by the name before "(…)"."""
    if iso2:
        return Party.objects.filter(code=iso2.upper()).first()
    for candidate in (name, name.split("(")[0]):
        party = Party.objects.by_name(candidate).first()
        if party:
            return party
    return None


def source_for_row(row: dict, counts: Counter) -> Source:
    url = row["source_url"].strip()
    existing = Source.objects.matching_url(url).first() if url else None
    if existing:
        return existing
    source = Source(url=url, title=row["source_title"].strip(), publisher=row["source_publisher"].strip())
    source.kind = kind_of_publisher(source.publisher)
    if match := _TITLE_DATE.search(source.title):
        published = PartialDate.parse(match.group(1))
        source.published_on, source.published_on_precision = published.date, published.precision
    source.full_clean()
    source.save()
    counts["sources created"] += 1
    return source


def in_succession(rows: list[dict]) -> list[dict]:
    """One partner's rows in the order its levels followed each other.

    The order comes from each row's ``previous_tier_phrase`` and ``previous_since``.

    Each new level ends the one before it, so predecessors must be recorded first; rows with no
    predecessor in the file come first, by date.
    """
    by_level = {(row["tier_phrase"], row["since"]): row for row in rows}

    def depth(row, seen=()):
        previous = by_level.get((row["previous_tier_phrase"], row["previous_since"]))
        if not row["previous_tier_phrase"] or previous is None or previous is row or id(previous) in seen:
            return 0
        return 1 + depth(previous, (*seen, id(row)))

    return sorted(rows, key=lambda row: (depth(row), row["since"]))


def load_china_partnerships(path: Path) -> LoadReport:
    report = LoadReport()
    china = Party.objects.get(code="CN")
    vocabulary = TierVocabulary(Tier.objects.select_related("scheme"))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    rows_by_partner: dict[str, list[dict]] = {}
    for row in rows:
        rows_by_partner.setdefault(row["partner"], []).append(row)
    for partner_name, partner_rows in rows_by_partner.items():
        partner = find_partner(partner_name, partner_rows[0]["partner_iso2"])
        if partner is None:
            report.problems += [f"{partner_name}: unknown partner, {len(partner_rows)} row(s) not loaded"]
            continue
        for row in in_succession(partner_rows):
            _load_row(row, china, partner, vocabulary, report)
    return report


def _load_row(row, china, partner, vocabulary, report):
    label = f"{row['partner']} — “{row['tier_phrase']}” ({row['since'] or 'undated'})"
    tier = vocabulary.match(row["tier_phrase"], schemes=CHINA_SCHEMES)
    if tier is None:
        report.problems.append(f"{label}: wording matches no tier of the vocabulary; not loaded")
        return
    start = PartialDate.parse(row["since"]) if row["since"] else None
    previous_tier = vocabulary.match(row["previous_tier_phrase"], schemes=CHINA_SCHEMES)
    if start is None and previous_tier is not None and previous_tier.scheme_id == tier.scheme_id:
        report.problems.append(
            f"{label}: follows “{row['previous_tier_phrase']}” at an unknown date; not placed"
        )
        return
    relationship = Relationship.objects.between(china, partner).first()
    if (
        relationship
        and LevelPeriod.objects.filter(
            relationship=relationship,
            tier=tier,
            start_date=start.date if start else None,
            wording=row["tier_phrase"],
        ).exists()
    ):
        report.counts["levels unchanged"] += 1
        return
    try:
        with transaction.atomic():
            source = source_for_row(row, report.counts)
            record_level(
                first=china,
                second=partner,
                tier=tier,
                start=start,
                wording=row["tier_phrase"],
                status=Status.PUBLISHED,
                notes=row["notes"],
                # The dataset's verbatim wording is the words of the source that support the claim.
                citations=[CitationData(source=source, quote=row["tier_phrase"])],
            )
    except ValidationError as error:
        details = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        report.problems.append(f"{label}: {details}")
        return
    report.counts["levels created"] += 1
