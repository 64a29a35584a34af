"""The admin's import and export screens (django-import-export), driven by the data package's row codecs.

A resource names the codec's columns as its fields, asks the codec to find, apply and render rows, and
checks each record with its model's ``full_clean()``. A file with any error is refused whole. A row
writing a level or a meeting in a status the curator may not write is refused as on the data package
screen (``dataset.importing.reviewed``).
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.resources import Diff

from dataset.codecs.cells import RowErrors
from dataset.codecs.levels import LevelPeriodRows, key_of_period
from dataset.codecs.meetings import MeetingRows
from dataset.codecs.sources import SourceRows
from dataset.importing.reviewed import CLAIM_TABLES, Statuses, refusal
from events.models import Meeting
from partnerships.models import LevelPeriod
from sources.models import Source


class _CodecDiff(Diff):
    """The admin preview's before/after columns, rendered by the row codec."""

    @classmethod
    def _read_field_values(cls, resource, instance):
        row = resource.render(instance)
        return [row.get(field.column_name, "") for field in resource.get_import_fields()]


class RowCodecResource(resources.ModelResource):
    """An admin import/export resource driven by a row codec (``rows_class``).

    Rows are matched by natural key, checked by the codec and the model's ``full_clean()``, and a file
    with any error is refused whole: the admin offers to confirm only an error-free preview, and the
    confirmed import rolls back if a row fails then.
    """

    rows_class = None  # set by @columns_of

    class Meta:
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True

    def __init__(self, *, statuses: Statuses = None, **kwargs):
        """``statuses``: what the curator may write per claim table (``reviewed.statuses_for``); None:
        every status."""
        super().__init__(**kwargs)
        self.rows = self.rows_class()
        self.statuses = statuses

    def get_import_id_fields(self):
        return []

    def get_diff_class(self):
        return _CodecDiff

    def import_data(self, dataset, *args, **kwargs):
        # All or nothing: a row failing at confirmation (data changed since the preview) undoes the rest.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, *args, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.rows.prepare([dict(zip(dataset.headers, values, strict=False)) for values in dataset])

    def get_instance(self, instance_loader, row):
        return self.rows.find(row)

    def import_instance(self, instance, row, **kwargs):
        before = self.rows.snapshot(instance) if instance.pk else None
        self.recorded_status = getattr(instance, "status", None) if instance.pk else None
        self.pending = self.rows.apply(row, instance)
        self.unchanged = (
            before is not None and before == self.rows.snapshot(instance) and self.related_unchanged(instance)
        )

    def related_unchanged(self, instance) -> bool:
        return True

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and self.unchanged

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = RowErrors(self.rows.field_columns)
        for column, messages in (import_validation_errors or {}).items():
            for message in messages:
                errors.add(column, message)
        if not errors:
            try:
                instance.full_clean()
            except ValidationError as error:
                errors.add_validation_error(error)
        if not errors and self.rows.table in CLAIM_TABLES:
            # Only rows that write come here: an unchanged one is skipped (skip_row).
            refused = refusal(self.rows.table, self.recorded_status, instance.status, self.statuses)
            if refused:
                errors.add("status", refused)
        errors.raise_if_any()

    def render(self, instance) -> dict[str, str]:
        return self.rows.to_row(instance)

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = self.render(instance)
        return [row[field.column_name] for field in self.get_export_fields(selected_fields)]

    def filter_export(self, queryset, **kwargs):
        return self.rows.for_export(queryset)


def columns_of(rows_class):
    """Class decorator: the resource's fields are the codec's columns, in order (not the model's fields)."""

    def decorate(resource_class):
        resource_class.rows_class = rows_class
        resource_class.fields = {
            column: fields.Field(attribute=None, column_name=column) for column in rows_class.columns
        }
        return resource_class

    return decorate


@columns_of(SourceRows)
class SourceResource(RowCodecResource):
    """Sources: matched by URL, or by title and publisher."""

    class Meta(RowCodecResource.Meta):
        model = Source
        fields = SourceRows.columns
        name = "Sources (matched by URL, or by title and publisher)"

    def after_save_instance(self, instance, row, **kwargs):
        self.rows.index.add(instance)


@columns_of(LevelPeriodRows)
class LevelPeriodResource(RowCodecResource):
    """Level periods with their citations: matched by pair, scheme, tier and start."""

    class Meta(RowCodecResource.Meta):
        model = LevelPeriod
        fields = LevelPeriodRows.columns
        name = "Level periods (pair by party codes, tier by scheme and slug, sources by URL)"

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        relationship = self.rows.relationship_for(self.pending.first, self.pending.second)
        if relationship.pk is None:
            # Inside the import's transaction: a refused file or a preview leaves no pair behind.
            relationship.save()
        instance.relationship = relationship

    def related_unchanged(self, instance) -> bool:
        return self.pending.citations_unchanged(self.rows.citations.get(instance.pk, set()))

    def after_save_instance(self, instance, row, **kwargs):
        self.rows.write_citations({instance.pk: self.pending})
        self.rows.periods[key_of_period(instance)] = instance


@columns_of(MeetingRows)
class MeetingResource(RowCodecResource):
    """Meetings with their parties, participants, citations and the levels they announced."""

    class Meta(RowCodecResource.Meta):
        model = Meeting
        fields = MeetingRows.columns
        name = "Meetings (matched by title and date; parties by code, people by slug or name)"

    def related_unchanged(self, instance) -> bool:
        return self.rows.unchanged(instance, self.pending)

    def after_save_instance(self, instance, row, **kwargs):
        self.rows.write_parts({instance.pk: self.pending})
        self.rows.meetings[MeetingRows.key_of(instance)] = instance
