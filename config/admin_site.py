"""The admin site, arranged by the curators' tasks: the review queue first, then the records, then System.

``django.contrib.admin`` lists apps alphabetically, which puts Axes and "Authentication" above the levels
curators spend their day on. This site keeps every registration as it is and only regroups the index
(and the sidebar): the review queue with its counts, levels, meetings, sources, intake, reference data, and
the libraries' plumbing (accounts, tokens, Axes, history) under one "System" heading at the bottom. It also
serves the screen that imports a whole data package (``dataset.admin_import``), linked from the index.
"""

from dataclasses import dataclass

from django.contrib.admin import AdminSite
from django.urls import path, reverse

from dataset.admin_import import can_import_package, package_import_view
from events.models import Meeting
from intake.models import Candidate
from partnerships.models import LevelPeriod
from sources.models import Source
from sources.quotes import all_unfound_quotes

# Task → the models it is done in ("app_label.ModelName"), in the order the index lists them.
TASKS = [
    (
        "levels",
        "Levels",
        ["partnerships.LevelPeriod", "partnerships.Relationship", "partnerships.CoverageCheck"],
    ),
    ("meetings", "Meetings", ["events.Meeting", "events.Person", "events.MultilateralEvent"]),
    ("sources", "Sources", ["sources.Source"]),
    ("intake", "Intake", ["intake.Article", "intake.Candidate"]),
    ("reference", "Reference data", ["partnerships.Party", "partnerships.Scheme", "partnerships.Tier"]),
]
# Apps whose models are the site's plumbing rather than curated records: listed last, under System.
SYSTEM_APPS = {"auth", "authtoken", "axes", "pghistory"}


@dataclass(frozen=True)
class Queue:
    """A kind of waiting work: what it is called, how many, and the filtered list that shows them."""

    label: str
    count: int
    url: str


def _queues(request) -> list[Queue]:
    """The review queue: one count per named queryset method, a fixed number of queries whatever the data
    (each ``count()`` is one; the quote check reads each citation table and the cited texts once)."""
    user = request.user
    levels = reverse("admin:partnerships_levelperiod_changelist")
    meetings = reverse("admin:events_meeting_changelist")
    sources = reverse("admin:sources_source_changelist")
    candidates = reverse("admin:intake_candidate_changelist")
    queues = []
    if user.has_perm("partnerships.view_levelperiod"):
        queues += [
            Queue(
                "Levels awaiting review",
                LevelPeriod.objects.awaiting_review().count(),
                f"{levels}?queue=review",
            ),
            Queue(
                "Conflicting claims", LevelPeriod.objects.conflicting().count(), f"{levels}?queue=conflicts"
            ),
        ]
    if user.has_perm("events.view_meeting"):
        queues += [
            Queue(
                "Meetings awaiting review",
                Meeting.objects.awaiting_review().count(),
                f"{meetings}?queue=review",
            ),
            Queue(
                "Possible duplicate meetings",
                Meeting.objects.possible_duplicates().count(),
                f"{meetings}?queue=duplicates",
            ),
        ]
    if user.has_perm("sources.view_source"):
        queues += [
            Queue(
                "Quotes not found in their source", len(all_unfound_quotes()), f"{sources}?quotes=not_found"
            ),
            Queue("Incomplete sources", Source.objects.incomplete().count(), f"{sources}?record=incomplete"),
        ]
    if user.has_perm("intake.view_candidate"):
        queues.append(
            Queue(
                "Intake candidates to decide",
                Candidate.objects.pending().count(),
                f"{candidates}?decision__exact=pending",
            )
        )
    return queues


class EntenteAdminSite(AdminSite):
    site_header = "Entente curation"
    site_title = "Entente"
    index_title = "Where the work is"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        if app_label is not None:
            return apps
        models = {model["model"]._meta.label: model for app in apps for model in app["models"]}
        grouped, placed = [], set()
        for slug, name, labels in TASKS:
            group = [models[label] for label in labels if label in models]
            placed.update(labels)
            if group:
                grouped.append(_section(slug, name, group))
        system = [
            m for label, m in models.items() if label not in placed and label.split(".")[0] in SYSTEM_APPS
        ]
        # A model registered later by another app is not lost: it is listed, under its app, before System.
        for app in apps:
            rest = [m for m in app["models"] if m["model"]._meta.label not in placed and m not in system]
            if rest:
                grouped.append({**app, "models": rest})
        if system:
            grouped.append(_section("system", "System", sorted(system, key=lambda model: model["name"])))
        return grouped

    def index(self, request, extra_context=None):
        # The package import sits after the records and before System: a task, not plumbing.
        apps = self.get_app_list(request)
        context = {
            "queues": _queues(request),
            "can_import_package": can_import_package(request.user),
            "record_apps": [app for app in apps if app["app_label"] != "system"],
            "system_apps": [app for app in apps if app["app_label"] == "system"],
        }
        return super().index(request, {**context, **(extra_context or {})})

    def get_urls(self):
        # Before the site's own: its last pattern catches every URL.
        return [
            path("import-package/", self.admin_view(package_import_view), name="dataset_import"),
            *super().get_urls(),
        ]


def _section(slug: str, name: str, models: list[dict]) -> dict:
    return {
        "name": name,
        "app_label": slug,
        "app_url": f"#{slug}",
        "has_module_perms": True,
        "models": models,
    }
