"""Several workers on PostgreSQL share one queue: every job runs once, spread over them.

Real ``db_worker`` processes against the test database; each claims a job with SELECT …
FOR UPDATE SKIP LOCKED. SQLite (one writer) runs a single worker, so the test is
PostgreSQL's.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tasks_db.models import DBTaskResult

from uploads import jobs
from uploads.models import IngestJob

from .test_reingest import NOTE

ROOT = Path(__file__).resolve().parent.parent.parent
WORKERS = 3
JOBS = 9


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_workers_on_postgresql_share_one_queue_and_run_each_job_once(
    settings, search_index, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED is PostgreSQL's; on SQLite one worker runs the jobs")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helsedocs.settings.base",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": database_url(),
        "HELSEDOCS_MEDIA_DIR": str(settings.MEDIA_ROOT),  # the storage the uploads went to
        "PYTHONUNBUFFERED": "1",  # each worker's "Starting worker" line arrives as written
    }
    logs = [tmp_path / f"worker-{number}.log" for number in range(WORKERS)]
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"]
            + ["--interval", "0.1", "--worker-id", f"worker-{number}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log.open("w"),  # the worker logs to stderr; a file never fills up
        )
        for number, log in enumerate(logs)
    ]
    try:
        deadline = time.monotonic() + 60
        while not all("Starting worker" in log.read_text() for log in logs):  # all polling
            assert time.monotonic() < deadline, [log.read_text()[-500:] for log in logs]
            assert all(worker.poll() is None for worker in workers), logs[0].read_text()
            time.sleep(0.1)
        queued = [
            jobs.submit(SimpleUploadedFile(f"notat-{n}.txt", f"{NOTE}\nTillegg {n}.\n".encode()))
            for n in range(JOBS)
        ]
        deadline = time.monotonic() + 180
        while IngestJob.objects.exclude(state__in=IngestJob.FINISHED).exists():
            assert time.monotonic() < deadline, list(IngestJob.objects.values("state"))
            time.sleep(0.2)
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=60)

    assert sorted(IngestJob.objects.values_list("pk", "state", "attempts")) == [
        (job.pk, "done", 1) for job in queued
    ], list(IngestJob.objects.exclude(state="done").values_list("error", flat=True))
    results = DBTaskResult.objects.all()
    assert [result.status for result in results] == ["SUCCESSFUL"] * JOBS
    assert len({result.worker_ids[0] for result in results}) > 1  # the work was shared
