"""The admin starts where curators work: the review queue with counts, then records by task, System last."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from partnerships.status import Status
from tests.factories import LevelPeriodCitationFactory, LevelPeriodFactory, MeetingFactory, SourceFactory

pytestmark = pytest.mark.django_db


def queue(response) -> dict[str, int]:
    return {entry.label: entry.count for entry in response.context["queues"]}


def sections(response) -> list[str]:
    return [app["name"] for app in response.context["app_list"]]


def make_work(n: int) -> None:
    """n of each kind of waiting work."""
    for _ in range(n):
        LevelPeriodFactory(status=Status.IN_REVIEW)
        MeetingFactory(status=Status.IN_REVIEW)
        SourceFactory(publisher="Unknown")
        source = SourceFactory(text="The two sides agreed.", published_on=dt.date(2020, 1, 1))
        LevelPeriodCitationFactory(source=source, quote="words nowhere in the text")


def test_index_lists_the_review_queue_with_counts_and_links(admin_client):
    make_work(2)
    response = admin_client.get(reverse("admin:index"))

    counts = queue(response)
    assert counts["Levels awaiting review"] == 2
    assert counts["Meetings awaiting review"] == 2
    assert counts["Incomplete sources"] == 2
    assert counts["Quotes not found in their source"] == 2
    assert {"Conflicting claims", "Possible duplicate meetings", "Intake candidates to decide"} <= set(counts)
    page = response.content.decode()
    assert page.index("Review queue") < page.index("Level periods")
    for entry in response.context["queues"]:
        assert f'href="{entry.url}"' in page
        assert admin_client.get(entry.url).status_code == 200, entry.url


def test_index_is_ordered_by_task_with_the_plumbing_under_system_last(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert sections(response) == ["Levels", "Meetings", "Sources", "Intake", "Reference data", "System"]
    [system] = [app for app in response.context["app_list"] if app["name"] == "System"]
    apps = {model["model"]._meta.app_label for model in system["models"]}
    assert apps == {"auth", "authtoken", "axes", "pghistory"}
    levels = response.context["app_list"][0]
    assert [model["object_name"] for model in levels["models"]] == [
        "LevelPeriod",
        "Relationship",
        "CoverageCheck",
    ]


def test_an_editor_sees_the_queue_of_what_they_may_view_and_no_system(client):
    editor = User.objects.create_user("editor", password="a long enough password", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["view_levelperiod", "change_levelperiod", "view_source"])
    )
    client.force_login(editor)
    response = client.get(reverse("admin:index"))

    assert set(queue(response)) == {
        "Levels awaiting review",
        "Conflicting claims",
        "Quotes not found in their source",
        "Incomplete sources",
    }
    assert "System" not in sections(response)


def test_app_pages_keep_their_own_lists(admin_client):
    response = admin_client.get(reverse("admin:app_list", args=["partnerships"]))
    assert [app["app_label"] for app in response.context["app_list"]] == ["partnerships"]


def test_index_query_count_does_not_grow_with_the_work(admin_client, django_assert_max_num_queries):
    # session, user, 6 counts, quotes: citations, then the cited texts (one cursor) of each citation table
    # (levels, meetings), recent actions = 13
    make_work(1)
    with django_assert_max_num_queries(13):
        admin_client.get(reverse("admin:index"))
    make_work(15)
    with django_assert_max_num_queries(13):
        response = admin_client.get(reverse("admin:index"))
    assert queue(response)["Levels awaiting review"] == 16


def test_reviewers_group_sees_every_queue(client):
    reviewer = User.objects.create_user("reviewer", password="a long enough password", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="reviewers"))
    client.force_login(reviewer)
    assert len(queue(client.get(reverse("admin:index")))) >= 6
