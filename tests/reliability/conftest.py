"""Shared pieces of the reliability suite: seeds copied to a scratch folder and ingested."""

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from ingest.manifest import MANIFEST_NAME, load_manifest
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


def write_changed_seed(folder: Path, name: str, text: str) -> Path:
    """A seed whose text changed, with the seed's manifest entry carried over to it.

    The manifest is keyed by content, so an edited copy would otherwise lose its slug
    and come in as another document.
    """
    path = folder / name
    data = text.encode("utf-8")
    path.write_bytes(data)
    changed = hashlib.sha256(data).hexdigest()
    if changed in load_manifest(folder):
        return path
    original = hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
    entry = load_manifest(SEEDS)[original]
    lines = [f'["{changed}"]']
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in entry.items()]
    with (folder / MANIFEST_NAME).open("a", encoding="utf-8") as manifest:
        manifest.write("\n".join(lines) + "\n\n")
    return path
