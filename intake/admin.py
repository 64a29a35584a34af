"""Article intake in the admin: paste or upload an article, review what was found, accept or reject.

Saving an article stores it as a ``Source`` with its text and runs the extractor; the review page
shows the text with every candidate's sentences highlighted, each candidate with accept and reject
buttons. A meeting candidate lists every sentence that mentions it; the curator can merge candidates
the extractor kept apart (tick them, "Merge") and split sentences off one (tick them, "Split off").
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html

from intake.curation import merge_candidates, split_candidate
from intake.models import Article, Candidate, Decision
from intake.services import accept_candidate, extract_for_source, reject_candidate


class ArticleForm(forms.ModelForm):
    # Kept verbatim: candidates point into the text by character offsets.
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        required=False,
        strip=False,
        help_text="The article's text as published. Candidates quote it by character position.",
    )
    upload = forms.FileField(
        required=False, help_text="A plain-text file (UTF-8); it replaces the text above when given."
    )

    class Meta:
        model = Article
        fields = [
            "title",
            "publisher",
            "url",
            "published_on",
            "published_on_precision",
            "language",
            "kind",
            "text",
            "upload",
        ]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                cleaned["text"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise ValidationError(
                    {"upload": "The file is not UTF-8 text; save it as UTF-8 and upload again."}
                ) from None
            self.instance.text = cleaned["text"]
        if not cleaned.get("text", "").strip():
            raise ValidationError({"text": "Paste the article's text or upload it as a file."})
        return cleaned


def admin_link(obj) -> str | None:
    """The admin page of ``obj``, or None where its model has no admin."""
    try:
        return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return None


def highlight(text: str, candidates: list[Candidate]) -> list[dict]:
    """The text cut at every sentence boundary: pieces with the candidates whose sentences cover them."""
    spans = [(c, s["start"], s["end"]) for c in candidates for s in c.sentences]
    cuts = sorted({0, len(text), *(start for _, start, _ in spans), *(end for _, _, end in spans)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = []
        for candidate, first, last in spans:
            if first <= start and end <= last and candidate not in covering:
                covering.append(candidate)
        pieces.append(
            {"text": text[start:end], "candidates": covering, "anchor": covering[0].pk if covering else None}
        )
    return pieces


def _numbers(values: list[str], what: str) -> list[int]:
    """Whole numbers from a form's ticked boxes; ValidationError naming ``what`` otherwise."""
    try:
        return [int(value) for value in values]
    except ValueError:
        raise ValidationError(f"The {what} must be given by number; reload the page and try again.") from None


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "publisher", "published", "pending_count", "candidate_count"]
    search_fields = ["title", "publisher", "url"]
    list_filter = ["kind", "publisher"]
    date_hierarchy = "published_on"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                candidates_total=Count("intake_candidates"),
                candidates_pending=Count(
                    "intake_candidates", filter=Q(intake_candidates__decision=Decision.PENDING)
                ),
            )
        )

    @admin.display(description="pending", ordering="candidates_pending")
    def pending_count(self, article):
        return article.candidates_pending

    @admin.display(description="candidates", ordering="candidates_total")
    def candidate_count(self, article):
        return article.candidates_total

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        report = extract_for_source(source=obj)
        self.message_user(request, str(report), messages.SUCCESS)

    def response_add(self, request, obj, post_url_continue=None):
        return HttpResponseRedirect(reverse("admin:intake_article_review", args=[obj.pk]))

    def response_change(self, request, obj):
        if "_continue" in request.POST or "_save" in request.POST:
            return HttpResponseRedirect(reverse("admin:intake_article_review", args=[obj.pk]))
        return super().response_change(request, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", view(self.review_view), name="intake_article_review"),
            path("<int:pk>/extract/", view(self.extract_view), name="intake_article_extract"),
            path("<int:pk>/candidates/merge/", view(self.merge_view), name="intake_candidates_merge"),
            path(
                "<int:pk>/candidates/<int:candidate_pk>/split/",
                view(self.split_view),
                name="intake_candidate_split",
            ),
            path(
                "<int:pk>/candidates/<int:candidate_pk>/<str:action>/",
                view(self.decide_view),
                name="intake_candidate_decide",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        article = get_object_or_404(Article, pk=pk)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        candidates = list(Candidate.objects.filter(source=article).for_review())
        for candidate in candidates:
            candidate.created = candidate.level_period or candidate.meeting
            candidate.created_link = admin_link(candidate.created) if candidate.created else None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Review: {article.title}",
            "article": article,
            "candidates": candidates,
            "pieces": highlight(article.text, candidates),
            "can_decide": request.user.has_perm("intake.change_candidate"),
        }
        return TemplateResponse(request, "intake/review.html", context)

    def extract_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = get_object_or_404(Article, pk=pk)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        self.message_user(request, str(extract_for_source(source=article)), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:intake_article_review", args=[pk]))

    def decide_view(self, request, pk, candidate_pk, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("intake.change_candidate") or action not in ("accept", "reject"):
            raise PermissionDenied
        candidate = get_object_or_404(Candidate, pk=candidate_pk, source_id=pk)
        try:
            if action == "accept":
                created = accept_candidate(candidate=candidate, user=request.user)
                link = admin_link(created)
                message = (
                    format_html('Recorded as a draft: <a href="{}">{}</a>.', link, created)
                    if link
                    else f"Recorded as a draft: {created}."
                )
                self.message_user(request, message, messages.SUCCESS)
            else:
                reject_candidate(candidate=candidate, user=request.user)
                self.message_user(request, "Candidate rejected.", messages.SUCCESS)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:intake_article_review", args=[pk]) + f"#candidate-{candidate.pk}"
        )

    def merge_view(self, request, pk):
        """Merge the ticked meeting candidates of the article into one."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("intake.change_candidate"):
            raise PermissionDenied
        article = get_object_or_404(Article, pk=pk)
        anchor = ""
        try:
            ids = _numbers(request.POST.getlist("candidates"), "candidates")
            candidates = list(Candidate.objects.filter(source=article, pk__in=ids))
            if len(candidates) != len(set(ids)):
                raise ValidationError(
                    "Some of the chosen candidates are not this article's; reload the page."
                )
            merged = merge_candidates(candidates=candidates, user=request.user)
            anchor = f"#candidate-{merged.pk}"
            self.message_user(
                request, f"Merged {len(candidates)} candidates into one: {merged}.", messages.SUCCESS
            )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:intake_article_review", args=[pk]) + anchor)

    def split_view(self, request, pk, candidate_pk):
        """Split the ticked sentences off a meeting candidate into a candidate of their own."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("intake.change_candidate"):
            raise PermissionDenied
        candidate = get_object_or_404(Candidate, pk=candidate_pk, source_id=pk)
        anchor = f"#candidate-{candidate.pk}"
        try:
            starts = _numbers(request.POST.getlist("sentences"), "sentences")
            new = split_candidate(candidate=candidate, starts=starts, user=request.user)
            anchor = f"#candidate-{new.pk}"
            self.message_user(request, f"Split off into a candidate of its own: {new}.", messages.SUCCESS)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:intake_article_review", args=[pk]) + anchor)


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "source", "type", "decision", "decided_by", "decided_at"]
    list_filter = ["type", "decision"]
    list_select_related = ["source", "decided_by"]
    search_fields = ["quote", "key", "source__title"]
    readonly_fields = [
        "source",
        "type",
        "key",
        "payload",
        "quote",
        "start",
        "end",
        "decision",
        "decided_by",
        "decided_at",
        "level_period",
        "meeting",
        "merged_into",
        "curated",
    ]
    actions = ["accept_selected", "reject_selected", "merge_selected"]

    def has_add_permission(self, request):
        return False  # candidates come from the extractor only

    @admin.action(description="Accept the selected candidates (record drafts)", permissions=["change"])
    def accept_selected(self, request, queryset):
        self._decide_all(request, queryset, accept_candidate, "accepted")

    @admin.action(description="Reject the selected candidates", permissions=["change"])
    def reject_selected(self, request, queryset):
        self._decide_all(request, queryset, reject_candidate, "rejected")

    @admin.action(description="Merge the selected meeting candidates into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        try:
            merged = merge_candidates(candidates=list(queryset), user=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return
        self.message_user(request, f"Merged into one: {merged}.", messages.SUCCESS)

    def _decide_all(self, request, queryset, decide, verb):
        done, refused = 0, []
        for candidate in queryset.pending():
            try:
                decide(candidate=candidate, user=request.user)
                done += 1
            except ValidationError as error:
                refused.append(f"{candidate}: {' '.join(error.messages)}")
        self.message_user(request, f"{done} candidates {verb}.", messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)
