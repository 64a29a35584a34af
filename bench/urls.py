"""The app's URLs, the naive DRF baseline under /naive/ and the framework floor (bench run only)."""

from django.urls import include, path

urlpatterns = [
    path("naive/", include("bench.naive_drf")),
    path("bench-floor/", include("bench.floor")),
    path("", include("config.urls")),
]
