"""The REST API under /api/ (schema, docs, and /api/v1/)."""

urlpatterns = []
