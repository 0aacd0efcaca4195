"""Settings for SNIA Suivi, read from the environment (see .env.example).

SQLite is the embedded default so a new user needs no server; set DATABASE_URL
to use PostgreSQL in production.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from snia.database import database_settings
from snia.environment import env_bool, env_int, env_list
from snia.languages import *  # noqa: F403 - LANGUAGES, LANGUAGE_CODE, LOCALE_PATHS, formats, cookie
from snia.storage import default_storage_settings

BASE_DIR = Path(__file__).resolve().parent.parent


DEBUG = env_bool("DJANGO_DEBUG", False)

# Required when DEBUG is off. Left empty, Django refuses it the first time
# anything signs with it (a session, a CSRF token, a password reset link):
# "The SECRET_KEY setting must not be empty." Commands that sign nothing
# (makemigrations, check) still run on a bare checkout.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"
# Change forms' version field signs with SECRET_KEY when it signs, not at import.
CONCURRENCY_FIELD_SIGNER = "adminsite.concurrency.DeferredVersionSigner"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Before the admin: fields <name>_fr/_ar/_en of each app's translation.py.
    "modeltranslation",
    "adminsite.site.SniaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "concurrency",
    "import_export",
    "django_tasks",
    # Their labels in French (adminsite/thirdparty.py).
    "adminsite.thirdparty.TasksDatabaseConfig",
    "adminsite.thirdparty.AxesConfig",
    "csp",
    "programmes",
    "committees",
    "trainings",
    "reports",
    # The front door: every role's dashboard and the help pages.
    "dashboard",
    # Accounts and the mail they receive: profiles, password reset, invitations,
    # review notifications, reporting deadline reminders.
    "accounts",
    # Loaders' ledger and the API's idempotency keys: bookkeeping, no domain data.
    "loaders",
    "idempotency",
    # Backups and restores (manage.py backup / restore): no models.
    "operations",
    # Last: builds the role groups once every app's permissions exist.
    "access",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (snia/request_id.py).
    "snia.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files from the web process itself, compressed and cached for good (WhiteNoise).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the session or a parameter: PostgreSQL cannot take a NUL.
    "snia.middleware.RefuseNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The user's chosen language, not the browser's (snia/language.py).
    "snia.language.LanguageMiddleware",
    "access.security.RefusedAccessLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "snia.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes requires: turns a lockout into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "snia.urls"

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

WSGI_APPLICATION = "snia.wsgi.application"

# With a connect timeout (DATABASE_CONNECT_TIMEOUT, every process) and, for web
# requests only, a statement timeout: see snia/database.py.
# Connections persist DATABASE_CONN_MAX_AGE seconds (default 60) and are
# checked before a request reuses them (DATABASE_CONN_HEALTH_CHECKS).
DATABASES = {"default": database_settings(os.environ, BASE_DIR)}
DATABASE_STATEMENT_TIMEOUT = env_int("DATABASE_STATEMENT_TIMEOUT", 30)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

TIME_ZONE = "Africa/Casablanca"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Generated PDFs, editions and minutes: on disk under MEDIA_ROOT, or in an
# S3-compatible object store with SNIA_STORAGE=s3 (snia/storage.py). Private
# either way: they download through our views only.
# `collectstatic` writes each static file under a name holding its content's hash,
# gzip- and Brotli-compressed beside it; WhiteNoise serves them with a cache of
# a year (the name changes with the content). With DEBUG on (run.sh) names stay
# plain and files come from the apps' directories, no collectstatic needed.
# With DEBUG off a template naming a static file that was not collected fails:
# tests use the plain storage (tests/conftest.py), production runs collectstatic.
STORAGES = {
    "default": default_storage_settings(os.environ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Only the hashed names are kept and compressed (half the work and the disk),
# and source maps, for developers' tools, are not compressed.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["map", "png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "gz"]

# Uploaded meeting minutes: PDF or DOCX only, at most this many bytes.
MINUTES_MAX_BYTES = env_int("SNIA_MINUTES_MAX_BYTES", 10 * 1024 * 1024)
# Imported spreadsheets (sessions, meetings): XLSX or CSV of at most this many bytes.
IMPORT_MAX_BYTES = env_int("SNIA_IMPORT_MAX_BYTES", 2 * 1024 * 1024)
# Django refuses request bodies larger than this before any form sees them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Background work (the bilan's PDF) runs in `manage.py db_worker`, with the
# database as its queue so that no extra server is needed.
# Two queues: "default" (PDF renders, closings) and "emails", which a worker
# of its own serves (`snia_worker --queue-name emails`), so that a mail never
# waits behind a render that takes minutes.
EMAIL_QUEUE = "emails"
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SNIA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", EMAIL_QUEUE],
    }
}
# A render holds a lease that its worker renews every heartbeat; a lease not
# renewed in time means the worker died (killed, out of memory): the render is
# queued again (reports/leases.py), at most this many times in a row.
RENDER_LEASE_SECONDS = env_int("SNIA_RENDER_LEASE_SECONDS", 60)
RENDER_HEARTBEAT_SECONDS = env_int("SNIA_RENDER_HEARTBEAT_SECONDS", 15)
RENDER_MAX_ATTEMPTS = env_int("SNIA_RENDER_MAX_ATTEMPTS", 3)
# The working version's pieces are laid out by this many processes (0: one per
# core), and cached in this directory: a worker machine's own, outside the media
# and the backups (reports.working).
BILAN_RENDER_PROCESSES = env_int("SNIA_BILAN_RENDER_PROCESSES", 0)
BILAN_CACHE_DIR = Path(os.environ.get("SNIA_BILAN_CACHE_DIR") or BASE_DIR / "var" / "cache" / "bilan")
# /health/ answers 503 when a render or a closing has waited longer than this (snia/health.py).
HEALTH_PENDING_MINUTES = env_int("SNIA_HEALTH_PENDING_MINUTES", 15)

LOGIN_URL = "admin:login"
# Every role starts the day on the dashboard, not the admin's index (adminsite/site.py
# makes the admin's own login form, without ?next=, go there too).
LOGIN_REDIRECT_URL = "dashboard"

# --- Mail ---
# Sent by the background worker (queue "emails", accounts/tasks.py), never
# inside a request. Development (DEBUG on) prints mail on the worker's console;
# production speaks SMTP to EMAIL_HOST. Tests use Django's in-memory outbox.
EMAIL_BACKEND = f"django.core.mail.backends.{'console' if DEBUG else 'smtp'}.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that does not answer must not hold the mail worker for ever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or "SNIA Suivi <noreply@localhost>"
# The address links in mail lead to (no request to take it from in the worker).
SNIA_BASE_URL = (os.environ.get("SNIA_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
# Reporting deadline reminders (accounts/reminders.py): the first goes this many
# days before a year's deadline, then one every SNIA_REMINDER_INTERVAL_DAYS.
REMINDER_DAYS_BEFORE = env_int("SNIA_REMINDER_DAYS_BEFORE", 14)
REMINDER_INTERVAL_DAYS = env_int("SNIA_REMINDER_INTERVAL_DAYS", 7)
# --- End of Mail ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line says which request wrote it (snia/request_id.py): "-" outside a request.
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO; keep its warnings only.
    # pikepdf announces its logger bridge at INFO on import: noise in every command's output.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pikepdf": {"level": "WARNING"},
    },
}

# --- Security ---
# Login, sessions, transport and the security log. Production runs with DEBUG
# off behind HTTPS; run.sh's development server (DEBUG on, plain http://) keeps
# ordinary cookies and no HTTPS redirect, so that logging in still works there.

AUTHENTICATION_BACKENDS = [
    # First: a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lockout (django-axes) after this many failed logins for one username from one
# address, until the cool-off has passed. Keyed on the pair: everyone behind
# one office router or the reverse proxy shares an address, and one person's
# typos (or someone guessing another's password) must not lock them all out.
AXES_FAILURE_LIMIT = env_int("SNIA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SNIA_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "access.security.lockout_response"
# Usernames and addresses are what a security log is for; passwords are always masked.
AXES_SENSITIVE_PARAMETERS = []
# The client's address. Behind N reverse proxies, the nearest is REMOTE_ADDR,
# the first wrote the client into X-Forwarded-For and each further one appended
# the previous proxy: N - 1 proxies in the header after the client. Addresses a
# client forged come before those and are ignored (django-ipware, not strict:
# the address is counted from the right, whatever was prepended).
SNIA_PROXY_COUNT = env_int("SNIA_PROXY_COUNT", 0)
if SNIA_PROXY_COUNT > 0:
    AXES_IPWARE_PROXY_COUNT = SNIA_PROXY_COUNT - 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    IPWARE_STRICT = False
else:
    # Clients connect directly: any forwarding header is theirs, never trusted.
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

# Sessions end after SESSION_COOKIE_AGE (8 hours) or when the browser closes.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# HTTPS only in production. Behind a proxy that terminates TLS, name the header
# it sets (DJANGO_SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto) or the HTTPS
# redirect loops forever.
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The test client speaks plain http: tests turn the redirect off with an
# autouse fixture (settings.SECURE_SSL_REDIRECT = False), not by environment.
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# A load balancer probes /health/ over plain http from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole domain in every browser for good: that is the
    # domain owner's decision (DJANGO_SECURE_HSTS_PRELOAD=1), not a default.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
proxy_ssl_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "").strip().upper().replace("-", "_")
if proxy_ssl_header:
    # Django names request headers as in request.META: X-Forwarded-Proto is HTTP_X_FORWARDED_PROTO.
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.removeprefix("HTTP_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): our own files only, no CDN, no inline
# script. Django's admin runs no inline script; its one inline <style> (a
# change list whose ModelAdmin hides the actions bar) is allowed by its hash.
ADMIN_CHANGE_LIST_STYLE_HASH = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", ADMIN_CHANGE_LIST_STYLE_HASH],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Security log: failed logins, lockouts and refused (403) accesses, with user,
# address, path and time (access/security.py). Never a password.
LOGGING["formatters"] = {
    "timestamped": {
        "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        "datefmt": "%Y-%m-%dT%H:%M:%S%z",
    },
    # DJANGO_LOG_FORMAT=json: one JSON object per line, for a log collector.
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
        "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        "datefmt": "%Y-%m-%dT%H:%M:%S%z",
    },
}
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("DJANGO_LOG_FORMAT must be 'text' or 'json'.")
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_FORMAT == "json" else "timestamped"
LOGGING["loggers"]["snia.security"] = {"level": "INFO"}
# One line per 403, from access.security; none of Django's (with a traceback).
LOGGING["filters"] = {
    "refusal_logged_once": {"()": "access.log_filters.RefusalLoggedOnce"},
    "request_id": {"()": "snia.request_id.RequestIdLogFilter"},
}
LOGGING["loggers"]["django.request"] = {"filters": ["refusal_logged_once"]}
LOGGING["loggers"]["django.security.csrf"] = {"filters": ["refusal_logged_once"]}
CSRF_FAILURE_VIEW = "access.security.csrf_failure"
# axes reports each attempt at INFO; access/security.py logs them, keep its warnings.
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
# --- End of Security ---

# --- REST API ---
# /api/v1/ (snia/api_urls.py): scoping from access.rules through api/, as in the admin.
# Before "access", which must stay last: it builds the role groups once every app's
# permissions exist (administrators hold the tokens' ones).
INSTALLED_APPS[INSTALLED_APPS.index("access") : INSTALLED_APPS.index("access")] = [
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]
# DRF imports the classes named here while its own modules load, so the API's
# own authentication, permission, filter, pagination and parser classes are set
# on api.viewsets.ScopedViewSetMixin rather than here (a circular import otherwise).
REST_FRAMEWORK = {
    # Token first: an anonymous caller gets 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # JSON bodies only (no form or multipart): what the schema advertises, so that
    # clients generated from it work. No API endpoint takes a file. access.api's
    # viewsets use its size-checking subclass.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SNIA Suivi — API",
    # Descriptions come from extend_schema(description=_(…)), translated (`?lang=en`);
    # the API's own is in snia/api_urls.py. Docstrings are developers' English.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["api.permissions.HasRole"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ReviewStateEnum": "access.states.ReviewState",
    },
}
