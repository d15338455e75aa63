"""manage.py check_index [--repair]: compare the search index with the database, text included."""

import hashlib
import json

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from documents import indexing


def searchable_identifiers() -> dict[str, tuple]:
    """identifier -> (index, pk) of every row that should be in the index."""
    unified = connections["default"].get_unified_index()
    wanted = {}
    for model in unified.get_indexed_models():
        index = unified.get_index(model)
        label = model._meta.label_lower
        for pk in index.index_queryset().values_list("pk", flat=True).iterator(chunk_size=2000):
            wanted[f"{label}.{pk}"] = (index, pk)
    return wanted


def content_fingerprint(fields: dict, stored: frozenset[str]) -> str:
    """A digest of an entry's stored fields: equal exactly when the stored content is equal."""
    content = {name: fields[name] for name in sorted(stored) if fields.get(name) is not None}
    return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()


def indexed_fingerprints(backend, stored: frozenset[str]) -> dict[str, str]:
    """identifier -> fingerprint of what the index holds for it."""
    return {
        entry["id"]: content_fingerprint(entry, stored)
        for entry in indexing.stored_entries(backend)
        if "id" in entry
    }


def database_fingerprints(backend, wanted: dict[str, tuple], stored: frozenset[str]):
    """identifier -> fingerprint of the entry the database's row would be written as."""
    by_index: dict = {}
    for index, pk in wanted.values():
        by_index.setdefault(index, []).append(pk)
    for index, pks in by_index.items():
        for start in range(0, len(pks), 500):
            rows = index.index_queryset().filter(pk__in=pks[start : start + 500])
            for row in rows:
                prepared = index.full_prepare(row)
                fields = {name: backend._from_python(value) for name, value in prepared.items()}
                yield fields["id"], content_fingerprint(fields, stored)


class Command(BaseCommand):
    help = (
        "Compare the search index with the database, entry by entry and text included: rows "
        "missing from the index, entries whose row is gone or hidden, entries whose content "
        "differs from the row's (a content fingerprint per entry), and changes noted but not "
        "yet written (a process that died between its commit and its index write). With "
        "--repair, write them all (one locked batch). Exits with status 1 when drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="fix the drift that is found")

    def handle(self, *args, repair, verbosity, **options):
        backend = connections["default"].get_backend()
        backend.setup()
        stored = frozenset(backend.schema.stored_names())
        notes = indexing.pending_notes()
        wanted = searchable_identifiers()
        indexed = indexed_fingerprints(backend, stored)
        missing = sorted(set(wanted) - set(indexed))
        stale = sorted(set(indexed) - set(wanted))
        changed = sorted(
            identifier
            for identifier, fingerprint in database_fingerprints(backend, wanted, stored)
            if identifier in indexed and indexed[identifier] != fingerprint
        )
        if verbosity:
            self.stdout.write(
                f"index: {len(indexed)} entries, database: {len(wanted)} searchable rows, "
                f"{len(missing)} missing, {len(stale)} stale, {len(changed)} with other "
                f"content, {len(notes)} changes noted but not written"
            )
        if not (missing or stale or changed or notes):
            return
        if not repair:
            raise CommandError(
                "the index has drifted from the database; run with --repair", returncode=1
            )
        written = indexing.index_changes(
            rows=[_row(wanted[identifier]) for identifier in [*missing, *changed]],
            removed=stale,
        )
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"repaired: {written} entries written, {len(stale)} removed, "
                    f"{len(notes)} noted changes taken in"
                )
            )


def _row(index_and_pk):
    index, pk = index_and_pk
    return index.get_model()(pk=pk)
