"""The synonym table search applies at query time, read from the curators' Synonym rows.

Cached per process and checked against the table's version on every search, so an edit
made through any app server takes effect on the next search everywhere (a cached table
with a timeout would disagree between servers for as long as the timeout).
"""

from __future__ import annotations

from django.db import connection

from ..models import Synonym
from .analysis import SynonymTable

_cached: tuple[tuple, SynonymTable] | None = None


def synonym_table() -> SynonymTable:
    """The curators' table as the database holds it now (one small query to check)."""
    global _cached
    version = table_version()
    if _cached is None or _cached[0] != version:
        _cached = (version, _load())
    return _cached[1]


def table_version() -> tuple:
    """Changes whenever a Synonym is added, edited or deleted, by any process.

    Every save and delete through the ORM adds a history row (django-simple-history), so
    the newest history id moves; the row count covers rows written without history (the
    seeding migration).
    """
    history = Synonym.history.model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(history_id) FROM {history}), "
            f"(SELECT count(*) FROM {Synonym._meta.db_table})"
        )
        return tuple(cursor.fetchone())


def _load() -> SynonymTable:
    groups, one_way = [], []
    for synonym in Synonym.objects.all():
        others = synonym.synonym_list()
        if synonym.two_way:
            groups.append([synonym.term, *others])
        else:
            one_way.append((synonym.term, others))
    return SynonymTable(groups, one_way)


def forget_table() -> None:
    """Drop the cached table (tests start from their own database state)."""
    global _cached
    _cached = None
