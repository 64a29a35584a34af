"""Serializer parts every app's API shares: partial dates, and model errors as field errors."""

from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.partial_dates import EDTF_HELP, PartialDate, Precision, edtf_date, format_partial_date

PARTIAL_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD: as precise as the sources are."
UPDATED_HELP = "When the record was last saved (UTC)."


def partial_date(date, precision) -> str | None:
    """``2015``, ``2011-06``, ``2019-06-05``; None when unknown (the API never shows ``?``)."""
    if date is None or precision == Precision.UNKNOWN:
        return None
    return format_partial_date(date, precision)


@extend_schema_field({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "example": "2011-06"})
class PartialDateField(serializers.Field):
    """Reads ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` into a PartialDate; writes it back the same way."""

    default_error_messages = {"invalid": "{message}"}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", message="Give the date as text: YYYY, YYYY-MM or YYYY-MM-DD.")
        try:
            return PartialDate.parse(data)
        except ValueError as exc:
            self.fail("invalid", message=str(exc))

    def to_representation(self, value):
        return str(value)


EDTF_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?~?$"


@extend_schema_field({"type": "string", "nullable": True, "pattern": EDTF_PATTERN, "example": "2011-06"})
class EdtfField(serializers.Field):
    """A record's partial date in EDTF, read-only, beside the field that shows it the plain way.

    ``EdtfField("start_date", approximate="start_approximate")`` reads ``start_date``,
    ``start_date_precision`` and, if named, the flag saying the source gives the date as approximate;
    ``shown_if`` leaves it null when the record says the date does not apply (a level not ended).
    """

    def __init__(self, date_field: str, *, approximate: str | None = None, shown_if=None, **kwargs):
        self.date_field, self.approximate, self.shown_if = date_field, approximate, shown_if
        kwargs.setdefault("help_text", EDTF_HELP + " Null when unknown.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        if self.shown_if is not None and not self.shown_if(record):
            return None
        return edtf_date(
            getattr(record, self.date_field),
            getattr(record, f"{self.date_field}_precision"),
            approximate=bool(self.approximate and getattr(record, self.approximate)),
        )


@contextmanager
def model_errors_as_field_errors(rename: dict[str, str] | None = None):
    """Turn a model's ValidationError into a DRF 400 answer whose keys are the API's field names.

    ``rename`` maps model field names (``start_date``) to the API's (``start``); messages are kept as
    ``clean()`` wrote them, so the admin and the API explain a refusal in the same words.
    """
    rename = rename or {}
    try:
        yield
    except DjangoValidationError as exc:
        detail = {}
        for name, messages in serializers.as_serializer_error(exc).items():
            detail.setdefault(rename.get(name, name), []).extend(messages)
        raise serializers.ValidationError(detail) from None
