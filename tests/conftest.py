"""Shared test switches and fixtures."""

import os
from pathlib import Path

import pytest

pytest_plugins = ["tests.chromium"]  # the browser tests' Chromium, one per session

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "seeds"
# Real published files (PDF, DOCX) shared between checkouts, never copied into the project.
REAL_DOCS_DIR = ROOT.parent / "shared" / "real-docs"


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="Rewrite the golden files from the parsers' current output (review the diff by eye).",
    )
    parser.addoption(
        "--playwright",
        action="store_true",
        default=False,
        help="Run the browser tests (Playwright driving /usr/bin/chromium).",
    )


def pytest_collection_modifyitems(config, items):
    if config.getoption("--playwright"):
        return
    skip = pytest.mark.skip(reason="drives Chromium: run with --playwright (make test does)")
    for item in items:
        if "playwright" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def real_docs() -> Path:
    """The folder of real published files; its tests skip where it is missing, except on CI."""
    if not REAL_DOCS_DIR.is_dir():
        reason = f"real published files not found at {REAL_DOCS_DIR}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + " (CI=true: they are required)")
        pytest.skip(reason)
    return REAL_DOCS_DIR


@pytest.fixture(scope="session")
def read_real(real_docs):
    """Read a real file (by its name under ../shared/real-docs) once per test run,
    whichever tests ask for it: the long PDFs take seconds each."""
    from functools import cache

    from ingest.readers import read_document
    from ingest.sources import read_raw

    @cache
    def read(name: str):
        return read_document(read_raw(real_docs / name))

    return read


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def search_index():
    """The test index, emptied before and after (rows of earlier tests never linger)."""
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.clear()
    yield backend
    backend.clear()


@pytest.fixture(autouse=True)
def fresh_synonym_table():
    """Each test reads the synonym table of its own database state."""
    from documents.search import synonyms

    synonyms.forget_table()
    yield
    synonyms.forget_table()


@pytest.fixture(autouse=True)
def shipped_lexicon():
    """Each test starts analysing with the shipped lexicon: a lexicon an earlier test's
    import published must not split this test's words (a search, an import or an index
    write takes its own database's lexicon itself)."""
    from documents.search import vocabulary

    vocabulary.forget_lexicons()
    yield
    vocabulary.forget_lexicons()
