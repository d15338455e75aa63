"""The Whoosh engine for haystack: Norwegian analyzers, the query compiler, the backend.

With ``whoosh_hits`` (which reads one search's hits) the only module that imports Whoosh
and haystack's Whoosh internals; the analysis lives in ``analysis`` (pure Python), so
index and query time share it, and the query tree comes from ``query``. Nothing else
writes Whoosh query syntax.

Plugging in::

    HAYSTACK_CONNECTIONS = {"default": {
        "ENGINE": "documents.search.whoosh.NorwegianWhooshEngine",
        "PATH": ...,
        # optional: which fields a plain query searches, with boosts
        # "SEARCH_FIELDS": {"text": 1.0, "text_parts": 0.5, "title": 2.0},
    }}

Field names pick the analyzer of a haystack ``CharField`` that sets none itself: a name
ending in ``_parts`` gets the decompounded analyzer (give it the same text as its sibling,
e.g. ``text_parts = CharField(use_template=True, template_name=<text's template>)``), a
name ending in ``_exact`` the lower-case-only analyzer, any other the Norwegian one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SkipDocument
from haystack.fields import FacetCharField, FacetIntegerField
from haystack.utils import get_identifier
from whoosh.analysis import Filter, StopFilter, Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader, W3PerDocWriter, W3Segment
from whoosh.fields import ID, NUMERIC, STORED, TEXT
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import And, NullQuery, Or
from whoosh.query import Term as WhooshTerm
from whoosh.reading import SegmentReader
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import NO_MERGE

from .analysis import (
    STOP_WORDS,
    compound_terms,
    lexicon,
    normalise_word,
    raw_tokens,
    stem,
    word_tokens,
)
from .highlight import highlight_terms, highlight_terms_in
from .query import ParsedQuery, Term
from .whoosh_hits import current_view, find_hits

PARTS_SUFFIX = "_parts"
# The shape of the entries (their fields and columns), written beside a new, empty index;
# an index of another shape is written anew by ``check_index --repair``.
FORMAT_FILE = "helsedocs-format"
INDEX_FORMAT = "2 (facet and fingerprint columns, unindexed fields stored only)"
# Identical paragraphs share it: a search shows the first and lists the others with it.
FINGERPRINT = "fingerprint"
EXACT_SUFFIX = "_exact"
# A match through a compound part ("beredskap" in "helseberedskapen") ranks below a match
# of the word itself.
PARTS_BOOST = 0.5
# Postings blocks are written uncompressed: zlib took 0.4-0.8 s of the 3.5-4.4 s commit of
# the seeds' entries, and a search, which no longer inflates blocks, takes about 4 % less
# CPU; the seeds' index is 35 MB instead of 21. Each block records its compression, so
# blocks written either way read alike.
POSTINGS_COMPRESSION = 0
WRITER_LIMIT_MB = 256
# Segments merge in tiers (``merge_start``): the newest MERGE_FACTOR segments of one size
# tier (a power of MERGE_FACTOR in entries) become one, so an upload rewrites only
# segments about its own size, never the whole index, and a search reads a few
# segments (five segments instead of one cost a search about a fifth more).
MERGE_FACTOR = 3
# A segment whose deleted entries reach this share is written anew: Whoosh counts
# deleted entries in its term statistics until they are merged away.
MERGE_DELETED_SHARE = 1 / 3

# --------------------------------------------------------------------------------------
# Whoosh analyzers
# --------------------------------------------------------------------------------------


class NorwegianTokenizer(Tokenizer):
    """Words as ``analysis`` sees them, with Whoosh positions and character offsets.

    ``exact=True`` gives lower-cased words as written (no nynorsk mapping, no expansion of
    ``helse- og omsorgstjenesten``, single letters kept).
    """

    def __init__(self, exact: bool = False):
        self.exact = exact

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.exact == self.exact

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        words = [(value, 0, len(value))] if not tokenize else self.words(value)
        for pos, (text, start, end) in enumerate(words):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token

    def words(self, value: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of each word of ``value``.

        The last text's words are kept per thread: ``text_parts`` holds the same text as
        ``text``, and splitting it again took a tenth of an ingest's index writing.
        """
        key = (value, self.exact, lexicon().key)
        last = getattr(_LAST_WORDS, "last", None)
        if last is not None and last[0] == key:
            return last[1]
        tokens = raw_tokens(value) if self.exact else word_tokens(value)
        words = [(word.text, word.start, word.end) for word in tokens]
        _LAST_WORDS.last = (key, words)
        return words


# Per thread: two searches in one process tokenise their own texts.
_LAST_WORDS = threading.local()


class NorwegianStemFilter(Filter):
    """Stems with ``analysis.stem`` (Snowball Norwegian plus protected heads)."""

    is_morph = True  # Whoosh keeps unstemmed words for spelling suggestions

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem(token.text)
            yield token


class CompoundPartsFilter(Filter):
    """At index time a word becomes its stem plus the stems of its part runs, all at the
    word's position; a query word stays one stemmed term, so "beredskap" matches the
    "beredskap" part of "helseberedskapen" without the query itself being split."""

    is_morph = True

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            if token.mode == "query" or token.stopped:
                token.text = stem(word)
                yield token
                continue
            for term in compound_terms(word):
                token.text = term
                yield token


def norwegian_analyzer():
    """The main-field analyzer: the Whoosh form of ``analysis.norwegian_terms``."""
    return NorwegianTokenizer() | StopFilter(stoplist=STOP_WORDS, minsize=1) | NorwegianStemFilter()


def compound_parts_analyzer():
    """The decompounded-field analyzer: the Whoosh form of ``compound_parts``."""
    return NorwegianTokenizer() | StopFilter(stoplist=STOP_WORDS, minsize=1) | CompoundPartsFilter()


def exact_analyzer():
    """Lower-cased words as written, for fields ending in ``_exact``."""
    return NorwegianTokenizer(exact=True)


NORWEGIAN = norwegian_analyzer()
COMPOUND_PARTS = compound_parts_analyzer()
EXACT = exact_analyzer()


def analyzer_for_field(name: str):
    """The analyzer a text field gets from its name (see the module docstring)."""
    if name.endswith(PARTS_SUFFIX):
        return COMPOUND_PARTS
    if name.endswith(EXACT_SUFFIX):
        return EXACT
    return NORWEGIAN


# --------------------------------------------------------------------------------------
# Writing segments
# --------------------------------------------------------------------------------------


class _RoundedLengthsWriter(W3PerDocWriter):
    """Sums a field's lengths as the segment keeps each entry's: rounded to one byte.

    A merge adds up the rounded lengths, so a field's total (its average length, and with
    it every score) would otherwise depend on which entries had been merged. So a search
    scores alike however the entries lie in segments (but for the last bit of a float
    sum: each segment adds a query's terms in its own order).

    Each entry's length byte is also kept in memory for the postings written at the end
    (``_LengthsInMemory``).
    """

    def __init__(self, codec, storage, segment):
        super().__init__(codec, storage, segment)
        self.length_bytes: dict[str, bytearray] = {}

    def add_field(self, fieldname, fieldobj, value, length):
        if length:
            byte = length_to_byte(length)
            length = byte_to_length(byte)
            column = self.length_bytes.setdefault(fieldname, bytearray())
            column.extend(bytes(self._docnum + 1 - len(column)))
            column[self._docnum] = byte
        super().add_field(fieldname, fieldobj, value, length)


class _LengthsInMemory(W3PerDocReader):
    """The new segment's per-entry reader as its postings are written: every posting asks
    for its entry's field length, which the stock reader reads back from the segment's
    length column file (0.6 s of the 3.5 s commit of the seeds' entries)."""

    def __init__(self, storage, segment, length_bytes: dict[str, bytearray]):
        super().__init__(storage, segment)
        self._length_bytes = length_bytes

    def doc_field_length(self, docnum, fieldname, default=0):
        column = self._length_bytes.get(fieldname)
        if column is None:  # no entry has the field: the column was never made
            return default
        byte = column[docnum] if docnum < len(column) else 0
        return byte_to_length(byte) if byte else None  # as the stock reader answers


class _WriterCodec(W3Codec):
    """Whoosh's codec with rounded length totals and uncompressed postings blocks, for one
    writer. Its segments name the stock codec (the table of contents pickles it), so any
    Whoosh reads them."""

    def __init__(self):
        super().__init__(compression=POSTINGS_COMPRESSION)
        self._per_document: _RoundedLengthsWriter | None = None

    def per_document_writer(self, storage, segment):
        self._per_document = _RoundedLengthsWriter(self, storage, segment)
        return self._per_document

    def per_document_reader(self, storage, segment):
        if self._per_document is None or self._per_document._segment is not segment:
            return super().per_document_reader(storage, segment)
        return _LengthsInMemory(storage, segment, self._per_document.length_bytes)

    def new_segment(self, storage, indexname):
        return W3Segment(W3Codec(compression=POSTINGS_COMPRESSION), indexname)


# --------------------------------------------------------------------------------------
# The query tree in Whoosh syntax
# --------------------------------------------------------------------------------------


def _whoosh_term(term: Term) -> str:
    """A quoted word or phrase (the fields' analyzers see it); a prefix unquoted, as the
    normalised start of a word (Whoosh does not analyse a prefix)."""
    if not term.prefix:
        return f'"{term.text}"'
    *words, last = term.text.split()
    start = normalise_word(last) + "*"
    return f'("{" ".join(words)}" AND {start})' if words else start


def whoosh_query(parsed: ParsedQuery) -> str:
    """Whoosh syntax for ``SearchQuerySet().raw_search``: groups ANDed, alternatives ORed."""
    parts = [
        _whoosh_term(group[0])
        if len(group) == 1
        else "(" + " OR ".join(map(_whoosh_term, group)) + ")"
        for group in parsed.groups
    ]
    parts += [f"NOT {_whoosh_term(term)}" for term in parsed.exclude]
    return " AND ".join(parts)


# --------------------------------------------------------------------------------------
# haystack backend and engine
# --------------------------------------------------------------------------------------


class NorwegianWhooshSearchBackend(WhooshSearchBackend):
    """haystack's Whoosh backend with Norwegian analysis, field search and highlighting."""

    def __init__(self, connection_alias, **connection_options):
        super().__init__(connection_alias, **connection_options)
        self.search_fields_option: dict[str, float] | None = connection_options.get("SEARCH_FIELDS")
        self.text_field_boosts: dict[str, float] = {}

    def build_schema(self, fields):
        """The stock schema, with every text field that names no analyzer made Norwegian.

        Facet fields and the fingerprint are columns (a value per document that a search
        reads for its hits only, ``whoosh_hits``); fields that are not indexed are only
        stored.
        """
        content_field_name, schema = super().build_schema(fields)
        self.text_field_boosts = {}
        for field_class in fields.values():
            name = field_class.index_fieldname
            if isinstance(field_class, FacetCharField) or name == FINGERPRINT:
                # A facet counts whole values: "budget_proposition", "prop-1-s-2024-2025".
                schema.remove(name)
                schema.add(name, ID(stored=True, sortable=True))
                continue
            if isinstance(field_class, FacetIntegerField):
                schema.remove(name)
                schema.add(name, NUMERIC(stored=True, numtype=int, sortable=True))
                continue
            if not field_class.indexed and not field_class.is_multivalued:
                schema.remove(name)
                schema.add(name, STORED())
                continue
            if not isinstance(schema[name], TEXT):
                continue
            self.text_field_boosts[name] = field_class.boost
            if field_class.analyzer is not None:
                continue
            schema.remove(name)
            field = TEXT(
                # The helper fields repeat what ``text`` and ``title`` already store.
                stored=not name.endswith((PARTS_SUFFIX, "_exact")),
                analyzer=analyzer_for_field(name),
                field_boost=field_class.boost,
                # No column of whole texts and no spelling graph: nothing sorts by a text
                # field, and "did you mean" uses the corpus lexicon (documents.search.service).
                sortable=False,
            )
            schema.add(name, field)
        return content_field_name, schema

    def search_fields(self) -> dict[str, float]:
        """Fields a plain query searches, with query-time boosts.

        ``SEARCH_FIELDS`` from the connection settings when given. Otherwise the document
        field and every text field with a haystack boost above 1 (titles), each with its
        ``_parts`` sibling; a ``_parts`` field without a boost of its own is searched at
        ``PARTS_BOOST``. (haystack boosts weigh terms at index time already.)
        """
        if self.search_fields_option:
            return {
                name: boost
                for name, boost in self.search_fields_option.items()
                if name in self.schema
            }
        chosen = {self.content_field_name: 1.0}
        chosen |= {
            name: 1.0
            for name, boost in self.text_field_boosts.items()
            if boost > 1 and not name.endswith(PARTS_SUFFIX)
        }
        for name in list(chosen):
            parts = name + PARTS_SUFFIX
            if parts in self.text_field_boosts:
                chosen[parts] = PARTS_BOOST if self.text_field_boosts[parts] == 1 else 1.0
        return chosen

    def query_parser(self) -> MultifieldParser:
        """A parser over ``search_fields`` (the stock one searches the document field only)."""
        fields = self.search_fields()
        parser = MultifieldParser(list(fields), schema=self.schema, fieldboosts=fields)
        parser.add_plugins([FuzzyTermPlugin])
        return parser

    def setup(self):
        super().setup()
        self.parser = self.query_parser()
        if self.index.doc_count_all() == 0:
            self.mark_current_format()

    def _format_file(self) -> Path:
        return Path(self.path) / FORMAT_FILE

    def mark_current_format(self) -> None:
        """Note that every entry on disk is of this code's shape (a new index, a rewrite)."""
        if self.use_file_storage:
            self._format_file().write_text(INDEX_FORMAT)

    def written_in_current_format(self) -> bool:
        """Whether the entries on disk have the fields this code reads (an index written by
        an older version lacks the columns a search reads: ``check_index --repair``
        writes it anew)."""
        if not self.setup_complete:
            self.setup()
        if not self.use_file_storage:
            return True
        marker = self._format_file()
        return marker.exists() and marker.read_text() == INDEX_FORMAT

    def _writer(self):
        return self.index.writer(limitmb=WRITER_LIMIT_MB, codec=_WriterCodec())

    def update(self, index, iterable, commit=True) -> None:
        """haystack's update (``rebuild_index``, ``update_index``) through ``update_many``:
        the same writer, codec and merging as every other write."""
        self.update_many([(index, iterable)])

    def remove(self, obj_or_string, commit=True) -> None:
        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers) -> None:
        """Delete many entries with one writer and one commit (``remove`` commits each)."""
        if not self.setup_complete:
            self.setup()
        identifiers = list(identifiers)
        if not identifiers:
            return
        self.index = self.index.refresh()
        writer = self._writer()
        try:
            for identifier in identifiers:
                writer.delete_by_term(ID_FIELD, identifier)
        except Exception:
            writer.cancel()
            raise
        writer.commit(mergetype=NO_MERGE)
        self.merge_tiers()

    def update_many(self, batches, *, remove=()) -> int:
        """Index several (search index, rows) batches and remove entries, in one commit.

        haystack's ``update`` commits once per call, and every Whoosh commit may merge
        segments; one import touches five indexes, so one writer for all of them saves
        most of the indexing time. The new segment is merged in its tier afterwards
        (``merge_tiers``). Returns the number of rows written.
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self._writer()
        written = 0
        try:
            for identifier in remove:
                writer.delete_by_term(ID_FIELD, identifier)
            for index, rows in batches:
                for row in rows:
                    try:
                        document = index.full_prepare(row)
                    except SkipDocument:
                        continue
                    prepared = {key: self._from_python(value) for key, value in document.items()}
                    prepared.pop("boost", None)  # Whoosh has no document boosts
                    writer.update_document(**prepared)
                    written += 1
        except Exception:
            writer.cancel()
            raise
        # Whoosh's own merge policy would put the merged entries after the new ones.
        writer.commit(mergetype=NO_MERGE)
        self.merge_tiers()
        return written

    def merge_tiers(self) -> int:
        """Merge the segments ``merge_start`` picks (the caller holds the write lock);
        returns how many segments went. Entries keep their order (merged segments are
        the newest), so equal scores rank as they would in one segment."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        segments = self.index._segments()
        start = merge_start([(s.doc_count_all(), s.deleted_count()) for s in segments])
        emptied = [s for s in segments if s.doc_count() == 0]
        if start is None and not emptied:
            return 0

        def merge(writer, current):
            # Segments with no live entry left are dropped wherever they stand.
            cut = len(current) if start is None else start
            for segment in current[cut:]:
                if segment.doc_count():
                    reader = SegmentReader(writer.storage, writer.schema, segment)
                    writer.add_reader(reader)
                    reader.close()
            return [segment for segment in current[:cut] if segment.doc_count()]

        self._writer().commit(mergetype=merge)
        self.index = self.index.refresh()
        return len(segments) - len(self.index._segments())

    def merge_segments(self, *, everything: bool = False) -> int:
        """Merge segments in tiers, or ``everything`` into one (after the whole index was
        written anew); returns how many segments went."""
        if not everything:
            return self.merge_tiers()
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        segments = len(self.index._segments())
        if segments > 1:
            self._writer().commit(optimize=True)
        return segments - 1 if segments > 1 else 0

    def indexed_identifiers(self) -> set[str]:
        """Every entry's identifier ("documents.section.12"), to compare with the database."""
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        with self.index.searcher() as searcher:
            return {
                fields[ID_FIELD] for fields in searcher.all_stored_fields() if ID_FIELD in fields
            }

    def _process_results(
        self,
        raw_page,
        highlight=False,
        query_string="",
        spelling_query=None,
        result_class=None,
        facet_types=None,
    ):
        """The stock results; highlighting with the Norwegian analysis instead of English."""
        results = super()._process_results(
            raw_page,
            highlight=False,
            query_string=query_string,
            spelling_query=spelling_query,
            result_class=result_class,
            facet_types=facet_types,
        )
        if highlight:
            terms = highlight_terms(query_string)
            for result in results["results"]:
                text = getattr(result, self.content_field_name, "") or ""
                result.highlighted = {self.content_field_name: [highlight_terms_in(text, terms)]}
        return results

    def find(self, parsed: ParsedQuery, params, named, facets, *, leading=0):
        """Facet counts and the lazily built, collapsed hits of one search (``service``).

        The searcher and its columns stay open per thread until the index changes, and
        a query's matches are kept, so the hits are read when a page asks for them
        (``leading``, the PostgreSQL engine's cue to read the first page at once, is
        not needed).
        """
        if not self.setup_complete:
            self.setup()
        view = current_view(self.index)
        query = self.parser.parse(whoosh_query(parsed))
        return find_hits(view, query, self.filter_query(params), params, named, facets, _hit)

    def filter_query(self, params):
        """The filters as a Whoosh query (values checked by ``service.valid_filters``)."""
        from . import service

        terms = []
        if params.date_from or params.date_to:
            # The index holds no dates: the range becomes the documents dated inside it.
            slugs = service.documents_dated(params)
            if not slugs:
                return NullQuery
            terms.append(Or([WhooshTerm("document_exact", slug) for slug in slugs]))
        for name, value in params.filters().items():
            terms.append(WhooshTerm(f"{name}_exact", value))
        return And(terms) if terms else None


def merge_start(segments: Sequence[tuple[int, int]]) -> int | None:
    """Where the newest segments to merge into one begin, given each segment's entries and
    deleted entries, oldest first; None: none to merge.

    Tiers are powers of MERGE_FACTOR in live entries. When the newest MERGE_FACTOR
    segments share a tier they merge, and again if the result completes the tier above
    (the seeds: 400, 341 and 422 entries merge, 2,029 and 447 stay). Only the newest
    segments merge, so no entry moves before an older one. A segment with too many
    deleted entries merges with every segment after it.
    """
    positions = [number for number, (total, deleted) in enumerate(segments) if deleted < total]
    sizes = [segments[number][0] - segments[number][1] for number in positions]
    merged_from = len(sizes)
    while len(sizes) >= MERGE_FACTOR:
        tier = _tier(sizes[-1])
        run = 1
        while run < len(sizes) and _tier(sizes[-run - 1]) == tier:
            run += 1
        if run < MERGE_FACTOR:
            break
        sizes[-run:] = [sum(sizes[-run:])]
        merged_from = len(sizes) - 1
    starts = [positions[merged_from]] if merged_from < len(positions) else []
    starts += [
        number
        for number in positions
        if segments[number][1] >= segments[number][0] * MERGE_DELETED_SHARE
    ][:1]
    return min(starts, default=None)


def _tier(entries: int) -> int:
    """The power of MERGE_FACTOR that ``entries`` reach (counted in integers: a float
    logarithm puts 243 below the fifth power of 3)."""
    tier = 0
    while entries >= MERGE_FACTOR:
        entries //= MERGE_FACTOR
        tier += 1
    return tier


def _hit(fields: dict, score: float):
    """A hit from an entry's stored fields."""
    from .service import Hit

    return Hit(
        type=fields["type"],
        id=int(fields["django_id"]),
        document=fields["document"],
        document_title=fields.get("document_title") or "",
        title=fields.get("title") or "",
        section_title=fields.get("section_title") or "",
        url=fields["url"],
        score=score,
        text=fields.get("text") or "",
        fingerprint=fields.get(FINGERPRINT) or "",
        kap=fields.get("kap"),
        post=fields.get("post"),
        number=fields.get("number") or "",
    )


class NorwegianWhooshEngine(BaseEngine):
    """Put ``documents.search.whoosh.NorwegianWhooshEngine`` in HAYSTACK_CONNECTIONS."""

    backend = NorwegianWhooshSearchBackend
    query = WhooshSearchQuery
