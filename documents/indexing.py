"""Keeping the search index in line with the database: one writer, after commit.

Whoosh allows one writer at a time, and entries written before a rollback go stale. So
the index is written only from ``transaction.on_commit`` callbacks (an import, an admin
save or delete), in one batch per call, under a file lock that serialises writers
across processes. Model signals are not used (HAYSTACK_SIGNAL_PROCESSOR stays the no-op
default).
"""

from __future__ import annotations

import fcntl
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from haystack import connections
from haystack.utils import get_identifier

from .models import BudgetLine, Decision, Document, Measure, Section

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


@contextmanager
def index_write_lock() -> Iterator[None]:
    """An exclusive lock beside the index, held while one process writes it."""
    path = Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"])
    path.mkdir(parents=True, exist_ok=True)
    with (path / ".helsedocs-write.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def index_in_database() -> bool:
    """The PostgreSQL engine's index is a table, written inside the data's own transaction:
    the transaction is its lock and its journal, so none of the file machinery applies."""
    return getattr(connections["default"].get_backend(), "writes_in_transaction", False)


def _backend_and_index():
    connection = connections["default"]
    return connection.get_backend(), connection.get_unified_index()


def identifier(model, pk: int) -> str:
    return f"{model._meta.label_lower}.{pk}"


def _unsearchable(model, index, rows: QuerySet) -> list[str]:
    """Entries of ``rows`` that must not be in the index (hidden, merged, in a hidden document)."""
    pks = rows.exclude(pk__in=index.index_queryset().values("pk")).values_list("pk", flat=True)
    return [identifier(model, pk) for pk in pks.iterator(chunk_size=2000)]


def index_changes(
    *,
    documents: Iterable[int] = (),
    rows: Iterable[models.Model] = (),
    removed: Iterable[str] = (),
) -> int:
    """Bring the index in line with the database for what a change touched: the one write path.

    ``documents``: whole documents (the document's own entry and every row of it: a
    document's slug, kind, year, title and visibility are part of each row's entry);
    ``rows``: single rows (a Document among them counts as its whole tree); ``removed``:
    identifiers of deleted rows. Every entry is written from what the database holds
    now, read under the lock, so it is idempotent and a later writer never loses to an
    earlier one. One writer, one commit, or nothing held when it fails. Returns the number
    of entries written.
    """
    rows = list(rows)
    document_ids = sorted({*documents, *(row.pk for row in rows if isinstance(row, Document))})
    single: dict[type, set[int]] = {}
    for row in rows:
        if not isinstance(row, Document):
            single.setdefault(type(row), set()).add(row.pk)
    backend, unified = _backend_and_index()
    with nullcontext() if index_in_database() else index_write_lock():
        gone = list(removed)
        batches = []
        for model in ROW_MODELS:
            index = unified.get_index(model)
            wanted = Q(document_id__in=document_ids) | Q(pk__in=single.get(model, ()))
            if not document_ids and model not in single:
                continue
            gone += _unsearchable(model, index, model.objects.filter(wanted))
            batches.append((index, index.index_queryset().filter(wanted).iterator(chunk_size=500)))
        if document_ids:
            news = unified.get_index(Document)
            gone += _unsearchable(Document, news, Document.objects.filter(pk__in=document_ids))
            batches.append((news, news.index_queryset().filter(pk__in=document_ids)))
        if not batches and not gone:
            return 0
        written = backend.update_many(batches, remove=gone)
    logger.debug("indexed %d entries, removed %d", written, len(gone))
    return written


def index_documents(document_ids: Sequence[int]) -> int:
    """Index whole documents (after an ingest, or to mend one)."""
    return index_changes(documents=document_ids)


def index_import(stats) -> None:
    """After an import commits: index the documents it touched and drop the rows it deleted."""
    removed = [
        identifier(TABLE_MODELS[table], pk)
        for table, pks in stats.removed.items()
        if table in TABLE_MODELS
        for pk in pks
    ]
    if stats.document_ids or removed:
        index_changes(documents=stats.document_ids, removed=removed)


def index_on_commit(
    *, rows: Iterable[models.Model] = (), removed: Iterable[models.Model] = ()
) -> None:
    """Schedule ``index_changes`` for ``rows`` (saved) and ``removed`` (about to be deleted).

    Call it before deleting: a deleted document takes its rows with it, so their
    identifiers are collected while they still exist.
    """
    rows = list(rows)
    gone = []
    for row in removed:
        gone.append(get_identifier(row))
        if isinstance(row, Document):
            for model in ROW_MODELS:
                pks = model.objects.filter(document=row).values_list("pk", flat=True)
                gone += [identifier(model, pk) for pk in pks]
    if index_in_database():
        index_changes(rows=rows, removed=gone)  # inside the change's own transaction
    else:
        transaction.on_commit(lambda: index_changes(rows=rows, removed=gone))
