import pytest
from django.conf import settings

from partnerships import reference


@pytest.fixture
def reference_data(db):
    """Every ISO country, the organisations, and the tier vocabulary of shared/data/tiers.csv."""
    reference.load_countries()
    reference.load_organisations()
    reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")
