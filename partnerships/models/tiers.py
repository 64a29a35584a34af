import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length

from core.history import tracked
from core.versioning import version_bump_trigger, version_field
from partnerships.status import Status


class SchemeQuerySet(models.QuerySet):
    def matching(self, text: str):
        """Schemes named by ``text``: a slug (cn), or the declaring party's code or name (CN, CHN, china).

        The shortest slug first, so that "china" means China's main ladder (cn) before cn-community.
        """
        text = text.strip()
        return (
            self.filter(
                Q(slug=text.lower())
                | Q(declaring_party__code=text.upper())
                | Q(declaring_party__alpha3=text.upper())
                | Q(declaring_party__name__iexact=text)
            )
            .select_related("declaring_party")
            .order_by(Length("slug"), "slug")
        )

    def declared(self):
        """Schemes with a declaring party, the shortest slug first (the map's choice of scheme)."""
        return (
            self.filter(declaring_party__isnull=False)
            .select_related("declaring_party")
            .order_by(Length("slug"), "slug")
        )


@tracked()
class Scheme(models.Model):
    """A declaring side's vocabulary of partnership levels: China's ladder, Viet Nam's framework, …"""

    slug = models.SlugField(
        max_length=40, unique=True, help_text="Stable identifier: cn, cn-community, vn, eu."
    )
    name = models.CharField(max_length=200)
    declaring_party = models.ForeignKey(
        "partnerships.Party",
        # Reference data: a party whose vocabulary is recorded cannot silently disappear.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="schemes",
        help_text="The side whose wording this vocabulary is; "
        "its partners' own wording goes in their scheme.",
    )
    description = models.TextField(blank=True)

    objects = SchemeQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name


class TierQuerySet(models.QuerySet):
    def ladder(self):
        """Tiers from the highest rank down, as a ladder is read."""
        return self.order_by("scheme__slug", "-rank", "name")

    def with_holder_counts(self, on: dt.date, *, involving=None):
        """Each tier with the one count of its holders that every page and the API show ("34 + 1 uncertain").

        ``holders``: pairs whose published level of this tier was certainly in force on ``on``;
        ``uncertain_holders``: pairs whose level may have been (a start or end known only to the month or
        year), not counted in ``holders``. ``involving``: only the pairs of that party (party page).
        """
        # Counted per tier in a subquery over the levels possibly in force that day (the span index), not by
        # joining every level of every tier: 0.2 s for the busiest party's page at benchmark scale.
        levels = self.model._meta.get_field("level_periods").related_model.objects.filter(
            tier=OuterRef("pk"), status=Status.PUBLISHED, possible_span__contains=on
        )
        if involving is not None:
            levels = levels.filter(Q(relationship__party_a=involving) | Q(relationship__party_b=involving))

        def pairs(rows):
            counted = rows.order_by().values("tier").annotate(pairs=Count("relationship", distinct=True))
            return Coalesce(Subquery(counted.values("pairs"), output_field=models.IntegerField()), 0)

        # A certain span lies inside the possible one: the pairs possibly holding include those certainly.
        certain = pairs(levels.filter(certain_span__contains=on))
        return self.annotate(holders=certain, uncertain_holders=pairs(levels) - certain)

    def with_ladder_place(self):
        """Each tier with ``place`` on its scheme's ladder (1 = the highest rank; equal ranks share a place)
        and ``rungs``, how many tiers the ladder has: "5th of 9"."""
        same_scheme = self.model.objects.filter(scheme=OuterRef("scheme")).order_by().values("scheme")
        counted = same_scheme.annotate(count=Count("pk")).values("count")
        higher = counted.filter(rank__gt=OuterRef("rank"))
        return self.annotate(
            place=Coalesce(Subquery(higher, output_field=models.IntegerField()), 0) + 1,
            rungs=Subquery(counted, output_field=models.IntegerField()),
        )

    def for_public_ladder(self, on: dt.date):
        """Every scheme's ladder, each tier with its holders on ``on`` (``with_holder_counts``; pages)."""
        return self.ladder().select_related("scheme__declaring_party").with_holder_counts(on)


@tracked()
class Tier(models.Model):
    """One rung of a scheme: "comprehensive strategic cooperative partnership"."""

    scheme = models.ForeignKey(
        Scheme,
        # Reference data: tiers are referenced by claims.
        on_delete=models.PROTECT,
        related_name="tiers",
    )
    slug = models.SlugField(max_length=80, help_text="Stable identifier within the scheme, used by the API.")
    name = models.CharField(max_length=200, help_text="The canonical English name.")
    rank = models.PositiveSmallIntegerField(
        help_text="Order within the scheme; higher is closer. "
        "Equal ranks mean the literature does not order them."
    )
    original_term = models.CharField(max_length=200, blank=True, help_text="The declaring side's own term.")
    original_language = models.CharField(max_length=16, blank=True, help_text="ISO 639-1 code of that term.")
    wording_variants = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Other wordings of the same tier seen in sources.",
    )
    description = models.TextField(blank=True)

    objects = TierQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["scheme", "-rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "slug"], name="tier_slug_unique_in_scheme"),
            # Target of the level periods' (tier, scheme) foreign key: a period's tier belongs to its scheme.
            models.UniqueConstraint(fields=["id", "scheme"], name="tier_id_scheme_unique"),
        ]

    def __str__(self) -> str:
        # Several schemes share tier names ("strategic partnership"): choosers must tell them apart.
        return f"{self.name} [{self.scheme.slug}]"
