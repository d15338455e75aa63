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
from pathlib import Path

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SkipDocument
from haystack.fields import FacetCharField, FacetIntegerField
from whoosh.analysis import Filter, StopFilter, Token, Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import And, NullQuery, Or
from whoosh.query import Term as WhooshTerm

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

    def remove_many(self, identifiers) -> None:
        """Delete many entries with one writer and one commit (``remove`` commits each)."""
        if not self.setup_complete:
            self.setup()
        identifiers = list(identifiers)
        if not identifiers:
            return
        self.index = self.index.refresh()
        writer = self.index.writer()
        try:
            for identifier in identifiers:
                writer.delete_by_term(ID_FIELD, identifier)
        except Exception:
            writer.cancel()
            raise
        writer.commit()

    def update_many(self, batches, *, remove=()) -> int:
        """Index several (search index, rows) batches and remove entries, in one commit.

        haystack's ``update`` commits once per call, and every Whoosh commit may merge
        segments; one import touches five indexes, so one writer for all of them saves
        most of the indexing time. Returns the number of rows written.
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        writer = self.index.writer(limitmb=256)
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
        writer.commit()
        return written

    def merge_segments(self) -> int:
        """Merge the index into one segment; returns how many it had.

        Each import's commit adds a segment, and a search pays per segment for every
        facet and matcher: after the seeds (ten segments) a search took about twice as
        long as on one.
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        segments = len(self.index._segments())
        if segments > 1:
            self.index.optimize()
        return segments

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
