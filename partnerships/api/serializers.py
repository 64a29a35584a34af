"""The shapes of parties, schemes, tiers, pairs and their levels in the API."""

from rest_framework import serializers

from core.api.fields import (
    PARTIAL_DATE_HELP,
    UPDATED_HELP,
    EdtfField,
    partial_date,
)
from partnerships.models import CoverageCheck, EndStatus, LevelPeriod, Party, Relationship, Scheme, Tier
from sources.api.serializers import CitationSerializer

STATUS_READ_HELP = "Review status: published (all the public sees), or draft, in_review, retracted (editors)."
PARTY_FIELD_HELP = {
    "kind": {"help_text": "country, or organisation (regional or international)."},
    "official_name": {"help_text": "The full official name."},
}
PRECISION_HELP = "How precise the date is: day, month or year (unknown when there is no date)."
CERTAIN_HELP = (
    "False when the level only possibly held on the as_of date (include_uncertain=true); else true."
)


class PartyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Party
        fields = ["code", "name", "kind"]
        extra_kwargs = PARTY_FIELD_HELP
        examples = {"code": "KH", "name": "Cambodia", "kind": "country"}


class PartySerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField(
        help_text="Other names texts use: spellings, demonyms, capitals."
    )

    class Meta:
        model = Party
        fields = ["code", "alpha3", "numeric_code", "kind", "name", "official_name", "wikidata_id", "aliases"]
        extra_kwargs = PARTY_FIELD_HELP
        examples = {
            "code": "KH",
            "alpha3": "KHM",
            "numeric_code": "116",
            "kind": "country",
            "name": "Cambodia",
            "official_name": "Kingdom of Cambodia",
            "wikidata_id": "Q424",
            "aliases": ["Kampuchea", "Cambodian", "Phnom Penh"],
        }

    def get_aliases(self, party) -> list[str]:
        return [alias.name for alias in party.aliases.all()]


class TierSerializer(serializers.ModelSerializer):
    scheme = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="The scheme (vocabulary) the tier belongs to."
    )

    class Meta:
        model = Tier
        fields = [
            "scheme",
            "slug",
            "name",
            "rank",
            "original_term",
            "original_language",
            "wording_variants",
            "description",
        ]
        extra_kwargs = {"description": {"help_text": "Notes on the tier: how sources use and order it."}}
        examples = {
            "scheme": "cn",
            "slug": "comprehensive-strategic-cooperative-partnership",
            "name": "comprehensive strategic cooperative partnership",
            "rank": 60,
            "original_term": "全面战略合作伙伴关系",
            "original_language": "zh",
            "wording_variants": ["comprehensive strategic partnership of cooperation"],
            "description": "",
        }


class TierHoldersSerializer(TierSerializer):
    """A tier in the tiers list, with how many pairs hold it today (``Tier.objects.with_holder_counts``)."""

    holders = serializers.IntegerField(
        read_only=True, help_text="Pairs whose published level of this tier is certainly in force today."
    )
    uncertain_holders = serializers.IntegerField(
        read_only=True,
        help_text="Pairs whose level of this tier may be in force today (a date known only to the month or "
        "year); not counted in holders.",
    )

    class Meta(TierSerializer.Meta):
        fields = [*TierSerializer.Meta.fields, "holders", "uncertain_holders"]
        examples = {**TierSerializer.Meta.examples, "holders": 34, "uncertain_holders": 1}


class SchemeSerializer(serializers.ModelSerializer):
    declaring_party = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        help_text="Code of the party whose vocabulary this is; null if none.",
    )

    class Meta:
        model = Scheme
        fields = ["slug", "name", "declaring_party", "description"]
        extra_kwargs = {
            "name": {"help_text": "A readable name for the scheme."},
            "description": {"help_text": "Notes on the scheme and its sources."},
        }
        examples = {
            "slug": "cn",
            "name": "People's Republic of China: partnership diplomacy",
            "declaring_party": "CN",
            "description": "",
        }


class SchemeDetailSerializer(SchemeSerializer):
    tiers = TierSerializer(many=True, read_only=True, help_text="The scheme's tiers, highest rank first.")

    class Meta(SchemeSerializer.Meta):
        fields = [*SchemeSerializer.Meta.fields, "tiers"]


class PeriodSerializer(serializers.ModelSerializer):
    """A level period's dates, as partial dates and as plain first days, with their precision."""

    start = serializers.SerializerMethodField(
        help_text=f"When the level began. {PARTIAL_DATE_HELP} Null if unknown."
    )
    start_date = serializers.DateField(
        read_only=True,
        allow_null=True,
        help_text="The first day ``start`` can mean (2015 → 2015-01-01). Null if unknown.",
    )
    start_precision = serializers.CharField(
        source="start_date_precision", read_only=True, help_text=PRECISION_HELP
    )
    start_approximate = serializers.BooleanField(
        read_only=True, help_text="The source gives the start as approximate."
    )
    start_edtf = EdtfField("start_date", approximate="start_approximate")
    end_status = serializers.CharField(
        read_only=True,
        help_text="ongoing (still in force), ended (on ``end``), or unknown (ended, date unknown).",
    )
    end = serializers.SerializerMethodField(
        help_text=f"When the level ended. {PARTIAL_DATE_HELP} Null unless ended."
    )
    end_date = serializers.DateField(
        read_only=True, allow_null=True, help_text="The first day ``end`` can mean; ends are exclusive."
    )
    end_edtf = EdtfField(
        "end_date",
        approximate="end_approximate",
        shown_if=lambda period: period.end_status == EndStatus.ENDED,
        help_text="The end in EDTF (2011-06, 2015~: ~ when approximate); null unless ended.",
    )
    end_precision = serializers.CharField(
        source="end_date_precision", read_only=True, help_text=PRECISION_HELP
    )
    end_approximate = serializers.BooleanField(
        read_only=True, help_text="The source gives the end as approximate."
    )
    scheme = serializers.CharField(
        source="scheme.slug", read_only=True, help_text="The scheme (vocabulary) slug."
    )
    tier = serializers.CharField(
        source="tier.slug", read_only=True, help_text="The tier's slug within its scheme."
    )
    tier_name = serializers.CharField(
        source="tier.name", read_only=True, help_text="The tier's canonical English name."
    )
    tier_rank = serializers.IntegerField(
        source="tier.rank", read_only=True, help_text="The tier's rank within its scheme; higher is closer."
    )

    period_fields = [
        "scheme",
        "tier",
        "tier_name",
        "tier_rank",
        "wording",
        "start",
        "start_date",
        "start_precision",
        "start_approximate",
        "start_edtf",
        "end_status",
        "end",
        "end_date",
        "end_precision",
        "end_approximate",
        "end_edtf",
        "change_kind",
        "status",
    ]

    class Meta:
        model = LevelPeriod
        extra_kwargs = {
            "id": {"help_text": "The level period's number."},
            "status": {"help_text": STATUS_READ_HELP},
            "updated_at": {"help_text": UPDATED_HELP},
            "notes": {"help_text": "Curators' notes: doubts, conflicting sources."},
        }
        examples = {
            "id": 412,
            "scheme": "cn",
            "tier": "comprehensive-strategic-cooperative-partnership",
            "tier_name": "comprehensive strategic cooperative partnership",
            "tier_rank": 60,
            "wording": "comprehensive strategic partnership of cooperation",
            "start": "2010-12",
            "start_date": "2010-12-01",
            "start_precision": "month",
            "start_approximate": False,
            "start_edtf": "2010-12",
            "end_status": "ongoing",
            "end": None,
            "end_date": None,
            "end_precision": "unknown",
            "end_approximate": False,
            "end_edtf": None,
            "change_kind": "upgraded",
            "status": "published",
            "certain": True,
            "relationship": "CN-KH",
            "party_a": "CN",
            "party_a_name": "China",
            "party_b": "KH",
            "party_b_name": "Cambodia",
            "source_ids": [17, 18],
            "quotes": ["elevate relations to a comprehensive strategic cooperative partnership"],
            "notes": "",
            "updated_at": "2025-03-01T10:15:00Z",
        }

    def get_start(self, period) -> str | None:
        return partial_date(period.start_date, period.start_date_precision)

    def get_end(self, period) -> str | None:
        if period.end_status != EndStatus.ENDED:
            return None
        return partial_date(period.end_date, period.end_date_precision)


class AnnouncedLevelSerializer(PeriodSerializer):
    relationship = serializers.CharField(
        source="relationship.key", read_only=True, help_text="The pair, e.g. CN-KH."
    )

    class Meta(PeriodSerializer.Meta):
        fields = ["id", "relationship", "scheme", "tier", "tier_name", "start", "start_edtf", "change_kind"]


class BackedLevelSerializer(AnnouncedLevelSerializer):
    quotes = serializers.SerializerMethodField(help_text="The source's words that back the level.")

    class Meta(AnnouncedLevelSerializer.Meta):
        fields = [*AnnouncedLevelSerializer.Meta.fields, "quotes"]

    def get_quotes(self, period) -> list[str]:
        return [citation.quote for citation in period.source_citations]


class LevelSerializer(PeriodSerializer):
    """A level as shown inside a pair: with its certainty on the as-of date and its citations."""

    certain = serializers.SerializerMethodField(help_text=CERTAIN_HELP)
    citations = CitationSerializer(
        source="cited", many=True, read_only=True, help_text="The sources that back the level."
    )

    class Meta(PeriodSerializer.Meta):
        fields = ["id", *PeriodSerializer.period_fields, "certain", "citations"]

    def get_certain(self, period) -> bool:
        return getattr(period, "is_certain", True)


class PairFieldsSerializer(PeriodSerializer):
    relationship = serializers.CharField(
        source="relationship.key", read_only=True, help_text="The pair, e.g. CN-KH."
    )
    party_a = serializers.CharField(
        source="relationship.party_a.code", read_only=True, help_text="First party's code."
    )
    party_a_name = serializers.CharField(
        source="relationship.party_a.name", read_only=True, help_text="Its name."
    )
    party_b = serializers.CharField(
        source="relationship.party_b.code", read_only=True, help_text="Second party's code."
    )
    party_b_name = serializers.CharField(
        source="relationship.party_b.name", read_only=True, help_text="Its name."
    )
    pair_fields = ["relationship", "party_a", "party_a_name", "party_b", "party_b_name"]


class LevelRowSerializer(PairFieldsSerializer):
    """One flat row per level period (the levels list, its CSV, and the data package)."""

    source_ids = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Numbers of the sources that back the level.",
    )

    class Meta(PeriodSerializer.Meta):
        fields = [
            "id",
            *PairFieldsSerializer.pair_fields,
            *PeriodSerializer.period_fields,
            "source_ids",
            "updated_at",
        ]


class PairLevelRowSerializer(PairFieldsSerializer):
    """One CSV row per pair and level shown (the relationships list in CSV)."""

    certain = serializers.SerializerMethodField(help_text=CERTAIN_HELP)

    class Meta(PeriodSerializer.Meta):
        fields = [*PairFieldsSerializer.pair_fields, "id", *PeriodSerializer.period_fields, "certain"]

    def get_certain(self, period) -> bool:
        return getattr(period, "is_certain", True)


class LevelDetailSerializer(PairFieldsSerializer):
    citations = CitationSerializer(
        source="cited", many=True, read_only=True, help_text="The sources that back the level."
    )

    class Meta(PeriodSerializer.Meta):
        fields = [
            "id",
            *PairFieldsSerializer.pair_fields,
            *PeriodSerializer.period_fields,
            "notes",
            "citations",
            "updated_at",
        ]


class RelationshipSerializer(serializers.ModelSerializer):
    key = serializers.CharField(read_only=True, help_text="The pair's address: its two codes, e.g. CN-KH.")
    party_a = PartyBriefSerializer(read_only=True, help_text="One party (the pair is unordered).")
    party_b = PartyBriefSerializer(read_only=True, help_text="The other party.")
    levels = LevelSerializer(
        source="shown_levels",
        many=True,
        read_only=True,
        help_text="The pair's level in each scheme: current, or on the as_of date.",
    )

    class Meta:
        model = Relationship
        fields = ["key", "party_a", "party_b", "levels"]
        examples = {"key": "CN-KH"}


class CoverageCheckSerializer(serializers.ModelSerializer):
    """“None recorded as of D”: a declaring scheme checked for a partner, nothing found, and the source."""

    scheme = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The scheme searched.")
    party = PartyBriefSerializer(read_only=True, help_text="The partner searched for and not found.")
    citations = CitationSerializer(
        source="cited", many=True, read_only=True, help_text="The sources that were checked."
    )

    class Meta:
        model = CoverageCheck
        fields = ["id", "scheme", "party", "checked_on", "checked_by", "notes", "citations"]
        extra_kwargs = {
            "id": {"help_text": "The check's number in this database."},
            "checked_on": {"help_text": "The day the check holds for: no partnership recorded as of it."},
            "checked_by": {"help_text": "Who checked."},
            "notes": {"help_text": "Where and how it was looked for."},
        }
        examples = {
            "id": 3,
            "scheme": "cn",
            "checked_on": "2020-01-01",
            "checked_by": "Entente curators",
            "notes": "Searched the ministry's country pages and its partnership list.",
        }


class CoverageCheckRowSerializer(serializers.ModelSerializer):
    """One flat CSV row per coverage check."""

    scheme = serializers.SlugRelatedField(slug_field="slug", read_only=True, help_text="The scheme searched.")
    party = serializers.CharField(source="party.code", read_only=True, help_text="The partner's code.")
    party_name = serializers.CharField(source="party.name", read_only=True, help_text="The partner's name.")
    source_ids = serializers.SerializerMethodField(help_text="Numbers of the sources that were checked.")

    class Meta:
        model = CoverageCheck
        fields = ["id", "scheme", "party", "party_name", "checked_on", "checked_by", "notes", "source_ids"]
        extra_kwargs = CoverageCheckSerializer.Meta.extra_kwargs
        examples = {**CoverageCheckSerializer.Meta.examples, "party": "LA", "party_name": "Laos"}

    def get_source_ids(self, check) -> list[int]:
        return [citation.source_id for citation in check.cited]
