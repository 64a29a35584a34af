"""Filter parts every app's API shares."""

from django import forms
from django_filters import rest_framework as filters

from sources.api.schema import documented


def date_filter(help_text: str, example: str, **kwargs) -> filters.DateFilter:
    """A date parameter that takes exactly YYYY-MM-DD and says so when it gets anything else."""
    return documented(
        filters.DateFilter(
            help_text=help_text,
            input_formats=["%Y-%m-%d"],
            error_messages={"invalid": "Enter a date as YYYY-MM-DD."},
            **kwargs,
        ),
        kind="date",
        example=example,
    )


def moment_filter(help_text: str, example: str, **kwargs) -> filters.IsoDateTimeFilter:
    """A timestamp parameter (ISO 8601; a bare date means its midnight UTC)."""
    return documented(
        filters.IsoDateTimeFilter(
            help_text=help_text,
            error_messages={"invalid": "Enter a date (YYYY-MM-DD) or an ISO 8601 timestamp."},
            **kwargs,
        ),
        kind="date-time",
        example=example,
    )


def text_filter(help_text: str, example: str, **kwargs) -> filters.CharFilter:
    return documented(filters.CharFilter(help_text=help_text, **kwargs), example=example)


class StrictBooleanField(forms.Field):
    """true or false (also 1/0, yes/no); anything else is refused rather than read as "not given"."""

    values = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def clean(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() not in self.values:
            raise forms.ValidationError("Enter true or false.")
        return self.values[str(value).lower()]


class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


def boolean_filter(help_text: str, **kwargs) -> StrictBooleanFilter:
    return documented(StrictBooleanFilter(help_text=help_text, **kwargs), kind="boolean", example=True)
