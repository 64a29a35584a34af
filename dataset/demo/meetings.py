"""The demo meetings: five meetings from the sample articles, with their people, offices and citations."""

from dataclasses import dataclass
from pathlib import Path

from core.partial_dates import PartialDate
from dataset.demo.report import LoadReport
from events.models import Meeting, MeetingMode, MeetingRole, Person, Position
from events.services import MeetingData, ParticipantData, record_meeting
from partnerships.models import LevelPeriod, Party
from partnerships.services import CitationData
from partnerships.status import Status
from sources.models import Source, SourceKind


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
