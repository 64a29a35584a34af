import pghistory
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from dataset.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the reference data (countries, organisations, tiers), the cited starter dataset of China's "
        "partnerships and a few meetings from the sample articles. Idempotent; rows that cannot be placed "
        "are listed by name."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--shared",
            default=str(settings.SHARED_DIR),
            help="Folder holding data/ and samples/ (default: ../shared).",
        )

    def handle(self, *args, shared, **options):
        from pathlib import Path

        shared_dir = Path(shared)
        if not (shared_dir / "data" / "china_partnerships.csv").is_file():
            raise CommandError(f"No data/china_partnerships.csv under {shared_dir}: pass --shared PATH.")
        with pghistory.context(command="load_demo"):
            report = load_demo(shared_dir)
        for name, count in sorted(report.counts.items()):
            if count:
                self.stdout.write(f"  {name}: {count}")
        if report.problems:
            self.stdout.write(self.style.WARNING(f"{len(report.problems)} row(s) could not be placed:"))
            for problem in report.problems:
                self.stdout.write(f"  - {problem}")
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
