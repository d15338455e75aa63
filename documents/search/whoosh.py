"""Norwegian Whoosh search for haystack: analyzers, backend, engine, query parsing, highlighting.

The only module that imports Whoosh and haystack's backend internals; the analysis itself
lives in ``documents.search_analysis`` (pure Python), so index and query time share it.

Plugging in::

    HAYSTACK_CONNECTIONS = {"default": {
        "ENGINE": "documents.search_backend.NorwegianWhooshEngine",
        "PATH": ...,
        # optional: which fields a plain query searches, with boosts
        # "SEARCH_FIELDS": {"text": 1.0, "text_parts": 0.5, "title": 2.0},
    }}

Field names pick the analyzer of a haystack ``CharField`` that sets none itself: a name
ending in ``_parts`` gets the decompounded analyzer (give it the same text as its sibling,
e.g. ``text_parts = CharField(use_template=True, template_name=<text's template>)``), a
name ending in ``_exact`` the lower-case-only analyzer, any other the Norwegian one.

In a view::

    parsed = parse_user_query(request.GET.get("q", ""))
    if parsed.error:
        ...  # show parsed.error (translated when rendered), search nothing
    results = SearchQuerySet().raw_search(parsed.query).highlight()
    # result.highlighted["text"][0] is safe HTML with <mark> around matched words;
    # highlight(text, parsed) does the same for any text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import ID as ID_FIELD
from haystack.exceptions import SkipDocument
from haystack.fields import FacetCharField
from whoosh.analysis import Filter, StopFilter, Token, Tokenizer
from whoosh.fields import ID, TEXT
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser

from documents.search_analysis import (
    STOP_WORDS,
    analyse,
    compound_terms,
    expand_coordinations,
    join_number_groups,
    norwegian_terms,
    raw_tokens,
    stem,
    word_tokens,
)
from documents.synonyms import synonym_table

PARTS_SUFFIX = "_parts"
EXACT_SUFFIX = "_exact"
# A match through a compound part ("beredskap" in "helseberedskapen") ranks below a match
# of the word itself.
PARTS_BOOST = 0.5

# --------------------------------------------------------------------------------------
# Whoosh analyzers
# --------------------------------------------------------------------------------------


class NorwegianTokenizer(Tokenizer):
    """Words as ``search_analysis`` sees them, with Whoosh positions and character offsets.

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
        if not tokenize:
            words = [(value, 0, len(value))]
        elif self.exact:
            words = [(word.text, word.start, word.end) for word in raw_tokens(value)]
        else:
            words = [(word.text, word.start, word.end) for word in word_tokens(value)]
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


class NorwegianStemFilter(Filter):
    """Stems with ``search_analysis.stem`` (Snowball Norwegian plus protected heads)."""

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
    """The main-field analyzer: the Whoosh form of ``search_analysis.norwegian_terms``."""
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
# User queries
# --------------------------------------------------------------------------------------

MAX_QUERY_CHARS = 300
MAX_QUERY_CLAUSES = 24

# Lazy: the user reads them in the language of the request (bokmål unless English is chosen).
ERROR_EMPTY = gettext_lazy("Type one or more words to search for.")
ERROR_TOO_LONG = format_lazy(
    gettext_lazy("The search is too long. Use at most {} characters."), MAX_QUERY_CHARS
)
ERROR_TOO_MANY = format_lazy(
    gettext_lazy("The search has too many words. Use at most {}."), MAX_QUERY_CLAUSES
)
ERROR_ONLY_EXCLUDED = gettext_lazy("Type at least one word to find, not only words to leave out.")
ERROR_NOTHING_SEARCHABLE = gettext_lazy(
    "The search has no words to search for (only signs or small words such as “and”). "
    "Try other words."
)

# Operators in capitals, English (as in Whoosh) or Norwegian; in lower case they are words.
_AND = frozenset({"AND", "OG", "&&", "+"})
_OR = frozenset({"OR", "ELLER", "||", "|"})
_NOT = frozenset({"NOT", "IKKE", "!"})
_QUOTES_RE = re.compile(r"[«»“”„″]")
_CLAUSE_RE = re.compile(r'(?P<sign>[-−+]?)"(?P<phrase>[^"]*)"|(?P<word>[^\s"]+)')
# Whatever is not a letter, digit, hyphen, comma, period or apostrophe becomes a space, so
# no Whoosh syntax (fields, wildcards, ranges, boosts, groups) reaches the parser.
_UNSAFE_RE = re.compile(r"[^\w\s\-–.,'’§]|_")
# haystack adds filters such as document:(x) to the query string it hands the backend.
_FIELD_CLAUSE_RE = re.compile(r"\b\w+:(?:\([^)]*\)|\"[^\"]*\"|\S+)")


@dataclass(frozen=True)
class ParsedQuery:
    """A user's search, made safe, or the reason it cannot run.

    ``query`` is Whoosh syntax for ``SearchQuerySet().raw_search(query)``, empty when
    ``error`` (a plain sentence for the user, translated lazily) is set. ``include`` and ``exclude``
    hold the cleaned words and phrases, for highlighting and for echoing the search.
    """

    query: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    error: str = ""


def _strip_control(text: str) -> str:
    """Control, format and unassigned characters become spaces."""
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)


def _clean(text: str) -> str:
    return " ".join(_UNSAFE_RE.sub(" ", text).split())


def _clauses(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is "word", "phrase", "and", "or" or "not".

    A quote without its partner is dropped, so "fastlege ends the search as a word.
    """
    text = _QUOTES_RE.sub('"', text)
    if text.count('"') % 2:
        cut = text.rindex('"')
        text = text[:cut] + " " + text[cut + 1 :]
    clauses = []
    for match in _CLAUSE_RE.finditer(text):
        if match.group("phrase") is not None:
            if match.group("sign") in ("-", "−"):
                clauses.append(("not", ""))
            clauses.append(("phrase", match.group("phrase")))
            continue
        word = match.group("word")
        if word in _AND:
            clauses.append(("and", ""))
        elif word in _OR:
            clauses.append(("or", ""))
        elif word in _NOT:
            clauses.append(("not", ""))
        elif word[0] in "-−" and len(word) > 1:
            clauses += [("not", ""), ("word", word[1:])]
        else:
            clauses.append(("word", word.lstrip("+")))
    return clauses


def _quoted(text: str) -> str:
    return f'"{text}"'


def _read_clauses(text: str) -> tuple[list[list[str]], list[str], list[str]]:
    """(OR-groups that must match, words to find, words to leave out) of a query text.

    Clauses with nothing searchable in them (punctuation, stop words) are skipped, and an
    operator with nothing to work on is ignored.
    """
    groups: list[list[str]] = []
    include: list[str] = []
    exclude: list[str] = []
    negate = join_next = False
    for kind, value in _clauses(text):
        if kind in ("and", "or", "not"):
            negate = negate or kind == "not"
            join_next = kind == "or" and bool(groups)
            continue
        cleaned = _clean(value)
        if cleaned and norwegian_terms(cleaned):
            alternatives = [cleaned, *synonym_table().synonyms(cleaned)]
            if negate:
                exclude += alternatives
            elif join_next:
                groups[-1] += alternatives
                include += alternatives
            else:
                groups.append(alternatives)
                include += alternatives
        negate = join_next = False
    return groups, include, exclude


def _multiword_synonym_re() -> re.Pattern[str] | None:
    return _multiword_re(synonym_table().multiword)


@cache
def _multiword_re(members: tuple[str, ...]) -> re.Pattern[str] | None:
    if not members:
        return None
    alternatives = "|".join(re.escape(member) for member in members)
    return re.compile(rf"(?<![\w\"])(?:{alternatives})(?![\w\"])", re.IGNORECASE)


def _quote_multiword_synonyms(text: str) -> str:
    """``kunstig intelligens`` typed as two words is quoted, so it also finds ``KI``.

    Only in queries without quotes of their own, which could be cut by new ones.
    """
    pattern = _multiword_synonym_re()
    if '"' in text or pattern is None:
        return text
    return pattern.sub(lambda match: _quoted(match.group()), text)


def parse_user_query(q: str | None) -> ParsedQuery:
    """Turn what a user typed into a safe Whoosh query, or a message saying why not.

    Words must all match; ``"a phrase"`` matches in order; ``-word`` or ``NOT word``
    (``IKKE``) leaves out; ``a OR b`` (``ELLER``) matches either. A word or phrase with
    synonyms (``HOD``, ``Fylkesmannen``) matches any of them. Everything else (fields,
    wildcards, brackets, control characters) is read as plain text. Never raises.
    """
    text = " ".join(_strip_control(q or "").split())
    if not text:
        return ParsedQuery(error=ERROR_EMPTY)
    if len(text) > MAX_QUERY_CHARS:
        return ParsedQuery(error=ERROR_TOO_LONG)
    text = join_number_groups(_quote_multiword_synonyms(_QUOTES_RE.sub('"', text)))
    groups, include, exclude = _read_clauses(expand_coordinations(text))
    if len(include) + len(exclude) > MAX_QUERY_CLAUSES:
        return ParsedQuery(error=ERROR_TOO_MANY)
    if not include:
        return ParsedQuery(error=ERROR_ONLY_EXCLUDED if exclude else ERROR_NOTHING_SEARCHABLE)
    parts = [
        _quoted(group[0]) if len(group) == 1 else "(" + " OR ".join(map(_quoted, group)) + ")"
        for group in groups
    ]
    parts += [f"NOT {_quoted(word)}" for word in exclude]
    return ParsedQuery(" AND ".join(parts), tuple(include), tuple(exclude))


# --------------------------------------------------------------------------------------
# Highlighting
# --------------------------------------------------------------------------------------

HIGHLIGHT_CHARS = 240
HIGHLIGHT_TAG = "mark"
# Context shown before the first match of a cut-out snippet.
_LEAD_CHARS = 40
_SPACE_RE = re.compile(r"\s+")


def highlight_terms(query: str | ParsedQuery) -> frozenset[str]:
    """Main-field terms of the words a query wants found (not those it excludes).

    Takes what the user typed, a ``ParsedQuery``, or the query string haystack hands the
    backend (field filters such as ``document:(x)`` are left out; no length limits apply).
    """
    if isinstance(query, str):
        text = " ".join(_strip_control(_FIELD_CLAUSE_RE.sub(" ", query)).split())
        _, include, _ = _read_clauses(join_number_groups(expand_coordinations(text)))
    else:
        include = list(query.include)
    return frozenset(term for words in include for term in norwegian_terms(words))


def matched_spans(text: str, terms: frozenset[str]) -> list[tuple[int, int]]:
    """Where ``text`` holds a word whose stem, or one of whose compound parts, is wanted.

    The source spans, so the surface form is marked: "fastlegane" for "fastlegen".
    """
    if not terms:
        return []
    return [
        (token.start, token.end)
        for token in analyse(text)
        if token.term in terms or not terms.isdisjoint(token.parts)
    ]


def _window(text: str, spans: list[tuple[int, int]], size: int) -> tuple[int, int]:
    """The stretch of at most ``size`` characters showing the most matches, cut at spaces.

    One pass over the spans (in text order), so a long text with thousands of matches
    stays cheap.
    """
    if len(text) <= size:
        return 0, len(text)
    best_start, best_count, last = 0, 0, 0
    for first, (span_start, _) in enumerate(spans):
        start = max(0, span_start - _LEAD_CHARS)
        last = max(last, first)
        while last < len(spans) and spans[last][1] <= start + size:
            last += 1
        if last - first > best_count:
            best_start, best_count = start, last - first
    end = min(len(text), best_start + size)
    if best_start > 0:
        space = _SPACE_RE.search(text, best_start, best_start + _LEAD_CHARS // 2)
        best_start = space.end() if space else best_start
    if end < len(text):
        spaces = list(_SPACE_RE.finditer(text, max(best_start, end - _LEAD_CHARS // 2), end))
        end = spaces[-1].start() if spaces else end
    return best_start, end


def _escaped(text: str) -> str:
    return str(escape(_SPACE_RE.sub(" ", text)))


def highlight(
    text: str | None,
    query: str | ParsedQuery,
    *,
    size: int = HIGHLIGHT_CHARS,
    tag: str = HIGHLIGHT_TAG,
) -> SafeString:
    """A snippet of ``text`` (at most ``size`` characters) as safe HTML, matches marked.

    The text is escaped piece by piece and only then wrapped in ``<mark>``, so markup in the
    source ("<script>") shows as text; a cut is shown with "…".
    """
    return highlight_terms_in(text, highlight_terms(query), size=size, tag=tag)


def highlight_terms_in(
    text: str | None,
    terms: frozenset[str],
    *,
    size: int = HIGHLIGHT_CHARS,
    tag: str = HIGHLIGHT_TAG,
) -> SafeString:
    """``highlight`` for main-field terms already worked out (one query, many results)."""
    text = text or ""
    spans = matched_spans(text, terms)
    start, end = _window(text, spans, size)
    pieces = ["… "] if start > 0 else []
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        pieces.append(_escaped(text[position:span_start]))
        pieces.append(f"<{tag}>{_escaped(text[span_start:span_end])}</{tag}>")
        position = span_end
    pieces.append(_escaped(text[position:end]))
    if end < len(text):
        pieces.append(" …")
    return mark_safe("".join(pieces).strip())


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
        """The stock schema, with every text field that names no analyzer made Norwegian."""
        content_field_name, schema = super().build_schema(fields)
        self.text_field_boosts = {}
        for field_class in fields.values():
            name = field_class.index_fieldname
            if isinstance(field_class, FacetCharField):
                # A facet counts whole values: "budget_proposition", "prop-1-s-2024-2025".
                schema.remove(name)
                schema.add(name, ID(stored=True, sortable=True))
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
                # field, and "did you mean" uses the corpus lexicon (documents.search).
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


class NorwegianWhooshEngine(BaseEngine):
    """Put ``documents.search_backend.NorwegianWhooshEngine`` in HAYSTACK_CONNECTIONS."""

    backend = NorwegianWhooshSearchBackend
    query = WhooshSearchQuery
