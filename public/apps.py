from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The public, server-rendered pages. Reads every app; none imports it."""

    name = "public"
    verbose_name = "Public pages"
