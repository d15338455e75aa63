"""The search vocabulary: the shipped lexicon plus the words of what has been ingested.

The compound splitter and "did you mean" read one lexicon (``analysis.Lexicon``). Its
base is ``lexicon.txt``, counted from the seeds; the database adds the words of every
document's searchable rows (``VocabularyWord``, per document and word). A word's count is
capped at ``MAX_COUNT`` (no rule of the splitter or of "did you mean" looks higher) and a
base word keeps its base count, so a database holding only the seeds analyses as the
shipped lexicon does, and a new document's words split and suggest like the seeds'.

Who counts, and when:

* an import counts its documents in its own transaction, once its rows are written
  (``follow_import``, from ``documents.indexing.note_import``);
* a curator's save (admin, curation) only marks the row's document for a recount
  (``mark_for_recount``): counting a whole document on every save made saves during an
  ingest take seconds on SQLite. The document's next import or ``check_index --repair``
  counts it (not any import: counting another document lengthens the import's
  transaction, which saves wait for on SQLite);
* deleting a document deletes its words (the foreign key cascades in Django; it has no
  database constraint, so an admin save never waits on a document row an import holds).

Index and query time must agree, so the lexicon in use is a published snapshot
(``Vocabulary``: the added words and their digest), changed only by ``publish`` in the
transaction of an import or repair. Publishing compares the new lexicon with the old and
returns the documents whose words it may analyse otherwise; the caller indexes them again
in the same change. A word's analysis asks the lexicon only about pieces of the word (a
Snowball stem is a prefix of its word), so it can change only if the word contains a
string whose standing changed: a word that became known or unknown, a modifier, a stem.
Finding the stored words that contain one is cheap and never misses (they include every
expansion a coordination could get, ``analysis.coordination_words``); those words are then
analysed under both lexicons, and only documents holding one that differs are re-indexed.

Each search reads the snapshot's key (one small query per request, ``activate``) and
builds the lexicon only when it changed, so every process follows another's import.
"""

from __future__ import annotations

import hashlib
import json
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from django.db.models import Sum
from haystack import connections

from . import analysis
from .models import Vocabulary, VocabularyRecount, VocabularyWord

# The highest count that matters: the splitter wants 3 of a short part and 2 of a head,
# "did you mean" 2. Capped, the lexicon changes only when a word crosses a threshold.
MAX_COUNT = analysis.MIN_SHORT_PART_COUNT
MAX_STORED_WORD = VocabularyWord._meta.get_field("word").max_length
# A word the database adds must stand whole this often: PDF text breaks words into
# fragments ("suppl", "ering" of the real Prop. 1 LS) that one sighting would make parts
# ("suppleringsskatt" split as suppl + ering + skatt).
MIN_ADDED_COUNT = 2
# ... and be this long. Short words make the false splits: with the real files' "stene",
# "tjene", "egner", "sann" and "ets", helsetjenestene split as helse + tjene + stene,
# beregner as ber + egner, sannsynlig as sann + synlig. (A short word the seeds knew is
# a part still: the shipped lexicon was checked on them.)
MIN_ADDED_LENGTH = 6
# Lexicons kept per process: the one in use, the one before it, a spare.
KEPT_LEXICONS = 3
_lexicons: dict[str, analysis.Lexicon] = {}
_lock = threading.Lock()


# --- Counting ------------------------------------------------------------------------------


def document_texts(document_ids: Iterable[int]) -> dict[int, list[str]]:
    """The analysed text (the index's document field) of each searchable row of each
    document; a hidden or deleted document has none.

    A row's other analysed fields repeat words of its own text (its title) or of another
    row of the document (its section's title), so the text alone holds its words.
    """
    from ..models import Document

    wanted = sorted(set(document_ids))
    texts: dict[int, list[str]] = {pk: [] for pk in wanted}
    unified = connections["default"].get_unified_index()
    for model in unified.get_indexed_models() if wanted else ():
        index = unified.get_index(model)
        field = index.fields[index.get_content_field()]
        news = model is Document
        rows = index.index_queryset().prefetch_related(None)
        rows = rows.filter(pk__in=wanted) if news else rows.filter(document_id__in=wanted)
        for row in rows.iterator(chunk_size=500):
            texts[row.pk if news else row.document_id].append(field.prepare(row))
    return texts


def count_words(texts: Iterable[str]) -> dict[str, int]:
    """word -> how often it stands whole in ``texts`` (the lexicon's evidence); 0 for a
    word analysed but never whole, or a coordination's possible expansion."""
    counts: Counter[str] = Counter()
    for text in texts:
        for word, whole in analysis.text_words(text):
            counts[word] += whole
        for word in analysis.coordination_words(text):
            counts[word] += 0
    return {word: count for word, count in counts.items() if len(word) <= MAX_STORED_WORD}


def count_documents(document_ids: Iterable[int]) -> None:
    """Count the documents' words afresh and drop their recount marks. Call under
    ``locked()``: every writer of the words holds the vocabulary row first."""
    texts = document_texts(document_ids)
    VocabularyWord.objects.filter(document_id__in=list(texts)).delete()
    VocabularyRecount.objects.filter(document_id__in=list(texts)).delete()
    _insert_words(
        (document_id, word, count)
        for document_id, document_texts_ in texts.items()
        for word, count in count_words(document_texts_).items()
    )


def _insert_words(rows: Iterable[tuple[int, str, int]]) -> None:
    """Insert (document id, word, count) rows, many to a statement: ``bulk_create``, with
    a model instance per row, took four times as long (1.07 s against 0.27 s of CPU for
    the seeds' 51,000 rows on SQLite)."""
    table = connection.ops.quote_name(VocabularyWord._meta.db_table)
    fields = [VocabularyWord._meta.get_field(name) for name in ("document", "word", "count")]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    rows = list(rows)
    size = max(1, min(1000, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            values = ", ".join(["(%s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values}",
                [value for row in batch for value in row],
            )


def stored_words(document_ids: Iterable[int] | None = None) -> dict[int, dict[str, int]]:
    """document id -> word -> count, as the table holds them (all documents by default)."""
    rows = VocabularyWord.objects.all()
    if document_ids is not None:
        rows = rows.filter(document_id__in=list(document_ids))
    stored: dict[int, dict[str, int]] = {}
    for document_id, word, count in rows.values_list("document_id", "word", "count").iterator(
        chunk_size=5000
    ):
        stored.setdefault(document_id, {})[word] = count
    return stored


def mark_for_recount(document_ids: Iterable[int]) -> None:
    """Note that curators changed these documents' rows: the next import or repair counts them."""
    wanted = set(document_ids)
    wanted -= set(
        VocabularyRecount.objects.filter(document_id__in=wanted).values_list(
            "document_id", flat=True
        )
    )
    VocabularyRecount.objects.bulk_create(
        [VocabularyRecount(document_id=pk) for pk in sorted(wanted)]
    )


def marked_documents() -> set[int]:
    return set(VocabularyRecount.objects.values_list("document_id", flat=True))


# --- The lexicon ---------------------------------------------------------------------------


def added_words() -> dict[str, int]:
    """The words the counts add to the shipped lexicon, with their counts (capped).

    A word of the shipped lexicon keeps its count there: the seeds' rows repeat words
    (a measure's text stands in its section's too), and counting them again would make
    a database of only the seeds analyse otherwise than the shipped lexicon.
    """
    base = analysis.base_lexicon().counts
    totals = (
        VocabularyWord.objects.filter(count__gt=0)
        .values("word")
        .annotate(total=Sum("count"))
        .values_list("word", "total")
    )
    capped = ((word, min(total, MAX_COUNT)) for word, total in totals.iterator(chunk_size=5000))
    return {
        word: count
        for word, count in capped
        if count >= MIN_ADDED_COUNT and len(word) >= MIN_ADDED_LENGTH and word not in base
    }


def key_of(added: dict[str, int]) -> str:
    """ "" for the shipped lexicon alone, else a digest of the added words."""
    if not added:
        return ""
    return hashlib.sha256(json.dumps(sorted(added.items())).encode()).hexdigest()[:32]


def lexicon_of(added: dict[str, int]) -> analysis.Lexicon:
    """The shipped lexicon with ``added`` (built once per process and key)."""
    key = key_of(added)
    if not key:
        return analysis.base_lexicon()
    with _lock:
        found = _lexicons.get(key)
    if found is not None:
        return found
    built = analysis.make_lexicon(Counter({**analysis.base_lexicon().counts, **added}), key)
    with _lock:
        _lexicons[key] = built
        while len(_lexicons) > KEPT_LEXICONS:
            del _lexicons[next(iter(_lexicons))]
    return built


def _row(*, lock: bool = False) -> Vocabulary:
    rows = Vocabulary.objects.select_for_update() if lock else Vocabulary.objects
    found = rows.filter(pk=1).first()
    # A flushed test database has lost the row the migration made.
    return found or Vocabulary.objects.create(pk=1, key="", words={})


def locked() -> Vocabulary:
    """Lock the vocabulary row for the rest of the transaction: every writer of the counts
    and the lexicon takes it first, so they never deadlock on each other's word rows."""
    return _row(lock=True)


def activate() -> analysis.Lexicon:
    """This thread analyses with the published lexicon from now on. One small query while
    the lexicon is cached; its words are read only after a publish changed it."""
    key = published_key()
    with _lock:
        chosen = _lexicons.get(key) if key else analysis.base_lexicon()
    if chosen is None:
        chosen = lexicon_of(_row().words)
    analysis.use_lexicon(chosen)
    return chosen


def published_key() -> str:
    """The key of the published lexicon ("" for the shipped one). Every request asks, so
    the query is written out: the ORM took longer to compose it than the database to
    answer it."""
    table, column = Vocabulary._meta.db_table, connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else ""


def forget_lexicons() -> None:
    """Drop the cached lexicons; this thread analyses with the shipped one (tests)."""
    with _lock:
        _lexicons.clear()
    analysis.use_lexicon(None)


# --- Publishing ----------------------------------------------------------------------------


def changed_strings(old: analysis.Lexicon, new: analysis.Lexicon) -> set[str]:
    """Strings whose standing differs between two lexicons: words known in one only (by
    the splitter's count rules), modifiers and stems."""
    words = {
        word
        for word in old.counts.keys() | new.counts.keys()
        if old.counts.get(word) != new.counts.get(word) and old.is_word(word) != new.is_word(word)
    }
    # A stem counts only when longer than three letters (``Lexicon.head_strength``).
    stems = {stem for stem in old.stems ^ new.stems if len(stem) > 3}
    return words | (old.modifiers ^ new.modifiers) | stems


def words_containing(strings: set[str], words: list[str]) -> set[str]:
    """The ``words`` that contain any of ``strings`` (one scan of the joined words per string)."""
    if not strings or not words:
        return set()
    joined = "\n".join(words)
    starts, offset = [], 0
    for word in words:
        starts.append(offset)
        offset += len(word) + 1
    found: set[str] = set()
    for string in strings:
        at = joined.find(string)
        while at != -1:
            number = bisect_right(starts, at) - 1
            found.add(words[number])
            following = number + 1
            at = joined.find(string, starts[following]) if following < len(words) else -1
    return found


def analysed_otherwise(words: set[str], old: analysis.Lexicon, new: analysis.Lexicon) -> set[str]:
    """The ``words`` whose terms differ between the two lexicons: the stem and part runs
    (``compound_terms``) and the head a coordination would take (``compound_head``)."""

    def terms(lexicon: analysis.Lexicon) -> dict[str, tuple]:
        analysis.use_lexicon(lexicon)
        return {w: (analysis.compound_terms(w), analysis.compound_head(w)) for w in words}

    before, after = terms(old), terms(new)
    return {word for word in words if before[word] != after[word]}


def documents_to_reanalyse(old: analysis.Lexicon, new: analysis.Lexicon) -> set[int]:
    """Documents holding a word whose analysis differs between ``old`` and ``new``.

    Only a word containing a changed string can differ (cheap to find); those are
    analysed under both lexicons, which leaves a few out of thousands: the real files
    made 74, 390 and 389 documents candidates, 7, 62 and 83 of them differ.
    """
    changed = changed_strings(old, new)
    if not changed:
        return set()
    words = list(VocabularyWord.objects.values_list("word", flat=True).distinct())
    hit = sorted(analysed_otherwise(words_containing(changed, words), old, new))
    documents: set[int] = set()
    for start in range(0, len(hit), 500):
        chosen = VocabularyWord.objects.filter(word__in=hit[start : start + 500])
        documents.update(chosen.values_list("document_id", flat=True).distinct())
    return documents


def publish(row: Vocabulary) -> set[int]:
    """Make the counted words the lexicon in use (``row`` from ``locked()``, in the
    transaction that changed the counts); this thread analyses with it from now on.

    Returns the documents to index again: none when the lexicon stayed the same, else
    every document holding a word whose analysis may have changed.
    """
    old = lexicon_of(row.words)
    added = added_words()
    new = lexicon_of(added)
    reanalyse = documents_to_reanalyse(old, new) if new.key != row.key else set()
    analysis.use_lexicon(new)
    if new.key != row.key:
        row.key, row.words = new.key, added
        row.save(update_fields=["key", "words"])
    return reanalyse


def follow_import(document_ids: Iterable[int]) -> set[int]:
    """In an import's transaction, once its rows are written: count its documents and
    publish. Returns the other documents to index again."""
    document_ids = set(document_ids)
    row = locked()
    count_documents(document_ids)
    return publish(row) - document_ids
