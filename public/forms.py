"""The public pages' query parameters, read leniently: a bad value is dropped and explained."""

import datetime as dt

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict

from events.models import MeetingMode

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)


class DateInput(forms.DateInput):
    """A text box for YYYY-MM-DD, as the headings and addresses write dates.

    Not ``type="date"``: browsers show those in their locale's order (12/02/2026), which reads differently
    from the page, and cannot show back a date the reader mistyped.
    """

    input_type = "text"

    def __init__(self, **kwargs):
        attrs = {
            "placeholder": "YYYY-MM-DD",
            "pattern": r"\d{4}-\d{2}-\d{2}",
            "inputmode": "numeric",
            "size": "10",
            "autocomplete": "off",
        }
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DateInput(),
        error_messages={"invalid": "give a date of the calendar as YYYY-MM-DD"},
    )


class LenientForm(forms.Form):
    """A GET form whose invalid fields are ignored, each with a sentence for the reader saying so.

    ``read()`` returns the values to use (defaults where a field is missing or invalid) and the notices;
    ``for_display(values)`` is the form to show, filled in with those values.
    """

    def defaults(self) -> dict:
        return {}

    def read(self) -> tuple[dict, list[str]]:
        self.is_valid()
        notices = []
        for name, errors in self.errors.items():
            if name == NON_FIELD_ERRORS:
                notices.extend(errors)
                continue
            raw = self.data.get(name, "")
            label = self.fields[name].label
            notices.append(f"We ignored the {label.lower()} “{raw}”: {' '.join(errors)}.")
        values = self.defaults()
        values.update({name: value for name, value in self.cleaned_data.items() if value not in (None, "")})
        return values, notices

    @classmethod
    def for_display(cls, values: dict, refused=None, **kwargs) -> "LenientForm":
        """The form filled in with ``values``; a field of ``refused`` (a read form) shows what the reader
        typed with the error beside it, so the page does not pass off the default as their answer."""
        refused_errors = refused.errors if refused is not None else {}
        typed = {name: refused.data.get(name, "") for name in refused_errors if name in cls.base_fields}
        form = cls(initial={**values, **typed}, **kwargs)
        form._errors = ErrorDict({name: errors for name, errors in refused_errors.items() if name in typed})
        for name in typed:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{form[name].auto_id}_error"}
            )
        return form

    def clean_date(self, name: str):
        date = self.cleaned_data.get(name)
        if date and not EARLIEST <= date <= LATEST:
            raise forms.ValidationError(f"choose a date between {EARLIEST.year} and {LATEST.year}")
        return date


class AsOfForm(LenientForm):
    as_of = _date_field("As of date")
    # The map's year slider (a range input, public/maps.py) sends a year: the last day of it, or today.
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=EARLIEST.year,
        max_value=LATEST.year,
        error_messages={"invalid": "give a year as four digits"},
    )

    def defaults(self) -> dict:
        return {"as_of": dt.date.today()}

    def clean_as_of(self):
        return self.clean_date("as_of")

    def read(self) -> tuple[dict, list[str]]:
        values, notices = super().read()
        if "year" in values and not self.data.get("as_of"):
            today = dt.date.today()
            values["as_of"] = today if values["year"] == today.year else dt.date(values["year"], 12, 31)
        return values, notices


class ChangesForm(AsOfForm):
    """A tier's holders on one day, and who joined or left it since an earlier one."""

    since = _date_field("Compared with")

    def defaults(self) -> dict:
        today = dt.date.today()
        return {"as_of": today, "since": _years_before(today, 5)}

    def clean_since(self):
        return self.clean_date("since")

    def read(self) -> tuple[dict, list[str]]:
        values, notices = super().read()
        if "since" not in self.cleaned_data or not self.cleaned_data.get("since"):
            values["since"] = _years_before(values["as_of"], 5)
        if values["since"] > values["as_of"]:
            values["since"], values["as_of"] = values["as_of"], values["since"]
            notices.append("The comparison date came after the as-of date, so we swapped them.")
        return values, notices


def _years_before(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year - years)
    except ValueError:  # 29 February
        return date.replace(year=date.year - years, day=28)


class PartyChoiceField(forms.ModelChoiceField):
    """A party given by its code or alpha-3 code, in any case (``kh``, ``KHM``)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        party = self.queryset.by_code(str(value)).first()
        if party is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return party


class MeetingFilterForm(LenientForm):
    party = PartyChoiceField(
        label="Party",
        queryset=None,
        required=False,
        to_field_name="code",
        empty_label="Any party",
        error_messages={"invalid_choice": "no party with that code has published meetings"},
    )
    person = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        required=False,
        to_field_name="slug",
        empty_label="Anyone",
        error_messages={"invalid_choice": "nobody by that name has published meetings"},
    )
    mode = forms.ChoiceField(
        label="Kind of meeting",
        choices=[("", "Any kind"), *MeetingMode.choices],
        required=False,
        error_messages={"invalid_choice": "that is not a kind of meeting we record"},
    )
    year = forms.IntegerField(
        label="Year",
        required=False,
        min_value=EARLIEST.year,
        max_value=LATEST.year,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "give a year as four digits",
            "min_value": f"give a year from {EARLIEST.year}",
            "max_value": f"give a year up to {LATEST.year}",
        },
    )

    def __init__(self, data=None, *, parties, people, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["party"].queryset = parties
        self.fields["person"].queryset = people


class SearchForm(LenientForm):
    q = forms.CharField(
        label="Search words",
        required=False,
        max_length=200,
        strip=True,
        error_messages={"max_length": "keep it under 200 characters"},
    )
