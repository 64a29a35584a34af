from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app stands on: partial dates, history, versions, kept answers, the API's and the admin's
    shared parts, backups. Knows none of the apps above it."""

    name = "core"
    verbose_name = "Platform"
