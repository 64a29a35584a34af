"""Sources as table rows, for the admin's import and export and for ``import_dataset``.

Every table is read and written by a *row codec*: it names the columns, renders a record as a row of
text cells, finds the record a row describes by its natural key (never a database id), and applies a
row to a record, answering with readable errors keyed by column. The codecs load what they look up in
bulk (``prepare``), so neither the admin import nor ``import_dataset`` queries once per row for it.

Cells are text: dates partial (``2015``, ``2011-06``, ``2019-06-05``), flags ``true``/``false``, lists
of citations as JSON. JSON files may give flags and lists as JSON values instead.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from core.partial_dates import Precision
from dataset.codecs.cells import (
    RowErrors,
    cell,
    choice_cell,
    clean_without_queries,
    date_cell,
    fields_of,
    has_date_cell,
    json_list_cell,
    partial_date_cell,
    render_date,
    render_json,
    render_partial_date,
)
from sources.models import Citation, Source, SourceKind
from sources.normalise import normalise_url

SourceKey = tuple[str, str, str]


def source_key(*, url: str, title: str, publisher: str) -> SourceKey:
    """How a row names a source: by its URL when it has one, else by its title and publisher."""
    url = normalise_url(url) if url else ""
    return (url, "", "") if url else ("", title.strip(), publisher.strip())


def key_of_source(source: Source) -> SourceKey:
    return source_key(url=source.url, title=source.title, publisher=source.publisher)


def source_reference(source: Source) -> dict[str, str]:
    """The source of a citation as written in a ``citations`` cell."""
    if source.url:
        return {"url": source.url}
    return {"title": source.title, "publisher": source.publisher}


class SourceIndex:
    """Sources by natural key, loaded in two queries for all the keys a file names."""

    def __init__(self, keys: Iterable[SourceKey] = ()):
        self.by_key: dict[SourceKey, Source] = {}
        self.load(keys)

    def load(self, keys: Iterable[SourceKey], *, queryset=None) -> None:
        keys = set(keys) - set(self.by_key)
        urls = {url for url, _, _ in keys if url}
        untitled = {(title, publisher) for url, title, publisher in keys if not url}
        queryset = Source.objects.all() if queryset is None else queryset
        if urls:
            for source in queryset.filter(url__in=urls):
                self.by_key[key_of_source(source)] = source
        if untitled:
            named = queryset.filter(
                url="", title__in={t for t, _ in untitled}, publisher__in={p for _, p in untitled}
            )
            for source in named:
                self.by_key.setdefault(key_of_source(source), source)

    def add(self, source: Source) -> None:
        self.by_key[key_of_source(source)] = source

    def get(self, key: SourceKey) -> Source | None:
        return self.by_key.get(key)


@dataclass(frozen=True)
class CitationCell:
    """One citation of a ``citations`` cell: which source, the quote, where it stands."""

    source: SourceKey
    quote: str
    locator: str
    sequence: int | None = None


# Related rows (citations, a meeting's parties, …) as their field values, each with the place it had
# in the file it came from (``SEQUENCE``), so that new rows are created in the order they were listed.
Related = dict[tuple, int | None]
SEQUENCE = "__sequence__"


def sequence_of(item) -> int | None:
    return item.get(SEQUENCE) if isinstance(item, dict) else None


def parse_citations(row: dict, column: str = "citations") -> list[CitationCell]:
    """``[{"url": …, "quote": …, "locator": …}, …]``; a source with no URL by ``title`` and ``publisher``."""
    citations = []
    for number, item in enumerate(json_list_cell(row, column), 1):
        if not isinstance(item, dict):
            raise ValueError(f'Citation {number} is not an object {{"url": …, "quote": …}}.')
        url, title, publisher = (str(item.get(name) or "").strip() for name in ("url", "title", "publisher"))
        if not url and not (title and publisher):
            raise ValueError(f"Citation {number} names no source: give its url, or its title and publisher.")
        quote, locator = (str(item.get(name) or "").strip() for name in ("quote", "locator"))
        key = source_key(url=url, title=title, publisher=publisher)
        citations.append(CitationCell(key, quote, locator, sequence_of(item)))
    return citations


def source_keys_of_citations(rows: Iterable[dict], column: str = "citations") -> set[SourceKey]:
    """Every source the rows' citations name (unreadable cells are reported later, row by row)."""
    keys = set()
    for row in rows:
        try:
            keys.update(citation.source for citation in parse_citations(row, column))
        except ValueError:
            continue
    return keys


def render_citations(citations: Iterable[Citation]) -> str:
    items = [
        {**source_reference(citation.source), "quote": citation.quote, "locator": citation.locator}
        for citation in citations
    ]
    items.sort(
        key=lambda item: (
            item.get("url", ""),
            item.get("title", ""),
            item.get("publisher", ""),
            item["quote"],
            item["locator"],
        )
    )
    return render_json(items)


# A citation as the codecs compare and write it.
CITATION_FIELDS = ("source_id", "quote", "locator")


def resolve_citations(
    cells: list[CitationCell],
    sources: SourceIndex,
    model: type[Citation],
    errors: RowErrors,
    column: str = "citations",
) -> Related:
    """The row's citations as ``(source id, quote, locator)``, checked by the citation model's field rules."""
    resolved: Related = {}
    for number, citation in enumerate(cells, 1):
        source = sources.get(citation.source)
        if source is None:
            url, title, publisher = citation.source
            named = url or f"“{title}” ({publisher})"
            errors.add(column, f"Citation {number}: no source {named} is recorded; import or add it first.")
            continue
        # The citation model's field rules (a locator's length, …), without building a record per citation.
        invalid = False
        for name in ("quote", "locator"):
            try:
                model._meta.get_field(name).clean(getattr(citation, name), None)
            except ValidationError as error:
                errors.add(column, f"Citation {number}, {name}: {' '.join(error.messages)}")
                invalid = True
        if invalid:
            continue
        entry = (source.pk, citation.quote, citation.locator)
        if any(entry[:2] == other[:2] for other in resolved):
            errors.add(column, f"Citation {number} repeats an earlier quote of the same source.")
            continue
        resolved[entry] = citation.sequence
    return resolved


def sync_related(
    model, owner: str, fields: tuple[str, ...], wanted: dict[int, Related], current: dict
) -> None:
    """Make each owner's related rows (citations, parties, …) what ``wanted`` says, in two queries.

    ``wanted`` maps an owner's id to its rows (``Related``), ``current`` to the set of those recorded;
    rows no longer wanted are deleted, new ones created in file order, the rest left alone (so history
    shows only real changes).
    """
    owner_id = f"{owner}_id"
    gone, new = Q(), []
    for pk, rows in wanted.items():
        before = current.get(pk, set())
        for values in before - rows.keys():
            gone |= Q(**{owner_id: pk}, **dict(zip(fields, values, strict=True)))
        for values, sequence in rows.items():
            if values not in before:
                new.append((sequence is None, sequence or 0, len(new), pk, values))
    if gone:
        model.objects.filter(gone).delete()
    new.sort()
    model.objects.bulk_create(
        [model(**{owner_id: pk}, **dict(zip(fields, values, strict=True))) for *_, pk, values in new],
        batch_size=2000,
    )


# The row codec of sources ------------------------------------------------------------------------------


class SourceRows:
    """Sources as rows, matched by URL, or by title and publisher when there is no URL.

    A column a file lacks leaves that field as recorded (a new source gets the model's default).
    """

    model = Source
    table = "sources"
    required = ("url", "title", "publisher")
    columns = (
        "url",
        "title",
        "publisher",
        "author",
        "language",
        "kind",
        "published",
        "accessed_on",
        "archive_url",
        "text",
    )
    field_columns = {"published_on": "published", "published_on_precision": "published"}
    # The fields a row sets: equal values before and after applying it mean the row changes nothing.
    fields = fields_of(columns, field_columns)

    def __init__(self):
        self.index = SourceIndex()

    def key(self, row: dict) -> SourceKey:
        return source_key(url=cell(row, "url"), title=cell(row, "title"), publisher=cell(row, "publisher"))

    def prepare(self, rows: list[dict]) -> None:
        """Load the sources the rows describe, in two queries."""
        self.index.load(self.key(row) for row in rows)

    def find(self, row: dict) -> Source | None:
        return self.index.get(self.key(row))

    def for_export(self, queryset):
        return queryset.order_by("url", "title", "publisher", "pk")

    def to_row(self, source: Source) -> dict[str, str]:
        return {
            "url": source.url,
            "title": source.title,
            "publisher": source.publisher,
            "author": source.author,
            "language": source.language,
            "kind": source.kind,
            "published": render_partial_date(source.published_on, source.published_on_precision),
            "accessed_on": render_date(source.accessed_on),
            "archive_url": source.archive_url,
            "text": source.text,
        }

    def apply(self, row: dict, source: Source) -> None:
        """Set ``source`` from ``row`` and check it by the model's rules; ValidationError keyed by column."""
        errors = RowErrors(self.field_columns)
        source.url = normalise_url(cell(row, "url"))
        for name in ("title", "publisher", "author", "language", "archive_url"):
            if name in row:
                setattr(source, name, cell(row, name))
        if "text" in row:
            source.text = str(row.get("text") or "").strip()
        with errors.check("kind"):
            if "kind" in row:
                source.kind = choice_cell(row, "kind", SourceKind, default=SourceKind.OTHER)
        with errors.check("published"):
            if has_date_cell(row, "published"):
                published = partial_date_cell(row, "published")
                source.published_on = published.date if published else None
                source.published_on_precision = published.precision if published else Precision.UNKNOWN
        with errors.check("accessed_on"):
            if "accessed_on" in row:
                source.accessed_on = date_cell(row, "accessed_on")
        if not errors:
            with errors.check("row"):
                clean_without_queries(source)
        errors.raise_if_any()

    def snapshot(self, source: Source) -> tuple:
        return tuple(getattr(source, name) for name in self.fields)
