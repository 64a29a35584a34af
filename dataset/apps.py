from django.apps import AppConfig


class DatasetConfig(AppConfig):
    """What spans the whole dataset: the data package (export and import), the demo data, the change log
    and its feed, the curators' roles. Reads sources, partnerships and events; none of them imports it."""

    name = "dataset"
    verbose_name = "Dataset"
