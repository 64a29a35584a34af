from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dataset import package


class Command(BaseCommand):
    help = (
        "Write the published dataset as a Frictionless data package: a zip of CSV files with "
        "datapackage.json (the same file as /api/v1/export/). "
        "PATH is the zip to write, or a directory to write it into. "
        "--include-private writes a curator's full backup instead, not for publication: every record "
        "whatever its review status, with notes, retraction reasons and the sources' stored text; "
        "import_dataset restores it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--url", default=package.EXPORT_PATH, help="Where the release is published, for citing."
        )
        parser.add_argument(
            "--include-private",
            action="store_true",
            help="A full backup: drafts, in-review and retracted records, and the non-public fields. "
            "Not for publication.",
        )

    def handle(self, *args, path: Path, url: str, include_private: bool, **options):
        name, content = package.build_zip(url, private=include_private)
        target = path / name if path.is_dir() else path
        if not target.parent.is_dir():
            raise CommandError(f"No directory {target.parent} to write into.")
        target.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {target} ({len(content):,} bytes)."))
        if include_private:
            self.stdout.write(self.style.WARNING("A private backup: not for publication."))
        for resource in package.read_descriptor(content)["resources"]:
            self.stdout.write(f"  {resource['name']}: {resource['count']} rows")
