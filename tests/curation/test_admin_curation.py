"""The admin: quotes checked on citations, sources filtered by them, import and export of tables."""

import io
import json

import pytest
import tablib
from django.urls import reverse

from dataset.codecs.levels import LevelPeriodRows
from events.models import Meeting
from partnerships.models import LevelPeriod, Relationship
from sources.models import Source
from tests.factories import (
    CountryFactory,
    LevelPeriodCitationFactory,
    MeetingCitationFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

TEXT = "The two sides agreed to elevate ties to a comprehensive strategic partnership."


def inline(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def level_form(first, second, tier, citations):
    return {
        "first_party": first.pk,
        "second_party": second.pk,
        "tier": tier.pk,
        "wording": "",
        "change_kind": "",
        "start_date": "2010",
        "end_status": "ongoing",
        "end_date": "",
        "notes": "",
        "version": "",
        "change_reason": "",
        **inline("citations", citations),
    }


# Quotes ------------------------------------------------------------------------------------------------


def test_saving_a_claim_whose_quote_is_not_in_the_text_warns(admin_client, ladder):
    scheme, (_, strategic, _) = ladder
    source = SourceFactory(text=TEXT)
    data = level_form(
        scheme.declaring_party,
        CountryFactory(),
        strategic,
        [{"source": source.pk, "quote": "agreed to downgrade ties", "locator": ""}],
    )

    response = admin_client.post(reverse("admin:partnerships_levelperiod_add"), data, follow=True)

    assert LevelPeriod.objects.exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert warnings == [
        f"The quote “agreed to downgrade ties” is not in the stored text of “{source}”: check it against "
        "the source (case, spaces, quote marks and dashes are ignored)."
    ]


def test_a_quote_found_in_the_text_saves_without_a_warning(admin_client, ladder):
    scheme, (_, strategic, _) = ladder
    source = SourceFactory(text=TEXT)
    data = level_form(
        scheme.declaring_party,
        CountryFactory(),
        strategic,
        [{"source": source.pk, "quote": "AGREED to elevate  ties", "locator": ""}],
    )

    response = admin_client.post(reverse("admin:partnerships_levelperiod_add"), data, follow=True)

    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]


def test_citation_inlines_say_whether_each_quote_is_in_the_text(admin_client, db):
    source = SourceFactory(text=TEXT)
    found = LevelPeriodCitationFactory(source=source, quote="agreed to elevate ties")
    LevelPeriodCitationFactory(level_period=found.level_period, source=source, quote="agreed to cut ties")

    response = admin_client.get(
        reverse("admin:partnerships_levelperiod_change", args=[found.level_period.pk])
    )

    page = response.content.decode()
    assert "quote in the source&#x27;s text?" in page.lower()
    assert page.count("NOT FOUND") == 1


def test_sources_list_filters_those_misquoted(admin_client, db):
    misquoted = SourceFactory(text=TEXT, title="Misquoted article")
    quoted = SourceFactory(text=TEXT, title="Quoted article")
    MeetingCitationFactory(source=misquoted, quote="agreed to part ways")
    MeetingCitationFactory(source=quoted, quote="agreed to elevate ties")

    response = admin_client.get(reverse("admin:sources_source_changelist"), {"quotes": "not_found"})

    assert list(response.context["cl"].result_list) == [misquoted]


# Import and export --------------------------------------------------------------------------------------


def preview(client, model, content: bytes, name: str, file_format: int = 0):
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(
        reverse(f"admin:{model}_import"), {"import_file": upload, "format": str(file_format), "resource": "0"}
    )


def confirm(client, model, response):
    form = response.context["confirm_form"]
    data = {name: form.initial.get(name, "") for name in form.fields}
    return client.post(reverse(f"admin:{model}_process_import"), data)


def sources_csv(*rows) -> bytes:
    data = tablib.Dataset(headers=["url", "title", "publisher", "published", "kind"])
    for row in rows:
        data.append(row)
    return data.csv.encode()


def test_a_source_file_is_previewed_then_imported(admin_client):
    content = sources_csv(
        ["https://news.example.org/a", "Ties elevated", "Xinhua", "2019-06", "state_media"],
        ["", "Partnership diplomacy", "A Press", "2015", "academic"],
    )

    response = preview(admin_client, "sources_source", content, "sources.csv")

    assert "confirm_form" in response.context, response.context["result"].invalid_rows
    assert not Source.objects.exists()  # the preview writes nothing
    confirm(admin_client, "sources_source", response)
    assert Source.objects.get(url="https://news.example.org/a").published == "2019-06"
    assert Source.objects.get(title="Partnership diplomacy").kind == "academic"


def test_a_file_with_any_error_cannot_be_confirmed_and_its_errors_are_listed(admin_client):
    content = sources_csv(
        ["https://news.example.org/a", "Ties elevated", "Xinhua", "2019-06", "state_media"],
        ["https://news.example.org/b", "Second", "Xinhua", "2019-13", "newspaper"],
    )

    response = preview(admin_client, "sources_source", content, "sources.csv")

    assert "confirm_form" not in response.context
    (invalid,) = response.context["result"].invalid_rows
    assert invalid.number == 2
    assert invalid.error_dict == {
        "published": ["'2019-13' is not a real calendar date."],
        "kind": [
            "“newspaper” is not one of: official, joint_statement, state_media, independent_press, academic, "
            "reference, other."
        ],
    }
    assert not Source.objects.exists()


def test_level_periods_are_imported_from_xlsx_with_parties_and_tiers_by_code(admin_client, ladder):
    scheme, (_, strategic, _) = ladder
    partner = CountryFactory()
    source = SourceFactory(url="https://news.example.org/s")
    data = tablib.Dataset(headers=["party_a", "party_b", "scheme", "tier", "start", "status", "citations"])
    citations = json.dumps([{"url": source.url, "quote": "strategic", "locator": ""}])
    data.append(
        [partner.alpha3, scheme.declaring_party.code, "dl", "strategic", "2011-06", "draft", citations]
    )

    response = preview(admin_client, "partnerships_levelperiod", data.xlsx, "levels.xlsx", file_format=1)
    assert not Relationship.objects.exists()  # the preview's pair was rolled back
    confirm(admin_client, "partnerships_levelperiod", response)

    period = LevelPeriod.objects.get()
    assert (period.tier, period.start, period.change_kind) == (strategic, "2011-06", "established")
    assert period.citations.get().source == source


def test_an_overlapping_level_in_the_file_is_refused_in_the_models_words(admin_client, cited_level):
    declaring = cited_level.scheme.declaring_party
    partner = cited_level.relationship.other_party(declaring)
    quote = json.dumps(
        [{"url": cited_level.citations.first().source.url, "quote": "strategic", "locator": ""}]
    )
    data = tablib.Dataset(headers=["party_a", "party_b", "scheme", "tier", "start", "status", "citations"])
    data.append([declaring.code, partner.code, "dl", "friendly", "2015", "published", quote])

    response = preview(admin_client, "partnerships_levelperiod", data.csv.encode(), "levels.csv")

    (invalid,) = response.context["result"].invalid_rows
    assert "This pair already holds a published level in this scheme" in invalid.error_dict["start"][0]


def test_reimporting_an_exported_file_changes_nothing(admin_client, cited_level):
    export = admin_client.post(
        reverse("admin:partnerships_levelperiod_export"),
        {
            "format": "0",
            "resource": "0",
            **{f"levelperiodresource_{column}": "on" for column in LevelPeriodRows.columns},
        },
    )
    content = b"".join(export.streaming_content) if export.streaming else export.content
    assert content.decode().splitlines()[0].startswith("party_a,party_b,scheme,tier")

    response = preview(admin_client, "partnerships_levelperiod", content, "levels.csv")

    result = response.context["result"]
    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["skip"] == 1 and result.totals["new"] == result.totals["update"] == 0


def test_meetings_are_imported_with_parties_by_code(admin_client, ladder):
    scheme, _ = ladder
    partner = CountryFactory()
    data = tablib.Dataset(headers=["title", "start", "mode", "parties", "status"])
    data.append(
        ["Talks", "2020-03-04", "talks", f"{scheme.declaring_party.code}:host; {partner.code}", "draft"]
    )

    response = preview(admin_client, "events_meeting", data.csv.encode(), "meetings.csv")
    confirm(admin_client, "events_meeting", response)

    meeting = Meeting.objects.get()
    assert sorted(meeting.meeting_parties.values_list("role", flat=True)) == ["host", "participant"]
