"""Settings for the benchmark run only: the project's settings, plus a query counter and the naive DRF baseline.

``make bench`` serves the app with these (``DJANGO_SETTINGS_MODULE=bench.settings``) and production
values from the environment (``DEBUG=false``); nothing here changes how the app answers.
"""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE

# The baseline "what a typical project ships" is mounted under /naive/ beside the app's own URLs.
ROOT_URLCONF = "bench.urls"
# Outermost, so that queries made while rendering templates and answers are counted too.
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
