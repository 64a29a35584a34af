"""Reference data: every ISO country from pycountry with aliases, the organisations, the tier vocabulary."""

import pytest
from django.core.exceptions import ValidationError

from partnerships import reference
from partnerships.models import Party, Scheme, Tier
from partnerships.wording import TierVocabulary, normalise_wording
from tests.factories import CountryFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_every_iso_country_is_loaded_with_codes_capital_and_demonym(reference_data):
    assert Party.objects.countries().count() == 249
    cambodia = Party.objects.by_code("KHM").get()
    assert (cambodia.code, cambodia.numeric_code, cambodia.name) == ("KH", "116", "Cambodia")
    assert set(cambodia.aliases.values_list("name", "kind")) >= {
        ("Phnom Penh", "capital"),
        ("Cambodian", "demonym"),
    }
    assert Party.objects.by_code("ru").get().name == "Russia"
    assert Party.objects.by_name("phnom penh").get() == cambodia


def test_loading_reference_data_again_changes_nothing(reference_data):
    assert reference.load_countries()["created"] == 0
    assert reference.load_organisations()["updated"] == 0


def test_organisations_have_codes_that_collide_with_no_country(reference_data):
    iso = set(Party.objects.countries().values_list("code", flat=True)) | set(
        Party.objects.countries().values_list("alpha3", flat=True)
    )
    organisation_codes = set(Party.objects.organisations().values_list("code", flat=True))
    assert {"EU", "ASEAN", "AFRICANUNION", "CELAC"} <= organisation_codes
    assert not organisation_codes & iso


def test_tiers_are_loaded_from_the_shared_vocabulary(reference_data):
    assert set(Scheme.objects.values_list("slug", flat=True)) == {"cn", "cn-community", "vn", "eu"}
    top = Tier.objects.get(scheme__slug="cn", slug="comprehensive-strategic-cooperative-partnership")
    assert (top.rank, top.original_term) == (60, "全面战略合作伙伴关系")
    assert "comprehensive strategic partnership of cooperation" in top.wording_variants
    assert Scheme.objects.get(slug="cn").declaring_party.code == "CN"


@pytest.mark.parametrize(
    ("phrase", "slug"),
    [
        (
            "comprehensive strategic partnership of coordination for a new era",
            "comprehensive-strategic-partnership-of-coordination",
        ),
        ("strategic partnership featuring mutual respect and common development", "strategic-partnership"),
        ("All-Around Strategic Partnership", "comprehensive-strategic-partnership"),
        ("community of shared future (with strategic significance)", "community-with-a-shared-future"),
        ("strategic cooperative relationship", None),
        ("new type of strategic partnership", None),
    ],
)
def test_official_wording_is_matched_to_a_tier_or_not_guessed(reference_data, phrase, slug):
    tier = TierVocabulary().match(phrase, schemes=("cn", "cn-community"))
    assert (tier.slug if tier else None) == slug


def test_wording_normalisation_strips_rung_neutral_qualifiers():
    assert normalise_wording("A Global comprehensive strategic partnership for the 21st century") == (
        "comprehensive strategic partnership"
    )


def test_country_code_rules_are_explained():
    party = CountryFactory.build(code="CHN", alpha3="CHN")
    with pytest.raises(ValidationError) as error:
        party.full_clean()
    assert "alpha-2" in error.value.message_dict["code"][0]


def test_organisation_may_not_take_a_country_alpha3(reference_data):
    organisation = OrganisationFactory.build(code="KHM")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "alpha-3" in error.value.message_dict["code"][0]
