"""The demo dataset: the cited starter dataset of China's partnerships, meetings from the sample articles.

``load_demo`` is idempotent: a second run finds every record in place and changes nothing. Rows it
cannot place (an unknown partner, a wording outside the vocabulary, a date clash) are reported by name.
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from core.partial_dates import PartialDate
from events.models import Meeting, MeetingMode, MeetingRole, Person, Position
from events.services import MeetingData, ParticipantData, record_meeting
from partnerships.models import LevelPeriod, Party, Relationship, Tier
from partnerships.reference import load_countries, load_organisations, load_tiers
from partnerships.services import CitationData, record_level
from partnerships.status import Status
from partnerships.wording import TierVocabulary
from sources.models import Source, SourceKind

CHINA_SCHEMES = ("cn", "cn-community")

# First match wins: publisher wording → kind of source.
_PUBLISHER_KINDS = [
    (("ministry", "mission to the un", "embassy"), SourceKind.OFFICIAL),
    (("joint statement",), SourceKind.JOINT_STATEMENT),
    (("twwiki", "wendadaohang", "mazhuluoa", "forum", "blog", "repost"), SourceKind.OTHER),
    (("dialogue", "chinastudies", "university"), SourceKind.ACADEMIC),
    (
        (
            "xinhua",
            "people's daily",
            "china daily",
            "cgtn",
            "china.org",
            "china radio",
            "ecns",
            "global times",
            "china today",
            "belt and road",
            "wen wei po",
            "shanghai daily",
            "enorth",
            "dahe",
        ),
        SourceKind.STATE_MEDIA,
    ),
]
_TITLE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})\)\s*$")


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


def kind_of_publisher(publisher: str) -> str:
    lowered = publisher.lower()
    for keywords, kind in _PUBLISHER_KINDS:
        if any(keyword in lowered for keyword in keywords):
            return kind
    return SourceKind.INDEPENDENT_PRESS


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


@dataclass(frozen=True)
class DemoPerson:
    name: str
    positions: tuple[tuple[str, str, str, str], ...]  # (title, party code, from, until)


DEMO_PEOPLE = [
    DemoPerson("Xi Jinping", (("President of the People's Republic of China", "CN", "2013-03-14", ""),)),
    DemoPerson(
        "Wang Yi",
        (
            ("Minister of Foreign Affairs", "CN", "2013-03-16", "2022-12-30"),
            ("Minister of Foreign Affairs", "CN", "2023-07-25", ""),
        ),
    ),
    DemoPerson("Hun Manet", (("Prime Minister of Cambodia", "KH", "2023-08-22", ""),)),
    DemoPerson(
        "Sok Chenda Sophea",
        (
            (
                "Deputy Prime Minister and Minister of Foreign Affairs and International Cooperation",
                "KH",
                "2023-08-22",
                "",
            ),
        ),
    ),
    DemoPerson("Hakainde Hichilema", (("President of Zambia", "ZM", "2021-08-24", ""),)),
    DemoPerson("Nicolás Maduro", (("President of Venezuela", "VE", "2013-04-19", ""),)),
]

# (article file, title, publisher, published) for the sample articles the demo meetings cite.
DEMO_ARTICLES = {
    "000_52d297a0cf09d9ec.txt": (
        "China elevates ties with Zambia and Cambodia",
        "Translated Arabic press report",
        "",
    ),
    "003_032a5829665808b9.txt": (
        "Steadfast China-Cambodia alliance consistently delivers outcomes",
        "Unknown",
        "2025-04",
    ),
    "004_c5e2839264707877.txt": (
        "China-Cambodian bilateral dialogue enhances relations",
        "The Diplomatic Insight (TDI)",
        "2024-05-25",
    ),
}


@dataclass(frozen=True)
class DemoMeeting:
    title: str
    date: str
    mode: str
    city: str
    place: str
    parties: tuple[tuple[str, str], ...]
    participants: tuple[tuple[str, str], ...]  # (person, party code)
    article: str
    quote: str
    announced: tuple[str, str] | None = None  # (partner code, tier slug) of the level it announced


DEMO_MEETINGS = [
    DemoMeeting(
        "Xi Jinping meets Hun Manet in Beijing",
        "2023-09",
        MeetingMode.VISIT,
        "Beijing",
        "CN",
        (("CN", MeetingRole.HOST), ("KH", MeetingRole.VISITOR)),
        (("Xi Jinping", "CN"), ("Hun Manet", "KH")),
        "000_52d297a0cf09d9ec.txt",
        "President Xi Jinping met with the newly appointed Prime Minister of Cambodia, Hun Manet, "
        "earlier in the day.",
    ),
    DemoMeeting(
        "Xi Jinping and Hakainde Hichilema announce a partnership upgrade",
        "2023-09",
        MeetingMode.VISIT,
        "Beijing",
        "CN",
        (("CN", MeetingRole.HOST), ("ZM", MeetingRole.VISITOR)),
        (("Xi Jinping", "CN"), ("Hakainde Hichilema", "ZM")),
        "000_52d297a0cf09d9ec.txt",
        "Xi and Zambian President Hakainde Hichilema announced the partnership upgrade during a meeting "
        "at the Great Hall of the People",
    ),
    DemoMeeting(
        "Xi Jinping holds talks with Nicolás Maduro",
        "2023-09",
        MeetingMode.TALKS,
        "Beijing",
        "CN",
        (("CN", MeetingRole.HOST), ("VE", MeetingRole.VISITOR)),
        (("Xi Jinping", "CN"), ("Nicolás Maduro", "VE")),
        "000_52d297a0cf09d9ec.txt",
        "He also held talks with Venezuelan President Nicolas Maduro earlier in the week.",
        ("VE", "all-weather-strategic-partnership"),
    ),
    DemoMeeting(
        "Wang Yi meets Sok Chenda Sophea",
        "2024-05-24",
        MeetingMode.TALKS,
        "Beijing",
        "CN",
        (("CN", MeetingRole.HOST), ("KH", MeetingRole.VISITOR)),
        (("Wang Yi", "CN"), ("Sok Chenda Sophea", "KH")),
        "004_c5e2839264707877.txt",
        "On Friday, Chinese Foreign Minister Wang Yi met with Cambodian Deputy Prime Minister and Minister "
        "of Foreign Affairs and International Cooperation Sok Chenda Sophea",
    ),
    DemoMeeting(
        "Xi Jinping's state visit to Cambodia",
        "2025-04",
        MeetingMode.VISIT,
        "Phnom Penh",
        "KH",
        (("CN", MeetingRole.VISITOR), ("KH", MeetingRole.HOST)),
        (("Xi Jinping", "CN"),),
        "003_032a5829665808b9.txt",
        "During Xi Jinping's April 2025 visit, the emphasis was on strengthening bilateral relations under "
        'the "Diamond Hexagon" framework',
    ),
]


def _person(demo: DemoPerson, report: LoadReport) -> Person:
    person, created = Person.objects.get_or_create(name=demo.name)
    if created:
        report.counts["people created"] += 1
        for title, code, since, until in demo.positions:
            start, end = PartialDate.parse(since), PartialDate.parse(until) if until else None
            Position.objects.create(
                person=person,
                title=title,
                party=Party.objects.get(code=code),
                start_date=start.date,
                start_date_precision=start.precision,
                end_date=end.date if end else None,
                end_date_precision=end.precision if end else "unknown",
            )
    return person


def _article_source(articles_dir: Path, filename: str, report: LoadReport) -> Source:
    title, publisher, published = DEMO_ARTICLES[filename]
    source = Source.objects.filter(title=title, publisher=publisher).first()
    if source:
        return source
    date = PartialDate.parse(published) if published else None
    source = Source.objects.create(
        title=title,
        publisher=publisher,
        language="en",
        kind=SourceKind.INDEPENDENT_PRESS,
        published_on=date.date if date else None,
        published_on_precision=date.precision if date else "unknown",
        text=(articles_dir / filename).read_text(encoding="utf-8"),
    )
    report.counts["sources created"] += 1
    return source


def load_demo_meetings(articles_dir: Path) -> LoadReport:
    report = LoadReport()
    china = Party.objects.get(code="CN")
    people = {demo.name: _person(demo, report) for demo in DEMO_PEOPLE}
    for demo in DEMO_MEETINGS:
        date = PartialDate.parse(demo.date)
        if Meeting.objects.filter(title=demo.title, start_date=date.date).exists():
            report.counts["meetings unchanged"] += 1
            continue
        announced = []
        if demo.announced:
            partner = Party.objects.get(code=demo.announced[0])
            announced = list(
                LevelPeriod.objects.between(china, partner).filter(
                    tier__slug=demo.announced[1], start_date__year=date.date.year
                )
            )
            if not announced:
                report.problems.append(
                    f"{demo.title}: the level it announced is not in the dataset; not linked"
                )
        record_meeting(
            MeetingData(
                title=demo.title,
                date=date,
                mode=demo.mode,
                city=demo.city,
                place=Party.objects.get(code=demo.place),
                parties=[(Party.objects.get(code=code), role) for code, role in demo.parties],
                participants=[
                    ParticipantData(person=people[name], party=Party.objects.get(code=code))
                    for name, code in demo.participants
                ],
                citations=[
                    CitationData(source=_article_source(articles_dir, demo.article, report), quote=demo.quote)
                ],
                announced_levels=announced,
                status=Status.PUBLISHED,
            )
        )
        report.counts["meetings created"] += 1
    return report


def load_demo(shared_dir: Path) -> LoadReport:
    """Reference data, the China starter dataset and the demo meetings. Safe to run again."""
    report = LoadReport()
    for name, counts in [
        ("countries", load_countries()),
        ("organisations", load_organisations()),
        ("tiers", load_tiers(shared_dir / "data" / "tiers.csv")),
    ]:
        report.counts[f"{name} created"] += counts["created"]
        report.counts[f"{name} updated"] += counts["updated"]
    for part in (
        load_china_partnerships(shared_dir / "data" / "china_partnerships.csv"),
        load_demo_meetings(shared_dir / "samples" / "articles"),
    ):
        report.counts.update(part.counts)
        report.problems += part.problems
    return report
