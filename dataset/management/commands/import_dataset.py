import sys
import time
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dataset.importing import TABLES, DatasetError, import_tables, read_dataset

_SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = (
        "Import people, positions, sources, level periods and meetings from PATH: the data package "
        "written by export_dataset (a zip or folder with datapackage.json), or CSV/JSON files with the "
        "columns of the admin's import, named after their table (sources.csv, level_periods.csv, "
        "meetings.json, …). Rows are matched to recorded ones by natural key (party codes, tier slugs, "
        "source URLs, titles and dates), never by database id, so a second import of the same files "
        "changes nothing. All or nothing: if any row is rejected, nothing is written and the command "
        "fails, listing each rejected row (counted from the first data row) with its column and reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A data package (zip or folder) or a CSV or JSON file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then write nothing.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (none unless on a TTY)."
        )

    def handle(self, *args, path: Path, dry_run: bool, no_progress: bool, **options):
        try:
            tables = read_dataset(path)
        except DatasetError as error:
            raise CommandError(str(error)) from None
        total = sum(len(rows) for name, rows in tables.items() if name in TABLES)
        bar = tqdm(
            total=total,
            unit="rows",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
            desc="Importing",
        )
        started = time.perf_counter()
        try:
            with bar, pghistory.context(command="import_dataset", path=str(path)):
                report = import_tables(tables, dry_run=dry_run, progress=bar.update)
        except DatasetError as error:
            raise CommandError(str(error)) from None
        elapsed = time.perf_counter() - started

        for table in TABLES:
            if table in report.counts:
                counts = report.counts[table]
                self.stdout.write(
                    f"{table}: {counts['created']} created, {counts['updated']} updated, "
                    f"{counts['unchanged']} unchanged, {counts['rejected']} rejected"
                )
        for table, columns in report.ignored_columns.items():
            self.stdout.write(
                f"{table}: columns not used (derived from others, or unknown): " + ", ".join(columns)
            )
        for problem in report.problems[:_SHOWN_PROBLEMS]:
            self.stderr.write(f"  {problem}")
        if len(report.problems) > _SHOWN_PROBLEMS:
            self.stderr.write(f"  … and {len(report.problems) - _SHOWN_PROBLEMS} more problems.")
        rate = report.rows / elapsed if elapsed else 0
        if not report.ok:
            raise CommandError(
                f"Nothing was imported: {report.rejected_rows} row(s) rejected "
                f"({len(report.problems)} problems)."
            )
        verb = "Checked (dry run, nothing written)" if dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {report.rows:,} rows in {elapsed:.1f} s ({rate:,.0f} rows/s).")
        )
