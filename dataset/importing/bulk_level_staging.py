"""The level import's staging: the file's rows and its citation links COPYed in (``stage_levels``,
``stage_level_links``), and each distinct cell value read once by the codecs' own functions (``dec_*``),
so every message is the per-row path's word for word.
"""

from dataset.codecs.cells import approximate_cell, choice_cell, edtf_column, partial_date_cell
from dataset.codecs.levels import LevelPeriodRows
from dataset.codecs.reference import PartyIndex, TierIndex
from dataset.codecs.sources import parse_citations
from dataset.importing.bulk_level_rows import TABLE
from dataset.importing.report import ImportReport
from dataset.importing.staging import copy_in, create_table, decode_all, execute, quote
from dataset.importing.streams import TableStream
from partnerships.models import ChangeKind, EndStatus
from partnerships.status import Status

# The codec's columns and, for each date, its EDTF twin (start_edtf): the one list of what a row may give.
CELLS = (
    *LevelPeriodRows.columns,
    *(edtf_column(column) for column in ("start", "end")),
)
# A citation as a citations cell reads (``dec_citations``) and as a row's citation holds it (``lv_cites``):
# its source's key, quote and locator, and the problem reading it.
CITATION_COLUMNS = {
    "key_url": "text",
    "key_title": "text",
    "key_publisher": "text",
    "quote": "text",
    "locator": "text",
    "message": "text",
}
# A row of the package's level_citations table, as staged (``stage_level_links``) after its number.
LINK_COLUMNS = ("level_id", "source_id", "quote", "locator")


def columns_given(stream: TableStream, report: ImportReport, *, linked: bool) -> set[str] | None:
    """The columns the file gives (a date's EDTF twin gives its date and flag; links, the citations).

    None: nothing to import (an empty file, or one lacking a column it needs: reported).
    """
    codec = LevelPeriodRows
    present = stream.columns()
    if not present:
        return None  # an empty file: nothing to import, as on the per-row path
    # A date column may come as its EDTF twin alone (start_edtf for start): the codecs read either.
    missing = [c for c in codec.required if c not in present and edtf_column(c) not in present]
    if missing:
        report.reject(TABLE, None, "columns", f"The file lacks the column(s) {', '.join(missing)}.")
        return None
    extra = sorted(set(present) - {*codec.columns, *map(edtf_column, codec.columns)} - {"id", "updated_at"})
    if extra:
        report.ignored_columns[TABLE] = extra
    given = {column for column in present if column in CELLS}
    # A date's EDTF twin gives the date and whether it is approximate (dataset.codecs.cells).
    for column in ("start", "end"):
        if edtf_column(column) in given:
            given |= {column, f"{column}_approximate"}
    if linked:
        given.add("citations")
    return given


def copy_rows(stream: TableStream, links: TableStream | None, progress) -> None:
    """``stage_levels`` and ``stage_level_links``: the file's rows and its citation links, by COPY."""
    columns = {"row": "integer", "pkg_id": "text", "given_updated_at": "text"}
    columns.update({column: "text" for column in CELLS})
    create_table("stage_levels", columns)
    wanted = ["id", "updated_at", *CELLS]
    copy_in(
        "stage_levels",
        list(columns),
        ((number, *values) for number, values in enumerate(stream.records(wanted), 1)),
        progress,
    )
    execute("ANALYZE stage_levels")
    create_table("stage_level_links", {"row": "integer", **dict.fromkeys(LINK_COLUMNS, "text")})
    if links is not None:
        copy_in(
            "stage_level_links",
            ["row", *LINK_COLUMNS],
            ((number, *values) for number, values in enumerate(links.records(list(LINK_COLUMNS)), 1)),
        )


def decode_cells(parties: PartyIndex, tiers: TierIndex) -> None:
    """``dec_*``: each distinct cell value the file gives, read by the codecs' own functions.

    All of them are found by one scan of the staged rows (``GROUPING SETS``: one hash table per kind
    of cell), not one scan per kind.
    """

    def party(value):
        try:
            yield (value[0], parties.get(value[0]).pk, None)
        except ValueError as error:
            yield (value[0], None, str(error))

    tables = {"dec_party": {"text": "text", "party_id": "integer", "message": "text"}}

    def tier(value):
        scheme, name = value
        try:
            found = tiers.get(scheme, name)
            yield (scheme, name, found.pk, found.scheme_id, found.rank, None)
        except ValueError as error:
            yield (scheme, name, None, None, None, str(error))

    tables["dec_tier"] = {
        "scheme": "text",
        "tier": "text",
        "tier_id": "integer",
        "scheme_id": "integer",
        "rank": "integer",
        "message": "text",
    }

    # Each distinct (date, its EDTF twin) and (approximate flag, EDTF twin): read by the codecs' own
    # functions, so a disagreement between the two is refused in their words.
    def date(value):
        column, text, edtf = value
        try:
            parsed = partial_date_cell({column: text, edtf_column(column): edtf}, column)
            yield (
                column,
                text,
                edtf,
                parsed.date if parsed else None,
                parsed.precision if parsed else "unknown",
                None,
            )
        except ValueError as error:
            yield (column, text, edtf, None, None, str(error))

    tables["dec_date"] = {
        "col": "text",
        "text": "text",
        "edtf": "text",
        "date": "date",
        "precision": "text",
        "message": "text",
    }

    def flag(value):
        column, text, edtf = value
        flag_column = f"{column}_approximate"
        try:
            row = {flag_column: text, edtf_column(column): edtf}
            yield (column, text, edtf, approximate_cell(row, column, flag_column), None)
        except ValueError as error:
            yield (column, text, edtf, None, str(error))

    tables["dec_bool"] = {
        "col": "text",
        "text": "text",
        "edtf": "text",
        "value": "boolean",
        "message": "text",
    }
    choices = {
        "end_status": (EndStatus, EndStatus.ONGOING),
        "change_kind": (ChangeKind, ""),
        "status": (Status, Status.DRAFT),
    }

    def choice(value):
        kind, text = value
        choices_, default = choices[kind]
        if kind == "change_kind" and not text:
            yield (kind, text, None, None)  # left empty: derived from the level before
            return
        try:
            yield (kind, text, choice_cell({"c": text}, "c", choices_, default=default), None)
        except ValueError as error:
            yield (kind, text, None, str(error))

    tables["dec_choice"] = {"kind": "text", "text": "text", "value": "text", "message": "text"}

    def citations(value):
        text = value[0]
        if not text:
            return
        try:
            cells = parse_citations({"c": text}, "c")
        except ValueError as error:
            yield (text, 0, None, None, None, None, None, str(error))
            return
        for number, item in enumerate(cells, 1):
            url, title, publisher = item.source
            yield (text, number, url, title, publisher, item.quote, item.locator, None)

    tables["dec_citations"] = {"text": "text", "n": "integer", **CITATION_COLUMNS}
    # Each kind of cell: its columns in the staged rows (the first names the kind: it is in no other
    # set), its table, and the reading of one distinct value (a, b: those columns' values).
    kinds = {
        "party_a": (("party_a",), "dec_party", lambda a, b: party((a,))),
        "party_b": (("party_b",), "dec_party", lambda a, b: party((a,))),
        "scheme": (("scheme", "tier"), "dec_tier", lambda a, b: tier((a, b))),
        "start": (("start", "start_edtf"), "dec_date", lambda a, b: date(("start", a, b))),
        "end": (("end", "end_edtf"), "dec_date", lambda a, b: date(("end", a, b))),
        "start_approximate": (
            ("start_approximate", "start_edtf"),
            "dec_bool",
            lambda a, b: flag(("start", a, b)),
        ),
        "end_approximate": (
            ("end_approximate", "end_edtf"),
            "dec_bool",
            lambda a, b: flag(("end", a, b)),
        ),
        **{kind: ((kind,), "dec_choice", lambda a, b, kind=kind: choice((kind, a))) for kind in choices},
        "citations": (("citations",), "dec_citations", lambda a, b: citations((a,))),
    }
    # A party named first or second is one value to read (DISTINCT below reads it once).
    labels = {kind: "party" if kind in ("party_a", "party_b") else kind for kind in kinds}
    readers = {labels[kind]: (table, reader) for kind, (_, table, reader) in kinds.items()}
    label = " ".join(f"WHEN GROUPING({quote(kind)}) = 0 THEN '{labels[kind]}'" for kind in kinds)
    first = ", ".join(quote(columns[0]) for columns, _, _ in kinds.values())
    second = " ".join(
        f"WHEN GROUPING({quote(kind)}) = 0 THEN {quote(columns[1])}"
        for kind, (columns, _, _) in kinds.items()
        if len(columns) > 1
    )
    sets = ", ".join(f"({', '.join(map(quote, columns))})" for columns, _, _ in kinds.values())
    decode_all(
        f"SELECT DISTINCT kind, a, b FROM (SELECT CASE {label} END AS kind, coalesce({first}) AS a, "
        f"CASE {second} END AS b FROM stage_levels GROUP BY GROUPING SETS ({sets})) AS found",
        tables,
        lambda value: (readers[value[0]][0], readers[value[0]][1](value[1], value[2])),
    )
    execute("CREATE INDEX ON dec_party (text)")
