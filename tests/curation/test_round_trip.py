"""Round trips: what is exported, imported into an empty database and exported again, is the same."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.management import call_command

from core.partial_dates import Precision
from dataset.resources import LevelPeriodResource, MeetingResource, SourceResource
from events.models import Meeting, Person, Position
from partnerships.models import LevelPeriod, Relationship
from partnerships.status import Status
from sources.models import Source
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    SourceFactory,
)


@pytest.fixture
def curated(ladder):
    """Levels, sources, people and meetings of every shape the dataset holds."""
    scheme, (friendly, strategic, comprehensive) = ladder
    declaring = scheme.declaring_party
    partner, other = CountryFactory(name="Partneria"), CountryFactory(name="Otherland")
    pair = RelationshipFactory(party_a=declaring, party_b=partner)
    article = SourceFactory(url="https://news.example.org/upgrade", text="The two sides upgraded ties.")
    book = SourceFactory(
        url="",
        title="Partnership diplomacy",
        publisher="A Press",
        published_on=dt.date(2015, 1, 1),
        published_on_precision=Precision.YEAR,
    )
    old = LevelPeriodFactory(
        relationship=pair,
        tier=strategic,
        start_date=dt.date(2011, 6, 1),
        start_date_precision=Precision.MONTH,
        end_status="ended",
        end_date=dt.date(2019, 6, 5),
        end_date_precision=Precision.DAY,
        wording="strategic partnership",
        change_kind="established",
    )
    new = LevelPeriodFactory(
        relationship=pair,
        tier=comprehensive,
        start_date=dt.date(2019, 6, 5),
        start_approximate=True,
        change_kind="upgraded",
    )
    undated = LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=declaring, party_b=other),
        tier=friendly,
        start_date=None,
        start_date_precision=Precision.UNKNOWN,
        change_kind="established",
    )
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=partner, party_b=other),
        tier=friendly,
        status=Status.DRAFT,
        change_kind="established",
    )
    LevelPeriodCitationFactory(level_period=new, source=book, quote="comprehensive", locator="p. 12")
    LevelPeriodCitationFactory(level_period=old, source=article, quote="strategic partnership", locator="")
    LevelPeriodCitationFactory(level_period=new, source=article, quote="upgraded ties", locator="para. 1")
    LevelPeriodCitationFactory(level_period=undated, source=book, quote="friendly")
    leader = PersonFactory(name="Leader One", slug="leader-one", aliases=["L. One"])
    envoy = PersonFactory(name="Envoy Two", slug="envoy-two")
    PositionFactory(person=leader, party=declaring, title="President", start_date=dt.date(2013, 3, 14))
    meeting = MeetingFactory(
        title="Leader One visits Partneria",
        start_date=dt.date(2019, 6, 5),
        mode="visit",
        place=partner,
        summary="A state visit.",
        outcomes="A joint statement.",
    )
    MeetingPartyFactory(meeting=meeting, party=partner, role="host")
    MeetingPartyFactory(meeting=meeting, party=declaring, role="visitor")
    ParticipantFactory(meeting=meeting, person=leader, party=declaring)
    ParticipantFactory(meeting=meeting, person=envoy, party=declaring, role_title="Special Envoy")
    MeetingCitationFactory(meeting=meeting, source=article, quote="upgraded ties")
    meeting.announced_levels.set([new])
    return meeting


def empty_the_database():
    """Remove every curated record; reference data (parties, schemes, tiers) stays, as after migrating."""
    Meeting.objects.all().delete()
    LevelPeriod.objects.all().delete()
    Relationship.objects.all().delete()
    Source.objects.all().delete()
    Position.objects.all().delete()
    Person.objects.all().delete()


def zip_files(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_export_import_into_an_empty_database_export_gives_identical_files(curated, tmp_path):
    call_command("export_dataset", str(tmp_path / "first.zip"), stdout=io.StringIO())
    empty_the_database()

    call_command("import_dataset", str(tmp_path / "first.zip"), "--no-progress", stdout=io.StringIO())
    call_command("export_dataset", str(tmp_path / "second.zip"), stdout=io.StringIO())

    first, second = zip_files(tmp_path / "first.zip"), zip_files(tmp_path / "second.zip")
    assert first.keys() == second.keys()
    for name in first:
        assert second[name].decode() == first[name].decode(), name


def export_tables() -> dict[str, str]:
    return {
        "sources.csv": SourceResource().export().csv,
        "level_periods.csv": LevelPeriodResource().export(LevelPeriod.objects.all()).csv,
        "meetings.csv": MeetingResource().export(Meeting.objects.all()).csv,
    }


def test_admin_tables_exported_and_imported_into_an_empty_database_export_the_same(curated, tmp_path):
    first = export_tables()
    for name, text in first.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    # People are reference data to these tables (matched by slug): they stay.
    Meeting.objects.all().delete()
    LevelPeriod.objects.all().delete()
    Relationship.objects.all().delete()
    Source.objects.all().delete()

    call_command("import_dataset", str(tmp_path), "--no-progress", stdout=io.StringIO())

    assert export_tables() == first
