"""manage.py check_index [--repair]: compare the search index with the database."""

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from documents.indexing import index_write_lock


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


class Command(BaseCommand):
    help = (
        "Compare the search index with the database: rows missing from the index and index "
        "entries whose row is gone or hidden. With --repair, index the missing rows and remove "
        "the stale entries (one locked batch). Exits with status 1 when drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="fix the drift that is found")

    def handle(self, *args, repair, verbosity, **options):
        backend = connections["default"].get_backend()
        wanted = searchable_identifiers()
        indexed = backend.indexed_identifiers()
        missing = sorted(set(wanted) - indexed)
        stale = sorted(indexed - set(wanted))
        if verbosity:
            self.stdout.write(
                f"index: {len(indexed)} entries, database: {len(wanted)} searchable rows, "
                f"{len(missing)} missing, {len(stale)} stale"
            )
        if not missing and not stale:
            return
        if not repair:
            raise CommandError(
                "the index has drifted from the database; run with --repair", returncode=1
            )
        with index_write_lock():
            backend.remove_many(stale)
            by_index: dict = {}
            for identifier in missing:
                index, pk = wanted[identifier]
                by_index.setdefault(index, []).append(pk)
            for index, pks in by_index.items():
                backend.update(index, list(index.index_queryset().filter(pk__in=pks)))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(f"repaired: {len(missing)} indexed, {len(stale)} removed")
            )
