"""Settings for kassel_integration, read from the environment (12-factor).

Every variable is listed in ``.env.example``; the README's configuration table
explains each one.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment wins

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="" if not DEBUG else "dev-insecure")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured(
        "DJANGO_SECRET_KEY fehlt: setzen Sie die Variable oder DJANGO_DEBUG=1."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Compiled queries (kassel_integration/compiled.py) compile again on every
# call and fail if the SQL differs: on in development and in the tests
# (tests/conftest.py), off in production, where it would undo their purpose.
COMPILED_QUERY_CHECK = env.bool("DJANGO_COMPILED_QUERY_CHECK", default=DEBUG)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "kassel_integration.admin_site.KasselAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "kassel_integration",
    "concept",
    "inquiries",
    "monitoring",
    "roundtable",
]
# Generated test data (manage.py synthesize) for benchmarks: installed with
# debug on or when asked for, never in production by default.
SYNTHETIC_DATA = env.bool("DJANGO_SYNTHETIC", default=DEBUG)
if SYNTHETIC_DATA:
    INSTALLED_APPS.append("synthetic")

MIDDLEWARE = [
    "kassel_integration.middleware.request_size_limit",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kassel_integration.middleware.ContentSecurityPolicy",  # django-csp's
    "kassel_integration.middleware.permissions_policy",
    # a cached public page is answered here, before sessions and the rest
    # (issue #20); everything above still adds its headers to it
    "kassel_integration.freshness.page_cache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # below the header middleware: its 400 page carries their headers too
    "kassel_integration.middleware.reject_nul",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kassel_integration.urls"

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
                "kassel_integration.freshness.data_changed_at",
                "kassel_integration.navigation.site_section",
            ],
        },
    },
]

WSGI_APPLICATION = "kassel_integration.wsgi.application"

# SQLite in the project folder unless DATABASE_URL says otherwise
# (postgres://user@host:5432/name uses psycopg 3).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
# Keep database connections open between requests (a new PostgreSQL
# connection costs 10-15 ms); checked before reuse.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler costs 30-40 ms whenever a plan's estimate is
    # high (the full-text search at 10,000 inquiries) and never pays back on
    # queries that run for milliseconds; a setting of the session, so
    # DATABASE_URL may still carry other options.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"-c jit=off {options.get('options', '')}".strip()
    # Parameters bound by the server, so that psycopg can prepare a statement
    # once it has run five times on a connection: PostgreSQL then reuses its
    # plan instead of parsing and planning it again, which was most of the
    # server's time for a page's short queries (issue #20: 2.3 instead of
    # 7.3 ms on a goal page). Full-text searches keep being planned for their
    # words (kassel_integration.search.index_scans). Behind a pooler in
    # transaction mode (PgBouncer before 1.21) set
    # DJANGO_DB_PREPARED_STATEMENTS=0.
    if env.bool("DJANGO_DB_PREPARED_STATEMENTS", default=True):
        options["server_side_binding"] = True
        options["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # lockout after repeated failures
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
# The real client behind this many trusted proxies (nginx: 1); the lockout
# and the feedback rate limit both key on it (kassel_integration/client.py).
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "kassel_integration.client.client_address"

# One store that every worker and machine shares (issue #20): rendered public
# pages, keyed on the data version, so a page is rendered once after a change
# and not once per worker; and the feedback rate limit counters. The database
# by default (`manage.py createcachetable`), Redis or memcached via
# DJANGO_CACHE_URL (redis://127.0.0.1:6379/1, pymemcache://127.0.0.1:11211);
# dummycache:// switches page cache and limit off. "local": each worker's
# copy of the pages it has read from the shared store (never stale: the key
# holds the data version read with every request); off with the shared one.
CACHES = {
    "default": env.cache_url("DJANGO_CACHE_URL", default="dbcache://kassel_cache")
}
_shared_backend = CACHES["default"]["BACKEND"]
if _shared_backend.endswith("DatabaseCache"):  # a page per address and version
    CACHES["default"].setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", 10000)
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends."
    + (
        "dummy.DummyCache"
        if _shared_backend.endswith("DummyCache")
        else "locmem.LocMemCache"
    ),
    "OPTIONS": {"MAX_ENTRIES": 1000},
}

SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_SECONDS", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ADMIN_PATH = env.str("DJANGO_ADMIN_PATH", default="admin/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"django.contrib.auth.password_validation.{name}"}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", "Deutsch")]
# German for admin strings Django's own catalogue leaves in English.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Files not for everyone (non-public inquiry attachments) live outside the
# public media folder and go out only through a view that checks the user
# (kassel_integration/private_files.py). With nginx in front, set
# DJANGO_PRIVATE_MEDIA_ACCEL_REDIRECT to its internal location (e.g.
# /geschuetzt/): Django checks, nginx sends the bytes.
# Default: beside the media folder, "<DJANGO_MEDIA_ROOT>-privat".
PRIVATE_MEDIA_ROOT = env.str("DJANGO_PRIVATE_MEDIA_ROOT", default="")
PRIVATE_MEDIA_ACCEL_REDIRECT = env.str(
    "DJANGO_PRIVATE_MEDIA_ACCEL_REDIRECT", default=""
)
STORAGES["private"] = {
    "BACKEND": "kassel_integration.private_files.PrivateStorage",
}

# Production hardening: on unless DEBUG; each can be overridden.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int(
    "DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# No inline script anywhere; inline styles stay allowed for the admin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
WHITENOISE_USE_FINDERS = DEBUG
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
X_FRAME_OPTIONS = "DENY"

# Inquiries: an answer is due this many days before the committee meeting.
INQUIRY_ANSWER_DAYS_BEFORE_MEETING = env.int(
    "DJANGO_INQUIRY_DAYS_BEFORE_MEETING", default=7
)
# The form of a Vorlage-Nr. typed in the admin (Kassel: "101.18.1671");
# numbers imported from a council system keep their own form.
INQUIRY_REFERENCE_PATTERN = env.str(
    "DJANGO_INQUIRY_REFERENCE_PATTERN", default=r"^\d{3}\.\d{2}\.\d+$"
)

# Runder Tisch: documents should reach participants this many days ahead.
ROUNDTABLE_DOCUMENTS_MIN_DAYS = env.int(
    "DJANGO_ROUNDTABLE_DOCUMENTS_MIN_DAYS", default=14
)

ROUNDTABLE_SUBMISSIONS_PER_HOUR = env.int("DJANGO_FEEDBACK_PER_HOUR", default=5)
ROUNDTABLE_NOTIFY_EMAILS = env.list(
    "DJANGO_FEEDBACK_NOTIFY", default=["zukunftsbuero@localhost"]
)
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@localhost")
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Bounds of one imported file, checked as a stream before any row is read
# (kassel_integration/spreadsheets.py): rows, and megabytes once unpacked.
IMPORT_MAX_ROWS = env.int("DJANGO_IMPORT_MAX_ROWS", default=200_000)
IMPORT_MAX_MB = env.float("DJANGO_IMPORT_MAX_MB", default=50)
# The admin previews every row within one request (about 5-15 ms a row), so
# its bound keeps an import well inside gunicorn's 30 s worker timeout;
# a larger Messwerte file runs as a background job (monitoring/observation_jobs.py).
ADMIN_IMPORT_MAX_ROWS = env.int("DJANGO_ADMIN_IMPORT_MAX_ROWS", default=2_000)
# Largest request body accepted at all, refused before it is read (uploads
# themselves are limited to 20 MB per file by their fields).
REQUEST_MAX_MB = env.float("DJANGO_REQUEST_MAX_MB", default=25)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every page at INFO; the report shows that as progress.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# Integrationsbericht: the public address the PDF links to and who issues it.
SITE_URL = env.str("DJANGO_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
REPORT_ISSUER = env.str(
    "DJANGO_REPORT_ISSUER", default="Der Magistrat der Stadt Kassel · Zukunftsbüro"
)

# Background work (the report job) through Django's task interface
# (django-tasks, the backport of Django 6's django.tasks). "database": queued
# in the database, run by `manage.py db_worker`; "immediate": run at once in
# the process that queues it (development and tests).
# The council information system's OParl API that the nightly import reads
# (manage.py oparl_import --einreihen, deploy/kassel-oparl-import.timer).
OPARL_IMPORT_URL = env.str("DJANGO_OPARL_IMPORT_URL", default="")
TASKS_BACKEND = env.str(
    "DJANGO_TASKS_BACKEND", default="immediate" if DEBUG else "database"
)
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[TASKS_BACKEND]
    }
}
# A running report job whose worker has not reported progress for this many
# seconds is taken as dead (worker killed or machine restarted) and marked
# failed with the reason.
REPORT_JOB_TIMEOUT = env.int("DJANGO_REPORT_JOB_TIMEOUT", default=600)
