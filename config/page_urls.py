"""The public, server-rendered pages."""

urlpatterns = []
