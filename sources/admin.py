from django import forms
from django.contrib import admin, messages
from django.db import models

from core.curation_admin import CuratedAdmin
from core.forms import PartialDateField, PartialDateModelFormMixin
from sources.models import Source
from sources.quotes import QuoteCheck, check_quote, sources_with_unfound_quotes
from sources.text import text_from_file, text_from_html


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

    text_file = forms.FileField(
        label="Text from a file",
        required=False,
        help_text="A saved web page (.html) or a text file (.txt): its main text replaces the text above.",
    )
    html = forms.CharField(
        label="Or paste the page's HTML",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Menus, footers and scripts are dropped; the article's text replaces the text above.",
    )

    def clean(self):
        cleaned = super().clean()
        upload, html = cleaned.get("text_file"), cleaned.get("html", "").strip()
        if upload:
            cleaned["text"] = text_from_file(upload.read(), filename=upload.name)
        elif html:
            cleaned["text"] = text_from_html(html)
        return cleaned


class CitationInline(admin.TabularInline):
    """Citations of one claim: a source (chosen by autocomplete), the verbatim quote and where it stands."""

    extra = 0
    autocomplete_fields = ["source"]
    fields = ["source", "quote", "locator", "quote_check"]
    readonly_fields = ["quote_check"]
    formfield_overrides = {
        # A quote is a sentence or two: a small box keeps the inline table readable.
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.display(description="quote in the source's text?")
    def quote_check(self, citation):
        if citation.pk is None:
            return "–"
        outcome = check_quote(citation.quote, citation.source.text)
        return "NOT FOUND" if outcome is QuoteCheck.NOT_FOUND else outcome.value

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (QuoteWarningFormSet, formset), {"request": request})


class QuoteWarningFormSet(forms.BaseInlineFormSet):
    """After saving, warns of each citation whose quote is not in its source's stored text."""

    request = None

    def save(self, commit=True):
        saved = super().save(commit)
        for form in self.forms:
            citation = form.instance
            if citation.pk is None or (self.can_delete and self._should_delete_form(form)):
                continue
            if check_quote(citation.quote, citation.source.text) is QuoteCheck.NOT_FOUND:
                messages.warning(
                    self.request,
                    f"The quote “{citation.quote}” is not in the stored text of “{citation.source}”: "
                    "check it against the source (case, spaces, quote marks and dashes are ignored).",
                )
        return saved


class UnfoundQuoteFilter(admin.SimpleListFilter):
    title = "quotes"
    parameter_name = "quotes"

    def lookups(self, request, model_admin):
        return [("not_found", "a quote is not in its stored text")]

    def queryset(self, request, queryset):
        if self.value() == "not_found":
            return queryset.filter(pk__in=sources_with_unfound_quotes())
        return queryset


class IncompleteSourceFilter(admin.SimpleListFilter):
    title = "record"
    parameter_name = "record"

    def lookups(self, request, model_admin):
        return [("incomplete", "incomplete source (no publisher or date)")]

    def queryset(self, request, queryset):
        if self.value() == "incomplete":
            return queryset.incomplete()
        return queryset


@admin.register(Source)
class SourceAdmin(CuratedAdmin):
    form = SourceForm
    list_display = ["title", "publisher", "published", "kind", "language", "has_archive", "missing"]
    list_filter = [IncompleteSourceFilter, "kind", "language", "publisher", UnfoundQuoteFilter]
    search_fields = ["title", "publisher", "url", "author"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["url", "title", "publisher", "author", "kind", "language"]}),
        ("Dates", {"fields": ["published_on", "accessed_on"]}),
        ("Keeping it checkable", {"fields": ["archive_url", "text", "text_file", "html"]}),
        ("Record", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="published", ordering="published_on")
    def published(self, source):
        return source.published

    @admin.display(description="incomplete: missing")
    def missing(self, source):
        return ", ".join(source.missing_details) or "–"

    @admin.display(description="archived", boolean=True)
    def has_archive(self, source):
        return bool(source.archive_url)
