from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value, Window
from django.db.models.functions import RowNumber

from core.history import tracked
from core.versioning import version_bump_trigger, version_field
from partnerships.models.parties import Party
from partnerships.status import Status


def pair_lookup(first: Party, second: Party, prefix: str = "") -> dict:
    """The filter naming the relationship of two parties: it is stored once, the lower id as ``party_a``.

    ``prefix``: the path to the relationship from another model (``"relationship__"``).
    """
    low, high = sorted([first, second], key=lambda party: party.pk)
    return {f"{prefix}party_a": low, f"{prefix}party_b": high}


class RelationshipQuerySet(models.QuerySet):
    def with_published_levels(self):
        """Pairs with at least one published level (the home page's count)."""
        return self.filter(level_periods__status=Status.PUBLISHED).distinct()

    def involving(self, party: Party):
        return self.filter(Q(party_a=party) | Q(party_b=party))

    def between(self, first: Party, second: Party):
        return self.filter(**pair_lookup(first, second))

    def get_or_create_pair(self, first: Party, second: Party) -> tuple["Relationship", bool]:
        """The relationship of two parties, stored once whatever order they are given in."""
        if first.pk == second.pk:
            raise ValidationError({"party_b": "A relationship needs two different parties."})
        return self.get_or_create(**pair_lookup(first, second))

    def holding(self, levels):
        """Pairs that hold at least one of ``levels`` (a LevelPeriod queryset)."""
        return self.filter(Exists(levels.filter(relationship=OuterRef("pk"))))

    def showing(self, levels):
        """Each pair with ``shown_levels``: those of ``levels`` that are its own, in one extra query."""
        return self.prefetch_related(Prefetch("level_periods", queryset=levels, to_attr="shown_levels"))

    def shown_levels(self, relationship_ids: list[int]):
        """The levels ``showing`` gives ``relationship_ids``, in its order (``ordinal``), each ``certain`` or
        not: what the API's lean pairs list reads instead of the prefetch."""
        chosen = next(
            lookup.queryset
            for lookup in self._prefetch_related_lookups
            if isinstance(lookup, Prefetch) and lookup.to_attr == "shown_levels"
        )
        chosen = chosen.filter(relationship__in=relationship_ids)
        certain = F("is_certain") if "is_certain" in chosen.query.annotations else Value(True)
        return chosen.annotate(
            certain=certain, ordinal=Window(RowNumber(), order_by=chosen.query.order_by)
        ).values("id", "relationship_id", "certain", "ordinal")

    def for_api(self):
        """Pairs with both parties, in a stable order (API relationships)."""
        return self.select_related("party_a", "party_b").order_by("party_a__name", "party_b__name", "pk")


@tracked(written_in_bulk=True)
class Relationship(models.Model):
    """Two parties, unordered: stored once, in the order of their ids."""

    party_a = models.ForeignKey(
        Party,
        # Parties are reference data: a party with recorded relationships cannot be deleted.
        on_delete=models.PROTECT,
        related_name="relationships_as_a",
    )
    party_b = models.ForeignKey(
        Party,
        # As party_a.
        on_delete=models.PROTECT,
        related_name="relationships_as_b",
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationshipQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["party_a__name", "party_b__name"]
        constraints = [
            # Canonical order makes the pair unique whichever way round it was entered, and rules out
            # self-pairs.
            models.CheckConstraint(
                condition=Q(party_a__lt=F("party_b")), name="relationship_canonical_order"
            ),
            models.UniqueConstraint(fields=["party_a", "party_b"], name="relationship_pair_unique"),
        ]
        indexes = [
            # "All of B's relationships" (party_a is served by the unique constraint's index).
            models.Index(fields=["party_b"], name="relationship_party_b"),
        ]

    def __str__(self) -> str:
        return f"{self.party_a} – {self.party_b}"

    def clean(self):
        if self.party_a_id and self.party_b_id:
            if self.party_a_id == self.party_b_id:
                raise ValidationError({"party_b": "A relationship needs two different parties."})
            if self.party_a_id > self.party_b_id:
                # Curators may enter the pair either way round; store it in canonical order.
                self.party_a_id, self.party_b_id = self.party_b_id, self.party_a_id
            duplicate = Relationship.objects.filter(party_a_id=self.party_a_id, party_b_id=self.party_b_id)
            if duplicate.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"party_b": "The relationship of these two parties is already recorded."}
                )

    def other_party(self, party: Party) -> Party:
        return self.party_b if party.pk == self.party_a_id else self.party_a

    @property
    def key(self) -> str:
        """The pair's address, e.g. ``CN-KH``."""
        return f"{self.party_a.code}-{self.party_b.code}"
