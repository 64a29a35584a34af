"""Coverage said out loud: "none recorded as of D, checked by …, source …", reviewed like a level."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from partnerships import review
from partnerships.models import CoverageCheck
from partnerships.status import Status
from tests.factories import (
    CountryFactory,
    CoverageCheckFactory,
    LevelPeriodFactory,
    RelationshipFactory,
    SchemeFactory,
    SourceFactory,
    TierFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("curator_groups")]


@pytest.fixture
def scheme():
    return SchemeFactory(slug="cn", declaring_party=CountryFactory(code="CN", alpha3="CHN", name="China"))


def test_a_check_is_not_published_without_a_quoted_citation(scheme):
    refused = pytest.raises(IntegrityError, match="coverage check needs at least one citation")
    with refused, transaction.atomic():
        CoverageCheck.objects.create(
            scheme=scheme,
            party=CountryFactory(),
            checked_on=dt.date(2020, 1, 1),
            checked_by="Entente curators",
            status=Status.PUBLISHED,
        )
        connection.check_constraints()


def test_a_check_names_who_checked(scheme):
    check = CoverageCheck(scheme=scheme, party=CountryFactory(), checked_on=dt.date(2020, 1, 1))

    with pytest.raises(ValidationError) as refused:
        check.full_clean()

    assert "checked_by" in refused.value.message_dict
    with pytest.raises(IntegrityError, match="coverage_check_names_checker"), transaction.atomic():
        check.save()


def test_a_check_contradicting_a_published_level_is_refused(scheme):
    partner = CountryFactory(name="Laos")
    LevelPeriodFactory(
        relationship=RelationshipFactory(party_a=scheme.declaring_party, party_b=partner),
        tier=TierFactory(scheme=scheme),
        start_date=dt.date(2015, 1, 1),
    )
    check = CoverageCheck(
        scheme=scheme, party=partner, checked_on=dt.date(2020, 1, 1), checked_by="Entente curators"
    )

    with pytest.raises(ValidationError) as refused:
        check.full_clean()

    assert "A published level may be in force on that day" in refused.value.message_dict["checked_on"][0]
    check.checked_on = dt.date(2014, 1, 1)
    check.full_clean()


def test_the_declaring_party_is_not_its_own_partner(scheme):
    check = CoverageCheck(
        scheme=scheme, party=scheme.declaring_party, checked_on=dt.date(2020, 1, 1), checked_by="me"
    )

    with pytest.raises(ValidationError) as refused:
        check.full_clean()

    assert "party" in refused.value.message_dict


def test_reviewers_publish_a_check_with_its_source_and_history_keeps_it(scheme):
    reviewer = User.objects.create_user(username="reviewer")
    reviewer.groups.add(Group.objects.get(name="reviewers"))
    check = CoverageCheckFactory(scheme=scheme, status=Status.IN_REVIEW)
    check.citations.create(source=SourceFactory(), quote="The ministry lists these partners: …")

    review.publish(check, user=User.objects.get(pk=reviewer.pk))

    check.refresh_from_db()
    assert check.status == Status.PUBLISHED
    assert [event.status for event in check.events.order_by("pgh_id")] == [Status.IN_REVIEW, Status.PUBLISHED]


def test_editors_may_not_publish_a_check(scheme):
    editor = User.objects.create_user(username="editor")
    editor.groups.add(Group.objects.get(name="editors"))
    check = CoverageCheckFactory(scheme=scheme, status=Status.IN_REVIEW)

    with pytest.raises(Exception, match="may not publish"):
        review.publish(check, user=User.objects.get(pk=editor.pk))


def test_standing_on_keeps_each_partners_latest_published_check_by_that_day(scheme):
    partner = CountryFactory()
    older = CoverageCheckFactory(scheme=scheme, party=partner, checked_on=dt.date(2010, 1, 1))
    newer = CoverageCheckFactory(scheme=scheme, party=partner, checked_on=dt.date(2018, 1, 1))
    CoverageCheckFactory(scheme=scheme, party=partner, checked_on=dt.date(2019, 1, 1), status=Status.DRAFT)

    assert list(CoverageCheck.objects.standing_on(dt.date(2009, 1, 1))) == []
    assert list(CoverageCheck.objects.standing_on(dt.date(2012, 1, 1))) == [older]
    assert list(CoverageCheck.objects.standing_on(dt.date(2020, 1, 1))) == [newer]


def test_the_admin_lists_and_opens_checks(admin_client, scheme):
    check = CoverageCheckFactory(scheme=scheme)

    listing = admin_client.get(reverse("admin:partnerships_coveragecheck_changelist"))
    page = admin_client.get(reverse("admin:partnerships_coveragecheck_change", args=[check.pk]))

    assert listing.status_code == page.status_code == 200
    assert str(check) in listing.content.decode()
