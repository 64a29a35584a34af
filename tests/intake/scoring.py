"""Precision and recall of the extractor against the hand-annotated claims in gold/claims.json.

A level hit is the same unordered pair and the same tier slug; a meeting hit is the same set of
parties. Both are counted once per article however many sentences state them. A hit's date agrees
when some candidate for it gives the annotated date (candidates may be more precise than the gold,
never less or different).
"""

import datetime as dt
from dataclasses import dataclass, field

from intake.extract import LEVEL, MEETING, extract


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    dated: int = 0
    dates_agreeing: int = 0
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0


def _level_key(claim) -> tuple:
    return frozenset(claim["pair"]), claim["tier"]


def _date_agrees(gold: str | None, found: str | None) -> bool:
    return gold is not None and found is not None and found.startswith(gold)


def score(entries, vocabulary, read) -> dict[str, Score]:
    """Scores per claim type over ``entries``; ``read(entry)`` returns the article's text."""
    scores = {LEVEL: Score(), MEETING: Score()}
    for entry in entries:
        published = dt.date.fromisoformat(entry["published"]) if entry["published"] else None
        candidates = extract(read(entry), vocabulary, published=published)
        found = {LEVEL: {}, MEETING: {}}
        for candidate in candidates:
            record = candidate.as_json()
            if candidate.type == LEVEL:
                key = (frozenset(candidate.parties), candidate.tier)
            else:
                key = frozenset(candidate.parties)
            found[candidate.type].setdefault(key, []).append(record)
        wanted = {
            LEVEL: {_level_key(claim): claim for claim in entry["levels"]},
            MEETING: {frozenset(claim["parties"]): claim for claim in entry["meetings"]},
        }
        for kind in (LEVEL, MEETING):
            result = scores[kind]
            for key, claim in wanted[kind].items():
                if key in found[kind]:
                    result.true_positives += 1
                    if claim["date"]:
                        result.dated += 1
                        if any(_date_agrees(claim["date"], record["date"]) for record in found[kind][key]):
                            result.dates_agreeing += 1
                else:
                    result.false_negatives += 1
                    result.misses.append((entry["file"], claim))
            for key, records in found[kind].items():
                if key not in wanted[kind]:
                    result.false_positives += 1
                    result.extras.append(
                        (entry["file"], records[0]["parties"], records[0]["tier"], records[0]["quote"])
                    )
    return scores


def table(title: str, scores: dict[str, Score]) -> str:
    lines = [
        title,
        "| claim type | gold | found | hits | precision | recall | dates agreeing |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, result in scores.items():
        gold = result.true_positives + result.false_negatives
        found = result.true_positives + result.false_positives
        lines.append(
            f"| {kind} | {gold} | {found} | {result.true_positives} "
            f"| {result.precision:.2f} | {result.recall:.2f} "
            f"| {result.dates_agreeing}/{result.dated} |"
        )
    return "\n".join(lines)
