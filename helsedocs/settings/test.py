"""Settings for the test suite: the base settings with a temporary Whoosh index and fast hashing."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The engine of base.py (Whoosh on SQLite, PostgreSQL on PostgreSQL), Whoosh in a temp dir.
SEARCH_ENGINES["whoosh"]["PATH"] = os.environ.get(  # noqa: F405
    "HELSEDOCS_TEST_INDEX_DIR", tempfile.mkdtemp(prefix="helsedocs-test-index-")
)
HAYSTACK_CONNECTIONS = {"default": SEARCH_ENGINES[SEARCH_ENGINE]}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="helsedocs-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="helsedocs-test-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
