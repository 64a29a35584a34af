"""Precision and recall against the hand-annotated articles (see scoring.py for what counts as a hit).

Thresholds: on level statements recall ≥ 0.9 and precision ≥ 0.8, on the sample articles and on the
synthetic ones separately; on meetings recall ≥ 0.8 and precision ≥ 0.7. Run with ``-s`` to see the table.
"""

import pytest

from intake.extract import LEVEL, MEETING
from tests.intake.conftest import article_path
from tests.intake.scoring import score, table

THRESHOLDS = {LEVEL: {"precision": 0.8, "recall": 0.9}, MEETING: {"precision": 0.7, "recall": 0.8}}


def read(entry):
    with article_path(entry).open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize("corpus", ["samples", "synthetic", "blind"])
def test_extraction_meets_the_thresholds(corpus, vocabulary, gold):
    entries = [entry for entry in gold["articles"] if entry["corpus"] == corpus]
    scores = score(entries, vocabulary, read)
    print("\n" + table(f"{corpus} ({len(entries)} articles)", scores))
    for kind, result in scores.items():
        for miss in result.misses:
            print("  missed", kind, miss)
        for extra in result.extras:
            print("  extra", kind, extra)
    for kind, wanted in THRESHOLDS.items():
        assert scores[kind].precision >= wanted["precision"], f"{kind} precision on {corpus}"
        assert scores[kind].recall >= wanted["recall"], f"{kind} recall on {corpus}"
