"""The set-based import (the default) against the per-row path (``--per-row``): same rows, same history,
same rejections; all or nothing; an unchanged file changes nothing."""

import io
import json

import pghistory.models
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from events.models import Meeting
from partnerships.models import LevelPeriod, LevelPeriodCitation, Relationship
from sources.models import Source
from tests.curation.test_import_dataset import LEVEL_COLUMNS, level, partners, quoted, run, write_csv
from tests.curation.test_round_trip import curated, empty_the_database
from tests.factories import CountryFactory, RelationshipFactory, SourceFactory

__all__ = ["curated", "partners", "quoted"]  # fixtures

HISTORY = (Source, Relationship, LevelPeriod, LevelPeriodCitation)
# What differs between two imports of the same file by nature: ids given by sequences, and times.
_VARYING = {"pgh_id", "pgh_created_at", "pgh_context", "pgh_obj", "created_at", "updated_at"}


def history_of(path) -> dict[str, list[tuple]]:
    """The records the import of ``path`` created or changed, as history has them, without ids and times.

    The import's context is the latest with its path. (Inside a test's transaction it stays set after
    the import: deletes made afterwards to empty the database carry it too, so they are left out.)
    """
    context = pghistory.models.Context.objects.filter(metadata__path=str(path)).latest("created_at")
    found = {}
    for model in HISTORY:
        events = model.pgh_event_model.objects.filter(pgh_context=context).exclude(pgh_label="delete")
        fields = [
            field.attname
            for field in model.pgh_event_model._meta.concrete_fields
            if field.name not in _VARYING and not field.attname.endswith("_id") and field.name != "id"
        ]
        found[model.__name__] = sorted(
            (tuple(getattr(event, name) for name in fields) for event in events), key=str
        )
    return found


def records() -> dict[str, list[tuple]]:
    """Every source, level and citation by what it says (not by id)."""
    return {
        "sources": sorted(
            Source.objects.values_list("url", "title", "publisher", "kind", "published_on", "text")
        ),
        "levels": sorted(
            LevelPeriod.objects.values_list(
                "relationship__party_a__code",
                "relationship__party_b__code",
                "tier__slug",
                "start_date",
                "start_date_precision",
                "end_status",
                "end_date",
                "change_kind",
                "status",
                "wording",
            ),
            key=str,
        ),
        "citations": sorted(
            LevelPeriodCitation.objects.values_list(
                "level_period__tier__slug", "level_period__start_date", "source__url", "quote", "locator"
            ),
            key=str,
        ),
    }


def admin_tables(tmp_path, partners, quoted):
    """Sources and levels in the admin's columns: derived change kinds, ended and ongoing, cited."""
    declaring, partner, other = partners
    folder = tmp_path / "admin"
    write_csv(
        folder / "sources.csv",
        ["url", "title", "publisher", "published", "kind"],
        [{"url": "https://news.example.org/b", "title": "B", "publisher": "Xinhua", "published": "2019-06"}],
    )
    cited = json.dumps(
        [
            {"url": "https://news.example.org/b", "quote": "upgraded", "locator": "para. 1"},
            *json.loads(quoted),
        ]
    )
    write_csv(
        folder / "level_periods.csv",
        LEVEL_COLUMNS,
        [
            level(
                declaring.code,
                partner.code,
                "strategic",
                "2011-06",
                end_status="ended",
                end="2019-06-05",
                status="published",
                citations=quoted,
            ),
            level(
                partner.code,
                declaring.code,
                "comprehensive",
                "2019-06-05",
                status="published",
                citations=cited,
            ),
            level(declaring.code, other.alpha3, "friendly", "", status="draft", notes="no date known"),
            level(other.code, partner.code, "friendly", "2001", change_kind="established"),
        ],
    )
    return folder


def import_both_ways(path, clear) -> tuple[dict, dict]:
    """(records, history) after importing ``path`` per row and after importing it set-based, each into
    the state ``clear`` leaves."""
    results = []
    for option in ("--per-row", None):
        clear()
        out, err, failed = run(path, *([option] if option else []))
        assert not failed, err
        results.append((records(), history_of(path), out))
    (per_row, per_row_history, per_row_out), (set_based, set_based_history, set_based_out) = results
    assert set_based_out.splitlines()[:-1] == per_row_out.splitlines()[:-1]  # the counts, not the time
    return (per_row, set_based), (per_row_history, set_based_history)


def test_admin_tables_give_the_same_rows_and_history_on_both_paths(tmp_path, partners, quoted):
    folder = admin_tables(tmp_path, partners, quoted)

    def clear():
        LevelPeriod.objects.all().delete()
        Relationship.objects.all().delete()
        Source.objects.exclude(url="https://news.example.org/a").delete()

    (per_row, set_based), (per_row_history, set_based_history) = import_both_ways(folder, clear)

    assert set_based == per_row
    assert set_based_history == per_row_history
    assert len(set_based_history["LevelPeriod"]) == 4 and len(set_based_history["LevelPeriodCitation"]) == 3
    assert [row[7] for row in set_based["levels"] if row[2] == "comprehensive"] == ["upgraded"]


def test_a_data_package_gives_the_same_rows_and_history_on_both_paths(curated, tmp_path):
    package = tmp_path / "package.zip"
    call_command("export_dataset", str(package), stdout=io.StringIO())

    (per_row, set_based), (per_row_history, set_based_history) = import_both_ways(package, empty_the_database)

    assert set_based == per_row
    assert set_based_history == per_row_history
    assert set_based_history["LevelPeriod"] and set_based_history["Source"]
    assert Meeting.objects.count() == 1  # the meetings, imported per row in the same transaction


def test_timelines_are_checked_and_derived_alike_on_both_paths(tmp_path, partners, quoted):
    """Overlaps with a recorded level and between the file's, an undated level, change kinds derived from
    recorded and from the file's levels: the same problems, then the same rows, on both paths."""
    declaring, partner, other = partners
    recorded = [
        level(
            declaring.code,
            partner.code,
            "friendly",
            "2001",
            end_status="ended",
            end="2005",
            status="published",
            citations=quoted,
        ),
        level(declaring.code, other.code, "friendly", "", status="published", citations=quoted),
    ]
    run(write_csv(tmp_path / "recorded" / "level_periods.csv", LEVEL_COLUMNS, recorded))
    overlapping = [
        level(
            declaring.code,
            partner.code,
            "strategic",
            "2004",
            end_status="ended",
            end="2011",
            status="published",
            citations=quoted,
        ),
        level(declaring.code, partner.code, "comprehensive", "2010", status="published", citations=quoted),
        level(declaring.code, partner.code, "comprehensive", "2003", status="draft"),  # drafts may overlap
        level(declaring.code, other.code, "strategic", "2012", status="published", citations=quoted),
    ]
    path = write_csv(tmp_path / "overlapping" / "level_periods.csv", LEVEL_COLUMNS, overlapping)
    refusals = []
    for option in ("--per-row", None):
        _, err, failed = run(path, *([option] if option else []))
        assert failed
        refusals.append(sorted(line for line in err.splitlines() if "level_periods row" in line))
    assert refusals[0] == refusals[1]
    # Row 2 overlaps only row 1, refused before it: row 2 stands, as on the per-row path.
    assert [line.split(",")[0].split()[-1] for line in refusals[1]] == ["1", "4"]

    derived = [
        level(
            declaring.code,
            partner.code,
            "strategic",
            "2005",
            end_status="ended",
            end="2011",
            status="published",
            citations=quoted,
        ),
        level(declaring.code, partner.code, "comprehensive", "2011", status="published", citations=quoted),
        level(declaring.code, partner.code, "friendly", "2020", status="draft"),
        level(declaring.code, other.code, "strategic", "2012", status="draft"),
    ]
    path = write_csv(tmp_path / "derived" / "level_periods.csv", LEVEL_COLUMNS, derived)
    results = []
    for option in ("--per-row", None):
        with transaction.atomic():
            out, err, failed = run(path, *([option] if option else []))
            assert not failed, err
            results.append(records()["levels"])
            transaction.set_rollback(True)
    assert results[0] == results[1]
    assert {row[-3] for row in results[1]} >= {"upgraded", "downgraded"}


def test_one_bad_row_in_the_middle_writes_nothing_and_is_named(tmp_path, partners, quoted):
    declaring, _, _ = partners
    others = [CountryFactory() for _ in range(30)]
    rows = [
        level(
            declaring.code,
            partner.code,
            "strategic",
            f"{1800 + year}",
            end_status="ended",
            end=f"{1801 + year}",
            status="published",
            citations=quoted,
        )
        for partner in others
        for year in range(0, 100, 2)
    ]
    rows[750]["start"] = "1850-13"
    path = write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows)
    events_before = LevelPeriod.pgh_event_model.objects.count()

    out, err, failed = run(path)

    assert failed
    assert "level_periods row 751, start: '1850-13' is not a real calendar date." in err
    assert "1 row(s) rejected" in err
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()
    assert LevelPeriod.pgh_event_model.objects.count() == events_before
    # Counted as the per-row path counts them (the rows that passed, as if written), though not written.
    assert "level_periods: 1499 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert out == run(path, "--per-row")[0]


def test_importing_an_unchanged_file_again_changes_nothing(tmp_path, partners, quoted):
    folder = admin_tables(tmp_path, partners, quoted)
    run(folder)
    before = records()
    events = {model: model.pgh_event_model.objects.count() for model in HISTORY}

    out, err, failed = run(folder)

    assert not failed, err
    assert "sources: 0 created, 0 updated, 1 unchanged, 0 rejected" in out
    assert "level_periods: 0 created, 0 updated, 4 unchanged, 0 rejected" in out
    assert records() == before
    assert {model: model.pgh_event_model.objects.count() for model in HISTORY} == events


def test_an_unchanged_file_with_a_row_twice_is_refused(tmp_path, partners, quoted):
    folder = admin_tables(tmp_path, partners, quoted)
    run(folder)
    path = folder / "level_periods.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        lines = handle.read().splitlines()
    path.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")

    out, err, failed = run(folder)

    assert failed
    assert "level_periods row 5, row: Repeats row 4: the same record twice." in err


def test_a_changed_citation_updates_its_level_and_keeps_history(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    rows = [level(declaring.code, partner.code, "strategic", "2011", status="published", citations=quoted)]
    path = write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows)
    run(path)
    rows[0]["citations"] = quoted.replace("para. 2", "para. 3")
    write_csv(path, LEVEL_COLUMNS, rows)

    out, err, failed = run(path)

    assert not failed, err
    assert "level_periods: 0 created, 1 updated, 0 unchanged, 0 rejected" in out
    assert list(LevelPeriodCitation.objects.values_list("locator", flat=True)) == ["para. 3"]
    labels = LevelPeriodCitation.pgh_event_model.objects.order_by("pgh_id").values_list(
        "pgh_label", flat=True
    )
    assert list(labels) == ["insert", "delete", "insert"]


def test_a_citation_left_out_of_the_file_is_deleted_with_its_history(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    SourceFactory(url="https://news.example.org/c")
    both = json.dumps(
        [*json.loads(quoted), {"url": "https://news.example.org/c", "quote": "partners", "locator": ""}]
    )
    rows = [level(declaring.code, partner.code, "strategic", "2011", status="published", citations=both)]
    path = write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows)
    run(path)
    rows[0]["citations"] = quoted
    write_csv(path, LEVEL_COLUMNS, rows)

    out, err, failed = run(path)

    assert not failed, err
    assert "level_periods: 0 created, 1 updated, 0 unchanged, 0 rejected" in out
    assert list(LevelPeriodCitation.objects.values_list("source__url", flat=True)) == [
        "https://news.example.org/a"
    ]
    labels = LevelPeriodCitation.pgh_event_model.objects.order_by("pgh_id").values_list(
        "pgh_label", flat=True
    )
    assert list(labels) == ["insert", "insert", "delete"]


def test_writes_after_an_import_keep_their_history_by_trigger(tmp_path, partners, quoted):
    declaring, partner, _ = partners
    rows = [level(declaring.code, partner.code, "strategic", "2011", status="published", citations=quoted)]
    run(write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows))
    imported = LevelPeriod.objects.get()

    # The import wrote its own events and the triggers stood aside; in the same transaction, they record.
    imported.notes = "checked again"
    imported.save()
    Source.objects.create(url="https://news.example.org/later", title="Later")

    assert list(LevelPeriod.pgh_event_model.objects.order_by("pgh_id").values_list("pgh_label", "notes")) == [
        ("insert", ""),
        ("update", "checked again"),
    ]
    assert Source.pgh_event_model.objects.filter(url="https://news.example.org/later").count() == 1


def test_history_names_the_command_the_file_and_the_user(tmp_path, partners):
    declaring, partner, _ = partners
    curator = get_user_model().objects.create_user(username="curator")
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011")],
    )

    run(path, "--user", "curator")

    contexts = [
        event.pgh_context.metadata
        for model in (Relationship, LevelPeriod)
        for event in model.pgh_event_model.objects.select_related("pgh_context")
    ]
    assert len(contexts) == 2
    assert all(
        context == {"command": "import_dataset", "path": str(path), "user": curator.pk}
        for context in contexts
    )


def test_a_published_level_without_a_quote_is_refused_on_the_set_based_path(tmp_path, partners):
    declaring, partner, _ = partners
    path = write_csv(
        tmp_path / "level_periods.csv",
        LEVEL_COLUMNS,
        [level(declaring.code, partner.code, "strategic", "2011", status="published")],
    )

    out, err, failed = run(path)

    assert failed
    assert "level_periods row 1, citations: Nothing is published without at least one citation" in err
    assert not LevelPeriod.objects.exists()


def test_the_publication_rule_holds_again_for_writes_after_an_import(tmp_path, partners, quoted):
    declaring, partner, other = partners
    rows = [level(declaring.code, partner.code, "strategic", "2011", status="published", citations=quoted)]
    run(write_csv(tmp_path / "level_periods.csv", LEVEL_COLUMNS, rows))
    imported = LevelPeriod.objects.get()

    # The import checked the rule for its own batch; a level written after it is checked by the trigger.
    with (
        pytest.raises(IntegrityError, match="needs at least one citation with a quote"),
        transaction.atomic(),
    ):
        LevelPeriod.objects.create(  # no citation at all
            relationship=RelationshipFactory(party_a=declaring, party_b=other),
            scheme=imported.scheme,
            tier=imported.tier,
            start_date=None,
            start_date_precision="unknown",
            status="published",
        )
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
