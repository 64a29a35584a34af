"""The admin's "Import a data package" screen: ``import_dataset``'s path behind an upload form.

A curator uploads a data package (the zip ``export_dataset`` writes) or one CSV or JSON file named after
its table. The file is streamed to a temporary file, never read into memory, and imported as a dry run:
the screen shows the report (counts per table, every problem by table, row and column). Confirming
imports the same kept file for real, under the history context ``command="admin import"``, and removes
it. One rejected row and nothing is written, on either step. Published and retracted claims are the
reviewers': an editor's row that would write one is refused (``dataset.importing.reviewed``).
"""

import zipfile
from pathlib import Path

import pghistory
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from dataset.importing import TABLES, DatasetError, ImportReport
from dataset.importing.files import LINK_TABLES, table_name
from dataset.importing.reviewed import statuses_for
from dataset.uploads import KeptUpload, discard, import_upload, keep

# What an import may add and change: the curated records of every table a package holds.
_WRITTEN = [
    "sources.source",
    "partnerships.relationship",
    "partnerships.levelperiod",
    "partnerships.levelperiodcitation",
    "events.person",
    "events.position",
    "events.multilateralevent",
    "events.meeting",
    "events.meetingparty",
    "events.participant",
    "events.meetingcitation",
]
IMPORT_PERMISSIONS = [
    f"{app_label}.{verb}_{model}"
    for app_label, model in (name.split(".") for name in _WRITTEN)
    for verb in ("add", "change")
]
# JSON files are read whole and imported row by row (as import_dataset imports them): the per-list
# screens' limit, a few thousand rows.
JSON_MAX_BYTES = 2 * 1024 * 1024
# The problems a page lists; the rest are counted (a file refused whole can have one per row).
SHOWN_PROBLEMS = 1000
SESSION_KEY = "dataset_package_import"
_COMMAND = "“manage.py import_dataset FILE”"


def can_import_package(user) -> bool:
    """Staff who may add and change every kind of record a package holds (editors, reviewers, admins)."""
    return user.is_active and user.is_staff and user.has_perms(IMPORT_PERMISSIONS)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def too_large(size: int, *, unzipped: bool = False) -> str:
    limit = settings.PACKAGE_IMPORT_MAX_BYTES
    if unzipped:
        what = f"This package holds {_megabytes(size)} of tables once unzipped"
    else:
        what = f"This file is {_megabytes(size)}"
    return (
        f"{what}: this screen imports up to {limit // 1024 // 1024} MB, what it checks and imports well "
        f"under a minute. Import a larger file with {_COMMAND}, which streams it into the database in one "
        "transaction with no request to finish within."
    )


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label="Data package or table",
        required=False,  # a file stopped at the limit never arrives: clean_package says why
        help_text=(
            "The zip export_dataset writes, or one CSV or JSON file named after its table (sources.csv, "
            "level_periods.csv, meetings.json, …). Rows are matched to recorded ones by natural key."
        ),
    )

    def __init__(self, *args, stopped_at: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stopped_at = stopped_at  # the upload's size, when the handler stopped it past the limit

    def clean_package(self):
        upload = self.cleaned_data.get("package")
        if self.stopped_at is not None:
            raise forms.ValidationError(too_large(self.stopped_at))
        if not upload:
            raise forms.ValidationError("Choose a file to import.")
        if upload.size > settings.PACKAGE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large(upload.size))
        suffix = Path(upload.name).suffix.lower()
        if suffix == ".zip":
            self._check_zip(upload)
        elif suffix in (".csv", ".json"):
            if table_name(upload.name) is None:
                raise forms.ValidationError(
                    f"“{upload.name}” is not named after a table: name it after one of "
                    f"{', '.join((*TABLES, *LINK_TABLES))} (level_periods.csv, for instance)."
                )
            if suffix == ".json" and upload.size > JSON_MAX_BYTES:
                raise forms.ValidationError(
                    f"This JSON file is {_megabytes(upload.size)}: a JSON file is read whole and imported "
                    f"row by row, up to {JSON_MAX_BYTES // 1024 // 1024} MB here. Save the table as CSV "
                    f"(streamed, up to {settings.PACKAGE_IMPORT_MAX_BYTES // 1024 // 1024} MB here), or "
                    f"import it with {_COMMAND}."
                )
        else:
            raise forms.ValidationError(
                "Upload a data package (a .zip, as export_dataset writes it) or one .csv or .json file "
                "named after its table."
            )
        return upload

    @staticmethod
    def _check_zip(upload) -> None:
        # Reads only the zip's directory; the import reads the rest and names what it cannot read.
        try:
            with zipfile.ZipFile(upload) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, OSError):
            raise forms.ValidationError(f"“{upload.name}” is not a readable zip file.") from None
        finally:
            upload.seek(0)
        if unzipped > settings.PACKAGE_IMPORT_MAX_BYTES:
            raise forms.ValidationError(too_large(unzipped, unzipped=True))


class _UploadWithinLimit(TemporaryFileUploadHandler):
    """Streams the upload to a temporary file; once past the limit, stops and keeps nothing of it (the rest
    of the request is read and dropped, so a huge file never fills the disk)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.request_size = 0
        self.stopped = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.request_size = content_length

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self.stopped = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


@csrf_exempt  # only until the upload handler is set: the view below checks the token
def package_import_view(request):
    """Upload → preview (a dry run with its report) → confirm (the import) or cancel."""
    if not can_import_package(request.user):
        raise PermissionDenied
    handler = _UploadWithinLimit(request, settings.PACKAGE_IMPORT_MAX_BYTES)
    # Before anything reads the body: every upload goes to a temporary file, whatever its size.
    request.upload_handlers = [handler]
    return _package_import(request, handler)


@csrf_protect
def _package_import(request, handler):
    if request.method != "POST":
        return _render(request, PackageUploadForm())
    if "confirm" in request.POST:
        return _confirm(request)
    if "cancel" in request.POST:
        discard(KeptUpload.from_session(request.session.pop(SESSION_KEY, None)))
        return HttpResponseRedirect(reverse("admin:dataset_import"))
    return _preview(request, handler)


def _preview(request, handler):
    form = PackageUploadForm(
        request.POST, request.FILES, stopped_at=handler.request_size if handler.stopped else None
    )
    if not form.is_valid():
        return _render(request, form)
    # A new preview replaces the one before it.
    discard(KeptUpload.from_session(request.session.pop(SESSION_KEY, None)))
    kept = keep(form.cleaned_data["package"])
    try:
        report = import_upload(kept, dry_run=True, statuses=statuses_for(request.user))
    except DatasetError as error:
        discard(kept)
        form.add_error("package", _readable(error, kept))
        return _render(request, form)
    if report.ok:
        request.session[SESSION_KEY] = kept.as_session()
    else:
        discard(kept)  # nothing to confirm
    return _render(request, PackageUploadForm(), report=report, kept=kept)


def _confirm(request):
    kept = KeptUpload.from_session(request.session.pop(SESSION_KEY, None))
    if kept is None or request.POST.get("token") != kept.token or not kept.exists():
        discard(kept)
        messages.error(
            request,
            "Nothing was imported: this preview is no longer kept (it was confirmed, cancelled or replaced "
            "by another). Upload the file again.",
        )
        return HttpResponseRedirect(reverse("admin:dataset_import"))
    try:
        # One history context for the whole transaction, as import_dataset records its imports.
        with pghistory.context(command="admin import", user=request.user.pk, path=kept.name):
            report = import_upload(kept, dry_run=False, statuses=statuses_for(request.user))
    except DatasetError as error:
        messages.error(request, f"Nothing was imported: {_readable(error, kept)}")
        return HttpResponseRedirect(reverse("admin:dataset_import"))
    finally:
        discard(kept)
    if not report.ok:
        # The records changed between the preview and the confirmation.
        return _render(request, PackageUploadForm(), report=report, kept=kept)
    messages.success(request, f"Imported {kept.name}: {_summary(report)}.")
    return HttpResponseRedirect(reverse("admin:dataset_import"))


def _render(request, form, report: ImportReport | None = None, kept: KeptUpload | None = None):
    context = {
        **admin.site.each_context(request),
        "title": "Import a data package",
        "form": form,
        "max_megabytes": settings.PACKAGE_IMPORT_MAX_BYTES // 1024 // 1024,
        "json_max_megabytes": JSON_MAX_BYTES // 1024 // 1024,
    }
    if report is not None:
        context.update(
            report=report,
            kept=kept,
            counts=_counts(report),
            problems=report.problems[:SHOWN_PROBLEMS],
            more_problems=max(len(report.problems) - SHOWN_PROBLEMS, 0),
            ignored_columns=sorted(report.ignored_columns.items()),
            confirmable=report.ok and report.dry_run,
        )
    return TemplateResponse(request, "admin/dataset/import_package.html", context)


def _counts(report: ImportReport) -> list[dict]:
    order = [table for table in TABLES if table in report.counts]
    order += sorted(set(report.counts) - set(order))
    return [{"table": table, **{kind: report.counts[table][kind] for kind in _KINDS}} for table in order]


_KINDS = ("created", "updated", "unchanged", "rejected")


def _summary(report: ImportReport) -> str:
    return "; ".join(
        f"{row['table']} {row['created']} created, {row['updated']} updated, {row['unchanged']} unchanged"
        for row in _counts(report)
    )


def _readable(error: DatasetError, kept: KeptUpload) -> str:
    """The error in the file's name, not the server's path to it."""
    return str(error).replace(str(kept.path), kept.name)
