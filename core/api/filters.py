"""Filter parts every app's API shares."""

import datetime as dt

from django import forms
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField

from core.api.schema import documented
from core.partial_dates import NotEdtf, day_of_edtf

# Longer search words are refused (400) rather than searched: no one types more, and a megabyte of them is
# work for the database that answers nothing.
TEXT_MAX_LENGTH = 500

EDTF_PARAMETER_HELP = {
    "earliest": "An EDTF date: a day (2015-06-30), or a month (2015-06) or year (2015) meaning its "
    "first day.",
    "latest": "An EDTF date: a day (2015-06-30), or a month (2015-06) or year (2015) meaning its last day "
    "(2015 → 2015-12-31, the year as it ended).",
}


NOT_A_DATE = "Enter a date as YYYY-MM-DD (or, in EDTF, YYYY-MM or YYYY)."


class EdtfDayField(forms.CharField):
    """A day given in EDTF; a month or a year stands for its first or last day, as ``bound`` says.

    Approximate (``2015~``), uncertain (``2015?``) and interval dates are refused: a filter needs a day.
    """

    def __init__(self, *, bound: str = "earliest", **kwargs):
        self.bound = bound
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return day_of_edtf(text, bound=self.bound)
        except NotEdtf:
            raise forms.ValidationError(
                "Enter a date as YYYY-MM-DD (or, in EDTF, YYYY-MM or YYYY)."
            ) from None
        except ValueError as error:
            # The caller's text goes in as a parameter: a "%" in it must not be read as a placeholder.
            raise forms.ValidationError("%(problem)s", params={"problem": str(error)}) from None


class EdtfDayFilter(filters.DateFilter):
    field_class = EdtfDayField


def date_filter(help_text: str, example: str, *, bound: str = "earliest", **kwargs) -> filters.DateFilter:
    """A day parameter read as EDTF: YYYY-MM-DD, or YYYY-MM / YYYY standing for their first or last day
    (``bound``); anything else is refused, saying so."""
    return documented(
        EdtfDayFilter(
            help_text=f"{help_text} {EDTF_PARAMETER_HELP[bound]}",
            bound=bound,
            max_length=TEXT_MAX_LENGTH,
            **kwargs,
        ),
        kind="edtf",
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
