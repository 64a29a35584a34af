"""Entente's settings: one module, configured from environment variables with safe local defaults."""

import datetime as dt
import hashlib
import sys
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("ENTENTE_DATA_DIR", str(BASE_DIR / ".data")))
# The reference data shipped beside the repository (tiers, starter dataset, sample articles).
SHARED_DIR = Path(env_str("ENTENTE_SHARED_DIR", str(BASE_DIR.parent / "shared")))

_LOCAL_SECRET_KEY = "local-development-only-not-secret"

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", _LOCAL_SECRET_KEY)
if not DEBUG and SECRET_KEY in ("", _LOCAL_SECRET_KEY):
    raise ImproperlyConfigured("DEBUG is false: set SECRET_KEY to a long random value.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "config.admin_apps.EntenteAdminConfig",  # django.contrib.admin, its index arranged by task
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "import_export",
    "core",
    "sources",
    "partnerships",
    "events",
    "dataset",
    "intake",
    "public",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Anonymous answers kept while the data is unchanged, served before sessions and authentication; the
    # security headers above still apply to them.
    "core.kept_answers.KeptAnswerMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pghistory.middleware.HistoryMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    from config.embedded_db import MAX_CONNECTIONS, embedded_database_url

    # Sized for everything the project runs at once on one machine (config/embedded_db.py).
    EMBEDDED_DB_MAX_CONNECTIONS = env_int("EMBEDDED_DB_MAX_CONNECTIONS", MAX_CONNECTIONS)
    DATABASE_URL = embedded_database_url(DATA_DIR, EMBEDDED_DB_MAX_CONNECTIONS)
# Connections (docs/connections.md): a process holds at most one per request it serves at once, so the sum
# over processes is known in advance. Servers that reuse their threads (gunicorn's gthread and sync workers,
# manage.py commands) keep one persistent connection per thread: at most workers × threads. The development
# server starts a thread per request (and per kept-alive browser connection): it draws from a pool of
# DB_POOL_MAX_SIZE (4) instead and never holds more; its connections are not persistent either way.
# DB_POOL=true gives every process a psycopg pool (it replaces persistent connections; with gunicorn, size it
# to --threads); with pgbouncer in transaction mode in front of PostgreSQL, set DB_POOL=false.
_DEVELOPMENT_SERVER = len(sys.argv) > 1 and sys.argv[1] == "runserver"
DB_POOL = env_bool("DB_POOL", _DEVELOPMENT_SERVER)
_PERSISTENT = not DB_POOL and not _DEVELOPMENT_SERVER
_CONNECTION = {
    "conn_max_age": env_int("DB_CONN_MAX_AGE", 60) if _PERSISTENT else 0,
    "conn_health_checks": True,
}
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, **_CONNECTION)}
# Read replicas (config/db_router.py): anonymous reads are spread over them; writes, the admin and signed-in
# users stay on default. In tests each replica mirrors default.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASE_REPLICAS.append(f"replica_{_number}")
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(_url, **_CONNECTION),
        "TEST": {"MIRROR": "default"},
    }
# Search counts a title word half-similar to the words typed as a match ("Bejing" finds Beijing): pg_trgm's
# indexable word-similarity operator reads its threshold (default 0.6) from the session.
for _database in DATABASES.values():
    _options = _database.setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c pg_trgm.word_similarity_threshold=0.5".strip()
# The API's document queries (core.api.lean) as prepared statements, planned once per connection. A pooler
# in transaction mode that does not track prepared statements (pgbouncer before 1.21, or without
# max_prepared_statements) needs false.
DB_PREPARED_ANSWERS = env_bool("DB_PREPARED_ANSWERS", True)
if DB_PREPARED_ANSWERS:
    for _database in DATABASES.values():
        # psycopg prepares nothing while this is None (Django's default); Django's cursors bind on the client
        # and never prepare, so only the statements asked to (prepare=True) are, never one by repetition.
        _options = _database.setdefault("OPTIONS", {})
        _options["prepare_threshold"] = 2**31 - 1
        # Their values are ids and dates that do not change the best plan: plan once, not per value. This
        # concerns prepared statements (only these are) and the trigger functions' own statements (PL/pgSQL
        # keeps theirs as such: look-ups by key, one plan whatever the key).
        _options["options"] = f"{_options.get('options', '')} -c plan_cache_mode=force_generic_plan".strip()
if DB_POOL:
    _POOL_MAX_SIZE = env_int("DB_POOL_MAX_SIZE", 4 if _DEVELOPMENT_SERVER else 10)
    for _database in DATABASES.values():
        _database.setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(env_int("DB_POOL_MIN_SIZE", 2), _POOL_MAX_SIZE),
            "max_size": _POOL_MAX_SIZE,
            # A request waits this long for a free connection, then answers 503 (config/middleware.py). The
            # pool cannot tell a refusing server from a busy pool: during an outage every request waits it.
            "timeout": env_int("DB_POOL_TIMEOUT", 5),
        }
DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("core.kept_answers.KeptAnswerMiddleware"), "config.db_router.ReplicaMiddleware"
)
# Several test runs may share one server (a developer's and a helper's): each can name its own test database.
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}

# Two caches: "default" holds throttling counts (one small entry per client address), "answers" the kept
# answers (core/kept_answers.py), so that many clients' counts never evict answers. With REDIS_URL
# (redis://host:6379/0) both are in Redis, shared by every worker and machine. Without it, counts are in each
# process's memory and answers in files every worker of this machine shares (a worker's memory would make
# each worker build each answer again).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    _REDIS = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "entente",
        # A Redis outage costs cache misses, not errors.
        "OPTIONS": {"IGNORE_EXCEPTIONS": True},
    }
    CACHES = {"default": _REDIS, "answers": _REDIS}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "answers": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            # Always writable (the data directory may not be, in a container); one directory per database,
            # and per test database (test runs clear it).
            "LOCATION": str(
                Path(tempfile.gettempdir())
                / "entente-answers-{}".format(
                    hashlib.sha1(f"{DATABASE_URL}|{env_str('TEST_DATABASE_NAME')}".encode()).hexdigest()[:12]
                )
            ),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# How long an anonymous answer is kept while the data is unchanged (seconds); 0 keeps none.
RESPONSE_CACHE_SECONDS = env_int("RESPONSE_CACHE_SECONDS", 300)
# The hot read endpoints answer JSON written by PostgreSQL (core.api.lean); false: by their serializers.
LEAN_ANSWERS = env_bool("LEAN_ANSWERS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The admin's "Import a data package" screen (dataset/admin_import.py). Its limit is what the set-based import
# takes well under a minute for, in each of the screen's two requests (the preview, then the import): a level
# row is about 270 bytes, and 100,000 of them (27 MB) import in about 12 s into an empty database (docs/
# import.md), so 50 MB of tables (a zip's, counted unzipped) is about 190,000 rows and 25 s. A larger file is
# left to `manage.py import_dataset FILE`, which has no request to finish within (gunicorn's default worker
# timeout is 30 s). Uploads are streamed to temporary files and kept there between preview and confirmation.
PACKAGE_IMPORT_MAX_BYTES = env_int("PACKAGE_IMPORT_MAX_MB", 50) * 1024 * 1024
PACKAGE_IMPORT_DIR = Path(
    env_str("PACKAGE_IMPORT_DIR", str(Path(tempfile.gettempdir()) / "entente-package-imports"))
)

# The per-list import and export screens (django-import-export, dataset/admin.py). Unset, the library lets
# any staff user import and export every list: importing needs the model's add permission (dataset/admin.py
# asks for its change permission too), exporting its view permission.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "core.api.schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["core.api.views.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "DEFAULT_RENDERER_CLASSES": [
        "core.api.lean.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # Token first: an anonymous write is answered 401 with a WWW-Authenticate header.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Reads are open; writes need the model's add or change permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "600/minute"),
    },
    "EXCEPTION_HANDLER": "core.api.views.exception_handler",
    "URL_FORMAT_OVERRIDE": "format",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Entente API",
    "DESCRIPTION": (
        "Diplomatic partnership levels between countries and organisations, over time, with sources. "
        "Every list answers in JSON or, with `?format=csv` or `Accept: text/csv`, in CSV. "
        "Dates are partial where the sources are: `2015`, `2011-06`, `2019-06-05`. "
        "The whole dataset: /api/v1/export/. A guide: docs/api.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "partnerships.status.Status",
        "PrecisionEnum": "core.partial_dates.Precision",
        "PartyKindEnum": "partnerships.models.PartyKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "WritableStatusEnum": "partnerships.api.writes.WRITABLE_STATUSES",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # A refused database is answered 503 and logged with its cause by config/middleware.py, not as a 500.
    "filters": {"answered_database_errors": {"()": "config.middleware.SkipAnsweredDatabaseErrors"}},
    "loggers": {"django.request": {"filters": ["answered_database_errors"]}},
}

# --- Security ---------------------------------------------------------------------------------------------
# Login throttling, headers, cookies and HTTPS (docs/security.md). Locally (DEBUG=true) everything works over
# plain http; with DEBUG=false the strict values apply unless an environment variable relaxes one
# deliberately.
INSTALLED_APPS += ["axes", "csp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "csp.middleware.CSPMiddleware"
)
# Turns a refused or lost database connection into a short 503 instead of a 500, whichever middleware or
# view met it; outermost, so that it sees every answer.
MIDDLEWARE.insert(0, "config.middleware.DatabaseUnavailableMiddleware")
# Axes wants to be last: it answers a locked-out login after everything else has run.
MIDDLEWARE.append("axes.middleware.AxesMiddleware")

# Admin logins: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address, that pair is
# locked out for AXES_COOLOFF_MINUTES (answered 429); a successful login resets the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For to trust for the client address.
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0) or None

AUTH_PASSWORD_VALIDATORS[1]["OPTIONS"] = {"min_length": 12}

# Sessions: curators' only; a working day long, never readable by scripts, sent over HTTPS only in production.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

# HTTPS. Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients), set
# BEHIND_TLS_PROXY=true so that Django knows the request was secure.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: scripts only from this site (no inline script anywhere, API docs included); inline
# styles are allowed for the admin's widgets and the API docs' renderers.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# --- End of security --------------------------------------------------------------------------------------
