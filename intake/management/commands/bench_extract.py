"""Time the extractor on a long article (see intake/bench.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from intake import bench


class Command(BaseCommand):
    help = (
        "Time extract_claims' extraction on the sample articles repeated to --size kilobytes (default 100)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", metavar="FILE", help="Articles to repeat (default: the samples)."
        )
        parser.add_argument(
            "--size", type=int, default=100, help="Size of the text in kilobytes (1000 characters)."
        )
        parser.add_argument(
            "--repeat", type=int, default=5, help="Timed runs; the best and the median are shown."
        )

    def handle(self, *args, files, size, repeat, **options):
        paths = [Path(name) for name in files] or sorted(
            (settings.SHARED_DIR / "samples" / "articles").glob("*.txt")
        )
        missing = [str(path) for path in paths if not path.is_file()]
        if missing or not paths:
            raise CommandError(f"No such file: {', '.join(missing) or 'no sample articles found'}")
        if repeat < 1 or size < 1:
            raise CommandError("--size and --repeat must be at least 1.")
        result = bench.run(bench.long_article(paths, size * 1000), repeat=repeat)
        self.stdout.write(
            f"{result['characters']} characters, {result['candidates']} candidates: "
            f"best {result['best_seconds'] * 1000:.0f} ms, median {result['median_seconds'] * 1000:.0f} ms "
            f"over {repeat} runs (vocabulary built in {result['vocabulary_seconds'] * 1000:.0f} ms)."
        )
