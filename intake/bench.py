"""How fast the extractor reads a long article: ``manage.py bench_extract``.

The sample articles are repeated until the text reaches the wanted size (100 KB by default), the
vocabulary is built once, and extraction is timed over several runs; the best and the median are
reported. A benchmark rather than a timed test: machines differ, the figure goes in the notes.
"""

import statistics
import time
from pathlib import Path

from intake.extract import extract
from intake.vocabulary import Vocabulary


def long_article(files: list[Path], size: int) -> str:
    """The texts of ``files`` repeated, paragraph-separated, until the result holds ``size`` characters."""
    texts = [path.read_text(encoding="utf-8") for path in files]
    if not texts:
        raise ValueError("No article to build the benchmark text from.")
    parts, total, index = [], 0, 0
    while total < size:
        parts.append(texts[index % len(texts)])
        total += len(parts[-1]) + 2
        index += 1
    return "\n\n".join(parts)


def vocabulary_for_bench() -> Vocabulary:
    """The database's vocabulary; when it holds no reference data, one built from it and rolled back."""
    from django.conf import settings
    from django.db import transaction

    from partnerships import reference
    from partnerships.models import Party

    if Party.objects.exists():
        return Vocabulary.from_database()
    with transaction.atomic():
        reference.load_countries()
        reference.load_organisations()
        reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")
        vocabulary = Vocabulary.from_database()
        transaction.set_rollback(True)
    return vocabulary


def run(text: str, *, repeat: int = 5, vocabulary: Vocabulary | None = None) -> dict:
    started = time.perf_counter()
    vocabulary = vocabulary or vocabulary_for_bench()
    vocabulary.mentions("")  # compiles the party pattern, as the CLI's first file does
    build = time.perf_counter() - started
    timings, found = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        found = len(extract(text, vocabulary))
        timings.append(time.perf_counter() - started)
    return {
        "characters": len(text),
        "candidates": found,
        "vocabulary_seconds": build,
        "best_seconds": min(timings),
        "median_seconds": statistics.median(timings),
    }
