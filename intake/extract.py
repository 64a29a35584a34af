"""Article text → candidate claims, each tied to the sentences that state it.

Pure functions: a text, a ``Vocabulary`` and (optionally) the publication date in, candidates out; no
database, no network. Three kinds of candidate:

* **level**: two parties and a tier ("China and Zambia … elevated … to a comprehensive strategic
  cooperative partnership"), with the kind of statement and its date (``intake.levels``);
* **meeting**: a meeting that happened — the parties, the officials with their titles, the mode (visit,
  talks, call, summit, strategic dialogue, sidelines), the date or range of days, the place — with every
  sentence that mentions it (``intake.meetings``, ``intake.merge``);
* **planned**: a meeting announced, expected or hoped for, kept apart: it is not a meeting (yet).

The text is read item by item (``intake.items``: an article is one item, a digest several), sentence by
sentence (``intake.reading``). The rules are written for news English in general; nothing in them names
a sample article.
"""

import datetime as dt
from dataclasses import dataclass, field

from core.partial_dates import PartialDate
from intake.levels import ANNIVERSARY, ASPIRATION, ESTABLISHED, HOLDS, UPGRADED, level_statements
from intake.meetings import NOT_A_MEETING, date_by_their_event, meeting_mentions
from intake.merge import MeetingMention, combine, group_mentions, join_items, primary
from intake.modality import HAPPENED
from intake.reading import FOLDED, HEADLINE, readings
from intake.vocabulary import Vocabulary

LEVEL, MEETING, PLANNED = "level", "meeting", "planned"

__all__ = [
    "ANNIVERSARY", "ASPIRATION", "ESTABLISHED", "HOLDS", "LEVEL", "MEETING", "PLANNED", "UPGRADED",
    "Candidate", "extract", "meeting_candidate",
]  # fmt: skip


@dataclass
class Candidate:
    """One claim the text seems to make, with the sentence that stands for it (``start``, ``end``,
    ``quote``) and, for meetings, every sentence that mentions it (``sentences``)."""

    type: str
    start: int
    end: int
    quote: str
    parties: tuple[str, ...]
    kind: str
    date: PartialDate | None = None
    date_text: str = ""
    end_date: dt.date | None = None
    tier: str | None = None
    scheme: str | None = None
    tier_name: str = ""
    wording: str = ""
    participants: list[dict] = field(default_factory=list)
    city: str = ""
    place: str | None = None
    notes: list[str] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)

    @property
    def key(self) -> str:
        """What the candidate claims, apart from where it is said: stable across re-runs."""
        if self.type == LEVEL:
            return f"{'-'.join(sorted(self.parties))}|{self.scheme or ''}|{self.tier or ''}"
        return ",".join(sorted(self.parties))

    def as_json(self) -> dict:
        """The candidate as a JSON-ready dict (the ``extract_claims`` output and the stored payload)."""
        level = self.type == LEVEL
        return {
            "type": self.type,
            "party_a": self.parties[0] if level else None,
            "party_b": self.parties[1] if level else None,
            "parties": list(self.parties),
            "tier": self.tier,
            "scheme": self.scheme,
            "tier_name": self.tier_name,
            "wording": self.wording,
            "kind": self.kind,
            "mode": None if level else self.kind,
            "date": str(self.date) if self.date else None,
            "end_date": self.end_date.isoformat() if self.end_date else None,
            "date_text": self.date_text,
            "participants": self.participants,
            "city": self.city,
            "place": self.place,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "notes": self.notes,
            "sentences": self.sentences,
            "mentions": self.mentions,
        }


def extract(text: str, vocabulary: Vocabulary, *, published: dt.date | None = None) -> list[Candidate]:
    """Every level, meeting and planned-meeting candidate in ``text``, in text order.

    ``published`` anchors relative dates ("on Friday", "earlier in the week"); without it, a dateline
    at the head of the text ("Beijing, 25 May 2024 (TDI): …") is used, and failing that relative dates
    stay unresolved (``date`` None, ``date_text`` kept). A digest's items are dated by their own
    datelines, else by the digest's date line, else by ``published``.
    """
    candidates: list[Candidate] = []
    groups: list[list[MeetingMention]] = []
    folded: dict[int, list[tuple[int, int]]] = {}
    for index, reading in enumerate(readings(text, vocabulary, published)):
        folded[index] = list(reading.item.folded)
        mentions = []
        for sentence in reading.sentences:
            levels = level_statements(reading, sentence)
            candidates += [
                Candidate(
                    type=LEVEL,
                    start=sentence.start,
                    end=sentence.end,
                    quote=reading.words(sentence),
                    **level,
                )
                for level in levels
            ]
            mentions += meeting_mentions(reading, sentence, index)
            reading.moved_past(sentence, [level["parties"] for level in levels])
        date_by_their_event(mentions)
        groups += group_mentions([mention for mention in mentions if mention.status != NOT_A_MEETING])
    for group in join_items(groups):
        candidates.append(meeting_candidate(text, group, folded))
    return sorted(candidates, key=lambda candidate: (candidate.start, candidate.type != LEVEL))


def meeting_candidate(
    text: str, group: list[MeetingMention], folded: dict[int, list[tuple[int, int]]] | None = None
) -> Candidate:
    """The candidate for one meeting from its mentions; a headline brings the lines that repeat it
    (``folded``, per item: "Continue reading …", the table of contents)."""
    reading = combine(group)
    first = primary(group)
    spans = {(mention.start, mention.end): mention.role for mention in group}
    for mention in group:
        if mention.role == HEADLINE:
            spans.update({span: FOLDED for span in (folded or {}).get(mention.item, [])})
    sentences = [
        {"start": start, "end": end, "quote": text[start:end], "role": role}
        for (start, end), role in sorted(spans.items())
    ]
    date = PartialDate.parse(reading["date"]) if reading["date"] else None
    return Candidate(
        type=MEETING if first.status == HAPPENED else PLANNED,
        start=first.start,
        end=first.end,
        quote=text[first.start : first.end],
        parties=tuple(reading["parties"]),
        kind=reading["kind"],
        date=date,
        date_text=reading["date_text"],
        end_date=dt.date.fromisoformat(reading["end_date"]) if reading["end_date"] else None,
        participants=reading["participants"],
        city=reading["city"],
        place=reading["place"],
        notes=reading["notes"],
        sentences=sentences,
        mentions=[mention.as_json() for mention in group],
    )
