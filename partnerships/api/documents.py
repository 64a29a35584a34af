"""The JSON PostgreSQL writes for pairs and level periods (core.api.lean), field for field the serializers'.

Each query selects ``document`` for the rows of ``{page}`` (ids in answer order, core.api.lean.documents).
"""

from core.api.lean import edtf_sql, partial_date_sql, timestamp_sql
from sources.api.documents import citations_sql


def period_fields_sql(level: str = "l", scheme: str = "sc", tier: str = "t") -> str:
    """``PeriodSerializer.period_fields``: key/value pairs for json_build_object."""
    return f"""
        'scheme', {scheme}.slug, 'tier', {tier}.slug, 'tier_name', {tier}.name, 'tier_rank', {tier}.rank,
        'wording', {level}.wording,
        'start', {partial_date_sql(f"{level}.start_date")}, 'start_date', {level}.start_date,
        'start_precision', {level}.start_date_precision, 'start_approximate', {level}.start_approximate,
        'start_edtf', {edtf_sql(f"{level}.start_date", f"{level}.start_approximate")},
        'end_status', {level}.end_status,
        'end', CASE WHEN {level}.end_status = 'ended' THEN {partial_date_sql(f"{level}.end_date")} END,
        'end_date', {level}.end_date, 'end_precision', {level}.end_date_precision,
        'end_approximate', {level}.end_approximate,
        'end_edtf', CASE WHEN {level}.end_status = 'ended'
                         THEN {edtf_sql(f"{level}.end_date", f"{level}.end_approximate")} END,
        'change_kind', {level}.change_kind, 'status', {level}.status"""


def pair_fields_sql(a: str = "pa", b: str = "pb") -> str:
    """``PairFieldsSerializer.pair_fields``."""
    return (
        f"'relationship', {a}.code || '-' || {b}.code, 'party_a', {a}.code, 'party_a_name', {a}.name, "
        f"'party_b', {b}.code, 'party_b_name', {b}.name"
    )


_PERIOD_JOINS = """
    JOIN partnerships_scheme sc ON sc.id = l.scheme_id JOIN partnerships_tier t ON t.id = l.tier_id"""

# LevelRowSerializer: the levels list.
LEVEL_ROWS = f"""
SELECT json_build_object('id', l.id, {pair_fields_sql()}, {period_fields_sql()},
    'source_ids', ARRAY(SELECT c.source_id FROM partnerships_levelperiodcitation c
                        WHERE c.level_period_id = l.id ORDER BY c.source_id),
    'updated_at', {timestamp_sql("l.updated_at")}) AS document, page.position
FROM {{page}} page JOIN partnerships_levelperiod l ON l.id = page.id
JOIN partnerships_relationship r ON r.id = l.relationship_id
JOIN partnerships_party pa ON pa.id = r.party_a_id JOIN partnerships_party pb ON pb.id = r.party_b_id
{_PERIOD_JOINS}"""


def shown_level_sql(certain: str) -> str:
    """LevelSerializer (a level inside a pair) of level ``l``, ``certain`` being its SQL certainty."""
    return f"""json_build_object('id', l.id, {period_fields_sql()}, 'certain', {certain},
        'citations', {citations_sql("partnerships_levelperiodcitation", "level_period_id", "l.id")})"""


# RelationshipSerializer: each pair of ``{page}`` with its levels of ``{shown}`` (RelationshipQuerySet.
# shown_levels: ``id``, ``relationship_id``, ``certain`` and ``ordinal`` of the levels the filters show).
PAIRS = f"""
SELECT json_build_object('key', pa.code || '-' || pb.code,
    'party_a', json_build_object('code', pa.code, 'name', pa.name, 'kind', pa.kind),
    'party_b', json_build_object('code', pb.code, 'name', pb.name, 'kind', pb.kind),
    'levels', coalesce(shown_levels.levels, '[]')) AS document, page.position
FROM {{page}} page JOIN partnerships_relationship r ON r.id = page.id
JOIN partnerships_party pa ON pa.id = r.party_a_id JOIN partnerships_party pb ON pb.id = r.party_b_id
LEFT JOIN (
    SELECT shown.relationship_id,
           json_agg({shown_level_sql("shown.certain")} ORDER BY shown.ordinal) AS levels
    FROM {{shown}} shown JOIN partnerships_levelperiod l ON l.id = shown.id {_PERIOD_JOINS}
    GROUP BY shown.relationship_id
) shown_levels ON shown_levels.relationship_id = r.id"""
