"""The app's URLs, and the naive DRF baseline under /naive/ (bench run only)."""

from django.urls import include, path

urlpatterns = [
    path("naive/", include("bench.naive_drf")),
    path("", include("config.urls")),
]
