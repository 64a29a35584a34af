"""Meetings, people, and pairs with their meetings, under /api/v1/ (config/api_urls.py gathers every app's
routes)."""

from rest_framework.routers import SimpleRouter

from events.api import views

router = SimpleRouter()
# The pairs list is partnerships'; each pair's record adds its meetings, so the endpoint is served from here.
router.register("relationships", views.RelationshipViewSet, basename="relationship")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("people", views.PersonViewSet, basename="person")
