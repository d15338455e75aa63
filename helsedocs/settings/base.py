"""Helsedocs settings, read from the environment (see INTERFACE.md "Settings").

The embedded default is SQLite and an on-disk Whoosh index inside the project folder;
``DATABASE_URL`` selects PostgreSQL for production.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # runtime data of the embedded default: database, index, uploads


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A development key; production.py refuses to start with it.
DEFAULT_SECRET_KEY = "helsedocs-development-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "haystack",
    "django_tasks",
    "django_tasks_db",
    "documents",
    "ingest",
    "uploads",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "helsedocs.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "helsedocs.middleware.NorwegianFirstLocaleMiddleware",
    "helsedocs.middleware.SearchVocabularyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "helsedocs.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["documents.templatetags.text"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "helsedocs.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'helsedocs.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default lives in var/, which a fresh clone does not have yet.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Ingest and web requests share the file. WAL lets pages read while an ingest writes;
    # a transaction takes the write lock when it begins (IMMEDIATE), so a second writer
    # waits up to the busy timeout for it instead of failing at once with "database is
    # locked" when its read lock cannot be upgraded. Both apply to every connection.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Norwegian bokmål first, English second.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("HELSEDOCS_MEDIA_DIR", VAR_DIR / "media"))

# Search runs inside PostgreSQL when the data does (every app server shares the index, and
# it is written in the data's own transaction); the embedded default is a Whoosh folder.
# HELSEDOCS_SEARCH_ENGINE (whoosh or postgres) forces either.
SEARCH_ENGINES = {
    "whoosh": {
        "ENGINE": "documents.search.whoosh.NorwegianWhooshEngine",
        "PATH": os.environ.get("HELSEDOCS_INDEX_DIR", str(VAR_DIR / "whoosh_index")),
    },
    "postgres": {"ENGINE": "documents.search.postgres.PostgresEngine"},
}


def search_engine(database_engine: str) -> str:
    """The search engine's name: HELSEDOCS_SEARCH_ENGINE, else the database's own."""
    name = os.environ.get("HELSEDOCS_SEARCH_ENGINE", "").strip().lower()
    if not name:
        return "postgres" if "postgresql" in database_engine else "whoosh"
    if name not in SEARCH_ENGINES:
        raise ImproperlyConfigured(f"HELSEDOCS_SEARCH_ENGINE: use {' or '.join(SEARCH_ENGINES)}")
    if name == "postgres" and "postgresql" not in database_engine:
        raise ImproperlyConfigured(
            "HELSEDOCS_SEARCH_ENGINE=postgres needs a PostgreSQL DATABASE_URL"
        )
    return name


SEARCH_ENGINE = search_engine(DATABASES["default"]["ENGINE"])
HAYSTACK_CONNECTIONS = {"default": SEARCH_ENGINES[SEARCH_ENGINE]}
# Index writes happen from one place (documents/indexing.py), never from model signals:
# Whoosh allows one writer, after commit; PostgreSQL writes inside the transaction.
HAYSTACK_SIGNAL_PROCESSOR = "haystack.signals.BaseSignalProcessor"
# Every index entry is of a registered model, so haystack's per-search filter on the model
# would walk the whole Whoosh index to keep everything (up to a third of a search's time).
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False

SEEDS_DIR = BASE_DIR / "seeds"

# What one ingested file may take (ingest/bounded.py); a file over a limit fails with
# the reason and leaves nothing behind.
INGEST_LIMITS = {
    "file_bytes": 100 * 1024**2,
    "unpacked_bytes": 250 * 1024**2,  # a DOCX's parts, unzipped
    "pages": 3000,
    "seconds": 600.0,  # to read one file (the seeds' longest PDF: under 10 s)
    "memory_bytes": 1024**3,  # for the reading worker, on top of what it starts with
}

# Uploads are ingested by a background worker (manage.py db_worker) through Django's task
# framework (the django-tasks backport): the queue is a table in the database, so the
# embedded default needs nothing more, and on PostgreSQL several workers share it safely
# (each claims a job with SELECT ... FOR UPDATE SKIP LOCKED).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Limits checked when a file is uploaded, before any work starts.
HELSEDOCS_MAX_UPLOAD_MB = int(os.environ.get("HELSEDOCS_MAX_UPLOAD_MB", "100"))
HELSEDOCS_MAX_UPLOAD_PAGES = int(os.environ.get("HELSEDOCS_MAX_UPLOAD_PAGES", "2000"))
# A job that has reported nothing for this long lost its worker (killed, machine gone)
# and may be retried.
HELSEDOCS_JOB_STALE_MINUTES = int(os.environ.get("HELSEDOCS_JOB_STALE_MINUTES", "15"))
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGIN_URL = "admin:login"

# Everything goes to the console (stderr), where runserver, gunicorn and systemd collect
# it. Django's own default sends a 500's traceback only to ADMINS by mail when DEBUG is
# off, which Helsedocs has not: here django.request logs it at ERROR with the traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "helsedocs": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # pdfminer logs every odd PDF object at WARNING; the ingest reports what matters.
        "pdfminer": {"level": "ERROR"},
    },
}

# Development and tests serve static files straight from static/; production collects them.
WHITENOISE_USE_FINDERS = True

# What a page may load (nothing from elsewhere, no inline code) and use (no camera, no
# location...): helsedocs.headers.SecurityHeadersMiddleware sends both.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        *("accelerometer", "autoplay", "camera", "display-capture"),
        *("geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment"),
        *("publickey-credentials-get", "screen-wake-lock", "usb", "xr-spatial-tracking"),
    )
)
# The language choice is a cookie like the session's: same site only (HTTPS only in
# production, see production.py).
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
