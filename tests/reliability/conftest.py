"""Shared pieces of the reliability suite: seeds copied to a scratch folder and ingested."""

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import ingest_file

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
NEWS = "000_6ef6d4d4d57f5e61.txt"
REPORT_2017 = "001_604cd1db9da4de4d.txt"
PROPOSITION = "003_946f496bfe1dc309.txt"
PLAN = "004_89a39abf184bf37d.txt"


@pytest.fixture
def ingest_seed(tmp_path, django_capture_on_commit_callbacks):
    """Ingest a seed as ``manage.py ingest`` does: the index follows each commit."""
    from documents.indexing import index_import

    def ingest(name: str):
        path = tmp_path / name
        if not path.exists():
            shutil.copy(SEEDS / name, path)
        with django_capture_on_commit_callbacks(execute=True):
            outcome = ingest_file(path, after_commit=index_import)
        assert not outcome.failed, outcome.error
        return outcome

    return ingest
