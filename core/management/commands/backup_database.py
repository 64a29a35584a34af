from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backups


class Command(BaseCommand):
    help = (
        "Write the whole database (records, their history, triggers) to a pg_dump file in custom format, "
        "by default backups/<date>-<time>.dump. Restore it with restore_database."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="Where to write the dump.")

    def handle(self, *args, output: Path | None, **options):
        path = output or backups.default_backup_path()
        try:
            backups.dump(path)
        except backups.BackupError as error:
            raise CommandError(f"Backup failed: {error}") from None
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size / 1e6:.1f} MB).")
