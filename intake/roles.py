"""What the curators' groups may do with article intake (events.roles knows nothing of this app)."""

INTAKE_PERMISSIONS = {
    "editors": ["view_candidate", "change_candidate", "view_article", "add_article", "change_article"],
    "reviewers": ["view_candidate", "change_candidate", "view_article", "add_article", "change_article"],
}


def grant_intake(apps) -> None:
    """Give editors and reviewers the intake screens (``apps``: a migration's historical apps or Django's)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in INTAKE_PERMISSIONS.items():
        group = Group.objects.get(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="intake", codename__in=codenames)
        )
