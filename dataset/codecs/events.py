"""Multilateral events (summits, forums) as table rows: the data package's ``events`` table.

An event row is the same event as a recorded one when name and start date agree, as a meeting row
names its summit (``multilateral_event`` and ``multilateral_event_start_date``).
"""

from dataset.codecs.cells import RowErrors, cell, clean_without_queries, date_cell, render_date
from dataset.codecs.reference import EventIndex, PartyIndex
from events.models import MultilateralEvent

EventKey = tuple[str, object]


class EventRows:
    """Multilateral events as rows, matched by name and start date; the host by party code or name."""

    model = MultilateralEvent
    table = "events"
    columns = ("name", "start_date", "end_date", "city", "host")
    required = ("name", "start_date")
    field_columns = {}
    fields = ("name", "end_date", "city", "host_id")

    def __init__(self, *, events: EventIndex, parties: PartyIndex):
        self.events = events
        self.parties = parties

    def prepare(self, rows: list[dict]) -> None:
        """Nothing to load: the event index holds every event (there are few)."""

    def key(self, row: dict) -> EventKey | None:
        try:
            start = date_cell(row, "start_date")
        except ValueError:
            return None  # reported with its row
        return EventIndex.key(cell(row, "name"), start)

    def find(self, row: dict) -> MultilateralEvent | None:
        key = self.key(row)
        return self.events.by_key.get(key) if key else None

    def to_row(self, event: MultilateralEvent) -> dict[str, str]:
        return {
            "name": event.name,
            "start_date": render_date(event.start_date),
            "end_date": render_date(event.end_date),
            "city": event.city,
            "host": event.host.code if event.host else "",
        }

    def apply(self, row: dict, event: MultilateralEvent) -> None:
        """Set ``event`` from ``row`` and check it by the model's rules; ValidationError keyed by column."""
        errors = RowErrors(self.field_columns)
        given = row.keys()
        event.name = cell(row, "name")
        if not event.name:
            errors.add("name", "Give the event's name, as its meetings name it.")
        with errors.check("start_date"):
            event.start_date = date_cell(row, "start_date")
            if event.start_date is None:
                raise ValueError("Give the day the event began: YYYY-MM-DD.")
        with errors.check("end_date"):
            if "end_date" in given:
                event.end_date = date_cell(row, "end_date")
        if "city" in given:
            event.city = cell(row, "city")
        with errors.check("host"):
            if "host" in given:
                event.host = self.parties.get(cell(row, "host")) if cell(row, "host") else None
        if not errors:
            with errors.check("row"):
                clean_without_queries(event, foreign_keys=["host"])
                event.clean()
        errors.raise_if_any()

    def snapshot(self, event: MultilateralEvent) -> tuple:
        return tuple(getattr(event, name) for name in self.fields)
