"""Loading the reference data every installation needs: parties and the tier vocabulary.

Countries come from pycountry (ISO 3166-1) and countryinfo (capitals, demonyms, other spellings),
organisations from ``partnerships.organisations``, tiers from ``tiers.csv``. Every loader is
idempotent and returns how many rows it created and updated.
"""

import csv
from collections import Counter
from pathlib import Path

import pycountry
from countryinfo import CountryInfo
from django.db import transaction

from partnerships.models import Party, PartyAlias, PartyKind, Scheme, Tier
from partnerships.models.parties import AliasKind
from partnerships.organisations import ORGANISATIONS

# Where neither package gives the name people use, the short name is set here.
_SHORT_NAME_OVERRIDES = {
    "CG": "Republic of the Congo",
    "CD": "Democratic Republic of the Congo",
    "PS": "Palestine",
    "TR": "Türkiye",
    "VA": "Holy See",
    "FM": "Micronesia",
}

# Schemes whose declaring party is a country: the scheme slug's first part is not its ISO code for "eu".
_DECLARING_PARTY = {"cn": "CN", "cn-community": "CN", "vn": "VN", "eu": "EU"}


def _country_info(alpha_2: str) -> dict:
    try:
        return CountryInfo(alpha_2).info()
    except Exception:  # countryinfo raises several kinds for a code it lacks; it is optional detail.
        return {}


def _short_name(country, info: dict) -> str:
    if country.alpha_2 in _SHORT_NAME_OVERRIDES:
        return _SHORT_NAME_OVERRIDES[country.alpha_2]
    common = getattr(country, "common_name", None)
    if common:
        return common
    candidates = [country.name, info.get("name") or country.name]
    plain = [name for name in candidates if "," not in name and "(" not in name]
    return min(plain or candidates, key=len)


def _sync_aliases(party: Party, aliases: list[tuple[str, str]]) -> None:
    existing = set(party.aliases.values_list("name", flat=True))
    seen = {party.name.casefold()}
    new = []
    for name, kind in aliases:
        name = name.strip()
        if not name or name.casefold() in seen or name in existing:
            continue
        seen.add(name.casefold())
        new.append(PartyAlias(party=party, name=name, kind=kind))
    PartyAlias.objects.bulk_create(new, ignore_conflicts=True)


def _save(model, lookup: dict, values: dict, counts: Counter):
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    if created:
        counts["created"] += 1
        return obj
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    if changed:
        for field in changed:
            setattr(obj, field, values[field])
        obj.save(update_fields=changed)
        counts["updated"] += 1
    else:
        counts["unchanged"] += 1
    return obj


@transaction.atomic
def load_countries() -> Counter:
    counts = Counter()
    for country in pycountry.countries:
        info = _country_info(country.alpha_2)
        party = _save(
            Party,
            {"code": country.alpha_2},
            {
                "kind": PartyKind.COUNTRY,
                "name": _short_name(country, info),
                "official_name": getattr(country, "official_name", "") or country.name,
                "alpha3": country.alpha_3,
                "numeric_code": country.numeric,
            },
            counts,
        )
        aliases = [(country.name, AliasKind.NAME), (getattr(country, "official_name", ""), AliasKind.NAME)]
        aliases += [
            (getattr(country, "common_name", ""), AliasKind.NAME),
            (info.get("name", ""), AliasKind.NAME),
        ]
        aliases += [
            (spelling, AliasKind.NAME)
            for spelling in info.get("altSpellings", [])
            if spelling.upper() not in (country.alpha_2, country.alpha_3)
        ]
        if info.get("demonym"):
            aliases.append((info["demonym"], AliasKind.DEMONYM))
        if info.get("capital"):
            aliases.append((info["capital"], AliasKind.CAPITAL))
        _sync_aliases(party, aliases)
    return counts


@transaction.atomic
def load_organisations() -> Counter:
    counts = Counter()
    for code, name, official_name, aliases, wikidata_id in ORGANISATIONS:
        party = _save(
            Party,
            {"code": code},
            {
                "kind": PartyKind.ORGANISATION,
                "name": name,
                "official_name": official_name,
                "wikidata_id": wikidata_id,
            },
            counts,
        )
        kinds = [(alias, AliasKind.ABBREVIATION if alias.isupper() else AliasKind.NAME) for alias in aliases]
        _sync_aliases(party, [(official_name, AliasKind.NAME), *kinds])
    return counts


@transaction.atomic
def load_tiers(path: Path) -> Counter:
    """Schemes and tiers from ``tiers.csv`` (columns documented in shared/data/README.md)."""
    counts = Counter()
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            declaring_code = _DECLARING_PARTY.get(row["scheme"])
            scheme = _save(
                Scheme,
                {"slug": row["scheme"]},
                {
                    "name": row["scheme_name"],
                    "declaring_party": Party.objects.filter(code=declaring_code).first()
                    if declaring_code
                    else None,
                },
                counts,
            )
            _save(
                Tier,
                {"scheme": scheme, "slug": row["slug"]},
                {
                    "name": row["name"],
                    "rank": int(row["rank"]),
                    "original_term": row["original_term"],
                    "original_language": row["original_language"],
                    "wording_variants": [
                        alias.strip() for alias in row["aliases"].split("|") if alias.strip()
                    ],
                    "description": row["notes"],
                },
                counts,
            )
    return counts
