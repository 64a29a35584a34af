from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.curation_admin import CuratedAdmin
from core.forms import PartialDateField, PartialDateModelFormMixin
from events.models import (
    Meeting,
    MeetingCitation,
    MeetingMode,
    MeetingParty,
    MeetingRole,
    MultilateralEvent,
    Participant,
    Person,
    Position,
)
from partnerships.admin import PartyListFilter
from partnerships.review_admin import ReviewableAdmin, ReviewQueueFilter
from sources.admin import CitationInline


class PositionForm(PartialDateModelFormMixin, forms.ModelForm):
    partial_date_fields = ("start_date", "end_date")
    start_date = PartialDateField(label="From")
    end_date = PartialDateField(label="Until", help_text="Empty while the office is held.")

    class Meta:
        model = Position
        fields = ["title", "party", "start_date", "end_date"]


class PositionInline(admin.TabularInline):
    model = Position
    form = PositionForm
    extra = 0
    autocomplete_fields = ["party"]


@admin.register(Person)
class PersonAdmin(CuratedAdmin):
    history_includes = ((Position, "person"),)
    list_display = ["name", "wikidata_id"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PositionInline]


@admin.register(MultilateralEvent)
class MultilateralEventAdmin(CuratedAdmin):
    list_display = ["name", "start_date", "city", "host"]
    list_select_related = ["host"]
    search_fields = ["name", "city"]
    autocomplete_fields = ["host"]
    date_hierarchy = "start_date"


class MeetingPartyFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        roles = {data["role"] for data in kept}
        if len(kept) < 2:
            raise ValidationError(
                "A meeting needs at least two parties: add each side under “Parties at the meeting”."
            )
        if self.instance.mode == MeetingMode.VISIT and not {MeetingRole.HOST, MeetingRole.VISITOR} <= roles:
            raise ValidationError("A visit needs one party marked as host and one as visitor.")


class MeetingPartyInline(admin.TabularInline):
    model = MeetingParty
    formset = MeetingPartyFormSet
    extra = 2
    autocomplete_fields = ["party"]


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 1
    autocomplete_fields = ["person", "party"]
    fields = ["person", "party", "role_title"]


class MeetingCitationInline(CitationInline):
    model = MeetingCitation


class MeetingForm(PartialDateModelFormMixin, forms.ModelForm):
    partial_date_fields = ("start_date",)
    start_date = PartialDateField(label="Date", required=True)

    class Meta:
        model = Meeting
        fields = [
            "title",
            "mode",
            "start_date",
            "end_date",
            "city",
            "place",
            "multilateral_event",
            "summary",
            "outcomes",
            "announced_levels",
        ]


class MeetingPartyListFilter(PartyListFilter):
    party_lookups = ("meeting_parties__party__code",)


class MeetingQueueFilter(ReviewQueueFilter):
    queues = {**ReviewQueueFilter.queues, "duplicates": ("possible duplicates", "possible_duplicates")}


@admin.register(Meeting)
class MeetingAdmin(ReviewableAdmin, CuratedAdmin):
    history_includes = ((MeetingParty, "meeting"), (Participant, "meeting"), (MeetingCitation, "meeting"))
    form = MeetingForm
    list_display = ["title", "date_display", "mode", "city", "place", "status"]
    list_filter = [MeetingQueueFilter, "status", "mode", MeetingPartyListFilter, "start_date_precision"]
    list_select_related = ["place"]
    search_fields = ["title", "summary", "city", "meeting_parties__party__name", "participants__person__name"]
    autocomplete_fields = ["place", "multilateral_event", "announced_levels"]
    date_hierarchy = "start_date"
    inlines = [MeetingPartyInline, ParticipantInline, MeetingCitationInline]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="date", ordering="start_date")
    def date_display(self, meeting):
        return meeting.date_display
