"""Keeping the search index in line with the database: one writer, after commit.

Whoosh allows one writer at a time, and entries written before a rollback go stale. So
the index is written only from ``transaction.on_commit`` callbacks (an import, an admin
save or delete), in one batch per call, under a file lock that serialises writers
across processes. Model signals are not used (HAYSTACK_SIGNAL_PROCESSOR stays the no-op
default).

A process can die between the database commit and the index write. So every change is
first noted in a journal beside the index (``pending/``, one small JSON file per change,
written before the commit) and the note is deleted once the index has it. Every writer
takes in the notes it finds under the lock, so what a dead process left is written by
the next one (an ingest, an admin save, ``check_index --repair``); an admin save that
cannot get the lock soon leaves its note to the writer holding it. A note of a change
that was rolled back costs one idempotent re-index of its rows.
"""

from __future__ import annotations

import fcntl
import json
import logging
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from haystack import connections
from haystack.utils import get_identifier

from .models import BudgetLine, Decision, Document, Measure, Section
from .search import vocabulary

logger = logging.getLogger("helsedocs.indexing")

# Row tables as the import reports them -> their model
TABLE_MODELS = {
    "documents": Document,
    "sections": Section,
    "measures": Measure,
    "decisions": Decision,
    "budget_lines": BudgetLine,
}
ROW_MODELS = (Section, Measure, Decision, BudgetLine)


# An admin save waits this long for an ingest's index write, then leaves its note to it.
LOCK_WAIT_SECONDS = 5.0


class IndexBusy(RuntimeError):
    """Another process holds the index lock."""


def index_dir() -> Path:
    return Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])


def index_in_database() -> bool:
    """The PostgreSQL engine's index is a table, written inside the data's own transaction:
    the transaction is its lock and its journal, so none of the file machinery applies."""
    return getattr(connections["default"].get_backend(), "writes_in_transaction", False)


@contextmanager
def index_write_lock(*, wait: float | None = None) -> Iterator[None]:
    """An exclusive lock beside the index, held while one process writes it.

    ``wait`` bounds the wait in seconds (IndexBusy past it); None waits as long as needed.
    """
    path = index_dir()
    path.mkdir(parents=True, exist_ok=True)
    with (path / ".helsedocs-write.lock").open("w") as handle:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if deadline is None else fcntl.LOCK_NB))
                break
            except BlockingIOError as busy:
                if time.monotonic() >= deadline:
                    raise IndexBusy("another process is writing the search index") from busy
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- The journal of changes not yet in the index -----------------------------------------


def _journal_dir() -> Path:
    return index_dir() / "pending"


def note_change(
    *,
    documents: Iterable[int] = (),
    rows: Iterable[str] = (),
    removed: Iterable[str] = (),
) -> Path:
    """Note a change the index must follow; call it before the change commits."""
    folder = _journal_dir()
    folder.mkdir(parents=True, exist_ok=True)
    note = {
        "documents": sorted(set(documents)),
        "rows": sorted(set(rows)),
        "removed": sorted(set(removed)),
    }
    path = folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.json"
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(note), encoding="utf-8")
    temporary.replace(path)  # a note is whole or absent, even after a crash
    return path


def pending_notes() -> list[Path]:
    if index_in_database():
        return []
    folder = _journal_dir()
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def forget_note(path: Path | None) -> None:
    """Drop a note whose change never committed (a failed import)."""
    if path is not None:  # None: the index is in the database and rolled back with it
        path.unlink(missing_ok=True)


def _read_note(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # gone meanwhile (another writer took it), or unreadable: nothing to do


# --- Writing -------------------------------------------------------------------------------


def _backend_and_index():
    connection = connections["default"]
    return connection.get_backend(), connection.get_unified_index()


def identifier(model, pk: int) -> str:
    return f"{model._meta.label_lower}.{pk}"


def _model_and_pk(value: str):
    app_label, model_name, pk = value.split(".")
    return apps.get_model(app_label, model_name), int(pk)


def _unsearchable(model, index, rows: QuerySet) -> list[str]:
    """Entries of ``rows`` that must not be in the index (hidden, merged, in a hidden document)."""
    pks = rows.exclude(pk__in=index.index_queryset().values("pk")).values_list("pk", flat=True)
    return [identifier(model, pk) for pk in pks.iterator(chunk_size=2000)]


def stored_entries(backend) -> Iterator[dict]:
    """The stored fields of every index entry, through haystack's Whoosh backend."""
    if not backend.setup_complete:
        backend.setup()
    backend.index = backend.index.refresh()
    with backend.index.searcher() as searcher:
        yield from searcher.all_stored_fields()


@dataclass
class _Change:
    """What one locked write covers: whole documents, single rows, deleted rows."""

    documents: set[int] = field(default_factory=set)
    rows: dict[type, set[int]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)

    def add_rows(self, values: Iterable[str]) -> None:
        for value in values:
            model, pk = _model_and_pk(value)
            if model is Document:
                self.documents.add(pk)
            else:
                self.rows.setdefault(model, set()).add(pk)

    def add_note(self, note: dict) -> None:
        self.documents.update(note.get("documents", ()))
        self.add_rows(note.get("rows", ()))
        self.removed.update(note.get("removed", ()))


def _write(backend, unified, change: _Change) -> int:
    """One writer, one commit: every entry the change touches, as the database holds it
    now, analysed with the published search vocabulary (after the notes were read: a
    noted change was analysed with the lexicon of its own commit or an older one)."""
    vocabulary.activate()
    gone = set(change.removed)
    batches = []
    documents = sorted(change.documents)
    for model in ROW_MODELS:
        if not documents and model not in change.rows:
            continue
        index = unified.get_index(model)
        wanted = Q(document_id__in=documents) | Q(pk__in=change.rows.get(model, ()))
        gone.update(_unsearchable(model, index, model.objects.filter(wanted)))
        batches.append((index, index.index_queryset().filter(wanted).iterator(chunk_size=500)))
    if documents:
        news = unified.get_index(Document)
        gone.update(_unsearchable(Document, news, Document.objects.filter(pk__in=documents)))
        batches.append((news, news.index_queryset().filter(pk__in=documents)))
    if not batches and not gone:
        return 0
    return backend.update_many(batches, remove=sorted(gone))


def index_changes(
    *,
    documents: Iterable[int] = (),
    rows: Iterable[models.Model] = (),
    removed: Iterable[str] = (),
    own_note: Path | None = None,
    wait: float | None = None,
) -> int:
    """Bring the index in line with the database for what a change touched: the one write path.

    ``documents``: whole documents (the document's own entry and every row of it: a
    document's slug, kind, year, title and visibility are part of each row's entry);
    ``rows``: single rows (a Document among them counts as its whole tree); ``removed``:
    identifiers of deleted rows. Every entry is written from what the database holds
    now, read under the lock, so it is idempotent and a later writer never loses to an
    earlier one; the journal's notes are taken in too (``own_note`` is this change's
    own). One writer, one commit, or nothing held when it fails. Returns the number of
    entries written.
    """
    change = _Change(documents=set(documents), removed=set(removed))
    change.add_rows(get_identifier(row) for row in rows)
    backend, unified = _backend_and_index()
    if index_in_database():
        return _write(backend, unified, change)
    written = 0
    with index_write_lock(wait=wait):
        # Notes that arrive during a write are taken in by another round before the lock
        # goes, so an admin save that gave up waiting is never left behind.
        while True:
            notes = [path for path in pending_notes() if path != own_note]
            for path in notes:
                change.add_note(_read_note(path))
            written += _write(backend, unified, change)
            for path in [*notes, *([own_note] if own_note else [])]:
                path.unlink(missing_ok=True)
            own_note = None
            if not pending_notes():
                break
            change = _Change()
    logger.debug("indexed %d entries", written)
    return written


def catch_up() -> int:
    """Write what the journal holds (after a crash between a commit and its index write)."""
    return index_changes() if pending_notes() else 0


def merge_index_segments(*, everything: bool = False) -> int:
    """After a batch of imports, the embedded (Whoosh) index's segments merged in tiers (as
    every write does), or ``everything`` into one (after the whole index was written
    anew), under the write lock; returns the segments that went (0: nothing to do, or the
    index is a PostgreSQL table)."""
    if index_in_database():
        return 0
    with index_write_lock():
        backend, _ = _backend_and_index()
        return backend.merge_segments(everything=everything)


def index_documents(document_ids: Sequence[int]) -> int:
    """Index whole documents (after an ingest, or to mend one)."""
    return index_changes(documents=document_ids)


def _import_removed(stats) -> list[str]:
    return [
        identifier(TABLE_MODELS[table], pk)
        for table, pks in stats.removed.items()
        if table in TABLE_MODELS
        for pk in pks
    ]


def note_import(stats) -> Path | None:
    """Note what an import changed; call it inside the import's transaction, before commit.

    The import's words are counted here, in its transaction (``vocabulary.follow_import``);
    documents the new lexicon may analyse otherwise are indexed again with it. An index in
    the database is written right here instead, in the same transaction.
    """
    stats.reanalysed = sorted(vocabulary.follow_import(stats.document_ids))
    documents = [*stats.document_ids, *stats.reanalysed]
    if index_in_database():
        index_changes(documents=documents, removed=_import_removed(stats))
        return None
    return note_change(documents=documents, removed=_import_removed(stats))


def index_import(stats) -> None:
    """After an import commits: index the documents it touched (and those its words made
    analyse otherwise) and drop the rows it deleted (an index in the database has them
    already: ``note_import``)."""
    if not index_in_database():
        documents = [*stats.document_ids, *stats.reanalysed]
        index_changes(documents=documents, removed=_import_removed(stats))


def recount_vocabulary(document_ids: Iterable[int]) -> int:
    """Count the documents' words again and publish the lexicon (``check_index --repair``);
    the documents it may analyse otherwise are indexed again. Returns their number."""
    with transaction.atomic():
        row = vocabulary.locked()
        vocabulary.count_documents(document_ids)
        reanalysed = vocabulary.publish(row)
        if reanalysed and index_in_database():
            index_changes(documents=reanalysed)  # in the same transaction
        elif reanalysed:
            note_change(documents=reanalysed)  # the next writer takes it in
    if reanalysed and not index_in_database():
        index_changes()
    return len(reanalysed)


def index_on_commit(
    *, rows: Iterable[models.Model] = (), removed: Iterable[models.Model] = ()
) -> None:
    """Note ``rows`` (saved) and ``removed`` (about to be deleted) and index them after commit.

    Call it before deleting: a deleted document takes its rows with it, so their
    identifiers are collected while they still exist. The index write waits a few
    seconds at most for the lock; past that the note is left to the writer holding it.
    """
    rows, removed = list(rows), list(removed)
    # Counting the words of a whole document here made saves during an ingest take
    # seconds: the document is only marked, and counted by its next import or a repair.
    # (A deleted document's words go with it.)
    vocabulary.mark_for_recount(
        [row.pk for row in rows if isinstance(row, Document)]
        + [row.document_id for row in [*rows, *removed] if not isinstance(row, Document)]
    )
    gone = []
    for row in removed:
        gone.append(get_identifier(row))
        if isinstance(row, Document):
            for model in ROW_MODELS:
                pks = model.objects.filter(document=row).values_list("pk", flat=True)
                gone += [identifier(model, pk) for pk in pks]
    if index_in_database():
        index_changes(rows=rows, removed=gone)  # inside the change's own transaction
        return
    identifiers = [get_identifier(row) for row in rows]
    before_commit = note_change(rows=identifiers, removed=gone)

    def write():
        # A writer may have taken the first note in before this commit, so indexing the
        # old rows; this note, written after the commit, is the one that counts now.
        note = note_change(rows=identifiers, removed=gone)
        forget_note(before_commit)
        try:
            index_changes(rows=rows, removed=gone, own_note=note, wait=LOCK_WAIT_SECONDS)
        except IndexBusy:
            logger.info("index busy: %s is left to the writer holding the lock", note.name)

    transaction.on_commit(write)
