"""Admin for the review workflow: queues, and actions that ask for confirmation before changing anything."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse

from partnerships import review
from partnerships.models import ConflictDecision


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text="Kept with the record.",
    )


class ConflictForm(forms.Form):
    decision = forms.ChoiceField(choices=ConflictDecision.Decision.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))


class ReviewQueueFilter(admin.SimpleListFilter):
    """Work waiting for curators; ``queues`` maps a value to (label, queryset method name)."""

    title = "queue"
    parameter_name = "queue"
    queues: dict[str, tuple[str, str]] = {
        "review": ("awaiting review", "awaiting_review"),
        "archive": ("published without archived copy", "published_without_archived_copy"),
    }

    def lookups(self, request, model_admin):
        return [(value, label) for value, (label, _) in self.queues.items()]

    def queryset(self, request, queryset):
        if self.value() in self.queues:
            return getattr(queryset, self.queues[self.value()][1])()
        return queryset


def _confirmed_action(*, action: str, description: str, form_class=None, permission: str | None = None):
    """An admin action that shows the selected records (and a reason form) and acts only on confirmation."""

    def run(modeladmin, request, queryset):
        if permission and not request.user.has_perm(
            f"{modeladmin.opts.app_label}.{permission}_{modeladmin.opts.model_name}"
        ):
            raise PermissionDenied
        form = form_class(request.POST if "confirm" in request.POST else None) if form_class else None
        if "confirm" in request.POST and (form is None or form.is_valid()):
            done, refused = 0, []
            for claim in queryset:
                try:
                    modeladmin.apply_review_action(request, action, claim, form.cleaned_data if form else {})
                    done += 1
                except (ValidationError, PermissionDenied) as error:
                    text = (
                        " ".join(sum(error.message_dict.values(), []))
                        if hasattr(error, "message_dict")
                        else str(error)
                    )
                    refused.append(f"“{claim}”: {text}")
            if done:
                modeladmin.message_user(request, f"{description}: {done} done.", messages.SUCCESS)
            for message in refused:
                modeladmin.message_user(request, f"Not changed — {message}", messages.ERROR)
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": f"{description}: are you sure?",
            "opts": modeladmin.opts,
            "queryset": queryset,
            "action": run.__name__,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "description": description,
            "form": form or (form_class() if form_class else None),
        }
        return TemplateResponse(request, "admin/curation/confirm_action.html", context)

    run.__name__ = action
    return admin.action(description=description)(run)


resolve_conflict_action = _confirmed_action(
    action="resolve_conflict",
    description="Resolve conflict with the published level",
    form_class=ConflictForm,
)


class ReviewableAdmin(admin.ModelAdmin):
    """Status is changed only through the review actions, never typed into the form."""

    actions = [
        _confirmed_action(action="submit_for_review", description="Submit for review"),
        _confirmed_action(action="publish", description="Publish", permission="publish"),
        _confirmed_action(action="send_back", description="Send back to draft", permission="publish"),
        _confirmed_action(
            action="retract", description="Retract", form_class=ReasonForm, permission="retract"
        ),
    ]

    def apply_review_action(self, request, action, claim, data):
        if action == "resolve_conflict":
            review.resolve_conflict(
                claim, decision=data["decision"], rationale=data["rationale"], user=request.user
            )
        elif action == "retract":
            review.retract(claim, reason=data["reason"], user=request.user)
        else:
            getattr(review, action)(claim, user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "status", "retraction_reason"]

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is not None:
            # Editors keep to drafts; published and retracted records are the reviewers' to change.
            return allowed and obj.status in review.writable_statuses(request.user, self.model)
        return allowed
