"""Parties and their levels as a graph: nodes are parties, edges the levels they hold (one per scheme).

The API serves it as JSON, GEXF and GraphML (networkx writes the last two), the network page draws it.
An edge's weight is its tier's rank: the closer the partnership, the heavier the edge.
"""

import datetime as dt
import io
import math
from dataclasses import dataclass

import networkx as nx

from core.partial_dates import edtf_date


def level_edge(level) -> dict:
    """One level as an edge (the JSON the API answers; GEXF and GraphML carry the same attributes)."""
    relationship = level.relationship
    return {
        "source": relationship.party_a.code,
        "target": relationship.party_b.code,
        "relationship": relationship.key,
        "level_id": level.pk,
        "scheme": level.scheme.slug,
        "tier": level.tier.slug,
        "tier_name": level.tier.name,
        "weight": level.tier.rank,
        "since": edtf_date(level.start_date, level.start_date_precision, approximate=level.start_approximate),
        "certain": getattr(level, "is_certain", True),
    }


def network_data(levels, *, as_of: dt.date | None) -> dict:
    """The graph of ``levels`` (a ``for_network()`` queryset, read once): its parties and its edges."""
    nodes, edges = {}, []
    for level in levels:
        for party in (level.relationship.party_a, level.relationship.party_b):
            node = nodes.setdefault(
                party.code, {"id": party.code, "name": party.name, "kind": party.kind, "degree": 0}
            )
            node["degree"] += 1
        edges.append(level_edge(level))
    return {
        "as_of": as_of.isoformat() if as_of else None,
        "nodes": sorted(nodes.values(), key=lambda node: node["id"]),
        "edges": edges,
    }


def as_graph(data: dict) -> nx.MultiGraph:
    """``network_data`` as a networkx graph: a pair holding levels in two schemes has two edges."""
    graph = nx.MultiGraph(as_of=data["as_of"] or "")
    for node in data["nodes"]:
        graph.add_node(node["id"], label=node["name"], kind=node["kind"], degree=node["degree"])
    for edge in data["edges"]:
        # GEXF and GraphML hold no null: an unknown start is written empty.
        attributes = {key: ("" if value is None else value) for key, value in edge.items()}
        source, target = attributes.pop("source"), attributes.pop("target")
        graph.add_edge(source, target, key=attributes["scheme"], **attributes)
    return graph


def gexf(data: dict) -> bytes:
    handle = io.BytesIO()
    nx.write_gexf(as_graph(data), handle)
    return handle.getvalue()


def graphml(data: dict) -> bytes:
    handle = io.BytesIO()
    nx.write_graphml(as_graph(data), handle)
    return handle.getvalue()


# Drawing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placed:
    id: str
    name: str
    x: float
    y: float
    hub: bool


def shell_layout(data: dict, *, size: float = 600, hubs: int | None = None) -> dict[str, Placed]:
    """Nodes on two circles, the same every time: the most connected parties (the declaring sides) on
    the inner one, every other party on the outer one in order of its strongest tie, then by name.

    networkx's own ``shell_layout`` computes the same thing but needs numpy, which nothing else here
    uses; this is the few lines of trigonometry it does.
    """
    nodes = data["nodes"]
    if not nodes:
        return {}
    strongest = {}
    for edge in data["edges"]:
        for code in (edge["source"], edge["target"]):
            strongest[code] = max(strongest.get(code, 0), edge["weight"])
    by_degree = sorted(nodes, key=lambda node: (-node["degree"], node["id"]))
    if hubs is None:
        # A party tied to many is a hub: a scheme's declaring side, or a few of them.
        hubs = sum(1 for node in by_degree if node["degree"] > max(2, len(nodes) // 10)) or 1
    inner, outer = by_degree[:hubs], by_degree[hubs:]
    outer.sort(key=lambda node: (-strongest.get(node["id"], 0), node["name"]))
    centre, placed = size / 2, {}
    # The outer ring leaves a margin for the labels written outward from it.
    for ring, radius in ((inner, 0 if len(inner) == 1 else size * 0.12), (outer, size * 0.36)):
        for index, node in enumerate(ring):
            angle = 2 * math.pi * index / max(len(ring), 1) - math.pi / 2
            placed[node["id"]] = Placed(
                node["id"],
                node["name"],
                round(centre + radius * math.cos(angle), 1),
                round(centre + radius * math.sin(angle), 1),
                ring is inner,
            )
    return placed
