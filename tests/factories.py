"""factory-boy factories for every model. Dependent fields are derived: random data obeys the constraints."""

import datetime as dt
import itertools
import string

import factory
import pycountry
from django.db import transaction

from core.partial_dates import Precision
from events.models import (
    Meeting,
    MeetingCitation,
    MeetingMode,
    MeetingParty,
    MeetingRole,
    MultilateralEvent,
    Participant,
    Person,
    Position,
)
from partnerships.models import (
    CoverageCheck,
    EndStatus,
    LevelPeriod,
    LevelPeriodCitation,
    Party,
    PartyAlias,
    PartyKind,
    Relationship,
    Scheme,
    Tier,
)
from partnerships.status import Status
from sources.models import Source, SourceKind

# Codes no real country uses, so factory parties never collide with the ISO reference data.
_ISO2 = {country.alpha_2 for country in pycountry.countries}
_ISO3 = {country.alpha_3 for country in pycountry.countries}
FREE_ALPHA2 = [
    "".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2) if "".join(p) not in _ISO2
]
FREE_ALPHA3 = ["".join(p) for p in itertools.product("XQZ", string.ascii_uppercase, string.ascii_uppercase)]
FREE_ALPHA3 = [code for code in FREE_ALPHA3 if code not in _ISO3]


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    url = factory.Sequence(lambda n: f"https://news.example.org/articles/{n}")
    title = factory.Faker("sentence", nb_words=8)
    publisher = factory.Iterator(["Xinhua", "People's Daily", "Reuters", "Ministry of Foreign Affairs"])
    language = "en"
    published_on = factory.Faker(
        "date_between", start_date=dt.date(2000, 1, 1), end_date=dt.date(2024, 12, 31)
    )
    published_on_precision = Precision.DAY
    kind = SourceKind.STATE_MEDIA


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: FREE_ALPHA2[n % len(FREE_ALPHA2)])
    alpha3 = factory.Sequence(lambda n: FREE_ALPHA3[n % len(FREE_ALPHA3)])
    numeric_code = None
    kind = PartyKind.COUNTRY
    name = factory.Sequence(lambda n: f"Country {n}")
    official_name = factory.LazyAttribute(lambda party: f"Republic of {party.name}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"ORG{n}")
    kind = PartyKind.ORGANISATION
    alpha3 = None
    numeric_code = None
    name = factory.Sequence(lambda n: f"Organisation {n}")
    official_name = factory.LazyAttribute(lambda party: f"The {party.name}")


class PartyAliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyAlias

    party = factory.SubFactory(CountryFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"scheme-{n}")
    name = factory.Sequence(lambda n: f"Scheme {n}")
    declaring_party = factory.SubFactory(CountryFactory)


class TierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tier

    scheme = factory.SubFactory(SchemeFactory)
    slug = factory.Sequence(lambda n: f"tier-{n}")
    name = factory.Sequence(lambda n: f"tier {n} partnership")
    rank = factory.Sequence(lambda n: 10 + n % 60)
    original_term = ""
    wording_variants = factory.LazyFunction(list)


class RelationshipFactory(factory.django.DjangoModelFactory):
    """A pair in canonical order: the lower id first, whatever order the parties were made in."""

    class Meta:
        model = Relationship

    party_a = factory.SubFactory(CountryFactory)
    party_b = factory.SubFactory(CountryFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        first, second = sorted([kwargs.pop("party_a"), kwargs.pop("party_b")], key=lambda party: party.pk)
        return model_class.objects.create(party_a=first, party_b=second, **kwargs)


class PublishedWithQuoteMixin:
    """A published claim needs a quoted citation (checked by the database at commit): create both together."""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with transaction.atomic():
            claim = super()._create(model_class, *args, **kwargs)
            if claim.status == Status.PUBLISHED and not claim.citations.exists():
                claim.citations.create(source=SourceFactory(), quote="the source's words for this claim")
            return claim


class LevelPeriodFactory(PublishedWithQuoteMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = LevelPeriod

    relationship = factory.SubFactory(RelationshipFactory)
    tier = factory.SubFactory(TierFactory)
    scheme = factory.SelfAttribute("tier.scheme")
    start_date = dt.date(2010, 5, 12)
    start_date_precision = Precision.DAY
    end_status = EndStatus.ONGOING
    end_date = None
    end_date_precision = factory.LazyAttribute(
        lambda period: Precision.UNKNOWN if period.end_date is None else Precision.DAY
    )
    status = Status.PUBLISHED


class CoverageCheckFactory(PublishedWithQuoteMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = CoverageCheck

    scheme = factory.SubFactory(SchemeFactory)
    party = factory.SubFactory(CountryFactory)
    checked_on = dt.date(2020, 1, 1)
    checked_by = "Entente curators"
    status = Status.PUBLISHED


class LevelPeriodCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelPeriodCitation

    level_period = factory.SubFactory(LevelPeriodFactory)
    source = factory.SubFactory(SourceFactory)
    quote = factory.Faker("sentence", nb_words=12)
    locator = "para. 2"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Official {n}")
    slug = factory.Sequence(lambda n: f"official-{n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(CountryFactory)
    title = "Minister of Foreign Affairs"
    start_date = dt.date(2013, 3, 16)
    start_date_precision = Precision.DAY
    end_date = None
    end_date_precision = factory.LazyAttribute(
        lambda position: Precision.UNKNOWN if position.end_date is None else Precision.DAY
    )


class MultilateralEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MultilateralEvent

    name = factory.Sequence(lambda n: f"Summit {n}")
    start_date = dt.date(2023, 8, 22)
    city = "Johannesburg"


class MeetingFactory(PublishedWithQuoteMixin, factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Talks number {n}")
    summary = factory.Faker("paragraph")
    mode = MeetingMode.TALKS
    start_date = factory.Faker("date_between", start_date=dt.date(2010, 1, 1), end_date=dt.date(2024, 12, 31))
    start_date_precision = Precision.DAY
    city = "Beijing"
    status = Status.PUBLISHED


class MeetingPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingParty

    meeting = factory.SubFactory(MeetingFactory)
    party = factory.SubFactory(CountryFactory)
    role = MeetingRole.PARTICIPANT


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)
    party = factory.SubFactory(CountryFactory)
    role_title = ""


class MeetingCitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingCitation

    meeting = factory.SubFactory(MeetingFactory)
    source = factory.SubFactory(SourceFactory)
    quote = factory.Faker("sentence", nb_words=12)


def meeting_between(*parties, **kwargs) -> Meeting:
    """A published meeting with the given parties attached."""
    meeting = MeetingFactory(**kwargs)
    for party in parties:
        MeetingPartyFactory(meeting=meeting, party=party)
    return meeting
