"""``/api/v1/network/``: parties and the levels they hold on a date, as JSON, GEXF or GraphML (for Gephi)."""

import json

from django.utils.html import escape
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.utils import encoders

from core.api.views import ApiViewMixin
from partnerships.api.filters import LevelParametersMixin
from partnerships.models import LevelPeriod
from partnerships.network import gexf, graphml, network_data


class NetworkFilterSet(LevelParametersMixin):
    """The levels parameters that choose a network's edges; current levels when ``as_of`` is absent."""

    # A network is drawn from the levels as they stand: no history parameters.
    changed_since = None
    as_recorded = None

    class Meta:
        model = LevelPeriod
        fields = ["party", "scheme", "tier", "min_rank", "as_of", "include_uncertain"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        levels = self.choose_levels(queryset if data.get("as_of") else queryset.current())
        for party in data.get("party") or []:
            levels = levels.involving(party)
        return levels


class NodeSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="The party's code (see /api/v1/parties/).")
    name = serializers.CharField(help_text="The party's name.")
    kind = serializers.CharField(help_text="country, or organisation.")
    degree = serializers.IntegerField(help_text="How many of the edges touch it.")

    class Meta:
        examples = {"id": "KH", "name": "Cambodia", "kind": "country", "degree": 3}


class EdgeSerializer(serializers.Serializer):
    source = serializers.CharField(help_text="One party's code (the pair is unordered).")
    target = serializers.CharField(help_text="The other party's code.")
    relationship = serializers.CharField(help_text="The pair, as in /api/v1/relationships/CN-KH/.")
    level_id = serializers.IntegerField(help_text="The level period (see /api/v1/levels/{id}/).")
    scheme = serializers.CharField(help_text="The scheme whose tier the pair holds.")
    tier = serializers.CharField(help_text="The tier's slug.")
    tier_name = serializers.CharField(help_text="The tier's canonical English name.")
    weight = serializers.IntegerField(help_text="The tier's rank within its scheme: higher is closer.")
    since = serializers.CharField(
        allow_null=True, help_text="When the level began, in EDTF (2015, 2011-06, 2015~); null if unknown."
    )
    certain = serializers.BooleanField(
        help_text="False when the level only possibly held on as_of (include_uncertain=true)."
    )

    class Meta:
        examples = {
            "source": "CN",
            "target": "KH",
            "relationship": "CN-KH",
            "level_id": 412,
            "scheme": "cn",
            "tier": "comprehensive-strategic-cooperative-partnership",
            "tier_name": "comprehensive strategic cooperative partnership",
            "weight": 60,
            "since": "2010-12",
            "certain": True,
        }


class NetworkSerializer(serializers.Serializer):
    as_of = serializers.DateField(
        allow_null=True, help_text="The day the levels held (a year or month given means its last day)."
    )
    nodes = NodeSerializer(many=True, help_text="The parties holding at least one of the edges.")
    edges = EdgeSerializer(
        many=True, help_text="One per level: a pair holding levels in two schemes has two."
    )

    class Meta:
        examples = {"as_of": "2020-01-01"}


class GraphRenderer(BaseRenderer):
    """A network answer as a graph file; an error as a short XML document naming the parameter; anything
    else (the OPTIONS description) as its JSON inside an XML element."""

    charset = None
    write = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.exception:
            items = data.items() if isinstance(data, dict) else [("detail", data)]
            errors = "".join(
                f'<error parameter="{escape(name)}">{escape(_joined(messages))}</error>'
                for name, messages in items
            )
            return f'<?xml version="1.0" encoding="utf-8"?><errors>{errors}</errors>'.encode()
        if not (isinstance(data, dict) and "nodes" in data and "edges" in data):
            text = escape(json.dumps(data, cls=encoders.JSONEncoder, ensure_ascii=False))
            return f'<?xml version="1.0" encoding="utf-8"?><description>{text}</description>'.encode()
        return type(self).write(data)


def _joined(messages) -> str:
    return " ".join(map(str, messages)) if isinstance(messages, list) else str(messages)


class GexfRenderer(GraphRenderer):
    media_type = "application/gexf+xml"
    format = "gexf"
    write = staticmethod(gexf)


class GraphMLRenderer(GraphRenderer):
    media_type = "application/graphml+xml"
    format = "graphml"
    write = staticmethod(graphml)


GRAPH_FILE = OpenApiResponse(
    OpenApiTypes.STR, description="The same graph as a file for Gephi, yEd, networkx."
)


@extend_schema_view(
    list=extend_schema(
        summary="The network of parties and levels on a date",
        description="Nodes are parties; each level in force on `as_of` (current levels without it) is an "
        "edge between its two parties, weighted by its tier's rank. The edges are exactly the levels "
        "`/api/v1/relationships/` lists with the same parameters. `format=gexf` or `format=graphml` "
        "answers the same graph as a file (networkx writes it).",
        responses={
            (200, "application/json"): NetworkSerializer,
            (200, "application/gexf+xml"): GRAPH_FILE,
            (200, "application/graphml+xml"): GRAPH_FILE,
        },
    ),
)
class NetworkViewSet(ApiViewMixin, viewsets.GenericViewSet):
    filterset_class = NetworkFilterSet
    pagination_class = None
    # One graph, not a list of them (core.api.schema).
    answers_one_object = True
    format_description = (
        "`gexf` or `graphml` for a graph file (or send its `Accept` type); `json` by default."
    )
    format_example = "gexf"
    as_of = None

    def get_renderers(self):
        # No CSV (a graph is not one table) and no browsable page: JSON, or a graph file.
        return [JSONRenderer(), GexfRenderer(), GraphMLRenderer()]

    def get_queryset(self):
        return LevelPeriod.objects.visible_to(self.request.user)

    def list(self, request, *args, **kwargs):
        levels = self.filter_queryset(self.get_queryset()).for_network()
        # Already checked by the filter set: read again for the answer to say which day it means.
        self.as_of = self.filterset_class.base_filters["as_of"].field.clean(request.query_params.get("as_of"))
        return Response(NetworkSerializer(network_data(levels, as_of=self.as_of)).data)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(request, "accepted_renderer", None)
        if response.status_code == 200 and isinstance(renderer, GraphRenderer):
            day = self.as_of.isoformat() if self.as_of else "current"
            response["Content-Disposition"] = (
                f'attachment; filename="entente-network-{day}.{renderer.format}"'
            )
        return response
