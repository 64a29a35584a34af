"""The curators' admin: each screen opens, a valid form saves, a bad one names the field, writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Meeting, MeetingMode, MeetingRole, Person
from partnerships.models import LevelPeriod, LevelPeriodCitation, Party, Relationship, Tier
from sources.models import Source
from tests.factories import (
    CountryFactory,
    LevelPeriodFactory,
    MeetingCitationFactory,
    MultilateralEventFactory,
    ParticipantFactory,
    PersonFactory,
    PositionFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
    TierFactory,
    meeting_between,
)

pytestmark = pytest.mark.django_db


def inline(prefix, rows=(), initial=0):
    """Management-form data plus ``rows`` for an inline formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def errors_of(response):
    """Field errors of the admin form on the page, keyed by field name."""
    form = response.context["adminform"].form
    return {name: [str(message) for message in messages] for name, messages in form.errors.items()}


@pytest.mark.parametrize(
    "model_factory",
    [
        SourceFactory,
        CountryFactory,
        SchemeFactory,
        TierFactory,
        RelationshipFactory,
        LevelPeriodFactory,
        PersonFactory,
        MultilateralEventFactory,
        lambda: meeting_between(CountryFactory(), CountryFactory()),
    ],
)
def test_changelist_add_and_change_pages_open(admin_client, model_factory):
    obj = model_factory()
    opts = obj._meta
    for url in [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]),
    ]:
        assert admin_client.get(url).status_code == 200, url


def test_changelists_filter_by_party_and_year(admin_client):
    period = LevelPeriodFactory(start_date=dt.date(2014, 7, 1))
    LevelPeriodFactory(start_date=dt.date(2001, 1, 1))
    url = reverse("admin:partnerships_levelperiod_changelist")
    response = admin_client.get(url, {"party": period.relationship.party_b.code, "start_year": "2014"})
    assert list(response.context["cl"].queryset) == [period]


# Sources


def test_source_is_added_with_a_partial_publication_date(admin_client):
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "url": "https://www.Example.org/a?utm_source=x#top",
            "title": "Joint statement",
            "publisher": "Xinhua",
            "kind": "joint_statement",
            "published_on": "2019-06",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get()
    assert (source.url, source.published_on, source.published_on_precision) == (
        "https://www.example.org/a",
        dt.date(2019, 6, 1),
        "month",
    )


def test_source_with_impossible_date_or_known_url_is_refused(admin_client):
    SourceFactory(url="https://www.example.org/a")
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {
            "url": "https://www.example.org/a#x",
            "title": "T",
            "publisher": "P",
            "kind": "other",
            "published_on": "2023-02-30",
        },
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["published_on"] == ["'2023-02-30' is not a real calendar date."]
    assert Source.objects.count() == 1


def test_source_with_known_url_is_refused(admin_client):
    SourceFactory(url="https://www.example.org/a")
    response = admin_client.post(
        reverse("admin:sources_source_add"),
        {"url": "https://WWW.example.org/a?utm_medium=mail", "title": "T", "publisher": "P", "kind": "other"},
    )
    assert "already recorded" in errors_of(response)["url"][0]


# Parties and tiers


def test_organisation_code_with_hyphen_is_refused(admin_client):
    response = admin_client.post(
        reverse("admin:partnerships_party_add"),
        {"code": "AU-X", "kind": "organisation", "name": "Union", **inline("aliases")},
    )
    assert "hyphen" in errors_of(response)["code"][0]
    assert not Party.objects.filter(name="Union").exists()


def test_organisation_is_added_with_an_alias(admin_client):
    response = admin_client.post(
        reverse("admin:partnerships_party_add"),
        {
            "code": "pif",
            "kind": "organisation",
            "name": "Pacific Islands Forum",
            **inline("aliases", [{"name": "PIF", "kind": "abbreviation"}]),
        },
    )
    assert response.status_code == 302
    assert Party.objects.get(code="PIF").aliases.get().name == "PIF"


def test_tier_slug_twice_in_a_scheme_is_refused(admin_client):
    tier = TierFactory()
    response = admin_client.post(
        reverse("admin:partnerships_tier_add"),
        {"scheme": tier.scheme.pk, "slug": tier.slug, "name": "x", "rank": 5, "wording_variants": ""},
    )
    assert response.status_code == 200
    assert Tier.objects.count() == 1


# Level periods: a change recorded on one screen with its citation


@pytest.fixture
def pair_and_tier():
    china, cambodia = CountryFactory(name="China"), CountryFactory(name="Cambodia")
    tier = TierFactory(
        scheme=SchemeFactory(declaring_party=china), name="comprehensive strategic cooperative partnership"
    )
    return china, cambodia, tier


def level_form(first, second, tier, **overrides):
    data = {
        "first_party": first.pk,
        "second_party": second.pk,
        "tier": tier.pk,
        "wording": "",
        "change_kind": "",
        "start_date": "2010",
        "end_status": "ongoing",
        "end_date": "",
        "status": "draft",
        "notes": "",
        **inline("citations"),
    }
    data.update(overrides)
    return data


def test_level_change_is_recorded_with_its_citation(admin_client, pair_and_tier):
    china, cambodia, tier = pair_and_tier
    source = SourceFactory()
    data = level_form(
        cambodia,
        china,
        tier,
        **inline("citations", [{"source": source.pk, "quote": "elevated to a CSCP", "locator": "para. 1"}]),
    )
    response = admin_client.post(reverse("admin:partnerships_levelperiod_add"), data)
    assert response.status_code == 302, errors_of(response)
    period = LevelPeriod.objects.get()
    assert (period.start_date, period.start_date_precision, period.scheme) == (
        dt.date(2010, 1, 1),
        "year",
        tier.scheme,
    )
    assert period.change_kind == "established"
    assert str(period) == "China – Cambodia: comprehensive strategic cooperative partnership (2010–)"
    assert period.citations.get().quote == "elevated to a CSCP"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"start_date": "2010-13"}, "start_date", "is not a real calendar date"),
        ({"start_date": "May 2010"}, "start_date", "is not a date of the form"),
        ({"end_status": "ended", "end_date": "2009"}, "end_date", "The end must come after the start."),
        ({"end_status": "ended", "end_date": ""}, "end_date", "Give the end date"),
    ],
)
def test_invalid_level_change_names_the_field_and_writes_nothing(
    admin_client, pair_and_tier, overrides, field, message
):
    china, cambodia, tier = pair_and_tier
    response = admin_client.post(
        reverse("admin:partnerships_levelperiod_add"), level_form(china, cambodia, tier, **overrides)
    )
    assert response.status_code == 200
    assert any(message in text for text in errors_of(response)[field])
    assert not LevelPeriod.objects.exists() and not Relationship.objects.exists()


def test_same_party_twice_is_refused(admin_client, pair_and_tier):
    china, _, tier = pair_and_tier
    response = admin_client.post(
        reverse("admin:partnerships_levelperiod_add"), level_form(china, china, tier)
    )
    assert errors_of(response)["second_party"] == ["A relationship needs two different parties."]
    assert not Relationship.objects.exists()


def test_overlapping_published_level_is_refused_with_the_clashing_period(admin_client, pair_and_tier):
    china, cambodia, tier = pair_and_tier
    existing = LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=china, party_b=cambodia), tier=tier
    )
    url = reverse("admin:partnerships_levelperiod_change", args=[existing.pk])
    response = admin_client.post(
        url, level_form(cambodia, china, tier, start_date="2015-03-02", end_status="ended", end_date="2016")
    )
    assert response.status_code == 302  # editing the published level itself is fine
    other = LevelPeriodFactory(relationship=existing.relationship, tier=tier, start_date=dt.date(2016, 1, 1))
    response = admin_client.post(
        reverse("admin:partnerships_levelperiod_change", args=[other.pk]),
        level_form(cambodia, china, tier, start_date="2015-12", version=other.version),
    )
    assert str(LevelPeriod.objects.get(pk=existing.pk)) in errors_of(response)["start_date"][0]
    other.refresh_from_db()
    assert other.start_date == dt.date(2016, 1, 1)


def test_level_change_page_shows_the_pair_and_saves_an_edit(admin_client, pair_and_tier):
    china, cambodia, tier = pair_and_tier
    period = LevelPeriodFactory(relationship=RelationshipFactory(party_a=china, party_b=cambodia), tier=tier)
    citation = period.citations.get()
    url = reverse("admin:partnerships_levelperiod_change", args=[period.pk])
    page = admin_client.get(url)
    assert page.context["adminform"].form.initial["first_party"] == china.pk
    assert page.context["adminform"].form.initial["start_date"] == "2010-05-12"
    data = level_form(china, cambodia, tier, start_date="2010-05", version=period.version)
    data.update(
        inline(
            "citations",
            [{"id": citation.pk, "source": citation.source_id, "quote": citation.quote}],
            initial=1,
        )
    )
    data["citations-0-level_period"] = period.pk
    response = admin_client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    period.refresh_from_db()
    assert (period.start_date, period.start_date_precision, period.status) == (
        dt.date(2010, 5, 1),
        "month",
        "published",
    )
    assert period.version == 2
    assert LevelPeriodCitation.objects.count() == 1


# Meetings and people


def meeting_form(mode, parties, participants=(), citations=()):
    return {
        "title": "Talks in Beijing",
        "mode": mode,
        "start_date": "2024-05-24",
        "end_date": "",
        "city": "Beijing",
        "summary": "",
        "outcomes": "",
        "status": "draft",
        **inline("meeting_parties", parties),
        **inline("participants", participants),
        **inline("citations", citations),
    }


def test_meeting_is_recorded_with_parties_participants_and_citation(admin_client):
    china, cambodia = CountryFactory(), CountryFactory()
    person, source = PersonFactory(), SourceFactory()
    PositionFactory(person=person, party=china, title="Minister of Foreign Affairs")
    data = meeting_form(
        MeetingMode.VISIT,
        [{"party": china.pk, "role": MeetingRole.HOST}, {"party": cambodia.pk, "role": MeetingRole.VISITOR}],
        [{"person": person.pk, "party": china.pk, "role_title": ""}],
        [{"source": source.pk, "quote": "Wang Yi met with Sok Chenda Sophea"}],
    )
    response = admin_client.post(reverse("admin:events_meeting_add"), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    meeting = Meeting.objects.get()
    assert meeting.participants.get().office == "Minister of Foreign Affairs"
    assert set(Meeting.objects.between(china, cambodia)) == {meeting}


def test_visit_without_host_is_refused(admin_client):
    china, cambodia = CountryFactory(), CountryFactory()
    data = meeting_form(
        MeetingMode.VISIT,
        [
            {"party": china.pk, "role": MeetingRole.PARTICIPANT},
            {"party": cambodia.pk, "role": MeetingRole.VISITOR},
        ],
    )
    response = admin_client.post(reverse("admin:events_meeting_add"), data)
    assert response.status_code == 200
    assert "A visit needs one party marked as host and one as visitor." in response.content.decode()
    assert not Meeting.objects.exists()


def test_meeting_with_one_party_or_bad_date_is_refused(admin_client):
    china = CountryFactory()
    data = meeting_form(MeetingMode.TALKS, [{"party": china.pk, "role": MeetingRole.PARTICIPANT}])
    response = admin_client.post(reverse("admin:events_meeting_add"), data)
    assert "at least two parties" in response.content.decode()
    data["start_date"] = "2024-02-30"
    response = admin_client.post(reverse("admin:events_meeting_add"), data)
    assert errors_of(response)["start_date"] == ["'2024-02-30' is not a real calendar date."]
    assert not Meeting.objects.exists()


def test_meeting_change_page_lists_inlines(admin_client):
    meeting = meeting_between(CountryFactory(), CountryFactory())
    ParticipantFactory(meeting=meeting)
    MeetingCitationFactory(meeting=meeting)
    response = admin_client.get(reverse("admin:events_meeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][1].formset.queryset.count() == 1


def test_person_with_position_is_added_and_bad_position_dates_are_refused(admin_client):
    party = CountryFactory()
    url = reverse("admin:events_person_add")
    good = {"name": "Wang Yi", "slug": "wang-yi", "aliases": "", "wikidata_id": ""}
    bad = {
        **good,
        **inline(
            "positions", [{"title": "Minister", "party": party.pk, "start_date": "2023", "end_date": "2013"}]
        ),
    }
    response = admin_client.post(url, bad)
    assert response.status_code == 200 and not Person.objects.exists()
    assert "The end must come after the start." in response.content.decode()
    ok = {
        **good,
        **inline(
            "positions",
            [{"title": "Minister", "party": party.pk, "start_date": "2013-03-16", "end_date": ""}],
        ),
    }
    assert admin_client.post(url, ok).status_code == 302
    assert Person.objects.get().positions.get().start_date_precision == "day"


def test_party_autocomplete_finds_by_alias(admin_client):
    cambodia = CountryFactory(name="Cambodia")
    cambodia.aliases.create(name="Phnom Penh", kind="capital")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "phnom", "app_label": "partnerships", "model_name": "relationship", "field_name": "party_a"},
    )
    assert [item["text"] for item in response.json()["results"]] == ["Cambodia"]
