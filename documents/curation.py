"""Curators' writes: overrides, review, hiding, merging and re-ingest, each one row at a time.

Each function saves through the model, so django-simple-history records who changed what,
and schedules the search index update for after the commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from django.db import models, transaction
from django.utils.translation import gettext as _

from .indexing import index_on_commit
from .models import Curated, Decision, Document, Measure


class CurationError(ValueError):
    """A curation request that cannot be carried out; the message is for the curator."""


def record_overrides(row: Curated, changed_fields: Iterable[str]) -> list[str]:
    """Mark the curated fields a curator changed as edited by hand; returns the new ones."""
    # A form names a foreign key "section"; the import and CURATED_FIELDS say "section_id".
    attnames = (row._meta.get_field(name).attname for name in changed_fields)
    overrides = [name for name in attnames if name in row.CURATED_FIELDS]
    new = [name for name in overrides if name not in row.edited_fields]
    if new:
        row.edited_fields = [*row.edited_fields, *new]
    return new


def _from_parsed(row: Curated, name: str, value):
    """A ``parsed_values`` entry back as the field's Python value."""
    if value is None:
        return None
    field = row._meta.get_field(name)
    if isinstance(field, models.DateField):
        return date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        return Decimal(value)
    return value


@transaction.atomic
def restore_parsed(row: Curated, fields: Sequence[str] | None = None) -> list[str]:
    """Drop the curator's overrides (all, or ``fields``) and take the parsed values back."""
    restored = []
    for name in list(row.edited_fields):
        if fields is not None and name not in fields:
            continue
        if name in row.parsed_values:
            setattr(row, name, _from_parsed(row, name, row.parsed_values[name]))
        restored.append(name)
    if restored:
        row.edited_fields = [name for name in row.edited_fields if name not in restored]
        row._change_reason = _("Restored parsed values: %(fields)s") % {
            "fields": ", ".join(restored)
        }
        row.save()
        index_on_commit(rows=[row])
    return restored


@transaction.atomic
def mark_reviewed(row: Curated) -> None:
    row.reviewed = True
    row.needs_review = False
    row._change_reason = _("Marked reviewed")
    row.save(update_fields=["reviewed", "needs_review"])


@transaction.atomic
def set_hidden(row: Curated, hidden: bool) -> None:
    """Hide a row from pages, exports and search (or show it again).

    A hidden document takes all its rows out of search and its facets; shown again,
    they come back (documents.indexing.index_changes covers the whole tree).
    """
    if row.hidden == hidden:
        return
    row.hidden = hidden
    row._change_reason = _("Hidden") if hidden else _("Shown again")
    row.save(update_fields=["hidden"])
    index_on_commit(rows=[row])


@transaction.atomic
def merge_duplicates(rows: Sequence[Measure | Decision]) -> Measure | Decision:
    """Keep the first row in document order; the others point to it and leave lists and search.

    The merged rows keep their own pages, which redirect to the kept row, so links to
    them keep working; their tags move to the kept row.
    """
    if len(rows) < 2:
        raise CurationError(_("Select at least two rows to merge."))
    model = type(rows[0])
    if any(type(row) is not model for row in rows) or model not in (Measure, Decision):
        raise CurationError(
            _("Only measures with measures, or decisions with decisions, can be merged.")
        )
    ordered = sorted(rows, key=lambda row: (row.document_id, row.position))
    keep, duplicates = ordered[0], ordered[1:]
    if keep.duplicate_of_id is not None:
        raise CurationError(_("The row to keep is itself merged into another row."))
    for duplicate in duplicates:
        duplicate.duplicate_of = keep
        duplicate._change_reason = _("Merged into %(pk)s") % {"pk": keep.pk}
        duplicate.save(update_fields=["duplicate_of"])
        keep.tags.add(*duplicate.tags.all())
        # A row merged into this duplicate now points at the kept row.
        model.objects.filter(duplicate_of=duplicate).update(duplicate_of=keep)
    index_on_commit(rows=[keep, *duplicates])
    return keep


def reingest_document(document: Document):
    """Parse the document's stored source file again and import it (curation is kept),
    with the kind and metadata it was first ingested with."""
    from ingest import service

    source = document.source
    if not source.original:
        raise CurationError(
            _("The source file of this document was not stored; ingest it again from disk.")
        )
    outcome = service.reingest(source)
    if outcome.failed:
        raise CurationError(outcome.error)
    return outcome
