"""The public pages: short generic views over ``PublicPageMixin``; queries are named queryset methods.

Only published level periods and meetings are shown. Parties, tiers, people and sources are reference
data; a source page lists only the published claims it backs.
"""

import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from events.models import PAIR_RECORD_MEETINGS, Meeting, MeetingCitation, Person
from partnerships.models import (
    CoverageCheckCitation,
    LevelPeriod,
    LevelPeriodCitation,
    Party,
    Relationship,
    Tier,
)
from partnerships.status import Status
from public import ladders, pair_search
from public.forms import AsOfForm, ChangesForm, MeetingFilterForm, SearchForm
from public.mixins import PublicPageMixin
from public.party_page import party_levels, standings
from sources.models import Source

SEARCH_RESULTS = 20


def _party_or_404(code: str) -> Party:
    party = Party.objects.by_code(code).first()
    if party is None:
        raise Http404(f"No party has the code “{code}”.")
    return party


def public_sources():
    """Sources a reader may see: those backing a published claim, and those backing no claim at all.

    A source cited only by drafts, claims in review or retracted ones would give away what the curators
    are working on; the API and the data package leave it out too (home count, source page, search).
    """
    levels = LevelPeriodCitation.objects.filter(source=OuterRef("pk"))
    meetings = MeetingCitation.objects.filter(source=OuterRef("pk"))
    checks = CoverageCheckCitation.objects.filter(source=OuterRef("pk"))
    backs_published = (
        Exists(levels.filter(level_period__status=Status.PUBLISHED))
        | Exists(meetings.filter(meeting__status=Status.PUBLISHED))
        | Exists(checks.filter(coverage_check__status=Status.PUBLISHED))
    )
    return Source.objects.filter(backs_published | ~(Exists(levels) | Exists(meetings) | Exists(checks)))


def _permanent_redirect(request, name: str, **kwargs):
    """To the canonical address of a record, keeping the query string (an as-of date, say)."""
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(reverse(name, kwargs=kwargs) + (f"?{query}" if query else ""))


class HomeView(PublicPageMixin, TemplateView):
    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        today = dt.date.today()
        return super().get_context_data(
            counts={
                "parties": Party.objects.with_partner_counts().count(),
                "pairs": Relationship.objects.with_published_levels().count(),
                "levels": LevelPeriod.objects.published().count(),
                "meetings": Meeting.objects.published().count(),
                "sources": public_sources().count(),
            },
            latest_changes=LevelPeriod.objects.latest_changes()[:8],
            latest_meetings=Meeting.objects.published().for_public_list()[:6],
            ladders=ladders.by_scheme(Tier.objects.for_public_ladder(today)),
            **kwargs,
        )


class PartyListView(PublicPageMixin, ListView):
    template_name = "public/party_list.html"
    context_object_name = "parties"

    def get_queryset(self):
        return Party.objects.with_partner_counts().order_by("name")

    def get_citation_title(self):
        return "Parties and their partnerships"


class PartyDetailView(PublicPageMixin, DetailView):
    template_name = "public/party_detail.html"
    context_object_name = "party"

    def get_object(self, queryset=None):
        return _party_or_404(self.kwargs["code"])

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.kwargs["code"] != self.object.code:
            return _permanent_redirect(request, "public:party", code=self.object.code)
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_api_path(self):
        return f"/api/v1/parties/{self.object.code}/"

    def get_citation_title(self):
        return f"{self.object.name}: partnerships and meetings"

    def get_context_data(self, **kwargs):
        party = self.object
        context = super().get_context_data(**kwargs)
        values, form = self.read_form(AsOfForm)
        timeline = LevelPeriod.objects.involving(party).for_public_timeline()
        on_date = party_levels(timeline.possibly_in_force_on(values["as_of"]), party)
        context.update(
            as_of=values["as_of"],
            as_of_form=form,
            standings=standings(on_date),
            changes=party_levels(timeline, party),
            meetings=Meeting.objects.published().involving(party).for_public_list()[:10],
        )
        return context


class PairView(PublicPageMixin, TemplateView):
    """Two parties' levels over the years and their meetings, at ``/relationships/CN-KH/``.

    The canonical address lists the pair as ``Relationship.key`` does; other spellings (the other order,
    alpha-3 codes, lower case) redirect to it.
    """

    template_name = "public/pair_detail.html"

    def get(self, request, *args, **kwargs):
        first, second = _party_or_404(kwargs["first"]), _party_or_404(kwargs["second"])
        if first == second:
            raise Http404("A pair needs two different parties.")
        self.first, self.second = sorted([first, second], key=lambda party: party.pk)
        self.key = f"{self.first.code}-{self.second.code}"
        if f"{kwargs['first']}-{kwargs['second']}" != self.key:
            return _permanent_redirect(request, "public:pair", first=self.first.code, second=self.second.code)
        self.periods = list(LevelPeriod.objects.between(first, second).for_public_timeline().with_citations())
        pair_meetings = Meeting.objects.published().between(first, second)
        self.marked_meetings = list(pair_meetings.for_timeline_marks())
        self.meetings = list(pair_meetings.for_public_list().latest_first()[:PAIR_RECORD_MEETINGS])
        if not self.periods and not self.meetings:
            raise Http404("Nothing is published about this pair yet.")
        return super().get(request, *args, **kwargs)

    def get_api_path(self):
        return f"/api/v1/relationships/{self.key}/"

    def get_citation_title(self):
        return f"{self.first.name} – {self.second.name}: partnership levels and meetings"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values, form = self.read_form(AsOfForm)
        on_date = LevelPeriod.objects.between(self.first, self.second).for_public_timeline()
        context.update(
            first=self.first,
            second=self.second,
            periods=self.periods,
            meetings=self.meetings,
            marked_meetings=self.marked_meetings,
            as_of=values["as_of"],
            as_of_form=form,
            levels_on_date=on_date.possibly_in_force_on(values["as_of"]),
        )
        return context


class TierListView(PublicPageMixin, ListView):
    template_name = "public/tier_list.html"
    context_object_name = "ladder"

    def get_queryset(self):
        return Tier.objects.for_public_ladder(dt.date.today())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "ladders": ladders.by_scheme(context["ladder"])}

    def get_api_path(self):
        return "/api/v1/tiers/"

    def get_citation_title(self):
        return "Partnership tiers"


class TierDetailView(PublicPageMixin, DetailView):
    template_name = "public/tier_detail.html"
    context_object_name = "tier"

    def get_object(self, queryset=None):
        # The dates are read first: the tier comes with its holders on the as-of date.
        self.values, self.changes_form = self.read_form(ChangesForm)
        tiers = Tier.objects.select_related("scheme__declaring_party").with_ladder_place()
        return get_object_or_404(
            tiers.with_holder_counts(self.values["as_of"]),
            scheme__slug=self.kwargs["scheme"],
            slug=self.kwargs["slug"],
        )

    def get_api_path(self):
        return "/api/v1/tiers/"

    def get_citation_title(self):
        return f"{self.object.name} ({self.object.scheme.name})"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tier = self.object
        holding = LevelPeriod.objects.filter(tier=tier).for_public_timeline()
        as_of, since = self.values["as_of"], self.values["since"]
        context.update(
            as_of=as_of,
            since=since,
            changes_form=self.changes_form,
            holders=ladders.declaring_side_first(holding.possibly_in_force_on(as_of), tier.scheme),
            joined=ladders.declaring_side_first(holding.joined_between(since, as_of), tier.scheme),
            left=ladders.declaring_side_first(holding.left_between(since, as_of), tier.scheme),
        )
        return context


class LenientPaginationMixin:
    """A page number out of range or not a number shows the nearest page, with a notice."""

    paginate_by = 20

    def paginate_queryset(self, queryset, page_size):
        paginator = Paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get("page") or "1"
        try:
            number = int(raw)
        except ValueError:
            self.notices.append(f"We ignored the page number “{raw}”: it is not a number.")
            number = 1
        if not 1 <= number <= paginator.num_pages:
            nearest = min(max(number, 1), paginator.num_pages)
            self.notices.append(
                f"There is no page {number}; this is page {nearest} of {paginator.num_pages}."
            )
            number = nearest
        page = paginator.page(number)
        return paginator, page, page.object_list, page.has_other_pages()


class MeetingListView(PublicPageMixin, LenientPaginationMixin, ListView):
    template_name = "public/meeting_list.html"
    context_object_name = "meetings"

    def get_queryset(self):
        published = Meeting.objects.published()
        self.filters, self.filter_form = self.read_form(
            MeetingFilterForm, parties=published.attending_parties(), people=published.attending_people()
        )
        meetings = published
        year = self.filters.get("year")
        if party := self.filters.get("party"):
            meetings = meetings.involving_in_year(party, year) if year else meetings.involving(party)
        if person := self.filters.get("person"):
            meetings = meetings.with_person(person)
        if mode := self.filters.get("mode"):
            meetings = meetings.of_mode(mode)
        if year:
            meetings = meetings.in_year(year)
        return meetings.for_public_list()

    def get_api_path(self):
        return "/api/v1/meetings/"

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, filters=self.filters, **kwargs)


class MeetingDetailView(PublicPageMixin, DetailView):
    template_name = "public/meeting_detail.html"
    context_object_name = "meeting"
    queryset = Meeting.objects.published().for_public_page()

    def get_api_path(self):
        return f"/api/v1/meetings/{self.object.pk}/"

    def get_citation_title(self):
        return f"{self.object.title} ({self.object.date_display})"

    def get_context_data(self, **kwargs):
        meeting = self.object
        announced = list(meeting.announced_levels.all())
        pairs = [
            {
                "first": first,
                "second": second,
                "announced": [p for p in announced if p.relationship.key == key],
            }
            for first, second in meeting.pairs()
            for key in [f"{first.code}-{second.code}"]
        ]
        return super().get_context_data(announced=announced, pairs=pairs, **kwargs)


class SourceDetailView(PublicPageMixin, DetailView):
    template_name = "public/source_detail.html"
    context_object_name = "source"

    def get_queryset(self):
        return public_sources()

    def get_api_path(self):
        return f"/api/v1/sources/{self.object.pk}/"

    def get_citation_title(self):
        source = self.object
        return (
            f"Claims backed by {source.publisher}: {source.title}"
            if source.publisher_known
            else f"Claims backed by “{source.title}”"
        )

    def get_context_data(self, **kwargs):
        source = self.object
        return super().get_context_data(
            levels=LevelPeriod.objects.cited_by(source).for_public_timeline(),
            meetings=Meeting.objects.published().cited_by(source),
            **kwargs,
        )


class PersonDetailView(PublicPageMixin, DetailView):
    template_name = "public/person_detail.html"
    context_object_name = "person"
    queryset = Person.objects.for_public_page()

    def get_api_path(self):
        return f"/api/v1/people/{self.object.slug}/"

    def get_citation_title(self):
        return f"{self.object.name}: positions and meetings"

    def get_context_data(self, **kwargs):
        meetings = Meeting.objects.published().with_person(self.object).for_public_list()
        return super().get_context_data(meetings=meetings, **kwargs)


class SearchView(PublicPageMixin, TemplateView):
    template_name = "public/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        values, form = self.read_form(SearchForm)
        text = values.get("q", "")
        context.update(search_form=form, q=text)
        if len(text) == 1:
            self.notices.append("Type at least two letters to search.")
        elif text:
            meetings = Meeting.objects.published().best_matches(text)
            sources = public_sources().best_matches(text)
            context.update(
                pairs=pair_search.suggested_pairs(text),
                parties=Party.objects.search(text)[:SEARCH_RESULTS],
                people=Person.objects.search(text)[:SEARCH_RESULTS],
                meetings=meetings.rows.for_public_list()[:SEARCH_RESULTS],
                sources=sources.rows[:SEARCH_RESULTS],
                candidates=sources.limit,
                more_meetings=meetings.more,
                more_sources=sources.more,
            )
        return context
