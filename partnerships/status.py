from dataclasses import dataclass

import pgtrigger
from django.db import models


class Status(models.TextChoices):
    """Where a claim stands in review. Only published claims are ever shown to the public."""

    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    PUBLISHED = "published", "published"
    RETRACTED = "retracted", "retracted"


def _no_quote_error(claim: str) -> str:
    return (
        f"RAISE EXCEPTION 'A published {claim} needs at least one citation with a quote' "
        "USING ERRCODE = 'check_violation', CONSTRAINT = 'published_needs_quoted_citation';"
    )


# Set (transaction-local) to a claim table's name while a set-based write checks its publication rule for
# the whole batch itself (dataset.importing.history): the row trigger is then not even queued.
BATCH_CHECKED = "entente.quotes_checked_for"


class _PublishedUnlessBatchChecked(pgtrigger.Condition):
    def __init__(self, claim_table: str):
        super().__init__(claim_table)  # the SQL is built by resolve()
        self.claim_table = claim_table

    def resolve(self, model) -> str:
        return (
            f"NEW.\"status\" = '{Status.PUBLISHED}' AND "
            f"current_setting('{BATCH_CHECKED}', true) IS DISTINCT FROM '{self.claim_table}'"
        )


def published_needs_quote(
    *, claim: str, claim_table: str, citation_table: str, claim_column: str, batch_checked: bool = False
) -> pgtrigger.Trigger:
    """Trigger on a claim table: nothing is published without a citation whose quote is not empty.

    Deferred to the end of the transaction, so a claim and its citations can be written in any order; by
    then the row may have been unpublished or deleted again, so its current state is what is checked.
    ``batch_checked``: a set-based write may check the rule for its whole batch instead (``BATCH_CHECKED``).
    """
    condition = (
        _PublishedUnlessBatchChecked(claim_table)
        if batch_checked
        else pgtrigger.Q(new__status=Status.PUBLISHED)
    )
    return pgtrigger.Trigger(
        name="published_needs_quoted_citation",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update,
        timing=pgtrigger.Deferred,
        condition=condition,
        func=f"""
            IF EXISTS (SELECT 1 FROM {claim_table} p WHERE p.id = NEW.id AND p.status = 'published')
               AND NOT EXISTS (
                   SELECT 1 FROM {citation_table} c WHERE c.{claim_column} = NEW.id AND btrim(c.quote) <> ''
               ) THEN {_no_quote_error(claim)} END IF;
            RETURN NULL;
        """,
    )


def last_quote_kept(
    *, claim: str, claim_table: str, citation_table: str, claim_column: str
) -> pgtrigger.Trigger:
    """Trigger on a citation table: a published claim's last quoted citation cannot be removed or emptied."""
    # The SQL text is part of the trigger's recorded definition (migrations): kept as it was written.
    claim_published = (
        f"SELECT 1 FROM {claim_table} p WHERE p.id = OLD.{claim_column} AND p.status = 'published'"
    )
    quoted_citation = (
        f"SELECT 1 FROM {citation_table} c"
        f" WHERE c.{claim_column} = OLD.{claim_column} AND btrim(c.quote) <> ''"
    )
    return pgtrigger.Trigger(
        name="published_keeps_quoted_citation",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Update | pgtrigger.Delete,
        timing=pgtrigger.Deferred,
        func=f"""
            IF EXISTS ({claim_published})
               AND NOT EXISTS (
                   {quoted_citation}
               ) THEN {_no_quote_error(claim)} END IF;
            RETURN NULL;
        """,
    )


@dataclass(frozen=True)
class QuotedClaim:
    """A kind of reviewed claim and its citation table: the rules and permissions they share.

    Nothing of the kind is published without a citation with a quote, and a published claim keeps its last
    quoted citation (``published_needs_quote``, ``last_quote_kept``); reviewers hold the permissions to
    publish and to retract.
    """

    claim: str  # how messages name it: "level"
    plural: str  # how permissions name it: "level periods"
    claim_table: str
    citation_table: str
    claim_field: str  # the citation's foreign key to its claim: "level_period"

    def publication_rule(self, *, batch_checked: bool = False) -> pgtrigger.Trigger:
        return published_needs_quote(**self._tables(), batch_checked=batch_checked)

    def review_permissions(self) -> list[tuple[str, str]]:
        model_name = self.claim_table.split("_", 1)[1]
        return [
            (f"publish_{model_name}", f"Can publish {self.plural} and send them back to draft"),
            (f"retract_{model_name}", f"Can retract published {self.plural}"),
        ]

    def citation_meta(self, *, unique_name: str) -> type:
        """The ``Meta`` of the citation table: in claim order, each source and quote once per claim."""
        quoted = self

        class Meta:
            triggers = [last_quote_kept(**quoted._tables())]
            ordering = [quoted.claim_field, "id"]
            constraints = [
                models.UniqueConstraint(fields=[quoted.claim_field, "source", "quote"], name=unique_name)
            ]

        return Meta

    def _tables(self) -> dict[str, str]:
        return {
            "claim": self.claim,
            "claim_table": self.claim_table,
            "citation_table": self.citation_table,
            "claim_column": f"{self.claim_field}_id",
        }
