"""The search vocabulary: the shipped lexicon plus the words of what has been ingested.

The compound splitter and "did you mean" read one lexicon (``analysis.Lexicon``). Its base
is ``lexicon.txt``, counted from the seeds; the database adds the words of every searchable
row that the base does not know (``VocabularyWord``, one row per document and word, written
by the index write of that document, ``documents.indexing``). Base words keep their base
counts and added words count at most ``MAX_COUNT`` (no threshold of the splitter or of "did
you mean" looks higher), so a database holding only the seeds analyses exactly as the
shipped lexicon does, and a new document's words split and suggest like the seeds'.

Index and query time must agree, and rows indexed earlier were analysed with the lexicon
of their day. So every index write follows the vocabulary, under the index lock (Whoosh)
or the version row's lock (PostgreSQL, in the data's transaction): it recounts the
documents it writes, and when the lexicon changes it finds every document holding a word
whose analysis may have changed, and re-indexes those documents in the same write. A
word's analysis asks the lexicon only about pieces of the word (a Snowball stem is a
prefix of its word), so it can change only if the word contains a string whose standing
changed: a word that became known (or unknown), a modifier, a stem. That test over the
stored words of all documents is cheap and never misses; it may re-index a document that
would have come out the same. The lexicon's key (a digest of the added words) sits in
``VocabularyVersion``; a search reads it (one small query) and builds a lexicon only when
it changed, so every app server follows a write on its next search. With Whoosh the
vocabulary commits just before the index write; the documents to re-analyse are noted in
the index journal first, so a crash between the two leaves them to the next writer.

The trade-off: a write that brings new words re-indexes the documents sharing their
pieces, and counting a document prepares its rows once more. Words counted from an
admin's delete of a single row stay until the document's next write or ``check_index
--repair``, which recounts every document.
"""

from __future__ import annotations

import hashlib
import json
import threading
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable

from django.db.models import Sum
from haystack import connections
from haystack.exceptions import SkipDocument

from . import analysis
from .models import VocabularyVersion, VocabularyWord

# The highest count that matters: the splitter wants 3 for a short part and 2 for a head,
# "did you mean" 2.
MAX_COUNT = analysis.MIN_SHORT_PART_COUNT
MAX_STORED_WORD = VocabularyWord._meta.get_field("word").max_length
# Lexicons kept per process (the current one and the one before it, and a spare).
KEPT_LEXICONS = 3
_lexicons: dict[str, analysis.Lexicon] = {}
_lock = threading.Lock()

# --- Counting ----------------------------------------------------------------------------


# A row's analysed fields: its document field first (the only one counted as evidence:
# it holds the title already), then the fields analysed besides it.
TEXT_FIELDS = ("text", "title", "section_title")


def document_texts(document_ids: Iterable[int]) -> dict[int, list[tuple[str, ...]]]:
    """The texts search analyses for each searchable row of each document, as
    ``TEXT_FIELDS`` (no rows for a document that is gone or hidden)."""
    from ..models import Document

    wanted = sorted(set(document_ids))
    texts: dict[int, list[tuple[str, ...]]] = {pk: [] for pk in wanted}
    if not wanted:
        return texts
    unified = connections["default"].get_unified_index()
    for model in unified.get_indexed_models():
        index = unified.get_index(model)
        rows = index.index_queryset()
        news = model is Document
        rows = rows.filter(pk__in=wanted) if news else rows.filter(document_id__in=wanted)
        for row in rows.iterator(chunk_size=500):
            try:
                prepared = index.full_prepare(row)
            except SkipDocument:
                continue
            fields = tuple(prepared.get(name) or "" for name in TEXT_FIELDS)
            texts[row.pk if news else row.document_id].append(fields)
    return texts


def evidence(rows: list[tuple[str, ...]]) -> Counter[str]:
    """How often each word stands whole in a document's rows (the lexicon's evidence)."""
    counts: Counter[str] = Counter()
    for text, *_others in rows:
        counts.update(analysis.lexicon_words(text))
    return counts


def analysed_words(rows: list[tuple[str, ...]]) -> set[str]:
    """Every word of a document that analysis may split or stem by the lexicon (with this
    thread's lexicon: a coordination's expansion depends on it)."""
    return {
        token.text
        for fields in rows
        for text in fields
        for token in analysis.content_tokens(text)
        if token.text.isalpha() and analysis.MIN_PART_LENGTH <= len(token.text) <= MAX_STORED_WORD
    }


def document_words(rows: list[tuple[str, ...]]) -> dict[str, int]:
    """word -> count as stored for one document: its evidence, and 0 for a word analysed
    but never whole."""
    counts = dict.fromkeys(analysed_words(rows), 0)
    counts.update(
        (word, count) for word, count in evidence(rows).items() if len(word) <= MAX_STORED_WORD
    )
    return counts


def stored_words() -> dict[int, dict[str, int]]:
    """document id -> word -> count, as the table holds them."""
    stored: dict[int, dict[str, int]] = {}
    rows = VocabularyWord.objects.values_list("document_id", "word", "count")
    for document_id, word, count in rows.iterator(chunk_size=5000):
        stored.setdefault(document_id, {})[word] = count
    return stored


# --- The lexicon in effect -----------------------------------------------------------------


def added_words() -> dict[str, int]:
    """The words the database adds to the shipped lexicon, with their counts (capped)."""
    base = analysis.base_lexicon().counts
    totals = (
        VocabularyWord.objects.filter(count__gt=0)
        .values("word")
        .annotate(total=Sum("count"))
        .values_list("word", "total")
    )
    return {word: min(total, MAX_COUNT) for word, total in totals if word not in base}


def key_of(added: dict[str, int]) -> str:
    """ "" for the shipped lexicon alone, else a digest of the added words."""
    if not added:
        return ""
    return hashlib.sha256(json.dumps(sorted(added.items())).encode()).hexdigest()[:32]


def lexicon_of(added: dict[str, int]) -> analysis.Lexicon:
    """The shipped lexicon plus ``added`` (built once per process and key)."""
    key = key_of(added)
    if not key:
        return analysis.base_lexicon()
    with _lock:
        found = _lexicons.get(key)
    if found is not None:
        return found
    counts = Counter(analysis.base_lexicon().counts)
    counts.update(added)
    built = analysis.make_lexicon(counts, key)
    with _lock:
        _lexicons[key] = built
        while len(_lexicons) > KEPT_LEXICONS:
            del _lexicons[next(iter(_lexicons))]
    return built


def current_key() -> str:
    return VocabularyVersion.objects.filter(pk=1).values_list("key", flat=True).first() or ""


def activate() -> analysis.Lexicon:
    """Analyse this thread's next search with the lexicon the committed vocabulary gives.

    One small query when the lexicon is cached; a rebuild only after a write changed it.
    """
    key = current_key()
    if not key:
        chosen = analysis.base_lexicon()
    else:
        with _lock:
            chosen = _lexicons.get(key)
        if chosen is None:
            # The table may have moved on since the key was read: then this lexicon is
            # cached under its own key, and the next search finds the newer one.
            chosen = lexicon_of(added_words())
    analysis.use_lexicon(chosen)
    return chosen


def forget_lexicons() -> None:
    """Drop cached lexicons; this thread analyses with the shipped one (tests)."""
    with _lock:
        _lexicons.clear()
    analysis.use_lexicon(None)


# --- Following a write -----------------------------------------------------------------------


def changed_strings(old: analysis.Lexicon, new: analysis.Lexicon) -> set[str]:
    """Strings whose standing differs between two lexicons: words known in one only
    (by the splitter's count rules), modifiers and stems."""
    words = {
        word
        for word in old.counts.keys() | new.counts.keys()
        if old.counts.get(word) != new.counts.get(word) and old.is_word(word) != new.is_word(word)
    }
    # A stem counts only when longer than three letters (``Lexicon.head_strength``).
    stems = {stem for stem in old.stems ^ new.stems if len(stem) > 3}
    return words | (old.modifiers ^ new.modifiers) | stems


def words_containing(strings: set[str], words: list[str]) -> set[str]:
    """The ``words`` that contain any of ``strings``."""
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


def documents_to_reanalyse(old: analysis.Lexicon, new: analysis.Lexicon) -> set[int]:
    """Documents holding a word whose analysis may differ between ``old`` and ``new``."""
    changed = changed_strings(old, new)
    words = list(VocabularyWord.objects.values_list("word", flat=True).distinct())
    hit = sorted(words_containing(changed, words))
    documents: set[int] = set()
    for start in range(0, len(hit), 500):
        chosen = VocabularyWord.objects.filter(word__in=hit[start : start + 500])
        documents.update(chosen.values_list("document_id", flat=True).distinct())
    return documents


def _store(document_id: int, words: dict[str, int]) -> None:
    VocabularyWord.objects.bulk_create(
        [VocabularyWord(document_id=document_id, word=w, count=c) for w, c in words.items()],
        batch_size=2000,
    )


def follow_write(documents: Iterable[int], removed: Iterable[int] = ()) -> set[int]:
    """Recount ``documents``, drop the words of the ``removed`` ones, and make this thread
    analyse with the lexicon that results. Call it in the index write's transaction,
    before any entry is analysed.

    Returns the documents to index whole: none when the lexicon stayed the same; when it
    changed, every document holding a word whose analysis may have changed, and the
    recounted ones (a row edited in the admin may have taught a word to its neighbours).
    """
    documents, removed = set(documents), set(removed)
    version = VocabularyVersion.objects.select_for_update().filter(pk=1).first()
    if version is None:
        version = VocabularyVersion.objects.create(pk=1, key="")
    old = lexicon_of(added_words())
    analysis.use_lexicon(old)
    texts = document_texts(documents)
    VocabularyWord.objects.filter(document_id__in=documents | removed).delete()
    for document_id, document_text in texts.items():
        _store(document_id, document_words(document_text))
    new = lexicon_of(added_words())
    analysis.use_lexicon(new)
    reanalyse: set[int] = set()
    if new.key != old.key:
        reanalyse = documents_to_reanalyse(old, new) | documents
        texts |= document_texts(reanalyse - documents)
        # Their words as the new lexicon analyses them (a coordination may expand otherwise).
        VocabularyWord.objects.filter(document_id__in=reanalyse).delete()
        for document_id in reanalyse:
            _store(document_id, document_words(texts[document_id]))
    if version.key != new.key:
        version.key = new.key
        version.save(update_fields=["key"])
    return reanalyse
