from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core import backups


class Command(BaseCommand):
    help = (
        "Replace the database's contents with a dump written by backup_database (pg_restore --clean, in one "
        "transaction: a failed restore changes nothing). Stop the app first."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="A .dump file from backup_database.")
        parser.add_argument(
            "--database-name",
            help="Restore into this database on the same server instead of the configured one.",
        )

    def handle(self, *args, file: Path, database_name: str | None, **options):
        connections.close_all()
        try:
            backups.restore(file, name=database_name)
        except backups.BackupError as error:
            raise CommandError(f"Restore failed: {error}") from None
        target = database_name or connections["default"].settings_dict["NAME"]
        self.stdout.write(f"Restored {file} into the database {target}.")
