import pytest
from django.conf import settings
from django.core.cache import caches

from partnerships import reference


@pytest.fixture(autouse=True)
def empty_caches():
    """Throttle counts and kept answers live in the caches; each test starts with none."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def reference_data(db):
    """Every ISO country, the organisations, and the tier vocabulary of shared/data/tiers.csv."""
    reference.load_countries()
    reference.load_organisations()
    reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")


@pytest.fixture
def curator_groups(db):
    """The groups the migrations create; recreated when a transactional test has flushed them."""
    from django.apps import apps
    from django.contrib.auth.models import Group

    from dataset.roles import sync_groups

    if not Group.objects.filter(name="editors").exists():
        sync_groups(apps)
