"""Import and export on the curators' lists of sources, level periods and meetings.

The lists are the apps' own admins; this app adds the screens of django-import-export to them, read and
written by the data package's row codecs (``dataset.resources``), so a file means the same here as in
``import_dataset``. The screen reads a file whole within one request: a larger one is refused with a
word on the command that streams it.
"""

from django import forms
from django.contrib import admin
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from dataset.resources import LevelPeriodResource, MeetingResource, SourceResource
from events import admin as events_admin
from events.models import Meeting
from partnerships import admin as partnerships_admin
from partnerships.models import LevelPeriod
from sources import admin as sources_admin
from sources.models import Source

# What one request previews and imports in well under a minute (some thousands of rows).
ADMIN_IMPORT_MAX_BYTES = 2 * 1024 * 1024


class SizeLimitedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > ADMIN_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"This file is {upload.size / 1024 / 1024:.1f} MB: the admin imports files of up to "
                f"{ADMIN_IMPORT_MAX_BYTES // 1024 // 1024} MB in one request. Import a larger file with "
                "“manage.py import_dataset FILE”, which streams it into the database in one transaction."
            )
        return upload


class ImportScreen(ImportExportMixin):
    import_form_class = SizeLimitedImportForm


admin.site.unregister([Source, LevelPeriod, Meeting])


@admin.register(Source)
class SourceAdmin(ImportScreen, sources_admin.SourceAdmin):
    resource_classes = [SourceResource]


@admin.register(LevelPeriod)
class LevelPeriodAdmin(ImportScreen, partnerships_admin.LevelPeriodAdmin):
    resource_classes = [LevelPeriodResource]


@admin.register(Meeting)
class MeetingAdmin(ImportScreen, events_admin.MeetingAdmin):
    resource_classes = [MeetingResource]
