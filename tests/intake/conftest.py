import json
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction

from intake.vocabulary import Vocabulary
from partnerships import reference

GOLD_DIR = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def vocabulary(django_db_setup, django_db_blocker):
    """The extractor's vocabulary built from the real reference data, which is rolled back afterwards.

    Building it once keeps the extraction tests fast; they need no database of their own.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        reference.load_countries()
        reference.load_organisations()
        reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")
        built = Vocabulary.from_database()
        transaction.set_rollback(True)
    return built


@pytest.fixture(scope="session")
def gold():
    return json.loads((GOLD_DIR / "claims.json").read_text(encoding="utf-8"))


def article_path(entry: dict) -> Path:
    if entry["corpus"] == "samples":
        return settings.SHARED_DIR / "samples" / "articles" / entry["file"]
    return GOLD_DIR / "articles" / entry["file"]
