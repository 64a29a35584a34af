from django import forms
from django.contrib import admin
from django.db import models

from sources.curation_admin import CuratedAdmin
from sources.forms import PartialDateField, PartialDateModelFormMixin
from sources.models import Source


class SourceForm(PartialDateModelFormMixin, forms.ModelForm):
    partial_date_fields = ("published_on",)
    published_on = PartialDateField(label="Published")

    class Meta:
        model = Source
        fields = [
            "url",
            "title",
            "publisher",
            "author",
            "kind",
            "language",
            "published_on",
            "accessed_on",
            "archive_url",
            "text",
        ]


class CitationInline(admin.TabularInline):
    """Citations of one claim: a source (chosen by autocomplete), the verbatim quote and where it stands."""

    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator"]
    formfield_overrides = {
        # A quote is a sentence or two: a small box keeps the inline table readable.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "published", "kind", "language", "has_archive"]
    list_filter = ["kind", "language", "publisher"]
    search_fields = ["title", "publisher", "url", "author"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["url", "title", "publisher", "author", "kind", "language"]}),
        ("Dates", {"fields": ["published_on", "accessed_on"]}),
        ("Keeping it checkable", {"fields": ["archive_url", "text"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="published", ordering="published_on")
    def published(self, source):
        return source.published

    @admin.display(description="archived", boolean=True)
    def has_archive(self, source):
        return bool(source.archive_url)
