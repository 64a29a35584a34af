"""The questions asked of level periods: as of a date, of a pair, for review, for each page and endpoint."""

import datetime as dt

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.db.models.functions import ExtractYear

from core.partial_dates import (
    Precision,
)
from partnerships.models.citations import LevelPeriodCitation
from partnerships.models.relationships import pair_lookup
from partnerships.models.tiers import Scheme
from partnerships.models.timeline import (
    EndStatus,
)
from partnerships.status import Status


class LevelPeriodQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def awaiting_review(self):
        return self.filter(status=Status.IN_REVIEW)

    def published_without_archived_copy(self):
        """Published levels citing a source of which no archived copy is recorded."""
        return self.published().filter(
            Exists(LevelPeriodCitation.objects.filter(level_period=OuterRef("pk"), source__archive_url=""))
        )

    def conflicting(self):
        """Proposals (draft or in review) that contradict a published level of the same pair and scheme.

        A proposal that starts after an ongoing published level is its successor (an upgrade), not a
        conflict; anything else overlapping a published level gives a different tier or date for it.
        """
        contradicted = (
            self.model.objects.published()
            .filter(
                relationship=OuterRef("relationship"),
                scheme=OuterRef("scheme"),
                during__overlap=OuterRef("during"),
            )
            .exclude(
                Q(end_status=EndStatus.ONGOING)
                & (Q(start_date__lt=OuterRef("start_date")) | Q(start_date__isnull=True))
            )
        )
        return self.filter(status__in=[Status.DRAFT, Status.IN_REVIEW]).filter(Exists(contradicted))

    def contradicted_by(self, proposal):
        """The published levels that ``proposal`` contradicts (see ``conflicting``)."""
        return (
            self.published()
            .filter(
                relationship=proposal.relationship_id,
                scheme=proposal.scheme_id,
                during__overlap=proposal.during,
            )
            .exclude(
                Q(end_status=EndStatus.ONGOING)
                & (Q(start_date__lt=proposal.start_date) | Q(start_date__isnull=True))
            )
            .exclude(pk=proposal.pk)
        )

    def in_scheme(self, scheme: Scheme | str):
        return self.filter(scheme__slug=scheme) if isinstance(scheme, str) else self.filter(scheme=scheme)

    def involving(self, party):
        return self.filter(Q(relationship__party_a=party) | Q(relationship__party_b=party))

    def between(self, first, second):
        # On the joined relationship, not ``relationship__in`` a subquery: one table fewer to plan, and
        # planning was most of these queries' time (3.7 ms of 4 on a pair's page at benchmark scale).
        return self.filter(**pair_lookup(first, second, prefix="relationship__"))

    def in_force_on(self, date: dt.date):
        """Periods certainly in force on ``date`` (see the module docstring)."""
        return self.filter(certain_span__contains=date)

    def possibly_in_force_on(self, date: dt.date):
        """Periods that may have been in force on ``date``, each with ``is_certain``."""
        return self.filter(possible_span__contains=date).annotate(
            is_certain=models.ExpressionWrapper(
                Q(certain_span__contains=date), output_field=models.BooleanField()
            )
        )

    def current(self):
        """Periods in force now: ongoing, and begun."""
        return self.filter(end_status=EndStatus.ONGOING).in_force_on(dt.date.today())

    def started_between(self, first: dt.date, last: dt.date):
        """Changes whose start may fall within ``first``..``last`` (inclusive), partial dates included."""
        return self.filter(start_date__lte=last, start_date__isnull=False).filter(
            Q(start_date_precision=Precision.DAY, start_date__gte=first)
            | Q(start_date_precision=Precision.MONTH, start_date__gte=first.replace(day=1))
            | Q(start_date_precision=Precision.YEAR, start_date__year__gte=first.year)
        )

    def changes_between(self, since: dt.date, until: dt.date):
        """Published changes whose start may fall after ``since`` and by ``until``, oldest first (map).

        With pairs and tiers loaded; a start known to the year or month counts if that period may.
        """
        return (
            self.published()
            .started_between(since + dt.timedelta(days=1), until)
            .with_parties()
            .without_spans()
            .order_by("start_date", "-tier__rank", "pk")
        )

    def for_map(self, on: dt.date):
        """Published periods that may have been in force on ``on``, with pairs and tiers (map)."""
        return self.published().possibly_in_force_on(on).with_parties().without_spans()

    def without_spans(self):
        """Less the columns a list of levels does not show: its three date ranges (slow to read), notes."""
        return self.defer("during", "certain_span", "possible_span", "notes", "retraction_reason")

    def earliest_start(self):
        """The first known start among these periods, or None (the map's range of years)."""
        return self.filter(start_date__isnull=False).aggregate(first=models.Min("start_date"))["first"]

    def with_parties(self):
        return self.select_related("relationship__party_a", "relationship__party_b", "scheme", "tier")

    def seen_from(self, party):
        """Plain rows of what a party's page shows of each period, the partner named (``partner_code``,
        ``partner_name``): a party has hundreds of periods, and no model instance is made for them."""
        b_is_partner = Q(relationship__party_a=party)
        fields = [
            "id",
            "start_date",
            "start_date_precision",
            "start_approximate",
            "change_kind",
            "scheme_id",
            "scheme__slug",
            "scheme__name",
            "tier_id",
            "tier__slug",
            "tier__name",
            "tier__rank",
            "relationship__party_a__code",
            "relationship__party_b__code",
        ]
        if "is_certain" in self.query.annotations:
            fields.append("is_certain")
        return self.annotate(
            partner_code=Case(
                When(b_is_partner, then=F("relationship__party_b__code")),
                default=F("relationship__party_a__code"),
            ),
            partner_name=Case(
                When(b_is_partner, then=F("relationship__party_b__name")),
                default=F("relationship__party_a__name"),
            ),
        ).values(*fields, "partner_code", "partner_name")

    def for_network(self):
        """Periods with both parties, scheme and tier, in a stable order, in one query (API network and
        network page: each period is an edge)."""
        return self.with_parties().order_by("scheme__slug", "relationship__party_a__code", "pk")

    def level_of(self, first, second, scheme: Scheme | str, on: dt.date):
        """The level of the pair in ``scheme`` certainly in force on ``on``, or None."""
        return self.between(first, second).in_scheme(scheme).in_force_on(on).with_parties().first()

    def for_public_timeline(self):
        """Published periods with pair, scheme and tier, in timeline order (pair, party and tier pages)."""
        return (
            self.published()
            .with_parties()
            .order_by("scheme__slug", models.F("start_date").asc(nulls_first=True), "pk")
        )

    def with_citations(self):
        """Each period's citations with their sources, in one extra query (pair page)."""
        return self.prefetch_related(
            models.Prefetch("citations", queryset=LevelPeriodCitation.objects.with_sources())
        )

    def latest_changes(self):
        """Published changes, the most recent start first (home page)."""
        return self.published().filter(start_date__isnull=False).with_parties().order_by("-start_date", "-pk")

    def joined_between(self, since: dt.date, until: dt.date):
        """Periods in force on ``until`` whose pair held none of these levels on ``since`` (tier page)."""
        held_before = self.in_force_on(since).values("relationship")
        return self.in_force_on(until).exclude(relationship__in=held_before)

    def left_between(self, since: dt.date, until: dt.date):
        """Periods in force on ``since`` whose pair held none of these levels on ``until`` (tier page)."""
        held_after = self.in_force_on(until).values("relationship")
        return self.in_force_on(since).exclude(relationship__in=held_after)

    def cited_by(self, source):
        """Periods backed by ``source``, each with ``source_citations``: its citations of it (source page)."""
        citations = LevelPeriodCitation.objects.filter(source=source)
        return self.filter(pk__in=citations.values("level_period")).prefetch_related(
            models.Prefetch("citations", queryset=citations, to_attr="source_citations")
        )

    def visible_to(self, user):
        """Every period for a user who may view them (editors); published ones for everyone else (API)."""
        return self if user.has_perm("partnerships.view_levelperiod") else self.published()

    def changed_since(self, moment: dt.datetime):
        return self.filter(updated_at__gte=moment)

    def at_least_rank(self, rank: int):
        return self.filter(tier__rank__gte=rank)

    def for_api(self):
        """Periods with scheme, tier and cited sources: no query per row (API pairs and level details)."""
        citations = LevelPeriodCitation.objects.with_sources()
        return self.select_related("scheme", "tier").prefetch_related(
            # Kept as a plain list (to_attr): Django builds no queryset per period then (see ``cited``).
            models.Prefetch("citations", queryset=citations, to_attr="prefetched_citations")
        )

    def tier_counts_by_year(
        self, first_year: int, last_year: int, *, today: dt.date
    ) -> list[tuple[int, int, int]]:
        """``(year, tier id, levels)``: how many of these periods were certainly in force on 31 December of
        each year from ``first_year`` to ``last_year`` (on ``today`` for a year not yet over), by tier.

        A year's count is what ``/api/v1/relationships/?as_of=YYYY-12-31`` lists (trends page); one query,
        the years generated by PostgreSQL.
        """
        levels, params = self.values("tier_id", "certain_span").query.sql_with_params()
        sql = (
            "SELECT y.year, l.tier_id, count(*) FROM generate_series(%s::int, %s::int) AS y(year) "
            f"JOIN ({levels}) AS l ON l.certain_span @> LEAST(make_date(y.year, 12, 31), %s::date) "
            "GROUP BY y.year, l.tier_id ORDER BY y.year, l.tier_id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [first_year, last_year, *params, today])
            return cursor.fetchall()

    def changes_by_year(self):
        """``year``, ``change_kind``, ``levels``: how many of these periods began in each year, by how they
        came about (trends page: upgrades per year). Periods of unknown start are left out."""
        return (
            self.filter(start_date__isnull=False)
            .annotate(year=ExtractYear("start_date"))
            .values("year", "change_kind")
            .annotate(levels=Count("pk"))
            .order_by("year", "change_kind")
        )

    def with_source_ids(self):
        """Each period with ``source_ids``, the sources citing it, in the same query (API levels, export)."""
        cited = LevelPeriodCitation.objects.filter(level_period=OuterRef("pk")).order_by("source_id")
        return self.annotate(source_ids=ArraySubquery(cited.values("source_id")))
