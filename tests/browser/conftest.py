"""The live site the browser tests drive (Chromium itself: tests/chromium.py).

The seeds the browser tests need are ingested once per module and removed afterwards, so
the other tests start from the migrated database without documents.
"""

import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings

from ingest.pipeline import ingest_file

DEVELOPMENT_DATABASE = settings.DATABASES["default"]["NAME"]  # read before the test database exists
SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
# The news items, the budget proposition and the white paper: every kind of public page.
SITE_SEEDS = ("000_6ef6d4d4d57f5e61.txt", "003_946f496bfe1dc309.txt", "004_89a39abf184bf37d.txt")


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
    from haystack import connections as search_connections

    from documents.indexing import index_import

    folder = tmp_path_factory.mktemp("seeds")
    index = search_connections["default"].get_backend()
    with django_db_blocker.unblock():
        index.clear()  # entries of earlier tests' rows would be hits that lead to a 404
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
            # The server's request threads are daemons it does not wait for: a request the
            # browser still had open (a stylesheet, the favicon) would close the shared
            # connection after its sharing ended. Let them finish first.
            for thread in threading.enumerate():
                if thread.name.endswith("(process_request_thread)"):
                    thread.join(timeout=10)
            for connection in shared.values():
                connection.dec_thread_sharing()
            remove_ingested()
            index.clear()


def remove_ingested() -> None:
    """Delete what the site's ingest wrote (not flush: the migrations' data must stay)."""
    from django.apps import apps

    from documents.models import Document, SourceFile, Vocabulary, VocabularyRecount, VocabularyWord

    Document.objects.all().delete()
    SourceFile.objects.all().delete()
    # The search vocabulary the imports counted and published: left behind, a later
    # test's check_index sees it drift (a deleted document's words go with it; the
    # published lexicon and stray marks do not).
    VocabularyWord.objects.all().delete()
    VocabularyRecount.objects.all().delete()
    Vocabulary.objects.update(key="", words={})
    for model in apps.get_app_config("documents").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()


@pytest.fixture
def db_access(django_db_blocker):
    """Committed database access for a browser test (the site's thread sees it)."""
    with django_db_blocker.unblock():
        yield
