"""The curator's screen for meetings: merged candidates with their sentences; merge and split, with a
clear message and nothing written on bad input; accepting cites every sentence."""

import datetime as dt
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Meeting
from intake.models import Candidate, Decision
from intake.services import extract_for_source
from sources.models import Source

DIGEST = (
    "Xi holds talks with Kenyan President Ruto\n"
    "BEIJING, Sept. 4 (Xinhua) -- Chinese President Xi Jinping held talks with Kenyan President "
    "William Ruto in Beijing on Wednesday.\n"
    "Xi also met Ruto at a banquet for African leaders.\n"
    "Continue reading Xi holds talks with Kenyan President Ruto\n"
    "\n"
    "Ruto calls on Chinese Premier\n"
    "Kenyan President William Ruto held talks with Chinese Premier Li Qiang in Beijing.\n"
    "Continue reading Ruto calls on Chinese Premier\n"
)
BANQUET = "Xi also met Ruto at a banquet for African leaders."


def add_article(client, text, title="Kenya digest", published="2024-09-05"):
    data = {
        "title": title,
        "publisher": "Agencies",
        "url": "",
        "published_on": published,
        "published_on_precision": "day" if published else "unknown",
        "language": "en",
        "kind": "independent_press",
        "text": text,
    }
    client.post(reverse("admin:intake_article_add"), data)
    return Source.objects.get(title=title)


@pytest.fixture
def digest(admin_client, reference_data):
    return add_article(admin_client, DIGEST)


def kenya_meetings(source):
    return list(source.intake_candidates.filter(type="meeting").order_by("start"))


def snapshot(source):
    return sorted(source.intake_candidates.values_list("pk", "decision", "merged_into", "curated", "payload"))


def merge(client, source, ids):
    url = reverse("admin:intake_candidates_merge", args=[source.pk])
    return unescape(client.post(url, {"candidates": [str(pk) for pk in ids]}, follow=True).content.decode())


def split(client, candidate, starts):
    url = reverse("admin:intake_candidate_split", args=[candidate.source_id, candidate.pk])
    return unescape(
        client.post(url, {"sentences": [str(start) for start in starts]}, follow=True).content.decode()
    )


def test_a_meeting_candidate_holds_every_sentence_that_mentions_it(digest):
    first, second = kenya_meetings(digest)
    assert [s["role"] for s in first.sentences] == ["headline", "body", "body", "folded"]
    assert first.payload["date"] == "2024-09-04"
    assert all(DIGEST[s["start"] : s["end"]] == s["quote"] for s in first.sentences)
    assert second.payload["date"] is None  # the other item gives no date


def test_review_page_shows_the_sentences_with_merge_and_split_boxes(admin_client, digest):
    first, second = kenya_meetings(digest)
    page = admin_client.get(reverse("admin:intake_article_review", args=[digest.pk])).content.decode()
    assert BANQUET in page
    assert f'name="candidates" value="{first.pk}" form="merge-form"' in page
    banquet = next(s for s in first.sentences if s["quote"] == BANQUET)
    assert f'name="sentences" value="{banquet["start"]}" form="split-{first.pk}"' in page
    assert "repeats the headline" in page


def test_review_page_needs_the_same_queries_however_many_candidates(admin_client, reference_data):
    small = add_article(admin_client, DIGEST, title="Small")
    large = add_article(admin_client, "\n".join([DIGEST] * 4), title="Large")
    assert large.intake_candidates.count() > small.intake_candidates.count()
    counts = []
    for source in (small, large):
        url = reverse("admin:intake_article_review", args=[source.pk])
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(url).status_code == 200
        counts.append(len(queries))
    # Session, user, article, its candidates with what they created (one query): no query per row.
    assert counts[0] == counts[1]


def test_merging_keeps_one_candidate_with_every_sentence(admin_client, digest):
    first, second = kenya_meetings(digest)
    page = merge(admin_client, digest, [second.pk, first.pk])
    assert "Merged 2 candidates into one" in page
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.decision, second.merged_into, second.decided_at is not None) == (
        Decision.MERGED,
        first,
        True,
    )
    assert first.curated and first.decision == Decision.PENDING
    quotes = [s["quote"] for s in first.sentences]
    assert "Kenyan President William Ruto held talks with Chinese Premier Li Qiang in Beijing." in quotes
    assert first.payload["date"] == "2024-09-04"
    assert {p["name"] for p in first.payload["participants"]} >= {"Xi Jinping", "William Ruto", "Li Qiang"}


def test_running_the_extractor_again_keeps_what_the_curator_merged(admin_client, digest):
    first, second = kenya_meetings(digest)
    merge(admin_client, digest, [first.pk, second.pk])
    before = snapshot(digest)
    report = extract_for_source(source=digest)
    assert snapshot(digest) == before
    assert report.created == 0 and report.removed == 0


@pytest.mark.parametrize(
    "choose, message",
    [
        (lambda first, second, level, other: [], "Choose at least two meeting candidates"),
        (lambda first, second, level, other: [first.pk], "Choose at least two meeting candidates"),
        (lambda first, second, level, other: [first.pk, "x"], "must be given by number"),
        (lambda first, second, level, other: [first.pk, other.pk], "not this article's"),
        (lambda first, second, level, other: [other.pk, level.pk], "Only meeting candidates can be merged"),
    ],
)
def test_merging_bad_choices_says_why_and_changes_nothing(admin_client, digest, choose, message):
    first, second = kenya_meetings(digest)
    extra = add_article(
        admin_client,
        "Kenya and China elevated ties to a comprehensive strategic partnership of cooperation in 2024.\n"
        "Xi Jinping met William Ruto on Monday.\n",
        title="Other",
    )
    level = extra.intake_candidates.get(type="level")
    other = extra.intake_candidates.get(type="meeting")
    before, before_other = snapshot(digest), snapshot(extra)
    ids = choose(first, second, level, other)
    source = extra if other.pk in ids and level.pk in ids else digest
    url = reverse("admin:intake_candidates_merge", args=[source.pk])
    page = unescape(
        admin_client.post(url, {"candidates": [str(pk) for pk in ids]}, follow=True).content.decode()
    )
    assert message in page
    assert (snapshot(digest), snapshot(extra)) == (before, before_other)


def test_merging_candidates_of_two_meetings_is_refused(admin_client, reference_data):
    source = add_article(
        admin_client,
        "Xi Jinping met Kenyan President William Ruto in Beijing on Monday.\n\n"
        "Chinese Premier Li Qiang held talks with Kenyan President William Ruto on Wednesday.\n"
        "Xi Jinping spoke with Nigerian President Bola Tinubu by phone.\n",
    )
    kenya = list(source.intake_candidates.filter(key="CN,KE").order_by("start"))
    nigeria = source.intake_candidates.get(key="CN,NG")
    before = snapshot(source)
    assert "cannot be one meeting" in merge(admin_client, source, [c.pk for c in kenya])
    assert "different parties" in merge(admin_client, source, [kenya[0].pk, nigeria.pk])
    assert snapshot(source) == before


def test_splitting_off_a_sentence_makes_a_candidate_of_its_own(admin_client, digest):
    first, _ = kenya_meetings(digest)
    banquet = next(s for s in first.sentences if s["quote"] == BANQUET)
    page = split(admin_client, first, [banquet["start"]])
    assert "Split off into a candidate of its own" in page
    first.refresh_from_db()
    new = digest.intake_candidates.get(start=banquet["start"])
    assert [s["quote"] for s in new.sentences] == [BANQUET]
    assert BANQUET not in [s["quote"] for s in first.sentences]
    assert new.curated and first.curated and new.payload["date"] is None
    before = snapshot(digest)
    extract_for_source(source=digest)
    assert snapshot(digest) == before


def test_a_split_of_a_merged_candidate_brings_the_merged_one_back(admin_client, digest):
    first, second = kenya_meetings(digest)
    merge(admin_client, digest, [first.pk, second.pk])
    first.refresh_from_db()
    split(admin_client, first, [s["start"] for s in first.sentences if s["start"] >= second.start])
    second.refresh_from_db()
    assert (second.decision, second.merged_into, second.curated) == (Decision.PENDING, None, True)
    assert second.start in [s["start"] for s in second.sentences]


@pytest.mark.parametrize(
    "choose, message",
    [
        (lambda first: [], "Choose the sentences to split off"),
        (lambda first: ["x"], "must be given by number"),
        (lambda first: [first.start], "own sentence stays with it"),
        (lambda first: [first.end + 1000], "not this candidate's"),
        (lambda first: [first.sentences[-1]["start"]], "not only lines repeating a headline"),
    ],
)
def test_splitting_bad_choices_says_why_and_changes_nothing(admin_client, digest, choose, message):
    first, _ = kenya_meetings(digest)
    before = snapshot(digest)
    url = reverse("admin:intake_candidate_split", args=[digest.pk, first.pk])
    page = unescape(
        admin_client.post(url, {"sentences": [str(s) for s in choose(first)]}, follow=True).content.decode()
    )
    assert message in page
    assert snapshot(digest) == before


def test_a_decided_candidate_is_neither_merged_nor_split(admin_client, digest):
    first, second = kenya_meetings(digest)
    admin_client.post(reverse("admin:intake_candidate_decide", args=[digest.pk, second.pk, "reject"]))
    before = snapshot(digest)
    assert "already rejected" in merge(admin_client, digest, [first.pk, second.pk])
    assert "already rejected" in split(admin_client, second, [second.sentences[0]["start"]])
    assert snapshot(digest) == before


def test_accepting_a_visit_keeps_its_days_and_cites_each_sentence(admin_client, reference_data):
    text = (
        "Dar's visit to China\n"
        "Deputy Prime Minister and Foreign Minister Mohammad Ishaq Dar visited China from January 3-5, 2026 "
        "and co-chaired the Pakistan-China Strategic Dialogue in Beijing with Chinese Foreign Minister "
        "Wang Yi "
        "on January 4.\n"
        "During the visit, the Deputy Prime Minister also called on Vice President Han Zheng.\n"
    )
    source = add_article(admin_client, text, published="2026-01-06")
    candidate = source.intake_candidates.get(type="meeting")
    admin_client.post(reverse("admin:intake_candidate_decide", args=[source.pk, candidate.pk, "accept"]))
    meeting = Meeting.objects.get()
    assert (meeting.start_date, meeting.start_date_precision, meeting.end_date) == (
        dt.date(2026, 1, 3),
        "day",
        dt.date(2026, 1, 5),
    )
    assert sorted(meeting.citations.values_list("quote", flat=True)) == sorted(
        {s["quote"] for s in candidate.sentences}
    )
    assert {p.person.name for p in meeting.participants.all()} >= {"Wang Yi", "Han Zheng"}


def test_a_planned_meeting_is_never_recorded(admin_client, reference_data):
    source = add_article(
        admin_client,
        "British Prime Minister Keir Starmer will visit China later this month.\n",
        published="2026-01-06",
    )
    candidate = source.intake_candidates.get()
    assert candidate.type == "planned"
    page = admin_client.get(reverse("admin:intake_article_review", args=[source.pk])).content.decode()
    assert reverse("admin:intake_candidate_decide", args=[source.pk, candidate.pk, "accept"]) not in page
    url = reverse("admin:intake_candidate_decide", args=[source.pk, candidate.pk, "accept"])
    assert "planned meeting is not recorded" in admin_client.post(url, follow=True).content.decode()
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING and not Meeting.objects.exists()


def test_candidates_list_merges_in_bulk(admin_client, digest):
    first, second = kenya_meetings(digest)
    url = reverse("admin:intake_candidate_changelist")
    page = admin_client.post(
        url, {"action": "merge_selected", "_selected_action": [first.pk, second.pk]}, follow=True
    ).content.decode()
    assert "Merged into one" in page
    assert Candidate.objects.get(pk=second.pk).merged_into_id == first.pk
