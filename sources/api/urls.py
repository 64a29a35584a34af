"""Sources, under /api/v1/ (config/api_urls.py gathers every app's routes)."""

from rest_framework.routers import SimpleRouter

from sources.api import views

router = SimpleRouter()
router.register("sources", views.SourceViewSet, basename="source")
