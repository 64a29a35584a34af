"""Filter parts every app's API shares."""

import datetime as dt

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from core.api.schema import documented


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


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, in UTC: PostgreSQL refuses the offsets beyond ±15:59 that ISO 8601 allows."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.astimezone(dt.UTC) if value is not None else None


class UtcIsoDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


def moment_filter(help_text: str, example: str, **kwargs) -> filters.IsoDateTimeFilter:
    """A timestamp parameter (ISO 8601; a bare date means its midnight UTC)."""
    return documented(
        UtcIsoDateTimeFilter(
            help_text=help_text,
            error_messages={"invalid": "Enter a date (YYYY-MM-DD) or an ISO 8601 timestamp."},
            **kwargs,
        ),
        kind="date-time",
        example=example,
    )


# Longer search words are refused (400) rather than searched: no one types more, and a megabyte of them is
# work for the database that answers nothing.
TEXT_MAX_LENGTH = 500


def text_filter(help_text: str, example: str, **kwargs) -> filters.CharFilter:
    return documented(
        filters.CharFilter(help_text=help_text, max_length=TEXT_MAX_LENGTH, **kwargs), example=example
    )


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
