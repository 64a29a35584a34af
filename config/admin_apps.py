"""``django.contrib.admin`` with the task-ordered site (``config.admin_site``) as ``admin.site``.

Apart from the site's module: this one is imported while the apps load, before models can be.
"""

from django.contrib.admin.apps import AdminConfig


class EntenteAdminConfig(AdminConfig):
    default_site = "config.admin_site.EntenteAdminSite"
