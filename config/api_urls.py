"""The REST API under /api/ (schema, docs, and /api/v1/)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from events.api import views as events
from events.feeds import ChangesFeed
from partnerships.api import views as partnerships

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.register("parties", partnerships.PartyViewSet, basename="party")
router.register("schemes", partnerships.SchemeViewSet, basename="scheme")
router.register("tiers", partnerships.TierViewSet, basename="tier")
router.register("relationships", events.RelationshipViewSet, basename="relationship")
router.register("levels", partnerships.LevelViewSet, basename="level")
router.register("meetings", events.MeetingViewSet, basename="meeting")
router.register("people", events.PersonViewSet, basename="person")
router.register("sources", events.SourceViewSet, basename="source")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline
    # script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/changes/", events.ChangeList.as_view(), name="change-list"),
    path("v1/changes/feed/", ChangesFeed(), name="changes-feed"),
    path("v1/export/", events.export, name="export"),
    path("v1/", include(router.urls)),
]
