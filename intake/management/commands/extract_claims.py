"""Print the candidate claims of article files, one JSON object per line."""

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from intake.extract import LEVEL, MEETING, PLANNED, extract
from intake.vocabulary import Vocabulary


class Command(BaseCommand):
    help = (
        "Read article text files and print every candidate claim (level statements, meetings, planned "
        "meetings) with the sentences that state it and their character offsets; one candidate per meeting, "
        "however many sentences mention it. A digest is read item by item. Relative dates are resolved "
        "against --published, else against a dateline at the head of the article (of each item, in a "
        "digest). Offline: the vocabulary comes from the database (the reference data is loaded first if the "
        "database has none)."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="UTF-8 text files, one article each.")
        parser.add_argument("--published", help="Publication date of the articles, YYYY-MM-DD.")
        parser.add_argument(
            "--format",
            choices=["jsonl", "text"],
            default="jsonl",
            help="jsonl: one JSON object per candidate (default); text: a line per candidate for reading.",
        )

    def handle(self, *args, files, published, format, **options):
        published_on = _published(published)
        paths = [Path(name) for name in files]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"No such file: {path}")
        vocabulary = self._vocabulary()
        counts = {LEVEL: 0, MEETING: 0, PLANNED: 0}
        for path in paths:
            try:
                with path.open(encoding="utf-8", newline="") as handle:
                    text = handle.read()
            except UnicodeDecodeError as error:
                raise CommandError(
                    f"{path} is not UTF-8 text ({error.reason} at byte {error.start})."
                ) from None
            for candidate in extract(text, vocabulary, published=published_on):
                counts[candidate.type] += 1
                record = {**candidate.as_json(), "file": str(path)}
                if format == "jsonl":
                    self.stdout.write(json.dumps(record, ensure_ascii=False))
                else:
                    self.stdout.write(_line(record))
        self.stderr.write(
            f"{sum(counts.values())} candidates ({counts[LEVEL]} level statements, "
            f"{counts[MEETING]} meetings, {counts[PLANNED]} planned meetings) "
            f"in {len(paths)} file{'s' if len(paths) != 1 else ''}."
        )

    def _vocabulary(self) -> Vocabulary:
        from partnerships import reference
        from partnerships.models import Party, Tier

        try:
            empty = not Party.objects.exists() or not Tier.objects.exists()
        except DatabaseError as error:
            raise CommandError(
                f"The database is not ready ({error}); run `manage.py migrate` first."
            ) from None
        if empty:
            tiers = settings.SHARED_DIR / "data" / "tiers.csv"
            if not tiers.is_file():
                raise CommandError(
                    f"The database has no parties or tiers, and {tiers} is missing to load them."
                )
            self.stderr.write(
                "The database has no reference data yet: loading countries, organisations and tiers…"
            )
            reference.load_countries()
            reference.load_organisations()
            reference.load_tiers(tiers)
        return Vocabulary.from_database()


def _published(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--published {value!r} is not a date of the form YYYY-MM-DD.") from None


def _line(record: dict) -> str:
    if record["type"] == LEVEL:
        claim = f"{record['party_a']}–{record['party_b']} {record['tier']} ({record['kind']})"
    else:
        claim = f"{record['kind']} {', '.join(record['parties'])}"
        if len(record["sentences"]) > 1:
            claim += f" ({len(record['sentences'])} sentences)"
    where = f"{record['file']}:{record['start']}-{record['end']}"
    date = record["date"] or "—"
    if record.get("end_date"):
        date += f" to {record['end_date']}"
    return f"{where} {record['type']}: {claim} {date}"
