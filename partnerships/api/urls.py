"""Parties, schemes, tiers and levels, under /api/v1/ (config/api_urls.py gathers every app's routes)."""

from rest_framework.routers import SimpleRouter

from partnerships.api import network, views

router = SimpleRouter()
router.register("parties", views.PartyViewSet, basename="party")
router.register("schemes", views.SchemeViewSet, basename="scheme")
router.register("tiers", views.TierViewSet, basename="tier")
router.register("levels", views.LevelViewSet, basename="level")
router.register("network", network.NetworkViewSet, basename="network")
router.register("coverage", views.CoverageCheckViewSet, basename="coverage-check")
