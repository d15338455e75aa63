"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against a live server.

The seeds the browser tests need are ingested once per module and removed afterwards, so
the other tests start from the migrated database without documents.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from ingest.pipeline import ingest_file

DEVELOPMENT_DATABASE = settings.DATABASES["default"]["NAME"]  # read before the test database exists
SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# The news items, the budget proposition and the white paper: every kind of public page.
SITE_SEEDS = ("000_6ef6d4d4d57f5e61.txt", "003_946f496bfe1dc309.txt", "004_89a39abf184bf37d.txt")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop; Django refuses ORM calls from a thread that
# has one unless told that this is deliberate (the tests never share connections across
# threads while the browser works).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (make test does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {  # an ordinary phone held upright
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def open_page(browser, size):
    """A page of a fresh context, and the console errors it collects."""
    context = browser.new_context(**size, accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors  # a test that loads an error page on purpose clears them
    return context, page, errors


@pytest.fixture
def page(browser):
    context, page, errors = open_page(browser, DESKTOP)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def phone(browser):
    context, page, errors = open_page(browser, PHONE)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture(params=["desktop", "phone"])
def any_page(request, browser):
    """The same test at both sizes."""
    context, page, errors = open_page(browser, DESKTOP if request.param == "desktop" else PHONE)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """A live Helsedocs with the news, the white paper and the budget proposition, ingested
    and indexed.

    Its own server thread rather than pytest-django's ``live_server``: that one makes each
    test transactional and flushes the database after it, and ingesting the seeds again
    for every test would be slow. Everything is committed here and flushed at the end.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.db import connections
    from django.test.testcases import LiveServerThread

    from documents.indexing import index_import

    folder = tmp_path_factory.mktemp("seeds")
    with django_db_blocker.unblock():
        # Never the development database: flush() at the end would empty it.
        assert connections["default"].settings_dict["NAME"] != DEVELOPMENT_DATABASE, (
            "no test database"
        )
        for name in SITE_SEEDS:
            shutil.copy(SEEDS / name, folder / name)
            outcome = ingest_file(folder / name, after_commit=index_import)
            assert not outcome.failed, outcome.error
        shared = {}
        for connection in connections.all():
            if connection.vendor == "sqlite" and connection.is_in_memory_db():
                connection.inc_thread_sharing()
                shared[connection.alias] = connection
        server = LiveServerThread(
            "localhost", StaticFilesHandler, connections_override=shared, port=0
        )
        server.daemon = True
        server.start()
        server.is_ready.wait()
        if server.error:
            raise server.error
        try:
            yield f"http://localhost:{server.port}"
        finally:
            server.terminate()
            for connection in shared.values():
                connection.dec_thread_sharing()
            remove_ingested()


def remove_ingested() -> None:
    """Delete what the site's ingest wrote (not flush: the migrations' data must stay)."""
    from django.apps import apps

    from documents.models import Document, SourceFile

    Document.objects.all().delete()
    SourceFile.objects.all().delete()
    for model in apps.get_app_config("documents").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()


@pytest.fixture
def db_access(django_db_blocker):
    """Committed database access for a browser test (the site's thread sees it)."""
    with django_db_blocker.unblock():
        yield
