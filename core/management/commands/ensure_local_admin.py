import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Make sure a local superuser exists for the admin (username and password from ENTENTE_ADMIN_USER and "
        "ENTENTE_ADMIN_PASSWORD, default admin/admin) and print how to log in. Refuses to run with DEBUG off."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "DEBUG is off: create administrators with `manage.py createsuperuser` instead."
            )
        username = os.environ.get("ENTENTE_ADMIN_USER", "admin")
        password = os.environ.get("ENTENTE_ADMIN_PASSWORD", "admin")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"Admin account “{username}” exists.")
        else:
            users.create_superuser(username=username, email="", password=password)
            self.stdout.write(self.style.SUCCESS(f"Created the local admin account “{username}”."))
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/admin/ as {username}"
            f" (password: {password}, unless you changed it)."
        )
