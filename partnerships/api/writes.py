"""What editors send to record or correct a level, and the review rules every API write obeys."""

from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from core.api.fields import (
    PARTIAL_DATE_HELP,
    PartialDateField,
    model_errors_as_field_errors,
)
from partnerships.api.serializers import LevelDetailSerializer
from partnerships.models import ChangeKind, EndStatus, LevelPeriod, Party, Scheme, Tier
from partnerships.models.levels import LEVEL_AS_WRITTEN
from partnerships.review import writable_statuses
from partnerships.services import CitationData, record_level, update_level
from partnerships.status import Status
from sources.api.serializers import CitationInputSerializer

# Retraction, which needs a reason and its own permission, happens in the admin.
WRITABLE_STATUSES = [
    (status.value, status.label) for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED)
]
STATUS_HELP = (
    "draft (the default), in_review, or published (with the publish permission and a quoted citation)."
)


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
        fields = ["id", *LEVEL_AS_WRITTEN, "notes", "close_previous", "citations"]
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


def check_status_change(serializer, status, *, quoted) -> None:
    """The review rules a write through the API obeys, whatever its claim.

    Publishing, or changing what is published, needs the publish permission (403 without it: the statuses
    ``writable_statuses`` gives the user, as in the admin and every import); a retracted claim is not
    changed here; a published claim needs a citation with a quote, which ``quoted()`` (for a new claim) or
    the claim's recorded citations show.
    """
    claim = serializer.instance
    before = claim.status if claim is not None else Status.DRAFT
    after = status or before
    if before == Status.RETRACTED:
        raise serializers.ValidationError({"status": ["A retracted claim is not changed; record a new one."]})
    user = serializer.context["request"].user
    if not {before, after} <= writable_statuses(user, serializer.Meta.model):
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
