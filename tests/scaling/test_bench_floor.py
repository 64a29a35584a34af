"""The benchmark's framework floor (bench/floor.py) answers as an endpoint does: 200, through the whole stack.

Its figure is what the ratios to the raw baseline are read against; an error page answered faster than any
endpoint would make it meaningless (it once answered every request with a 500).
"""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_floor_answers_like_an_endpoint(client):
    response = client.get("/bench-floor/", secure=True)
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert response["Cache-Control"] == "no-store"
