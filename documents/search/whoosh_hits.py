"""One Whoosh search as the service needs it: facet counts and collapsed hits, a page at a time.

The work follows the hits, not the collection. The match is scored once (Whoosh's
unlimited collector gives every match's document number and score); facet counts, the
collapsing of repeated paragraphs and the named rows put first read per-document columns,
loaded once per set of segments and process (each thread keeps its own searcher, an
``IndexView``, until the index changes); stored fields, the texts,
are read only for the hits a page shows or an export streams. A query's scored matches
and facet counts are kept with the view for the next page or sort order of the same
search.

Used by ``whoosh.NorwegianWhooshSearchBackend.find``; the only other module that touches
Whoosh.
"""

from __future__ import annotations

import sys
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..models import Document
from .service import Hit, NamedRows, SearchParams, budget_line_hits

# Stored fields read per round when an export streams every hit.
STREAM_CHUNK = 500
# Matches kept per thread for repeated searches (pages 2, 3, ..., another sort order):
# document numbers and scores, 16 bytes a hit, and as much again for the collapsed order
# once a page or an export has read it.
MAX_KEPT_HITS = 300_000
# A NUMERIC column gives a row without a value as its type's extreme (±2**31): no year.
_YEARS = range(1000, 10_000)


def _stored_fields_of(leaf) -> Callable[[int], dict]:
    """A segment's stored fields by its own document numbers: from its per-document
    reader, since the reader's own ``stored_fields`` checks every field's name against the
    schema (a third of the time of reading a hit); an empty index's reader has none."""
    perdoc = getattr(leaf, "_perdoc", None)
    return perdoc.stored_fields if perdoc is not None else leaf.stored_fields


class IndexView:
    """A searcher on one generation of the index and the columns read from it.

    A column is every document's value of one field, by document number: reading it once
    (a few ms at the seeds' size) makes each search's facet counts and collapsing a
    matter of list look-ups over its hits. Segments never change but for deletions, so
    the threads of a process share the columns of the same segments.
    """

    def __init__(self, searcher):
        self.searcher = searcher
        reader = searcher.reader()
        segments = tuple(
            leaf.segment().segment_id() for leaf, _offset in reader.leaf_readers() if leaf.segment()
        )
        self.key = (reader.generation(), frozenset(segments))
        self._columns = shared_columns(segments)
        leaves = list(reader.leaf_readers())
        # Where each segment's document numbers start, and its stored fields by its own
        # numbers.
        self._starts = [offset for _leaf, offset in leaves]
        self._stored = [_stored_fields_of(leaf) for leaf, _offset in leaves]
        self._matches: OrderedDict[tuple, Matches] = OrderedDict()
        self._kept_hits = 0

    def matches(self, query, allowed, named: NamedRows, facets: Sequence[str]) -> Matches:
        """Every match of ``query`` within ``allowed``, scored, with its facet counts.

        Kept for the next searches with the same query and filters on this generation
        of the index: paging and sorting read them again without matching anew (a
        search for "helse" at ten times the seeds matches 28,000 rows, in Python).
        """
        key = (repr(query), repr(allowed), named, tuple(facets))
        if (found := self._matches.get(key)) is not None:
            self._matches.move_to_end(key)
            return found
        results = self.searcher.search(query, filter=allowed, limit=None)
        docnums = array("l", (docnum for _score, docnum in results.top_n))
        found = Matches(
            docnums,
            array("d", (score for score, _docnum in results.top_n)),
            facet_counts(self, docnums, facets),
            frozenset(named_rows(self, docnums, named))
            if named.lines or named.numbers
            else (frozenset()),
        )
        self._matches[key] = found
        self._kept_hits += len(docnums)
        while self._kept_hits > MAX_KEPT_HITS and len(self._matches) > 1:
            _key, dropped = self._matches.popitem(last=False)
            self._kept_hits -= len(dropped.docnums)
        return found

    def column(self, name: str) -> list:
        """Every document's value of the column field ``name`` ("" or None where it has none).

        Read segment by segment: a segment in which no document has a value (a year, say)
        has no column of that field, and Whoosh's joined column reader would then shift
        the values of the segments after it.
        """
        if name not in self._columns:
            values: list = []
            empty = None if name.startswith("year") else ""
            for leaf, _offset in self.searcher.reader().leaf_readers():
                if leaf.has_column(name):
                    values += leaf.column_reader(name)
                else:
                    values += [empty] * leaf.doc_count_all()
            if name.startswith("year"):
                values = [value if value in _YEARS else None for value in values]
            elif name != "fingerprint":  # a few distinct values, each kept once
                values = [sys.intern(value) for value in values]
            self._columns[name] = values
        return self._columns[name]

    def stored_fields(self, docnums: Iterable[int]) -> dict[int, dict]:
        """Document number -> its stored fields, for ``docnums``.

        Read segment by segment in document order, as they lie on disk; each entry's
        fields are one compressed pickle, so this is most of the time of streaming hits.
        """
        found: dict[int, dict] = {}
        starts, stored = self._starts, self._stored
        last = len(starts) - 1
        segment = 0
        for docnum in sorted(docnums):
            while segment < last and docnum >= starts[segment + 1]:
                segment += 1
            found[docnum] = stored[segment](docnum - starts[segment])
        return found

    def keywords(self, name: str) -> dict[int, list[str]]:
        """Document number -> its words of a keyword field (tags: a list, so no column)."""
        key = "keywords:" + name
        if key not in self._columns:
            reader = self.searcher.reader()
            found: dict[int, list[str]] = {}
            for word in reader.lexicon(name):
                text = word.decode()
                for docnum in reader.postings(name, word).all_ids():
                    found.setdefault(docnum, []).append(text)
            self._columns[key] = found  # type: ignore[assignment]
        return self._columns[key]  # type: ignore[return-value]

    def close(self) -> None:
        self.searcher.close()


_views = threading.local()
# Columns by the segments they were read from, for the last few index generations.
_columns: OrderedDict[tuple[str, ...], dict] = OrderedDict()
_COLUMN_SETS = 4
_columns_lock = threading.Lock()


def shared_columns(segments: tuple[str, ...]) -> dict:
    """The process's columns of these segments (in this order), filled as they are read."""
    with _columns_lock:
        found = _columns.get(segments)
        if found is None:
            found = _columns[segments] = {}
            while len(_columns) > _COLUMN_SETS:
                _columns.popitem(last=False)
        return found


@dataclass(frozen=True)
class Matches:
    """One query's matches in rank order (document numbers and scores), its facet counts
    and the matches it names by number (kap/post, vedtak)."""

    docnums: array
    scores: array
    facets: dict[str, list[tuple[str, int]]]
    named: frozenset[int]
    # The collapsed order in rank order, made once (``collapsed``).
    _collapsed: list = field(default_factory=list, compare=False, repr=False)

    def collapsed(self, view: IndexView) -> Collapsed:
        """The matches shown, in rank order, with their repeats (``shown_order``): kept
        with the matches, so a page, the next page and an export of the same search read
        them without going over every match again."""
        if not self._collapsed:
            ranked = list(zip(self.docnums, self.scores, strict=True))
            shown, repeats = shown_order(view, ranked, self.named)
            score_of = dict(ranked)
            self._collapsed.append(
                Collapsed(
                    array("l", shown),
                    array("d", (score_of[docnum] for docnum in shown)),
                    {
                        docnum: [(other, score_of[other]) for other in others]
                        for docnum, others in repeats.items()
                    },
                )
            )
        return self._collapsed[0]


@dataclass(frozen=True)
class Collapsed:
    """The hits shown (document numbers and scores, in order) and each one's repeats
    (document number, score)."""

    docnums: array
    scores: array
    repeats: dict[int, list[tuple[int, float]]]


def current_view(index) -> IndexView:
    """This thread's view of ``index``, opened again when the index has changed.

    Whoosh readers are not shared between threads. A commit makes a new generation (a
    deletion keeps the segments); an index deleted and built again counts its
    generations anew, so the segments are compared too.
    """
    views = _views.__dict__.setdefault("by_folder", {})
    folder = index.storage.folder
    view = views.get(folder)
    toc = index._read_toc()  # the table of contents names the latest generation's segments
    latest = (toc.generation, frozenset(segment.segment_id() for segment in toc.segments))
    if view is None or view.key != latest:
        if view is not None:
            del views[folder]  # closed: never to be used (or closed) again
            view.close()
        # A commit landing in between makes the searcher newer than the table of contents
        # read above: the next search opens it again, never an older one.
        view = views[folder] = IndexView(index.searcher())
    return view


def facet_counts(
    view: IndexView, docnums: Sequence[int], facets: Sequence[str]
) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value over every match, largest first (years newest first)."""
    counts = {}
    for name in facets:
        if name == "tags":
            tags_of = view.keywords("tags_exact")
            counter = Counter(tag for docnum in docnums for tag in tags_of.get(docnum, ()))
        else:
            values = view.column(f"{name}_exact")
            counter = Counter(values[docnum] for docnum in docnums)
        found = [(str(value), count) for value, count in counter.items() if value not in ("", None)]
        if name == "year":
            found.sort(reverse=True)
        else:
            found.sort(key=lambda item: (-item[1], item[0]))
        counts[name] = found
    return counts


def shown_order(
    view: IndexView, ranked: list[tuple[int, float]], first: frozenset[int]
) -> tuple[list[int], dict[int, list[int]]]:
    """The document numbers shown, in rank order, and each one's repeats ("also in").

    The ``first`` rows (those the query names by number) come first: a budget post's own
    row says little besides its title, so words alone rank the paragraphs that mention
    it higher. Then the best-ranked of rows with the same paragraph stands for all of
    them.
    """
    order = [docnum for docnum, _score in ranked]
    if first:
        order = [d for d in order if d in first] + [d for d in order if d not in first]
    fingerprints = view.column("fingerprint")
    kept: list[int] = []
    first_with: dict[str, int] = {}
    repeats: dict[int, list[int]] = {}
    for docnum in order:
        fingerprint = fingerprints[docnum]
        if fingerprint and fingerprint in first_with:
            repeats.setdefault(first_with[fingerprint], []).append(docnum)
            continue
        if fingerprint:
            first_with[fingerprint] = docnum
        kept.append(docnum)
    return kept, repeats


def named_rows(view: IndexView, docnums: Sequence[int], named: NamedRows) -> Iterator[int]:
    """The matches that are a named budget post or vedtak (their numbers are stored)."""
    types = view.column("type_exact")
    stored = view.searcher.stored_fields
    for docnum in docnums:
        if types[docnum] == "budgetline" and named.lines:
            fields = stored(docnum)
            kap, post = fields.get("kap"), fields.get("post")
            if (kap, post) in named.lines or (kap, None) in named.lines:
                yield docnum
        elif (
            types[docnum] == "decision"
            and named.numbers
            and stored(docnum).get("number") in named.numbers
        ):
            yield docnum


def by_date(view: IndexView, docnums: Sequence[int], *, newest: bool) -> list[int]:
    """Positions in ``docnums``: dated rows by their document's date (ties in the given
    order), then the undated ("newest"/"oldest"; undated last)."""
    documents = view.column("document_exact")
    slugs = [documents[docnum] for docnum in docnums]
    dates = document_dates(set(slugs))
    positions = range(len(slugs))
    dated = [position for position in positions if dates.get(slugs[position])]
    dated.sort(key=lambda position: dates[slugs[position]], reverse=newest)
    return dated + [position for position in positions if not dates.get(slugs[position])]


def document_dates(slugs) -> dict[str, date | None]:
    return dict(Document.objects.filter(slug__in=slugs).values_list("slug", "published"))


@dataclass
class WhooshHits(Sequence):
    """The collapsed hits of one search in the order shown, built a slice at a time.

    ``len()`` is the collapsed total; slicing reads the stored fields of the rows asked
    for and of their repeats; iterating streams every hit in chunks, without reading the
    repeats (an export has no "also in" column). ``first`` are rows put before all others
    (named budget posts the words did not find, from the database).
    """

    view: IndexView
    shown: Sequence[int]
    scores: Sequence[float]  # of ``shown``, in the same order
    repeats: dict[int, list[tuple[int, float]]]
    make_hit: Callable[[dict, float], Hit]
    first: list[Hit] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.first) + len(self.shown)

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        hits = self.first[start:stop]
        at, to = max(0, start - len(self.first)), max(0, stop - len(self.first))
        hits += self._built(self.shown[at:to], self.scores[at:to])
        for rank, hit in enumerate(hits, start=start + 1):
            hit.rank = rank
        return hits

    def __iter__(self) -> Iterator[Hit]:
        rank = 0
        for hit in self.first:
            rank += 1
            hit.rank = rank
            yield hit
        dates: dict[str, date | None] = {}  # by document, asked for once per export
        for start in range(0, len(self.shown), STREAM_CHUNK):
            # An export lists each hit once; it has no "also in" column to fill.
            # (Not kept in a name: the chunk before is let go while the next is read.)
            end = start + STREAM_CHUNK
            for hit in self._built(
                self.shown[start:end], self.scores[start:end], repeats=False, dates=dates
            ):
                rank += 1
                hit.rank = rank
                yield hit

    def _built(
        self,
        docnums: Sequence[int],
        scores: Sequence[float],
        *,
        repeats: bool = True,
        dates: dict | None = None,
    ) -> list[Hit]:
        wanted = list(docnums)
        if repeats:
            wanted += [other for docnum in docnums for other, _ in self.repeats.get(docnum, ())]
        stored = self.view.stored_fields(wanted)
        make_hit = self.make_hit
        hits = []
        for docnum, score in zip(docnums, scores, strict=True):
            hit = make_hit(stored[docnum], score)
            if repeats:
                hit.also_in = [
                    make_hit(stored[other], other_score)
                    for other, other_score in self.repeats.get(docnum, ())
                ]
            hits.append(hit)
        if dates is None:
            dates = {}
        unknown = {hit.document for hit in hits} - dates.keys()
        if unknown:
            dates |= dict.fromkeys(unknown) | document_dates(unknown)
        for hit in hits:
            hit.date = dates.get(hit.document)
        return hits


def find_hits(
    view: IndexView,
    query,
    allowed,
    params: SearchParams,
    named: NamedRows,
    facets: Sequence[str],
    make_hit: Callable[[dict, float], Hit],
) -> tuple[dict[str, list[tuple[str, int]]], WhooshHits]:
    """Facet counts and the lazily built hits of a Whoosh query within the ``allowed`` filter."""
    found = view.matches(query, allowed, named, facets)
    collapsed = found.collapsed(view)
    shown, scores = collapsed.docnums, collapsed.scores
    if params.sort != "relevance":
        order = by_date(view, shown, newest=params.sort == "newest")
        shown = array("l", (shown[position] for position in order))
        scores = array("d", (scores[position] for position in order))
    hits = WhooshHits(view, shown, scores, collapsed.repeats, make_hit)
    if not found.named and named.lines and params.type in ("", "budgetline"):
        # A named post the words did not find ("732.70") is fetched by its numbers.
        hits.first = budget_line_hits(named.lines, params)
    return found.facets, hits
