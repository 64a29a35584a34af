"""The JSON PostgreSQL writes (core.api.lean) is exactly what the endpoints' serializers write.

Each case asks the same path twice, with LEAN_ANSWERS on and off (kept answers off, so both are made), over
data that reaches every branch of the SQL: partial dates of each precision, ended and ongoing levels,
uncertain levels, several citations, meetings with and without a place or a summit, offices as entered and
as held that day, announced levels published and not, timestamps with and without a fraction.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.partial_dates import Precision
from events.models import MeetingRole
from partnerships.models import EndStatus
from partnerships.status import Status
from tests.api.conftest import day
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

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied(cambodia):
    """Beside the Cambodia timeline: a pair with month and unknown dates, two citations, an undated
    source, an uncertain level on 2015-06-30; a meeting at a summit with an entered office and a draft
    announcement."""
    china, scheme = cambodia["china"], cambodia["scheme"]
    comprehensive, strategic = cambodia["tiers"]
    laos = CountryFactory(code="LA", alpha3="LAO", name="Laos")
    pair = RelationshipFactory(party_a=china, party_b=laos)
    older = LevelPeriodFactory(
        relationship=pair,
        tier=comprehensive,
        scheme=scheme,
        start_date=None,
        start_date_precision=Precision.UNKNOWN,
        end_status=EndStatus.ENDED,
        end_date=day("2009-09-01"),
        end_date_precision=Precision.MONTH,
    )
    newer = LevelPeriodFactory(
        relationship=pair,
        tier=strategic,
        scheme=scheme,
        start_date=day("2015-01-01"),
        start_date_precision=Precision.YEAR,
        start_approximate=True,
        change_kind="upgraded",
    )
    undated = SourceFactory(published_on=None, published_on_precision=Precision.UNKNOWN, publisher="")
    LevelPeriodCitationFactory(level_period=newer, source=undated, quote="", locator="")
    LevelPeriodCitationFactory(
        level_period=older,
        source=SourceFactory(published_on=day("2011-06-01"), published_on_precision=Precision.MONTH),
    )
    summit = MultilateralEventFactory(name="Belt and Road Forum")
    minister = PersonFactory(name="Wang Yi", slug="wang-yi")
    PositionFactory(person=minister, party=china, title="Foreign Minister", start_date=day("2013-03-16"))
    PositionFactory(
        person=minister,
        party=china,
        title="Ambassador",
        start_date=day("2004-01-01"),
        end_date=day("2007-09-01"),
    )
    meeting = MeetingFactory(
        title="Talks at the forum",
        start_date=day("2017-05-14"),
        end_date=day("2017-05-15"),
        place=None,
        city="",
        multilateral_event=summit,
    )
    MeetingPartyFactory(meeting=meeting, party=laos, role=MeetingRole.PARTICIPANT)
    MeetingPartyFactory(meeting=meeting, party=china, role=MeetingRole.HOST)
    ParticipantFactory(meeting=meeting, person=minister, party=china)
    ParticipantFactory(meeting=meeting, person=PersonFactory(name="Aung"), party=laos, role_title="Envoy")
    MeetingCitationFactory(meeting=meeting, source=undated, quote="at the forum")
    meeting.announced_levels.add(
        newer,
        LevelPeriodFactory(
            relationship=pair,
            scheme=scheme,
            tier=strategic,
            status=Status.DRAFT,
            start_date=day("2030-01-01"),
        ),
    )
    with connection.cursor() as cursor:
        # A timestamp with no fraction of a second (DRF then writes none).
        cursor.execute(
            "UPDATE events_meeting SET updated_at = date_trunc('second', updated_at) WHERE id = %s",
            [meeting.pk],
        )
    return {**cambodia, "pair": pair, "summit_meeting": meeting, "laos": laos}


def both_ways(client, settings, path):
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.LEAN_ANSWERS = True
    lean = client.get(path)
    settings.LEAN_ANSWERS = False
    served = client.get(path)
    assert lean.status_code == served.status_code == 200, (lean.content, served.content)
    return lean.json(), served.json()


PATHS = [
    "/api/v1/relationships/",
    "/api/v1/relationships/?party=CN",
    "/api/v1/relationships/?party=CN,LA&as_of=2015-06-30&include_uncertain=true",
    "/api/v1/relationships/?as_of=2008-06-30",
    "/api/v1/relationships/?party=CN&scheme=cn&page_size=1",
    "/api/v1/levels/",
    "/api/v1/levels/?party=LA",
    "/api/v1/levels/?page_size=1",
    "/api/v1/meetings/",
    "/api/v1/meetings/?party=CN&start_from=2017-01-01&start_to=2017-12-31",
    "/api/v1/meetings/?page_size=1",
]


@pytest.mark.parametrize("path", PATHS)
def test_lists_are_the_serializers_answers(client, settings, varied, path):
    lean, served = both_ways(client, settings, path)
    assert lean == served
    assert served.get("results"), "each case shows something"


def test_meeting_records_are_the_serializers_answers(client, settings, varied):
    for meeting in (varied["summit_meeting"], varied["meeting"]):
        lean, served = both_ways(client, settings, f"/api/v1/meetings/{meeting.pk}/")
        assert lean == served
        assert lean["participants"] and lean["citations"] and lean["parties"]


def test_an_editor_sees_drafts_the_same_way(editor_client, settings, varied):
    draft = LevelPeriodFactory(
        relationship=varied["pair"],
        scheme=varied["scheme"],
        tier=varied["tiers"][0],
        status=Status.DRAFT,
        start_date=day("2040-01-01"),
    )
    for path in ("/api/v1/levels/?party=LA", f"/api/v1/meetings/{varied['summit_meeting'].pk}/"):
        lean, served = both_ways(editor_client, settings, path)
        assert lean == served
    lean, _ = both_ways(editor_client, settings, "/api/v1/levels/?party=LA")
    assert draft.pk in [row["id"] for row in lean["results"]]


def test_a_lean_record_keeps_its_etag_for_if_match(client, settings, varied):
    settings.RESPONSE_CACHE_SECONDS = 0
    meeting = varied["summit_meeting"]
    settings.LEAN_ANSWERS = True
    lean = client.get(f"/api/v1/meetings/{meeting.pk}/")
    settings.LEAN_ANSWERS = False
    served = client.get(f"/api/v1/meetings/{meeting.pk}/")
    meeting.refresh_from_db()
    assert lean["ETag"].startswith(f'"v{meeting.version}-')
    assert served["ETag"].startswith(f'"v{meeting.version}-')
    assert lean["Last-Modified"] == served["Last-Modified"]


def test_csv_and_unknown_records_answer_as_before(client, settings, varied):
    settings.RESPONSE_CACHE_SECONDS = 0
    settings.LEAN_ANSWERS = True
    assert client.get("/api/v1/meetings/999999/").status_code == 404
    answer = client.get("/api/v1/levels/?format=csv")
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/csv")
    assert client.get("/api/v1/meetings/?party=XX").status_code == 400


def test_the_sql_partial_dates_are_the_pythons():
    from core.api.fields import partial_date
    from core.api.lean import partial_date_sql

    cases = [
        (dt.date(2015, 1, 1), Precision.YEAR),
        (dt.date(2011, 6, 1), Precision.MONTH),
        (dt.date(2019, 6, 5), Precision.DAY),
        (dt.date(2019, 6, 5), Precision.UNKNOWN),
        (None, Precision.DAY),
    ]
    with connection.cursor() as cursor:
        for date, precision in cases:
            cursor.execute(
                f"SELECT {partial_date_sql('d', 'p')} FROM (SELECT %s::date AS d, %s AS p) t",
                [date, precision],
            )
            assert cursor.fetchone()[0] == partial_date(date, precision)


@pytest.mark.parametrize("path", ["/api/v1/relationships/CN-LA/", "/api/v1/relationships/KH-CN/"])
def test_pair_records_are_the_serializers_answers(client, editor_client, settings, varied, path):
    for reader in (client, editor_client):
        lean, served = both_ways(reader, settings, path)
        assert lean == served
    assert lean["timelines"] and lean["meetings"] and lean["meeting_count"]


def test_the_sql_edtf_dates_are_the_pythons():
    from core.api.lean import edtf_sql
    from core.partial_dates import edtf_date

    with connection.cursor() as cursor:
        for date, precision in [
            (dt.date(2015, 1, 1), Precision.YEAR),
            (dt.date(2011, 6, 1), Precision.MONTH),
            (dt.date(2019, 6, 5), Precision.DAY),
            (None, Precision.UNKNOWN),
        ]:
            for approximate in (False, True):
                cursor.execute(
                    f"SELECT {edtf_sql('d', 'a')} FROM (SELECT %s::date AS d, %s AS d_precision, %s AS a) t",
                    [date, precision, approximate],
                )
                assert cursor.fetchone()[0] == edtf_date(date, precision, approximate=approximate)


def _meeting_record_runs() -> tuple[int, int]:
    """How often this connection ran the meeting record's prepared statement on its one plan, and on plans
    made for the values (0, 0 while it is not prepared)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) "
            "FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%'announced_levels', (SELECT coalesce(json_agg(%"],
        )
        return tuple(cursor.fetchone())


def test_a_document_query_is_planned_once_per_connection(client, settings, varied):
    settings.RESPONSE_CACHE_SECONDS = 0
    path = f"/api/v1/meetings/{varied['summit_meeting'].pk}/"
    generic, custom = _meeting_record_runs()
    prepared = [client.get(path).json() for _ in range(3)]
    assert _meeting_record_runs() == (generic + 3, custom)

    settings.DB_PREPARED_ANSWERS = False
    plain = client.get(path).json()
    assert _meeting_record_runs() == (generic + 3, custom)
    assert prepared == [plain] * 3


def test_a_prepared_document_query_is_logged_with_its_values(client, settings, varied):
    """As every other query (tests' query counts, DEBUG's SQL log): the statement with its values in place."""
    settings.RESPONSE_CACHE_SECONDS = 0
    meeting = varied["summit_meeting"]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200
    record = [query["sql"] for query in queries if "'announced_levels'" in (query["sql"] or "")]
    assert len(record) == 1
    assert f"ARRAY[{meeting.pk}]" in record[0] or f"{{{meeting.pk}}}" in record[0]
