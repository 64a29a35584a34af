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


def published_needs_quote(
    *, claim: str, claim_table: str, citation_table: str, claim_column: str
) -> pgtrigger.Trigger:
    """Trigger on a claim table: nothing is published without a citation whose quote is not empty.

    Deferred to the end of the transaction, so a claim and its citations can be written in any order; by
    then the row may have been unpublished or deleted again, so its current state is what is checked.
    """
    return pgtrigger.Trigger(
        name="published_needs_quoted_citation",
        level=pgtrigger.Row,
        when=pgtrigger.After,
        operation=pgtrigger.Insert | pgtrigger.Update,
        timing=pgtrigger.Deferred,
        condition=pgtrigger.Q(new__status=Status.PUBLISHED),
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
