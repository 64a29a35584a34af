"""Fixtures for the scaling tests: a second database alias standing in for a read replica."""

import pytest
from django.conf import settings
from django.db import connections
from rest_framework.test import APIClient


@pytest.fixture
def client():
    return APIClient()


# A second alias, ``replica``, mirroring default (as DATABASE_REPLICA_URLS declares one): it connects to the
# test database, as a streaming replica holds the primary's rows. Declared before the test database is set up,
# so that Django points it there; reads go to it only where a test lists it in DATABASE_REPLICAS.
_replica = {**connections.settings["default"]}
_replica["TEST"] = {**_replica.get("TEST", {}), "MIRROR": "default"}
connections.settings["replica"] = _replica
settings.DATABASES["replica"] = _replica


@pytest.fixture
def replica(settings):
    """Anonymous reads go to ``replica``. Its own connection sees only committed rows: the tests that use it
    commit (``transaction=True``)."""
    settings.DATABASE_REPLICAS = ["replica"]
    yield "replica"
    connections["replica"].close()
