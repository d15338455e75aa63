"""Production: errors are logged with their traceback, pages carry CSP and Permissions-Policy,
the language cookie is as guarded as the session's."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "helsedocs.settings.production",
    "DJANGO_SECRET_KEY": "x7Rk2pQ9vL4mN8sT1wY6zB3cF5hJ0dG2aE9uI7oP4qW1rT8yU3iO6pA5sD2fG9hJ",
    "DJANGO_ALLOWED_HOSTS": "helsedocs.example.no",
}

# What Django's handler does with a view's exception: log it on django.request at ERROR.
FAILING_REQUEST = """
import logging, django
django.setup()
from django.conf import settings
try:
    1 / 0
except ZeroDivisionError:
    logging.getLogger("django.request").error("Internal Server Error: /search/", exc_info=True)
print(settings.LANGUAGE_COOKIE_SECURE, settings.LANGUAGE_COOKIE_SAMESITE)
"""


def test_a_500_in_production_is_logged_to_the_console_with_its_traceback():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    done = subprocess.run(
        [sys.executable, "-c", FAILING_REQUEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "ERROR django.request: Internal Server Error: /search/" in done.stderr
    assert "ZeroDivisionError" in done.stderr
    assert done.stdout.split() == ["True", "Lax"]


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_a_permissions_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    assert "camera=()" in response["Permissions-Policy"]
    export = client.get("/documents/?format=csv")
    assert "Content-Security-Policy" not in export  # a CSV or PDF opens in its own viewer
    assert "geolocation=()" in export["Permissions-Policy"]


@pytest.mark.django_db
def test_the_language_cookie_is_same_site_and_not_for_scripts(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    cookie = response.cookies["django_language"]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]


STORED_FILE = """
import django
django.setup()
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
name = default_storage.save("uploads/a.txt", ContentFile(b"Prop. 1 S"))
print(type(default_storage._wrapped).__name__, default_storage.open(name).read().decode())
"""


def test_the_originals_go_to_the_storage_the_environment_names():
    """Several app servers share the uploaded originals: production stores them with the
    backend HELSEDOCS_STORAGE_BACKEND names, given HELSEDOCS_STORAGE_OPTIONS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    env |= {
        "HELSEDOCS_STORAGE_BACKEND": "django.core.files.storage.InMemoryStorage",
        "HELSEDOCS_STORAGE_OPTIONS": '{"base_url": "/originals/"}',
    }
    done = subprocess.run(
        [sys.executable, "-c", STORED_FILE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["InMemoryStorage", "Prop.", "1", "S"]

    env["HELSEDOCS_STORAGE_OPTIONS"] = "{base_url: /originals/}"
    done = subprocess.run(
        [sys.executable, "-c", STORED_FILE], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "HELSEDOCS_STORAGE_OPTIONS is not JSON" in done.stderr
