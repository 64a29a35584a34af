from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Entente curation"
admin.site.site_title = "Entente"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("config.api_urls")),
    path("", include("config.page_urls")),
]
