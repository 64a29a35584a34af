"""Meeting mentions: the words of a sentence that name a meeting, with who, when, where, and whether it
happened (``intake.modality``).

A sentence may name a meeting several times ("visited China from January 3-5 and co-chaired the
Strategic Dialogue … on January 4"): each naming is a mention with its own mode and nearest date, and
``intake.merge`` puts the mentions of one meeting together. A tour ("state visits to Viet Nam, Malaysia
and Cambodia") is one visit per country.
"""

import datetime as dt
import re

from intake.dates import find_dates
from intake.merge import PRIORITY, MeetingMention
from intake.modality import HAPPENED, NOT_A_MEETING, PLANNED, classify, speaks_of_future

__all__ = ["NOT_A_MEETING", "date_by_their_event", "meeting_mentions"]
from core.partial_dates import Precision
from intake.reading import Reading, Sentence
from intake.vocabulary import PERSON

_PATTERNS = [
    (
        "call",
        re.compile(
            r"\b(?:phone|telephone|video)[\s-]+(?:call|conversation|talks?|link)\b|\bphoned\b"
            r"|\bspoke\s+(?:by|over\s+the|on\s+the)\s+(?:phone|telephone)\b"
            r"|\b(?:by|over|on)\s+(?:the\s+)?(?:phone|telephone)\b",
            re.I,
        ),
    ),
    ("strategic_dialogue", re.compile(r"\bstrategic\s+dialogue\b", re.I)),
    ("sidelines", re.compile(r"\bon\s+the\s+(?:sidelines|margins)\s+of\b", re.I)),
    (
        "talks",
        re.compile(
            r"\b(?:met|meets)\b|\bmeet(?:ing)?\s+with\b|\bmeetings?\s+(?:with|between|at|in)\b"
            r"|\b(?:to|will|would|and)\s+meet\b|\b(?:was|were|is|are)\s+meeting\b|\btalks\s+(?:with|between)\b"
            r"|\b(?:held|hold|holds|holding)\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w'’-]+\s+){0,3}?"
            r"(?:talks|meeting|consultations)\b"
            r"|\bduring\s+(?:the|their)\s+talks\b|\b(?:received|receives|hosted|hosts)\b"
            r"|\b(?:before|after)\s+the\s+talks\b"
            r"|\bcall(?:ed|s|ing)?\s+on\s+(?:the\s+)?(?:President|Prime|Premier|Vice|Chairman|Chairwoman|King"
            r"|Queen|Emir|Crown|Foreign|Chancellor|Secretary|Minister|Speaker)\b",
            re.I,
        ),
    ),
    (
        "visit",
        re.compile(
            r"\bvisit(?:s|ed|ing)?\b|\btrip\s+to\b|\barrived\s+in\b|\btravel(?:s|led|ed|ling)?\s+to\b", re.I
        ),
    ),
    ("summit", re.compile(r"\bsummit\b", re.I)),
]
# Tried in the order of merge.PRIORITY, the stronger mode first: one order for both.
MODES = sorted(_PATTERNS, key=lambda mode: PRIORITY.index(mode[0]))
# Modes that name a meeting of states even when no official is named.
_MODES_WITHOUT_PEOPLE = {"call", "strategic_dialogue", "summit"}
_HELD_TALKS = re.compile(
    r"\b(?:held|hold|holds|holding)\s+(?:(?:a|an|the|their|its)\s+)?(?:[\w'’-]+\s+){0,3}?(?:talks|meeting|consultations)\b",
    re.I,
)
_THE_TWO = re.compile(
    r"\b(?:the\s+two|both)\s+(?:sides|leaders|ministers|foreign\s+ministers|presidents|heads\s+of\s+state"
    r"|premiers|prime\s+ministers|countries|governments)\b",
    re.I,
)
_PRONOUN_START = re.compile(r"^(?:[\"“])?(?:He|She)\b")
_DESTINATION = re.compile(
    r"\b(?:visits?|visited|visiting|trip|tour|travel(?:led|ed)?|arrived|flew)\s+(?:to\s+|in\s+)?(?:the\s+)?$",
    re.I,
)
_EVENT_AFTER = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+(?:summit|meeting|forum|conference|ministerial)\b", re.I)
_MADE_IT_A_VISIT = re.compile(r"\s+(?:his|her|their)\s+(?:\w+\s+){0,3}visit")
_LIST_GLUE = re.compile(r"^(?:,\s+(?:and\s+)?|\s+and\s+)(?:the\s+)?$")
# "who is on a state visit …": a relative clause about a person, not the sentence's own news.
_ABOUT_SOMEONE = re.compile(r",\s+(?:who|whose|which)\b[^,;]*", re.I)
# "following a meeting between …", "after the talks": the sentence's date is of what came after.
_REFERENCE = re.compile(
    r"\b(?:after|following|before|ahead\s+of|prior\s+to)\s+(?:(?:the|their|his|her|its|a|an)\s+)?"
    r"(?:[\w'’-]+\s+){0,3}$",
    re.I,
)
# "…, the ministry said on Tuesday": the date of the report, not of the meeting.
_REPORTED = re.compile(
    r"\b(?:said|says|announced|told\s+(?:\w+\s+){0,2}?|reported|confirmed|added|stated|wrote|tweeted)\s+$",
    re.I,
)
_ONE_DAY = dt.timedelta(days=1)


# Every mode needs one of these words: most sentences have none and are passed over at once.
_ANY_MODE = re.compile(
    r"phone|video|dialogue|sidelines|margins|met|meet|talks|held|hold|receiv|host|call|visit|trip|arrived"
    r"|travel|summit",
    re.I,
)


def _triggers(text: str, sentence: Sentence) -> list[tuple[str, int, int]]:
    """(mode, start, end) of every naming of a meeting, the stronger mode where two overlap."""
    if not _ANY_MODE.search(text, sentence.start, sentence.end):
        return []
    found = []
    for name, pattern in MODES:
        for match in pattern.finditer(text, sentence.start, sentence.end):
            span = match.span()
            if not any(start < span[1] and span[0] < end for _, start, end in found):
                found.append((name, *span))
    clauses = [match.span() for match in _ABOUT_SOMEONE.finditer(text, sentence.start, sentence.end)]
    main = [t for t in found if not any(first <= t[1] < last for first, last in clauses)]
    triggers = sorted(main or found, key=lambda trigger: trigger[1])
    if any(mode == "call" for mode, _, _ in triggers):
        # "held talks via video link", "held a phone conversation": the talks are the call.
        triggers = [("call" if mode == "talks" else mode, start, end) for mode, start, end in triggers]
    return triggers


def meeting_mentions(reading: Reading, sentence: Sentence, item: int) -> list[MeetingMention]:
    """The meetings a sentence names, each marked happened, planned or not a meeting (a count, a habit,
    a negation: kept only to date what they name, see ``date_by_their_event``)."""
    text = reading.text
    mentions = []
    for mode, start, end in _triggers(text, sentence):
        status = classify(text, sentence.start, sentence.end, (start, end))
        for parties, place, how, participants in _parties(reading, sentence, mode):
            date, last, date_text = _date(reading, sentence, start, end, status)
            notes = [] if how == "sentence" else [f"a party taken from {how}"]
            if status == HAPPENED and _after_report(reading, date):
                status = PLANNED
                notes.append("dated after the report: taken as planned")
            places = sentence.places
            mentions.append(
                MeetingMention(
                    start=sentence.start,
                    end=sentence.end,
                    role=sentence.role,
                    item=item,
                    mode=mode,
                    status=status,
                    parties=parties,
                    date=str(date) if date else None,
                    end_date=last.isoformat() if last else None,
                    date_text=date_text,
                    participants=participants,
                    city=places[0].form if places else "",
                    place=place,
                    notes=notes,
                )
            )
    return mentions


def _after_report(reading: Reading, date) -> bool:
    return date is not None and reading.published is not None and date.date > reading.published + _ONE_DAY


def _date(reading: Reading, sentence: Sentence, start: int, end: int, status: str):
    if _REFERENCE.search(reading.text, max(sentence.start, start - 60), start):
        return None, None, ""
    dates = [
        date
        for date in reading.usable_dates(sentence, start)
        if date.date
        and not date.bounds_a_period
        and not _REPORTED.search(reading.text, max(sentence.start, date.start - 30), date.start)
    ]
    nearest = reading.nearest_date(sentence, start, end, dates)
    if nearest is None:
        return None, None, ""
    if nearest.date.precision != Precision.DAY:
        # "Last year, Wang visited Namibia … in January": the finer date within the nearest one.
        inside = [
            date
            for date in dates
            if date is not nearest
            and date.date.precision != nearest.date.precision
            and _within(date, nearest)
        ]
        if inside:
            nearest = min(inside, key=lambda date: abs(date.start - start))
    words = reading.words(sentence)
    future = speaks_of_future(words)
    if nearest.relative and future != (status == PLANNED):
        # "… will travel to follow up on agreements signed during the king's state visit to China on
        # November 10-13": the tense of the meeting the date is of counts, not the sentence's.
        again = find_dates(
            reading.text,
            published=reading.published,
            start=sentence.start,
            end=sentence.end,
            past=status == HAPPENED,
            future=status == PLANNED,
        )
        nearest = next(
            (date for date in again if (date.start, date.end) == (nearest.start, nearest.end) and date.date),
            nearest,
        )
    return nearest.date, nearest.last, nearest.text


def _within(inner, outer) -> bool:
    return (
        outer.date.earliest <= inner.date.earliest and (inner.last or inner.date.latest) <= outer.date.latest
    )


def _parties(reading: Reading, sentence: Sentence, mode: str) -> list[tuple]:
    """(parties, place, how they were found, participants) of the meeting, one per country of a tour."""
    text = reading.text
    body = reading.words(sentence)
    people = [person for person in sentence.people if person.code]
    pronoun = _PRONOUN_START.match(body)
    last = reading.last_person
    if pronoun and last is not None and all(person.code != last.code for person in people):
        people.insert(0, last)
    # "Former President Luis Lacalle Pou": an official of a party the text does not name.
    officials = people or [person for person in sentence.people if person.title and person.name]
    explicit = sentence.parties()
    if not officials and not explicit and _THE_TWO.search(body) and reading.context_pair:
        explicit = list(reading.context_pair)  # "The two ministers last spoke by phone …"
    if not officials and not explicit:
        return []
    if not officials and mode not in _MODES_WITHOUT_PEOPLE and not _HELD_TALKS.search(body):
        return []
    participants = [
        {"name": person.name, "title": person.title, "party": person.code}
        for person in people
        if person.name or person.title
    ]
    visitors = []
    for person in people:
        if person.code not in visitors:
            visitors.append(person.code)
    destinations = _destinations(text, sentence)
    places = sentence.places
    if mode == "visit" and len(destinations) > 1:
        visitors = [code for code in visitors if code not in destinations][:1]
        if not visitors and reading.context_pair:
            visitors = [code for code in reading.context_pair if code not in destinations][:1]
        return [((*visitors, code), code, "sentence", participants) for code in destinations if visitors]
    codes = list(visitors)
    if destinations and destinations[0] not in codes:
        codes.append(destinations[0])
    if len(codes) < 2 and places and places[0].code not in codes:
        codes.append(places[0].code)
    if len(codes) < 2:
        # "the APEC summit", "the SCO summit": an organisation naming the event, a party only if no one
        # else is named.
        events = _event_organisations(reading, sentence)
        codes += [code for code in explicit if code not in codes and code not in events]
        if len(codes) < 2:
            codes += [code for code in explicit if code not in codes]
    if len(codes) < 2 and not officials:
        return []  # a summit or call of one named party: too little to go on
    how = "sentence"
    if len(codes) < 2:
        context = [code for code in (reading.context_pair or ()) if code not in codes]
        if codes and reading.context_pair and codes[0] in reading.context_pair:
            codes += context[:1]
        elif codes:
            codes += [code for code in reading.dominant if code not in codes][:1]
        else:
            codes = list(reading.context_pair or reading.dominant[:2])
        if len(codes) < 2:
            return []
        how = "the article's context"
    place = places[0].code if places else (destinations[0] if mode == "visit" and destinations else None)
    return [(tuple(codes), place, how, participants)]


def _event_organisations(reading: Reading, sentence: Sentence) -> set[str]:
    kinds = reading.vocabulary.party_kinds
    return {
        mention.code
        for mention in sentence.mentions
        if kinds.get(mention.code) == "organisation"
        and _EVENT_AFTER.match(reading.text, mention.end, sentence.end)
    }


def _destinations(text: str, sentence: Sentence) -> list[str]:
    """The countries visited: "visit to Cambodia", "visited Viet Nam, Malaysia and Cambodia", "made China
    his first … visit"."""
    mentions = [mention for mention in sentence.mentions if mention.kind != PERSON]
    for index, mention in enumerate(mentions):
        if _DESTINATION.search(text, max(sentence.start, mention.start - 30), mention.start):
            found = [mention.code]
            for previous, following in zip(mentions[index:], mentions[index + 1 :], strict=False):
                if not _LIST_GLUE.match(text[previous.end : following.start]):
                    break
                if following.code not in found:
                    found.append(following.code)
            return found
        if _MADE_IT_A_VISIT.match(text, mention.end, min(sentence.end, mention.end + 40)):
            return [mention.code]
    return []


def date_by_their_event(mentions: list[MeetingMention]) -> None:
    """ "On the sidelines of the summit, Xi also met …": an undated meeting on the sidelines of a summit
    the item dates earlier ("attending the … summit this week") takes the summit's date."""
    summit = None
    for index, mention in enumerate(mentions):
        if mention.mode == "summit" and mention.date:
            summit = mention
        elif mention.mode == "sidelines" and not mention.date and summit is not None:
            mentions[index] = mention.dated(
                summit.date, summit.end_date, summit.date_text, "dated by the summit it was held at"
            )
