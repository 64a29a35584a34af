"""Import and export on the curators' lists of sources, level periods and meetings.

The lists are the apps' own admins; this app adds the screens of django-import-export to them, read and
written by the data package's row codecs (``dataset.resources``), so a file means the same here as in
``import_dataset``. The screen reads a file whole within one request: a larger one is refused with a
word on the screens that stream it, "Import a data package" (``dataset.admin_import``) and the command.

Importing needs the model's add and change permissions, exporting its view permission
(``IMPORT_EXPORT_*_PERMISSION_CODE``: the library lets any staff user in without them); a row writing a
published or retracted claim needs a reviewer (``dataset.importing.reviewed``).
"""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from dataset.admin_import import can_import_package
from dataset.importing.reviewed import statuses_for
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
                format_html(
                    "This file is {} MB: the admin imports files of up to {} MB in one request here. Import "
                    'a larger one with <a href="{}">Import a data package</a> (up to {} MB, streamed), or '
                    "with “manage.py import_dataset FILE”, which streams it into the database in one "
                    "transaction.",
                    f"{upload.size / 1024 / 1024:.1f}",
                    ADMIN_IMPORT_MAX_BYTES // 1024 // 1024,
                    reverse("admin:dataset_import"),
                    settings.PACKAGE_IMPORT_MAX_BYTES // 1024 // 1024,
                )
            )
        return upload


class ImportScreen(ImportExportMixin):
    import_form_class = SizeLimitedImportForm
    # The library's object tools (Import, Export), and a link to the screen that imports a whole package.
    import_export_change_list_template = "admin/dataset/change_list.html"

    def has_import_permission(self, request):
        # The setting asks for the add permission; an import changes recorded rows too.
        return super().has_import_permission(request) and self.has_change_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "statuses": statuses_for(request.user),
        }

    def changelist_view(self, request, extra_context=None):
        context = {"can_import_package": can_import_package(request.user), **(extra_context or {})}
        return super().changelist_view(request, context)


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
