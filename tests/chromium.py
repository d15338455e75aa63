"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright, for every browser test.

A plugin of the whole suite (``pytest_plugins`` in tests/conftest.py), not a folder's
conftest: Playwright's sync API allows one instance per process, so the session's browser
must be one fixture however many folders use it.
"""

import os
from pathlib import Path

import pytest

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


def checked_page(browser, size):
    """A page at ``size`` for one test; the test fails on any console error it left."""
    context, page, errors = open_page(browser, size)
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def page(browser):
    yield from checked_page(browser, DESKTOP)


@pytest.fixture
def phone(browser):
    yield from checked_page(browser, PHONE)


@pytest.fixture(params=["desktop", "phone"])
def any_page(request, browser):
    """The same test at both sizes."""
    yield from checked_page(browser, DESKTOP if request.param == "desktop" else PHONE)
