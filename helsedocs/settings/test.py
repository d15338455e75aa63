"""Settings for the test suite: the base settings with a temporary Whoosh index and fast hashing."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "documents.search.whoosh.NorwegianWhooshEngine",
        "PATH": os.environ.get(
            "HELSEDOCS_TEST_INDEX_DIR", tempfile.mkdtemp(prefix="helsedocs-test-index-")
        ),
    },
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="helsedocs-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="helsedocs-test-static-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
