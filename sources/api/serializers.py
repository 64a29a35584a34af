"""The shapes of sources and citations, nested in every claim's answers."""

from rest_framework import serializers

from core.api.fields import PARTIAL_DATE_HELP, partial_date
from sources.models import Source


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
