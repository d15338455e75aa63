"""A worker killed (SIGKILL) in the middle of an import leaves nothing partial behind, and
the job, retried, comes to the same result as an ingest that was never interrupted.

Everything runs as it does in production: ``manage.py ingest --enqueue`` queues the file,
``manage.py db_worker`` processes (real subprocesses) share a scratch SQLite database and
media folder, and the kill is a real SIGKILL while the job's state says it is importing.
"""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent.parent
PROPOSITION = ROOT / "seeds" / "003_946f496bfe1dc309.txt"  # the largest seed: a long import
TABLES = (
    "documents_document",
    "documents_section",
    "documents_measure",
    "documents_decision",
    "documents_budgetline",
    "documents_sourcefile",
)


def project(folder: Path) -> dict[str, str]:
    """The environment of a Helsedocs in ``folder``, migrated."""
    folder.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "helsedocs.settings.base",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'helsedocs.sqlite3'}",
        "HELSEDOCS_MEDIA_DIR": str(folder / "media"),
        "HELSEDOCS_INDEX_DIR": str(folder / "index"),
    }
    env.pop("HELSEDOCS_SEARCH_ENGINE", None)
    manage(env, "migrate", "--noinput")
    return env


def manage(env, *args, timeout=300) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def query(env, sql: str) -> list[tuple]:
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30) as connection:
        return connection.execute(sql).fetchall()


def job_state(env) -> str:
    return query(env, "SELECT state FROM uploads_ingestjob")[0][0]


def contents(env) -> dict:
    """What an ingest wrote, without ids and timestamps: comparable across databases."""
    return {
        "counts": {table: query(env, f"SELECT COUNT(*) FROM {table}")[0][0] for table in TABLES},
        "documents": query(env, "SELECT slug, kind, title, reference FROM documents_document"),
        "sections": query(
            env, "SELECT number, title, start_line, end_line FROM documents_section ORDER BY 1, 3"
        ),
        "budget": query(
            env, "SELECT kap, post, forslag_nok FROM documents_budgetline ORDER BY 1, 2, 3"
        ),
    }


def test_a_worker_killed_mid_import_leaves_nothing_and_the_retry_matches(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    upload = shutil.copy(PROPOSITION, inbox / "prop-1-s.txt")

    env = project(tmp_path / "killed")
    assert "queued as ingest job" in manage(env, "ingest", str(upload), "--enqueue")
    assert job_state(env) == "queued"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while job_state(env) != "importing":
            assert worker.poll() is None and time.monotonic() < deadline, job_state(env)
            time.sleep(0.02)
        time.sleep(1.0)  # well into the import's transaction
        assert job_state(env) == "importing", "the import finished before the kill"
        os.kill(worker.pid, signal.SIGKILL)
    finally:
        worker.kill()
        worker.wait()
    assert worker.returncode == -signal.SIGKILL

    # Nothing partial: no document, row or source, no stored original; the job says it
    # was importing when its worker died.
    assert contents(env)["counts"] == dict.fromkeys(TABLES, 0)
    assert not list((tmp_path / "killed" / "media").glob("sources/*"))
    assert job_state(env) == "importing"

    # A job whose worker is gone may be retried (here at once: no grace period).
    retry = "from uploads import jobs; from uploads.models import IngestJob; jobs.retry(IngestJob.objects.get())"
    manage({**env, "HELSEDOCS_JOB_STALE_MINUTES": "0"}, "shell", "-c", retry)
    assert job_state(env) == "queued"
    manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
    assert query(env, "SELECT state, attempts, error FROM uploads_ingestjob") == [("done", 2, "")]

    # The same result as an ingest that was never interrupted.
    clean = project(tmp_path / "clean")
    manage(clean, "ingest", str(upload), "--no-progress")
    retried = contents(env)
    assert retried["counts"]["documents_section"] > 100
    assert retried == contents(clean)
