import re

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.expressions import RawSQL

from core import search
from core.history import tracked
from core.partial_dates import (
    PartialDateRulesInClean,
    Precision,
    check_partial_date,
    format_partial_date,
    partial_date_constraints,
)
from core.search import BestMatches
from core.versioning import version_bump_trigger, version_field
from sources.normalise import normalise_url


class SourceKind(models.TextChoices):
    OFFICIAL = "official", "official statement"
    JOINT_STATEMENT = "joint_statement", "joint statement"
    STATE_MEDIA = "state_media", "state media"
    INDEPENDENT_PRESS = "independent_press", "independent press"
    ACADEMIC = "academic", "academic"
    REFERENCE = "reference", "encyclopedia or reference work"
    OTHER = "other", "other"


# A publisher typed as a placeholder says no more than a blank one: the record is incomplete either way.
PLACEHOLDER_PUBLISHER = r"^\s*(unknown|unknown publisher|n/?a|none|\?+|-+)?\s*$"


class SourceQuerySet(models.QuerySet):
    def incomplete(self):
        """Sources recorded without a known publisher or publication date (the curators' queue)."""
        return self.filter(Q(publisher__iregex=PLACEHOLDER_PUBLISHER) | Q(published_on__isnull=True))

    def matching_url(self, url: str):
        """The source recorded for ``url``, whatever its spelling (tracking parameters, case, fragment)."""
        return self.filter(url=normalise_url(url))

    def search(self, text: str):
        """Sources whose title, publisher or text match ``text``, most relevant first (the search page).

        Full-text search ranks title words above publisher and body; trigram word similarity on the
        title catches misspellings that stemming cannot (``core.search``).
        """
        return search.ranked(self, text, "-published_on", "pk")

    def best_matches(self, text: str) -> BestMatches:
        """The search page's sources: the best of a bounded set of matches (``core.search``)."""
        return search.best_matches(self, text, "-published_on", "pk")

    def backing(self, **claims):
        """Sources backing at least one claim, each with the ids of the claims it backs.

        ``claims`` maps an annotation name to a citation queryset and its claim column, for example
        ``level_ids=(LevelPeriodCitation.objects.filter(...), "level_period_id")``: the apps that cite
        pass their tables in, so this one imports none of them (API sources).
        """
        backs_any = Q()
        for name in claims:
            backs_any |= Q(**{f"{name}__len__gt": 0})
        return self.with_claim_ids(**claims).filter(backs_any)

    def with_claim_ids(self, **claims):
        """Each source with the ids of the claims it backs (``claims`` as for ``backing``), cited or not."""
        return self.annotate(
            **{
                name: ArraySubquery(
                    citations.filter(source=OuterRef("pk")).order_by(column).values(column).distinct()
                )
                for name, (citations, column) in claims.items()
            }
        )


@tracked(exclude=("search_vector",), written_in_bulk=True)
class Source(PartialDateRulesInClean, models.Model):
    """A document that backs claims: an article, a statement, a paper."""

    url = models.URLField(
        "URL", max_length=1000, blank=True, help_text="Where the document is published. Stored normalised."
    )
    title = models.CharField(max_length=500, help_text="The document's headline or title, as published.")
    publisher = models.CharField(
        max_length=200, help_text="Who published it: Xinhua, the Ministry of Foreign Affairs, Reuters, …"
    )
    author = models.CharField(max_length=200, blank=True)
    language = models.CharField(
        max_length=16, blank=True, help_text="Language of the document, as an ISO 639-1 code (en, zh, vi)."
    )
    published_on = models.DateField(
        null=True, blank=True, help_text="Publication date (first day of the period)."
    )
    published_on_precision = models.CharField(
        "publication date precision", max_length=8, choices=Precision.choices, default=Precision.UNKNOWN
    )
    accessed_on = models.DateField(null=True, blank=True, help_text="When a curator last read it.")
    archive_url = models.URLField(
        "archived copy",
        max_length=1000,
        blank=True,
        help_text="A copy in a web archive, in case the page moves.",
    )
    kind = models.CharField(max_length=24, choices=SourceKind.choices, default=SourceKind.OTHER)
    text = models.TextField(
        blank=True, help_text="The document's text, kept so that quotes can be checked against it."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = models.GeneratedField(
        # A tsvector holds at most 1 MB: the first 200,000 characters of a text are what is searched.
        expression=RawSQL(
            "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('english', coalesce(publisher, '')), 'B') || "
            "setweight(to_tsvector('english', left(coalesce(text, ''), 200000)), 'D')",
            [],
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = SourceQuerySet.as_manager()

    # Columns that lists and citations leave unread: the whole text and its search index.
    BULKY_FIELDS = ("text", "search_vector")

    version = version_field()

    class Meta:
        triggers = [version_bump_trigger()]
        ordering = ["-published_on", "publisher", "title"]
        constraints = [
            # The same article must not be recorded twice; sources with no URL (a book, a print edition) are
            # exempt.
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="source_url_unique_when_present"
            ),
            *partial_date_constraints("source", "published_on", nullable=True),
        ]
        indexes = [
            # Search by title and publisher, misspellings included.
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="source_title_trgm"),
            models.Index(fields=["publisher"], name="source_publisher"),
            # Full-text search over title, publisher and text.
            GinIndex(fields=["search_vector"], name="source_search"),
        ]

    def __str__(self) -> str:
        date = format_partial_date(self.published_on, self.published_on_precision)
        return (
            f"{self.publisher}: {self.title} ({date})" if date != "?" else f"{self.publisher}: {self.title}"
        )

    def save(self, *args, **kwargs):
        self.url = normalise_url(self.url)
        super().save(*args, **kwargs)

    def clean(self):
        self.url = normalise_url(self.url)
        errors = check_partial_date(self.published_on, self.published_on_precision, field="published_on")
        if self.url and Source.objects.matching_url(self.url).exclude(pk=self.pk).exists():
            errors["url"] = "A source with this URL is already recorded; cite that one instead."
        if errors:
            raise ValidationError(errors)

    @property
    def published(self) -> str:
        return format_partial_date(self.published_on, self.published_on_precision)

    @property
    def publisher_known(self) -> bool:
        return re.match(PLACEHOLDER_PUBLISHER, self.publisher, flags=re.IGNORECASE) is None

    @property
    def missing_details(self) -> list[str]:
        """What a reader would need to find the document again and is not recorded (see ``incomplete``)."""
        missing = [] if self.publisher_known else ["publisher"]
        return missing + ([] if self.published_on else ["publication date"])


class CitationQuerySet(models.QuerySet):
    def with_sources(self):
        """Citations with their sources, less the sources' bulky columns (a whole article, its index)."""
        return self.select_related("source").defer(*(f"source__{name}" for name in Source.BULKY_FIELDS))


class Citation(models.Model):
    """A source, the verbatim words in it that back a claim, and where in the source they stand.

    Concrete citation tables (one per kind of claim) add a foreign key to their claim; keeping them
    explicit lets the database join and constrain them, which a generic relation could not.
    """

    source = models.ForeignKey(
        Source,
        # A source that backs a claim cannot be deleted out from under it.
        on_delete=models.PROTECT,
        related_name="%(class)ss",
    )
    quote = models.TextField(blank=True, help_text="The source's words, verbatim, that support the claim.")
    locator = models.CharField(
        max_length=100, blank=True, help_text="Where the quote stands: a paragraph, a page, a timestamp."
    )

    objects = CitationQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        quote = self.quote if len(self.quote) <= 60 else self.quote[:57] + "…"
        return f"{self.source.publisher}: “{quote}”" if quote else str(self.source)
