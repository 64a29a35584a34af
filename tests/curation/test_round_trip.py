"""Round trips: what is exported, imported into an empty database and exported again, is the same."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from core.partial_dates import Precision
from dataset.resources import LevelPeriodResource, MeetingResource, SourceResource
from events.models import Meeting, MultilateralEvent, Person, Position
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
    MultilateralEventFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    SourceFactory,
)


@pytest.fixture
def curated(ladder):
    """Levels, sources, people, summits and meetings of every shape the dataset holds."""
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
    summit = MultilateralEventFactory(
        name="Partneria summit",
        start_date=dt.date(2019, 6, 4),
        end_date=dt.date(2019, 6, 6),
        city="Partneria City",
        host=partner,
    )
    meeting = MeetingFactory(
        title="Leader One visits Partneria",
        start_date=dt.date(2019, 6, 5),
        mode="visit",
        place=partner,
        multilateral_event=summit,
        summary="A state visit.",
        outcomes="A joint statement.",
    )
    MeetingPartyFactory(meeting=meeting, party=partner, role="host")
    MeetingPartyFactory(meeting=meeting, party=declaring, role="visitor")
    ParticipantFactory(meeting=meeting, person=leader, party=declaring)
    ParticipantFactory(meeting=meeting, person=envoy, party=declaring, role_title="Special Envoy")
    MeetingCitationFactory(meeting=meeting, source=article, quote="upgraded ties")
    meeting.announced_levels.set([new])
    # A summit only a draft was held at is not public: it is not exported.
    MeetingFactory(
        title="A draft's summit",
        status=Status.DRAFT,
        multilateral_event=MultilateralEventFactory(name="Unannounced forum"),
    )
    return meeting


def empty_the_database():
    """Remove every curated record; reference data (parties, schemes, tiers) stays, as after migrating."""
    Meeting.objects.all().delete()
    MultilateralEvent.objects.all().delete()
    LevelPeriod.objects.all().delete()
    Relationship.objects.all().delete()
    Source.objects.all().delete()
    Position.objects.all().delete()
    Person.objects.all().delete()


def zip_files(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize("path", ["set-based", "--per-row"])
def test_export_import_into_an_empty_database_export_gives_identical_files(curated, tmp_path, path):
    call_command("export_dataset", str(tmp_path / "first.zip"), stdout=io.StringIO())
    empty_the_database()

    options = ["--no-progress", *([path] if path.startswith("--") else [])]
    call_command("import_dataset", str(tmp_path / "first.zip"), *options, stdout=io.StringIO())
    call_command("export_dataset", str(tmp_path / "second.zip"), stdout=io.StringIO())

    first, second = zip_files(tmp_path / "first.zip"), zip_files(tmp_path / "second.zip")
    assert first.keys() == second.keys()
    for name in first:
        assert second[name].decode() == first[name].decode(), name
    events = MultilateralEvent.objects.values_list("name", "start_date", "end_date", "city", "host__name")
    assert list(events) == [
        ("Partneria summit", dt.date(2019, 6, 4), dt.date(2019, 6, 6), "Partneria City", "Partneria")
    ]
    assert Meeting.objects.get().multilateral_event.name == "Partneria summit"


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


def _only_edtf_dates(text: str, plain: dict[str, str]) -> str:
    """``text`` (a CSV table) with the plain date columns (and approximate flags) emptied, EDTF kept."""
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        for column in plain:
            if column in row:
                row[column] = ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def test_the_package_s_edtf_columns_alone_give_back_every_date_and_approximation(curated, tmp_path):
    call_command("export_dataset", str(tmp_path / "first.zip"), stdout=io.StringIO())
    first = zip_files(tmp_path / "first.zip")
    levels_name = next(name for name in first if name.endswith("levels.csv"))
    levels = first[levels_name].decode()
    # Every precision the package holds is there in EDTF, approximation included.
    edtf = [row["start_edtf"] for row in csv.DictReader(io.StringIO(levels))]
    assert sorted(edtf) == sorted(["", "2011-06", "2019-06-05~"]), edtf
    plain = {"start": "", "start_approximate": "", "end": "", "end_approximate": "", "published": ""}
    edited = {
        name: _only_edtf_dates(content.decode(), plain).encode() if name.endswith(".csv") else content
        for name, content in first.items()
    }
    with zipfile.ZipFile(tmp_path / "edtf-only.zip", "w") as archive:
        for name, content in edited.items():
            archive.writestr(name, content)
    empty_the_database()

    call_command("import_dataset", str(tmp_path / "edtf-only.zip"), "--no-progress", stdout=io.StringIO())
    call_command("export_dataset", str(tmp_path / "second.zip"), stdout=io.StringIO())

    second = zip_files(tmp_path / "second.zip")
    for name in first:
        assert second[name].decode() == first[name].decode(), name


def test_a_package_row_whose_date_and_edtf_disagree_is_refused_naming_them(curated, tmp_path):
    call_command("export_dataset", str(tmp_path / "first.zip"), stdout=io.StringIO())
    files = zip_files(tmp_path / "first.zip")
    levels_name = next(name for name in files if name.endswith("levels.csv"))
    files[levels_name] = files[levels_name].replace(b"2011-06,", b"2011-07,", 1)
    with zipfile.ZipFile(tmp_path / "edited.zip", "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    empty_the_database()

    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_dataset", str(tmp_path / "edited.zip"), "--no-progress", stdout=out, stderr=out)
    assert "start (2011-07) and start_edtf (2011-06) name different dates" in out.getvalue()
    assert not LevelPeriod.objects.exists()
