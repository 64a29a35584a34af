"""The checks every endpoint applies to its query string before reading it.

A parameter given twice is refused rather than one of its values silently kept: the lists that take several
values take them in one parameter, comma-separated (``party=CN,KH``), as docs/api.md says.
"""

from rest_framework.exceptions import ValidationError


def refuse_repeated(query_params) -> None:
    """400 naming each parameter given more than once."""
    repeated = sorted(name for name in query_params if len(query_params.getlist(name)) > 1)
    if repeated:
        raise ValidationError(
            {
                name: [
                    "Give this parameter once; where a list takes several values, separate them by commas."
                ]
                for name in repeated
            }
        )


def refuse_unknown(query_params, known: set[str]) -> None:
    """400 naming each parameter not in ``known``, listing those the endpoint understands."""
    unknown = sorted(set(query_params) - known)
    if unknown:
        understood = ", ".join(sorted(known)) or "no parameters"
        raise ValidationError(
            {name: [f"Unknown parameter. This endpoint understands: {understood}."] for name in unknown}
        )
