"""The one ingest the command, the admin and the background worker share.

A file and its options in, a :class:`~ingest.pipeline.FileOutcome` out, with progress
reported as it goes: reading (page N of M for a PDF), importing, indexing, done. A
re-ingest or a newer file for a source takes the options the source was first ingested
with (stored on its SourceFile) and pins a single document's slug, so the same document,
with its ids, URLs and curated fields, is updated.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePath
from typing import Any

from django.core.files import File

from documents.models import SourceFile
from ingest.pipeline import IMPORTING, READING, FileOutcome, Progress, ingest_file

INDEXING, DONE = "indexing", "done"
STAGES = (READING, IMPORTING, INDEXING, DONE)


@dataclass(frozen=True)
class IngestOptions:
    """How to read a file, besides its bytes (stored as JSON on an upload's job)."""

    kind: str | None = None  # None: recognised from the content
    overrides: dict[str, str] = field(default_factory=dict)  # beat the parser's metadata
    manifest: dict[str, Any] | None = None  # None: the file's entry in the manifests
    source_name: str | None = None  # the source the file updates (a stored copy, a newer file)
    force: bool = False
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IngestOptions:
        return cls(**data)


def _ignore(stage: str, done: int, total: int) -> None:
    pass


def ingest(
    path: Path, options: IngestOptions | None = None, *, progress: Progress | None = None
) -> FileOutcome:
    """Ingest one file and index what it changed; never raises for a bad file."""
    from documents.indexing import index_import

    options = options or IngestOptions()
    report = progress or _ignore

    def index(stats) -> None:
        report(INDEXING, 0, 0)
        index_import(stats)

    outcome = ingest_file(
        path,
        kind=options.kind,
        dry_run=options.dry_run,
        force=options.force,
        after_commit=None if options.dry_run else index,
        source_name=options.source_name,
        overrides=options.overrides,
        manifest=options.manifest,
        progress=report,
    )
    if not outcome.failed:
        report(DONE, 0, 0)
    return outcome


def reingest_options(source: SourceFile) -> IngestOptions:
    """The options ``source`` was ingested with, its single document's slug pinned."""
    manifest = dict(source.manifest)
    slugs = list(source.documents.values_list("slug", flat=True)[:2])
    if len(slugs) == 1:
        manifest["slug"] = slugs[0]
    return IngestOptions(
        kind=source.forced_kind or None,
        overrides=dict(source.overrides),
        manifest=manifest,
        source_name=source.name,
        force=True,
    )


def reingest(
    source: SourceFile, *, path: Path | None = None, progress: Progress | None = None
) -> FileOutcome:
    """Read the source's stored file again, or ``path``: a newer file that replaces it."""
    options = reingest_options(source)
    if path is not None:
        return ingest(path, options, progress=progress)
    if not source.original:
        raise FileNotFoundError(source.name)
    with local_copy(source.original, name=source.name) as stored:
        return ingest(stored, options, progress=progress)


@contextmanager
def local_copy(stored: File, *, name: str) -> Iterator[Path]:
    """A file from the configured storage (perhaps shared by several servers) on local
    disk for the readers, under its original name (its extension tells its format)."""
    with tempfile.TemporaryDirectory(prefix="helsedocs-ingest-") as folder:
        path = Path(folder) / PurePath(name).name
        with stored.open("rb") as source, path.open("wb") as target:
            for chunk in source.chunks():
                target.write(chunk)
        yield path
