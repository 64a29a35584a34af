"""The kinds of claim that cite sources, as the apps recording them declare them to the Sources API.

Sources know nothing of the apps above them: partnerships (level periods) and events (meetings) each
register their kind of claim when Django starts (their ``AppConfig.ready``), and the Sources API lists,
for every source, the claims of each registered kind that back it. Kinds appear in registration order,
which is the order of ``INSTALLED_APPS``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from sources.models import Source


@dataclass(frozen=True)
class CitingClaims:
    """One kind of claim: its citation table and how the Sources API shows the claims."""

    citations: type  # the concrete citation model (a subclass of sources.models.Citation)
    claim_field: str  # its foreign key to the claim: "level_period"
    ids_field: str  # the list's field of claim numbers: "level_ids"
    ids_help: str
    ids_example: list[int]
    field: str  # the detail's field of claims: "levels"
    help: str
    serializer: type  # a claim as a source's detail lists it, with the source's ``quotes`` about it
    visible_to: Callable[[object], QuerySet]  # the claims a user may see, loaded for ``serializer``


_KINDS: list[CitingClaims] = []


def register(kind: CitingClaims) -> None:
    if all(known.ids_field != kind.ids_field for known in _KINDS):
        _KINDS.append(kind)


def kinds() -> tuple[CitingClaims, ...]:
    return tuple(_KINDS)


def backing_sources(user):
    """Sources backing a claim ``user`` may see, each with the numbers of those claims (``level_ids``, …)."""
    return Source.objects.defer(*Source.BULKY_FIELDS).backing(
        **{
            kind.ids_field: (
                kind.citations.objects.filter(**{f"{kind.claim_field}__in": kind.visible_to(user)}),
                f"{kind.claim_field}_id",
            )
            for kind in kinds()
        }
    )


def every_source():
    """Every source, cited or not, its text included, each with the numbers of every claim citing it,
    whatever the claim's review status (the curators' full backup, never a public answer)."""
    return Source.objects.with_claim_ids(
        **{kind.ids_field: (kind.citations.objects.all(), f"{kind.claim_field}_id") for kind in kinds()}
    )


def attach_backed_claims(source: Source, user) -> Source:
    """Give ``source`` the claims of each kind it backs that ``user`` may see (``backed_levels``, …)."""
    for kind in kinds():
        claims = kind.visible_to(user).cited_by(source).order_by("start_date", "pk")
        setattr(source, f"backed_{kind.field}", claims)
    return source
