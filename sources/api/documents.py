"""The JSON PostgreSQL writes for a citation and its source (core.api.lean), as the serializers declare it."""

from core.api.lean import edtf_sql, partial_date_sql


def citations_sql(citation_table: str, claim_column: str, claim: str) -> str:
    """SQL: a JSON array of the citations of ``claim`` (a column reference), as ``CitationSerializer``'s,
    in the order they were recorded."""
    return f"""(SELECT coalesce(json_agg(json_build_object(
            'source', json_build_object('id', s.id, 'url', s.url, 'title', s.title, 'publisher', s.publisher,
                                        'published', {partial_date_sql("s.published_on")},
                                        'published_edtf', {edtf_sql("s.published_on")}),
            'quote', c.quote, 'locator', c.locator) ORDER BY c.id), '[]')
        FROM {citation_table} c JOIN sources_source s ON s.id = c.source_id
        WHERE c.{claim_column} = {claim})"""
