"""The network page: who holds which level with whom on a date, drawn as an SVG computed here.

The drawing is server-rendered from ``partnerships.network`` (the same graph as ``/api/v1/network/``):
no script, no tiles, the same picture for the same data.
"""

import math
from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.views.generic import TemplateView

from partnerships.models import LevelPeriod, Scheme
from partnerships.network import network_data, shell_layout
from public.forms import AsOfForm
from public.mixins import PublicPageMixin
from public.svg import number

SIZE = 900
# Room around the drawing for the longest names (Democratic Republic of the Congo).
PADDING = 110


class NetworkForm(AsOfForm):
    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=Scheme.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
        empty_label="Every scheme",
    )
    min_rank = forms.IntegerField(
        label="Tiers of rank at least", required=False, min_value=0, max_value=32767
    )


def drawing(data: dict, size: int = SIZE) -> dict:
    """Lines, dots and labels of the network's SVG: positions from the shell layout, each edge's width
    and darkness by its tier's rank within the drawing's ranks; every attribute ready to write."""
    placed = shell_layout(data, size=size)
    top = max((edge["weight"] for edge in data["edges"]), default=1) or 1
    lines = []
    for edge in data["edges"]:
        a, b = placed[edge["source"]], placed[edge["target"]]
        share = edge["weight"] / top
        lines.append(
            {
                **edge,
                "x1": number(a.x),
                "y1": number(a.y),
                "x2": number(b.x),
                "y2": number(b.y),
                "width": f"{0.6 + 3.4 * share:.2f}",
                "opacity": f"{0.25 + 0.75 * share:.2f}",
                "names": (a.name, b.name),
                "href": reverse("public:pair", args=[edge["source"], edge["target"]]),
            }
        )
    centre, dots = size / 2, []
    for node in placed.values():
        angle = math.degrees(math.atan2(node.y - centre, node.x - centre))
        left = abs(angle) > 90
        x, y = number(node.x), number(node.y)
        # Labels run outward from the ring; on the left half they are turned to read left to right. A hub's
        # label stands above it.
        label = (
            {"dx": "0", "dy": "-13", "anchor": "middle", "transform": ""}
            if node.hub
            else {
                "dx": "-9" if left else "9",
                "dy": "4",
                "anchor": "end" if left else "start",
                "transform": f"rotate({number(angle + 180 if left else angle)} {x} {y})",
            }
        )
        dots.append(
            {
                "id": node.id,
                "name": node.name,
                "x": x,
                "y": y,
                "r": "9" if node.hub else "4",
                "fill": "#b03a2e" if node.hub else "#1f4e79",
                "href": reverse("public:party", args=[node.id]),
                **label,
            }
        )
    box = f"{-PADDING} {-PADDING} {size + 2 * PADDING} {size + 2 * PADDING}"
    return {"size": size, "view_box": box, "lines": lines, "dots": dots}


class NetworkView(PublicPageMixin, TemplateView):
    template_name = "public/network.html"

    def get_api_path(self):
        return f"/api/v1/network/?{urlencode(self.api_params)}"

    def get_citation_title(self):
        return "Partnership network"

    def get_context_data(self, **kwargs):
        values, form = self.read_form(NetworkForm)
        as_of, scheme, min_rank = values["as_of"], values.get("scheme"), values.get("min_rank")
        levels = LevelPeriod.objects.published().in_force_on(as_of)
        self.api_params = {"as_of": as_of.isoformat()}
        if scheme:
            levels = levels.in_scheme(scheme)
            self.api_params["scheme"] = scheme.slug
        if min_rank is not None:
            levels = levels.at_least_rank(min_rank)
            self.api_params["min_rank"] = min_rank
        data = network_data(levels.for_network(), as_of=as_of)
        context = super().get_context_data(**kwargs)
        context.update(
            form=form,
            as_of=as_of,
            scheme=scheme,
            network=data,
            drawing=drawing(data),
            api_query=urlencode(self.api_params),
            as_of_query=urlencode({"as_of": as_of.isoformat()}),
        )
        return context
