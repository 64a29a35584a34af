"""Form pieces shared by every app that records partial dates."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.partial_dates import PartialDate, Precision, format_partial_date

PARTIAL_DATE_HELP = "YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is."


class PartialDateField(forms.Field):
    """One text box for a date and its precision: ``2015``, ``2011-06`` or ``2019-06-05``."""

    def __init__(self, *, required=False, **kwargs):
        kwargs.setdefault(
            "help_text", PARTIAL_DATE_HELP if required else PARTIAL_DATE_HELP + " Empty if unknown."
        )
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "YYYY-MM-DD", "size": 12}))
        super().__init__(required=required, **kwargs)

    def to_python(self, value):
        text = (value or "").strip()
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid") from None


class PartialDateModelFormMixin:
    """Binds each ``partial_date_fields`` entry (a model date field) to one PartialDateField.

    The form shows ``start_date`` as text; the model's ``start_date_precision`` is set from what was typed.
    """

    partial_date_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.partial_date_fields:
            date = getattr(self.instance, name, None)
            if date is not None:
                self.initial[name] = format_partial_date(date, getattr(self.instance, f"{name}_precision"))

    def _post_clean(self):
        for name in self.partial_date_fields:
            value = self.cleaned_data.get(name)
            setattr(self.instance, f"{name}_precision", value.precision if value else Precision.UNKNOWN)
            if name in self.cleaned_data:
                self.cleaned_data[name] = value.date if value else None
        super()._post_clean()

    def _update_errors(self, errors):
        # The model's clean() may name a field this form shows under another name (a date's precision) or
        # not at all; such messages go to the field that shows it, else to the top of the form, never a 500.
        if hasattr(errors, "error_dict"):
            remapped = {}
            for field, messages in errors.error_dict.items():
                target = field.removesuffix("_precision") if field.endswith("_precision") else field
                if target not in self.fields:
                    target = NON_FIELD_ERRORS
                remapped.setdefault(target, []).extend(messages)
            errors = ValidationError(remapped)
        super()._update_errors(errors)
