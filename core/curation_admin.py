"""What every curated record's admin shares: history with diffs and restore, deleted records, a reason
for each change, and refusal of stale edits (optimistic concurrency)."""

import pghistory
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join

from core import history
from core.versioning import StaleVersion, lock_at_version


class CuratedFormMixin(forms.Form):
    """Adds the version the form was read at and an optional reason kept in the history."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label="Reason for this change",
        required=False,
        max_length=500,
        help_text="Optional; kept in the record's history.",
        widget=forms.TextInput(attrs={"size": 80}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        read_at = cleaned.get("version")
        if self.instance.pk and read_at is not None:
            try:
                # Locks the row until the admin's transaction ends, so no one can slip in between.
                lock_at_version(type(self.instance), self.instance.pk, read_at)
            except StaleVersion as stale:
                changes = history.changes_since(type(self.instance), self.instance.pk, read_at)
                # Your values stay in the form; saving again after reading the changes overwrites them.
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = stale.current_version
                raise ValidationError(
                    format_html_join(
                        "",
                        "{}",
                        [
                            (
                                "Someone else saved this record after you opened it. Your entries are kept "
                                "below but were not saved. What changed meanwhile: ",
                            ),
                            *[(describe_entry(entry),) for entry in changes],
                            (" Check these, then save again to keep your version.",),
                        ],
                    ),
                    code="stale",
                ) from None
        return cleaned


def describe_entry(entry: history.HistoryEntry) -> str:
    changed = (
        "; ".join(f"{change.field}: {change.old} → {change.new}" for change in entry.changes) or entry.action
    )
    return f"[{entry.when:%Y-%m-%d %H:%M} by {entry.who}] {changed}. "


_FORM_ONLY = ("change_reason", "version")


class CuratedAdmin(admin.ModelAdmin):
    """Base admin for curated models."""

    # Dependent rows whose history belongs to this record's: (model, foreign key name).
    history_includes: tuple = ()
    change_list_template = "admin/curation/change_list.html"
    object_history_template = "admin/curation/object_history.html"

    def get_form(self, request, obj=None, **kwargs):
        if not issubclass(self.form, CuratedFormMixin):
            self.form = type(f"Curated{self.form.__name__}", (CuratedFormMixin, self.form), {})
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            # The form declares these itself; as a model field "version" is not editable.
            kwargs["fields"] = [name for name in kwargs["fields"] if name not in _FORM_ONLY]
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        listed = {name for _, options in fieldsets for name in options.get("fields", [])}
        extra = [name for name in _FORM_ONLY if name not in listed]
        if len(fieldsets) == 1 and fieldsets[0][0] is None:
            fields = [name for name in fieldsets[0][1]["fields"] if name not in _FORM_ONLY]
            return [(None, {**fieldsets[0][1], "fields": fields + list(_FORM_ONLY)})]
        return fieldsets + ([("History", {"fields": extra})] if extra else [])

    def _reason(self, form):
        return form.cleaned_data.get("change_reason", "") if form is not None else ""

    def save_model(self, request, obj, form, change):
        with pghistory.context(reason=self._reason(form)):
            super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with pghistory.context(reason=self._reason(form)):
            super().save_related(request, form, formsets, change)

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/history/<int:event_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name=f"{name}_restore",
            ),
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name=f"{name}_deleted"),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404(f"No {self.model._meta.verbose_name} with id {object_id}.")
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        entries = list(
            reversed(history.describe(history.events_of(self.model, obj.pk, self.history_includes)))
        )
        for entry in entries:
            # Dependent rows (citations) are shown for context; they are restored with their record.
            entry.own = entry.tracked_model is self.model
        context = {
            **self.admin_site.each_context(request),
            "title": f"History: {obj}",
            "subtitle": None,
            "object": obj,
            "opts": self.model._meta,
            "entries": entries,
            "can_restore": self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def restore_view(self, request, object_id, event_id):
        if request.method != "POST":
            return HttpResponseRedirect(reverse(self._url_name("history"), args=[object_id]))
        event = get_object_or_404(self.model.pgh_event_model, pgh_id=event_id, pgh_obj_id=object_id)
        existing = self.model.objects.filter(pk=object_id).first()
        allowed = (
            self.has_change_permission(request, existing) if existing else self.has_add_permission(request)
        )
        if not allowed:
            raise PermissionDenied
        try:
            restored = history.restore(event, user=request.user, includes=self.history_includes)
        except ValidationError as error:
            details = " ".join(" ".join(messages_) for messages_ in error.message_dict.values())
            self.message_user(request, f"This version cannot be restored as it is: {details}", messages.ERROR)
            target = "history" if existing else "deleted"
            return HttpResponseRedirect(reverse(self._url_name(target), args=[object_id] if existing else []))
        self.message_user(
            request, f"Restored “{restored}” as it was on {event.pgh_created_at:%Y-%m-%d %H:%M}."
        )
        return HttpResponseRedirect(reverse(self._url_name("change"), args=[restored.pk]))

    def deleted_view(self, request):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        entries = history.describe(history.deleted_records(self.model))
        for entry in entries:
            entry.own = True
        context = {
            **self.admin_site.each_context(request),
            "title": f"Deleted {self.model._meta.verbose_name_plural}",
            "opts": self.model._meta,
            "entries": list(reversed(entries)),
            "can_restore": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/curation/deleted.html", context)

    def _url_name(self, view):
        opts = self.model._meta
        return f"admin:{opts.app_label}_{opts.model_name}_{view}"
