"""One candidate per meeting: the mentions of one meeting put together, with every sentence that backs it.

Within an item, a mention joins a meeting already read when

* both happened, or both are planned;
* they name the same parties;
* their modes agree (a call is not a meeting in person);
* their dates fit: one undated, or one inside the other ("on January 4" inside "January 3-5", a day
  inside its month); two different days are two meetings;
* their officials do not contradict each other: when neither is dated, two mentions naming different
  officials of every party they share ("Xi met Putin", "Wang Yi met Lavrov") are two meetings.

Headlines are read as mentions of their item, so they fold into the meeting they announce. Across the
items of a digest, two meetings merge only on the strongest evidence: the same parties and the same
day (or range of days).

The meeting's date is the widest range or day among its mentions' dated to the day (a visit of January
3-5 holds its talks of January 4), else the finest month or year; its mode the one of the mention that
gave the date. The same rules recombine mentions when a curator merges or splits candidates.
"""

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from functools import cached_property

_IN_PERSON = "in person"
# The modes, the most telling first (a call is named as such; "summit" may only be the occasion).
PRIORITY = ["call", "strategic_dialogue", "sidelines", "talks", "visit", "summit"]


@dataclass
class MeetingMention:
    """One naming of a meeting in a sentence (``start``/``end`` span the sentence)."""

    start: int
    end: int
    role: str
    item: int
    mode: str
    status: str
    parties: tuple[str, ...]
    date: str | None = None  # a partial date: "2026", "2026-01", "2026-01-04"
    end_date: str | None = None  # the last day of a range
    date_text: str = ""
    participants: list[dict] = field(default_factory=list)
    city: str = ""
    place: str | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {
            **data,
            "parties": list(self.parties),
            "participants": [dict(person) for person in self.participants],
            "notes": list(self.notes),
        }

    def dated(self, date: str | None, end_date: str | None, date_text: str, note: str) -> "MeetingMention":
        """The same mention with another date."""
        return replace(self, date=date, end_date=end_date, date_text=date_text, notes=[*self.notes, note])

    @classmethod
    def from_json(cls, data: dict) -> "MeetingMention":
        names = cls.__dataclass_fields__
        return cls(
            **{
                **{key: value for key, value in data.items() if key in names},
                "parties": tuple(data["parties"]),
            }
        )

    @cached_property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The days the mention's date covers."""
        if not self.date:
            return None
        parts = [int(part) for part in self.date.split("-")]
        if len(parts) == 1:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
        if len(parts) == 2:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], last)
        first = dt.date(*parts)
        return first, dt.date.fromisoformat(self.end_date) if self.end_date else first

    @property
    def to_the_day(self) -> bool:
        return bool(self.date) and self.date.count("-") == 2

    @property
    def setting(self) -> str:
        return "call" if self.mode == "call" else _IN_PERSON

    def names(self) -> dict[str, set[str]]:
        """The officials named, per party."""
        named: dict[str, set[str]] = {}
        for person in self.participants:
            if person.get("name") and person.get("party"):
                named.setdefault(person["party"], set()).add(person["name"])
        return named


def nested(first, second) -> bool:
    """Whether one span of days holds the other."""
    return (first[0] <= second[0] and second[1] <= first[1]) or (
        second[0] <= first[0] and first[1] <= second[1]
    )


def _same_person(first: str, second: str) -> bool:
    """ "Xi" and "Xi Jinping", "Mahama" and "John Mahama" are the same official."""
    a, b = set(first.split()), set(second.split())
    return a <= b or b <= a


def _shares_an_official(group: list[MeetingMention], mention: MeetingMention) -> bool:
    theirs = mention.names()
    for other in group:
        for party, names in other.names().items():
            if any(_same_person(name, their) for name in names for their in theirs.get(party, ())):
                return True
    return False


def _contradicting_officials(group: list[MeetingMention], mention: MeetingMention) -> bool:
    theirs = mention.names()
    ours: dict[str, set[str]] = {}
    for other in group:
        for party, names in other.names().items():
            ours.setdefault(party, set()).update(names)
    shared = [party for party in theirs if party in ours]
    return len(shared) >= 2 and not _shares_an_official(group, mention)


def fits(group: list[MeetingMention], mention: MeetingMention) -> bool:
    """Whether ``mention`` is of the meeting ``group`` (see the module docstring)."""
    first = group[0]
    if mention.status != first.status or frozenset(mention.parties) != frozenset(first.parties):
        return False
    if any(other.setting != mention.setting for other in group):
        return False
    spans = [other.span for other in group if other.span]
    if mention.span and not all(nested(span, mention.span) for span in spans):
        return False
    # Undated, only the officials tell two meetings apart.
    return bool(spans or mention.span) or not _contradicting_officials(group, mention)


def group_mentions(mentions: list[MeetingMention]) -> list[list[MeetingMention]]:
    """The meetings of one item: its mentions grouped, in text order (see the module docstring)."""
    groups: list[list[MeetingMention]] = []
    for mention in mentions:
        options = [group for group in groups if fits(group, mention)]
        if not options:
            groups.append([mention])
            continue
        # Several meetings fit: the one naming the same officials, then the one of the same date.
        best = max(
            options,
            key=lambda group: (
                _shares_an_official(group, mention),
                any(other.date == mention.date and mention.date for other in group),
                groups.index(group),
            ),
        )
        best.append(mention)
    return groups


def join_items(groups: list[list[MeetingMention]]) -> list[list[MeetingMention]]:
    """Meetings of different items of a digest told twice: same parties, same day or range of days."""
    joined: list[list[MeetingMention]] = []
    by_day: dict[tuple, list[MeetingMention]] = {}
    for group in groups:
        dating = _dating(group)
        first = group[0]
        key = None
        if dating is not None and dating.to_the_day:
            key = (first.status, frozenset(first.parties), first.setting, dating.date, dating.end_date)
        twin = by_day.get(key) if key else None
        if twin is not None and twin[0].item != first.item:
            twin.extend(group)
            continue
        joined.append(list(group))
        if key:
            by_day.setdefault(key, joined[-1])
    return joined


def _dating(group: list[MeetingMention]) -> MeetingMention | None:
    """The mention whose date is the meeting's."""
    dated = [mention for mention in group if mention.span]
    if not dated:
        return None
    days = [mention for mention in dated if mention.to_the_day]
    if days:
        # The widest; of a range of days named twice, the visit it is ("attended … and paid a state visit
        # … from October 30 to November 1").
        return max(
            days,
            key=lambda mention: (
                mention.span[1] - mention.span[0],
                mention.mode == "visit" and mention.span[1] > mention.span[0],
                -PRIORITY.index(mention.mode),
            ),
        )
    return min(dated, key=lambda mention: (mention.span[1] - mention.span[0], PRIORITY.index(mention.mode)))


def primary(group: list[MeetingMention]) -> MeetingMention:
    """The mention whose sentence stands for the meeting: the one giving its date, else the first in the
    body, else the first."""
    dating = _dating(group)
    if dating is not None:
        return dating
    return next((mention for mention in group if mention.role == "body"), group[0])


def combine(group: list[MeetingMention]) -> dict:
    """The meeting the mentions of ``group`` describe together: parties, mode, date, officials, place."""
    dating = _dating(group)
    # The mode of the mention that dates the meeting; else the most telling one.
    mode = dating.mode if dating else min((mention.mode for mention in group), key=PRIORITY.index)
    participants: list[dict] = []
    for mention in group:
        for person in mention.participants:
            same = next(
                (
                    known
                    for known in participants
                    if known["party"] == person["party"]
                    and (
                        known["name"] == person["name"]
                        or (known["name"] and person["name"] and _same_person(known["name"], person["name"]))
                    )
                ),
                None,
            )
            if same is None:
                participants.append(dict(person))
            else:
                if len(person["name"]) > len(same["name"]):
                    same["name"] = person["name"]
                if len(person["title"]) > len(same["title"]):
                    same["title"] = person["title"]
    placed = next((mention for mention in group if mention.place), None)
    notes = []
    for mention in group:
        for note in mention.notes:
            if note not in notes:
                notes.append(note)
    first = primary(group)
    return {
        "parties": first.parties,
        "kind": mode,
        "date": dating.date if dating else None,
        "end_date": dating.end_date if dating else None,
        "date_text": dating.date_text if dating else "",
        "participants": participants,
        "city": placed.city if placed else next((mention.city for mention in group if mention.city), ""),
        "place": placed.place if placed else None,
        "notes": notes,
    }
