"""The demo dataset: the cited starter dataset of China's partnerships, meetings from the sample articles.

``load_demo`` is idempotent: a second run finds every record in place and changes nothing. Rows it
cannot place (an unknown partner, a wording outside the vocabulary, a date clash) are reported by name.
"""

from pathlib import Path

from dataset.demo.meetings import load_demo_meetings
from dataset.demo.report import LoadReport
from dataset.demo.starter import load_china_partnerships
from partnerships.reference import load_countries, load_organisations, load_tiers


def load_demo(shared_dir: Path) -> LoadReport:
    """Reference data, the China starter dataset and the demo meetings. Safe to run again."""
    report = LoadReport()
    for name, counts in [
        ("countries", load_countries()),
        ("organisations", load_organisations()),
        ("tiers", load_tiers(shared_dir / "data" / "tiers.csv")),
    ]:
        report.counts[f"{name} created"] += counts["created"]
        report.counts[f"{name} updated"] += counts["updated"]
    for part in (
        load_china_partnerships(shared_dir / "data" / "china_partnerships.csv"),
        load_demo_meetings(shared_dir / "samples" / "articles"),
    ):
        report.counts.update(part.counts)
        report.problems += part.problems
    return report
