"""Fixtures for the scaling tests: a second database alias standing in for a read replica."""

import pytest
from django.core.cache import cache
from django.db import connections
from rest_framework.test import APIClient


@pytest.fixture
def client():
    return APIClient()


@pytest.fixture(autouse=True)
def empty_cache():
    """Throttle counts and kept answers live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def replica(settings):
    """The alias ``replica``, connected to the test database as a streaming replica holds the primary's rows.

    Its own connection: it sees only committed rows, hence ``transaction=True`` in the tests that use it.
    """
    connections.settings["replica"] = {**connections.settings["default"]}
    settings.DATABASE_REPLICAS = ["replica"]
    yield "replica"
    connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]
