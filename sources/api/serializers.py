"""Serializer parts every app's API shares: partial dates, citations, and model errors as field errors."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources.models import Source
from sources.partial_dates import PartialDate, Precision, format_partial_date

PARTIAL_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD: as precise as the sources are."


def partial_date(date, precision) -> str | None:
    """``2015``, ``2011-06``, ``2019-06-05``; None when unknown (the API never shows ``?``)."""
    if date is None or precision == Precision.UNKNOWN:
        return None
    return format_partial_date(date, precision)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2011-06"})
class PartialDateField(serializers.Field):
    """Reads ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a PartialDate; writes it back the same way."""

    default_error_messages = {"invalid": "{message}"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", message="Give the date as text: YYYY, YYYY-MM or YYYY-MM-DD.")
        try:
            return PartialDate.parse(data)
        except ValueError as exc:
            self.fail("invalid", message=str(exc))

    def to_representation(self, value):
        return str(value)


@contextmanager
def model_errors_as_field_errors(rename: dict[str, str] | None = None):
    """Turn a model's ValidationError into a DRF 400 answer whose keys are the API's field names.

    ``rename`` maps model field names (``start_date``) to the API's (``start``); messages are kept as
    ``clean()`` wrote them, so the admin and the API explain a refusal in the same words.
    """
    rename = rename or {}
    try:
        yield
    except DjangoValidationError as exc:
        detail = {}
        for name, messages in serializers.as_serializer_error(exc).items():
            detail.setdefault(rename.get(name, name), []).extend(messages)
        raise serializers.ValidationError(detail) from None


class SourceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The source's number in this database.")
    url = serializers.CharField(read_only=True, help_text="Where the document is published.")
    title = serializers.CharField(read_only=True, help_text="The document's headline or title, as published.")
    publisher = serializers.CharField(read_only=True, help_text="Who published it.")
    published = serializers.SerializerMethodField(help_text=f"Publication date. {PARTIAL_DATE_HELP}")

    class Meta:
        examples = {
            "id": 17,
            "url": "https://english.news.cn/20230415/cambodia-china.html",
            "title": "China, Cambodia agree to build high-quality community with a shared future",
            "publisher": "Xinhua",
            "published": "2023-04-15",
        }

    def get_published(self, source) -> str | None:
        return partial_date(source.published_on, source.published_on_precision)

    def to_representation(self, source):
        # Lists nest thousands of these: built directly, the fields as declared (a test holds them equal).
        return {
            "id": source.id,
            "url": source.url,
            "title": source.title,
            "publisher": source.publisher,
            "published": partial_date(source.published_on, source.published_on_precision),
        }


class CitationSerializer(serializers.Serializer):
    """A source and the words in it that back a claim."""

    source = SourceBriefSerializer(
        read_only=True, help_text="The source: a document recorded in /api/v1/sources/."
    )
    quote = serializers.CharField(
        read_only=True, help_text="The source's words, verbatim, that support the claim."
    )
    locator = serializers.CharField(read_only=True, help_text="Where the quote stands: a paragraph, a page.")

    class Meta:
        examples = {
            "quote": "the two sides agreed to elevate relations to a comprehensive strategic partnership",
            "locator": "para. 3",
        }

    def to_representation(self, citation):
        # As SourceBriefSerializer's: the most numerous nested object, built directly.
        return {
            "source": self.fields["source"].to_representation(citation.source),
            "quote": citation.quote,
            "locator": citation.locator,
        }


class CitationInputSerializer(serializers.Serializer):
    """A citation given with a new claim: an existing source, by its number."""

    source = serializers.PrimaryKeyRelatedField(
        queryset=Source.objects.all(), help_text="The number of a recorded source (see /api/v1/sources/)."
    )
    quote = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="The source's words that support the claim."
    )
    locator = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=100,
        help_text="A paragraph, a page, a timestamp.",
    )

    class Meta:
        examples = {
            "source": 17,
            "quote": "elevate relations to a comprehensive strategic partnership",
            "locator": "p. 2",
        }
