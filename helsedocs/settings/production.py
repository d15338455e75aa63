"""Production settings: secure defaults, refuses to start without a real secret key.

Give it DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL).
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DEFAULT_SECRET_KEY, env_bool

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

WHITENOISE_USE_FINDERS = False


def _storage_options() -> dict:
    text = os.environ.get("HELSEDOCS_STORAGE_OPTIONS", "").strip() or "{}"
    try:
        options = json.loads(text)
    except json.JSONDecodeError as error:
        raise ImproperlyConfigured(f"HELSEDOCS_STORAGE_OPTIONS is not JSON: {error}") from None
    if not isinstance(options, dict):
        raise ImproperlyConfigured("HELSEDOCS_STORAGE_OPTIONS must be a JSON object")
    return options


# Uploaded originals: a folder (HELSEDOCS_MEDIA_DIR; one every app server and worker
# mounts when there are several) or any Django storage backend, e.g. django-storages'
# "storages.backends.s3.S3Storage" with its options as a JSON object.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "HELSEDOCS_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": _storage_options(),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
