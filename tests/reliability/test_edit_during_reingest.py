"""A curator's edits racing a re-ingest of a changed source, on PostgreSQL: no edit is lost.

A thread re-ingests the white paper with every line moved by one (so the import rewrites
every row) while another saves measure titles in the admin, one after the other, for as
long as the ingest runs. Every save that answered "saved" must still be there afterwards,
with its override and its history record. Each measure is saved once per trial, so a
lost edit cannot hide behind a later one.
"""

import logging
import threading
import time

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from documents.models import Measure
from ingest.pipeline import ingest_file

from .conftest import PLAN, SEEDS, write_changed_seed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks need PostgreSQL; SQLite serialises whole transactions",
    ),
]

TRIALS = 4

logger = logging.getLogger(__name__)


def save_titles(measures: list[Measure], trial: int, done: threading.Event, saved: dict) -> None:
    """Save a new title for one measure after another (each once) until the ingest is done."""
    client = Client()
    client.force_login(User.objects.get(username="kari"))
    try:
        for measure in measures:
            if done.is_set():
                return
            title = f"Rettet i runde {trial}: {measure.pk}"
            response = client.post(
                f"/admin/documents/measure/{measure.pk}/change/",
                {
                    "title": title,
                    "text": measure.text,
                    "number": measure.number,
                    "status": measure.status,
                    "amount_nok": "" if measure.amount_nok is None else measure.amount_nok,
                },
            )
            if response.status_code == 302:
                saved[measure.pk] = title
    finally:
        connection.close()


def ingest_in_thread(path, outcomes: list, done: threading.Event) -> None:
    try:
        outcomes.append(ingest_file(path))
    finally:
        done.set()
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_every_saved_edit_survives_a_concurrent_reingest(tmp_path):
    original = (SEEDS / PLAN).read_text(encoding="utf-8")
    path = tmp_path / PLAN
    path.write_text(original, encoding="utf-8")
    assert not ingest_file(path).failed
    User.objects.create_superuser("kari", password="x")
    measures = list(Measure.objects.order_by("position"))
    for trial in range(TRIALS):
        # Every other trial moves each line down by one: the import rewrites every row.
        write_changed_seed(tmp_path, PLAN, "\n" * ((trial + 1) % 2) + original)
        done, outcomes, saved = threading.Event(), [], {}
        editor = threading.Thread(target=save_titles, args=(measures, trial, done, saved))
        ingest = threading.Thread(target=ingest_in_thread, args=(path, outcomes, done))
        editor.start()
        time.sleep(0.2)
        ingest.start()
        ingest.join(timeout=300)
        editor.join(timeout=300)
        assert outcomes and outcomes[0].status == "updated", outcomes and outcomes[0].error
        assert saved
        logger.info("trial %d: %d edits saved during the re-ingest", trial, len(saved))
        for pk, title in saved.items():
            measure = Measure.objects.get(pk=pk)
            assert measure.title == title, f"trial {trial}: the edit of measure {pk} was lost"
            assert "title" in measure.edited_fields
            assert measure.history.filter(title=title).exists()
