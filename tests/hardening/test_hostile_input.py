"""A catalogue of bad inputs, each answered with a 4xx, a form error or a clean command-line message.

Every case runs against the same small world; the number of rows in every table (history included) is
compared before and after, so a case that writes anything fails. The kinds (``wrong type``, ``huge``,
``impossible date``…) are counted in docs/security.md.
"""

import dataclasses
import io
import json
from collections.abc import Callable

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.hardening.conftest import make_user

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000
SQL = "' OR 1=1; DROP TABLE partnerships_levelperiod; --"
SCRIPT = "<script>alert(1)</script>"
APPS = {"sources", "partnerships", "events", "intake", "pghistory", "auth", "authtoken"}


@dataclasses.dataclass(frozen=True)
class Case:
    kind: str
    name: str
    run: Callable  # (context) -> answer: an HTTP status, "form error" or "command error"
    expected: object

    def __str__(self):
        return f"{self.kind}: {self.name}"


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS and model._meta.managed and not model._meta.proxy
    }


@pytest.fixture
def context(world, tmp_path):
    reviewer = make_user("reviewer")
    admin = make_user("admin")
    api = APIClient()
    api.force_authenticate(reviewer)
    browser = Client()
    browser.force_login(admin)
    return {"world": world, "api": api, "anonymous": APIClient(), "admin": browser, "tmp": tmp_path}


# --- API query parameters (anonymous reads)


def get(url, **params):
    def run(ctx):
        return ctx["anonymous"].get(url, params).status_code

    return run


FILTERS = [
    Case("impossible date", "levels as_of=2023-02-30", get("/api/v1/levels/", as_of="2023-02-30"), 400),
    Case("wrong type", "levels as_of=yesterday", get("/api/v1/levels/", as_of="yesterday"), 400),
    Case(
        "huge number",
        "relationships as_of year 99999",
        get("/api/v1/relationships/", as_of="99999-01-01"),
        400,
    ),
    Case(
        "reversed range",
        "levels from_year>to_year",
        get("/api/v1/levels/", from_year=2020, to_year=2010),
        400,
    ),
    Case(
        "reversed range",
        "meetings start_from>start_to",
        get("/api/v1/meetings/", start_from="2024-01-01", start_to="2020-01-01"),
        400,
    ),
    Case(
        "reversed range",
        "sources published_from>published_to",
        get("/api/v1/sources/", published_from="2020-01-01", published_to="2010-01-01"),
        400,
    ),
    Case("unknown code", "levels party=XX", get("/api/v1/levels/", party="XX"), 400),
    Case("unknown code", "meetings party of three codes", get("/api/v1/meetings/", party="CN,KH,LA"), 400),
    Case("unknown code", "levels scheme=klingon", get("/api/v1/levels/", scheme="klingon"), 400),
    Case(
        "unknown code",
        "relationships tier=no-such-tier",
        get("/api/v1/relationships/", tier="no-such-tier"),
        400,
    ),
    Case("unknown code", "meetings person=nobody", get("/api/v1/meetings/", person="nobody"), 400),
    Case("unknown code", "levels change_kind=improved", get("/api/v1/levels/", change_kind="improved"), 400),
    Case("unknown code", "meetings mode=teleport", get("/api/v1/meetings/", mode="teleport"), 400),
    Case("unknown code", "levels format=xml", get("/api/v1/levels/", format="xml"), 400),
    Case("unknown code", "unknown parameter", get("/api/v1/levels/", colour="blue"), 400),
    Case("wrong type", "levels min_rank=abc", get("/api/v1/levels/", min_rank="abc"), 400),
    Case("huge number", "levels min_rank=10^25", get("/api/v1/levels/", min_rank="1" + "0" * 25), 400),
    Case(
        "wrong type",
        "relationships include_uncertain=maybe",
        get("/api/v1/relationships/", include_uncertain="maybe"),
        400,
    ),
    Case("wrong type", "parties page_size=0", get("/api/v1/parties/", page_size="0"), 400),
    Case("huge number", "parties page_size=10^6", get("/api/v1/parties/", page_size="1000000"), 400),
    Case("wrong type", "parties page=-1", get("/api/v1/parties/", page="-1"), 400),
    Case("huge number", "parties page=10^20", get("/api/v1/parties/", page="1" + "0" * 20), 404),
    Case("wrong type", "levels cursor=garbage", get("/api/v1/levels/", cursor="garbage"), 400),
    Case("wrong type", "changes after=garbage", get("/api/v1/changes/", after="!!!"), 400),
    Case("impossible date", "changes since=2023-02-30", get("/api/v1/changes/", since="2023-02-30"), 400),
    # Found by schemathesis: offsets beyond PostgreSQL's ±15:59 were a 500; they are read in UTC now.
    Case(
        "huge number",
        "changed_since offset +17:26",
        get("/api/v1/relationships/", changed_since="5972-01-10T15:49:05+17:26"),
        200,
    ),
    Case(
        "huge number",
        "changes since offset -23:59",
        get("/api/v1/changes/", since="2020-01-01T00:00:00-23:59"),
        200,
    ),
    # Found by schemathesis: a cursor of the meetings list (a date) given to the levels list (ids) was a 500.
    Case(
        "wrong type",
        "levels cursor from the meetings list",
        get("/api/v1/levels/", cursor="cD0yMDE5LTA2LTA1"),
        400,
    ),
    Case("SQL payload", "levels party=SQL", get("/api/v1/levels/", party=SQL), 400),
    Case("SQL payload", "levels scheme=SQL", get("/api/v1/levels/", scheme=SQL), 400),
    Case("SQL payload", "sources q=SQL (searched as words)", get("/api/v1/sources/", q=SQL), 200),
    Case("script payload", "people q=script (searched as words)", get("/api/v1/people/", q=SCRIPT), 200),
    Case("wrong type", "sources q with a NUL byte", get("/api/v1/sources/", q="abc\x00def"), 400),
    Case("1 MB string", "meetings q of 1 MB", get("/api/v1/meetings/", q=MEGABYTE), 400),
    Case("1 MB string", "parties q of 1 MB", get("/api/v1/parties/", q=MEGABYTE), 400),
    Case("unknown code", "pair of one party twice", get("/api/v1/relationships/CN-CN/"), 404),
    Case("unknown code", "pair with an unknown code", get("/api/v1/relationships/CN-XX/"), 404),
    Case("huge number", "level number 10^25", get("/api/v1/levels/" + "1" + "0" * 25 + "/"), 404),
    Case("huge number", "source number 10^25", get("/api/v1/sources/" + "9" * 25 + "/"), 404),
]


# --- API writes (a reviewer, who may do anything)


def level(**changes):
    return {
        "party_a": "KH",
        "party_b": "CN",
        "scheme": "cn",
        "tier": "comprehensive-strategic-cooperative-partnership",
        "start": "2019-04",
        "wording": "community with a shared future",
        **changes,
    }


def meeting(**changes):
    return {
        "title": "Talks in Phnom Penh",
        "mode": "talks",
        "start": "2024-05-01",
        "parties": [{"party": "CN", "role": "visitor"}, {"party": "KH", "role": "host"}],
        **changes,
    }


def post(url, payload, **extra):
    def run(ctx):
        if isinstance(payload, bytes | str):
            return (
                ctx["api"]
                .generic("POST", url, payload, content_type=extra.get("content_type", "application/json"))
                .status_code
            )
        data = payload(ctx) if callable(payload) else payload
        return ctx["api"].post(url, data, format="json").status_code

    return run


def patch_level(payload, if_match=None):
    def run(ctx):
        url = f"/api/v1/levels/{ctx['world']['draft'].pk}/"
        etag = if_match if if_match is not None else ctx["api"].get(url)["ETag"]
        headers = {"HTTP_IF_MATCH": etag} if etag else {}
        return ctx["api"].patch(url, payload, format="json", **headers).status_code

    return run


def with_source(quote):
    return lambda ctx: level(
        citations=[{"source": ctx["world"]["source"].pk, "quote": quote}], status="published", wording=SCRIPT
    )


WRITES = [
    Case(
        "impossible date", "level start 2023-02-30", post("/api/v1/levels/", level(start="2023-02-30")), 400
    ),
    Case("impossible date", "level start 2023-13", post("/api/v1/levels/", level(start="2023-13")), 400),
    Case(
        "reversed range",
        "level ends before it starts",
        post("/api/v1/levels/", level(start="2020", end="2019")),
        400,
    ),
    Case("unknown code", "level party_a=XX", post("/api/v1/levels/", level(party_a="XX")), 400),
    Case("unknown code", "level tier of no scheme", post("/api/v1/levels/", level(tier="no-such-tier")), 400),
    Case("wrong type", "level tier as a number", post("/api/v1/levels/", level(tier=123)), 400),
    Case("wrong type", "level start as a list", post("/api/v1/levels/", level(start=["2019"])), 400),
    Case("wrong type", "level citations as text", post("/api/v1/levels/", level(citations="abc")), 400),
    Case(
        "huge number",
        "citation source 10^30",
        post("/api/v1/levels/", level(citations=[{"source": 10**30, "quote": "q"}])),
        400,
    ),
    Case("huge number", "level start year 10^6", post("/api/v1/levels/", level(start="1000000")), 400),
    Case("1 MB string", "level wording of 1 MB", post("/api/v1/levels/", level(wording=MEGABYTE)), 400),
    Case(
        "script payload",
        "published level with an unknown source",
        post(
            "/api/v1/levels/",
            level(status="published", wording=SCRIPT, citations=[{"source": 0, "quote": SCRIPT}]),
        ),
        400,
    ),
    Case("SQL payload", "level scheme=SQL", post("/api/v1/levels/", level(scheme=SQL)), 400),
    Case("wrong type", "level status retracted", post("/api/v1/levels/", level(status="retracted")), 400),
    Case("malformed body", "JSON cut short", post("/api/v1/levels/", b'{"party_a": "KH", "party_b": '), 400),
    Case("malformed body", "a JSON list, not an object", post("/api/v1/levels/", json.dumps([level()])), 400),
    Case(
        "malformed body",
        "Latin-1 bytes sent as JSON",
        post("/api/v1/levels/", '{"wording": "café"}'.encode("latin-1")),
        400,
    ),
    Case(
        "malformed body",
        "form-encoded text/plain",
        post("/api/v1/levels/", b"party_a=KH", content_type="text/plain"),
        415,
    ),
    Case(
        "impossible date",
        "meeting on 2023-02-29",
        post("/api/v1/meetings/", meeting(start="2023-02-29")),
        400,
    ),
    Case("unknown code", "meeting mode teleport", post("/api/v1/meetings/", meeting(mode="teleport")), 400),
    Case(
        "duplicate rows",
        "meeting lists a party twice",
        post(
            "/api/v1/meetings/",
            meeting(parties=[{"party": "CN", "role": "host"}, {"party": "CN", "role": "visitor"}]),
        ),
        400,
    ),
    Case("unknown code", "meeting place XX", post("/api/v1/meetings/", meeting(place="XX")), 400),
    Case("1 MB string", "meeting title of 1 MB", post("/api/v1/meetings/", meeting(title=MEGABYTE)), 400),
    Case(
        "wrong type",
        "meeting parties as an object",
        post("/api/v1/meetings/", meeting(parties={"party": "CN"})),
        400,
    ),
    Case("wrong type", "correction without If-Match", patch_level({"wording": "x"}, if_match=""), 428),
    Case(
        "wrong type",
        "correction with a forged If-Match",
        patch_level({"wording": "x"}, if_match='"v999-abc"'),
        412,
    ),
    Case("impossible date", "correction to 2021-04-31", patch_level({"start": "2021-04-31"}), 400),
    Case("reversed range", "correction ending before the start", patch_level({"end": "1999"}), 400),
    Case(
        "wrong type",
        "read-only endpoint written",
        post("/api/v1/parties/", {"code": "ZZ", "name": SCRIPT}),
        405,
    ),
]


# --- Admin forms (an admin)


def admin_form(url_name, data, args=()):
    def run(ctx):
        response = ctx["admin"].post(reverse(url_name, args=args), data)
        if response.status_code == 200 and response.context and "adminform" in response.context:
            return "form error" if response.context["adminform"].form.errors else "saved"
        return response.status_code

    return run


def admin_list(url_name, **params):
    def run(ctx):
        return ctx["admin"].get(reverse(url_name), params).status_code

    return run


SOURCE = {
    "title": "A report",
    "publisher": "Xinhua",
    "kind": "official",
    "published_on": "2020",
    "language": "en",
}
ADMIN = [
    Case(
        "wrong type",
        "source URL javascript:",
        admin_form("admin:sources_source_add", {**SOURCE, "url": "javascript:alert(1)"}),
        "form error",
    ),
    Case(
        "1 MB string",
        "source title of 1 MB",
        admin_form("admin:sources_source_add", {**SOURCE, "title": MEGABYTE}),
        "form error",
    ),
    Case(
        "impossible date",
        "source published 2023-02-30",
        admin_form("admin:sources_source_add", {**SOURCE, "published_on": "2023-02-30"}),
        "form error",
    ),
    Case(
        "script payload",
        "party code <script>",
        admin_form(
            "admin:partnerships_party_add",
            {"code": SCRIPT, "kind": "country", "name": "X", "official_name": "X"},
        ),
        "form error",
    ),
    Case(
        "wrong type",
        "person slug with spaces",
        admin_form("admin:events_person_add", {"name": "A B", "slug": "a b!"}),
        "form error",
    ),
    Case(
        "huge number",
        "tier rank 10^20",
        admin_form(
            "admin:partnerships_tier_add", {"scheme": "", "slug": "x", "name": "x", "rank": "1" + "0" * 20}
        ),
        "form error",
    ),
    Case(
        "SQL payload",
        "changelist search with SQL",
        admin_list("admin:partnerships_levelperiod_changelist", q=SQL),
        200,
    ),
    Case(
        "1 MB string",
        "changelist search of 100 kB",
        admin_list("admin:sources_source_changelist", q="x" * 100_000),
        200,
    ),
]


# --- Imports (manage.py import_dataset) and the extract command

LEVEL_HEADER = "party_a,party_b,scheme,tier,wording,start,end_status,end,status,citations\n"
ROW = "CN,KH,cn,comprehensive-strategic-cooperative-partnership,w,{start},{end_status},{end},draft,\n"


def import_file(name, content: bytes | str):
    def run(ctx):
        path = ctx["tmp"] / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        try:
            call_command(
                "import_dataset", str(path), "--no-progress", stdout=io.StringIO(), stderr=io.StringIO()
            )
        except CommandError as error:
            assert "Traceback" not in str(error)
            return "command error"
        return "imported"

    return run


def extract(*args, content: bytes | None = None):
    def run(ctx):
        files = []
        if content is not None:
            path = ctx["tmp"] / "article.txt"
            path.write_bytes(content)
            files = [str(path)]
        try:
            call_command("extract_claims", *files, *args, stdout=io.StringIO(), stderr=io.StringIO())
        except CommandError:
            return "command error"
        return "extracted"

    return run


def row(start="2019", end_status="ongoing", end=""):
    return ROW.format(start=start, end_status=end_status, end=end)


IMPORTS = [
    Case(
        "impossible date",
        "CSV start 2023-02-30",
        import_file("level_periods.csv", LEVEL_HEADER + row(start="2023-02-30")),
        "command error",
    ),
    Case(
        "reversed range",
        "CSV end before start",
        import_file("level_periods.csv", LEVEL_HEADER + row("2020", "ended", "2019")),
        "command error",
    ),
    Case(
        "unknown code",
        "CSV party XX",
        import_file("level_periods.csv", LEVEL_HEADER + row().replace("CN,", "XX,", 1)),
        "command error",
    ),
    Case(
        "duplicate rows",
        "CSV with the same level twice",
        import_file("level_periods.csv", LEVEL_HEADER + row("2021") + row("2021")),
        "command error",
    ),
    Case(
        "malformed CSV",
        "CSV with an unclosed quote",
        import_file("level_periods.csv", LEVEL_HEADER + 'CN,KH,cn,"unclosed,w,2019\n'),
        "command error",
    ),
    Case(
        "malformed CSV",
        "CSV without its key columns",
        import_file("level_periods.csv", "colour,size\nred,3\n"),
        "command error",
    ),
    # An empty file imports nothing and says so ("0 created … Imported 0 rows"), exit status 0.
    Case("malformed CSV", "an empty CSV file", import_file("level_periods.csv", ""), "imported"),
    Case(
        "wrongly encoded CSV",
        "CSV in Latin-1",
        import_file(
            "level_periods.csv", (LEVEL_HEADER + row().replace(",w,", ",coopération,")).encode("latin-1")
        ),
        "command error",
    ),
    Case(
        "wrongly encoded CSV",
        "binary bytes named .csv",
        import_file("level_periods.csv", bytes(range(256)) * 10),
        "command error",
    ),
    Case(
        "malformed CSV",
        "JSON file cut short",
        import_file("level_periods.json", '[{"party_a": "CN"'),
        "command error",
    ),
    Case(
        "1 MB string",
        "CSV wording of 1 MB",
        import_file("level_periods.csv", LEVEL_HEADER + row().replace(",w,", f",{MEGABYTE},")),
        "command error",
    ),
    Case("unknown code", "a table no one knows", import_file("colours.csv", "name\nred\n"), "command error"),
    Case(
        "impossible date",
        "extract --published 2023-02-30",
        extract("--published", "2023-02-30", content=b"text"),
        "command error",
    ),
    Case(
        "wrongly encoded CSV",
        "extract a Latin-1 article",
        extract(content="Visite à Pékin".encode("latin-1")),
        "command error",
    ),
    Case("unknown code", "extract a missing file", extract("/nonexistent/article.txt"), "command error"),
]

CASES = FILTERS + WRITES + ADMIN + IMPORTS


def test_the_catalogue_holds_at_least_fifty_bad_inputs():
    assert len(CASES) >= 50
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_bad_input_is_refused_and_writes_nothing(case, context):
    before = row_counts()
    answer = case.run(context)
    assert answer == case.expected, f"{case}: answered {answer}, expected {case.expected}"
    assert row_counts() == before, f"{case} wrote something"


# --- Stored text is escaped wherever it is shown

IMAGE = '"><img src=x onerror=alert(2)>'


def test_stored_markup_is_escaped_on_every_page(world, page_clients_for_admin):
    from tests.factories import LevelPeriodCitationFactory, MeetingCitationFactory, PersonFactory

    published = world["meeting"]
    published.title, published.summary = f"Talks {SCRIPT}", f"Summary {IMAGE}"
    published.save()
    level = world["levels"][1]
    level.wording = f"partners {IMAGE}"
    level.save()
    source = world["source"]
    source.title, source.publisher = f"Report {SCRIPT}", f"Press {IMAGE}"
    source.save()
    LevelPeriodCitationFactory(level_period=level, source=source, quote=f"quote {SCRIPT}")
    MeetingCitationFactory(meeting=published, source=source, quote=f"quote {IMAGE}")
    person = PersonFactory(name=f"Envoy {SCRIPT}", slug="envoy")
    published.participants.create(person=person, party=world["china"])
    tier = world["tiers"][1]
    urls = [
        "/",
        "/parties/CN/",
        "/relationships/CN-KH/",
        f"/tiers/{tier.scheme.slug}/{tier.slug}/",
        "/meetings/",
        f"/meetings/{published.pk}/",
        f"/sources/{source.pk}/",
        "/people/envoy/",
        "/search/?q=Talks",
        "/search/?q=Report",
        f"/search/?q={SCRIPT}",
        "/api/v1/changes/feed/",
        "/admin/events/meeting/",
        f"/admin/events/meeting/{published.pk}/change/",
        f"/admin/events/meeting/{published.pk}/history/",
        "/admin/partnerships/levelperiod/",
        f"/admin/partnerships/levelperiod/{level.pk}/change/",
        "/admin/sources/source/",
        f"/admin/sources/source/{source.pk}/change/",
        "/admin/events/person/",
    ]
    client = page_clients_for_admin
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert SCRIPT not in page and "<img src=x" not in page, url
    assert "&lt;script&gt;" in client.get(f"/meetings/{published.pk}/").content.decode()


@pytest.fixture
def page_clients_for_admin(db):
    browser = Client()
    browser.force_login(make_user("admin"))
    return browser


def test_options_asking_for_csv_is_a_400_not_a_server_error(db):
    # Found by schemathesis: OPTIONS with format=csv rendered the endpoint's description as CSV rows (500).
    response = APIClient().options("/api/v1/changes/?format=csv")
    assert response.status_code == 400
    assert APIClient().options("/api/v1/changes/").status_code == 200
