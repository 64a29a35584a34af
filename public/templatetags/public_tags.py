"""Template tags for the public pages: the SVG charts (geometry in ``public.timeline``)."""

from django import template

from public import timeline

register = template.Library()


@register.inclusion_tag("public/includes/pair_timeline.html")
def pair_timeline(periods, meetings, label):
    """A pair's levels over the years, one band per scheme, with its meetings marked."""
    return {"chart": timeline.pair_chart(periods, meetings), "label": label}


@register.inclusion_tag("public/includes/changes_chart.html")
def changes_chart(periods, party):
    """A party's changes of level, stacked by year."""
    return {"chart": timeline.changes_chart(periods, party), "party": party}
