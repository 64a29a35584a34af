"""The public, server-rendered pages."""

from django.urls import path, re_path

from public import maps, network, trends, views

app_name = "public"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("parties/", views.PartyListView.as_view(), name="parties"),
    re_path(r"^parties/(?P<code>[A-Za-z0-9]{2,12})/$", views.PartyDetailView.as_view(), name="party"),
    re_path(
        r"^relationships/(?P<first>[A-Za-z0-9]{2,12})-(?P<second>[A-Za-z0-9]{2,12})/$",
        views.PairView.as_view(),
        name="pair",
    ),
    path("tiers/", views.TierListView.as_view(), name="tiers"),
    path("tiers/<slug:scheme>/<slug:slug>/", views.TierDetailView.as_view(), name="tier"),
    path("meetings/", views.MeetingListView.as_view(), name="meetings"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting"),
    path("sources/<int:pk>/", views.SourceDetailView.as_view(), name="source"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("network/", network.NetworkView.as_view(), name="network"),
    path("trends/", trends.TrendsView.as_view(), name="trends"),
    path("map/", maps.WorldMapView.as_view(), name="map"),
]
