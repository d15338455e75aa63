"""An admin save while another process writes the index answers within seconds.

Once it waited for the whole of an ingest's index write (5 to 56 s), past gunicorn's 30 s
timeout. Now it waits a few seconds, then leaves its noted change to the writer.
"""

import time

import pytest
from django.contrib.auth.models import User

from documents import indexing
from documents.models import Measure
from documents.search import service as search

from .conftest import PLAN

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.skipif(
        indexing.index_in_database(), reason="PostgreSQL's index has no lock of its own"
    ),
]


def test_an_admin_save_does_not_wait_for_a_long_index_write(
    client, search_index, ingest_seed, django_capture_on_commit_callbacks
):
    ingest_seed(PLAN)
    measure = Measure.objects.filter(kind="regjeringen_vil").order_by("position").first()
    client.force_login(User.objects.create_superuser("kari", password="x"))
    data = {
        "title": "Kvantedatamaskiner i hver kommune",
        "text": measure.text,
        "number": measure.number,
        "status": measure.status,
        "amount_nok": "",
    }
    with indexing.index_write_lock():  # an ingest's long index write, in another process
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/admin/documents/measure/{measure.pk}/change/", data)
        waited = time.monotonic() - started
    assert response.status_code == 302
    assert waited < indexing.LOCK_WAIT_SECONDS + 3
    assert len(indexing.pending_notes()) == 1  # left to the writer holding the lock

    indexing.catch_up()  # that writer's next round
    assert indexing.pending_notes() == []
    hits = search.search(search.SearchParams(q="kvantedatamaskiner")).hits
    assert [hit.id for hit in hits] == [measure.pk]
