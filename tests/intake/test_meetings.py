"""Meetings a curator can trust: one candidate per real meeting, dated as the text allows, and only
meetings that happened — each rule on a short text written for the purpose."""

import datetime as dt

import pytest

from intake.extract import MEETING, PLANNED, extract
from intake.items import split_items

DIGEST = "\n".join(
    [
        "China Diplomacy Digest",
        "Tuesday, 6 January 2026",
        "",
        "Xi holds talks with Kenyan President Ruto",
        "BEIJING, Jan. 5 (Xinhua) -- Chinese President Xi Jinping held talks with Kenyan President "
        "William Ruto "
        "in Beijing on Monday.",
        "The two heads of state agreed to deepen cooperation on railways and ports.",
        "Continue reading Xi holds talks with Kenyan President Ruto",
        "",
        "Wang Yi meets Ghanaian foreign minister",
        "ACCRA, Jan. 2 (Xinhua) -- Chinese Foreign Minister Wang Yi met with Ghanaian Foreign Minister "
        "Samuel Okudzeto Ablakwa in Accra on Monday.",
        "Continue reading Wang Yi meets Ghanaian foreign minister",
        "",
    ]
)


def meetings(text, vocabulary, published=None, kind=MEETING):
    return [c for c in extract(text, vocabulary, published=published) if c.type == kind]


def dated(candidate):
    return (str(candidate.date) if candidate.date else None, candidate.end_date)


def test_a_visit_over_several_days_keeps_its_range_and_holds_the_talks_during_it(vocabulary):
    text = (
        "Deputy Prime Minister and Foreign Minister Mohammad Ishaq Dar visited China from January 3-5, 2026 "
        "and co-chaired the Seventh Round of the Pakistan-China Strategic Dialogue in Beijing with Chinese "
        "Foreign Minister Wang Yi on January 4."
    )
    (meeting,) = meetings(text, vocabulary)
    assert set(meeting.parties) == {"PK", "CN"}
    assert (meeting.kind, *dated(meeting)) == ("visit", "2026-01-03", dt.date(2026, 1, 5))


def test_a_day_named_without_its_year_takes_the_year_the_item_states(vocabulary):
    text = (
        "Taoiseach in Beijing\n"
        "The Taoiseach began an official visit to China on 4 January 2026.\n"
        "President Xi was meeting on the morning of January 5 with Irish Taoiseach Micheál Martin."
    )
    found = {dated(m) for m in meetings(text, vocabulary) if set(m.parties) == {"CN", "IE"}}
    assert ("2026-01-05", None) in found


def test_a_past_day_named_without_its_year_lies_before_the_report(vocabulary):
    text = "On May 8, Xi held talks with Russian President Vladimir Putin in Moscow."
    (meeting,) = meetings(text, vocabulary, published=dt.date(2026, 1, 3))
    assert dated(meeting) == ("2025-05-08", None)


def test_weekdays_are_read_against_each_items_own_dateline(vocabulary):
    found = {frozenset(m.parties): dated(m) for m in meetings(DIGEST, vocabulary)}
    assert found == {
        frozenset({"CN", "KE"}): ("2026-01-05", None),
        frozenset({"CN", "GH"}): ("2025-12-29", None),
    }


def test_headline_body_and_continue_reading_line_make_one_candidate_with_every_sentence(vocabulary):
    kenya = next(m for m in meetings(DIGEST, vocabulary) if "KE" in m.parties)
    roles = [sentence["role"] for sentence in kenya.sentences]
    # Every sentence that mentions the meeting; "The two heads of state agreed …" does not.
    assert roles == ["headline", "body", "folded"]
    for sentence in kenya.sentences:
        assert DIGEST[sentence["start"] : sentence["end"]] == sentence["quote"]
    assert kenya.sentences[-1]["quote"] == "Continue reading Xi holds talks with Kenyan President Ruto"
    assert kenya.quote.startswith("Chinese President Xi Jinping held talks")
    assert DIGEST[kenya.start : kenya.end] == kenya.quote


def test_a_digest_is_cut_into_its_items_dated_by_their_datelines():
    items = split_items(DIGEST)
    assert [(item.date, item.city) for item in items] == [
        (dt.date(2026, 1, 6), ""),
        (dt.date(2026, 1, 5), "BEIJING"),
        (dt.date(2026, 1, 2), "ACCRA"),
    ]
    headline = items[1].headline
    assert DIGEST[headline[0] : headline[1]] == "Xi holds talks with Kenyan President Ruto"


def test_a_table_of_contents_line_folds_into_the_item_it_announces(vocabulary):
    contents = "In this issue:\n- Xi holds talks with Kenyan President Ruto\n"
    text = DIGEST.replace("Tuesday, 6 January 2026\n", "Tuesday, 6 January 2026\n" + contents)
    kenya = [m for m in meetings(text, vocabulary) if "KE" in m.parties]
    assert len(kenya) == 1
    assert [s["role"] for s in kenya[0].sentences].count("folded") == 2


def test_the_same_meeting_told_by_two_items_is_one_candidate(vocabulary):
    second = (
        "\nKenya's Ruto in Beijing\nUpdated / Monday, 5 Jan 2026 14:20\n"
        "President Xi was meeting on the morning of January 5 with Kenyan President William Ruto.\n"
        "Continue reading Kenya's Ruto in Beijing\n"
    )
    kenya = [m for m in meetings(DIGEST + second, vocabulary) if "KE" in m.parties]
    assert len(kenya) == 1
    assert [sentence["quote"][:22] for sentence in kenya[0].sentences] == [
        "Xi holds talks with Ke",
        "Chinese President Xi J",
        "Continue reading Xi ho",
        "President Xi was meeti",
    ]


def test_two_days_are_two_meetings(vocabulary):
    text = (
        "ADDIS ABABA, Jan. 9 (Xinhua) -- Ethiopian Prime Minister Abiy Ahmed met with visiting Chinese "
        "Foreign Minister Wang Yi in Addis Ababa on Friday. Wang held talks with Ethiopian Foreign Minister "
        "Gedion Timothewos on Thursday."
    )
    found = sorted(dated(m) for m in meetings(text, vocabulary, published=dt.date(2026, 1, 9)))
    assert found == [("2026-01-08", None), ("2026-01-09", None)]


def test_undated_meetings_of_different_officials_stay_apart(vocabulary):
    text = "Xi Jinping met Vladimir Putin in Moscow. Wang Yi held talks with Sergei Lavrov."
    assert len(meetings(text, vocabulary)) == 2


def test_a_tour_is_one_visit_per_country(vocabulary):
    text = "In April, Xi paid state visits to Viet Nam, Malaysia and Cambodia."
    found = meetings(text, vocabulary, published=dt.date(2026, 1, 3))
    assert {(frozenset(m.parties), str(m.date)) for m in found} == {
        (frozenset({"CN", code}), "2025-04") for code in ("VN", "MY", "KH")
    }


def test_the_date_of_the_report_does_not_date_the_meeting(vocabulary):
    text = "British Prime Minister Keir Starmer will travel to China, Downing Street said on Tuesday."
    (planned,) = meetings(text, vocabulary, published=dt.date(2026, 1, 6), kind=PLANNED)
    assert planned.date is None


@pytest.mark.parametrize(
    "text",
    [
        "Egyptian Foreign Minister Badr Abdelatty will pay an official visit to China from January 12 to 14.",
        "German Chancellor Friedrich Merz plans to travel to China in February.",
        "Starmer is expected to meet President Xi Jinping and Premier Li Qiang in Beijing.",
        "Uruguayan President Yamandu Orsi hopes to meet President Xi Jinping.",
        "UK's Starmer to visit China this month",
        "Canadian Prime Minister Mark Carney invited Xi Jinping to visit Canada.",
        "Mao said China will host the second China-Arab States Summit next year.",
        "Putin said he looked forward to seeing Xi at the SCO summit in Bishkek later this year.",
    ],
)
def test_what_is_to_come_is_planned_never_a_meeting(text, vocabulary):
    found = extract(text, vocabulary, published=dt.date(2026, 1, 6))
    assert [c.type for c in found if c.type != "level"] == [PLANNED]


def test_a_meeting_dated_after_the_report_is_planned(vocabulary):
    text = "Chinese President Xi Jinping meets Brazilian President Lula on January 20."
    (planned,) = meetings(text, vocabulary, published=dt.date(2026, 1, 6), kind=PLANNED)
    assert "dated after the report" in " ".join(planned.notes)


@pytest.mark.parametrize(
    "text",
    [
        "German leaders have visited China more than a dozen times since 2005.",
        "No British prime minister has visited China since 2018.",
        "Xi Jinping has met Vladimir Putin more than 40 times.",
        "Chinese leaders meet their African counterparts dozens of times a year.",
        "Xi alone received six heads of state or government in Beijing.",
        "Carney is the first Canadian prime minister to visit China since 2017.",
        "Malaysian Prime Minister Anwar Ibrahim visited China twice in 2023.",
        "Officials said Xi would not travel abroad before March.",
    ],
)
def test_counts_habits_and_negations_are_not_meetings(text, vocabulary):
    found = extract(text, vocabulary, published=dt.date(2026, 1, 6))
    assert [c for c in found if c.type != "level"] == []


def test_a_meeting_in_a_clause_after_since_is_read_on_its_own(vocabulary):
    text = (
        "Japan and China have not held a leaders' meeting since Prime Minister Sanae Takaichi met Xi "
        "Jinping on the sidelines of the APEC summit in Gyeongju on Oct. 31."
    )
    (meeting,) = meetings(text, vocabulary, published=dt.date(2026, 1, 23))
    assert (set(meeting.parties), dated(meeting)) == ({"JP", "CN"}, ("2025-10-31", None))


def test_a_meeting_that_happened_stays_one_however_the_sentence_goes_on(vocabulary):
    text = (
        "Russian President Vladimir Putin and Chinese President Xi Jinping held talks via video link on "
        "Wednesday, the Kremlin said, in what has become a tradition at the start of each year."
    )
    (meeting,) = meetings(text, vocabulary, published=dt.date(2026, 1, 21))
    assert (meeting.kind, dated(meeting)) == ("call", ("2026-01-21", None))
