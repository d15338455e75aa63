"""Snippets with the matched words marked, by the project's own Norwegian analysis.

Both engines use it (the stock Whoosh highlighter analyses English, PostgreSQL's
``ts_headline`` knows neither the nynorsk mapping nor compound parts). A word is marked
when its stem, or one of its compound parts, is a term the query looks for, so the
surface form is marked: "Fastlegane" for "fastlegen", "Helseberedskapen" for "beredskap".
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import norwegian_terms, spans_of_terms
from .query import ParsedQuery, words_to_find

HIGHLIGHT_CHARS = 240
HIGHLIGHT_TAG = "mark"
# Context shown before the first match of a cut-out snippet.
_LEAD_CHARS = 40
_SPACE_RE = re.compile(r"\s+")


def highlight_terms(query: str | ParsedQuery) -> frozenset[str]:
    """Main-field terms of the words a query wants found (not those it excludes).

    Takes what the user typed, a ``ParsedQuery``, or the query string haystack hands a
    backend.
    """
    return frozenset(term for words in words_to_find(query) for term in norwegian_terms(words))


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
    spans = spans_of_terms(text, terms)
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
