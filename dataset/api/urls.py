"""The change log, its feed and the data package, under /api/v1/."""

from django.urls import path

from dataset.api import views
from dataset.feeds import ChangesFeed

urlpatterns = [
    path("changes/", views.ChangeList.as_view(), name="change-list"),
    path("changes/feed/", ChangesFeed(), name="changes-feed"),
    path("export/", views.export, name="export"),
]
