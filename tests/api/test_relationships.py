"""relationships/: pairs with their current or as-of level; relationships/CN-KH/: a pair's full record."""

import datetime as dt

import pytest

from core.partial_dates import Precision
from events.models import PAIR_RECORD_MEETINGS
from partnerships.models import EndStatus
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    TierFactory,
    meeting_between,
)

pytestmark = pytest.mark.django_db


def shown(response):
    """(pair, tier, certain) of every level shown."""
    assert response.status_code == 200, response.content
    return [
        (pair["key"], level["tier"], level["certain"])
        for pair in response.json()["results"]
        for level in pair["levels"]
    ]


STRATEGIC = "comprehensive-strategic-cooperative-partnership"
COMPREHENSIVE = "comprehensive-cooperative-partnership"


def test_pair_shows_both_parties_and_current_level_with_period_precision_and_citations(client, cambodia):
    [pair] = client.get("/api/v1/relationships/").json()["results"]
    level, source = cambodia["levels"][1], cambodia["source"]
    assert pair == {
        "key": "CN-KH",
        "party_a": {"code": "CN", "name": "China", "kind": "country"},
        "party_b": {"code": "KH", "name": "Cambodia", "kind": "country"},
        "levels": [
            {
                "id": level.pk,
                "scheme": "cn",
                "tier": STRATEGIC,
                "tier_name": "comprehensive strategic cooperative partnership",
                "tier_rank": 60,
                "wording": "comprehensive strategic partnership of cooperation",
                "start": "2010-12-13",
                "start_date": "2010-12-13",
                "start_precision": "day",
                "start_approximate": False,
                "start_edtf": "2010-12-13",
                "end_status": "ongoing",
                "end": None,
                "end_date": None,
                "end_precision": "unknown",
                "end_approximate": False,
                "end_edtf": None,
                "change_kind": "upgraded",
                "status": "published",
                "certain": True,
                "citations": [
                    {
                        "source": {
                            "id": source.pk,
                            "url": "https://news.example.org/cn-kh-2010",
                            "title": "China, Cambodia lift ties",
                            "publisher": "Xinhua",
                            "published": "2010-12-14",
                            "published_edtf": "2010-12-14",
                        },
                        "quote": "lift ties",
                        "locator": "para. 1",
                    }
                ],
            }
        ],
    }


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2005-12-31", []),  # before anything: the pair is left out
        ("2006-06-30", []),  # began "2006": not certain before the year is out
        ("2006-12-31", [("CN-KH", COMPREHENSIVE, True)]),  # the last day "2006" can mean
        ("2010-12-12", [("CN-KH", COMPREHENSIVE, True)]),
        ("2010-12-13", [("CN-KH", STRATEGIC, True)]),  # ends are exclusive: the successor holds that day
        ("2030-01-01", [("CN-KH", STRATEGIC, True)]),
    ],
)
def test_as_of_shows_the_level_certainly_in_force_that_day(client, cambodia, as_of, expected):
    assert shown(client.get("/api/v1/relationships/", {"as_of": as_of})) == expected


def test_as_of_with_month_precision_is_certain_only_from_the_months_last_day(client, cambodia):
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=cambodia["china"], party_b=vietnam),
        tier=cambodia["tiers"][0],
        start_date=dt.date(2011, 6, 1),
        start_date_precision=Precision.MONTH,
    )
    url, params = "/api/v1/relationships/", {"party": "VN"}
    assert shown(client.get(url, {**params, "as_of": "2011-06-29"})) == []
    assert shown(client.get(url, {**params, "as_of": "2011-06-30"})) == [("CN-VN", COMPREHENSIVE, True)]
    uncertain = client.get(url, {**params, "as_of": "2011-06-15", "include_uncertain": "true"})
    assert shown(uncertain) == [("CN-VN", COMPREHENSIVE, False)]


def test_include_uncertain_marks_a_level_whose_start_year_covers_the_day(client, cambodia):
    response = client.get("/api/v1/relationships/", {"as_of": "2006-06-30", "include_uncertain": "true"})
    assert shown(response) == [("CN-KH", COMPREHENSIVE, False)]


def test_include_uncertain_needs_as_of(client, cambodia):
    response = client.get("/api/v1/relationships/", {"include_uncertain": "true"})
    assert response.status_code == 400
    assert "include_uncertain" in response.json()


def test_filter_by_one_party_or_a_pair_in_either_order_and_alpha3(client, cambodia):
    vietnam = CountryFactory(code="VN", alpha3="VNM", name="Viet Nam")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=cambodia["china"], party_b=vietnam),
        tier=cambodia["tiers"][0],
    )
    keys = lambda response: [pair["key"] for pair in response.json()["results"]]  # noqa: E731
    assert keys(client.get("/api/v1/relationships/", {"party": "CN"})) == ["CN-KH", "CN-VN"]
    assert keys(client.get("/api/v1/relationships/", {"party": "KHM"})) == ["CN-KH"]
    assert keys(client.get("/api/v1/relationships/", {"party": "VN,CN"})) == ["CN-VN"]
    assert keys(client.get("/api/v1/relationships/", {"party": "VN,KH"})) == []


def test_filter_by_scheme_tier_and_min_rank(client, cambodia):
    other = TierFactory(scheme=SchemeFactory(slug="kh"), slug="strategic-partnership", rank=5)
    LevelPeriodFactory(relationship=cambodia["relationship"], tier=other)
    url = "/api/v1/relationships/"
    assert shown(client.get(url)) == [("CN-KH", STRATEGIC, True), ("CN-KH", "strategic-partnership", True)]
    assert shown(client.get(url, {"scheme": "kh"})) == [("CN-KH", "strategic-partnership", True)]
    assert shown(client.get(url, {"tier": STRATEGIC})) == [("CN-KH", STRATEGIC, True)]
    assert shown(client.get(url, {"tier": f"cn:{STRATEGIC}"})) == [("CN-KH", STRATEGIC, True)]
    assert shown(client.get(url, {"min_rank": 10})) == [("CN-KH", STRATEGIC, True)]
    assert shown(client.get(url, {"min_rank": 61})) == []
    assert shown(client.get(url, {"tier": COMPREHENSIVE})) == []  # held, but not currently


def test_filter_by_changed_since(client, cambodia):
    assert shown(client.get("/api/v1/relationships/", {"changed_since": "2000-01-01"}))
    assert shown(client.get("/api/v1/relationships/", {"changed_since": "2999-01-01T00:00:00Z"})) == []


@pytest.mark.parametrize(
    ("parameter", "value"),
    [
        ("as_of", "2015-13-01"),
        ("as_of", "2015?"),
        ("as_of", "2015~"),
        ("as_of", "2015/2016"),
        ("as_of", "yesterday"),
        ("party", "XX"),
        ("party", "CN,KH,VN"),
        ("party", "CN,CN"),
        ("scheme", "klingon"),
        ("tier", "warp-partnership"),
        ("tier", "vn:" + STRATEGIC),
        ("min_rank", "high"),
        ("min_rank", "-1"),
        ("changed_since", "last week"),
        ("include_uncertain", "perhaps"),
        ("partie", "CN"),
    ],
)
def test_malformed_or_unknown_parameter_answers_400_naming_it(client, cambodia, parameter, value):
    response = client.get("/api/v1/relationships/", {parameter: value})
    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_tier_outside_the_given_scheme_is_refused(client, cambodia):
    SchemeFactory(slug="vn")
    response = client.get("/api/v1/relationships/", {"scheme": "vn", "tier": STRATEGIC})
    assert response.status_code == 400
    assert "No tier" in response.json()["tier"][0]


def test_anonymous_callers_see_published_levels_only(client, editor_client, draft_level):
    assert [pair["key"] for pair in client.get("/api/v1/relationships/").json()["results"]] == ["CN-KH"]
    as_editor = editor_client.get("/api/v1/relationships/").json()["results"]
    assert sorted(pair["key"] for pair in as_editor) == ["CN-KH", "CN-LA"]
    assert client.get("/api/v1/relationships/CN-LA/").status_code == 404
    assert editor_client.get("/api/v1/relationships/CN-LA/").status_code == 200


def test_pair_detail_in_either_order_has_the_timeline_citations_announcing_meeting_and_meetings(
    client, cambodia
):
    forward = client.get("/api/v1/relationships/CN-KH/").json()
    assert client.get("/api/v1/relationships/KH-CN/").json() == forward
    assert client.get("/api/v1/relationships/khm-chn/").json() == forward
    [timeline] = forward["timelines"]
    assert timeline["scheme"] == "cn"
    first, second = timeline["levels"]
    assert (first["start"], first["end"], first["start_precision"]) == ("2006", "2010-12-13", "year")
    assert first["announced_at"] == []
    assert [citation["quote"] for citation in first["citations"]] == ["since 2006"]
    assert second["citations"][0]["quote"] == "lift ties"
    meeting = cambodia["meeting"]
    assert second["announced_at"] == [
        {
            "id": meeting.pk,
            "title": "Hu Jintao meets Hun Sen in Beijing",
            "mode": "visit",
            "start": "2010-12-13",
            "start_edtf": "2010-12-13",
        }
    ]
    assert [m["id"] for m in forward["meetings"]] == [meeting.pk]
    assert forward["meetings"][0]["parties"] == ["CN", "KH"]


def test_pair_detail_lists_the_latest_meetings_and_links_to_all_of_them(client, cambodia):
    china, cambodia_party = cambodia["relationship"].party_a, cambodia["relationship"].party_b
    later = [
        meeting_between(china, cambodia_party, start_date=dt.date(2020, 1, 1) + dt.timedelta(days=day))
        for day in range(PAIR_RECORD_MEETINGS)
    ]
    record = client.get("/api/v1/relationships/CN-KH/").json()

    assert [m["id"] for m in record["meetings"]] == [meeting.pk for meeting in reversed(later)]
    assert record["meeting_count"] == PAIR_RECORD_MEETINGS + 1
    everything = client.get(record["all_meetings"]).json()["results"]
    assert len(everything) == PAIR_RECORD_MEETINGS + 1


def test_pair_detail_leaves_out_unpublished_levels_and_meetings(client, cambodia):
    LevelPeriodFactory(
        relationship=cambodia["relationship"],
        tier=cambodia["tiers"][0],
        start_date=dt.date(2001, 1, 1),
        end_status=EndStatus.ENDED,
        end_date=dt.date(2002, 1, 1),
        status=Status.DRAFT,
    )
    cambodia["meeting"].status = Status.IN_REVIEW
    cambodia["meeting"].save()
    record = client.get("/api/v1/relationships/CN-KH/").json()
    assert [level["start"] for level in record["timelines"][0]["levels"]] == ["2006", "2010-12-13"]
    assert record["timelines"][0]["levels"][1]["announced_at"] == []
    assert record["meetings"] == []
    assert record["meeting_count"] == 0


@pytest.mark.parametrize("key", ["CN-XX", "CN-CN", "CN-VN", "CN-KH-VN"])
def test_unknown_pair_is_not_found(client, cambodia, key):
    CountryFactory(code="VN", alpha3="VNM")
    assert client.get(f"/api/v1/relationships/{key}/").status_code == 404
