"""Query parameters of the sources list."""

from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from core.api.filters import date_filter, text_filter
from core.api.schema import documented
from sources.models import Source, SourceKind


class SourceFilterSet(filters.FilterSet):
    q = text_filter(
        "Words in the title, publisher or text (web-search syntax).",
        "comprehensive strategic",
        method="search",
    )
    publisher = text_filter(
        "The publisher, exactly (any case).", "Xinhua", field_name="publisher", lookup_expr="iexact"
    )
    kind = documented(
        filters.ChoiceFilter(choices=SourceKind.choices, help_text="The kind of document."),
        example="official",
        enum=SourceKind.values,
    )
    published_from = date_filter(
        "Published on or after this day.", "2015-01-01", field_name="published_on", lookup_expr="gte"
    )
    published_to = date_filter(
        "Published on or before this day.",
        "2019-12-31",
        bound="latest",
        field_name="published_on",
        lookup_expr="lte",
    )

    class Meta:
        model = Source
        fields = ["q", "publisher", "kind", "published_from", "published_to"]

    def filter_queryset(self, queryset):
        first, last = self.form.cleaned_data.get("published_from"), self.form.cleaned_data.get("published_to")
        if first and last and last < first:
            raise ValidationError({"published_to": ["published_to comes before published_from."]})
        return super().filter_queryset(queryset)

    def search(self, queryset, name, value):
        return queryset.filter(pk__in=Source.objects.search(value).values("pk"))
