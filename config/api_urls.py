"""The REST API under /api/: the schema, its docs, and /api/v1/, where each app routes its own endpoints."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from dataset.api import urls as dataset_urls
from events.api import urls as events_urls
from partnerships.api import urls as partnerships_urls
from sources.api import urls as sources_urls

app_name = "api"

# One router, so that /api/v1/ lists every app's endpoints.
router = DefaultRouter(trailing_slash=True)
for app_urls in (sources_urls, partnerships_urls, events_urls):
    router.registry.extend(app_urls.router.registry)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the Content-Security-Policy allows no inline
    # script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("v1/", include(dataset_urls)),
    path("v1/", include(router.urls)),
]
