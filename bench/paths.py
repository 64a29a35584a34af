"""The paths each endpoint is loaded with: spread evenly over the dataset, the same for the same data."""

import psycopg

AS_OF_YEARS = (2000, 2005, 2010, 2015, 2020)
SEARCH_WORDS = ("Hanoi", "Nairobi", "fisheries", "Cambodia", "Kovacs", "rubber exports", "Lisbon", "Tanaka")


def sample_paths(url: str, per_endpoint: int = 40) -> dict[str, list[str]]:
    """Paths to request, spread evenly over the data (deterministic for a given dataset)."""
    with psycopg.connect(url) as db:
        codes = [
            code
            for (code,) in db.execute(
                """SELECT p.code FROM partnerships_party p
                   WHERE EXISTS (SELECT 1 FROM partnerships_relationship r
                                 WHERE r.party_a_id = p.id OR r.party_b_id = p.id)
                   ORDER BY p.id"""
            )
        ]
        codes = codes[:: max(1, len(codes) // 20)][:20]
        pairs = [
            key
            for (key,) in db.execute(
                """SELECT a.code || '-' || b.code FROM partnerships_relationship r
                   JOIN partnerships_party a ON a.id = r.party_a_id JOIN partnerships_party b ON
                       b.id = r.party_b_id
                   WHERE EXISTS (SELECT 1 FROM partnerships_levelperiod l
                                 WHERE l.relationship_id = r.id AND l.status = 'published')
                   ORDER BY r.id"""
            )
        ]
        pairs = pairs[:: max(1, len(pairs) // per_endpoint)][:per_endpoint]
        (last_meeting,) = db.execute("SELECT max(id) FROM events_meeting").fetchone()
        meetings = [
            meeting
            for (meeting,) in db.execute(
                "SELECT id FROM events_meeting WHERE status = 'published' AND id %% %s = 1"
                " ORDER BY id LIMIT %s",
                [max(1, last_meeting // per_endpoint), per_endpoint],
            )
        ]
    return {
        "relationships_list": [
            f"/api/v1/relationships/?as_of={year}-06-30&party={code}"
            for index, code in enumerate(codes)
            for year in AS_OF_YEARS[index % 2 :: 2]
        ],
        "pair_as_of": [
            f"/api/v1/relationships/?party={key.replace('-', ',')}"
            f"&as_of={AS_OF_YEARS[index % len(AS_OF_YEARS)]}-06-30"
            for index, key in enumerate(pairs)
        ],
        "pair_timeline": [f"/api/v1/relationships/{key}/" for key in pairs],
        "levels_list": [f"/api/v1/levels/?party={code}" for code in codes],
        "meetings_list": [
            f"/api/v1/meetings/?party={code}&start_from={year}-01-01&start_to={year}-12-31"
            for index, code in enumerate(codes)
            for year in AS_OF_YEARS[index % 2 :: 2]
        ],
        "meeting_detail": [f"/api/v1/meetings/{meeting}/" for meeting in meetings],
        "party_page": [f"/parties/{code}/" for code in codes],
        "pair_page": [f"/relationships/{key}/" for key in pairs],
        "search_page": [f"/search/?q={word.replace(' ', '+')}" for word in SEARCH_WORDS],
        "map_page": [
            f"/map/?scheme={scheme}&as_of={year}-06-30" for scheme in ("cn", "vn") for year in AS_OF_YEARS
        ],
    }
