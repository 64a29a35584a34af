"""Data for the page and browser tests: China and Cambodia, their levels, sources and meetings."""

import datetime as dt
from types import SimpleNamespace

from core.partial_dates import Precision
from events.models import MeetingMode, MeetingRole
from partnerships.models import ChangeKind, EndStatus
from partnerships.models.parties import AliasKind
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    ParticipantFactory,
    PartyAliasFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
    TierFactory,
    meeting_between,
)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def build_world() -> SimpleNamespace:
    """China and Cambodia: a partnership from "2006" (year only), upgraded on 2010-12-13, cited; meetings."""
    china = CountryFactory(code="CN", alpha3="CHN", name="China", official_name="People's Republic of China")
    cambodia = CountryFactory(code="KH", alpha3="KHM", name="Cambodia", official_name="Kingdom of Cambodia")
    PartyAliasFactory(party=cambodia, name="Kampuchea", kind=AliasKind.NAME)
    PartyAliasFactory(party=cambodia, name="Cambodian", kind=AliasKind.DEMONYM)
    scheme = SchemeFactory(slug="cn", name="China: partnership diplomacy", declaring_party=china)
    cooperation = TierFactory(
        scheme=scheme,
        slug="comprehensive-cooperative-partnership",
        rank=20,
        name="comprehensive cooperative partnership",
    )
    strategic = TierFactory(
        scheme=scheme,
        slug="comprehensive-strategic-cooperative-partnership",
        rank=60,
        name="comprehensive strategic cooperative partnership",
    )
    relationship = RelationshipFactory(party_a=china, party_b=cambodia)
    first = LevelPeriodFactory(
        relationship=relationship,
        tier=cooperation,
        start_date=day("2006-01-01"),
        start_date_precision=Precision.YEAR,
        end_status=EndStatus.ENDED,
        end_date=day("2010-12-13"),
        end_date_precision=Precision.DAY,
        change_kind=ChangeKind.ESTABLISHED,
    )
    second = LevelPeriodFactory(
        relationship=relationship,
        tier=strategic,
        start_date=day("2010-12-13"),
        start_date_precision=Precision.DAY,
        change_kind=ChangeKind.UPGRADED,
        wording="comprehensive strategic partnership of cooperation",
    )
    source = SourceFactory(
        title="China, Cambodia lift ties to comprehensive strategic partnership",
        publisher="Xinhua",
        url="https://news.example.org/cambodia-upgrade",
        archive_url="https://web.archive.org/web/2010/https://news.example.org/cambodia-upgrade",
        published_on=day("2010-12-14"),
    )
    citation = LevelPeriodCitationFactory(
        level_period=second,
        source=source,
        quote="the two sides agreed to lift their relations",
        locator="para. 3",
    )
    LevelPeriodCitationFactory(level_period=first)

    xi = PersonFactory(name="Xi Jinping", slug="xi-jinping", aliases=["Xi Jin-ping"])
    hun_manet = PersonFactory(name="Hun Manet", slug="hun-manet")
    PositionFactory(person=xi, party=china, title="President", start_date=day("2013-03-14"))
    PositionFactory(person=hun_manet, party=cambodia, title="Prime Minister", start_date=day("2023-08-22"))
    visit = meeting_between(
        china,
        cambodia,
        title="Xi Jinping meets Hun Manet in Beijing",
        summary="The leaders discussed the Belt and Road and the Funan Techo canal.",
        mode=MeetingMode.VISIT,
        start_date=day("2023-09-15"),
        city="Beijing",
        place=china,
    )
    ParticipantFactory(meeting=visit, person=xi, party=china)
    ParticipantFactory(meeting=visit, person=hun_manet, party=cambodia)
    MeetingCitationFactory(meeting=visit, source=source, quote="Xi met Hun Manet")
    visit.announced_levels.add(second)
    call = meeting_between(
        china,
        cambodia,
        title="Foreign ministers' phone call",
        summary="A call on regional security.",
        mode=MeetingMode.CALL,
        start_date=day("2021-03-01"),
        start_date_precision=Precision.MONTH,
        city="",
    )
    draft = meeting_between(
        china,
        cambodia,
        title="Secret draft summit",
        mode=MeetingMode.SUMMIT,
        status=Status.DRAFT,
        start_date=day("2024-01-10"),
    )
    return SimpleNamespace(
        china=china,
        cambodia=cambodia,
        scheme=scheme,
        cooperation=cooperation,
        strategic=strategic,
        relationship=relationship,
        first=first,
        second=second,
        source=source,
        citation=citation,
        xi=xi,
        hun_manet=hun_manet,
        visit=visit,
        call=call,
        draft=draft,
    )


def grow_world(world: SimpleNamespace, n: int) -> None:
    """Add ``n`` partners of China, each with a cited level, a meeting with participants and a draft claim."""
    for _ in range(n):
        partner = CountryFactory()
        PartyAliasFactory(party=partner)
        relationship = RelationshipFactory(party_a=world.china, party_b=partner)
        period = LevelPeriodFactory(
            relationship=relationship,
            tier=world.strategic,
            start_date=day("2015-01-01"),
            start_date_precision=Precision.YEAR,
            change_kind=ChangeKind.ESTABLISHED,
        )
        LevelPeriodCitationFactory(level_period=period, source=world.source)
        LevelPeriodFactory(tier=world.cooperation, status=Status.DRAFT)
        meeting = MeetingFactory(
            title=f"Talks with {partner.name}", start_date=day("2019-05-05"), place=partner, city="Capital"
        )
        MeetingPartyFactory(meeting=meeting, party=world.china, role=MeetingRole.VISITOR)
        MeetingPartyFactory(meeting=meeting, party=partner, role=MeetingRole.HOST)
        MeetingPartyFactory(meeting=meeting, party=world.cambodia)
        ParticipantFactory(meeting=meeting, person=world.xi, party=world.china)
        ParticipantFactory(meeting=meeting, party=partner)
        MeetingCitationFactory(meeting=meeting, source=world.source)
        meeting.announced_levels.add(period)
