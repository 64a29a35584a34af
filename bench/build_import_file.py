"""Build the import benchmark: the starter dataset repeated to 100,000 level rows for import_dataset.

Writes OUT/sources.csv (the starter dataset's sources) and OUT/level_periods.csv in the admin's columns.
Each starter row becomes a published level of China's scheme with its source quoted (the tier phrase,
as ``load_demo`` does). Rows stay distinct and valid: each repetition gives the starter's partners
another first party (one the starter does not name, so no pair comes back) and, once those run out,
moves every date a century on; the last level of each chain ends before the next century starts, an
undated first level starts at the block's 1990. Rows whose wording matches no tier are left out, as
``load_demo`` leaves them out.

Needs a database holding the reference data (parties and tiers); measure the import in a fresh one:

    DATABASE_URL=postgres://…/entente_bench .venv/bin/python manage.py migrate
    DATABASE_URL=… .venv/bin/python manage.py shell -c "from bench.build_import_file import load_reference; \
load_reference()"
    DATABASE_URL=… .venv/bin/python bench/build_import_file.py /tmp/bench-import --rows 100000
    DATABASE_URL=… .venv/bin/python manage.py import_dataset /tmp/bench-import --no-progress
"""

import argparse
import csv
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL_COLUMNS = [
    "party_a",
    "party_b",
    "scheme",
    "tier",
    "wording",
    "start",
    "end_status",
    "end",
    "status",
    "citations",
]


def load_reference() -> None:
    """Parties and the tier vocabulary, as every installation has them."""
    from django.conf import settings

    from partnerships import reference

    reference.load_countries()
    reference.load_organisations()
    reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")


def _shifted(date: str, years: int) -> str:
    return f"{int(date[:4]) + years:04d}{date[4:]}" if date else ""


def starter_chains(path: Path):
    """The starter rows placed on China's scheme: ``{partner code: [row, …]}`` in the order they followed."""
    from dataset.demo.starter import CHINA_SCHEMES, find_partner, in_succession
    from partnerships.models import Tier
    from partnerships.wording import TierVocabulary

    vocabulary = TierVocabulary(Tier.objects.select_related("scheme"))
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_partner: dict[str, list[dict]] = {}
    for row in rows:
        by_partner.setdefault(row["partner"], []).append(row)
    chains = {}
    for name, partner_rows in by_partner.items():
        partner = find_partner(name, partner_rows[0]["partner_iso2"])
        if partner is None or partner.code == "CN":
            continue
        placed = []
        for row in in_succession(partner_rows):
            tier = vocabulary.match(row["tier_phrase"], schemes=CHINA_SCHEMES)
            if tier is not None:
                placed.append({**row, "scheme": tier.scheme.slug, "tier": tier.slug})
        if placed:
            chains[partner.code] = placed
    return chains, rows


def level_rows(chains: dict, first_parties: list[str], count: int):
    """``count`` level rows: every chain for each first party, then again a century later, and so on."""
    written = 0
    for block in range(80):
        years = 100 * block
        for first in first_parties:
            for partner, chain in chains.items():
                by_scheme: dict[str, list[dict]] = {}
                for row in chain:
                    by_scheme.setdefault(row["scheme"], []).append(row)
                for rows in by_scheme.values():
                    starts = [_shifted(row["since"], years) or f"{1990 + years:04d}" for row in rows]
                    starts_sorted = sorted(range(len(rows)), key=lambda i: starts[i])
                    for position, index in enumerate(starts_sorted):
                        row = rows[index]
                        following = starts_sorted[position + 1] if position + 1 < len(starts_sorted) else None
                        end = starts[following] if following is not None else f"{2090 + years:04d}"
                        if end <= starts[index]:
                            continue  # two levels on one date in the starter: keep the later one only
                        yield {
                            "party_a": first,
                            "party_b": partner,
                            "scheme": row["scheme"],
                            "tier": row["tier"],
                            "wording": row["tier_phrase"],
                            "start": starts[index],
                            "end_status": "ended",
                            "end": end,
                            "status": "published",
                            "citations": json.dumps(
                                [{"url": row["source_url"], "quote": row["tier_phrase"]}]
                            ),
                        }
                        written += 1
                        if written == count:
                            return


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    from partnerships.models import Party
    from sources.normalise import normalise_url

    chains, starter = starter_chains(settings.SHARED_DIR / "data" / "china_partnerships.csv")
    named = set(chains) | {"CN"}
    first_parties = list(
        Party.objects.exclude(code__in=named).order_by("code").values_list("code", flat=True)
    )
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "sources.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["url", "title", "publisher"])
        writer.writeheader()
        seen = set()
        for row in starter:
            if normalise_url(row["source_url"]) not in seen:
                seen.add(normalise_url(row["source_url"]))
                writer.writerow(
                    {
                        "url": row["source_url"],
                        "title": row["source_title"],
                        "publisher": row["source_publisher"],
                    }
                )
    with (args.out / "level_periods.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=LEVEL_COLUMNS)
        writer.writeheader()
        total = 0
        for total, row in enumerate(level_rows(chains, first_parties, args.rows), 1):  # noqa: B007
            writer.writerow(row)
    print(f"Wrote {len(seen)} sources and {total} level rows to {args.out}.")


if __name__ == "__main__":
    main()
