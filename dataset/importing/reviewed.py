"""Who may import published and retracted claims: ``partnerships.review.writable_statuses`` on every
import path (row by row, set-based and the admin's per-list screens).

An import is given the statuses its importer may write, per claim table (``statuses_for``); a row that
would create a claim in another status, or change a claim to or from another, is refused on its
``status`` column, and then nothing is written. A row that leaves its claim as recorded is no write: an
editor may import an unchanged public package again. ``None`` (the command, run with shell access):
every status.
"""

from collections.abc import Collection, Mapping

from events.models import Meeting
from partnerships.models import LevelPeriod
from partnerships.review import writable_statuses
from partnerships.status import Status

# The tables whose rows are reviewed claims: their model, and how a message names one.
CLAIM_TABLES = {"level_periods": (LevelPeriod, "level"), "meetings": (Meeting, "meeting")}

# Per claim table, the statuses an importer may write; None: every status.
Statuses = Mapping[str, Collection[str]] | None


def statuses_for(user) -> dict[str, frozenset[str]]:
    """The statuses ``user`` may import, per claim table: what the admin's screens pass to an import."""
    return {table: writable_statuses(user, model) for table, (model, _) in CLAIM_TABLES.items()}


def refusal(table: str, recorded: str | None, imported: str, statuses: Statuses) -> str | None:
    """Why a row of ``table`` that writes its claim is refused, or None if it is not.

    The row creates the claim (``recorded`` None) or changes it from ``recorded``, and leaves it
    ``imported``; the importer may write ``statuses``. Only call it for a row that writes: one that
    leaves its claim as recorded is never refused.
    """
    if statuses is None:
        return None
    allowed, claim = statuses[table], CLAIM_TABLES[table][1]
    if recorded is not None and recorded not in allowed:
        return (
            f"Only a reviewer may change a {Status(recorded).label} {claim}: leave its row as it is "
            "recorded, or ask a reviewer."
        )
    if imported not in allowed:
        return (
            f"Only a reviewer may import a {Status(imported).label} {claim}: import it as a draft or for "
            "review, or ask a reviewer."
        )
    return None


def refusals(table: str, statuses: Statuses) -> list[tuple[str, str, str]]:
    """Every refusal of ``refusal`` as (recorded status, '' for a new claim; imported status; message):
    what the set-based path joins its rows to, so both paths refuse in the same words."""
    found = []
    for recorded in (None, *Status):
        for imported in Status:
            message = refusal(table, recorded, imported, statuses)
            if message is not None:
                found.append((recorded or "", str(imported), message))
    return found
