"""One answer to "which tier does this wording name?": the dataset loader and article intake share the
feature-based matcher of partnerships.wording, and it never guesses (tiers-research.md's traps)."""

import csv

import pytest
from django.conf import settings

from intake.extract import LEVEL, extract
from intake.vocabulary import Vocabulary
from partnerships.wording import TierVocabulary, normalise_wording

pytestmark = pytest.mark.django_db
CHINA = ("cn", "cn-community")


@pytest.mark.parametrize(
    ("wording", "slug"),
    [
        # 新时代全方位战略合作伙伴关系: "all-round" is "comprehensive", "new-era" a qualifier.
        (
            "new-era all-round strategic cooperative partnership",
            "comprehensive-strategic-cooperative-partnership",
        ),
        # Rank 2 in tiers-research.md, the comprehensive cooperative partnership's kin.
        ("all-round high-quality future-oriented partnership", "comprehensive-cooperative-partnership"),
        ("innovative comprehensive partnership", "comprehensive-cooperative-partnership"),
        ("friendly strategic partnership", "strategic-partnership"),
        (
            "long-term and consistent comprehensive strategic partnership",
            "comprehensive-strategic-partnership",
        ),
        (
            "comprehensive cooperative partnership featuring equality, mutual benefit and common development",
            "comprehensive-cooperative-partnership",
        ),
        (
            "all-weather China-Africa community with a shared future for the new era",
            "community-with-a-shared-future",
        ),
        (
            "comprehensive strategic and cooperative partnership",
            "comprehensive-strategic-cooperative-partnership",
        ),
        ("all-weather strategic partnership", "all-weather-strategic-partnership"),
        # The traps: not a partnership, or words the vocabulary does not hold.
        ("comprehensive strategic cooperation", None),
        ("strategic cooperative relationship", None),
        (
            "mutually beneficial relationship based on common strategic interests (comprehensive promotion)",
            None,
        ),
        ("good-neighbourly partnership of mutual trust", None),
        ("partnership", None),
        ("new type of strategic partnership", None),
        # 面向未来的…中阿战略伙伴关系: a strategic partnership, the rest are its qualities.
        (
            "future-oriented strategic partnership of comprehensive cooperation and common development",
            "strategic-partnership",
        ),
    ],
)
def test_dataset_wordings_are_matched_or_not_guessed(reference_data, wording, slug):
    tier = TierVocabulary().match(wording, schemes=CHINA)
    assert (tier.slug if tier else None) == slug


def test_a_match_is_a_tier_of_the_schemes_asked_for(reference_data):
    vocabulary = TierVocabulary()
    assert vocabulary.match("comprehensive strategic partnership", schemes=("vn",)).scheme.slug == "vn"
    assert vocabulary.match("comprehensive strategic cooperative partnership", schemes=("eu",)) is None


def test_normalised_wording_keeps_only_the_rung_deciding_words():
    assert (
        normalise_wording("the All Round Strategic Partnership for a New Era")
        == "all-round strategic partnership"
    )
    assert normalise_wording("strategic cooperative relationship") == "strategic cooperative relationship"


def test_article_intake_and_the_dataset_loader_give_the_same_answer(reference_data):
    """Every wording of the starter dataset: what the loader places it on is what intake reads in a
    sentence using it, and a wording the loader does not place is no level to intake either."""
    loader = TierVocabulary()
    vocabulary = Vocabulary.from_database()
    path = settings.SHARED_DIR / "data" / "china_partnerships.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        wordings = {row["tier_phrase"] for row in csv.DictReader(handle)}
    assert len(wordings) > 50
    for wording in sorted(wordings):
        placed = loader.match(wording, schemes=CHINA)
        text = f"China and Kenya elevated their ties to a {wording}."
        read = [c.tier for c in extract(text, vocabulary) if c.type == LEVEL]
        assert read == ([placed.slug] if placed else []), wording
