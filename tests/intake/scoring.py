"""Precision and recall of the extractor against the hand-annotated claims in gold/claims.json.

Levels: a hit is the same unordered pair and the same tier slug, counted once per article however many
sentences state it; a hit's date agrees when some candidate for it gives the annotated date (candidates may
be more precise than the gold, never less or different).

Meetings are scored per real event. A candidate is the gold meeting with the same parties whose date it
fits: the same date (and last day), or a date inside the gold one's period, or one covering it, or none; a
candidate whose date lies outside every gold meeting of its parties is a meeting that is not in the text.
Recall counts the gold meetings found; precision the found events that are real (unreal candidates with
the same parties and date are one event); *dated* the candidates dated exactly as the gold meeting is, at
the precision the text allows (undated where it gives no date); *per meeting* the candidates each found
meeting has. Candidates of planned meetings are no meetings and are not scored.
"""

import calendar
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


@dataclass
class MeetingScore:
    gold: int = 0
    found: int = 0  # gold meetings with at least one candidate
    unreal: int = 0  # distinct events proposed that are not in the gold
    candidates: int = 0  # candidates attached to a gold meeting
    dated_exactly: int = 0  # of those, dated as the gold meeting is
    misses: list = field(default_factory=list)
    extras: list = field(default_factory=list)
    misdated: list = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.found / (self.found + self.unreal) if self.found + self.unreal else 1.0

    @property
    def dated_share(self) -> float:
        return self.dated_exactly / self.candidates if self.candidates else 1.0

    @property
    def per_meeting(self) -> float:
        return self.candidates / self.found if self.found else 0.0


def _level_key(claim) -> tuple:
    return frozenset(claim["pair"]), claim["tier"]


def _date_agrees(gold: str | None, found: str | None) -> bool:
    return gold is not None and found is not None and found.startswith(gold)


def _candidates(entry, vocabulary, read):
    published = dt.date.fromisoformat(entry["published"]) if entry["published"] else None
    return extract(read(entry), vocabulary, published=published)


def score(entries, vocabulary, read) -> dict[str, Score]:
    """Level scores over ``entries`` (the scoring of the level statements is unchanged by issue 14);
    ``read(entry)`` returns the article's text."""
    result = Score()
    for entry in entries:
        found: dict = {}
        for candidate in _candidates(entry, vocabulary, read):
            if candidate.type == LEVEL:
                found.setdefault((frozenset(candidate.parties), candidate.tier), []).append(
                    candidate.as_json()
                )
        wanted = {_level_key(claim): claim for claim in entry["levels"]}
        for key, claim in wanted.items():
            if key in found:
                result.true_positives += 1
                if claim["date"]:
                    result.dated += 1
                    if any(_date_agrees(claim["date"], record["date"]) for record in found[key]):
                        result.dates_agreeing += 1
            else:
                result.false_negatives += 1
                result.misses.append((entry["file"], claim))
        for key, records in found.items():
            if key not in wanted:
                result.false_positives += 1
                result.extras.append(
                    (entry["file"], records[0]["parties"], records[0]["tier"], records[0]["quote"])
                )
    return {LEVEL: result}


def _span(date: str | None, end: str | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a partial date ("2025", "2025-04", "2025-04-17") and an optional last day cover."""
    if not date:
        return None
    parts = [int(part) for part in date.split("-")]
    if len(parts) == 1:
        first, last = dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    elif len(parts) == 2:
        days = calendar.monthrange(parts[0], parts[1])[1]
        first, last = dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], days)
    else:
        first = last = dt.date(*parts)
    return first, dt.date.fromisoformat(end) if end else last


def _fit(gold: dict, record: dict) -> int:
    """How well a candidate's date fits a gold meeting: 4 the same, 3 inside it, 2 covering it, 1 undated
    (or dated where the text gives no date), 0 elsewhere."""
    wanted = _span(gold["date"], gold.get("end"))
    given = _span(record["date"], record.get("end_date"))
    if wanted is None or given is None:
        return 1
    if (gold["date"], gold.get("end")) == (record["date"], record.get("end_date")):
        return 4
    if wanted[0] <= given[0] and given[1] <= wanted[1]:
        return 3
    if given[0] <= wanted[0] and wanted[1] <= given[1]:
        return 2
    return 0


def _dated_as_text_allows(gold: dict, record: dict) -> bool:
    return (gold["date"], gold.get("end")) == (record["date"], record.get("end_date"))


def score_meetings(entries, vocabulary, read) -> MeetingScore:
    """Meeting scores over ``entries``, per real event (see the module docstring)."""
    result = MeetingScore()
    for entry in entries:
        golds = entry["meetings"]
        result.gold += len(golds)
        attached: dict[int, list] = {}
        unreal = set()
        for candidate in _candidates(entry, vocabulary, read):
            if candidate.type != MEETING:
                continue
            record = candidate.as_json()
            parties = frozenset(record["parties"])
            options = [
                (_fit(gold, record), index not in attached, -index, index)
                for index, gold in enumerate(golds)
                if frozenset(gold["parties"]) == parties
            ]
            best = max(options, default=None)
            if best is None or best[0] == 0:
                event = (parties, record["date"], record.get("end_date"))
                if event not in unreal:
                    unreal.add(event)
                    result.extras.append((entry["file"], record["parties"], record["date"], record["quote"]))
                continue
            attached.setdefault(best[3], []).append(record)
        result.unreal += len(unreal)
        for index, gold in enumerate(golds):
            records = attached.get(index, [])
            if not records:
                result.misses.append((entry["file"], gold))
                continue
            result.found += 1
            result.candidates += len(records)
            for record in records:
                if _dated_as_text_allows(gold, record):
                    result.dated_exactly += 1
                else:
                    result.misdated.append((entry["file"], gold, record["date"], record.get("end_date")))
    return result


def table(title: str, levels: Score, meetings: MeetingScore) -> str:
    return "\n".join(
        [
            title,
            "| claims | gold | hits | precision | recall | dated | per meeting |",
            "|---|---|---|---|---|---|---|",
            f"| levels | {levels.true_positives + levels.false_negatives} | {levels.true_positives} "
            f"| {levels.precision:.2f} | {levels.recall:.2f} | {levels.dates_agreeing}/{levels.dated} | |",
            f"| meetings | {meetings.gold} | {meetings.found} | {meetings.precision:.2f} "
            f"| {meetings.recall:.2f} | {meetings.dated_share:.0%} | {meetings.per_meeting:.2f} |",
        ]
    )
