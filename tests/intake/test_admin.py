"""Curators paste or upload an article, review the candidates in its text, accept or reject them."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import Meeting, MeetingMode
from intake.models import Candidate, Decision
from partnerships.models import LevelPeriod
from partnerships.status import Status
from sources.models import Source

ARTICLE = (
    "Kenya, China elevate ties\n\n"
    "China and Kenya on Wednesday agreed to elevate bilateral relations to a comprehensive strategic "
    "partnership of cooperation, during talks between President Xi Jinping and Kenyan President William Ruto "
    "in Beijing.\n\nThe Kenyan leader praised the railway.\n"
)
LEVEL_SENTENCE = ARTICLE.split("\n\n")[1]


def article_form(**overrides):
    data = {
        "title": "Kenya, China elevate ties",
        "publisher": "Agencies",
        "url": "",
        "published_on": "2024-09-05",
        "published_on_precision": "day",
        "language": "en",
        "kind": "independent_press",
        "text": ARTICLE,
    }
    return {**data, **overrides}


@pytest.fixture
def article(admin_client, reference_data):
    response = admin_client.post(reverse("admin:intake_article_add"), article_form())
    source = Source.objects.get(title="Kenya, China elevate ties")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:intake_article_review", args=[source.pk])
    return source


def decide(client, candidate, action):
    url = reverse("admin:intake_candidate_decide", args=[candidate.source_id, candidate.pk, action])
    return client.post(url, follow=True)


def test_pasting_an_article_creates_the_source_and_its_candidates(article):
    assert article.text == ARTICLE
    candidates = list(article.intake_candidates.order_by("type"))
    assert [(c.type, c.decision) for c in candidates] == [("level", "pending"), ("meeting", "pending")]
    level = candidates[0]
    assert level.quote == LEVEL_SENTENCE
    assert ARTICLE[level.start : level.end] == level.quote
    assert level.payload["tier"] == "comprehensive-strategic-cooperative-partnership"
    assert level.payload["date"] == "2024-09-04"


def test_uploading_a_file_takes_its_text(admin_client, reference_data):
    upload = SimpleUploadedFile("article.txt", ARTICLE.encode("utf-8"), content_type="text/plain")
    admin_client.post(
        reverse("admin:intake_article_add"), article_form(text="", upload=upload, title="Uploaded")
    )
    source = Source.objects.get(title="Uploaded")
    assert source.text == ARTICLE
    assert source.intake_candidates.count() == 2


def test_an_article_needs_text(admin_client, reference_data):
    response = admin_client.post(reverse("admin:intake_article_add"), article_form(text="  "))
    assert response.status_code == 200
    assert "Paste the article" in response.content.decode()
    assert not Source.objects.exists()


def test_review_page_highlights_each_candidate_in_the_text(admin_client, article):
    response = admin_client.get(reverse("admin:intake_article_review", args=[article.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    for candidate in article.intake_candidates.all():
        assert f'id="candidate-{candidate.pk}"' in page
    assert '<mark id="text-' in page
    assert "comprehensive strategic cooperative partnership" in page


def test_accepting_a_level_creates_a_draft_period_citing_the_sentence(admin_client, article):
    candidate = article.intake_candidates.get(type="level")
    response = decide(admin_client, candidate, "accept")
    assert "Recorded as a draft" in response.content.decode()
    period = LevelPeriod.objects.get()
    assert period.status == Status.DRAFT
    assert {period.relationship.party_a.code, period.relationship.party_b.code} == {"CN", "KE"}
    assert (period.scheme.slug, period.tier.slug) == ("cn", "comprehensive-strategic-cooperative-partnership")
    assert (period.start_date, period.start_date_precision) == (dt.date(2024, 9, 4), "day")
    assert period.change_kind == "upgraded"
    citation = period.citations.get()
    assert (citation.source, citation.quote) == (article, LEVEL_SENTENCE)
    candidate.refresh_from_db()
    assert (candidate.decision, candidate.level_period, candidate.decided_by.is_superuser) == (
        Decision.ACCEPTED,
        period,
        True,
    )


def test_accepting_a_meeting_creates_a_draft_meeting_with_participants(admin_client, article):
    candidate = article.intake_candidates.get(type="meeting")
    decide(admin_client, candidate, "accept")
    meeting = Meeting.objects.get()
    assert (meeting.status, meeting.mode, meeting.start_date) == (
        Status.DRAFT,
        MeetingMode.TALKS,
        dt.date(2024, 9, 4),
    )
    assert {p.party.code for p in meeting.meeting_parties.all()} == {"CN", "KE"}
    assert {(p.person.name, p.party.code) for p in meeting.participants.all()} == {
        ("Xi Jinping", "CN"),
        ("William Ruto", "KE"),
    }
    assert meeting.citations.get().quote == candidate.quote


def test_rejecting_keeps_the_decision(admin_client, article):
    candidate = article.intake_candidates.get(type="level")
    decide(admin_client, candidate, "reject")
    candidate.refresh_from_db()
    assert candidate.decision == Decision.REJECTED and candidate.decided_at is not None
    assert not LevelPeriod.objects.exists()


def test_a_decided_candidate_cannot_be_decided_again(admin_client, article):
    candidate = article.intake_candidates.get(type="level")
    decide(admin_client, candidate, "reject")
    response = decide(admin_client, candidate, "accept")
    assert "already rejected" in response.content.decode()
    assert not LevelPeriod.objects.exists()


def test_running_again_does_not_duplicate_and_keeps_decisions(admin_client, article):
    candidate = article.intake_candidates.get(type="level")
    decide(admin_client, candidate, "reject")
    admin_client.post(reverse("admin:intake_article_extract", args=[article.pk]))
    admin_client.post(reverse("admin:intake_article_change", args=[article.pk]), article_form())
    assert article.intake_candidates.count() == 2
    assert article.intake_candidates.get(type="level").decision == Decision.REJECTED


def test_editing_the_text_replaces_pending_candidates_only(admin_client, article):
    rejected = article.intake_candidates.get(type="level")
    decide(admin_client, rejected, "reject")
    edited = "Laos and China elevated ties to a comprehensive strategic cooperative partnership in 2009.\n"
    admin_client.post(reverse("admin:intake_article_change", args=[article.pk]), article_form(text=edited))
    remaining = {
        (c.payload["party_b"], c.decision) for c in article.intake_candidates.all() if c.type == "level"
    }
    assert remaining == {("KE", Decision.REJECTED), ("LA", Decision.PENDING)} or remaining == {
        ("CN", Decision.REJECTED),
        ("LA", Decision.PENDING),
    }
    assert not article.intake_candidates.filter(type="meeting").exists()


def test_a_meeting_without_a_date_is_not_recorded(admin_client, reference_data):
    text = "Xi Jinping held talks with Kenyan President William Ruto in Beijing.\n"
    admin_client.post(
        reverse("admin:intake_article_add"),
        article_form(text=text, published_on="", published_on_precision="unknown"),
    )
    candidate = Candidate.objects.get(type="meeting")
    response = decide(admin_client, candidate, "accept")
    assert "gives no date for this meeting" in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.decision == Decision.PENDING
    assert not Meeting.objects.exists()


def test_candidates_list_accepts_in_bulk(admin_client, article):
    url = reverse("admin:intake_candidate_changelist")
    ids = [str(pk) for pk in article.intake_candidates.values_list("pk", flat=True)]
    admin_client.post(url, {"action": "reject_selected", "_selected_action": ids})
    assert set(article.intake_candidates.values_list("decision", flat=True)) == {Decision.REJECTED}
    assert admin_client.get(url).status_code == 200
