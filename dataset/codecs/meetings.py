"""Meetings as table rows, for the admin's import and export and for ``import_dataset``.

A meeting row is the same meeting as a recorded one when title and date agree. Its parties are
``CN:host; KH:visitor``; its participants a JSON list of ``{"person": slug or name, "party": code}``
(``role_title`` when the office is not taken from the person's positions); the levels it announced
``CN-VE/cn/all-weather-strategic-partnership/2023-09``, separated by ``;``.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from core.partial_dates import Precision
from dataset.codecs.cells import (
    RowErrors,
    cell,
    choice_cell,
    clean_without_queries,
    date_cell,
    list_cell,
    partial_date_cell,
    render_date,
    render_json,
    render_partial_date,
)
from dataset.codecs.levels import NEEDS_QUOTE, LevelPeriodRows, lacks_quote, render_level_reference
from dataset.codecs.people import PersonIndex
from dataset.codecs.reference import EventIndex, PartyIndex
from dataset.codecs.sources import (
    CITATION_FIELDS,
    Related,
    SourceIndex,
    parse_citations,
    render_citations,
    resolve_citations,
    sequence_of,
    source_keys_of_citations,
    sync_related,
)
from events.models import (
    Meeting,
    MeetingCitation,
    MeetingMode,
    MeetingParty,
    MeetingRole,
    Participant,
)
from partnerships.models import LevelPeriod
from partnerships.status import Status

PARTY_FIELDS = ("party_id", "role")
PARTICIPANT_FIELDS = ("person_id", "party_id", "role_title")


def render_parties(meeting_parties) -> str:
    return "; ".join(sorted(f"{mp.party.code}:{mp.role}" for mp in meeting_parties))


def render_participants(participants) -> str:
    items = []
    for participant in participants:
        item = {"person": participant.person.slug, "party": participant.party.code}
        if participant.role_title:
            item["role_title"] = participant.role_title
        items.append(item)
    return render_json(sorted(items, key=lambda item: (item["party"], item["person"])))


@dataclass
class MeetingRow:
    """What a meeting row says beyond the meeting's own fields; None where the file has no such column."""

    parties: Related | None = None
    participants: Related | None = None
    citations: Related | None = None
    announced: Related | None = None

    PARTS = ("parties", "participants", "citations", "announced")


MeetingKey = tuple[str, object, str]


class MeetingRows:
    """Meetings as rows, matched by title and date. ``prepare`` loads what the rows name in bulk.

    A column a file lacks leaves that field (or those parts) as recorded.
    """

    model = Meeting
    table = "meetings"
    columns = (
        "title",
        "start",
        "end_date",
        "mode",
        "city",
        "place",
        "multilateral_event",
        "multilateral_event_start_date",
        "parties",
        "participants",
        "summary",
        "outcomes",
        "announced_levels",
        "status",
        "retraction_reason",
        "citations",
    )
    required = ("title", "start")
    field_columns = {"start_date": "start", "start_date_precision": "start"}
    fields = (
        "title",
        "start_date",
        "start_date_precision",
        "end_date",
        "mode",
        "city",
        "place_id",
        "multilateral_event_id",
        "summary",
        "outcomes",
        "status",
        "retraction_reason",
    )

    def __init__(
        self,
        *,
        sources: SourceIndex | None = None,
        parties: PartyIndex | None = None,
        people: PersonIndex | None = None,
        levels: LevelPeriodRows | None = None,
        events: EventIndex | None = None,
    ):
        self.sources = sources or SourceIndex()
        self.levels = levels or LevelPeriodRows(sources=self.sources, parties=parties)
        self._parties = parties
        self._people = people
        self._events = events
        self.meetings: dict[MeetingKey, Meeting] = {}
        self.current: dict[str, dict[int, set]] = {part: {} for part in MeetingRow.PARTS}

    @property
    def parties(self) -> PartyIndex:
        return self._parties or self.levels.parties

    @property
    def people(self) -> PersonIndex:
        if self._people is None:
            self._people = PersonIndex()
        return self._people

    @people.setter
    def people(self, index: PersonIndex) -> None:
        self._people = index

    @property
    def events(self) -> EventIndex:
        if self._events is None:
            self._events = EventIndex()
        return self._events

    # Finding ------------------------------------------------------------------------------------------

    def key(self, row: dict) -> MeetingKey | None:
        try:
            start = partial_date_cell(row, "start")
        except ValueError:
            return None
        return (cell(row, "title"), start.date if start else None, start.precision if start else "")

    @staticmethod
    def key_of(meeting: Meeting) -> MeetingKey:
        return (meeting.title, meeting.start_date, meeting.start_date_precision)

    def prepare(self, rows: list[dict]) -> None:
        """Load the meetings the rows describe with their parts, the levels they announce, their sources."""
        self.load_meetings({key for key in map(self.key, rows) if key})
        self.sources.load(source_keys_of_citations(rows))
        pairs = set()
        for row in rows:
            for reference in list_cell(row, "announced_levels"):
                try:
                    pairs.add(self.level_key(reference)[0])
                except ValueError:
                    continue  # reported with its row
        self.levels.load_pairs(pairs)

    def load_meetings(self, keys: set[MeetingKey]) -> None:
        titles = {title for title, _, _ in keys}
        if not titles:
            return
        recorded = Meeting.objects.filter(title__in=titles).prefetch_related(
            "meeting_parties", "participants", "citations", "announced_levels"
        )
        for meeting in recorded:
            if self.key_of(meeting) not in keys:
                continue
            self.meetings[self.key_of(meeting)] = meeting
            parts = {
                "parties": {(mp.party_id, mp.role) for mp in meeting.meeting_parties.all()},
                "participants": {(p.person_id, p.party_id, p.role_title) for p in meeting.participants.all()},
                "citations": {(c.source_id, c.quote, c.locator) for c in meeting.citations.all()},
                "announced": {(level.pk,) for level in meeting.announced_levels.all()},
            }
            for name, values in parts.items():
                self.current[name][meeting.pk] = values

    def find(self, row: dict) -> Meeting | None:
        key = self.key(row)
        return self.meetings.get(key) if key else None

    def level_key(self, reference) -> tuple:
        """The natural key of ``CN-VE/cn/all-weather-strategic-partnership/2023-09``; ValueError if bad."""
        text = str(reference.get("level", "") if isinstance(reference, dict) else reference).strip()
        parts = text.split("/")
        if len(parts) != 4 or parts[0].count("-") != 1:
            raise ValueError(f"“{text}” is not a level of the form CN-VE/scheme/tier/start.")
        first, second = (self.parties.get(code) for code in parts[0].split("-"))
        tier = self.levels.tiers.get(parts[1], parts[2])
        start = None if parts[3] in ("", "?") else partial_date_cell({"start": parts[3]}, "start")
        low, high = sorted([first.pk, second.pk])
        return (
            (low, high),
            tier.scheme_id,
            tier.pk,
            start.date if start else None,
            start.precision if start else Precision.UNKNOWN,
        )

    # Rendering ----------------------------------------------------------------------------------------

    def for_export(self, queryset):
        """Meetings with every part a row shows (five extra queries), in an order any database agrees on."""
        levels = LevelPeriod.objects.select_related(
            "relationship__party_a", "relationship__party_b", "scheme", "tier"
        )
        citations = MeetingCitation.objects.with_sources()
        return (
            queryset.select_related("place", "multilateral_event")
            .prefetch_related(
                Prefetch("meeting_parties", queryset=MeetingParty.objects.select_related("party")),
                Prefetch("participants", queryset=Participant.objects.select_related("person", "party")),
                Prefetch("citations", queryset=citations),
                Prefetch("announced_levels", queryset=levels),
            )
            .order_by("start_date", "title", "start_date_precision", "pk")
        )

    def to_row(self, meeting: Meeting) -> dict[str, str]:
        saved = meeting.pk is not None
        announced = (
            sorted(render_level_reference(level) for level in meeting.announced_levels.all()) if saved else []
        )
        return {
            "title": meeting.title,
            "start": render_partial_date(meeting.start_date, meeting.start_date_precision),
            "end_date": render_date(meeting.end_date),
            "mode": meeting.mode,
            "city": meeting.city,
            "place": meeting.place.code if meeting.place else "",
            "multilateral_event": str(meeting.multilateral_event) if meeting.multilateral_event else "",
            "multilateral_event_start_date": render_date(
                meeting.multilateral_event.start_date if meeting.multilateral_event else None
            ),
            "parties": render_parties(meeting.meeting_parties.all()) if saved else "",
            "participants": render_participants(meeting.participants.all()) if saved else "",
            "summary": meeting.summary,
            "outcomes": meeting.outcomes,
            "announced_levels": "; ".join(announced),
            "status": meeting.status,
            "retraction_reason": meeting.retraction_reason,
            "citations": render_citations(meeting.citations.all()) if saved else "",
        }

    # Applying -----------------------------------------------------------------------------------------

    def apply(self, row: dict, meeting: Meeting) -> MeetingRow:
        """Set ``meeting`` from ``row`` and check it by the model's rules; ValidationError keyed by column."""
        errors = RowErrors(self.field_columns)
        given = row.keys()
        meeting.title = cell(row, "title")
        with errors.check("start"):
            start = partial_date_cell(row, "start")
            if start is None:
                raise ValueError("Give the meeting's date: YYYY, YYYY-MM or YYYY-MM-DD.")
            meeting.start_date, meeting.start_date_precision = start.date, start.precision
        with errors.check("end_date"):
            if "end_date" in given:
                meeting.end_date = date_cell(row, "end_date")
        with errors.check("mode"):
            if "mode" in given:
                meeting.mode = choice_cell(row, "mode", MeetingMode, default=MeetingMode.TALKS)
        with errors.check("place"):
            if "place" in given:
                meeting.place = self.parties.get(cell(row, "place")) if cell(row, "place") else None
        event_start = None
        with errors.check("multilateral_event_start_date"):
            event_start = date_cell(row, "multilateral_event_start_date")
        with errors.check("multilateral_event"):
            if "multilateral_event" in given and "multilateral_event_start_date" not in errors.errors:
                # The data package names the event by name and start date; the admin's file may give
                # its name alone, or its name and year.
                meeting.multilateral_event = self.events.get(cell(row, "multilateral_event"), event_start)
        for name in ("city", "summary", "outcomes", "retraction_reason"):
            if name in given:
                setattr(meeting, name, cell(row, name))
        with errors.check("status"):
            if "status" in given:
                meeting.status = choice_cell(row, "status", Status, default=Status.DRAFT)
        parts = MeetingRow()
        with errors.check("parties"):
            if "parties" in given:
                parts.parties = self._parties_of(row)
        with errors.check("participants"):
            if "participants" in given:
                parts.participants = self._participants_of(row, meeting, parts.parties)
        with errors.check("announced_levels"):
            if "announced_levels" in given:
                parts.announced = {}
                for reference in list_cell(row, "announced_levels"):
                    level = self.levels.periods.get(self.level_key(reference))
                    if level is None:
                        raise ValueError(f"No level {reference} is recorded.")
                    parts.announced[(level.pk,)] = sequence_of(reference)
        with errors.check("citations"):
            if "citations" in given:
                parts.citations = resolve_citations(
                    parse_citations(row), self.sources, MeetingCitation, errors
                )
        if lacks_quote(meeting.status, parts.citations, self.current["citations"].get(meeting.pk, set())):
            errors.add("citations", NEEDS_QUOTE)
        if not errors:
            with errors.check("row"):
                clean_without_queries(meeting, foreign_keys=["place", "multilateral_event"])
                meeting.clean()
        errors.raise_if_any()
        return parts

    def _parties_of(self, row: dict) -> Related:
        """``CN:host; KH:visitor`` (no role: participant), or a JSON list of ``{"party": …, "role": …}``."""
        parties: Related = {}
        seen = set()
        for entry in list_cell(row, "parties"):
            if isinstance(entry, dict):
                code, role = str(entry.get("party") or ""), str(entry.get("role") or "")
            else:
                code, _, role = (piece.strip() for piece in str(entry).partition(":"))
            party = self.parties.get(code)
            role = role or MeetingRole.PARTICIPANT
            if party.pk in seen:
                raise ValueError(f"{party.code} is listed twice.")
            if role not in MeetingRole.values:
                raise ValueError(f"“{role}” is not a role: {', '.join(MeetingRole.values)}.")
            seen.add(party.pk)
            parties[(party.pk, role)] = sequence_of(entry)
        return parties

    def _participants_of(self, row: dict, meeting: Meeting, parties: Related | None) -> Related:
        """A JSON list of ``{"person": slug or name, "party": code, "role_title": office}``.

        ``office`` (the data package's column) is kept as ``role_title`` only when the person's
        positions do not already give it on the meeting's date.
        """
        participants: Related = {}
        people = set()
        for number, item in enumerate(list_cell(row, "participants"), 1):
            if not isinstance(item, dict) or not item.get("person") or not item.get("party"):
                raise ValueError(
                    f'Participant {number} needs a person and a party: {{"person": …, "party": …}}.'
                )
            person = self.people.get(str(item["person"]))
            party = self.parties.get(str(item["party"]))
            if person.pk in people:
                raise ValueError(f"{person} is listed twice.")
            people.add(person.pk)
            title = str(item.get("role_title") or "").strip()
            if "office" in item and meeting.start_date:
                office = str(item["office"] or "").strip()
                title = "" if office == person.title_on(meeting.start_date) else office
            participants[(person.pk, party.pk, title)] = sequence_of(item)
            # As record_meeting does: a participant's party takes part in the meeting.
            if parties is not None and all(pk != party.pk for pk, _ in parties):
                parties[(party.pk, MeetingRole.PARTICIPANT)] = None
        return participants

    def snapshot(self, meeting: Meeting) -> tuple:
        return tuple(getattr(meeting, name) for name in self.fields)

    def unchanged(self, meeting: Meeting, row: MeetingRow) -> bool:
        return all(
            getattr(row, part) is None
            or getattr(row, part).keys() == self.current[part].get(meeting.pk, set())
            for part in MeetingRow.PARTS
        )

    def write_parts(self, rows: dict[int, MeetingRow]) -> None:
        """Write the parties, participants, citations and announced levels of saved meetings, in bulk."""
        tables = {
            "parties": (MeetingParty, PARTY_FIELDS),
            "participants": (Participant, PARTICIPANT_FIELDS),
            "citations": (MeetingCitation, CITATION_FIELDS),
            "announced": (Meeting.announced_levels.through, ("levelperiod_id",)),
        }
        for part, (model, fields) in tables.items():
            wanted = {pk: getattr(row, part) for pk, row in rows.items() if getattr(row, part) is not None}
            sync_related(model, "meeting", fields, wanted, self.current[part])
            for pk, values in wanted.items():
                self.current[part][pk] = set(values)
