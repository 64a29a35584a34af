from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Q

from core.curation_admin import CuratedAdmin
from core.forms import PartialDateField, PartialDateModelFormMixin
from partnerships.models import (
    CoverageCheck,
    CoverageCheckCitation,
    LevelPeriod,
    LevelPeriodCitation,
    Party,
    PartyAlias,
    Relationship,
    Scheme,
    Tier,
)
from partnerships.review_admin import ReviewableAdmin, ReviewQueueFilter, resolve_conflict_action
from sources.admin import CitationInline


class PartyAliasInline(admin.TabularInline):
    model = PartyAlias
    extra = 0
    fields = ["name", "kind"]


@admin.register(Party)
class PartyAdmin(CuratedAdmin):
    history_includes = ((PartyAlias, "party"),)
    list_display = ["name", "code", "alpha3", "kind", "official_name"]
    list_filter = ["kind"]
    search_fields = ["name", "code", "alpha3", "official_name", "aliases__name"]
    inlines = [PartyAliasInline]
    fields = ["code", "kind", "name", "official_name", "alpha3", "numeric_code", "wikidata_id"]


class TierInline(admin.TabularInline):
    model = Tier
    extra = 0
    fields = ["rank", "slug", "name", "original_term", "original_language"]
    show_change_link = True


@admin.register(Scheme)
class SchemeAdmin(CuratedAdmin):
    list_display = ["slug", "name", "declaring_party"]
    list_select_related = ["declaring_party"]
    search_fields = ["slug", "name"]
    autocomplete_fields = ["declaring_party"]
    inlines = [TierInline]


@admin.register(Tier)
class TierAdmin(CuratedAdmin):
    list_display = ["name", "scheme", "rank", "original_term"]
    list_filter = ["scheme"]
    list_select_related = ["scheme"]
    search_fields = ["name", "slug", "original_term", "wording_variants"]
    ordering = ["scheme__slug", "-rank", "name"]

    def get_queryset(self, request):
        # Autocomplete and lists show "name [scheme]".
        return super().get_queryset(request).select_related("scheme")


class LevelPeriodCitationInline(CitationInline):
    model = LevelPeriodCitation


class LevelPeriodInline(admin.TabularInline):
    model = LevelPeriod
    extra = 0
    fields = ["scheme", "tier", "start", "end", "status"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Relationship)
class RelationshipAdmin(CuratedAdmin):
    list_display = ["__str__", "party_a", "party_b"]
    list_select_related = ["party_a", "party_b"]
    search_fields = ["party_a__name", "party_b__name", "party_a__code", "party_b__code"]
    autocomplete_fields = ["party_a", "party_b"]
    inlines = [LevelPeriodInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party_a", "party_b")


def party_chooser(label: str) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Party.objects.all(),
        label=label,
        widget=AutocompleteSelect(Relationship._meta.get_field("party_a"), admin.site),
    )


class LevelPeriodForm(PartialDateModelFormMixin, forms.ModelForm):
    """A level change on one screen: both parties (either order), the tier, the dates as precise as known."""

    partial_date_fields = ("start_date", "end_date")
    first_party = party_chooser("Party")
    second_party = party_chooser("Partner")
    start_date = PartialDateField(label="Start")
    end_date = PartialDateField(
        label="End", help_text="Only when the level ended: YYYY, YYYY-MM or YYYY-MM-DD."
    )

    class Meta:
        model = LevelPeriod
        fields = [
            "first_party",
            "second_party",
            "tier",
            "wording",
            "change_kind",
            "start_date",
            "start_approximate",
            "end_status",
            "end_date",
            "end_approximate",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.relationship_id:
            first, second = self.instance.parties_in_reading_order()
            self.initial.setdefault("first_party", first.pk)
            self.initial.setdefault("second_party", second.pk)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("first_party"), cleaned.get("second_party")
        if first and second:
            if first == second:
                self.add_error("second_party", "A relationship needs two different parties.")
            else:
                low, high = sorted([first, second], key=lambda party: party.pk)
                # An unsaved relationship is saved with the period (LevelPeriodAdmin.save_model), so an
                # invalid
                # form leaves nothing behind.
                self.instance.relationship = Relationship.objects.between(low, high).first() or Relationship(
                    party_a=low, party_b=high
                )
        tier = cleaned.get("tier")
        if tier is not None:
            self.instance.scheme = tier.scheme
        if (
            cleaned.get("end_status") == "ended"
            and not cleaned.get("end_date")
            and "end_date" not in self.errors
        ):
            self.add_error("end_date", "Give the end date, or choose another end status.")
        return cleaned


class PartyListFilter(admin.SimpleListFilter):
    """Records of one party, whichever field holds it (``party_lookups``)."""

    title = "party"
    parameter_name = "party"
    party_lookups = ("relationship__party_a__code", "relationship__party_b__code")

    def lookups(self, request, model_admin):
        in_use = Q()
        for lookup in self.party_lookups:
            in_use |= Q(code__in=model_admin.model.objects.values(lookup))
        return list(Party.objects.filter(in_use).order_by("name").values_list("code", "name"))

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        matches = Q()
        for lookup in self.party_lookups:
            matches |= Q(**{lookup: self.value()})
        return queryset.filter(matches).distinct()


class StartYearListFilter(admin.SimpleListFilter):
    title = "start year"
    parameter_name = "start_year"

    def lookups(self, request, model_admin):
        years = LevelPeriod.objects.exclude(start_date=None).dates("start_date", "year", order="DESC")
        return [(str(year.year), str(year.year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(start_date__year=int(self.value()))
        return queryset


class LevelQueueFilter(ReviewQueueFilter):
    queues = {**ReviewQueueFilter.queues, "conflicts": ("conflicting claims", "conflicting")}


@admin.register(LevelPeriod)
class LevelPeriodAdmin(ReviewableAdmin, CuratedAdmin):
    history_includes = ((LevelPeriodCitation, "level_period"),)
    form = LevelPeriodForm
    list_display = ["__str__", "tier", "scheme", "start", "end", "change_kind", "status"]
    actions = [*ReviewableAdmin.actions, resolve_conflict_action]
    list_filter = [
        LevelQueueFilter,
        "status",
        "scheme",
        ("tier", admin.RelatedOnlyFieldListFilter),
        PartyListFilter,
        StartYearListFilter,
        "change_kind",
        "end_status",
    ]
    list_select_related = [
        "relationship__party_a",
        "relationship__party_b",
        "scheme",
        "tier",
        "scheme__declaring_party",
    ]
    search_fields = [
        "relationship__party_a__name",
        "relationship__party_b__name",
        "relationship__party_a__code",
        "relationship__party_b__code",
        "tier__name",
        "wording",
    ]
    autocomplete_fields = ["tier"]
    date_hierarchy = "start_date"
    inlines = [LevelPeriodCitationInline]
    readonly_fields = ["scheme", "created_at", "updated_at"]
    fieldsets = [
        ("Pair", {"fields": ["first_party", "second_party"]}),
        ("Level", {"fields": ["tier", "scheme", "wording", "change_kind"]}),
        (
            "When",
            {"fields": ["start_date", "start_approximate", "end_status", "end_date", "end_approximate"]},
        ),
        ("Review", {"fields": ["status", "retraction_reason", "notes", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_parties().select_related("scheme__declaring_party")

    def save_model(self, request, obj, form, change):
        if obj.relationship.pk is None:
            obj.relationship.save()
        super().save_model(request, obj, form, change)


class CoverageCheckCitationInline(CitationInline):
    model = CoverageCheckCitation


@admin.register(CoverageCheck)
class CoverageCheckAdmin(ReviewableAdmin, CuratedAdmin):
    """ "None recorded as of D": reviewed and published like a level, with a quoted source."""

    history_includes = ((CoverageCheckCitation, "coverage_check"),)
    list_display = ["__str__", "scheme", "party", "checked_on", "checked_by", "status"]
    list_filter = ["status", "scheme"]
    list_select_related = ["scheme", "party"]
    search_fields = ["party__name", "party__code", "checked_by"]
    autocomplete_fields = ["party"]
    date_hierarchy = "checked_on"
    inlines = [CoverageCheckCitationInline]
    readonly_fields = ["created_at", "updated_at"]
    fields = [
        "scheme",
        "party",
        "checked_on",
        "checked_by",
        "notes",
        "status",
        "retraction_reason",
        "created_at",
        "updated_at",
    ]
