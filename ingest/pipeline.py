"""From a path to database rows: read -> hash -> skip, or parse -> complete -> import.

The slow part (reading, parsing) runs before the import's transaction; a file that
fails leaves the database as it was, and the other files go on. The original file is
stored after the commit, so a failed or killed import leaves no file behind; an import
whose original is missing (killed after its commit) is not skipped as unchanged. When
the import is indexed (``after_commit``), the index journal notes what it changed before
the commit, so a crash between the commit and the index write is caught up by the next
ingest, even of the same, now unchanged, file.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile

from documents import indexing
from documents.models import SourceFile
from documents.services import ImportStats, SourceInfo, source_import
from ingest import parsers
from ingest.bounded import Limits, check_file_size, read_within_limits
from ingest.manifest import MANIFEST_NAME, complete, load_manifest
from ingest.overrides import apply_overrides, clean_overrides
from ingest.parsed import ParsedDocument
from ingest.readers import SUFFIXES
from ingest.sources import RawFile, UnreadableSource, read_raw

logger = logging.getLogger("helsedocs.ingest")

# The stages ``ingest_file`` reports to its ``progress`` callback (stage, done, total):
# reading counts a PDF's pages (0 of 0 for a text or DOCX file).
READING, IMPORTING = "reading", "importing"
Progress = Callable[[str, int, int], None]


@dataclass
class FileOutcome:
    """What happened to one file."""

    path: Path
    status: str  # created | updated | unchanged | parsed (dry run) | failed
    kind: str = ""
    error: str = ""
    documents: tuple[ParsedDocument, ...] = ()
    stats: ImportStats | None = None
    seconds: float = 0.0
    warnings: tuple[str, ...] = field(default=())

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    def counts(self) -> dict[str, int]:
        """Rows the file holds now: documents, sections, measures, decisions, budget lines."""
        return {
            "documents": len(self.documents),
            "sections": sum(len(d.sections) for d in self.documents),
            "measures": sum(len(d.measures) for d in self.documents),
            "decisions": sum(len(d.decisions) for d in self.documents),
            "budget_lines": sum(len(d.budget_lines) for d in self.documents),
        }


def collect_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to ingest: the given files, and the readable files of given folders, sorted."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file() and p.suffix.lower() in SUFFIXES and p.name != MANIFEST_NAME
                )
            )
        else:
            found.append(path)
    return found


def manifest_entry(raw: RawFile, folder: Path) -> dict:
    """The manifest entry for a file's content: from its own folder's manifest, else from
    the seeds' (an entry is keyed by the content's SHA-256, so it fits no other file).

    A changed file under a name already ingested is a new edition of that source: with no
    entry for its new content it keeps the entry its source was ingested with, so its
    documents keep their slugs and the metadata the text does not print.
    """
    for candidate in (folder, Path(settings.SEEDS_DIR)):
        entry = load_manifest(candidate).get(raw.sha256)
        if entry is not None:
            return entry
    stored = SourceFile.objects.filter(name=raw.name).values_list("manifest", flat=True).first()
    return dict(stored or {})


def is_unchanged(raw: RawFile, version: str) -> bool:
    return (
        SourceFile.objects.filter(name=raw.name, sha256=raw.sha256, parser_version=version)
        .exclude(original="")
        .exists()
    )


def ingest_file(
    path: Path,
    *,
    kind: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    after_commit: Callable[[ImportStats], None] | None = None,
    source_name: str | None = None,
    overrides: dict[str, str] | None = None,
    manifest: dict | None = None,
    progress: Progress | None = None,
) -> FileOutcome:
    """Ingest one file; never raises for a bad file, but reports it as failed.

    ``source_name`` names the source when the file is a stored copy (a re-ingest from
    the admin, an upload), so it updates the same documents. ``overrides`` (title,
    reference, publisher, published) beat what the parser finds; ``manifest`` stands in
    for the manifest files (a re-ingest passes the entry stored with the source). The
    kind, manifest entry and overrides are stored with the source for the next re-ingest.
    """
    report = progress or (lambda stage, done, total: None)
    started = time.perf_counter()
    outcome = FileOutcome(path=path, status="failed")
    try:
        check_file_size(path, Limits.from_settings())
        raw = read_raw(path, name=source_name)
        version = parsers.parser_version()
        if not dry_run and not force and is_unchanged(raw, version):
            outcome.status = "unchanged"
            if after_commit is not None:
                indexing.catch_up()  # a crashed run's index write, if there was one
            return outcome
        report(READING, 0, 0)
        doc = read_within_limits(raw, on_page=lambda done, total: report(READING, done, total))
        parsed = parsers.parse(doc, kind=kind)
        outcome.kind, documents, source = parsed.kind, parsed.documents, parsed.source
        overrides = clean_overrides(overrides or {})
        documents, not_applied = apply_overrides(documents, overrides)
        meta = manifest_entry(raw, path.parent) if manifest is None else manifest
        documents = complete(documents, meta=meta, file_stem=Path(raw.name).stem)
        if not_applied:
            documents = tuple(replace(d, warnings=not_applied + d.warnings) for d in documents)
        if doc.warnings:  # what the reader noticed goes to the curators' review queue
            documents = tuple(replace(d, warnings=doc.warnings + d.warnings) for d in documents)
        outcome.documents = documents
        outcome.warnings = tuple(dict.fromkeys(w for d in documents for w in d.warnings))
        if dry_run:
            outcome.status = "parsed"
            return outcome
        info = SourceInfo(
            name=raw.name,
            sha256=raw.sha256,
            size=len(raw.data),
            kind=outcome.kind,
            parser_version=version,
            text=source,
            page_count=doc.page_count,
            format=doc.format,
            forced_kind=kind or "",
            manifest=dict(meta),
            overrides=overrides,
        )
        report(IMPORTING, 0, 0)
        notes = []
        try:
            outcome.stats = source_import(
                documents=documents,
                source=info,
                before_commit=(lambda stats: notes.append(indexing.note_import(stats)))
                if after_commit
                else None,
                on_commit=after_commit,
            )
        except BaseException:
            for note in notes:  # the transaction rolled back: nothing to index
                indexing.forget_note(note)
            raise
        _store_original(SourceFile.objects.get(name=raw.name), raw)
        outcome.status = _overall_status(outcome.stats)
    except (UnreadableSource, parsers.UnknownKind, ValueError) as error:
        outcome.error = str(error)
    except Exception as error:  # a parser bug must not stop the other files
        logger.exception("%s: unexpected error", path.name)
        outcome.error = f"unexpected error: {type(error).__name__}: {error}"
    finally:
        outcome.seconds = time.perf_counter() - started
    return outcome


def ingest_paths(paths: Iterable[Path], **options) -> Iterator[FileOutcome]:
    """Ingest each file in turn (see ``ingest_file`` for the options)."""
    for path in collect_paths(paths):
        yield ingest_file(path, **options)


def _overall_status(stats: ImportStats) -> str:
    if (
        stats.documents["created"]
        and not stats.documents["updated"]
        and not stats.documents["unchanged"]
    ):
        return "created"
    touched = any(
        counter[outcome]
        for counter in [stats.documents, *stats.rows.values()]
        for outcome in ("created", "updated", "deleted")
    )
    return "updated" if touched else "unchanged"


def _store_original(row: SourceFile, raw: RawFile) -> None:
    """Keep the ingested bytes, downloadable from the document page."""
    name = f"{raw.sha256[:12]}-{raw.name}"
    if row.original and row.original.name.endswith(name):
        return
    replaced = row.original.name
    row.original.save(name, ContentFile(raw.data), save=True)
    if replaced:  # the file of the source's previous content
        row.original.storage.delete(replaced)
