"""The API's rate limits answer 429 with Retry-After, per anonymous address and per user."""

import pytest
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db


def allowed() -> int:
    count, _ = AnonRateThrottle().parse_rate(api_settings.DEFAULT_THROTTLE_RATES["anon"])
    return count


def test_an_anonymous_caller_over_the_rate_is_answered_429_with_retry_after(reference_data):
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    statuses = [client.get("/api/v1/schemes/").status_code for _ in range(allowed())]
    assert set(statuses) == {200}
    refused = client.get("/api/v1/schemes/")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "throttled" in refused.json()["detail"].lower() or "request" in refused.json()["detail"].lower()
    # Another address is not held back by this one.
    assert APIClient(REMOTE_ADDR="198.51.100.8").get("/api/v1/schemes/").status_code == 200
