"""People who meet others, and the offices they held."""

import datetime as dt

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import (
    TrigramSimilarity,
    TrigramWordSimilarity,
)
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.utils.text import slugify

from core.history import tracked
from core.partial_dates import (
    PartialDateRulesInClean,
    Precision,
    check_partial_date,
    format_partial_date,
    partial_date_constraints,
)
from core.versioning import version_bump_trigger, version_field
from partnerships.models import Party


class PersonQuerySet(models.QuerySet):
    def search(self, text: str):
        """People whose name or another spelling matches ``text``, misspelt too, best first (search page)."""
        text = text.strip()
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        in_aliases = RawSQL(
            f"EXISTS (SELECT 1 FROM unnest({self.model._meta.db_table}.aliases) AS alias "
            "WHERE alias ILIKE %s)",
            [pattern],
            output_field=models.BooleanField(),
        )
        return (
            self.annotate(
                alias_matches=in_aliases,
                relevance=Greatest(TrigramSimilarity("name", text), TrigramWordSimilarity(text, "name")),
            )
            .filter(
                Q(name__trigram_similar=text)
                | Q(name__trigram_word_similar=text)
                | Q(name__icontains=text)
                | Q(alias_matches=True)
            )
            .order_by("-relevance", "name")
        )

    def for_public_page(self):
        """People with their positions and the parties they held them for (person page)."""
        positions = Position.objects.select_related("party")
        return self.prefetch_related(models.Prefetch("positions", queryset=positions))


@tracked()
class Person(models.Model):
    """An official who meets others: a head of state, a minister, an envoy."""

    name = models.CharField(max_length=200, help_text="The name as usually written in English: Xi Jinping.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the person's address.")
    aliases = ArrayField(
        models.CharField(max_length=200), default=list, blank=True, help_text="Other spellings and names."
    )
    wikidata_id = models.CharField("Wikidata ID", max_length=20, blank=True)

    objects = PersonQuerySet.as_manager()

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["name"]
        verbose_name_plural = "people"
        indexes = [GinIndex(fields=["name"], opclasses=["gin_trgm_ops"], name="person_name_trgm")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or "person"
        super().save(*args, **kwargs)

    def title_on(self, date: dt.date) -> str:
        """The office this person held on ``date``, from the positions recorded (prefetch ``positions``)."""
        for position in self.positions.all():
            if position.held_on(date):
                return position.title
        return ""


class PositionQuerySet(models.QuerySet):
    def held_on(self, date: dt.date):
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=date)).filter(
            Q(end_date__isnull=True) | Q(end_date__gt=date)
        )


@tracked()
class Position(PartialDateRulesInClean, models.Model):
    """An office a person held for a party: "Premier of the State Council" for China, 2023–."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=200, help_text="The office as the sources name it.")
    party = models.ForeignKey(
        Party,
        # Reference data.
        on_delete=models.PROTECT,
        related_name="positions",
    )
    start_date = models.DateField(null=True, blank=True)
    start_date_precision = models.CharField(
        max_length=8, choices=Precision.choices, default=Precision.UNKNOWN
    )
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the person holds the office.")
    end_date_precision = models.CharField(max_length=8, choices=Precision.choices, default=Precision.UNKNOWN)

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="position_ends_after_start",
            ),
            *partial_date_constraints("position", "start_date", nullable=True),
            *partial_date_constraints("position", "end_date", nullable=True),
        ]

    def __str__(self) -> str:
        since = format_partial_date(self.start_date, self.start_date_precision)
        until = format_partial_date(self.end_date, self.end_date_precision) if self.end_date else ""
        return f"{self.person}, {self.title} ({self.party}) ({since}–{until})"

    def held_on(self, date: dt.date) -> bool:
        started = self.start_date is None or self.start_date <= date
        return started and (self.end_date is None or date < self.end_date)

    def clean(self):
        errors = {
            **check_partial_date(self.start_date, self.start_date_precision, field="start_date"),
            **check_partial_date(self.end_date, self.end_date_precision, field="end_date"),
        }
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "The end must come after the start."
        if errors:
            raise ValidationError(errors)
