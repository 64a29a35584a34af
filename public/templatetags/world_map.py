"""``{% party_world_map party as_of %}``: the world map on a party's page, as of the page's day."""

from django import template

from public import maps
from public.forms import _years_before

register = template.Library()


@register.inclusion_tag("public/includes/world_map.html", takes_context=True)
def party_world_map(context, party, as_of):
    """The party's own ladder around it, or the ladder it is most in with it outlined (``maps``)."""
    scheme, centre = maps.scheme_for_party(party)
    if scheme is None:
        return {"map": None}
    drawn = maps.map_of(
        scheme,
        centre,
        as_of=as_of,
        since=_years_before(as_of, 5),
        highlight=None if centre == party else party,
    )
    return {"map": drawn, "steps": maps.time_control(drawn, context["request"].path, {})}
