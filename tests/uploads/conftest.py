"""The browser tests here share the suite's Chromium (tests/browser/conftest.py)."""

from tests.browser.conftest import browser, page  # noqa: F401
