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
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
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


def _backend_and_index():
    connection = connections["default"]
    return connection.get_backend(), connection.get_unified_index()


def _remove(backend, identifiers: Sequence[str]) -> None:
    if not identifiers:
        return
    remove_many = getattr(backend, "remove_many", None)
    if remove_many is not None:
        remove_many(identifiers)
    else:
        for identifier in identifiers:
            backend.remove(identifier)


def _stale_identifiers(model, index, pks: Iterable[int]) -> list[str]:
    """Rows among ``pks`` that exist but are no longer searchable (hidden, merged...)."""
    pks = list(pks)
    searchable = set(index.index_queryset().filter(pk__in=pks).values_list("pk", flat=True))
    return [f"{model._meta.label_lower}.{pk}" for pk in pks if pk not in searchable]


def index_documents(
    document_ids: Sequence[int], *, removed: dict[str, Sequence[int]] | None = None
) -> int:
    """Bring the index in line with whole documents and the rows an import deleted.

    One locked writer, one commit. Returns the number of rows written.
    """
    backend, unified = _backend_and_index()
    gone = [
        f"{TABLE_MODELS[table]._meta.label_lower}.{pk}"
        for table, pks in (removed or {}).items()
        for pk in pks
        if table in TABLE_MODELS
    ]
    batches = []
    for model in ROW_MODELS:
        index = unified.get_index(model)
        all_pks = model.objects.filter(document_id__in=document_ids).values_list("pk", flat=True)
        gone += _stale_identifiers(model, index, all_pks)
        batches.append(
            (
                index,
                index.index_queryset()
                .filter(document_id__in=document_ids)
                .iterator(chunk_size=500),
            )
        )
    news_index = unified.get_index(Document)
    gone += _stale_identifiers(Document, news_index, document_ids)
    batches.append((news_index, news_index.index_queryset().filter(pk__in=document_ids)))
    with index_write_lock():
        written = backend.update_many(batches, remove=gone)
    logger.debug("indexed %d rows of %d documents", written, len(document_ids))
    return written


def index_import(stats) -> None:
    """After an import commits: index the documents it touched."""
    if stats.document_ids or stats.removed:
        index_documents(stats.document_ids, removed=stats.removed)


def index_rows(rows: Iterable) -> None:
    """Index (or un-index, if no longer searchable) individual rows, e.g. after an admin edit."""
    backend, unified = _backend_and_index()
    by_model: dict[type, list] = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row.pk)
    with index_write_lock():
        for model, pks in by_model.items():
            index = unified.get_index(model) if model in unified.get_indexed_models() else None
            if index is None:
                continue
            _remove(backend, _stale_identifiers(model, index, pks))
            backend.update(index, list(index.index_queryset().filter(pk__in=pks)))


def remove_rows(identifiers: Iterable[str]) -> None:
    backend, _ = _backend_and_index()
    with index_write_lock():
        _remove(backend, list(identifiers))


def index_rows_on_commit(rows: Iterable) -> None:
    """Schedule ``index_rows`` for after the current transaction commits."""
    rows = list(rows)
    transaction.on_commit(lambda: index_rows(rows))


def remove_on_commit(rows: Iterable) -> None:
    identifiers = [get_identifier(row) for row in rows]
    transaction.on_commit(lambda: remove_rows(identifiers))
