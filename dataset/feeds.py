"""An Atom feed of the newest published levels and meetings, for readers (clients that sync use the API)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.api.views import ANONYMOUS_MAX_AGE, conditional
from dataset.changes import latest_published

FEED_LENGTH = 50


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = "Entente: newly published partnership levels and meetings"
    subtitle = "Levels and meetings as they are published or corrected, newest first."

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = f"public, max-age={ANONYMOUS_MAX_AGE}"
        return conditional(request, response)

    def link(self):
        return reverse("api:change-list")

    def items(self):
        return latest_published(FEED_LENGTH)

    def item_title(self, change):
        return change.summary

    def item_description(self, change):
        kind = "Level" if change.record == "level" else "Meeting"
        return f"{kind} published or corrected on {change.at:%Y-%m-%d}: {change.summary}"

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        return f"{change.url}#{change.at.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, change):
        return change.at

    def item_updateddate(self, change):
        return change.at
