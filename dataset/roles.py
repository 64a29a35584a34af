"""The curators' roles as permission groups: editors, reviewers, admins.

Editors create and edit drafts and submit them for review; reviewers also publish, send back, retract,
delete and edit anything; both review the candidates that article intake proposes. Admins hold every
permission. A migration creates the groups; run ``sync_groups`` again (a new migration) when this table
changes.
"""

from django.contrib.auth.management import create_permissions

_DRAFTED = [
    "sources.source",
    "partnerships.relationship",
    "partnerships.levelperiod",
    "partnerships.levelperiodcitation",
    "partnerships.coveragecheck",
    "partnerships.coveragecheckcitation",
    "partnerships.partyalias",
    "events.person",
    "events.position",
    "events.multilateralevent",
    "events.meeting",
    "events.meetingparty",
    "events.participant",
    "events.meetingcitation",
]
_REFERENCE = ["partnerships.party", "partnerships.scheme", "partnerships.tier"]
_REVIEW = [
    "partnerships.publish_levelperiod",
    "partnerships.retract_levelperiod",
    "partnerships.publish_coveragecheck",
    "partnerships.retract_coveragecheck",
    "events.publish_meeting",
    "events.retract_meeting",
    "partnerships.add_conflictdecision",
    "partnerships.view_conflictdecision",
]

# Article intake: reading articles in, and deciding on the candidate claims found in them.
_INTAKE = [
    "view_intake.candidate",
    "change_intake.candidate",
    "view_intake.article",
    "add_intake.article",
    "change_intake.article",
]

ROLES = {
    "editors": [f"{verb}_{model}" for model in _DRAFTED for verb in ("view", "add", "change")]
    + [f"view_{model}" for model in _REFERENCE]
    + _INTAKE,
    "reviewers": [f"{verb}_{model}" for model in _DRAFTED for verb in ("view", "add", "change", "delete")]
    + [f"{verb}_{model}" for model in _REFERENCE for verb in ("view", "add", "change")]
    + _REVIEW
    + _INTAKE,
}


def _codename(dotted: str) -> tuple[str, str]:
    """``view_sources.source`` → (app label, codename); ``partnerships.publish_levelperiod`` likewise."""
    if dotted.startswith(("view_", "add_", "change_", "delete_")):
        verb, _, model = dotted.partition("_")
        app_label, model_name = model.split(".")
        return app_label, f"{verb}_{model_name}"
    app_label, codename = dotted.split(".")
    return app_label, codename


def sync_groups(apps) -> None:
    """Create or update the groups from ROLES (``apps``: the migration's historical apps or django.apps)."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, permissions in {**ROLES, "admins": None}.items():
        group, _ = Group.objects.get_or_create(name=name)
        if permissions is None:
            group.permissions.set(Permission.objects.all())
            continue
        wanted = [_codename(item) for item in permissions]
        found = [
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in wanted
        ]
        group.permissions.set(found)
