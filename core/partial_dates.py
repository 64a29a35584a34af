"""Dates as precise as the sources that give them.

A partial date is stored as the first day of the period it names (``2015`` → 2015-01-01) beside its
precision, so that it sorts and indexes like a date but never pretends to know more than it does.
Every app that records a claim's date uses these helpers; the database checks live in
``partial_date_constraints``.
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import edtf
from django.db import models


class Precision(models.TextChoices):
    DAY = "day", "day"
    MONTH = "month", "month"
    YEAR = "year", "year"
    UNKNOWN = "unknown", "unknown"


_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")
_PLAIN_EDTF = re.compile(r"^(?P<date>\d{4}(?:-\d{2}(?:-\d{2})?)?)(?P<approximate>~?)$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the day, the month or the year."""

    date: dt.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError naming the problem."""
        match = _PARTIAL_DATE.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
        year = int(match["year"])
        month = int(match["month"] or 1)
        day = int(match["day"] or 1)
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a real calendar date.") from None
        if match["day"]:
            return cls(date, Precision.DAY)
        if match["month"]:
            return cls(date, Precision.MONTH)
        return cls(date, Precision.YEAR)

    @property
    def earliest(self) -> dt.date:
        return self.date

    @property
    def latest(self) -> dt.date:
        """The last day the partial date can mean."""
        return latest_day(self.date, self.precision)

    def __str__(self) -> str:
        return format_partial_date(self.date, self.precision)

    @classmethod
    def from_edtf(cls, text: str) -> tuple["PartialDate", bool]:
        """Read an EDTF date (``2015``, ``2011-06``, ``2015-06-01``, ``2015~``) and whether it is approximate.

        Only what Entente can store is accepted: one year, month or day, approximate (``~``) or not.
        Raises ValueError naming the problem for anything else (``2015?``, ``2015/2016``, ``201X``, …).
        """
        text = text.strip()
        plain = _PLAIN_EDTF.match(text)
        if plain:
            # EDTF's level-0 dates are ISO 8601's: read them without the grammar, which takes milliseconds
            # (a test holds both readings equal). Impossible days (2015-02-30) fall through to it.
            try:
                return cls.parse(plain["date"]), bool(plain["approximate"])
            except ValueError:
                pass
        try:
            value = _parse_edtf(text)
        except edtf.EDTFParseException:
            raise NotEdtf(f"{text!r} is not an EDTF date: give {EDTF_FORMS}.") from None
        approximate = False
        if isinstance(value, edtf.UncertainOrApproximate):
            ua = value.ua
            if ua is None or ua.is_uncertain or ua.is_uncertain_and_approximate:
                raise ValueError(
                    f"{text!r} is uncertain (? or %): a date is recorded as known or approximate (~), "
                    "and a doubt is written in the notes."
                )
            approximate = True
            value = value.date
        # Intervals, seasons, unspecified digits, long years, sets: EDTF can say them, the records cannot.
        if type(value) is not edtf.Date or value.significant_digits:
            raise ValueError(f"{text!r} is not one year, month or day: give {EDTF_FORMS}.")
        try:
            partial = cls.parse(format(value))
        except ValueError:
            raise ValueError(f"{text!r} is not a date this database can store: give {EDTF_FORMS}.") from None
        return partial, approximate

    def edtf(self, *, approximate: bool = False) -> str:
        return edtf_date(self.date, self.precision, approximate=approximate)


class NotEdtf(ValueError):
    """Text the EDTF grammar does not read at all (as opposed to an EDTF date Entente cannot store)."""


EDTF_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD, with ~ after it when approximate (2015~)"
EDTF_HELP = (
    "The same date in EDTF (Library of Congress Extended Date/Time Format, ISO 8601-2): "
    "2015, 2011-06, 2015-06-01; ~ after it when the source gives it as approximate."
)


@lru_cache(maxsize=4096)
def _parse_edtf(text: str):
    # The package's grammar takes milliseconds a string; imports and query strings repeat the same few
    # dates, and the parsed objects are only read.
    return edtf.parse_edtf(text)


def edtf_date(date: dt.date | None, precision: str, *, approximate: bool = False) -> str | None:
    """The partial date in EDTF level 1 (``2015``, ``2011-06``, ``2015-06-01``, ``2015~``); None when unknown.

    Built from the package's objects rather than parsed: lists write thousands of them.
    """
    if date is None or precision == Precision.UNKNOWN:
        return None
    parts = {"year": f"{date.year:04d}"}
    if precision in (Precision.MONTH, Precision.DAY):
        parts["month"] = f"{date.month:02d}"
    if precision == Precision.DAY:
        parts["day"] = f"{date.day:02d}"
    value = edtf.Date(**parts)
    if approximate:
        value = edtf.UncertainOrApproximate(value, edtf.UA("~"))
    return str(value)


def day_of_edtf(text: str, *, bound: str) -> dt.date:
    """The day an EDTF date stands for in a filter: a day is itself; a month or a year is its first day
    (``bound="earliest"``) or its last (``bound="latest"``). Approximate dates are refused: a filter needs
    an exact day."""
    partial, approximate = PartialDate.from_edtf(text)
    if approximate:
        raise ValueError(f"{text!r} is approximate (~): a filter needs a definite year, month or day.")
    return partial.latest if bound == "latest" else partial.earliest


def latest_day(date: dt.date, precision: str) -> dt.date:
    if precision == Precision.YEAR:
        return date.replace(month=12, day=31)
    if precision == Precision.MONTH:
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


def format_partial_date(date: dt.date | None, precision: str, *, approximate: bool = False) -> str:
    """``2015``, ``2011-06`` or ``2019-06-05``; ``c. `` in front when approximate; ``?`` when unknown."""
    if date is None or precision == Precision.UNKNOWN:
        return "?"
    if precision == Precision.YEAR:
        text = f"{date.year:04d}"
    elif precision == Precision.MONTH:
        text = f"{date.year:04d}-{date.month:02d}"
    else:
        text = date.isoformat()
    return f"c. {text}" if approximate else text


def check_partial_date(date: dt.date | None, precision: str, *, field: str, required: bool = False) -> dict:
    """Readable errors for one date/precision pair, keyed by field name (for ``clean()``)."""
    precision_field = f"{field}_precision"
    if date is None:
        if required:
            return {field: "Give a date."}
        if precision not in ("", Precision.UNKNOWN):
            return {precision_field: "A date with no value has unknown precision."}
        return {}
    if precision == Precision.UNKNOWN:
        return {precision_field: "A date that is given needs its precision: day, month or year."}
    if precision == Precision.YEAR and (date.month, date.day) != (1, 1):
        return {field: "A date known only to the year is stored as 1 January of that year."}
    if precision == Precision.MONTH and date.day != 1:
        return {field: "A date known only to the month is stored as the first day of that month."}
    return {}


def partial_date_constraints(prefix: str, field: str, *, nullable: bool) -> list[models.BaseConstraint]:
    """Database rules mirroring ``check_partial_date`` for the ``field``/``field_precision`` pair."""
    precision = f"{field}_precision"
    null = models.Q(**{f"{field}__isnull": True})
    rules = [
        models.CheckConstraint(
            condition=~models.Q(**{precision: Precision.YEAR})
            | (models.Q(**{f"{field}__month": 1}) & models.Q(**{f"{field}__day": 1})),
            name=f"{prefix}_{field}_year_is_1_january",
        ),
        models.CheckConstraint(
            condition=~models.Q(**{precision: Precision.MONTH}) | models.Q(**{f"{field}__day": 1}),
            name=f"{prefix}_{field}_month_is_first_day",
        ),
    ]
    if nullable:
        rules.append(
            models.CheckConstraint(
                condition=(null & models.Q(**{precision: Precision.UNKNOWN}))
                | (~null & ~models.Q(**{precision: Precision.UNKNOWN})),
                name=f"{prefix}_{field}_unknown_iff_missing",
            )
        )
    else:
        rules.append(
            models.CheckConstraint(
                condition=~models.Q(**{precision: Precision.UNKNOWN}),
                name=f"{prefix}_{field}_precision_known",
            )
        )
    return rules


class PartialDateRulesInClean:
    """Model mixin: the partial-date rules are explained by ``check_partial_date`` in ``clean()``.

    Django's generic re-check of those check constraints cannot type a missing date (PostgreSQL sees
    ``EXTRACT(MONTH FROM NULL)`` with an unknown type), and would only repeat clean()'s message less
    clearly, so it is skipped for them; the database still enforces every one.
    """

    constraints_explained_by_clean: tuple[str, ...] = ()

    def get_constraints(self):
        skipped = ("_year_is_1_january", "_month_is_first_day", *self.constraints_explained_by_clean)
        return [
            (model, [constraint for constraint in constraints if not constraint.name.endswith(skipped)])
            for model, constraints in super().get_constraints()
        ]
