"""Query parameters of the parties, tiers, relationships and levels lists.

Codes and slugs are checked against the database: an unknown party, scheme or tier answers 400
naming the parameter, never an empty list that looks like an answer.
"""

import datetime as dt

from django import forms
from django.db.models import Q
from django_filters import rest_framework as filters
from rest_framework.exceptions import ValidationError

from core.api.filters import boolean_filter, date_filter, moment_filter, text_filter
from core.api.schema import documented
from partnerships.models import (
    ChangeKind,
    CoverageCheck,
    LevelPeriod,
    Party,
    PartyKind,
    Relationship,
    Scheme,
    Tier,
)


class PartyCodesField(forms.CharField):
    """One party code, or two separated by a comma; ISO alpha-2, alpha-3 or an organisation's code."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        codes = [code.strip().upper() for code in value.split(",")]
        if not 1 <= len(codes) <= 2 or "" in codes:
            raise forms.ValidationError("Give one party code, or two separated by a comma (CN,KH).")
        found = {}
        for party in Party.objects.filter(Q(code__in=codes) | Q(alpha3__in=codes)):
            found[party.code] = found[party.alpha3 or party.code] = party
        unknown = [code for code in codes if code not in found]
        if unknown:
            raise forms.ValidationError(
                # The caller's text goes in as a parameter: a "%" in it must not be read as a placeholder.
                "Unknown party code: %(codes)s. Use an ISO 3166-1 alpha-2 or alpha-3 code "
                "(CN, CHN) or an organisation's code (ASEAN); see /api/v1/parties/.",
                params={"codes": ", ".join(unknown)},
            )
        parties = [found[code] for code in codes]
        if len(parties) == 2 and parties[0] == parties[1]:
            raise forms.ValidationError("Give two different parties.")
        return parties


class SchemeSlugField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        scheme = Scheme.objects.filter(slug=value.strip().lower()).first()
        if scheme is None:
            known = ", ".join(Scheme.objects.order_by("slug").values_list("slug", flat=True))
            raise forms.ValidationError(
                "Unknown scheme “%(value)s”. Known schemes: %(known)s.",
                params={"value": value, "known": known},
            )
        return scheme


class TierSlugField(forms.CharField):
    """A tier's slug (strategic-partnership), or qualified by its scheme (cn:strategic-partnership)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        scheme, _, slug = value.strip().lower().rpartition(":")
        tiers = Tier.objects.filter(slug=slug)
        if scheme:
            tiers = tiers.filter(scheme__slug=scheme)
        tiers = list(tiers)
        if not tiers:
            raise forms.ValidationError(
                "Unknown tier “%(value)s”. Use a slug from /api/v1/tiers/, qualified by its scheme if you "
                "like (cn:strategic-partnership).",
                params={"value": value},
            )
        return tiers


class PartyFilter(filters.Filter):
    field_class = PartyCodesField


class SchemeFilter(filters.Filter):
    field_class = SchemeSlugField


class TierFilter(filters.Filter):
    field_class = TierSlugField


def party_filter(help_text: str, **kwargs) -> PartyFilter:
    return documented(PartyFilter(help_text=help_text, **kwargs), example="CN,KH")


def scheme_filter() -> SchemeFilter:
    return documented(
        SchemeFilter(help_text="A scheme's slug (cn, cn-community, vn, eu): its levels only."), example="cn"
    )


def tier_filter() -> TierFilter:
    return documented(
        TierFilter(
            help_text="A tier's slug; a slug several schemes use matches each unless qualified "
            "(cn:strategic-partnership) or combined with scheme."
        ),
        example="cn:comprehensive-strategic-partnership",
    )


def check_tiers_in_scheme(tiers: list[Tier], scheme: Scheme | None) -> list[Tier]:
    """The tiers of ``scheme`` among ``tiers``; 400 naming ``tier`` when there are none."""
    if not tiers or scheme is None:
        return tiers
    inside = [tier for tier in tiers if tier.scheme_id == scheme.pk]
    if not inside:
        raise ValidationError({"tier": [f"No tier “{tiers[0].slug}” in the {scheme.slug} scheme."]})
    return inside


class PartyFilterSet(filters.FilterSet):
    kind = documented(
        filters.ChoiceFilter(choices=PartyKind.choices, help_text="country, or organisation."),
        example="country",
        enum=PartyKind.values,
    )
    q = text_filter(
        "Search by name, official name, alias or code, misspellings included; best matches first.",
        "Kampuchea",
        method="search",
    )

    class Meta:
        model = Party
        fields = ["kind", "q"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class TierFilterSet(filters.FilterSet):
    scheme = scheme_filter()

    class Meta:
        model = Tier
        fields = ["scheme"]


class LevelParametersMixin(filters.FilterSet):
    """The parameters that choose levels, shared by the relationships and levels lists."""

    party = party_filter("One party's code, or a pair's two codes separated by a comma (CN,KH).")
    scheme = scheme_filter()
    tier = tier_filter()
    min_rank = documented(
        filters.NumberFilter(
            help_text="Levels of at least this rank within their scheme.", min_value=0, max_value=32767
        ),
        kind="integer",
        example=50,
    )
    as_of = date_filter(
        "The levels certainly in force on this day, whatever the precision of their dates. A year or a "
        "month means its last day, the levels held as it ended: as_of=2015 is as_of=2015-12-31 (the "
        "yearly counts of the trends page). Approximate (2015~) and uncertain (2015?) dates are refused.",
        "2015-06-30",
        bound="latest",
    )
    include_uncertain = boolean_filter(
        "With as_of: also levels that only possibly held that day (a change dated to its month or year), "
        "each marked certain=false."
    )
    changed_since = moment_filter(
        "Only pairs or levels recorded or corrected since this moment.", "2025-01-31"
    )
    as_recorded = moment_filter(
        "Answer as the database stood at this moment (YYYY-MM-DDTHH:MM, UTC unless an offset is given): "
        "level periods and their citations as then recorded, so that a published analysis can be reproduced.",
        "2025-01-31T12:00",
    )

    def choose_levels(self, levels):
        """``levels`` narrowed by the parameters, ``as_of`` included (current ones when it is absent)."""
        data = self.form.cleaned_data
        if data.get("as_of"):
            levels = (
                levels.possibly_in_force_on(data["as_of"])
                if data.get("include_uncertain")
                else levels.in_force_on(data["as_of"])
            )
        elif data.get("include_uncertain"):
            raise ValidationError({"include_uncertain": ["Only with as_of."]})
        if data.get("scheme"):
            levels = levels.in_scheme(data["scheme"])
        tiers = check_tiers_in_scheme(data.get("tier") or [], data.get("scheme"))
        if tiers:
            levels = levels.filter(tier__in=tiers)
        if data.get("min_rank") is not None:
            levels = levels.at_least_rank(int(data["min_rank"]))
        return levels


class RelationshipFilterSet(LevelParametersMixin):
    """Pairs and the levels they hold: current ones, or those in force on ``as_of``; pairs with none are
    left out."""

    class Meta:
        model = Relationship
        fields = [
            "party",
            "scheme",
            "tier",
            "min_rank",
            "as_of",
            "include_uncertain",
            "changed_since",
            "as_recorded",
        ]

    def filter_queryset(self, queryset):
        # The named queryset methods, not field look-ups: ``as_of`` keeps one check per partner.
        data = self.form.cleaned_data
        visible = LevelPeriod.objects.visible_to(self.request.user)
        levels = self.choose_levels(visible if data.get("as_of") else visible.current())
        for party in data.get("party") or []:
            queryset = queryset.involving(party)
        if data.get("changed_since"):
            queryset = queryset.holding(visible.changed_since(data["changed_since"]))
        shown = levels.for_api().order_by("scheme__slug", "start_date", "pk")
        return queryset.holding(levels).showing(shown)


def _year_filter(help_text: str, example: int) -> filters.NumberFilter:
    return documented(
        filters.NumberFilter(help_text=help_text, min_value=1, max_value=9999),
        kind="integer",
        example=example,
    )


class LevelFilterSet(LevelParametersMixin):
    from_year = _year_filter("Levels that began in this year or later.", 2010)
    to_year = _year_filter("Levels that began in this year or earlier.", 2019)
    change_kind = documented(
        filters.ChoiceFilter(choices=ChangeKind.choices, help_text="How the level came about."),
        example="upgraded",
        enum=ChangeKind.values,
    )

    class Meta:
        model = LevelPeriod
        fields = [
            "party",
            "scheme",
            "tier",
            "min_rank",
            "as_of",
            "include_uncertain",
            "from_year",
            "to_year",
            "change_kind",
            "changed_since",
            "as_recorded",
        ]

    def filter_queryset(self, queryset):
        # The named queryset methods, not field look-ups: ``as_of`` keeps one check per partner.
        data = self.form.cleaned_data
        queryset = self.choose_levels(queryset)
        for party in data.get("party") or []:
            queryset = queryset.involving(party)
        if data.get("from_year") or data.get("to_year"):
            first, last = int(data.get("from_year") or 1), int(data.get("to_year") or 9999)
            if first > last:
                raise ValidationError({"to_year": ["to_year comes before from_year."]})
            queryset = queryset.started_between(dt.date(first, 1, 1), dt.date(last, 12, 31))
        if data.get("change_kind"):
            queryset = queryset.filter(change_kind=data["change_kind"])
        if data.get("changed_since"):
            queryset = queryset.changed_since(data["changed_since"])
        return queryset


class CoverageCheckFilterSet(filters.FilterSet):
    """Checks found no partnership: by scheme, by partner, or as they stand on a day."""

    scheme = scheme_filter()
    party = party_filter("The partner checked (one code).")
    as_of = date_filter(
        "Each partner's latest check made on or before this day (YYYY-MM-DD): what the map shows then.",
        "2020-01-01",
    )

    class Meta:
        model = CoverageCheck
        fields = ["scheme", "party", "as_of"]

    def filter_queryset(self, queryset):
        # The named queryset methods, not field look-ups: ``as_of`` keeps one check per partner.
        data = self.form.cleaned_data
        if data.get("scheme"):
            queryset = queryset.in_scheme(data["scheme"])
        if parties := data.get("party"):
            if len(parties) != 1:
                raise ValidationError({"party": ["Give one party code."]})
            queryset = queryset.filter(party=parties[0])
        if data.get("as_of"):
            queryset = queryset.standing_on(data["as_of"])
        return queryset
