"""Deleting a document for good: its rows, their search index entries, and its source
file when no other document came from it (so the same file can be uploaded again)."""

from __future__ import annotations

from django.db import transaction

from .indexing import index_on_commit
from .models import Document


@transaction.atomic
def document_delete(document: Document) -> bool:
    """Delete ``document`` with everything parsed into it; True if its source went too."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    source = document.source
    index_on_commit(removed=[document])  # collects the rows' index entries before they go
    document.delete()
    if source.documents.exists():
        return False
    stored = source.original.name
    storage = source.original.storage
    source.delete()
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))
    return True
