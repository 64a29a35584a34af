import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# The world map's outlines are read once per process (about a second): before the first request, not in it.
from public.world_shapes import world_shapes  # noqa: E402

world_shapes()
