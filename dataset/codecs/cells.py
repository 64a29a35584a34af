"""Table cells: how a row's text reads as values and values are written as text, and errors by column."""

import datetime as dt
import json
from collections.abc import Iterable
from contextlib import contextmanager

from django.core.exceptions import ValidationError

from core.partial_dates import PartialDate, Precision, format_partial_date

# Cells -------------------------------------------------------------------------------------------------


_TRUE = {"true", "1", "yes", "y", "x"}
_FALSE = {"false", "0", "no", "n", ""}


def cell(row: dict, column: str) -> str:
    """A cell as text, surrounding white space removed; an empty or missing cell is ``""``."""
    value = row.get(column)
    if value is None:
        return ""
    # Spreadsheets hand over dates and whole numbers typed.
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value).strip()


def bool_cell(row: dict, column: str) -> bool:
    value = row.get(column)
    if isinstance(value, bool):
        return value
    text = cell(row, column).lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"“{text}” is not true or false.")


def edtf_column(column: str) -> str:
    """The column giving ``column``'s date in EDTF, as the data package writes it (``start_edtf``)."""
    return f"{column}_edtf"


def has_date_cell(row: dict, column: str) -> bool:
    return column in row or edtf_column(column) in row


def _edtf_cell(row: dict, column: str) -> tuple[PartialDate, bool] | None:
    text = cell(row, edtf_column(column))
    if not text:
        return None
    try:
        return PartialDate.from_edtf(text)
    except ValueError as error:
        raise ValueError(f"{edtf_column(column)}: {error}") from None


def partial_date_cell(row: dict, column: str) -> PartialDate | None:
    """The date of ``column`` (YYYY, YYYY-MM, YYYY-MM-DD) or of its EDTF twin; when both are filled in, they
    must name the same date (a spreadsheet edit of one but not the other is refused, not guessed at)."""
    text = cell(row, column)
    plain = PartialDate.parse(text) if text else None
    edtf = _edtf_cell(row, column)
    if edtf is None:
        return plain
    if plain is not None and plain != edtf[0]:
        raise ValueError(
            f"{column} ({text}) and {edtf_column(column)} ({cell(row, edtf_column(column))}) name different "
            "dates: correct one of them, or leave one empty."
        )
    return edtf[0]


def approximate_cell(row: dict, column: str, flag_column: str) -> bool | None:
    """Whether ``column``'s date is approximate: the flag column, or ``~`` in the EDTF one; None when neither
    says. Both given must agree."""
    edtf = _edtf_cell(row, column)
    flag = bool_cell(row, flag_column) if cell(row, flag_column) else None
    if edtf is not None and flag is not None and flag != edtf[1]:
        raise ValueError(
            f"{flag_column} ({render_bool(flag)}) and {edtf_column(column)} "
            f"({cell(row, edtf_column(column))}) disagree on whether the date is approximate."
        )
    return flag if edtf is None else edtf[1]


def date_cell(row: dict, column: str) -> dt.date | None:
    text = cell(row, column)
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date of the form YYYY-MM-DD.") from None


def choice_cell(row: dict, column: str, choices, *, default: str = "") -> str:
    text = cell(row, column) or default
    if text not in choices.values:
        raise ValueError(f"“{text}” is not one of: {', '.join(choices.values)}.")
    return text


def json_list_cell(row: dict, column: str) -> list:
    value = row.get(column)
    if isinstance(value, list):
        return value
    text = cell(row, column)
    if not text:
        return []
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"Not readable as a JSON list ({error.msg}, character {error.pos + 1}).") from None
    if not isinstance(value, list):
        raise ValueError("Give a JSON list, [ … ].")
    return value


def render_bool(value: bool) -> str:
    return "true" if value else "false"


def render_partial_date(date: dt.date | None, precision: str) -> str:
    return "" if date is None or precision == Precision.UNKNOWN else format_partial_date(date, precision)


def render_date(date: dt.date | None) -> str:
    return date.isoformat() if date else ""


def render_json(items: list) -> str:
    return json.dumps(items, ensure_ascii=False) if items else ""


class RowErrors:
    """Readable errors of one row, keyed by column; ``check`` collects, ``raise_if_any`` answers."""

    def __init__(self, field_columns: dict[str, str] | None = None):
        self.errors: dict[str, list[str]] = {}
        self.field_columns = field_columns or {}

    def add(self, column: str, message: str) -> None:
        messages = self.errors.setdefault(self.field_columns.get(column, column), [])
        if message not in messages:
            messages.append(message)

    def add_validation_error(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            for message in messages:
                self.add("row" if field == "__all__" else field, message)

    @contextmanager
    def check(self, column: str):
        try:
            yield
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                self.add_validation_error(error)
            else:
                for message in error.messages:
                    self.add(column, message)
        except ValueError as error:
            self.add(column, str(error))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def fields_of(columns: Iterable[str], field_columns: dict[str, str]) -> tuple[str, ...]:
    """The model fields that ``columns`` set, in order: a column's own name, or the fields it stands for."""
    return tuple(
        name
        for column in columns
        for name in ([f for f, c in field_columns.items() if c == column] or [column])
    )


def clean_without_queries(instance, *, foreign_keys: Iterable[str] = ()) -> None:
    """The model's field rules (lengths, choices, blanks), minus foreign keys already resolved by look-up.

    Django checks a foreign key by querying for it; rows resolve theirs from bulk-loaded indexes instead.
    """
    instance.clean_fields(exclude=list(foreign_keys))


# Sources and citations ---------------------------------------------------------------------------------


def list_cell(row: dict, column: str) -> list:
    """A list cell's entries: ``a; b`` (or ``a|b``, as the API's CSV joins lists), or a JSON list."""
    value = row.get(column)
    if isinstance(value, list):
        return value
    text = cell(row, column)
    if text.startswith("["):
        return json_list_cell(row, column)
    return [part.strip() for part in text.replace("|", ";").split(";") if part.strip()]
