"""Review before publication: roles, confirmations, the quote rule, retraction, queues, conflict decisions."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from events.models import Meeting
from partnerships.models import ConflictDecision, EndStatus, LevelPeriod
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MeetingFactory,
    MeetingPartyFactory,
    SourceFactory,
    TierFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curator_groups")]
CHANGELIST = "admin:partnerships_levelperiod_changelist"


def user_in(group_name, client):
    user = User.objects.create_user(username=group_name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


def run_action(client, action, objects, confirm=False, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], **extra}
    if confirm:
        data["confirm"] = "yes"
    return client.post(reverse(CHANGELIST), data)


def draft_with_quote(**kwargs):
    period = LevelPeriodFactory(status=Status.DRAFT, **kwargs)
    LevelPeriodCitationFactory(level_period=period, quote="the two sides agreed to upgrade")
    return period


def test_groups_are_created_by_migration_with_their_permissions():
    editors, reviewers = Group.objects.get(name="editors"), Group.objects.get(name="reviewers")
    assert editors.permissions.filter(codename="add_levelperiod").exists()
    assert not editors.permissions.filter(codename="publish_levelperiod").exists()
    assert reviewers.permissions.filter(codename="publish_levelperiod").exists()
    assert Group.objects.get(name="admins").permissions.count() > reviewers.permissions.count()


def test_action_asks_for_confirmation_before_changing_anything(admin_client):
    period = draft_with_quote()
    page = run_action(admin_client, "submit_for_review", [period])
    assert page.status_code == 200 and "are you sure?" in page.content.decode()
    period.refresh_from_db()
    assert period.status == Status.DRAFT
    run_action(admin_client, "submit_for_review", [period], confirm=True)
    period.refresh_from_db()
    assert period.status == Status.IN_REVIEW


def test_editor_submits_but_cannot_publish_or_edit_published(client):
    user_in("editors", client)
    period = draft_with_quote()
    run_action(client, "submit_for_review", [period], confirm=True)
    period.refresh_from_db()
    assert period.status == Status.IN_REVIEW
    assert run_action(client, "publish", [period], confirm=True).status_code == 403
    published = LevelPeriodFactory()
    change = reverse("admin:partnerships_levelperiod_change", args=[published.pk])
    assert client.post(change, {}).status_code == 403


def test_reviewer_publishes_and_the_upgrade_ends_its_predecessor(client):
    user_in("reviewers", client)
    old = LevelPeriodFactory(tier=TierFactory(rank=10), start_date=dt.date(2010, 1, 1))
    upgrade = draft_with_quote(
        relationship=old.relationship,
        tier=TierFactory(scheme=old.scheme, rank=20),
        start_date=dt.date(2016, 6, 1),
    )
    upgrade.status = Status.IN_REVIEW
    upgrade.save()
    run_action(client, "publish", [upgrade], confirm=True)
    upgrade.refresh_from_db()
    old.refresh_from_db()
    assert upgrade.status == Status.PUBLISHED and upgrade.change_kind == "upgraded"
    assert (old.end_status, old.end_date) == (EndStatus.ENDED, dt.date(2016, 6, 1))
    assert LevelPeriod.objects.in_force_on(dt.date(2017, 1, 1)).get() == upgrade


def test_publication_without_quoted_citation_is_refused(admin_client):
    period = LevelPeriodFactory(status=Status.IN_REVIEW)
    LevelPeriodCitationFactory(level_period=period, quote="   ")
    response = run_action(admin_client, "publish", [period], confirm=True)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("at least one citation with a quote" in message for message in messages)
    period.refresh_from_db()
    assert period.status == Status.IN_REVIEW


def test_database_refuses_a_published_claim_without_quote_whatever_the_path():
    period = LevelPeriodFactory(status=Status.DRAFT)
    LevelPeriod.objects.filter(pk=period.pk).update(status=Status.PUBLISHED)
    with pytest.raises(IntegrityError, match="needs at least one citation with a quote"):
        connection.check_constraints()


def test_last_quote_of_a_published_meeting_cannot_be_removed():
    meeting = MeetingFactory()
    with pytest.raises(IntegrityError, match="published meeting needs"), transaction.atomic():
        meeting.citations.all().delete()
        connection.check_constraints()


def test_retraction_needs_a_reason_and_keeps_the_record(admin_client):
    period = LevelPeriodFactory()
    page = run_action(admin_client, "retract", [period], confirm=True, reason="")
    assert "This field is required." in page.content.decode()
    run_action(
        admin_client, "retract", [period], confirm=True, reason="The source misquoted the joint statement."
    )
    period.refresh_from_db()
    assert (period.status, period.retraction_reason) == (
        Status.RETRACTED,
        "The source misquoted the joint statement.",
    )
    assert (
        admin_client.get(reverse("admin:partnerships_levelperiod_change", args=[period.pk])).status_code
        == 200
    )


def test_queues_list_awaiting_review_missing_archives_and_conflicts(admin_client):
    published = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    published.citations.update(source=SourceFactory(archive_url="https://web.archive.org/x"))
    waiting = draft_with_quote()
    LevelPeriod.objects.filter(pk=waiting.pk).update(status=Status.IN_REVIEW)
    unarchived = LevelPeriodFactory()
    conflict = draft_with_quote(
        relationship=published.relationship, tier=published.tier, start_date=dt.date(2009, 1, 1)
    )
    successor = draft_with_quote(
        relationship=published.relationship, tier=published.tier, start_date=dt.date(2020, 1, 1)
    )

    def queue(name):
        return set(admin_client.get(reverse(CHANGELIST), {"queue": name}).context["cl"].queryset)

    assert queue("review") == {waiting}
    assert unarchived in queue("archive") and published not in queue("archive")
    assert queue("conflicts") == {conflict}
    assert successor not in queue("conflicts")


@pytest.mark.parametrize(
    ("decision", "proposal_status", "published_status"),
    [
        (ConflictDecision.Decision.KEEP_PUBLISHED, Status.RETRACTED, Status.PUBLISHED),
        (ConflictDecision.Decision.ACCEPT_PROPOSAL, Status.PUBLISHED, Status.RETRACTED),
    ],
)
def test_conflict_decision_is_applied_and_recorded(
    admin_client, admin_user, decision, proposal_status, published_status
):
    published = LevelPeriodFactory(start_date=dt.date(2010, 1, 1))
    proposal = draft_with_quote(
        relationship=published.relationship, tier=published.tier, start_date=dt.date(2009, 3, 1)
    )
    run_action(
        admin_client,
        "resolve_conflict",
        [proposal],
        confirm=True,
        decision=decision,
        rationale="MFA page gives 2009.",
    )
    proposal.refresh_from_db()
    published.refresh_from_db()
    assert (proposal.status, published.status) == (proposal_status, published_status)
    recorded = ConflictDecision.objects.get()
    assert (recorded.proposal, recorded.published, recorded.rationale, recorded.decided_by) == (
        proposal,
        published,
        "MFA page gives 2009.",
        admin_user,
    )


def test_possible_duplicate_meetings_are_queued(admin_client):
    china, cambodia, laos = CountryFactory(), CountryFactory(), CountryFactory()

    def meeting(day, *parties):
        created = MeetingFactory(start_date=dt.date(2024, 5, day))
        for party in parties:
            MeetingPartyFactory(meeting=created, party=party)
        MeetingCitationFactory(meeting=created)
        return created

    first, second = meeting(24, china, cambodia), meeting(25, cambodia, china)
    meeting(25, china, laos)
    meeting(10, china, cambodia)
    queue = (
        admin_client.get(reverse("admin:events_meeting_changelist"), {"queue": "duplicates"})
        .context["cl"]
        .queryset
    )
    assert set(queue) == {first, second}
    assert set(Meeting.objects.possible_duplicates(days=0)) == set()
