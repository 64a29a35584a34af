"""The shapes of parties, schemes, tiers, pairs and their levels in the API."""

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from core.api.fields import (
    PARTIAL_DATE_HELP,
    UPDATED_HELP,
    PartialDateField,
    model_errors_as_field_errors,
    partial_date,
)
from partnerships.models import ChangeKind, EndStatus, LevelPeriod, Party, Relationship, Scheme, Tier
from partnerships.services import CitationData, record_level, update_level
from partnerships.status import Status
from sources.api.serializers import CitationInputSerializer, CitationSerializer

# Retraction, which needs a reason and its own permission, happens in the admin.
WRITABLE_STATUSES = [
    (status.value, status.label) for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED)
]
STATUS_HELP = (
    "draft (the default), in_review, or published (with the publish permission and a quoted citation)."
)
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
        "end_status",
        "end",
        "end_date",
        "end_precision",
        "end_approximate",
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
            "end_status": "ongoing",
            "end": None,
            "end_date": None,
            "end_precision": "unknown",
            "end_approximate": False,
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
        fields = ["id", "relationship", "scheme", "tier", "tier_name", "start", "change_kind"]


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


class LevelWriteSerializer(serializers.ModelSerializer):
    """What an editor sends to record a level, or to correct one.

    The pair, scheme and tier are given by code and slug; dates as partial dates. On creation the
    pair's ongoing level in the scheme ends when the new one starts, unless ``close_previous`` is false.
    """

    party_a = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all(), write_only=True, help_text="One party's code."
    )
    party_b = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all(), write_only=True, help_text="The other party's code."
    )
    scheme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Scheme.objects.all(), help_text="The scheme (vocabulary) slug."
    )
    tier = serializers.CharField(help_text="The tier's slug within the scheme.")
    start = PartialDateField(
        allow_null=True, help_text=f"When the level began. {PARTIAL_DATE_HELP} Null if unknown."
    )
    end = PartialDateField(
        required=False, allow_null=True, help_text=f"When it ended (ends are exclusive). {PARTIAL_DATE_HELP}"
    )
    end_status = serializers.ChoiceField(
        choices=EndStatus.choices, required=False, help_text="Derived from ``end`` when left out."
    )
    change_kind = serializers.ChoiceField(
        choices=ChangeKind.choices,
        required=False,
        allow_blank=True,
        help_text="Derived from ranks when left out.",
    )
    status = serializers.ChoiceField(choices=WRITABLE_STATUSES, required=False, help_text=STATUS_HELP)
    close_previous = serializers.BooleanField(
        default=True,
        write_only=True,
        help_text="End the pair's ongoing level in the scheme on the new start.",
    )
    citations = CitationInputSerializer(
        many=True, required=False, write_only=True, help_text="Sources backing it."
    )

    # Model field names in clean()'s messages, as this serializer calls them.
    renamed = {
        "start_date": "start",
        "start_date_precision": "start",
        "end_date": "end",
        "end_date_precision": "end",
        "relationship": "party_b",
    }

    class Meta:
        model = LevelPeriod
        fields = [
            "id",
            "party_a",
            "party_b",
            "scheme",
            "tier",
            "wording",
            "start",
            "start_approximate",
            "end_status",
            "end",
            "end_approximate",
            "change_kind",
            "status",
            "notes",
            "close_previous",
            "citations",
        ]
        extra_kwargs = {
            "id": {"help_text": "The level period's number."},
            "end_approximate": {"help_text": "The source gives the end as approximate."},
            "notes": {"help_text": "Curators' notes: doubts, conflicting sources."},
        }
        read_only_fields = ["id"]
        examples = {
            "id": 412,
            "party_a": "CN",
            "party_b": "KH",
            "scheme": "cn",
            "tier": "comprehensive-strategic-cooperative-partnership",
            "wording": "comprehensive strategic partnership of cooperation",
            "start": "2010-12-13",
            "start_approximate": False,
            "end_status": "ongoing",
            "end": None,
            "end_approximate": False,
            "change_kind": "upgraded",
            "status": "draft",
            "notes": "",
            "close_previous": True,
        }

    def validate(self, attrs):
        check_status_change(
            self,
            attrs.get("status"),
            publish_permission="partnerships.publish_levelperiod",
            quoted=lambda: any(citation["quote"].strip() for citation in attrs.get("citations", [])),
        )
        scheme = attrs.get("scheme") or (self.instance.scheme if self.instance else None)
        if "tier" in attrs or "scheme" in attrs:
            slug = attrs.get("tier") or self.instance.tier.slug
            attrs["tier"] = _tier_in_scheme(slug, scheme)
        if self.instance is None and attrs["party_a"] == attrs["party_b"]:
            raise serializers.ValidationError({"party_b": "A relationship needs two different parties."})
        return attrs

    def create(self, data):
        with model_errors_as_field_errors(self.renamed):
            return record_level(
                first=data["party_a"],
                second=data["party_b"],
                tier=data["tier"],
                start=data["start"],
                start_approximate=data.get("start_approximate", False),
                wording=data.get("wording", ""),
                change_kind=data.get("change_kind", ""),
                status=data.get("status", Status.DRAFT),
                notes=data.get("notes", ""),
                end=data.get("end"),
                end_status=data.get("end_status"),
                citations=[CitationData(**citation) for citation in data.get("citations", [])],
                close_previous=data["close_previous"],
            )

    def update(self, period, data):
        given = {data.pop(name) for name in ("party_a", "party_b") if name in data}
        pair = {period.relationship.party_a, period.relationship.party_b}
        if not given <= pair:
            raise serializers.ValidationError(
                {"party_a": ["A level's pair is fixed; record a new level instead."]}
            )
        if "citations" in data:
            raise serializers.ValidationError(
                {"citations": ["Citations are given when a level is recorded."]}
            )
        data.pop("close_previous", None)
        data.pop("scheme", None)  # validate() found the tier in it
        with model_errors_as_field_errors(self.renamed):
            return update_level(period, **data)

    def to_representation(self, period):
        return LevelDetailSerializer(period, context=self.context).data


def check_status_change(serializer, status, *, publish_permission: str, quoted) -> None:
    """The review rules a write through the API obeys, whatever its claim.

    Publishing, or changing what is published, needs ``publish_permission`` (403 without it); a
    retracted claim is not changed here; a published claim needs a citation with a quote, which
    ``quoted()`` (for a new claim) or the claim's recorded citations show.
    """
    claim = serializer.instance
    before = claim.status if claim is not None else Status.DRAFT
    after = status or before
    if before == Status.RETRACTED:
        raise serializers.ValidationError({"status": ["A retracted claim is not changed; record a new one."]})
    user = serializer.context["request"].user
    if Status.PUBLISHED in (before, after) and not user.has_perm(publish_permission):
        raise PermissionDenied("Publishing, or changing what is published, needs the publish permission.")
    if after == Status.PUBLISHED:
        has_quote = quoted() if claim is None else claim.citations.exclude(quote__regex=r"^\s*$").exists()
        if not has_quote:
            raise serializers.ValidationError(
                {"citations": ["A published claim needs at least one citation with a quote."]}
            )


def _tier_in_scheme(slug: str, scheme: Scheme) -> Tier:
    tier = Tier.objects.select_related("scheme").filter(scheme=scheme, slug=slug).first()
    if tier is not None:
        return tier
    elsewhere = sorted(Tier.objects.filter(slug=slug).values_list("scheme__slug", flat=True))
    if elsewhere:
        raise serializers.ValidationError(
            {"tier": f"“{slug}” belongs to the {', '.join(elsewhere)} scheme, not to {scheme.slug}."}
        )
    raise serializers.ValidationError({"tier": f"Unknown tier “{slug}” in the {scheme.slug} scheme."})
