from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from dataset import package


class Command(BaseCommand):
    help = (
        "Write the published dataset as a Frictionless data package: a zip of CSV files with "
        "datapackage.json (the same file as /api/v1/export/). "
        "PATH is the zip to write, or a directory to write it into."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--url", default=package.EXPORT_PATH, help="Where the release is published, for citing."
        )

    def handle(self, *args, path: Path, url: str, **options):
        name, content = package.build_zip(url)
        target = path / name if path.is_dir() else path
        if not target.parent.is_dir():
            raise CommandError(f"No directory {target.parent} to write into.")
        target.write_bytes(content)
        self.stdout.write(self.style.SUCCESS(f"Wrote {target} ({len(content):,} bytes)."))
        for resource in package.read_descriptor(content)["resources"]:
            self.stdout.write(f"  {resource['name']}: {resource['count']} rows")
