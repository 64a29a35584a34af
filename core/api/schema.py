"""OpenAPI documentation helpers: an example beside every field and every query parameter.

Serializers list their examples in ``Meta.examples`` (field name → value); filters are wrapped in
``documented()``. The schema test checks that nothing is left without a description and an example.
"""

from drf_spectacular import openapi
from drf_spectacular.utils import extend_schema_field

_FILTER_TYPES = {
    "string": {"type": "string"},
    "date": {"type": "string", "format": "date"},
    # EDTF (ISO 8601-2) day, month or year: not OpenAPI's "date" format, which is a full day only.
    "edtf": {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
    "date-time": {"type": "string", "format": "date-time"},
    "integer": {"type": "integer", "minimum": 0},
    "boolean": {"type": "boolean"},
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, with examples: a serializer field's from ``Meta.examples`` (or its own
    ``schema_example``), a path
    parameter's from the view's ``lookup_example`` (and its description from ``lookup_description``)."""

    def get_description(self):
        # An operation's description is written for API users, in extend_schema(description=…); the views'
        # and mixins' docstrings are notes for developers and stay out of the schema.
        return ""

    def _is_list_view(self, serializer=None):
        # A viewset's list action that answers one object (the network: nodes and edges) says so: its
        # answer is not wrapped in an array. Asked without a serializer, the question is whether the view
        # takes a list's filter parameters, which it does.
        if serializer is not None and getattr(self.view, "answers_one_object", False):
            return False
        return super()._is_list_view(serializer)

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            parameter["description"] = getattr(
                self.view,
                "format_description",
                "`csv` for a flat CSV table (or send `Accept: text/csv`); `json` by default.",
            )
            parameter["schema"]["example"] = getattr(self.view, "format_example", "csv")
        return parameters

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            parameter["schema"]["example"] = getattr(self.view, "lookup_example", 412)
            description = getattr(self.view, "lookup_description", "")
            if description:
                parameter["description"] = description
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        examples = getattr(getattr(serializer, "Meta", None), "examples", {})
        # A field made at run time carries its own example.
        examples = {
            **examples,
            **{
                name: f.schema_example
                for name, f in serializer.fields.items()
                if hasattr(f, "schema_example")
            },
        }
        for name, prop in schema.get("properties", {}).items():
            if name in examples and "$ref" not in prop and "allOf" not in prop:
                prop["example"] = examples[name]
        return schema


def documented(filter_, *, kind: str = "string", example, enum=None):
    """Give a django-filter filter its OpenAPI type, its help text as description and an example."""
    schema = {**_FILTER_TYPES[kind], "description": filter_.extra["help_text"], "example": example}
    if enum is not None:
        schema["enum"] = list(enum)
    return extend_schema_field(schema)(filter_)
