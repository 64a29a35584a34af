"""CSV for every list: one flat row per item, the columns named after the serializer's fields.

Nested objects become prefixed columns (``party_a`` → ``party_a_code``, ``party_a_name``); lists of
plain values are joined with ``|``. The same column plan describes the tables of the data package.
"""

import csv
import io
import typing
from dataclasses import dataclass

from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

LIST_SEPARATOR = "|"


@dataclass(frozen=True)
class Column:
    name: str
    path: tuple[str, ...]
    field: serializers.Field

    @property
    def description(self) -> str:
        text = str(self.field.help_text or "")
        if holds_list(self.field):
            text += f" Several values are separated by “{LIST_SEPARATOR}”."
        return text.strip()


def holds_list(field: serializers.Field) -> bool:
    """Whether the field gives a list of plain values (joined in one CSV cell)."""
    if isinstance(field, serializers.ListField):
        return True
    if isinstance(field, serializers.SerializerMethodField):
        method = getattr(field.parent, field.method_name)
        return typing.get_origin(typing.get_type_hints(method).get("return")) is list
    return False


def flat_columns(serializer: serializers.Serializer, prefix: tuple[str, ...] = ()) -> list[Column]:
    """The CSV columns of a flat serializer; nested serializers add prefixed columns."""
    columns = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        path = (*prefix, name)
        if isinstance(field, serializers.ListSerializer):
            raise TypeError(f"{'.'.join(path)}: a list of objects has no place in a flat CSV row.")
        if isinstance(field, serializers.Serializer):
            columns += flat_columns(field, path)
        else:
            columns.append(Column("_".join(path), path, field))
    return columns


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(cell(item) for item in value)
    return str(value)


def flat_row(item: dict, columns: list[Column]) -> list[str]:
    row = []
    for column in columns:
        value = item
        for key in column.path:
            value = value.get(key) if value is not None else None
        row.append(cell(value))
    return row


def write_csv(handle, items, columns: list[Column]) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for item in items:
        writer.writerow(flat_row(item, columns))


class CSVRenderer(BaseRenderer):
    """``?format=csv`` or ``Accept: text/csv`` on a list; pagination links go in the ``Link`` header."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        handle = io.StringIO()
        if response is not None and response.exception:
            # An error answer stays readable in a spreadsheet: the parameter or field, then the message.
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(["parameter", "message"])
            for name, messages in _error_items(data):
                writer.writerow([name, messages])
            return handle.getvalue().encode(self.charset)
        view = renderer_context["view"]
        items = data["results"] if isinstance(data, dict) and "results" in data else data
        write_csv(handle, items, flat_columns(view.get_serializer()))
        return handle.getvalue().encode(self.charset)


def _error_items(data):
    if isinstance(data, dict):
        for name, messages in data.items():
            yield name, " ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
    else:
        yield "", " ".join(map(str, data)) if isinstance(data, list) else str(data)
