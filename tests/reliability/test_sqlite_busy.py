"""SQLite, the embedded default: a curator's save while an ingest writes waits, then succeeds.

Real processes on a real database file, as ``make run`` has them: one ``manage.py ingest``
of the budget proposition (its import writes for seconds in one transaction) and a
curator saving a measure in the admin over and over meanwhile.
"""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from .conftest import PLAN, PROPOSITION, SEEDS

ROOT = Path(__file__).resolve().parent.parent.parent

logger = logging.getLogger(__name__)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's file locking; the SQLite run covers it"
    ),
]


def manage(env, *args):
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_an_admin_save_during_an_ingest_succeeds(tmp_path):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'helsedocs.sqlite3'}",
        "HELSEDOCS_TEST_INDEX_DIR": str(tmp_path / "index"),
        "DJANGO_SETTINGS_MODULE": "helsedocs.settings.test",
    }
    manage(env, "migrate", "-v0")
    manage(env, "ingest", "--no-progress", "-v0", str(SEEDS / PLAN))
    stop = tmp_path / "stop"
    saver = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.admin_saves", str(stop)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    ingest = subprocess.run(
        [sys.executable, "manage.py", "ingest", "--no-progress", "-v0", str(SEEDS / PROPOSITION)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    stop.touch()
    out, err = saver.communicate(timeout=120)
    assert ingest.returncode == 0, ingest.stderr[-3000:]
    assert saver.returncode == 0, err[-3000:]
    result = json.loads(out)
    statuses = [status for status, _seconds in result["saves"]]
    # The saves went on through the ingest: several of them, and one at least waited for
    # the import's write transaction (seconds long) and still went through. (A count
    # alone follows the ingest's speed: 12-19 saves once, 8 since the ingest got faster.)
    assert len(statuses) >= 5, result["saves"]
    assert max(seconds for _status, seconds in result["saves"]) >= 0.5, result["saves"]
    assert set(statuses) == {302}, result["saves"]
    assert result["note"] == f"save {len(statuses) - 1}"
    logger.info(
        "%d admin saves during the ingest, the longest took %.1f s",
        len(statuses),
        max(seconds for _status, seconds in result["saves"]),
    )
