"""The benchmark dataset: deterministic, set-based, built into its own database on the same server.

Sizes are those of issue 7 (about 100× the real record) times ``SCALE``; parties are the reference data
(every ISO 3166-1 country and the organisations), so they do not scale. Every row is written by
``INSERT … SELECT generate_series`` with explicit ids and ``setseed``, parallel query off, so the same
scale gives the same data on every machine.

The data obeys every rule the application's own writes obey:

* each pair's published levels in one scheme follow one another (each ends when the next starts), so the
  ``level_period_no_overlap`` exclusion constraint holds; dates are partial (day, month, year) and stored
  as the first day they can mean, as the partial-date check constraints require;
* a level's tier belongs to its scheme (the composite foreign key);
* every published level and meeting has a citation with a quote (what the deferred
  ``published_needs_quoted_citation`` triggers check); ``verify()`` checks it again after the build.

The history (django-pghistory) and version triggers are disabled during the bulk build only
(``ALTER TABLE … DISABLE TRIGGER USER``, which leaves foreign keys alone) and enabled again before the
build commits: a generated dataset has no curation history to keep, and millions of snapshots would
triple the build time. The quote triggers are user triggers too, hence ``verify()``.

A marker table (``bench_dataset``) records the generator version and scale; a second run with the same
ones reuses the database.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
# Raise when the generated data changes: the next run rebuilds.
GENERATOR_VERSION = 2
SEED = 0.20240607
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "entente_bench_scale")

DEFAULT_SIZES = {
    "relationships": 30_000,
    "level_periods": 150_000,
    "meetings": 1_000_000,
    "participants": 3_000_000,
    "sources": 500_000,
    "citations": 2_000_000,
}
# A tenth of the citations back levels (each level at least one), the rest meetings (each at least one).
LEVEL_CITATION_SHARE = 0.1
PEOPLE_PER_PARTY = 12

# Tables written in bulk: their user triggers (history, version, quote rules) are off during the build.
BULK_TABLES = [
    "partnerships_relationship",
    "partnerships_levelperiod",
    "partnerships_levelperiodcitation",
    "sources_source",
    "events_person",
    "events_position",
    "events_meeting",
    "events_meetingparty",
    "events_participant",
    "events_meetingcitation",
    "events_meeting_announced_levels",
]


def sizes(scale: float) -> dict[str, int]:
    counts = {name: max(1, round(count * scale)) for name, count in DEFAULT_SIZES.items()}
    # Each claim needs a citation of its own; each meeting three participants.
    counts["participants"] = max(counts["participants"], 3 * counts["meetings"]) // 3 * 3
    counts["citations"] = max(counts["citations"], counts["meetings"] + counts["level_periods"])
    return counts


def database_url(server_url: str, name: str | None = None) -> str:
    """``server_url`` (any database on the server) pointed at database ``name``, the bench database's
    by default."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name or DATABASE_NAME}"))


def marker(url: str) -> dict | None:
    """What the bench database holds (generator version, scale, sizes, build time), or None."""
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT generator_version, scale, sizes, build_seconds FROM bench_dataset"
            ).fetchone()
    except psycopg.Error:
        return None
    if row is None:
        return None
    return {"generator_version": row[0], "scale": row[1], "sizes": row[2], "build_seconds": row[3]}


def ensure_dataset(server_url: str, scale: float, *, log=print) -> dict:
    """The bench database at ``scale``, built unless an identical one is there; returns its marker."""
    url = database_url(server_url)
    found = marker(url)
    if found and found["generator_version"] == GENERATOR_VERSION and found["scale"] == scale:
        log(f"Reusing {DATABASE_NAME} (scale {scale}, built in {found['build_seconds']:.0f} s).")
        return found
    log(f"Building {DATABASE_NAME} at scale {scale}: {sizes(scale)}")
    started = time.monotonic()
    with psycopg.connect(database_url(server_url, "postgres"), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "true", "DJANGO_SETTINGS_MODULE": "config.settings"}
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [
            python,
            "-c",
            "import django; django.setup(); from bench.generate import load_reference; load_reference()",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log(f"  schema and reference data: {time.monotonic() - started:.0f} s")
    with psycopg.connect(url, cursor_factory=psycopg.ClientCursor) as connection:
        build(connection, scale, log=log)
    with psycopg.connect(url, autocommit=True) as connection:
        step = time.monotonic()
        connection.execute("VACUUM ANALYZE")
        log(f"  VACUUM ANALYZE: {time.monotonic() - step:.0f} s")
        seconds = time.monotonic() - started
        counts = verify(connection)
        connection.execute(
            "CREATE TABLE bench_dataset"
            " (generator_version int, scale float8, sizes jsonb, build_seconds float8)"
        )
        connection.execute(
            "INSERT INTO bench_dataset VALUES (%s, %s, %s, %s)",
            [GENERATOR_VERSION, scale, psycopg.types.json.Jsonb(counts), seconds],
        )
    log(f"Built in {seconds:.0f} s: {counts}")
    return marker(url)


def load_reference() -> None:
    """Parties (every ISO country, the organisations) and the tier vocabulary, as ``make run`` loads them."""
    from django.conf import settings

    from partnerships import reference

    reference.load_countries()
    reference.load_organisations()
    reference.load_tiers(settings.SHARED_DIR / "data" / "tiers.csv")


def build(connection, scale: float, *, log=print) -> None:
    """Write the dataset in one transaction, with bulk tables' user triggers off until it is written."""
    n = sizes(scale)
    level_citations = max(n["level_periods"], round(n["citations"] * LEVEL_CITATION_SHARE))
    parameters = {
        "relationships": n["relationships"],
        "levels": n["level_periods"],
        "meetings": n["meetings"],
        "sources": n["sources"],
        "level_citations": level_citations,
        "meeting_citations": n["citations"] - level_citations,
        "people_per_party": PEOPLE_PER_PARTY,
        "participants_per_meeting": n["participants"] // n["meetings"],
    }
    with connection.cursor() as cursor:
        cursor.execute("SET max_parallel_workers_per_gather = 0")  # one process: random() in a fixed order
        cursor.execute("SET work_mem = '256MB'")
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SET synchronous_commit = off")
        # Django's foreign keys are deferred: check them statement by statement, not all at the commit
        # (ALTER TABLE refuses to run with checks pending).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in BULK_TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        for name, statement in STEPS:
            step = time.monotonic()
            cursor.execute("SELECT setseed(%s)", [SEED])
            cursor.execute(statement, parameters)
            log(
                f"  {name}: {cursor.rowcount if cursor.rowcount >= 0 else ''} rows,"
                f" {time.monotonic() - step:.0f} s"
            )
        for table in BULK_TABLES:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 1)) FROM {table}"
            )
    connection.commit()


def verify(connection) -> dict[str, int]:
    """Row counts; raises if a published claim lacks a quoted citation (the rule the triggers enforce)."""
    unquoted = connection.execute(
        """
        SELECT (SELECT count(*) FROM partnerships_levelperiod l WHERE l.status = 'published' AND NOT EXISTS (
                    SELECT 1 FROM partnerships_levelperiodcitation c
                    WHERE c.level_period_id = l.id AND btrim(c.quote) <> '')),
               (SELECT count(*) FROM events_meeting m WHERE m.status = 'published' AND NOT EXISTS (
                    SELECT 1 FROM events_meetingcitation c WHERE c.meeting_id = m.id AND
                        btrim(c.quote) <> ''))
        """
    ).fetchone()
    if any(unquoted):
        raise RuntimeError(f"Published levels and meetings without a quoted citation: {unquoted}")
    tables = {
        "parties": "partnerships_party",
        "relationships": "partnerships_relationship",
        "level_periods": "partnerships_levelperiod",
        "meetings": "events_meeting",
        "meeting_parties": "events_meetingparty",
        "participants": "events_participant",
        "people": "events_person",
        "sources": "sources_source",
        "level_citations": "partnerships_levelperiodcitation",
        "meeting_citations": "events_meetingcitation",
    }
    counts = {
        name: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for name, table in tables.items()
    }
    counts["citations"] = counts["level_citations"] + counts["meeting_citations"]
    return counts


# Word lists the text is made of: enough variety for search to have something to find and rank.
_CITIES = (
    "ARRAY['Beijing','Hanoi','Phnom Penh','Brussels','Jakarta','Nairobi','Brasilia','Canberra','Ottawa',"
    "'Tokyo','Seoul','New Delhi','Moscow','Paris','Berlin','Rome','Madrid','Lisbon','Cairo','Riyadh',"
    "'Tehran','Ankara','Pretoria','Lagos','Addis Ababa','Buenos Aires','Lima','Santiago','Mexico City',"
    "'Washington','London','Vienna','Geneva','Singapore','Bangkok','Manila','Kuala Lumpur','Islamabad',"
    "'Astana','Tashkent']"
)
_FIRST = (
    "ARRAY['Anna','Li','Maria','Nguyen','Ahmed','Olga','Carlos','Aiko','Jean','Fatima','Ivan','Sofia',"
    "'Rahul','Chen','Amara','Lucas','Yuki','Omar','Elena','Kwame','Mei','Pedro','Ingrid','Hassan',"
    "'Zara','Tomas','Leila','Dmitri','Nadia','Samuel']"
)
_LAST = (
    "ARRAY['Kovacs','Wang','Silva','Tran','Haddad','Petrova','Mendes','Tanaka','Dupont','Okafor','Ivanov',"
    "'Rossi','Sharma','Zhang','Diallo','Moreau','Sato','Farouk','Popescu','Mensah','Liu','Garcia','Larsen',"
    "'Karimi','Novak','Costa','Nakamura','Schmidt','Obi','Suzuki','Horvat','Yilmaz','Park','Kim','Nowak',"
    "'Jensen','Alvarez','Hoang','Bakr','Lindqvist']"
)
_OFFICES = (
    "ARRAY['President','Prime Minister','Minister of Foreign Affairs','Vice President',"
    "'Minister of Commerce','Minister of Defence','Ambassador','Special Envoy']"
)
_TOPICS = (
    "ARRAY['trade and investment','regional security','climate cooperation','infrastructure financing',"
    "'energy transition','public health','maritime cooperation','digital economy','agriculture',"
    "'education exchanges','tourism','counter-terrorism','rubber exports','space cooperation',"
    "'nuclear energy','fisheries','debt relief','peacekeeping','water resources','cultural heritage']"
)
_PUBLISHERS = (
    "ARRAY['Xinhua','Ministry of Foreign Affairs','Reuters','Associated Press','Agence France-Presse',"
    "'Kyodo','Vietnam News Agency','The Diplomat','South China Morning Post','Al Jazeera','BBC',"
    "'Le Monde','The Hindu','Nikkei Asia','Jakarta Post','Khmer Times','EUobserver','TASS',"
    "'Yonhap','Bernama']"
)
_MODES = "ARRAY['visit','talks','call','summit','strategic_dialogue','sidelines']"
_KINDS = (
    "ARRAY['official','joint_statement','state_media','independent_press','academic','reference','other']"
)


def _pick(array: str, index: str) -> str:
    """SQL: the element of ``array`` at ``index`` (any integer expression), wrapping around."""
    return f"({array})[1 + mod(({index})::bigint, cardinality({array}))]"


STEPS = [
    (
        "parties and schemes",
        """
        CREATE TEMP TABLE bench_party AS
            SELECT row_number() OVER (ORDER BY id) AS idx, id, code, name FROM partnerships_party;
        CREATE TEMP TABLE bench_scheme AS
            SELECT row_number() OVER (ORDER BY s.id) AS idx, s.id,
                   array_agg(t.id ORDER BY t.rank, t.id) AS tiers,
                   array_agg(t.name ORDER BY t.rank, t.id) AS names
            FROM partnerships_scheme s JOIN partnerships_tier t ON t.scheme_id = s.id GROUP BY s.id;
        """,
    ),
    (
        "relationships",
        # Pairs drawn at random among all pairs; ids in the order drawn.
        """
        INSERT INTO partnerships_relationship (id, party_a_id, party_b_id, notes, created_at, version)
        SELECT row_number() OVER (), a, b, '', now(), 1 FROM (
            SELECT a.id AS a, b.id AS b FROM bench_party a JOIN bench_party b ON a.id < b.id
            ORDER BY random() LIMIT %(relationships)s
        ) pairs;
        """,
    ),
    (
        "sources",
        f"""
        INSERT INTO sources_source (id, url, title, publisher, author, language, published_on,
            published_on_precision, accessed_on, archive_url, kind, text, created_at, updated_at, version)
        SELECT i,
               'https://news.example.org/' || i,
               'Leaders discuss ' || {_pick(_TOPICS, "i * 7")} || ' in ' || {_pick(_CITIES, "i * 13")},
               {_pick(_PUBLISHERS, "i * 3")}, '', 'en',
               date '1990-01-01' + (random() * 13000)::int, 'day', NULL,
               CASE WHEN i %% 4 = 0 THEN 'https://web.archive.org/web/2024/' || i ELSE '' END,
               {_pick(_KINDS, "i")},
               'Officials met in ' || {_pick(_CITIES, "i * 17")} || ' and agreed to deepen cooperation on '
                   || {_pick(_TOPICS, "i * 11")} || '. The two sides agreed to elevate relations.',
               now(), now(), 1
        FROM generate_series(1, %(sources)s) AS i;
        """,
    ),
    (
        "level periods",
        # Period i goes to pair i mod R; a pair's periods alternate between two schemes (two chains), each
        # chain's starts years apart so that each period ends when the next one starts.
        """
        CREATE TEMP TABLE bench_level AS
        SELECT i, pair, chain, position, scheme_id, tier_id, tier_name, start_date, precision,
               random() < 0.95 AS published
        FROM (
            SELECT i, pair, chain, position, s.id AS scheme_id,
                   s.tiers[least(1 + position + pair %% 2, cardinality(s.tiers))] AS tier_id,
                   s.names[least(1 + position + pair %% 2, cardinality(s.tiers))] AS tier_name,
                   CASE WHEN r < 0.6 THEN make_date(year, month, 1 + (random() * 27)::int)
                        WHEN r < 0.85 THEN make_date(year, month, 1)
                        ELSE make_date(year, 1, 1) END AS start_date,
                   CASE WHEN r < 0.6 THEN 'day' WHEN r < 0.85 THEN 'month' ELSE 'year' END AS precision
            FROM (
                SELECT i, pair, chain, position, random() AS r,
                       1 + (random() * 11)::int AS month,
                       1985 + (pair * 7) %% 12 + 6 * position + (random() * 2)::int AS year
                FROM (
                    SELECT i, (i - 1) %% %(relationships)s + 1 AS pair,
                           ((i - 1) / %(relationships)s) %% 2 AS chain,
                           (i - 1) / %(relationships)s / 2 AS position
                    FROM generate_series(1, %(levels)s) AS i
                ) numbered
            ) drawn
            JOIN bench_scheme s ON s.idx = 1 + (pair + chain) %% (SELECT count(*) FROM bench_scheme)
        ) periods;
        INSERT INTO partnerships_levelperiod (id, relationship_id, scheme_id, tier_id, wording, start_date,
            start_date_precision, start_approximate, end_status, end_date, end_date_precision,
                end_approximate,
            change_kind, status, notes, retraction_reason, created_at, updated_at, version)
        SELECT i, pair, scheme_id, tier_id, tier_name, start_date, precision, false,
               CASE WHEN next_start IS NULL THEN 'ongoing' ELSE 'ended' END, next_start,
               coalesce(next_precision, 'unknown'), false,
               CASE WHEN position = 0 THEN 'established'
                    WHEN tier_id <> previous_tier THEN 'upgraded' ELSE 'reaffirmed' END,
               CASE WHEN published THEN 'published' ELSE 'draft' END, '', '',
               now() - (i || ' seconds')::interval, now() - (i || ' seconds')::interval, 1
        FROM (
            SELECT *, lead(start_date) OVER chain_order AS next_start,
                   lead(precision) OVER chain_order AS next_precision,
                   lag(tier_id) OVER chain_order AS previous_tier
            FROM bench_level WINDOW chain_order AS (PARTITION BY pair, chain ORDER BY position)
        ) linked;
        """,
    ),
    (
        "level citations",
        # The first citation of each level is quoted; the others cite further sources.
        """
        INSERT INTO partnerships_levelperiodcitation (id, level_period_id, source_id, quote, locator)
        SELECT i, level, 1 + (level::bigint * 7919 + round * 104729) %% %(sources)s,
               'the two sides agreed to elevate relations to a ' || l.wording, 'para. ' || (1 + round)
        FROM (
            SELECT i, (i - 1) %% %(levels)s + 1 AS level, (i - 1) / %(levels)s AS round
            FROM generate_series(1, %(level_citations)s) AS i
        ) numbered JOIN partnerships_levelperiod l ON l.id = level
        ON CONFLICT DO NOTHING;
        """,
    ),
    (
        "people",
        f"""
        INSERT INTO events_person (id, name, slug, aliases, wikidata_id, version)
        SELECT i, name, 'p' || i || '-' || lower(replace(name, ' ', '-')), ARRAY[]::varchar[], '', 1 FROM (
            SELECT i, {_pick(_FIRST, "i * 7")} || ' ' || {_pick(_LAST, "i / 3 + i * 11")} AS name
            FROM generate_series(1, (SELECT count(*) FROM bench_party) * %(people_per_party)s) AS i
        ) named;
        INSERT INTO events_position (id, person_id, party_id, title, start_date, start_date_precision,
            end_date, end_date_precision)
        SELECT 2 * pe.id - 1 + half, pe.id, p.id, {_pick(_OFFICES, "pe.id + half")},
               CASE WHEN half = 0 THEN date '1985-01-01' ELSE date '2008-01-01' END, 'year',
               CASE WHEN half = 0 THEN date '2008-01-01' END, CASE WHEN half = 0 THEN 'year' ELSE
                   'unknown' END
        FROM events_person pe
        JOIN bench_party p ON p.idx = 1 + (pe.id - 1) / %(people_per_party)s
        CROSS JOIN generate_series(0, 1) AS half;
        """,
    ),
    (
        "meetings",
        # Pairs are drawn with a skew (random()^1.5): a few pairs meet often, most a few dozen times.
        f"""
        CREATE TEMP TABLE bench_meeting AS
        SELECT i, r.id AS pair, r.party_a_id AS a, r.party_b_id AS b, pa.idx AS a_idx, pb.idx AS b_idx,
               pa.name AS a_name, pb.name AS b_name, mode, day, precision, published
        FROM (
            SELECT i, 1 + floor(%(relationships)s * power(random(), 1.5))::int AS pair,
                   {_pick(_MODES, "floor(random() * 6)")} AS mode,
                   date '1990-01-01' + (random() * 13000)::int AS day,
                   CASE WHEN random() < 0.95 THEN 'day' WHEN random() < 0.8 THEN 'month' ELSE 'year' END
                       AS precision,
                   random() < 0.97 AS published
            FROM generate_series(1, %(meetings)s) AS i
        ) drawn
        JOIN partnerships_relationship r ON r.id = pair
        JOIN bench_party pa ON pa.id = r.party_a_id JOIN bench_party pb ON pb.id = r.party_b_id;
        INSERT INTO events_meeting (id, title, summary, mode, start_date, start_date_precision, end_date,
            city, place_id, multilateral_event_id, outcomes, status, retraction_reason, created_at,
            updated_at, version)
        SELECT i,
               a_name || ' and ' || b_name || ' hold ' || replace(mode, '_', ' ') || ' in '
                   || {_pick(_CITIES, "i * 13")},
               'The delegations discussed ' || {_pick(_TOPICS, "i * 7")} || ' and '
                   || {_pick(_TOPICS, "i * 3 + 1")} || '.',
               mode,
               CASE precision WHEN 'day' THEN day WHEN 'month' THEN date_trunc('month', day)::date
                    ELSE date_trunc('year', day)::date END,
               precision,
               CASE WHEN precision = 'day' AND i %% 10 = 0 THEN day + 1 + i %% 3 END,
               CASE WHEN mode = 'call' THEN '' ELSE {_pick(_CITIES, "i * 13")} END,
               CASE WHEN mode = 'call' THEN NULL WHEN i %% 2 = 0 THEN a ELSE b END,
               NULL, '', CASE WHEN published THEN 'published' ELSE 'draft' END, '',
               timestamp '2024-01-01' + (i || ' seconds')::interval,
               timestamp '2024-01-01' + (i || ' seconds')::interval, 1
        FROM bench_meeting;
        """,
    ),
    (
        "meeting parties",
        """
        -- The meeting's day is copied by a trigger, off during the build: written here.
        INSERT INTO events_meetingparty (id, meeting_id, party_id, role, meeting_start_date)
        SELECT 2 * i - 1, i, a,
               CASE WHEN bench_meeting.mode = 'call' THEN 'participant' WHEN i %% 2 = 0 THEN 'host'
                    ELSE 'visitor' END, m.start_date
        FROM bench_meeting JOIN events_meeting m ON m.id = i
        UNION ALL
        SELECT 2 * i, i, b,
               CASE WHEN bench_meeting.mode = 'call' THEN 'participant' WHEN i %% 2 = 0 THEN 'visitor'
                    ELSE 'host' END, m.start_date
        FROM bench_meeting JOIN events_meeting m ON m.id = i;
        """,
    ),
    (
        "participants",
        # Seat k of a meeting: parties alternate; two people of one party are never the same person.
        """
        INSERT INTO events_participant (id, meeting_id, person_id, party_id, role_title)
        SELECT (i - 1) * %(participants_per_meeting)s + seat + 1, i,
               (CASE WHEN seat %% 2 = 0 THEN a_idx ELSE b_idx END - 1) * %(people_per_party)s + 1
                   + (i + seat / 2) %% %(people_per_party)s,
               CASE WHEN seat %% 2 = 0 THEN a ELSE b END,
               CASE WHEN seat = 0 AND i %% 5 = 0 THEN 'Head of delegation' ELSE '' END
        FROM bench_meeting CROSS JOIN generate_series(0, %(participants_per_meeting)s - 1) AS seat;
        """,
    ),
    (
        "meeting citations",
        """
        INSERT INTO events_meetingcitation (id, meeting_id, source_id, quote, locator)
        SELECT i, meeting, 1 + (meeting::bigint * 7919 + round * 104729) %% %(sources)s,
               CASE WHEN round = 0 THEN 'the two sides held talks and agreed to deepen cooperation'
                    ELSE 'officials confirmed the meeting' END, ''
        FROM (
            SELECT i, (i - 1) %% %(meetings)s + 1 AS meeting, (i - 1) / %(meetings)s AS round
            FROM generate_series(1, %(meeting_citations)s) AS i
        ) numbered
        ON CONFLICT DO NOTHING;
        """,
    ),
    (
        "announcements",
        # A fifth of the levels were announced at a meeting of the pair: the one nearest their start.
        """
        CREATE INDEX ON bench_meeting (pair, day);
        INSERT INTO events_meeting_announced_levels (id, meeting_id, levelperiod_id)
        SELECT row_number() OVER (ORDER BY l.id), m.i, l.id
        FROM partnerships_levelperiod l
        CROSS JOIN LATERAL (
            SELECT i FROM bench_meeting WHERE pair = l.relationship_id AND day >= l.start_date
            ORDER BY day LIMIT 1
        ) m
        WHERE l.id %% 5 = 0;
        """,
    ),
]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--server-url", default=os.environ.get("DATABASE_URL", ""))
    arguments = parser.parse_args()
    if not arguments.server_url:
        sys.path.insert(0, str(ROOT))
        from config.embedded_db import embedded_database_url

        arguments.server_url = embedded_database_url(ROOT / ".data")
    ensure_dataset(arguments.server_url, arguments.scale)
