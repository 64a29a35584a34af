from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """Turning news articles into candidate claims.

    Reads sources, partnerships and events; none of them imports it.
    """

    name = "intake"
    verbose_name = "Article intake"
