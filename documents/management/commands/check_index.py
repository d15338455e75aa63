"""manage.py check_index [--repair]: compare the search index with the database, text included."""

import hashlib
import json

from django.core.management.base import BaseCommand, CommandError
from haystack import connections

from documents import indexing
from documents.models import Document
from documents.search import vocabulary


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


def _digest(values) -> str:
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


class WhooshContent:
    """Whoosh: an entry's content is its stored fields."""

    def __init__(self, backend):
        backend.setup()
        self.backend = backend
        self.stored = sorted(backend.schema.stored_names())

    def current_format(self) -> bool:
        return self.backend.written_in_current_format()

    def mark_current_format(self) -> None:
        """After every entry was written anew: one segment, of this code's shape only."""
        indexing.merge_index_segments(everything=True)
        self.backend.mark_current_format()

    def _fingerprint(self, fields: dict) -> str:
        return _digest({name: fields[name] for name in self.stored if fields.get(name) is not None})

    def indexed(self) -> dict[str, str]:
        return {
            entry["id"]: self._fingerprint(entry)
            for entry in indexing.stored_entries(self.backend)
            if "id" in entry
        }

    def of_row(self, index, row) -> str:
        prepared = index.full_prepare(row)
        return self._fingerprint(
            {name: self.backend._from_python(value) for name, value in prepared.items()}
        )


class PostgresContent:
    """PostgreSQL: an entry's content is its IndexEntry row (the vector follows its texts)."""

    FIELDS = (
        *("type", "object_id", "document", "kind", "year", "date", "tags", "title"),
        *("document_title", "section_title", "url", "body", "fingerprint", "kap", "post"),
        "number",
    )

    def __init__(self, backend):
        self.backend = backend
        self.labels = {kind: label for label, kind in backend._types.items()}

    def indexed(self) -> dict[str, str]:
        from documents.search.models import IndexEntry

        rows = IndexEntry.objects.values_list(*self.FIELDS).iterator(chunk_size=2000)
        return {f"{self.labels[row[0]]}.{row[1]}": _digest(row) for row in rows}

    def current_format(self) -> bool:
        return True  # the table's shape follows the migrations

    def of_row(self, index, row) -> str:
        entry = self.backend._entry(index, row)
        return _digest([getattr(entry, name) for name in self.FIELDS])


def content_of(backend):
    """How to read an entry's content back from the engine in use."""
    return PostgresContent(backend) if indexing.index_in_database() else WhooshContent(backend)


def database_fingerprints(content, wanted: dict[str, tuple]):
    """identifier -> fingerprint of the entry the database's row would be written as."""
    by_index: dict = {}
    for identifier, (index, pk) in wanted.items():
        by_index.setdefault(index, []).append((pk, identifier))
    for index, pks in by_index.items():
        for start in range(0, len(pks), 500):
            chunk = dict(pks[start : start + 500])
            for row in index.index_queryset().filter(pk__in=list(chunk)):
                yield chunk[row.pk], content.of_row(index, row)


def vocabulary_state() -> tuple[list[int], list[int], bool]:
    """The search vocabulary against the rows: documents whose stored words differ from a
    recount (a deleted document's left behind among them), documents curators changed
    since their count (marked; not drift: counted at their next import), and whether the
    counted words make another lexicon than the published one (after a deletion)."""
    marked = vocabulary.marked_documents()
    stored = vocabulary.stored_words()
    documents = set(Document.objects.values_list("pk", flat=True)) | set(stored)
    texts = vocabulary.document_texts(documents - marked)
    drifted = sorted(
        pk for pk, rows in texts.items() if stored.get(pk, {}) != vocabulary.count_words(rows)
    )
    published = vocabulary.activate().key
    unpublished = vocabulary.key_of(vocabulary.added_words()) != published
    return drifted, sorted(marked), unpublished


class Command(BaseCommand):
    help = (
        "Compare the search index with the database, entry by entry and text included: rows "
        "missing from the index, entries whose row is gone or hidden, entries whose content "
        "differs from the row's (a content fingerprint per entry), documents whose search "
        "vocabulary (the words compounds split by) differs from their rows', and changes noted but not "
        "yet written (a process that died between its commit and its index write); an index "
        "written by an older version of Helsedocs counts as drift in every entry. With "
        "--repair, write them all (one locked batch), and count the documents curators changed "
        "since their words were counted. Exits with status 1 when drift remains."
    )

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="fix the drift that is found")

    def handle(self, *args, repair, verbosity, **options):
        content = content_of(connections["default"].get_backend())
        notes = indexing.pending_notes()
        wanted = searchable_identifiers()
        indexed = content.indexed()
        missing = sorted(set(wanted) - set(indexed))
        stale = sorted(set(indexed) - set(wanted))
        outdated = not content.current_format()
        if outdated:  # written by an older version: every entry is written anew
            changed = sorted(set(wanted) & set(indexed))
        else:
            changed = sorted(
                identifier
                for identifier, fingerprint in database_fingerprints(content, wanted)
                if identifier in indexed and indexed[identifier] != fingerprint
            )
        drifted, marked, unpublished = vocabulary_state()
        if verbosity and outdated:
            self.stdout.write("the index was written by an older version of Helsedocs")
        if verbosity:
            self.stdout.write(
                f"index: {len(indexed)} entries, database: {len(wanted)} searchable rows, "
                f"{len(missing)} missing, {len(stale)} stale, {len(changed)} with other "
                f"content, {len(notes)} changes noted but not written, {len(drifted)} documents "
                f"whose search vocabulary differs from their rows, {len(marked)} marked for a "
                "recount after curators' edits" + (" (lexicon not yet published)" * unpublished)
            )
        drift = missing or stale or changed or notes or drifted
        if not drift and not (repair and (marked or unpublished)):
            return
        if not repair:
            raise CommandError(
                "the index has drifted from the database; run with --repair", returncode=1
            )
        # First the vocabulary: the entries written below are analysed with the lexicon it gives.
        reanalysed = indexing.recount_vocabulary([*drifted, *marked])
        written = indexing.index_changes(
            rows=[_row(wanted[identifier]) for identifier in [*missing, *changed]],
            removed=stale,
        )
        if outdated:
            content.mark_current_format()
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"repaired: {written} entries written, {len(stale)} removed, "
                    f"{len(notes)} noted changes taken in, {len(drifted) + len(marked)} "
                    f"documents' words counted, {reanalysed} documents analysed again"
                )
            )


def _row(index_and_pk):
    index, pk = index_and_pk
    return index.get_model()(pk=pk)
