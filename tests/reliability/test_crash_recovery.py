"""A crash between the database commit and the index write is caught up, text included.

The crash is injected where it would happen: the index write after a commit fails (a
patched failure in this process, a real SIGKILL in a subprocess). ``check_index`` must
then see the drift, text included, and ``--repair`` (or the next plain ingest) must
restore exact agreement.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from haystack import connections

from documents import indexing
from documents.indexing import index_import
from documents.management.commands.check_index import (
    content_of,
    database_fingerprints,
    searchable_identifiers,
)
from documents.models import Measure
from documents.search import service as search
from ingest.pipeline import ingest_file

from .conftest import PLAN, SEEDS, write_changed_seed

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent.parent

ROOT = Path(__file__).resolve().parent.parent.parent


class Killed(RuntimeError):
    """The process 'dies' here: nothing after this point runs."""


def die(**kwargs):
    raise Killed("killed between the commit and the index write")


def in_exact_agreement() -> bool:
    content = content_of(connections["default"].get_backend())
    wanted = searchable_identifiers()
    return content.indexed() == dict(database_fingerprints(content, wanted))


def titles(q: str) -> list[str]:
    return [hit.title for hit in search.search(search.SearchParams(q=q)).hits]


@pytest.fixture
def plan(search_index, ingest_seed):
    ingest_seed(PLAN)
    assert in_exact_agreement()
    return Measure.objects.filter(kind="regjeringen_vil").order_by("position").first()


def test_check_index_sees_and_repairs_stale_text(plan, capsys):
    """Same ids, other text: found by the content fingerprints, not by the ids."""
    Measure.objects.filter(pk=plan.pk).update(title="Kvantedatamaskiner i hver kommune")
    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    assert "1 with other content" in capsys.readouterr().out
    call_command("check_index", "--repair")
    call_command("check_index")
    assert in_exact_agreement()
    assert "Kvantedatamaskiner i hver kommune" in titles("kvantedatamaskiner")


no_gap_on_postgres = pytest.mark.skipif(
    indexing.index_in_database(),
    reason="PostgreSQL's index is written in the data's own transaction: no gap to crash in",
)


@no_gap_on_postgres
def test_a_curator_edit_whose_index_write_died_is_repaired(
    plan, client, django_user_model, monkeypatch, django_capture_on_commit_callbacks, capsys
):
    client.force_login(django_user_model.objects.create_superuser("kari", password="x"))
    data = {
        "title": "Kvantedatamaskiner i hver kommune",
        "text": plan.text,
        "number": plan.number,
        "status": plan.status,
        "amount_nok": "",
    }
    with monkeypatch.context() as crash:
        crash.setattr(indexing, "index_changes", die)
        with pytest.raises(Killed), django_capture_on_commit_callbacks(execute=True):
            client.post(f"/admin/documents/measure/{plan.pk}/change/", data)
    assert Measure.objects.get(pk=plan.pk).title == "Kvantedatamaskiner i hver kommune"
    assert not in_exact_agreement()

    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    assert "1 with other content, 1 changes noted" in capsys.readouterr().out
    call_command("check_index", "--repair")
    call_command("check_index")
    assert in_exact_agreement()
    assert indexing.pending_notes() == []
    assert "Kvantedatamaskiner i hver kommune" in titles("kvantedatamaskiner")


@no_gap_on_postgres
def test_a_reingest_whose_index_write_died_resumes_without_force(
    plan, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    text = (tmp_path / PLAN).read_text(encoding="utf-8")
    path = write_changed_seed(
        tmp_path, PLAN, text.replace(plan.title, "Kvantedatamaskiner i hver kommune")
    )
    with monkeypatch.context() as crash:
        crash.setattr(indexing, "index_changes", die)
        with pytest.raises(Killed), django_capture_on_commit_callbacks(execute=True):
            ingest_file(path, after_commit=index_import)
    assert Measure.objects.filter(title="Kvantedatamaskiner i hver kommune").exists()
    assert not in_exact_agreement()

    with django_capture_on_commit_callbacks(execute=True):
        outcome = ingest_file(path, after_commit=index_import)  # no --force
    assert outcome.status == "unchanged"
    assert in_exact_agreement()
    assert "Kvantedatamaskiner i hver kommune" in titles("kvantedatamaskiner")


def run(env, *args, module: str | None = None) -> subprocess.CompletedProcess:
    command = ["-m", module, *args] if module else ["manage.py", *args]
    return subprocess.run(
        [sys.executable, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="a database and index of its own; the SQLite run has it"
)
@pytest.mark.parametrize("recovery", ["ingest", "check_index --repair"])
def test_an_ingest_killed_between_commit_and_index_write_is_caught_up(tmp_path, recovery):
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'helsedocs.sqlite3'}",
        "HELSEDOCS_TEST_INDEX_DIR": str(tmp_path / "index"),
        "HELSEDOCS_SEARCH_ENGINE": "whoosh",
        "DJANGO_SETTINGS_MODULE": "helsedocs.settings.test",
    }
    seed = tmp_path / PLAN
    seed.write_bytes((SEEDS / PLAN).read_bytes())
    assert run(env, "migrate", "-v0").returncode == 0
    assert run(env, "ingest", "--no-progress", str(seed)).returncode == 0
    lines = seed.read_text(encoding="utf-8").split("\n")
    lines[187] = lines[187].rstrip(". ") + " i hele landet."  # a measure's title
    write_changed_seed(tmp_path, PLAN, "\n".join(lines))
    killed = run(env, str(seed), module="tests.reliability.killed_ingest")
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]

    check = run(env, "check_index")
    assert check.returncode == 1
    # The same rows as before, two with other text (the measure and the section holding
    # its line): ids alone would not tell.
    assert "0 missing, 0 stale, 2 with other content, 1 changes noted" in check.stdout
    if recovery == "ingest":
        again = run(env, "ingest", "--no-progress", str(seed))  # no --force
        assert again.returncode == 0, again.stderr[-2000:]
        assert "1 unchanged" in again.stdout
    else:
        assert run(env, "check_index", "--repair").returncode == 0
    check = run(env, "check_index")
    assert check.returncode == 0, check.stdout + check.stderr
    assert " 0 missing, 0 stale, 0 with other content, 0 changes noted" in check.stdout
