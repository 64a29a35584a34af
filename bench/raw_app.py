"""Baseline (a), the practical limit: a bare WSGI app, one SQL query per request, psycopg and orjson.

It answers the API endpoints the benchmark measures with the same fields as the app (nested parts are
built by PostgreSQL's JSON functions in that one query), and none of the rest: no filters beyond those
used, no validation, no authentication, throttling or caching headers. Served by gunicorn with the same
settings as the app: ``gunicorn bench.raw_app:application``.
"""

import os
import re
from urllib.parse import parse_qs

import orjson
import psycopg

_connection = None


def connection():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    return _connection


def _partial(column: str) -> str:
    """SQL: a partial date as the API writes it (2015, 2011-06, 2019-06-05), null when unknown."""
    return (
        f"CASE {column}_precision WHEN 'year' THEN to_char({column}, 'YYYY') "
        f"WHEN 'month' THEN to_char({column}, 'YYYY-MM') WHEN 'day' THEN to_char({column}, 'YYYY-MM-DD') END"
    )


_SOURCE = (
    "json_build_object('id', s.id, 'url', s.url, 'title', s.title, 'publisher', s.publisher, "
    f"'published', {_partial('s.published_on')})"
)
_CITATIONS = f"""
    (SELECT coalesce(json_agg(json_build_object('source', {_SOURCE}, 'quote', c.quote, 'locator', c.locator)
                              ORDER BY c.id), '[]')
     FROM partnerships_levelperiodcitation c JOIN sources_source s ON s.id = c.source_id
     WHERE c.level_period_id = l.id)
"""
_PERIOD = f"""
    'id', l.id, 'scheme', sc.slug, 'tier', t.slug, 'tier_name', t.name, 'tier_rank', t.rank,
    'wording', l.wording, 'start', {_partial("l.start_date")}, 'start_date', l.start_date,
    'start_precision', l.start_date_precision, 'start_approximate', l.start_approximate,
    'end_status', l.end_status, 'end', CASE WHEN l.end_status = 'ended' THEN {_partial("l.end_date")} END,
    'end_date', l.end_date, 'end_precision', l.end_date_precision, 'end_approximate', l.end_approximate,
    'change_kind', l.change_kind, 'status', l.status
"""
_PARTY = "json_build_object('code', {p}.code, 'name', {p}.name, 'kind', {p}.kind)"

# relationships/?party=KE (the party's pairs) or ?party=CN,KH (that pair only).
_ANY_PAIR_OF_THE_PARTY = "r.party_a_id IN (SELECT id FROM party) OR r.party_b_id IN (SELECT id FROM party)"
_ONE_PAIR = "r.party_a_id = (SELECT min(id) FROM party) AND r.party_b_id = (SELECT max(id) FROM party)"
RELATIONSHIPS = f"""
WITH party AS (SELECT id FROM partnerships_party WHERE code = ANY(%(codes)s) OR alpha3 = ANY(%(codes)s)),
pairs AS (
    SELECT r.id, pa.code AS a_code, pa.name AS a_name, pa.kind AS a_kind,
           pb.code AS b_code, pb.name AS b_name, pb.kind AS b_kind
    FROM partnerships_relationship r
    JOIN partnerships_party pa ON pa.id = r.party_a_id JOIN partnerships_party pb ON pb.id = r.party_b_id
    WHERE (/*pairs*/)
      AND EXISTS (SELECT 1 FROM partnerships_levelperiod l WHERE l.relationship_id = r.id
                  AND l.status = 'published' AND l.certain_span @> %(as_of)s::date)
)
SELECT (SELECT count(*) FROM pairs),
       (SELECT coalesce(json_agg(json_build_object(
            'key', a_code || '-' || b_code,
            'party_a', json_build_object('code', a_code, 'name', a_name, 'kind', a_kind),
            'party_b', json_build_object('code', b_code, 'name', b_name, 'kind', b_kind),
            'levels', (SELECT coalesce(json_agg(json_build_object({_PERIOD}, 'certain', true,
                                                                   'citations', {_CITATIONS})
                                                ORDER BY sc.slug, l.start_date, l.id), '[]')
                       FROM partnerships_levelperiod l
                       JOIN partnerships_scheme sc ON sc.id = l.scheme_id
                       JOIN partnerships_tier t ON t.id = l.tier_id
                       WHERE l.relationship_id = page.id AND l.status = 'published'
                         AND l.certain_span @> %(as_of)s::date)
        ) ORDER BY a_name, b_name, id), '[]')
        FROM (SELECT * FROM pairs ORDER BY a_name, b_name, id LIMIT 100) page)
"""

_MEETING_ROW = """
    'id', m.id, 'title', m.title, 'mode', m.mode,
    'start', CASE m.start_date_precision WHEN 'year' THEN to_char(m.start_date, 'YYYY')
             WHEN 'month' THEN to_char(m.start_date, 'YYYY-MM') ELSE to_char(m.start_date, 'YYYY-MM-DD') END,
    'start_date', m.start_date, 'start_precision', m.start_date_precision, 'end_date', m.end_date,
    'city', m.city, 'place', (SELECT code FROM partnerships_party WHERE id = m.place_id),
    'multilateral_event', coalesce((SELECT name FROM events_multilateralevent WHERE id =
        m.multilateral_event_id), '')
"""
_MEETING_LISTS = """
    'parties', (SELECT coalesce(json_agg(p.code ORDER BY mp.role, p.name), '[]') FROM events_meetingparty mp
                JOIN partnerships_party p ON p.id = mp.party_id WHERE mp.meeting_id = m.id),
    'people', (SELECT coalesce(json_agg(pe.slug ORDER BY p.name, pe.name), '[]') FROM events_participant pa
               JOIN events_person pe ON pe.id = pa.person_id JOIN partnerships_party p ON p.id = pa.party_id
               WHERE pa.meeting_id = m.id),
    'status', m.status, 'updated_at', m.updated_at
"""

PAIR = f"""
WITH parties AS (
    SELECT id, code, name, kind FROM partnerships_party
    WHERE code IN (%(first)s, %(second)s) OR alpha3 IN (%(first)s, %(second)s)
), pair AS (
    SELECT r.* FROM partnerships_relationship r
    WHERE r.party_a_id = (SELECT min(id) FROM parties) AND r.party_b_id = (SELECT max(id) FROM parties)
), pair_meetings AS (
    SELECT m.* FROM events_meeting m
    WHERE m.status = 'published'
      AND m.id IN (SELECT meeting_id FROM events_meetingparty WHERE party_id = (SELECT min(id) FROM parties))
      AND m.id IN (SELECT meeting_id FROM events_meetingparty WHERE party_id = (SELECT max(id) FROM parties))
)
SELECT json_build_object(
    'key', (SELECT a.code || '-' || b.code FROM pair JOIN parties a ON a.id = pair.party_a_id
            JOIN parties b ON b.id = pair.party_b_id),
    'party_a', (SELECT {_PARTY.format(p="p")} FROM parties p WHERE p.id = (SELECT party_a_id FROM pair)),
    'party_b', (SELECT {_PARTY.format(p="p")} FROM parties p WHERE p.id = (SELECT party_b_id FROM pair)),
    'timelines', (SELECT coalesce(json_agg(json_build_object('scheme', slug, 'levels', levels)
        ORDER BY slug), '[]')
        FROM (SELECT sc.slug, json_agg(json_build_object({_PERIOD}, 'certain', true, 'citations',
            {_CITATIONS},
                  'announced_at', (SELECT coalesce(json_agg(json_build_object('id', m.id, 'title', m.title,
                        'mode', m.mode, 'start', to_char(m.start_date, 'YYYY-MM-DD')) ORDER BY
                            m.start_date, m.id), '[]')
                        FROM events_meeting_announced_levels al JOIN events_meeting m ON m.id = al.meeting_id
                        WHERE al.levelperiod_id = l.id AND m.status = 'published'))
                  ORDER BY l.start_date, l.id) AS levels
              FROM partnerships_levelperiod l JOIN partnerships_scheme sc ON sc.id = l.scheme_id
              JOIN partnerships_tier t ON t.id = l.tier_id
              WHERE l.relationship_id = (SELECT id FROM pair) AND l.status = 'published'
              GROUP BY sc.slug) timelines),
    'meetings', (SELECT coalesce(json_agg(json_build_object({_MEETING_ROW}, {_MEETING_LISTS})
                                          ORDER BY m.start_date DESC, m.id DESC), '[]')
                 FROM (SELECT * FROM pair_meetings ORDER BY start_date DESC, id DESC LIMIT 20) m),
    'meeting_count', (SELECT count(*) FROM pair_meetings),
    'all_meetings', 'https://127.0.0.1/api/v1/meetings/?party=' || %(first)s || ',' || %(second)s
)
"""

LEVELS = f"""
WITH party AS (SELECT id FROM partnerships_party WHERE code = %(party)s OR alpha3 = %(party)s)
SELECT coalesce(json_agg(json_build_object(
    'id', l.id, 'relationship', pa.code || '-' || pb.code, 'party_a', pa.code, 'party_a_name', pa.name,
    'party_b', pb.code, 'party_b_name', pb.name,
    'scheme', sc.slug, 'tier', t.slug, 'tier_name', t.name, 'tier_rank', t.rank,
    'wording', l.wording, 'start', {_partial("l.start_date")}, 'start_date', l.start_date,
    'start_precision', l.start_date_precision, 'start_approximate', l.start_approximate,
    'end_status', l.end_status, 'end', CASE WHEN l.end_status = 'ended' THEN {_partial("l.end_date")} END,
    'end_date', l.end_date, 'end_precision', l.end_date_precision, 'end_approximate', l.end_approximate,
    'change_kind', l.change_kind, 'status', l.status,
    'source_ids', (SELECT coalesce(json_agg(c.source_id ORDER BY c.source_id), '[]')
                   FROM partnerships_levelperiodcitation c WHERE c.level_period_id = l.id),
    'updated_at', l.updated_at) ORDER BY l.id), '[]')
FROM (
    SELECT l.* FROM partnerships_levelperiod l JOIN partnerships_relationship r ON r.id = l.relationship_id
    WHERE l.status = 'published'
      AND (r.party_a_id IN (SELECT id FROM party) OR r.party_b_id IN (SELECT id FROM party))
    ORDER BY l.id LIMIT 100
) l
JOIN partnerships_relationship r ON r.id = l.relationship_id
JOIN partnerships_party pa ON pa.id = r.party_a_id JOIN partnerships_party pb ON pb.id = r.party_b_id
JOIN partnerships_scheme sc ON sc.id = l.scheme_id JOIN partnerships_tier t ON t.id = l.tier_id
"""

MEETINGS = f"""
SELECT coalesce(json_agg(json_build_object({_MEETING_ROW}, {_MEETING_LISTS}) ORDER BY m.start_date
    DESC, m.id DESC), '[]')
FROM (
    SELECT m.* FROM events_meeting m
    WHERE m.status = 'published' AND m.start_date BETWEEN %(start_from)s::date AND %(start_to)s::date
      AND m.id IN (SELECT meeting_id FROM events_meetingparty mp JOIN partnerships_party p ON p.id
          = mp.party_id
                   WHERE (p.code = %(party)s OR p.alpha3 = %(party)s)
                     AND mp.meeting_start_date BETWEEN %(start_from)s::date AND %(start_to)s::date)
    ORDER BY m.start_date DESC, m.id DESC LIMIT 100
) m
"""

MEETING = f"""
SELECT json_build_object({_MEETING_ROW},
    'parties', (SELECT coalesce(json_agg(json_build_object('code', p.code, 'name', p.name, 'role', mp.role)
                                         ORDER BY mp.role, p.name), '[]')
                FROM events_meetingparty mp JOIN partnerships_party p ON p.id = mp.party_id WHERE
                    mp.meeting_id = m.id),
    'status', m.status, 'updated_at', m.updated_at, 'summary', m.summary, 'outcomes', m.outcomes,
    'participants', (SELECT coalesce(json_agg(json_build_object('person', pe.slug, 'name', pe.name,
        'party', p.code,
            'office', CASE WHEN pa.role_title <> '' THEN pa.role_title ELSE coalesce((
                SELECT po.title FROM events_position po WHERE po.person_id = pe.id
                  AND (po.start_date IS NULL OR po.start_date <= m.start_date)
                  AND (po.end_date IS NULL OR po.end_date > m.start_date)
                ORDER BY po.start_date DESC NULLS LAST LIMIT 1), '') END)
            ORDER BY p.name, pe.name), '[]')
        FROM events_participant pa JOIN events_person pe ON pe.id = pa.person_id
        JOIN partnerships_party p ON p.id = pa.party_id WHERE pa.meeting_id = m.id),
    'citations', (SELECT coalesce(json_agg(json_build_object('source', {_SOURCE}, 'quote', c.quote,
                                                             'locator', c.locator) ORDER BY c.id), '[]')
                  FROM events_meetingcitation c JOIN sources_source s ON s.id = c.source_id WHERE
                      c.meeting_id = m.id),
    'announced_levels', (SELECT coalesce(json_agg(json_build_object('id', l.id,
            'relationship', (SELECT a.code || '-' || b.code FROM partnerships_relationship r
                             JOIN partnerships_party a ON a.id = r.party_a_id
                             JOIN partnerships_party b ON b.id = r.party_b_id WHERE r.id = l.relationship_id),
            'scheme', sc.slug, 'tier', t.slug, 'tier_name', t.name, 'start', {_partial("l.start_date")},
            'change_kind', l.change_kind) ORDER BY sc.slug, l.start_date, l.id), '[]')
        FROM events_meeting_announced_levels al JOIN partnerships_levelperiod l ON l.id = al.levelperiod_id
        JOIN partnerships_scheme sc ON sc.id = l.scheme_id JOIN partnerships_tier t ON t.id = l.tier_id
        WHERE al.meeting_id = m.id AND l.status = 'published'))
FROM events_meeting m WHERE m.id = %(id)s AND m.status = 'published'
"""

_PAIR_PATH = re.compile(r"^/api/v1/relationships/([A-Za-z0-9]+)-([A-Za-z0-9]+)/$")
_MEETING_PATH = re.compile(r"^/api/v1/meetings/([0-9]+)/$")


def _answer(start_response, status: str, body) -> list[bytes]:
    payload = orjson.dumps(body)
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))])
    return [payload]


def application(environ, start_response):
    path = environ["PATH_INFO"]
    query = {name: values[0] for name, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
    db = connection()
    if path == "/api/v1/relationships/":
        codes = query["party"].upper().split(",")
        sql = RELATIONSHIPS.replace("/*pairs*/", _ONE_PAIR if len(codes) == 2 else _ANY_PAIR_OF_THE_PARTY)
        count, results = db.execute(sql, {"codes": codes, "as_of": query["as_of"]}).fetchone()
        return _answer(
            start_response, "200 OK", {"count": count, "next": None, "previous": None, "results": results}
        )
    if match := _PAIR_PATH.match(path):
        (body,) = db.execute(PAIR, {"first": match[1].upper(), "second": match[2].upper()}).fetchone()
        return _answer(start_response, "200 OK", body)
    if path == "/api/v1/levels/":
        (results,) = db.execute(LEVELS, {"party": query["party"].upper()}).fetchone()
        return _answer(start_response, "200 OK", {"next": None, "previous": None, "results": results})
    if path == "/api/v1/meetings/":
        (results,) = db.execute(
            MEETINGS,
            {
                "party": query["party"].upper(),
                "start_from": query["start_from"],
                "start_to": query["start_to"],
            },
        ).fetchone()
        return _answer(start_response, "200 OK", {"next": None, "previous": None, "results": results})
    if match := _MEETING_PATH.match(path):
        row = db.execute(MEETING, {"id": int(match[1])}).fetchone()
        if row is None:
            return _answer(start_response, "404 Not Found", {"detail": "Not found."})
        return _answer(start_response, "200 OK", row[0])
    return _answer(start_response, "404 Not Found", {"detail": "Not found."})
