"""People and their offices as table rows, for the admin's import and export and for import_dataset."""

from core.partial_dates import Precision
from dataset.codecs.cells import (
    RowErrors,
    cell,
    clean_without_queries,
    has_date_cell,
    list_cell,
    partial_date_cell,
)
from dataset.codecs.reference import PartyIndex
from events.models import (
    Person,
    Position,
)


class PersonIndex:
    """Every person (with their positions) by slug, name and unambiguous other spelling: two queries, once."""

    def __init__(self):
        self.by_slug: dict[str, Person] = {}
        self.by_name: dict[str, Person] = {}
        people = list(Person.objects.prefetch_related("positions"))
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


class PersonRows:
    """People as rows, matched by slug (the ``people`` table of a data package)."""

    model = Person
    table = "people"
    columns = ("slug", "name", "aliases", "wikidata_id")
    required = ("slug", "name")
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
        self.people  # noqa: B018 - one query for everyone, now

    def key(self, row: dict) -> str:
        return cell(row, "slug")

    def find(self, row: dict) -> Person | None:
        return self.people.by_slug.get(cell(row, "slug"))

    def for_export(self, queryset):
        return queryset.order_by("slug")

    def to_row(self, person: Person) -> dict[str, str]:
        return {
            "slug": person.slug,
            "name": person.name,
            "aliases": "|".join(person.aliases),
            "wikidata_id": person.wikidata_id,
        }

    def apply(self, row: dict, person: Person) -> None:
        errors = RowErrors()
        person.slug = cell(row, "slug")
        person.name = cell(row, "name")
        if "aliases" in row:
            person.aliases = [str(alias).strip() for alias in list_cell(row, "aliases") if str(alias).strip()]
        if "wikidata_id" in row:
            person.wikidata_id = cell(row, "wikidata_id")
        if not person.slug:
            errors.add("slug", "Give the person's slug, the stable part of their address.")
        if not errors:
            with errors.check("row"):
                clean_without_queries(person)
        errors.raise_if_any()

    def snapshot(self, person: Person) -> tuple:
        return tuple(getattr(person, name) for name in self.fields)


class PositionRows:
    """Offices people held, matched by person, office, party and start (the ``positions`` table)."""

    model = Position
    table = "positions"
    columns = ("person", "title", "party", "start", "end")
    required = ("person", "title", "party", "start")
    field_columns = {
        "start_date": "start",
        "start_date_precision": "start",
        "end_date": "end",
        "end_date_precision": "end",
    }
    fields = ("end_date", "end_date_precision")

    def __init__(self, *, people: PersonIndex, parties: PartyIndex):
        self.people = people
        self.parties = parties
        self.positions: dict[tuple, Position] = {}

    def prepare(self, rows: list[dict]) -> None:
        for person in self.people.by_slug.values():
            for position in person.positions.all():
                self.positions[self.key_of(position)] = position

    @staticmethod
    def key_of(position: Position) -> tuple:
        return (
            position.person_id,
            position.title,
            position.party_id,
            position.start_date,
            position.start_date_precision,
        )

    def key(self, row: dict):
        try:
            start = partial_date_cell(row, "start")
            person, party = self.people.get(cell(row, "person")), self.parties.get(cell(row, "party"))
        except ValueError:
            return None
        return (
            person.pk,
            cell(row, "title"),
            party.pk,
            start.date if start else None,
            start.precision if start else Precision.UNKNOWN,
        )

    def find(self, row: dict) -> Position | None:
        key = self.key(row)
        return self.positions.get(key) if key else None

    def apply(self, row: dict, position: Position) -> None:
        errors = RowErrors(self.field_columns)
        with errors.check("person"):
            position.person = self.people.get(cell(row, "person"))
        with errors.check("party"):
            position.party = self.parties.get(cell(row, "party"))
        position.title = cell(row, "title")
        for column in ("start", "end"):
            with errors.check(column):
                if has_date_cell(row, column):
                    date = partial_date_cell(row, column)
                    setattr(position, f"{column}_date", date.date if date else None)
                    setattr(
                        position, f"{column}_date_precision", date.precision if date else Precision.UNKNOWN
                    )
        if not errors:
            with errors.check("row"):
                clean_without_queries(position, foreign_keys=["person", "party"])
                position.clean()
        errors.raise_if_any()

    def snapshot(self, position: Position) -> tuple:
        return tuple(getattr(position, name) for name in self.fields)
