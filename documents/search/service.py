"""Reads for /search/: request parameters in, ranked and collapsed hits with facets out.

The query itself is made safe by ``query.parse_user_query``; the engine (``whoosh`` or
``postgres``) finds the hits, counts the facets and collapses repeated paragraphs into one
hit ("also in ..."); this module adds the filters' checks, the snippets of the page
shown and the "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from django.db.models import Q
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from haystack import connections

from ..models import Document, Tag
from ..params import whole_number
from .analysis import lexicon
from .highlight import highlight_terms, highlight_terms_in
from .query import parse_user_query

TYPES = ("section", "measure", "decision", "budgetline", "news")
TYPE_LABELS = (
    ("section", _lazy("section")),
    ("measure", _lazy("measure")),
    ("decision", _lazy("decision")),
    ("budgetline", _lazy("budget line")),
    ("news", _lazy("news item")),
)
FACETS = ("type", "kind", "document", "year", "tags")
SNIPPET_CHARS = 260
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")


SORTS = ("relevance", "newest", "oldest")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


@dataclass(frozen=True, slots=True)
class SearchParams:
    q: str = ""
    type: str = ""
    kind: str = ""
    document: str = ""
    year: int | None = None
    tags: str = ""
    date_from: date | None = None  # ``from``: by the document's date, inclusive
    date_to: date | None = None  # ``to``
    sort: str = "relevance"

    def state(self) -> dict[str, str]:
        """The parameters besides ``q`` and the facets, as the URL writes them."""
        values = {
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "sort": "" if self.sort == "relevance" else self.sort,
        }
        return {name: value for name, value in values.items() if value}

    def filters(self) -> dict[str, str | int]:
        return {
            name: value
            for name, value in (
                ("type", self.type),
                ("kind", self.kind),
                ("document", self.document),
                ("year", self.year),
                ("tags", self.tags),
            )
            if value not in ("", None)
        }


def read_params(query: Mapping[str, str]) -> tuple[SearchParams, list[str]]:
    """The search parameters, and plain messages for the malformed ones."""
    errors = []
    year_text = (query.get("year") or "").strip()
    year = None
    if year_text:
        if len(year_text) == 4 and whole_number(year_text) is not None:
            year = int(year_text)
        else:
            errors.append(_("year: write a year such as 2024."))
    dates = {}
    for name in ("from", "to"):
        text = (query.get(name) or "").strip()
        dates[name] = _iso_date(text) if text else None
        if text and dates[name] is None:
            errors.append(_("%(name)s: write a date such as 2024-01-31.") % {"name": name})
    sort = (query.get("sort") or "relevance").strip()
    if sort not in SORTS:
        errors.append(_("sort: use relevance, newest or oldest."))
    params = SearchParams(
        q=query.get("q", ""),
        type=(query.get("type") or "").strip(),
        kind=(query.get("kind") or "").strip(),
        document=(query.get("document") or "").strip(),
        year=year,
        tags=(query.get("tags") or "").strip(),
        date_from=dates["from"],
        date_to=dates["to"],
        sort=sort if sort in SORTS else "relevance",
    )
    return params, errors


def _iso_date(text: str) -> date | None:
    """A date written YYYY-MM-DD in ASCII digits, else None."""
    try:
        return date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
    except ValueError:  # 2024-02-30
        return None


@dataclass
class Hit:
    """One row found: what the result list, the CSV and the JSON show."""

    type: str
    id: int
    document: str
    document_title: str
    title: str
    section_title: str
    url: str
    score: float
    text: str
    fingerprint: str
    kap: int | None = None
    post: int | None = None
    number: str = ""
    rank: int = 0
    date: date | None = None  # the document's date (a news item's publication day)
    snippet: str = ""  # safe HTML with <mark>s, for the page shown only
    excerpt: str = ""  # plain text around the first match, for exports
    also_in: list[Hit] = field(default_factory=list)

    @property
    def type_label(self) -> str:
        return str(dict(TYPE_LABELS).get(self.type, self.type))

    @property
    def snippet_text(self) -> str:
        if self.excerpt:
            return self.excerpt
        return strip_tags(self.snippet) if self.snippet else self.text[:SNIPPET_CHARS]


@dataclass
class SearchOutcome:
    params: SearchParams
    hits: Sequence[Hit] = field(default_factory=list)  # a page's slice builds only its hits
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    error: str = ""
    suggestion: str = ""
    terms: frozenset[str] = frozenset()

    def with_snippets(self) -> Iterator[Hit]:
        """Every hit in rank order with a plain excerpt, each built as it is read: an
        export streams them without holding the result set.

        An export's cell holds no marks, so its excerpt is the text around the first
        place a term's stem occurs, found without the word-by-word analysis that marking
        needs (which would make an export of thousands of hits fifty times slower).
        """
        for hit in self.hits:
            hit.excerpt = excerpt(hit.text, self.terms)
            yield hit

    def add_snippets(self, hits: list[Hit]) -> None:
        """Highlighted snippets for ``hits`` (the page shown, or every hit of an export)."""
        for hit in hits:
            if not hit.snippet:
                hit.snippet = highlight_terms_in(
                    near_first_match(hit.text, self.terms), self.terms, size=SNIPPET_CHARS
                )


def word_start_before_first_match(text: str, terms: frozenset[str], lead: int) -> int:
    """Where the word starts that stands about ``lead`` characters before the first place
    a term's stem occurs (0 when none does: a nynorsk form, a compound part)."""
    found = first_stem_at(text, _stems(terms))
    start = max(0, found - lead) if found >= 0 else 0
    return text.rfind(" ", 0, start) + 1 if start else 0


@lru_cache(maxsize=64)
def _stems(terms: frozenset[str]) -> tuple[str, ...]:
    """What is looked for of each term: its first six letters (a stem's inflected forms
    and compounds start with them)."""
    return tuple(term[:6] for term in terms)


# The lower-cased text is searched a stretch at a time: the first match is mostly near the
# start, and a budget chapter's section runs to tens of thousands of characters.
LOWER_STRETCH = 1024


def first_stem_at(text: str, stems: tuple[str, ...]) -> int:
    """Where in ``text`` the first of ``stems`` occurs, case aside (as found in
    ``text.lower()``), or -1.

    ``str.lower`` maps each character to one character by itself but for two: "İ" becomes
    two characters and "Σ" depends on the letters around it; a text with either is
    lower-cased whole, so positions are those of ``text.lower()`` in every case.
    """
    if not stems:
        return -1
    if "\u0130" in text or "\u03a3" in text:
        lowered = text.lower()
        found = [position for stem in stems if (position := lowered.find(stem)) >= 0]
        return min(found) if found else -1
    overlap = max(map(len, stems)) - 1
    for at in range(0, len(text) or 1, LOWER_STRETCH):
        lowered = text[at : at + LOWER_STRETCH + overlap].lower()
        # Only matches that start in this stretch: a later one may start before a match
        # of another stem that runs past the overlap.
        found = [
            position
            for stem in stems
            if (position := lowered.find(stem, 0, LOWER_STRETCH - 1 + len(stem))) >= 0
        ]
        if found:
            return at + min(found)
    return -1


def near_first_match(
    text: str, terms: frozenset[str], *, before: int = 120, after: int = 480
) -> str:
    """The stretch of a long text around the first place a term's stem occurs.

    Highlighting analyses every word it is given; a budget chapter's section runs to
    tens of thousands of characters, so only the stretch that can hold the snippet is
    analysed. A stem found nowhere (a nynorsk form, a compound part) keeps the start.
    """
    if len(text) <= before + after:
        return text
    start = word_start_before_first_match(text, terms, before)
    return text[start : start + before + after]


# Context shown before the first match of an excerpt (as highlight shows it).
EXCERPT_LEAD = 40
_NON_SPACE = re.compile(r"\S")  # ``\s`` is what ``str.isspace``, ``strip`` and ``split`` see


def excerpt(text: str, terms: frozenset[str], *, size: int = SNIPPET_CHARS) -> str:
    """About ``size`` characters of ``text`` from just before the first place a term's
    stem occurs (else from the start), cut at spaces, a cut shown with "…"."""
    start = word_start_before_first_match(text, terms, EXCERPT_LEAD)
    end = min(len(text), start + size)
    cut = _NON_SPACE.search(text, end) is not None  # more than spaces after the end
    if cut:
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    flat = " ".join(text[start:end].split())  # runs of spaces as one, none at the ends
    before = "… " if start and _NON_SPACE.search(text, 0, start) else ""
    return before + flat + (" …" if cut else "")


def valid_filters(params: SearchParams) -> bool:
    """Only values of the vocabulary's shape reach an engine (an unknown one matches nothing)."""
    return all(
        name == "year" or re.fullmatch(r"[a-z0-9_-]{1,120}", str(value))
        for name, value in params.filters().items()
    ) and (not params.document or bool(_SLUG.match(params.document)))


def search(params: SearchParams, *, leading: int = 0) -> SearchOutcome:
    """Hits in rank order, repeats collapsed, with facet counts; or a plain error.

    The engine (``connections["default"]``'s backend) finds the rows: ``find`` returns
    the facet counts and the hits as a sequence whose ``len()`` is their number and whose
    slices (a page) or iteration (an export) build only the hits asked for. ``leading``:
    the number of first hits the caller will show, which an engine may read at once.
    """
    outcome = SearchOutcome(params=params)
    parsed = parse_user_query(params.q)
    if parsed.error:
        outcome.error = str(parsed.error)  # in the request's language
        return outcome
    outcome.terms = highlight_terms(parsed)
    if valid_filters(params):
        backend = connections["default"].get_backend()
        outcome.facets, outcome.hits = backend.find(
            parsed, params, NamedRows.of(params.q), FACETS, leading=leading
        )
    else:
        outcome.facets = {name: [] for name in FACETS}
    if not outcome.hits:
        outcome.suggestion = did_you_mean(params.q)
    return outcome


def documents_dated(params: SearchParams) -> list[str]:
    """Slugs of the visible documents dated inside ``from``/``to``."""
    documents = Document.objects.visible().exclude(published=None)
    if params.date_from:
        documents = documents.filter(published__gte=params.date_from)
    if params.date_to:
        documents = documents.filter(published__lte=params.date_to)
    return list(documents.values_list("slug", flat=True))


# "kap. 732 post 70", "kap 732, post 70", "732.70"; "vedtak nr. 66", "anmodningsvedtak 626"
_KAP_POST = re.compile(
    r"\bkap(?:ittel)?\.?\s*(\d{3,4})(?:\s*,?\s*post(?:ene)?\s*(\d{1,2}))?|\b(\d{3,4})\.(\d{2})\b",
    re.I,
)
_VEDTAK = re.compile(r"\bvedtak(?:\s+nr\.?)?\s*(\d{1,4})\b", re.I)


@dataclass(frozen=True)
class NamedRows:
    """The budget posts (kap, post; post None for a whole chapter) and vedtak numbers a
    query names: those rows come first."""

    lines: frozenset[tuple[int, int | None]] = frozenset()
    numbers: frozenset[str] = frozenset()

    @classmethod
    def of(cls, q: str) -> NamedRows:
        return cls(
            frozenset(named_budget_lines(q)),
            frozenset(match.group(1) for match in _VEDTAK.finditer(q)),
        )


def named_budget_lines(q: str) -> set[tuple[int, int | None]]:
    """The (kap, post) pairs a query names; post None for a whole chapter."""
    named = set()
    for match in _KAP_POST.finditer(q):
        kap, post = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        )
        named.add((int(kap), int(post) if post else None))
    return named


def budget_line_hits(wanted: set[tuple[int, int | None]], params: SearchParams | None) -> list[Hit]:
    from ..search_indexes import BudgetLineIndex

    condition = Q()
    for kap, post in wanted:
        condition |= Q(kap=kap) if post is None else Q(kap=kap, post=post)
    lines = (
        BudgetLineIndex()
        .index_queryset()
        .filter(condition)
        .order_by("document__slug", "kap", "post")
    )
    if params is not None:
        if params.document:
            lines = lines.filter(document__slug=params.document)
        if params.year:
            lines = lines.filter(document__year=params.year)
        if params.kind:
            lines = lines.filter(document__kind=params.kind)
    title_of = BudgetLineIndex().title_of
    return [
        Hit(
            type="budgetline",
            id=line.pk,
            document=line.document.slug,
            document_title=line.document.title,
            title=title_of(line),
            section_title=line.section.title if line.section_id else "",
            url=line.get_absolute_url(),
            score=0.0,
            text=f"{line.kap_title} {line.post_title}",
            fingerprint="",
            kap=line.kap,
            post=line.post,
        )
        for line in lines[:50]
    ]


# Short words ("vil", "og") are function words or abbreviations: never "corrected".
MIN_CORRECTED_LENGTH = 4


@lru_cache(maxsize=4)
def _vocabulary(key: str) -> tuple[str, ...]:
    """Words seen at least twice in the lexicon in use, named by its ``key`` (the seeds'
    and those of what is ingested, documents.search.vocabulary): the candidates for "did
    you mean"."""
    return tuple(word for word, count in lexicon().counts.items() if count >= 2 and len(word) > 2)


def did_you_mean(q: str) -> str:
    """The query with each unknown word replaced by the closest corpus word, or "".

    The words are this thread's lexicon's: each request takes the published one
    (``vocabulary.activate``, helsedocs.middleware).
    """
    vocabulary = _vocabulary(lexicon().key)
    known = set(vocabulary)
    words = re.findall(r"\w+", q.lower())
    suggested = []
    for word in words[:12]:
        if word in known or word.isdigit() or len(word) < MIN_CORRECTED_LENGTH:
            suggested.append(word)
            continue
        close = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        suggested.append(close[0] if close else word)
    suggestion = " ".join(suggested)
    return suggestion if suggested and suggestion != " ".join(words) else ""


# The 400 news items are documents of their own: a facet shows its largest few.
FACET_LIMIT = 10


def facet_links(query, facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[dict]]:
    """For each facet value: its count, whether it is chosen, and the URL that toggles it."""
    tags = [value for value, _count in facets.get("tags", [])]
    labels = {
        "type": dict(TYPE_LABELS),
        "kind": dict(Document.Kind.choices),
        "tags": dict(Tag.objects.filter(slug__in=tags).values_list("slug", "name")) if tags else {},
    }
    slugs = {value for value, _count in facets.get("document", [])}
    titles, news = {}, set()
    documents = Document.objects.filter(slug__in=slugs).values_list("slug", "title", "kind")
    for slug, title, kind in documents:
        titles[slug] = title
        if kind == Document.Kind.NEWS:
            news.add(slug)
    # The large documents apart from the single news items (each a document of its own).
    groups = {}
    for name, values in facets.items():
        if name == "document":
            groups["document"] = [value for value in values if value[0] not in news]
            groups["news_item"] = [value for value in values if value[0] in news]
        else:
            groups[name] = values
    # The query's parameters as lists: a QueryDict copy per link cost more than the rest.
    kept = {name: values for name, values in query.lists() if name != "page"}
    links = {}
    for name, values in groups.items():
        entries = []
        parameter = "document" if name == "news_item" else name
        chosen_value = query.get(parameter)
        # The 400 news items are documents of their own: show the largest few.
        shown = values[:FACET_LIMIT] + [v for v in values[FACET_LIMIT:] if v[0] == chosen_value]
        for value, count in shown:
            chosen = chosen_value == value
            toggled = dict(kept)
            if chosen:
                toggled.pop(parameter, None)
            else:
                toggled[parameter] = [value]
            label = labels.get(name, {}).get(value) or titles.get(value) or value
            entries.append(
                {
                    "value": value,
                    "label": label,
                    "count": count,
                    "chosen": chosen,
                    "url": "?" + urlencode(toggled, doseq=True),
                }
            )
        links[name] = entries
    return links
