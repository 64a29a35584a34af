"""Import and export on the curators' lists of sources, level periods and meetings.

The lists are the apps' own admins; this app adds the screens of django-import-export to them, read and
written by the data package's row codecs (``dataset.resources``), so a file means the same here as in
``import_dataset``.
"""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from dataset.resources import LevelPeriodResource, MeetingResource, SourceResource
from events import admin as events_admin
from events.models import Meeting
from partnerships import admin as partnerships_admin
from partnerships.models import LevelPeriod
from sources import admin as sources_admin
from sources.models import Source

admin.site.unregister([Source, LevelPeriod, Meeting])


@admin.register(Source)
class SourceAdmin(ImportExportMixin, sources_admin.SourceAdmin):
    resource_classes = [SourceResource]


@admin.register(LevelPeriod)
class LevelPeriodAdmin(ImportExportMixin, partnerships_admin.LevelPeriodAdmin):
    resource_classes = [LevelPeriodResource]


@admin.register(Meeting)
class MeetingAdmin(ImportExportMixin, events_admin.MeetingAdmin):
    resource_classes = [MeetingResource]
