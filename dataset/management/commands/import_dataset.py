import sys
import time
from pathlib import Path

import pghistory
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from dataset.importing import TABLES, DatasetError, import_tables, read_dataset
from dataset.importing.set_based import import_path
from dataset.importing.streams import row_count, streamable

_SHOWN_PROBLEMS = 200


class Command(BaseCommand):
    help = (
        "Import people, positions, multilateral events, sources, level periods and meetings from PATH: "
        "the data package written by export_dataset (a zip or folder with datapackage.json), or CSV/JSON "
        "files with the columns of the admin's import, named after their table (sources.csv, "
        "level_periods.csv, meetings.json, …). Rows are matched to recorded ones by natural key (party "
        "codes, tier slugs, source URLs, titles and dates, events by name and first day), never by "
        "database id, so a second import of the same files changes nothing. All or nothing: if any row is "
        "rejected, nothing is written and the command fails, listing each rejected row (counted from the "
        "first data row) with its column and reason. Sources and level periods are imported set-based "
        "(COPY into staging tables, checked and written in SQL, files streamed); --per-row takes the "
        "older path that reads every row into a record. The command runs with shell access and imports every "
        "status, published and retracted included; the admin's import screens let an editor import drafts "
        "and claims in review only."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A data package (zip or folder) or a CSV or JSON file.")
        parser.add_argument("--dry-run", action="store_true", help="Check and count, then write nothing.")
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (none unless on a TTY)."
        )

        parser.add_argument(
            "--per-row",
            action="store_true",
            help="The per-row path (every row read into a record, then written in bulk), for comparison.",
        )
        parser.add_argument(
            "--user", help="The curator the history records the import for (a username); default: none."
        )

    def handle(self, *args, path: Path, dry_run: bool, no_progress: bool, per_row: bool, **options):
        context = {"command": "import_dataset", "path": str(path)}
        if options.get("user"):
            context["user"] = self.user_id(options["user"])
        per_row = per_row or not streamable(path)
        try:
            if per_row:
                tables = read_dataset(path)
                total = sum(len(rows) for name, rows in tables.items() if name in TABLES)
            else:
                # An estimate for the bar (lines, not rows), read only when a bar is shown.
                total = row_count(path) if not no_progress and sys.stderr.isatty() else None
        except DatasetError as error:
            raise CommandError(str(error)) from None
        bar = tqdm(
            total=total,
            unit="rows",
            file=sys.stderr,
            disable=no_progress or not sys.stderr.isatty(),
            desc="Importing",
        )
        started = time.perf_counter()
        try:
            # One history context for the whole transaction: every row the import writes carries it.
            with bar, pghistory.context(**context):
                if per_row:
                    report = import_tables(tables, dry_run=dry_run, progress=bar.update)
                else:
                    report = import_path(path, dry_run=dry_run, progress=bar.update)
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

    @staticmethod
    def user_id(username: str) -> int:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user “{username}”.")
        return user.pk
