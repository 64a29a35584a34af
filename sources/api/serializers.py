"""The shapes of sources and citations, nested in every claim's answers."""

from rest_framework import serializers

from core.api.fields import PARTIAL_DATE_HELP, UPDATED_HELP, EdtfField, partial_date
from core.partial_dates import edtf_date
from sources.api import citing
from sources.models import Source


class SourceBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text="The source's number in this database.")
    url = serializers.CharField(read_only=True, help_text="Where the document is published.")
    title = serializers.CharField(read_only=True, help_text="The document's headline or title, as published.")
    publisher = serializers.CharField(read_only=True, help_text="Who published it.")
    published = serializers.SerializerMethodField(help_text=f"Publication date. {PARTIAL_DATE_HELP}")
    published_edtf = EdtfField("published_on")

    class Meta:
        examples = {
            "id": 17,
            "url": "https://english.news.cn/20230415/cambodia-china.html",
            "title": "China, Cambodia agree to build high-quality community with a shared future",
            "publisher": "Xinhua",
            "published": "2023-04-15",
            "published_edtf": "2023-04-15",
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
            "published_edtf": edtf_date(source.published_on, source.published_on_precision),
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


class SourceSerializer(serializers.ModelSerializer):
    """One row per source, with the numbers of the claims it backs (the sources list and its CSV)."""

    # The claims' fields (level_ids, meeting_ids) are those of the kinds registered in sources.api.citing,
    # before updated_at. (Docstrings are the schema's descriptions: notes for developers go in comments.)

    published = serializers.SerializerMethodField(help_text=f"Publication date. {PARTIAL_DATE_HELP}")
    published_edtf = EdtfField("published_on")
    published_precision = serializers.CharField(
        source="published_on_precision", read_only=True, help_text="day, month, year, or unknown."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "author",
            "language",
            "published",
            "published_edtf",
            "published_on",
            "published_precision",
            "kind",
            "archive_url",
            "updated_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "The source's number."},
            "author": {"help_text": "Who wrote it, if named."},
            "kind": {
                "help_text": "official, joint_statement, state_media, independent_press, academic, reference "
                "or other."
            },
            "updated_at": {"help_text": UPDATED_HELP},
        }
        examples = {
            "id": 17,
            "url": "https://english.news.cn/20230915/xi-hun-manet.html",
            "title": "Xi Jinping holds talks with Cambodian Prime Minister Hun Manet",
            "publisher": "Xinhua",
            "author": "",
            "language": "en",
            "published": "2023-09-15",
            "published_edtf": "2023-09-15",
            "published_on": "2023-09-15",
            "published_precision": "day",
            "kind": "state_media",
            "archive_url": "",
            "updated_at": "2025-03-01T10:15:00Z",
        }

    def get_fields(self):
        fields = super().get_fields()
        updated_at = fields.pop("updated_at")
        fields.update(self.claim_fields())
        fields["updated_at"] = updated_at
        return fields

    def claim_fields(self) -> dict:
        fields = {}
        for kind in citing.kinds():
            field = serializers.ListField(
                child=serializers.IntegerField(), read_only=True, help_text=kind.ids_help
            )
            field.schema_example = kind.ids_example
            fields[kind.ids_field] = field
        return fields

    def get_published(self, source) -> str | None:
        return partial_date(source.published_on, source.published_on_precision)


class SourceDetailSerializer(SourceSerializer):
    # A source with the claims it backs (levels, meetings), the source's quotes about each included.

    def get_fields(self):
        fields = serializers.ModelSerializer.get_fields(self)
        fields.update(self.claim_fields())
        return fields

    def claim_fields(self) -> dict:
        return {
            kind.field: kind.serializer(
                source=f"backed_{kind.field}", many=True, read_only=True, help_text=kind.help
            )
            for kind in citing.kinds()
        }
