"""The JSON PostgreSQL writes for meetings (core.api.lean), field for field the serializers'.

Each query selects ``document`` for the rows of ``{page}`` (ids in answer order, core.api.lean.documents).
"""

from core.api.lean import edtf_sql, partial_date_sql, timestamp_sql
from partnerships.api.documents import period_fields_sql
from sources.api.documents import citations_sql

# MeetingSerializer's fields up to ``parties`` (shared by the list's rows and the record).
_MEETING_HEAD = f"""'id', m.id, 'title', m.title, 'mode', m.mode, 'start', {partial_date_sql("m.start_date")},
    'start_edtf', {edtf_sql("m.start_date")},
    'start_date', m.start_date, 'start_precision', m.start_date_precision, 'end_date', m.end_date,
    'city', m.city, 'place', place.code, 'multilateral_event', coalesce(event.name, '')"""
_MEETING_TAIL = f"'status', m.status, 'updated_at', {timestamp_sql('m.updated_at')}"
_MEETING_JOINS = """
    LEFT JOIN partnerships_party place ON place.id = m.place_id
    LEFT JOIN events_multilateralevent event ON event.id = m.multilateral_event_id"""
# The orders of MeetingParty.Meta and Participant.Meta.
_PARTIES_IN_ORDER = """FROM events_meetingparty mp JOIN partnerships_party p ON p.id = mp.party_id
    WHERE mp.meeting_id = m.id"""
_PARTICIPANTS_IN_ORDER = """FROM events_participant pa JOIN events_person pe ON pe.id = pa.person_id
    JOIN partnerships_party p ON p.id = pa.party_id WHERE pa.meeting_id = m.id"""

# MeetingSerializer: a meeting as a row (the meetings list, a pair's latest meetings).
_MEETING_ROW = f"""json_build_object({_MEETING_HEAD},
    'parties', ARRAY(SELECT p.code {_PARTIES_IN_ORDER} ORDER BY mp.role, p.name),
    'people', ARRAY(SELECT pe.slug {_PARTICIPANTS_IN_ORDER} ORDER BY p.name, pe.name),
    {_MEETING_TAIL})"""
MEETING_ROWS = f"""
SELECT {_MEETING_ROW} AS document, page.position
FROM {{page}} page JOIN events_meeting m ON m.id = page.id {_MEETING_JOINS}"""

# Participant.office: as entered, else the person's position that day (Person.title_on).
_OFFICE = """CASE WHEN pa.role_title <> '' THEN pa.role_title ELSE coalesce((
    SELECT po.title FROM events_position po WHERE po.person_id = pe.id
      AND (po.start_date IS NULL OR po.start_date <= m.start_date)
      AND (po.end_date IS NULL OR po.end_date > m.start_date)
    ORDER BY po.start_date DESC LIMIT 1), '') END"""

# MeetingDetailSerializer: one meeting's record (announced levels: the published ones, in timeline order).
MEETING_RECORD = f"""
SELECT json_build_object({_MEETING_HEAD},
    'parties', (SELECT coalesce(json_agg(json_build_object('code', p.code, 'name', p.name, 'role', mp.role)
                                         ORDER BY mp.role, p.name), '[]') {_PARTIES_IN_ORDER}),
    {_MEETING_TAIL}, 'summary', m.summary, 'outcomes', m.outcomes,
    'participants', (SELECT coalesce(json_agg(json_build_object('person', pe.slug, 'name', pe.name,
                                                                'party', p.code, 'office', {_OFFICE})
                                              ORDER BY p.name, pe.name), '[]') {_PARTICIPANTS_IN_ORDER}),
    'citations', {citations_sql("events_meetingcitation", "meeting_id", "m.id")},
    'announced_levels', (SELECT coalesce(json_agg(json_build_object('id', l.id,
            'relationship', a.code || '-' || b.code, 'scheme', sc.slug, 'tier', t.slug, 'tier_name', t.name,
            'start', {partial_date_sql("l.start_date")},
            'start_edtf', {edtf_sql("l.start_date", "l.start_approximate")}, 'change_kind', l.change_kind)
            ORDER BY sc.slug, l.start_date NULLS FIRST, l.id), '[]')
        FROM events_meeting_announced_levels al JOIN partnerships_levelperiod l ON l.id = al.levelperiod_id
        JOIN partnerships_relationship r ON r.id = l.relationship_id
        JOIN partnerships_party a ON a.id = r.party_a_id JOIN partnerships_party b ON b.id = r.party_b_id
        JOIN partnerships_scheme sc ON sc.id = l.scheme_id JOIN partnerships_tier t ON t.id = l.tier_id
        WHERE al.meeting_id = m.id AND l.status = 'published')) AS document, page.position
FROM {{page}} page JOIN events_meeting m ON m.id = page.id {_MEETING_JOINS}"""


def pair_record_sql(levels: str, meetings: str, pair_meetings: str, latest: int) -> str:
    """RelationshipDetailSerializer, from three queries of ids: the ``levels`` shown, the ``meetings`` the
    reader may see (those announcing a level), the ``pair_meetings``. Their parameters come in the order
    meetings, levels, pair meetings (twice), then the all-meetings address and the pair's id."""
    level = f"""json_build_object('id', l.id, {period_fields_sql()}, 'certain', true,
        'citations', {citations_sql("partnerships_levelperiodcitation", "level_period_id", "l.id")},
        'announced_at', (SELECT coalesce(json_agg(json_build_object(
                'id', m.id, 'title', m.title, 'mode', m.mode, 'start', {partial_date_sql("m.start_date")},
                'start_edtf', {edtf_sql("m.start_date")})
                ORDER BY m.start_date, m.id), '[]')
                         FROM events_meeting_announced_levels al JOIN events_meeting m ON m.id = al.meeting_id
                         WHERE al.levelperiod_id = l.id AND m.id IN ({meetings})))"""
    return f"""
SELECT json_build_object('key', pa.code || '-' || pb.code,
    'party_a', json_build_object('code', pa.code, 'name', pa.name, 'kind', pa.kind),
    'party_b', json_build_object('code', pb.code, 'name', pb.name, 'kind', pb.kind),
    'timelines', (SELECT coalesce(json_agg(
                      json_build_object('scheme', by_scheme.slug, 'levels', by_scheme.levels)
                      ORDER BY by_scheme.slug), '[]')
                  FROM (SELECT sc.slug, json_agg({level} ORDER BY l.start_date, l.id) AS levels
                        FROM partnerships_levelperiod l
                        JOIN partnerships_scheme sc ON sc.id = l.scheme_id
                        JOIN partnerships_tier t ON t.id = l.tier_id
                        WHERE l.id IN ({levels}) GROUP BY sc.slug) by_scheme),
    'meetings', (SELECT coalesce(json_agg(latest.document
                                          ORDER BY latest.start_date DESC, latest.id DESC), '[]')
                 FROM (SELECT {_MEETING_ROW} AS document, m.start_date, m.id
                       FROM events_meeting m {_MEETING_JOINS}
                       WHERE m.id IN ({pair_meetings})
                       ORDER BY m.start_date DESC, m.id DESC LIMIT {int(latest)}) latest),
    'meeting_count', (SELECT count(*) FROM ({pair_meetings}) counted),
    'all_meetings', %s || pa.code || ',' || pb.code)::text
FROM partnerships_relationship r
JOIN partnerships_party pa ON pa.id = r.party_a_id JOIN partnerships_party pb ON pb.id = r.party_b_id
WHERE r.id = %s"""
