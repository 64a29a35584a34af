import pytest
from django.conf import settings

from partnerships import reference


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

    from events.roles import sync_groups
    from intake.roles import grant_intake

    if not Group.objects.filter(name="editors").exists():
        sync_groups(apps)
        grant_intake(apps)
