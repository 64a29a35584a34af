"""Input the database cannot hold answers 400, never 500."""

import pytest
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from events.models import Meeting

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "body",
    [
        {"place": "\x00"},
        {"parties": [{"party": "\x00", "role": "host"}]},
        {"participants": [{"party": "CN", "person": "\x00"}]},
    ],
)
def test_nul_character_in_a_looked_up_value_answers_400(body):
    client = APIClient()
    client.force_authenticate(User.objects.create_superuser("reviewer", password="a long password"))
    response = client.post(
        "/api/v1/meetings/", {"title": "Talks", "start": "2020", "mode": "talks", **body}, format="json"
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("query", ["party=%25d", "scheme=50%25", "tier=%25s", "person=%25(x)s"])
def test_percent_sign_in_an_unknown_value_answers_400_naming_it(query):
    response = APIClient().get(f"/api/v1/{'meetings' if 'person' in query else 'levels'}/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()
