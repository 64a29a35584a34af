"""Who may do what: anonymous, viewer, editor, reviewer and admin against every API operation, every admin
screen and review action, the public pages, the export and the feed.

A viewer is a signed-in reader with no permission; editors, reviewers and admins are the curators' groups
(dataset/roles.py). What a role may *see* is tested in test_drafts_never_leak.py; here, what it may *do*.
"""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Meeting
from partnerships.models import LevelPeriod
from partnerships.status import Status
from tests.hardening.conftest import ROLES

pytestmark = pytest.mark.django_db

STRATEGIC = "comprehensive-strategic-cooperative-partnership"

READS = [
    "/api/v1/parties/",
    "/api/v1/parties/KH/",
    "/api/v1/schemes/",
    "/api/v1/schemes/cn/",
    "/api/v1/tiers/",
    "/api/v1/relationships/",
    "/api/v1/relationships/CN-KH/",
    "/api/v1/levels/",
    "/api/v1/meetings/",
    "/api/v1/people/",
    "/api/v1/people/hun-sen/",
    "/api/v1/sources/",
    "/api/v1/changes/",
    "/api/v1/changes/feed/",
    "/api/v1/export/",
    "/api/schema/",
    "/api/docs/",
    "/api/redoc/",
]

PAGES = [
    "/",
    "/parties/",
    "/parties/KH/",
    "/relationships/CN-KH/",
    "/tiers/",
    "/meetings/",
    "/search/?q=china",
]


@pytest.mark.parametrize("role", ROLES)
def test_every_read_is_open_to_every_role(world, api_clients, page_clients, role):
    for url in READS + [
        f"/api/v1/levels/{world['levels'][0].pk}/",
        f"/api/v1/meetings/{world['meeting'].pk}/",
    ]:
        assert api_clients[role].get(url).status_code == 200, url
    for url in PAGES + [f"/meetings/{world['meeting'].pk}/", f"/sources/{world['source'].pk}/"]:
        assert page_clients[role].get(url).status_code == 200, url


# --- API writes

# What each role gets when it writes: 401 without credentials, 403 without the model permission.
CREATE_DRAFT = {"anonymous": 401, "viewer": 403, "editor": 201, "reviewer": 201, "admin": 201}
# Publishing needs publish_levelperiod / publish_meeting: reviewers and admins.
CREATE_PUBLISHED = {"anonymous": 401, "viewer": 403, "editor": 403, "reviewer": 201, "admin": 201}
CORRECT_DRAFT = {"anonymous": 401, "viewer": 403, "editor": 200, "reviewer": 200, "admin": 200}
CORRECT_PUBLISHED = {"anonymous": 401, "viewer": 403, "editor": 403, "reviewer": 200, "admin": 200}
# No API deletes: a role without delete permission is refused first (403), one with it finds no such method.
DELETE = {"anonymous": 401, "viewer": 403, "editor": 403, "reviewer": 405, "admin": 405}


def level_payload(world, **changes):
    return {
        "party_a": "KH",
        "party_b": "CN",
        "scheme": "cn",
        "tier": STRATEGIC,
        "start": "2019-04",
        "wording": "community with a shared future",
        "citations": [{"source": world["source"].pk, "quote": "a new era"}],
        **changes,
    }


def meeting_payload(world, **changes):
    return {
        "title": "Talks in Phnom Penh",
        "mode": "talks",
        "start": "2024-05-01",
        "parties": [{"party": "CN", "role": "visitor"}, {"party": "KH", "role": "host"}],
        "citations": [{"source": world["source"].pk, "quote": "the two sides met"}],
        **changes,
    }


def if_match(client, url) -> dict:
    """The If-Match header a client would send after reading ``url``, when it may read it."""
    response = client.get(url)
    return {"HTTP_IF_MATCH": response["ETag"]} if response.status_code == 200 else {"HTTP_IF_MATCH": '"v1-x"'}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("kind", ["levels", "meetings"])
def test_creating_a_claim(world, api_clients, role, status, kind):
    payload = (level_payload if kind == "levels" else meeting_payload)(world, status=status)
    model = LevelPeriod if kind == "levels" else Meeting
    before = model.objects.count()
    response = api_clients[role].post(f"/api/v1/{kind}/", payload, format="json")
    expected = (CREATE_DRAFT if status == "draft" else CREATE_PUBLISHED)[role]
    assert response.status_code == expected, response.content
    assert model.objects.count() == before + (1 if expected == 201 else 0)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("record", ["draft", "published"])
def test_correcting_a_level(world, api_clients, role, record):
    level = world["draft"] if record == "draft" else world["levels"][1]
    url = f"/api/v1/levels/{level.pk}/"
    client = api_clients[role]
    response = client.patch(url, {"wording": "corrected wording"}, format="json", **if_match(client, url))
    expected = (CORRECT_DRAFT if record == "draft" else CORRECT_PUBLISHED)[role]
    assert response.status_code == expected, response.content
    level.refresh_from_db()
    assert (level.wording == "corrected wording") == (expected == 200)


@pytest.mark.parametrize("role", ROLES)
def test_correcting_a_meeting_with_put(world, api_clients, role):
    meeting = world["draft_meeting"]
    url = f"/api/v1/meetings/{meeting.pk}/"
    client = api_clients[role]
    payload = {"title": "Corrected title", "mode": "talks", "start": "2024-05-01"}
    response = client.put(url, payload, format="json", **if_match(client, url))
    assert response.status_code == CORRECT_DRAFT[role], response.content
    meeting.refresh_from_db()
    assert (meeting.title == "Corrected title") == (CORRECT_DRAFT[role] == 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["levels", "meetings"])
def test_nothing_is_deleted_through_the_api(world, api_clients, role, kind):
    record = world["draft"] if kind == "levels" else world["draft_meeting"]
    response = api_clients[role].delete(f"/api/v1/{kind}/{record.pk}/")
    assert response.status_code == DELETE[role]
    assert type(record).objects.filter(pk=record.pk).exists()


READ_ONLY = [
    "/api/v1/parties/",
    "/api/v1/parties/KH/",
    "/api/v1/schemes/",
    "/api/v1/tiers/",
    "/api/v1/relationships/",
    "/api/v1/relationships/CN-KH/",
    "/api/v1/people/",
    "/api/v1/sources/",
    "/api/v1/changes/",
    "/api/v1/export/",
]


@pytest.mark.parametrize("role", ROLES)
def test_read_only_endpoints_refuse_every_write(world, api_clients, role):
    from tests.hardening.test_hostile_input import row_counts

    before = row_counts()
    for url in READ_ONLY:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(api_clients[role], method)(url, {"name": "x"}, format="json")
            assert response.status_code in (401, 403, 405), (method, url, response.status_code)
            if role == "anonymous" and response.status_code != 405:
                assert response.status_code == 401
    assert row_counts() == before


def test_a_revoked_token_no_longer_opens_the_api(world, api_clients, users, page_clients):
    from rest_framework.authtoken.models import Token

    editor = api_clients["editor"]
    assert editor.get(f"/api/v1/levels/{world['draft'].pk}/").status_code == 200
    # An admin revokes the token in the admin (Auth Token → Tokens → delete).
    token = Token.objects.get(user=users["editor"])
    delete = reverse("admin:authtoken_tokenproxy_delete", args=[token.user_id])
    assert page_clients["admin"].post(delete, {"post": "yes"}).status_code == 302
    assert not Token.objects.filter(user=users["editor"]).exists()
    assert editor.get(f"/api/v1/levels/{world['draft'].pk}/").status_code == 401
    assert editor.post("/api/v1/levels/", level_payload(world), format="json").status_code == 401


def test_tokens_are_per_user_and_only_admins_manage_them(users, page_clients):
    url = reverse("admin:authtoken_tokenproxy_changelist")
    assert {role: page_clients[role].get(url).status_code for role in ROLES} == {
        "anonymous": 302,
        "viewer": 302,
        "editor": 403,
        "reviewer": 403,
        "admin": 200,
    }


# --- Admin screens


def admin_screens():
    for model in admin.site._registry:
        opts = model._meta
        yield pytest.param(model, id=f"{opts.app_label}.{opts.model_name}")


@pytest.mark.parametrize("model", list(admin_screens()))
def test_every_admin_list_answers_by_the_roles_permissions(model, users, page_clients):
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    for role in ROLES:
        response = page_clients[role].get(url)
        user = users[role]
        if user is None or not user.is_staff:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], role
            continue
        may_view = user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
        assert response.status_code == (200 if may_view else 403), (role, response.status_code)


# The roles' reach, spelled out for the screens that matter most (200 opens, 403 refused, 302 to the login).
SCREENS = {
    "admin:partnerships_levelperiod_changelist": [302, 302, 200, 200, 200],
    "admin:partnerships_levelperiod_add": [302, 302, 200, 200, 200],
    "admin:events_meeting_add": [302, 302, 200, 200, 200],
    "admin:sources_source_add": [302, 302, 200, 200, 200],
    "admin:partnerships_party_changelist": [302, 302, 200, 200, 200],
    "admin:partnerships_party_add": [302, 302, 403, 200, 200],
    "admin:partnerships_tier_add": [302, 302, 403, 200, 200],
    "admin:auth_user_changelist": [302, 302, 403, 403, 200],
    "admin:auth_group_changelist": [302, 302, 403, 403, 200],
    "admin:axes_accessattempt_changelist": [302, 302, 403, 403, 200],
    "admin:intake_article_changelist": [302, 302, 200, 200, 200],
}


@pytest.mark.parametrize("screen", SCREENS)
def test_key_admin_screens_by_role(screen, users, page_clients):
    answers = [page_clients[role].get(reverse(screen)).status_code for role in ROLES]
    assert answers == SCREENS[screen]


@pytest.mark.parametrize(("role", "deleted"), [("editor", False), ("reviewer", True), ("admin", True)])
def test_only_reviewers_and_admins_delete_a_draft(world, page_clients, role, deleted):
    draft = world["draft"]
    url = reverse("admin:partnerships_levelperiod_delete", args=[draft.pk])
    response = page_clients[role].post(url, {"post": "yes"})
    assert response.status_code == (302 if deleted else 403)
    assert LevelPeriod.objects.filter(pk=draft.pk).exists() is not deleted


def run_action(client, action, objects, **extra):
    data = {"action": action, "_selected_action": [obj.pk for obj in objects], "confirm": "yes", **extra}
    return client.post(reverse("admin:partnerships_levelperiod_changelist"), data)


@pytest.mark.parametrize("role", ["editor", "reviewer", "admin"])
def test_review_actions_by_role(world, page_clients, role):
    client = page_clients[role]
    published, in_review = world["levels"][0], world["in_review"]
    LevelPeriod.objects.filter(pk=in_review.pk).update()  # unchanged; keeps the record's version as read
    may_review = role != "editor"

    response = run_action(client, "retract", [published], reason="superseded")
    assert response.status_code == (302 if may_review else 403)
    published.refresh_from_db()
    assert (published.status == Status.RETRACTED) is may_review

    response = run_action(client, "delete_selected", [world["draft"]], post="yes")
    assert LevelPeriod.objects.filter(pk=world["draft"].pk).exists() is not may_review


@pytest.mark.parametrize("role", ["anonymous", "viewer"])
def test_readers_never_reach_an_admin_action(world, page_clients, role):
    response = run_action(page_clients[role], "publish", [world["in_review"]])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    world["in_review"].refresh_from_db()
    assert world["in_review"].status == Status.IN_REVIEW
