"""Keeping the search index in line with the database: one writer, after commit.

Filled in with the search work; until then an import commits without index updates.
"""

from documents.services import ImportStats


def index_import(stats: ImportStats) -> None:
    """Bring the index in line with the documents one import touched."""
