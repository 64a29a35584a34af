"""Query parameters of the meetings, people and sources lists."""

from django import forms
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from core.api.filters import date_filter, text_filter
from core.api.schema import documented
from events.models import Meeting, MeetingMode, Person, Position
from partnerships.api.filters import party_filter


class PersonSlugField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        person = Person.objects.filter(slug=value.strip().lower()).first()
        if person is None:
            raise forms.ValidationError(
                "Unknown person “%(value)s”; see /api/v1/people/ for the slugs.", params={"value": value}
            )
        return person


class PersonFilter(filters.Filter):
    field_class = PersonSlugField


class MeetingFilterSet(filters.FilterSet):
    party = party_filter("One party's code, or two separated by a comma: meetings where they all took part.")
    person = documented(
        PersonFilter(help_text="A person's slug: meetings they took part in."), example="hun-manet"
    )
    mode = documented(
        filters.ChoiceFilter(choices=MeetingMode.choices, help_text="The kind of meeting."),
        example="visit",
        enum=MeetingMode.values,
    )
    start_from = date_filter("Meetings on or after this day.", "2013-01-01")
    start_to = date_filter("Meetings on or before this day.", "2023-12-31", bound="latest")
    q = text_filter(
        "Words to find in the title or summary (web-search syntax: quotes, or, -).", "rubber exports"
    )

    class Meta:
        model = Meeting
        fields = ["party", "person", "mode", "start_from", "start_to", "q"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        for party in data.get("party") or []:
            queryset = queryset.involving(
                party, on_or_after=data.get("start_from"), on_or_before=data.get("start_to")
            )
        if data.get("person"):
            queryset = queryset.with_person(data["person"])
        if data.get("mode"):
            queryset = queryset.of_mode(data["mode"])
        if data.get("start_from") and data.get("start_to") and data["start_to"] < data["start_from"]:
            raise ValidationError({"start_to": ["start_to comes before start_from."]})
        if data.get("start_from"):
            queryset = queryset.filter(start_date__gte=data["start_from"])
        if data.get("start_to"):
            queryset = queryset.filter(start_date__lte=data["start_to"])
        if data.get("q"):
            # Matching only: the list keeps its stable date order for cursor pagination.
            queryset = queryset.filter(pk__in=Meeting.objects.search(data["q"]).values("pk"))
        return queryset


class PersonFilterSet(filters.FilterSet):
    q = text_filter(
        "Search by name or another spelling, misspellings included.", "Hun Manet", method="search"
    )
    party = party_filter("A party's code: people who held an office for it.", method="held_office_for")

    class Meta:
        model = Person
        fields = ["q", "party"]

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=Person.objects.search(value).values("pk"))

    def held_office_for(self, queryset, name, value):
        return queryset.filter(pk__in=Position.objects.filter(party__in=value).values("person"))
