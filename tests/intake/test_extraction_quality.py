"""Quality against the hand-annotated texts (see scoring.py for what counts as a hit).

Pinned so that a regression fails, on each corpus (the shared sample articles, the existing synthetic
and blind articles, the news digests written for issue 14):

* meetings: recall ≥ 0.85 and precision ≥ 0.85 over distinct real events, ≥ 90 % of the found meetings
  dated at the precision the text allows, at most 1.1 candidates per real meeting;
* level statements: the quality they had before issue 14, recall and precision 1.0.

Run with ``-s`` to see the table and what was missed.
"""

import pytest

from intake.extract import LEVEL
from tests.intake.conftest import article_path
from tests.intake.scoring import score, score_meetings, table

CORPORA = {
    "samples": ["samples"],
    "existing": ["synthetic", "blind"],
    "digests": ["digests", "digests-blind"],
}
MEETINGS = {"recall": 0.85, "precision": 0.85, "dated_share": 0.90}
MOST_CANDIDATES_PER_MEETING = 1.1
LEVELS = {"recall": 1.0, "precision": 1.0}


def read(entry):
    with article_path(entry).open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize("corpus", CORPORA)
def test_extraction_meets_the_targets(corpus, vocabulary, gold):
    entries = [entry for entry in gold["articles"] if entry["corpus"] in CORPORA[corpus]]
    levels = score(entries, vocabulary, read)[LEVEL]
    meetings = score_meetings(entries, vocabulary, read)
    print("\n" + table(f"{corpus} ({len(entries)} files)", levels, meetings))
    for miss in [*levels.misses, *meetings.misses]:
        print("  missed", miss)
    for extra in [*levels.extras, *meetings.extras]:
        print("  extra", extra)
    for misdated in meetings.misdated:
        print("  misdated", misdated)
    assert entries and meetings.gold and levels.true_positives
    for measure, least in MEETINGS.items():
        assert getattr(meetings, measure) >= least, f"meetings {measure} on {corpus}"
    assert meetings.per_meeting <= MOST_CANDIDATES_PER_MEETING, f"candidates per meeting on {corpus}"
    for measure, least in LEVELS.items():
        assert getattr(levels, measure) >= least, f"level {measure} on {corpus}"
