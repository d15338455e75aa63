"""What a user typed, made safe: an engine-neutral query tree, or a plain reason why not.

User syntax: words must all match; ``"a phrase"`` matches in order; ``-word`` or
``NOT word`` (``IKKE``) leaves out; ``a OR b`` (``ELLER``) matches either; ``helsedir*``
matches words beginning so. A word or phrase with synonyms (``HOD``, ``Fylkesmannen``)
matches any of them. Everything else (fields, brackets, control characters, any engine's
own syntax) is read as plain text. Each engine compiles the tree into its own language
(``whoosh.whoosh_query``, ``postgres.compile_tsquery``); none sees the user's text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from .analysis import SynonymTable, expand_coordinations, join_number_groups, norwegian_terms
from .synonyms import synonym_table

MAX_QUERY_CHARS = 300
MAX_QUERY_CLAUSES = 24
# A shorter prefix matches too many words to mean anything ("he*").
MIN_PREFIX_CHARS = 3

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
# no engine's syntax (fields, wildcards, ranges, boosts, groups) survives.
_UNSAFE_RE = re.compile(r"[^\w\s\-–.,'’§]|_")
# haystack adds filters such as document:(x) to the query string it hands a backend.
_FIELD_CLAUSE_RE = re.compile(r"\b\w+:(?:\([^)]*\)|\"[^\"]*\"|\S+)")
_PREFIX_RE = re.compile(rf"[^\W\d_]{{{MIN_PREFIX_CHARS},}}\*$")


@dataclass(frozen=True, slots=True)
class Term:
    """A word, or words in order (a phrase), cleaned of any syntax.

    ``prefix``: the last word matches every word that begins with it.
    """

    text: str
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """A user's search as a tree, or the reason it cannot run.

    Every group must match, each by any of its terms (the words typed, their OR
    alternatives and synonyms); no ``exclude`` term may match. ``error`` is a plain
    sentence for the user (translated lazily); the tree is empty then.
    """

    groups: tuple[tuple[Term, ...], ...] = ()
    exclude: tuple[Term, ...] = ()
    error: str = ""

    @property
    def include(self) -> tuple[str, ...]:
        """The words and phrases to find, for highlighting and for echoing the search."""
        return tuple(term.text for group in self.groups for term in group)


def _strip_control(text: str) -> str:
    """Control, format and unassigned characters become spaces."""
    return "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text)


def _clean(text: str) -> str:
    return " ".join(_UNSAFE_RE.sub(" ", text).split())


def _clauses(text: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is "word", "prefix", "phrase", "and", "or" or "not".

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
            word = word.lstrip("+")
            clauses.append(("prefix" if _PREFIX_RE.search(word) else "word", word))
    return clauses


def _read_clauses(text: str, synonyms: SynonymTable) -> tuple[list[list[Term]], list[Term]]:
    """(OR-groups that must match, terms to leave out) of a query text.

    Clauses with nothing searchable in them (punctuation, stop words) are skipped, and an
    operator with nothing to work on is ignored. A prefix gets no synonyms: it names the
    start of a word, not a word.
    """
    groups: list[list[Term]] = []
    exclude: list[Term] = []
    negate = join_next = False
    for kind, value in _clauses(text):
        if kind in ("and", "or", "not"):
            negate = negate or kind == "not"
            join_next = kind == "or" and bool(groups)
            continue
        cleaned = _clean(value)
        if cleaned and norwegian_terms(cleaned):
            if kind == "prefix":
                alternatives = [Term(cleaned, prefix=True)]
            else:
                alternatives = [Term(text) for text in (cleaned, *synonyms.synonyms(cleaned))]
            if negate:
                exclude += alternatives
            elif join_next:
                groups[-1] += alternatives
            else:
                groups.append(alternatives)
        negate = join_next = False
    return groups, exclude


@cache
def _multiword_re(members: tuple[str, ...]) -> re.Pattern[str] | None:
    if not members:
        return None
    alternatives = "|".join(re.escape(member) for member in members)
    return re.compile(rf"(?<![\w\"])(?:{alternatives})(?![\w\"])", re.IGNORECASE)


def _quote_multiword_synonyms(text: str, synonyms: SynonymTable) -> str:
    """``kunstig intelligens`` typed as two words is quoted, so it also finds ``KI``.

    Only in queries without quotes of their own, which could be cut by new ones.
    """
    pattern = _multiword_re(synonyms.multiword)
    if '"' in text or pattern is None:
        return text
    return pattern.sub(lambda match: f'"{match.group()}"', text)


def parse_user_query(q: str | None) -> ParsedQuery:
    """Turn what a user typed into a query tree, or a message saying why not. Never raises."""
    text = " ".join(_strip_control(q or "").split())
    if not text:
        return ParsedQuery(error=ERROR_EMPTY)
    if len(text) > MAX_QUERY_CHARS:
        return ParsedQuery(error=ERROR_TOO_LONG)
    synonyms = synonym_table()  # once per search: it checks the table's version
    text = join_number_groups(_quote_multiword_synonyms(_QUOTES_RE.sub('"', text), synonyms))
    groups, exclude = _read_clauses(expand_coordinations(text), synonyms)
    if sum(map(len, groups)) + len(exclude) > MAX_QUERY_CLAUSES:
        return ParsedQuery(error=ERROR_TOO_MANY)
    if not groups:
        return ParsedQuery(error=ERROR_ONLY_EXCLUDED if exclude else ERROR_NOTHING_SEARCHABLE)
    return ParsedQuery(tuple(map(tuple, groups)), tuple(exclude))


def words_to_find(query: str | ParsedQuery) -> tuple[str, ...]:
    """The words and phrases a query wants found (not those it leaves out).

    Takes what the user typed, a ``ParsedQuery``, or the query string haystack hands a
    backend (field filters such as ``document:(x)`` are left out; no length limits apply).
    """
    if isinstance(query, ParsedQuery):
        return query.include
    text = " ".join(_strip_control(_FIELD_CLAUSE_RE.sub(" ", query)).split())
    groups, _ = _read_clauses(join_number_groups(expand_coordinations(text)), synonym_table())
    return tuple(term.text for group in groups for term in group)
