"""Meetings and people as table rows, for the admin's import and export and for ``import_dataset``.

A meeting row is the same meeting as a recorded one when title and date agree. Its parties are
``CN:host; KH:visitor``; its participants a JSON list of ``{"person": slug or name, "party": code}``
(``role_title`` when the office is not taken from the person's positions); the levels it announced
``CN-VE/cn/all-weather-strategic-partnership/2023-09``, separated by ``;``.
"""

from django.db.models import Prefetch

from events.models import (
    Meeting,
    MeetingCitation,
    MeetingMode,
    MeetingParty,
    MeetingRole,
    MultilateralEvent,
    Participant,
    Person,
)
from partnerships.models import LevelPeriod
from partnerships.resources import LevelPeriodRows, PartyIndex, render_level_reference
from partnerships.status import Status
from sources.partial_dates import Precision
from sources.resources import (
    CITATION_FIELDS,
    RowCodecResource,
    RowErrors,
    SourceIndex,
    cell,
    choice_cell,
    clean_without_queries,
    columns_of,
    date_cell,
    json_list_cell,
    parse_citations,
    partial_date_cell,
    render_citations,
    render_date,
    render_json,
    render_partial_date,
    resolve_citations,
    source_keys_of_citations,
    sync_related,
)

PARTY_FIELDS = ("party_id", "role")
PARTICIPANT_FIELDS = ("person_id", "party_id", "role_title")


class PersonIndex:
    """Every person by slug, name and unambiguous other spelling: one query, once."""

    def __init__(self):
        self.by_slug: dict[str, Person] = {}
        self.by_name: dict[str, Person] = {}
        people = list(Person.objects.only("pk", "name", "slug", "aliases"))
        spellings: dict[str, set[int]] = {}
        for person in people:
            self.by_slug[person.slug] = person
            for alias in person.aliases:
                spellings.setdefault(alias.casefold(), set()).add(person.pk)
        by_id = {person.pk: person for person in people}
        for spelling, ids in spellings.items():
            if len(ids) == 1:
                self.by_name[spelling] = by_id[next(iter(ids))]
        for person in people:
            self.by_name[person.name.casefold()] = person

    def add(self, person: Person) -> None:
        self.by_slug[person.slug] = person
        self.by_name[person.name.casefold()] = person

    def get(self, text: str) -> Person:
        text = text.strip()
        person = self.by_slug.get(text) or self.by_name.get(text.casefold())
        if person is None:
            raise ValueError(f"No person has the slug or name “{text}”; import or add them first.")
        return person


class EventIndex:
    """Multilateral events by their name, or by name and year as shown (“G20 summit (2023)”)."""

    def __init__(self):
        self.by_name: dict[str, list[MultilateralEvent]] = {}
        for event in MultilateralEvent.objects.all():
            self.by_name.setdefault(str(event).casefold(), []).append(event)
            self.by_name.setdefault(event.name.casefold(), []).append(event)

    def get(self, text: str) -> MultilateralEvent | None:
        if not text:
            return None
        events = self.by_name.get(text.casefold(), [])
        if not events:
            raise ValueError(f"No multilateral event is called “{text}”.")
        if len(events) > 1:
            raise ValueError(f"Several events are called “{text}”: add the year, “{events[0]}”.")
        return events[0]


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


class PersonRows:
    """People as rows, matched by slug (the ``people`` table of a data package)."""

    model = Person
    table = "people"
    columns = ("slug", "name", "aliases", "wikidata_id")
    field_columns = {}
    fields = ("slug", "name", "aliases", "wikidata_id")

    def __init__(self, *, people: PersonIndex | None = None):
        self._people = people

    @property
    def people(self) -> PersonIndex:
        if self._people is None:
            self._people = PersonIndex()
        return self._people

    def prepare(self, rows: list[dict]) -> None:
        self.people  # noqa: B018 - one query for everyone

    def key(self, row: dict) -> str:
        return cell(row, "slug") or cell(row, "name")

    def find(self, row: dict) -> Person | None:
        return self.people.by_slug.get(cell(row, "slug"))

    def for_export(self, queryset):
        return queryset.order_by("slug")

    def to_row(self, person: Person) -> dict[str, str]:
        return {
            "slug": person.slug,
            "name": person.name,
            "aliases": " | ".join(person.aliases),
            "wikidata_id": person.wikidata_id,
        }

    def apply(self, row: dict, person: Person) -> None:
        errors = RowErrors()
        person.name = cell(row, "name")
        person.slug = cell(row, "slug")
        person.aliases = [alias.strip() for alias in cell(row, "aliases").split("|") if alias.strip()]
        person.wikidata_id = cell(row, "wikidata_id")
        if not person.slug:
            errors.add("slug", "Give the person's slug, the stable part of their address.")
        if not errors:
            with errors.check("row"):
                clean_without_queries(person)
        errors.raise_if_any()

    def snapshot(self, person: Person) -> tuple:
        return tuple(getattr(person, name) for name in self.fields)


class MeetingRow:
    """What a meeting row says beyond the meeting's own fields."""

    def __init__(self, parties, participants, citations, announced):
        self.parties: set[tuple[int, str]] = parties
        self.participants: set[tuple[int, int, str]] = participants
        self.citations: set[tuple[int, str, str]] = citations
        self.announced: set[int] = announced


MeetingKey = tuple[str, object, str]


class MeetingRows:
    """Meetings as rows, matched by title and date. ``prepare`` loads what the rows name in bulk."""

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
        "parties",
        "participants",
        "summary",
        "outcomes",
        "announced_levels",
        "status",
        "citations",
    )
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
    )

    def __init__(
        self,
        *,
        sources: SourceIndex | None = None,
        parties: PartyIndex | None = None,
        people: PersonIndex | None = None,
        levels: LevelPeriodRows | None = None,
    ):
        self.sources = sources or SourceIndex()
        self._parties = parties
        self._people = people
        self._events = None
        self.levels = levels or LevelPeriodRows(sources=self.sources, parties=parties)
        self.meetings: dict[MeetingKey, Meeting] = {}
        self.current: dict[str, dict[int, set]] = {
            "parties": {},
            "participants": {},
            "citations": {},
            "announced": {},
        }

    @property
    def parties(self) -> PartyIndex:
        if self._parties is None:
            self._parties = self.levels.parties
        return self._parties

    @property
    def people(self) -> PersonIndex:
        if self._people is None:
            self._people = PersonIndex()
        return self._people

    @property
    def events(self) -> EventIndex:
        if self._events is None:
            self._events = EventIndex()
        return self._events

    def key(self, row: dict) -> MeetingKey | None:
        try:
            start = partial_date_cell(row, "start")
        except ValueError:
            return None
        return (cell(row, "title"), start.date if start else None, start.precision if start else "")

    def prepare(self, rows: list[dict]) -> None:
        """Load the meetings the rows describe with their parts, the levels they announce, their sources."""
        keys = {key for key in map(self.key, rows) if key}
        self.load_meetings(keys)
        self.sources.load(source_keys_of_citations(rows))
        pairs = set()
        for row in rows:
            for reference in cell(row, "announced_levels").split(";"):
                key = self.level_key(reference) if reference.strip() else None
                if key:
                    pairs.add(key[0])
        self.levels.load_pairs(pairs)

    def load_meetings(self, keys: set[MeetingKey]) -> None:
        titles = {title for title, _, _ in keys}
        if not titles:
            return
        found = [
            meeting
            for meeting in Meeting.objects.filter(title__in=titles).prefetch_related(
                "meeting_parties", "participants", "citations", "announced_levels"
            )
            if self.key_of(meeting) in keys
        ]
        for meeting in found:
            self.remember(meeting)

    def remember(self, meeting: Meeting, row: MeetingRow | None = None) -> None:
        """Keep ``meeting`` and its parts as recorded, to compare the next rows with."""
        self.meetings[self.key_of(meeting)] = meeting
        if row is not None:
            parts = {
                "parties": row.parties,
                "participants": row.participants,
                "citations": row.citations,
                "announced": row.announced,
            }
        else:
            parts = {
                "parties": {(mp.party_id, mp.role) for mp in meeting.meeting_parties.all()},
                "participants": {(p.person_id, p.party_id, p.role_title) for p in meeting.participants.all()},
                "citations": {(c.source_id, c.quote, c.locator) for c in meeting.citations.all()},
                "announced": {level.pk for level in meeting.announced_levels.all()},
            }
        for name, values in parts.items():
            self.current[name][meeting.pk] = set(values)

    @staticmethod
    def key_of(meeting: Meeting) -> MeetingKey:
        return (meeting.title, meeting.start_date, meeting.start_date_precision)

    def find(self, row: dict) -> Meeting | None:
        key = self.key(row)
        return self.meetings.get(key) if key else None

    def level_key(self, reference: str):
        """The natural key of ``CN-VE/cn/all-weather-strategic-partnership/2023-09``; ValueError if bad."""
        parts = reference.strip().split("/")
        if len(parts) != 4 or parts[0].count("-") != 1:
            raise ValueError(f"“{reference.strip()}” is not a level of the form CN-VE/scheme/tier/start.")
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

    def announced_level(self, reference: str) -> LevelPeriod:
        key = self.level_key(reference)
        level = self.levels.periods.get(key)
        if level is None:
            raise ValueError(f"No level {reference.strip()} is recorded.")
        return level

    # Rendering ----------------------------------------------------------------------------------------

    def for_export(self, queryset):
        """Meetings with every part a row shows (five extra queries), in an order every database agrees on."""
        levels = LevelPeriod.objects.select_related(
            "relationship__party_a", "relationship__party_b", "scheme", "tier"
        )
        return (
            queryset.select_related("place", "multilateral_event")
            .prefetch_related(
                Prefetch("meeting_parties", queryset=MeetingParty.objects.select_related("party")),
                Prefetch("participants", queryset=Participant.objects.select_related("person", "party")),
                Prefetch(
                    "citations",
                    queryset=MeetingCitation.objects.select_related("source").defer("source__text"),
                ),
                Prefetch("announced_levels", queryset=levels),
            )
            .order_by("start_date", "title", "start_date_precision", "pk")
        )

    def to_row(self, meeting: Meeting) -> dict[str, str]:
        saved = meeting.pk is not None
        return {
            "title": meeting.title,
            "start": render_partial_date(meeting.start_date, meeting.start_date_precision),
            "end_date": render_date(meeting.end_date),
            "mode": meeting.mode,
            "city": meeting.city,
            "place": meeting.place.code if meeting.place else "",
            "multilateral_event": str(meeting.multilateral_event) if meeting.multilateral_event else "",
            "parties": render_parties(meeting.meeting_parties.all()) if saved else "",
            "participants": render_participants(meeting.participants.all()) if saved else "",
            "summary": meeting.summary,
            "outcomes": meeting.outcomes,
            "announced_levels": "; ".join(
                sorted(render_level_reference(level) for level in meeting.announced_levels.all())
            )
            if saved
            else "",
            "status": meeting.status,
            "citations": render_citations(meeting.citations.all()) if saved else "",
        }

    # Applying -----------------------------------------------------------------------------------------

    def apply(self, row: dict, meeting: Meeting) -> MeetingRow:
        """Set ``meeting`` from ``row`` and check it by the model's rules; ValidationError keyed by column."""
        errors = RowErrors(self.field_columns)
        meeting.title = cell(row, "title")
        with errors.check("start"):
            start = partial_date_cell(row, "start")
            if start is None:
                raise ValueError("Give the meeting's date: YYYY, YYYY-MM or YYYY-MM-DD.")
            meeting.start_date, meeting.start_date_precision = start.date, start.precision
        with errors.check("end_date"):
            meeting.end_date = date_cell(row, "end_date")
        with errors.check("mode"):
            meeting.mode = choice_cell(row, "mode", MeetingMode, default=MeetingMode.TALKS)
        meeting.city = cell(row, "city")
        with errors.check("place"):
            meeting.place = self.parties.get(cell(row, "place")) if cell(row, "place") else None
        with errors.check("multilateral_event"):
            meeting.multilateral_event = self.events.get(cell(row, "multilateral_event"))
        meeting.summary = str(row.get("summary") or "").strip()
        meeting.outcomes = str(row.get("outcomes") or "").strip()
        with errors.check("status"):
            meeting.status = choice_cell(row, "status", Status, default=Status.DRAFT)
        parties: dict[int, str] = {}
        with errors.check("parties"):
            for entry in filter(None, (part.strip() for part in cell(row, "parties").split(";"))):
                code, _, role = (piece.strip() for piece in entry.partition(":"))
                party = self.parties.get(code)
                if party.pk in parties:
                    raise ValueError(f"{party.code} is listed twice.")
                if (role or MeetingRole.PARTICIPANT) not in MeetingRole.values:
                    raise ValueError(f"“{role}” is not a role: {', '.join(MeetingRole.values)}.")
                parties[party.pk] = role or MeetingRole.PARTICIPANT
        participants = set()
        with errors.check("participants"):
            people = set()
            for number, item in enumerate(json_list_cell(row, "participants"), 1):
                if not isinstance(item, dict) or not item.get("person") or not item.get("party"):
                    raise ValueError(
                        f'Participant {number} needs a person and a party: {{"person": …, "party": …}}.'
                    )
                person = self.people.get(str(item["person"]))
                party = self.parties.get(str(item["party"]))
                if person.pk in people:
                    raise ValueError(f"{person} is listed twice.")
                people.add(person.pk)
                participants.add((person.pk, party.pk, str(item.get("role_title") or "").strip()))
                # As record_meeting does: a participant's party takes part in the meeting.
                parties.setdefault(party.pk, MeetingRole.PARTICIPANT)
        announced = set()
        for reference in filter(None, (part.strip() for part in cell(row, "announced_levels").split(";"))):
            with errors.check("announced_levels"):
                announced.add(self.announced_level(reference).pk)
        citations = []
        with errors.check("citations"):
            citations = resolve_citations(parse_citations(row), self.sources, MeetingCitation, errors)
        if not errors:
            with errors.check("row"):
                clean_without_queries(meeting, foreign_keys=["place", "multilateral_event"])
                meeting.clean()
        errors.raise_if_any()
        return MeetingRow(set(parties.items()), participants, set(citations), announced)

    def snapshot(self, meeting: Meeting) -> tuple:
        return tuple(getattr(meeting, name) for name in self.fields)

    def unchanged(self, meeting: Meeting, row: MeetingRow) -> bool:
        return (
            row.parties == self.current["parties"].get(meeting.pk, set())
            and row.participants == self.current["participants"].get(meeting.pk, set())
            and row.citations == self.current["citations"].get(meeting.pk, set())
            and row.announced == self.current["announced"].get(meeting.pk, set())
        )

    def write_parts(self, rows: dict[int, MeetingRow]) -> None:
        """Write the parties, participants, citations and announced levels of saved meetings, in bulk."""
        sync_related(
            MeetingParty,
            "meeting",
            PARTY_FIELDS,
            {pk: r.parties for pk, r in rows.items()},
            self.current["parties"],
        )
        sync_related(
            Participant,
            "meeting",
            PARTICIPANT_FIELDS,
            {pk: r.participants for pk, r in rows.items()},
            self.current["participants"],
        )
        sync_related(
            MeetingCitation,
            "meeting",
            CITATION_FIELDS,
            {pk: r.citations for pk, r in rows.items()},
            self.current["citations"],
        )
        announced = Meeting.announced_levels.through
        sync_related(
            announced,
            "meeting",
            ("levelperiod_id",),
            {pk: {(level,) for level in r.announced} for pk, r in rows.items()},
            {pk: {(level,) for level in levels} for pk, levels in self.current["announced"].items()},
        )
        for pk, row in rows.items():
            for name in self.current:
                self.current[name][pk] = set(getattr(row, name))


@columns_of(MeetingRows)
class MeetingResource(RowCodecResource):
    """Meetings with their parties, participants, citations and the levels they announced."""

    class Meta(RowCodecResource.Meta):
        model = Meeting
        fields = MeetingRows.columns
        name = "Meetings (matched by title and date; parties by code, people by slug or name)"

    def related_unchanged(self, instance) -> bool:
        return self.rows.unchanged(instance, self.pending)

    def after_save_instance(self, instance, row, **kwargs):
        self.rows.write_parts({instance.pk: self.pending})
        self.rows.meetings[MeetingRows.key_of(instance)] = instance


@columns_of(PersonRows)
class PersonResource(RowCodecResource):
    """People, matched by slug."""

    class Meta(RowCodecResource.Meta):
        model = Person
        fields = PersonRows.columns
        name = "People (matched by slug)"

    def after_save_instance(self, instance, row, **kwargs):
        self.rows.people.add(instance)
