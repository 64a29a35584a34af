"""Settings for the benchmark run only: the project's settings, a query counter and the naive DRF baseline.

``make bench`` serves the app with these (``DJANGO_SETTINGS_MODULE=bench.settings``) and production
values from the environment (``DEBUG=false``); nothing here changes how the app answers.
"""

from config.settings import *  # noqa: F403
from config.settings import MIDDLEWARE, REST_FRAMEWORK

# The baseline "what a typical project ships" is mounted under /naive/ beside the app's own URLs.
ROOT_URLCONF = "bench.urls"
# Outermost, so that queries made while rendering templates and answers are counted too.
MIDDLEWARE = ["bench.middleware.count_queries", *MIDDLEWARE]
# Throttling stays on at the production rates, per client as behind a proxy: the load comes from many client
# addresses (X-Forwarded-For), as a public site's does, not from one address hitting the limit at once.
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": 1}
