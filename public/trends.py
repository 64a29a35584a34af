"""The trends page: per scheme, how many partners held each tier at the end of each year, and the
upgrades of each year; a stacked SVG chart, the same figures as a table beside it, and as CSV.

A year's count is the levels certainly in force on its 31 December (on today for the year under way):
what ``/api/v1/relationships/?as_of=YYYY-12-31&scheme=…`` lists, so a reader can check any bar.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django import forms
from django.db.models import Min
from django.http import HttpResponse
from django.views.generic import TemplateView

from partnerships.models import ChangeKind, LevelPeriod, Scheme, Tier
from public.forms import LenientForm
from public.mixins import PublicPageMixin
from public.svg import number

# Sequential and colour-blind-safe (viridis stops), lowest rank lightest; tiers of a ladder longer than
# the palette share a colour with a neighbour.
PALETTE = [
    "#fde725", "#c2df23", "#86d549", "#52c569", "#2ab07f", "#1e9b8a", "#25858e",
    "#2d708e", "#38588c", "#433e85", "#482173", "#440154", "#2a0033",
]  # fmt: skip
WIDTH, HEIGHT = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 44, 10, 12, 30


class TrendsForm(LenientForm):
    scheme = forms.ModelChoiceField(
        label="Scheme", queryset=Scheme.objects.order_by("slug"), to_field_name="slug", required=False
    )

    def defaults(self) -> dict:
        return {"scheme": Scheme.objects.filter(slug="cn").first() or Scheme.objects.order_by("slug").first()}


@dataclass
class Trends:
    """The yearly figures of one scheme: ``counts[year][tier id]``, and the changes begun each year."""

    scheme: Scheme
    tiers: list[Tier]  # highest rank first, as a ladder is read
    years: list[int]
    counts: dict[int, dict[int, int]] = field(default_factory=dict)
    changes: dict[int, dict[str, int]] = field(default_factory=dict)

    def total(self, year: int) -> int:
        return sum(self.counts.get(year, {}).values())

    def rows(self) -> list[dict]:
        """One per year: the count at each tier (ladder order), the total, partnerships begun, upgrades."""
        return [
            {
                "year": year,
                "cells": [(tier, self.counts.get(year, {}).get(tier.pk, 0)) for tier in self.tiers],
                "total": self.total(year),
                "established": self.changes.get(year, {}).get(ChangeKind.ESTABLISHED, 0),
                "upgraded": self.changes.get(year, {}).get(ChangeKind.UPGRADED, 0),
            }
            for year in self.years
        ]


def trends_of(scheme: Scheme, today: dt.date) -> Trends:
    """The scheme's published levels counted year by year, from the year the first of them began."""
    levels = LevelPeriod.objects.published().in_scheme(scheme)
    tiers = list(Tier.objects.filter(scheme=scheme).order_by("-rank", "name"))
    first = levels.aggregate(first=Min("start_date"))["first"]
    if first is None:
        return Trends(scheme, tiers, [])
    trends = Trends(scheme, tiers, list(range(first.year, today.year + 1)))
    for year, tier_id, count in levels.tier_counts_by_year(first.year, today.year, today=today):
        trends.counts.setdefault(year, {})[tier_id] = count
    for row in levels.changes_by_year():
        trends.changes.setdefault(row["year"], {})[row["change_kind"]] = row["levels"]
    return trends


def _nice_ceiling(value: int) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if value <= step * 5:
            return max(step, -(-value // step) * step)
    return value


def ladder_colours(tiers: list[Tier]) -> dict[int, str]:
    """A colour per tier, spread over the whole palette whatever the ladder's length, lowest lightest."""
    steps = max(len(tiers) - 1, 1)
    return {
        tier.pk: PALETTE[round(index * (len(PALETTE) - 1) / steps)]
        for index, tier in enumerate(reversed(tiers))
    }


def stacked_chart(trends: Trends) -> dict:
    """Rectangles, axis ticks and legend of the stacked chart: bottom to top from the lowest rank."""
    top = _nice_ceiling(max((trends.total(year) for year in trends.years), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(trends.years), 1)
    colours = ladder_colours(trends.tiers)
    bars, labels = [], []
    label_every = 1 if len(trends.years) <= 16 else 5
    for index, year in enumerate(trends.years):
        x = LEFT + index * slot + slot * 0.1
        base = 0
        for tier in reversed(trends.tiers):
            count = trends.counts.get(year, {}).get(tier.pk, 0)
            if not count:
                continue
            height = plot_h * count / top
            y = TOP + plot_h - plot_h * (base + count) / top
            bars.append(
                {
                    "x": number(x),
                    "y": number(y),
                    "width": number(slot * 0.8),
                    "height": number(height),
                    "fill": colours[tier.pk],
                    "year": str(year),
                    "tier": tier,
                    "count": str(count),
                }
            )
            base += count
        if year % label_every == 0 or len(trends.years) <= 16:
            labels.append({"x": number(x + slot * 0.4), "year": str(year)})
    ticks = [
        {"y": number(TOP + plot_h - plot_h * value / top), "value": str(value)}
        for value in range(0, top + 1, max(top // 5, 1))
    ]
    legend = [{"tier": tier, "fill": colours[tier.pk]} for tier in trends.tiers]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": legend,
    }


def upgrades_chart(trends: Trends, height: int = 160) -> dict:
    """Bars of the upgrades begun each year (a level replacing a lower one of the same pair)."""
    upgrades = [(year, trends.changes.get(year, {}).get(ChangeKind.UPGRADED, 0)) for year in trends.years]
    top = _nice_ceiling(max((count for _, count in upgrades), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - TOP - BOTTOM
    slot = plot_w / max(len(upgrades), 1)
    bars = [
        {
            "x": number(LEFT + index * slot + slot * 0.1),
            "y": number(TOP + plot_h - plot_h * count / top),
            "width": number(slot * 0.8),
            "height": number(plot_h * count / top),
            "year": year,
            "count": str(count),
        }
        for index, (year, count) in enumerate(upgrades)
        if count
    ]
    ticks = [
        {"y": number(TOP + plot_h - plot_h * value / top), "value": str(value)}
        for value in range(0, top + 1, max(top // 2, 1))
    ]
    return {
        "width": WIDTH,
        "height": height,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bars": bars,
        "ticks": ticks,
    }


def trends_csv(trends: Trends) -> str:
    handle = io.StringIO()
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(["year", *(tier.slug for tier in trends.tiers), "total", "established", "upgraded"])
    for row in trends.rows():
        writer.writerow(
            [
                row["year"],
                *(count for _, count in row["cells"]),
                row["total"],
                row["established"],
                row["upgraded"],
            ]
        )
    return handle.getvalue()


class TrendsView(PublicPageMixin, TemplateView):
    template_name = "public/trends.html"

    def get(self, request, *args, **kwargs):
        values, self.form = self.read_form(TrendsForm)
        self.scheme = values.get("scheme")
        self.trends = trends_of(self.scheme, dt.date.today()) if self.scheme else None
        if request.GET.get("format") == "csv" and self.trends is not None:
            response = HttpResponse(trends_csv(self.trends), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="entente-trends-{self.scheme.slug}.csv"'
            return response
        return super().get(request, *args, **kwargs)

    def get_citation_title(self):
        return f"Partnership trends: {self.scheme.name}" if self.scheme else "Partnership trends"

    def get_api_path(self):
        last_year = dt.date.today().year - 1
        return f"/api/v1/relationships/?scheme={self.scheme.slug}&as_of={last_year}" if self.scheme else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, scheme=self.scheme, trends=self.trends, today=dt.date.today())
        if self.trends is not None:
            context.update(
                rows=self.trends.rows(),
                chart=stacked_chart(self.trends),
                upgrades=upgrades_chart(self.trends),
            )
        return context
