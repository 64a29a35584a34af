"""The world map page (``/map/?scheme=cn&as_of=2020-01-01``) and the same map on each party's page.

Every query is a named queryset method and their number is fixed, whatever the number of countries:
scheme, its tiers, the levels on the day, the checks standing then, the countries' names, the partners
with a pair page, the first start (for the years of the slider), the changes since (tests/pages/test_map.py
pins the count). The map itself is arranged by ``public.world_map``.
"""

import datetime as dt
from urllib.parse import urlencode

from django import forms
from django.db.models import Count
from django.views.generic import TemplateView

from partnerships.models import CoverageCheck, LevelPeriod, Party, Relationship, Scheme, Tier
from public import world_map
from public.forms import EARLIEST, ChangesForm, _years_before
from public.mixins import PublicPageMixin


class MapForm(ChangesForm):
    """The map's scheme (a slug, or the declaring party's code or name), its day, and the day compared."""

    scheme = forms.CharField(label="Scheme", required=False, max_length=80)


def scheme_for_party(party: Party) -> tuple[Scheme | None, Party | None]:
    """The scheme a party's page maps, and its centre: the party's own ladder, else the one it is most in.

    Cambodia declares none, so its page shows China's ladder with Cambodia outlined.
    """
    own = Scheme.objects.declared().filter(declaring_party=party).first()
    if own is not None:
        return own, party
    most = (
        Scheme.objects.declared()
        .filter(level_periods__in=LevelPeriod.objects.published().involving(party))
        .annotate(levels=Count("level_periods"))
        .order_by("-levels", "slug")
        .first()
    )
    return most, (most.declaring_party if most else None)


def map_of(scheme: Scheme, centre: Party, *, as_of: dt.date, since: dt.date, highlight=None):
    """The map of ``scheme`` around ``centre`` on ``as_of``, with the changes after ``since``."""
    levels = LevelPeriod.objects.in_scheme(scheme).involving(centre)
    pairs = Relationship.objects.with_published_levels().involving(centre)
    pair_keys = {}
    for first, second in pairs.order_by().values_list("party_a__code", "party_b__code"):
        pair_keys[second if first == centre.code else first] = world_map.pair_path(first, second)
    drawn = world_map.build(
        scheme=scheme,
        centre=centre,
        as_of=as_of,
        tiers=list(Tier.objects.filter(scheme=scheme)),
        periods=list(levels.for_map(as_of)),
        checks=list(CoverageCheck.objects.in_scheme(scheme).standing_on(as_of).for_api()),
        countries=dict(Party.objects.countries().order_by().values_list("code", "name")),
        pair_keys=pair_keys,
        highlight=highlight,
    )
    drawn.changes = world_map.change_lines(levels.changes_between(since, as_of), centre)
    first = levels.published().earliest_start()
    drawn.first_year = max(min(first.year if first else as_of.year - 10, as_of.year), EARLIEST.year)
    drawn.since = since
    return drawn


def time_control(drawn, path: str, keep: dict) -> dict:
    """Links a year back and a year on, and the slider's settings, for the page at ``path``."""
    as_of = drawn.as_of
    last_year = max(dt.date.today().year, as_of.year)

    def link(day: dt.date) -> str:
        return f"{path}?{urlencode({**keep, 'as_of': day.isoformat()})}"

    previous = _years_before(as_of, 1)
    following = _years_before(as_of, -1)
    return {
        "previous": link(previous) if previous.year >= drawn.first_year else "",
        "previous_year": previous.year,
        "next": link(following) if following.year <= last_year else "",
        "next_year": following.year,
        "first_year": drawn.first_year,
        "last_year": last_year,
        "keep": keep,
        "path": path,
    }


class WorldMapView(PublicPageMixin, TemplateView):
    template_name = "public/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values, form = self.read_form(MapForm)
        schemes = list(Scheme.objects.declared())
        asked = values.get("scheme", "")
        scheme = Scheme.objects.declared().matching(asked).first() if asked else None
        if asked and scheme is None:
            known = ", ".join(choice.slug for choice in schemes)
            self.notices.append(f"We know no scheme “{asked}” with a declaring party; try {known}.")
        scheme = scheme or (schemes[0] if schemes else None)
        context.update(map_form=form, schemes=schemes, scheme=scheme)
        if scheme is not None:
            drawn = map_of(scheme, scheme.declaring_party, as_of=values["as_of"], since=values["since"])
            context.update(map=drawn, steps=time_control(drawn, self.request.path, {"scheme": scheme.slug}))
        return context

    def get_api_path(self):
        return "/api/v1/coverage/"

    def get_citation_title(self):
        return "World map of partnership levels"
