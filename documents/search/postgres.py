"""The PostgreSQL engine for haystack: the Norwegian analysis, searched inside the database.

The analysis runs in Python (``analysis``) at index and query time, exactly as for
Whoosh; PostgreSQL only stores and matches its output. Each searchable row becomes one
``IndexEntry`` whose ``tsvector`` holds the analysed lexemes with positions and weights
(configuration ``simple``, nothing is stemmed twice): A title, B headings, C body, D
compound parts (``beredskap`` at the place of ``helseberedskapen``). A query tree
(``query.ParsedQuery``) compiles to a ``tsquery``: ``&`` between groups, ``|`` between
alternatives, ``!`` for left-out terms, ``<N>`` between the words of a phrase (N = their
distance in the text, so a dropped stop word still counts), ``:*`` for a prefix.

One search is one SQL statement for a first page, whose cost follows the page: the
matches are found once, and from them the facet counts and the collapsed total (GROUP BY)
and the page's rows, ranked by ``ts_rank`` with the field weights, named kap/post and
vedtak rows first, repeats collapsed by a window over their fingerprint. A later page
counts and reads apart. Hits are built only for the rows shown;
an export streams every hit through a server-side cursor.

Entries are written in the transaction that changes the rows (``documents.indexing``),
so search never disagrees with the database and every app server sees the same index.

Plugging in::

    HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "documents.search.postgres.PostgresEngine"}}
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.db import ProgrammingError, connection, transaction
from haystack import connections as haystack_connections
from haystack.backends import BaseEngine, BaseSearchBackend, BaseSearchQuery
from haystack.exceptions import SkipDocument
from haystack.models import SearchResult

from .analysis import STOP_WORDS, compound_terms, stem, word_tokens
from .models import IndexEntry
from .query import ParsedQuery, Term, parse_user_query
from .service import Hit, NamedRows, SearchParams, budget_line_hits

# ts_rank's weights, in PostgreSQL's order {D, C, B, A}: a title counts three times
# the body (Whoosh's TITLE_BOOST), a compound part less than the word itself. (ts_rank_cd,
# which weighs how close the words stand, ranked the relevance set no better, MRR 0.936
# against 0.939, and took five times as long: 10 of 12 ms for "helse" at the seeds' size.)
RANK_WEIGHTS = (0.04, 0.1, 0.15, 0.3)
# 1: divide the rank by 1 + log(length), so a long chapter does not win by its size.
RANK_NORMALISATION = 1
# tsvector limits: positions above 16383 are stored as 16383, 256 positions per lexeme.
MAX_POSITION = 16_383
MAX_POSITIONS_PER_LEXEME = 256
# A write this large changes the table's statistics (a whole document, a rebuild).
ANALYZE_AFTER_ROWS = 2_000
# Rows fetched per round trip when an export streams every hit.
STREAM_CHUNK = 500

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------
# Analysis into a tsvector, queries into a tsquery
# --------------------------------------------------------------------------------------


def _quoted(lexeme: str) -> str:
    """A lexeme as tsvector/tsquery input writes it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _add_text(lexemes: dict[str, dict[int, str]], text: str, weight: str, start: int) -> int:
    """Add the words of ``text`` from position ``start``; return the next free position.

    Stop words keep their place (a phrase's distances count them) but store nothing; each
    word's compound parts go at the word's own position with weight D. The strongest
    weight wins a place: A, B, C, D from strongest to weakest, in letter order, so D only
    fills a place still empty.
    """
    tokens = word_tokens(text)
    position = start
    for token in tokens:
        if token.text not in STOP_WORDS:
            place = min(position, MAX_POSITION)
            whole, *parts = compound_terms(token.text)
            places = lexemes.setdefault(whole, {})
            held = places.get(place)
            if held is None or weight < held:
                places[place] = weight
            for part in parts:
                lexemes.setdefault(part, {}).setdefault(place, "D")
        position += 1
    return start + len(tokens) + 1


def entry_vector(*, title: str, headings: str, body: str) -> str:
    """tsvector input for one row: title (A), headings (B), body (C), compound parts (D)."""
    lexemes: dict[str, dict[int, str]] = {}
    position = 1
    for text, weight in ((title, "A"), (headings, "B"), (body, "C")):
        position = _add_text(lexemes, text or "", weight, position)
    # Places are added in increasing order, so each lexeme's are sorted already.
    return " ".join(
        _quoted(lexeme)
        + ":"
        + ",".join(
            [f"{place}{weight}" for place, weight in places.items()][:MAX_POSITIONS_PER_LEXEME]
        )
        for lexeme, places in sorted(lexemes.items())
    )


def _term_tsquery(term: Term) -> str | None:
    """A word, a phrase with its words' distances, or a prefix; None when only stop words."""
    tokens = word_tokens(term.text)
    kept = [
        (place, token.text) for place, token in enumerate(tokens) if token.text not in STOP_WORDS
    ]
    if not kept:
        return None
    pieces = []
    previous = None
    for index, (place, word) in enumerate(kept):
        last = index == len(kept) - 1
        lexeme = _quoted(word) + ":*" if term.prefix and last else _quoted(stem(word))
        pieces.append(lexeme if previous is None else f"<{place - previous}> {lexeme}")
        previous = place
    return "(" + " ".join(pieces) + ")" if len(pieces) > 1 else pieces[0]


def compile_tsquery(parsed: ParsedQuery) -> str:
    """tsquery input for a query tree: groups ANDed, alternatives ORed, left-out terms NOTed."""
    clauses = []
    for group in parsed.groups:
        alternatives = [query for term in group if (query := _term_tsquery(term))]
        if len(alternatives) == 1:
            clauses.append(alternatives[0])
        elif alternatives:
            clauses.append("(" + " | ".join(alternatives) + ")")
    for term in parsed.exclude:
        if query := _term_tsquery(term):
            clauses.append(f"!{query}")
    return " & ".join(clauses)


# --------------------------------------------------------------------------------------
# Searching
# --------------------------------------------------------------------------------------

TABLE = IndexEntry._meta.db_table
_ENTRY_FIELDS = [field for field in IndexEntry._meta.concrete_fields if field.name != "id"]
_ENTRY_PLACEHOLDERS = "(" + ", ".join(["%s"] * len(_ENTRY_FIELDS)) + ")"
# Literals in an INSERT's VALUES take their column's type (jsonb, tsvector).
_UPSERT = (
    f"INSERT INTO {TABLE} ({', '.join(field.column for field in _ENTRY_FIELDS)}) "
    "VALUES {values} ON CONFLICT (type, object_id) DO UPDATE SET "
    + ", ".join(
        f"{field.column} = EXCLUDED.{field.column}"
        for field in _ENTRY_FIELDS
        if field.name not in ("type", "object_id")
    )
)
(VECTOR_INDEX,) = (index.name for index in IndexEntry._meta.indexes)
# A row's repeat key: its fingerprint, or the row itself when it has none.
_REPEAT_KEY = "coalesce(nullif(e.fingerprint, ''), e.type || e.object_id::text)"
_ORDERS = {
    "relevance": "m.named DESC, m.score DESC, m.id",
    "newest": "m.date IS NULL, m.date DESC, m.named DESC, m.score DESC, m.id",
    "oldest": "m.date IS NULL, m.date ASC, m.named DESC, m.score DESC, m.id",
}
_HIT_COLUMNS = (
    "e.type, e.object_id, e.document, e.document_title, e.title, e.section_title, e.url, "
    "m.score, e.body, e.fingerprint, e.kap, e.post, e.number, e.date"
)


@dataclass(frozen=True)
class Matching:
    """The SQL that picks one search's entries: ``WHERE`` text and its parameters, plus the
    "named row" expression (a kap/post or vedtak number the query names)."""

    where: str
    params: tuple
    named: str
    named_params: tuple

    def cte(self, *, scored: bool = True) -> tuple[str, tuple]:
        """``m``: every match with its facet fields, score, named flag and repeat key.

        Counting needs no score: ``ts_rank`` reads every match's whole vector.
        """
        tsquery, *filters = self.params
        scored = scored and bool(tsquery)
        score = f"ts_rank(%s::float4[], e.vector, q.q, {RANK_NORMALISATION})" if scored else "0.0"
        weights = (list(RANK_WEIGHTS),) if scored else ()
        if not tsquery:  # filters only (haystack's SearchQuerySet().filter(...))
            source, text_match = TABLE + " e", "TRUE"
            params = (*weights, *self.named_params, *filters)
        else:
            source, text_match = f"{TABLE} e, (SELECT %s::tsquery AS q) q", "e.vector @@ q.q"
            params = (*weights, *self.named_params, tsquery, *filters)
        sql = (
            "m AS (SELECT e.id, e.type, e.kind, e.document, e.year, e.tags, e.date, "
            f"{score} AS score, ({self.named}) AS named, {_REPEAT_KEY} AS repeat_key "
            f"FROM {source} WHERE {text_match} AND {self.where})"
        )
        return sql, params


def matching(tsquery: str, filters, named_lines, named_numbers) -> Matching:
    """The WHERE clause for a tsquery and the service's filters (``service.SearchFilters``)."""
    where, params = ["TRUE"], []
    for column in ("type", "kind", "document"):
        value = getattr(filters, column)
        if value:
            where.append(f"e.{column} = %s")
            params.append(value)
    if filters.year is not None:
        where.append("e.year = %s")
        params.append(filters.year)
    if filters.tags:
        where.append("e.tags @> %s::jsonb")
        params.append(json.dumps([filters.tags]))
    if filters.date_from:
        where.append("e.date >= %s")
        params.append(filters.date_from)
    if filters.date_to:
        where.append("e.date <= %s")
        params.append(filters.date_to)
    named, named_params = ["FALSE"], []
    for kap, post in sorted(named_lines, key=str):
        if post is None:
            named.append("(e.type = 'budgetline' AND e.kap = %s)")
            named_params.append(kap)
        else:
            named.append("(e.type = 'budgetline' AND e.kap = %s AND e.post = %s)")
            named_params += [kap, post]
    if named_numbers:
        named.append("(e.type = 'decision' AND e.number = ANY(%s))")
        named_params.append(sorted(named_numbers))
    # The tsquery parameter sits between the named expression's and the filters' ones.
    return Matching(
        " AND ".join(where), (tsquery, *params), " OR ".join(named), tuple(named_params)
    )


@dataclass
class PostgresHits(Sequence):
    """The collapsed hits of one search in the order shown, read a page at a time.

    ``len()`` is the collapsed total (counted with the facets); slicing runs one query for
    the rows asked for (and one more for their "also in" repeats); iterating streams every
    hit through a server-side cursor. ``first`` are rows put before all others (named
    budget posts the words did not find).
    """

    matching: Matching
    total: int
    sort: str
    make_hit: Callable[[tuple], Hit]
    first: list = field(default_factory=list)
    #: The leading rows (``_HIT_COLUMNS`` and copies), read with the facet counts.
    leading: list[tuple] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.first) + self.total

    def __getitem__(self, index):
        if isinstance(index, int):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        hits = self.first[start:stop]
        offset = max(0, start - len(self.first))
        limit = stop - max(start, len(self.first))
        if limit > 0:
            hits += self._page(offset, limit)
        for rank, hit in enumerate(hits, start=start + 1):
            hit.rank = rank
        return hits

    def __iter__(self) -> Iterator:
        rank = 0
        for hit in self.first:
            rank += 1
            hit.rank = rank
            yield hit
        sql, params = self._sql()
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(STREAM_CHUNK):
                for row in rows:
                    rank += 1
                    hit = self.make_hit(row[:-1])
                    hit.rank = rank
                    yield hit

    def _sql(self, *, limit: int | None = None, offset: int = 0) -> tuple[str, tuple]:
        """The shown rows in order: the first of each repeat key, its number of copies."""
        cte, params = self.matching.cte()
        page = ""
        if limit is not None:
            page = " LIMIT %s OFFSET %s"
            params = (*params, limit, offset)
        order = _ORDERS[self.sort]
        sql = (
            f"WITH {cte}, {_shown(order, page)} "
            f"SELECT {_HIT_COLUMNS}, m.copies FROM shown m JOIN {TABLE} e ON e.id = m.id "
            f"ORDER BY {order}"
        )
        return sql, params

    def _page(self, offset: int, limit: int) -> list:
        if offset == 0 and (limit <= len(self.leading) or len(self.leading) == self.total):
            rows = self.leading[:limit]
        else:
            sql, params = self._sql(limit=limit, offset=offset)
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                rows = cursor.fetchall()
        hits = [self.make_hit(row[:-1]) for row in rows]
        repeated = {
            hit.fingerprint: hit for hit, row in zip(hits, rows, strict=True) if row[-1] > 1
        }
        if repeated:
            self._add_repeats(repeated)
        return hits

    def _add_repeats(self, kept: dict) -> None:
        """Fill ``also_in`` of the page's hits whose paragraph recurs elsewhere."""
        cte, params = self.matching.cte()
        sql = (
            f"WITH {cte} SELECT {_HIT_COLUMNS} FROM m JOIN {TABLE} e ON e.id = m.id "
            "WHERE e.fingerprint = ANY(%s) ORDER BY m.named DESC, m.score DESC, m.id"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, (*params, list(kept)))
            rows = cursor.fetchall()
        for row in rows:
            hit = self.make_hit(row)
            first = kept[hit.fingerprint]
            if (hit.type, hit.id) != (first.type, first.id):
                first.also_in.append(hit)


def _shown(order: str, page: str = "") -> str:
    """``c`` (every match with its place among its repeats and their number) and
    ``shown`` (the first of each repeat key, in ``order``, cut to ``page``).

    The page is cut before the wide columns are joined: joining every match first (the
    planner expects few) read all 2,652 rows of "helse" for a page of 20.
    """
    return (
        "c AS (SELECT m.*, row_number() OVER (PARTITION BY m.repeat_key "
        "ORDER BY m.named DESC, m.score DESC, m.id) AS nth, count(*) OVER "
        "(PARTITION BY m.repeat_key) AS copies FROM m), "
        f"shown AS (SELECT * FROM c m WHERE m.nth = 1 ORDER BY {order}{page})"
    )


# The leading rows in relevance order are looked for among this many times as many of the
# best matches (``_leading_by_relevance``).
LEADING_PREFIX = 4


def _leading_by_relevance() -> str:
    """``shown`` cut to a page (the LIMIT's two parameters: the matches looked at and
    the page), for relevance order, without ranking every match among its repeats.

    In relevance order the row shown for a repeat key is its first match, so the first
    rows shown are the first of their keys among the best matches; ranking every match
    within its key (``_shown``) sorted all of them, a third of a common word's search on
    a large collection. Fewer rows than the page come out only when those best matches
    repeat each other that much; the page is then read with ``_shown``
    (``PostgresHits._page``)."""
    order = _ORDERS["relevance"]
    return (
        f"best AS (SELECT * FROM m ORDER BY {order} LIMIT %s), "
        "c AS (SELECT m.*, row_number() OVER (PARTITION BY m.repeat_key "
        f"ORDER BY {order}) AS nth FROM best m), "
        f"firsts AS (SELECT * FROM c m WHERE m.nth = 1 ORDER BY {order} LIMIT %s), "
        "copies AS (SELECT m.repeat_key, count(*) AS copies FROM m "
        "WHERE m.repeat_key IN (SELECT repeat_key FROM firsts) GROUP BY m.repeat_key), "
        "shown AS (SELECT firsts.*, copies.copies FROM firsts JOIN copies USING (repeat_key))"
    )


def _counting(facets: Sequence[str]) -> str:
    """(facet, value, count) rows over ``m``, and ("total", NULL, the collapsed total) and
    ("named", NULL, the named rows found)."""
    columns = {"type": "m.type", "kind": "m.kind", "document": "m.document"}
    branches = [
        f"SELECT '{name}', {columns[name]}, count(*) FROM m GROUP BY {columns[name]}"
        for name in facets
        if name in columns
    ]
    if "year" in facets:  # grouped by the number, so only the groups are cast
        branches.append("SELECT 'year', m.year::text, count(*) FROM m GROUP BY m.year")
    if "tags" in facets:
        branches.append(
            "SELECT 'tags', t.tag, count(*) FROM m, jsonb_array_elements_text(m.tags) AS t(tag) "
            "WHERE m.tags <> '[]'::jsonb GROUP BY t.tag"
        )
    branches.append(
        # DISTINCT in a subquery hashes; count(DISTINCT ...) sorts every key.
        "SELECT 'total', NULL, count(*) FROM (SELECT DISTINCT repeat_key FROM m) AS keys "
        "UNION ALL SELECT 'named', NULL, count(*) FROM m WHERE m.named"
    )
    return " UNION ALL ".join(branches)


def _read_counts(rows: Iterable, facets: Sequence[str]) -> tuple[dict, int, int]:
    counts: dict[str, list[tuple[str, int]]] = {name: [] for name in facets}
    total = named = 0
    for name, value, count in rows:
        if name == "total":
            total = count
        elif name == "named":
            named = count
        elif value not in (None, ""):
            counts[name].append((value, count))
    for name, values in counts.items():
        if name == "year":
            values.sort(reverse=True)
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
    return counts, total, named


def facet_counts(matching: Matching, facets: Sequence[str]) -> tuple[dict, int, int]:
    """(counts per facet value, collapsed total, named rows) in one pass over the matches."""
    cte, params = matching.cte(scored=False)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH {cte} {_counting(facets)}", params)
        return _read_counts(cursor.fetchall(), facets)


def counts_and_leading_rows(
    matching: Matching, facets: Sequence[str], sort: str, limit: int
) -> tuple[dict, int, int, list[tuple]]:
    """``facet_counts`` and the first ``limit`` shown rows, in one statement.

    A search page needs both, and each statement finds the matches again: on a large
    collection that is most of a search's time (the words' index, then every match's
    row). One statement plans and finds them once.
    """
    cte, params = matching.cte()
    order = _ORDERS[sort]
    if sort == "relevance":
        shown, shown_params = _leading_by_relevance(), (limit * LEADING_PREFIX, limit)
    else:
        shown, shown_params = _shown(order, " LIMIT %s"), (limit,)
    sql = (
        f"WITH {cte}, {shown}, "
        "counts AS (SELECT json_agg(json_build_array(facet, value, n)) AS counts "
        f"FROM ({_counting(facets)}) AS counted(facet, value, n)) "
        "SELECT counts.counts, page.* FROM counts LEFT JOIN LATERAL "
        f"(SELECT {_HIT_COLUMNS}, m.copies, row_number() OVER (ORDER BY {order}) AS place "
        f"FROM shown m JOIN {TABLE} e ON e.id = m.id) AS page ON TRUE ORDER BY page.place"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, *shown_params))
        rows = cursor.fetchall()
    counts, total, named = _read_counts(rows[0][0], facets)
    leading = [row[1:-1] for row in rows if row[-1] is not None]
    return counts, total, named, leading


# --------------------------------------------------------------------------------------
# haystack backend and engine
# --------------------------------------------------------------------------------------


class PostgresSearchBackend(BaseSearchBackend):
    """haystack's backend API over the ``IndexEntry`` table, plus ``find`` for the service."""

    # The index lives in the database: written in the data's own transaction.
    writes_in_transaction = True

    @cached_property
    def _types(self) -> dict[str, str]:
        """haystack's model label ("documents.document") -> search type ("news")."""
        unified = haystack_connections[self.connection_alias].get_unified_index()
        return {
            model._meta.label_lower: index.TYPE for model, index in unified.get_indexes().items()
        }

    def update(self, index, iterable, commit=True) -> None:
        self.update_many([(index, iterable)])

    def update_many(self, batches, *, remove: Iterable[str] = ()) -> int:
        """Write the entries of several (search index, rows) batches and remove others,
        in the caller's transaction. Returns the number of entries written."""
        written = 0
        with transaction.atomic():
            self.remove_many(remove)
            for index, rows in batches:
                entries = []
                for row in rows:
                    try:
                        entries.append(self._entry_values(index, row))
                    except SkipDocument:
                        continue
                    if len(entries) >= STREAM_CHUNK:
                        written += self._write(entries)
                        entries = []
                written += self._write(entries)
            if written >= ANALYZE_AFTER_ROWS:
                # Fresh statistics, so the planner knows how common a word is (index or scan).
                with connection.cursor() as cursor:
                    cursor.execute(f"ANALYZE {TABLE}")
            if written:
                merge_pending_entries()
        return written

    def _entry(self, index, row) -> IndexEntry:
        """The entry a row is written as (``check_index`` compares it with the table's)."""
        return IndexEntry(**self._entry_values(index, row))

    def _entry_values(self, index, row) -> dict:
        """An entry's values by field name."""
        prepared = index.full_prepare(row)
        title = prepared.get("title") or ""
        headings = prepared.get("section_title") or ""
        body = prepared.get("text") or ""
        return {
            "type": prepared["type"],
            "object_id": row.pk,
            "document": prepared.get("document") or "",
            "kind": prepared.get("kind") or "",
            "year": prepared.get("year"),
            "date": index.date_of(row),
            "tags": list(prepared.get("tags") or []),
            "title": title,
            "document_title": prepared.get("document_title") or "",
            "section_title": headings,
            "url": prepared.get("url") or "",
            "body": body,
            "fingerprint": prepared.get("fingerprint") or "",
            "kap": prepared.get("kap"),
            "post": prepared.get("post"),
            "number": prepared.get("number") or "",
            "vector": entry_vector(title=title, headings=headings, body=body),
        }

    @staticmethod
    def _write(entries: list[dict]) -> int:
        """Insert or replace entries, many to a statement: ``bulk_create``, with a model
        instance per entry, took five times as long (0.58 s against 0.12 s of CPU for the
        seeds' 3,639 entries)."""
        if entries:
            values = ", ".join([_ENTRY_PLACEHOLDERS] * len(entries))
            with connection.cursor() as cursor:
                cursor.execute(
                    _UPSERT.format(values=values),
                    [
                        json.dumps(entry["tags"]) if field.name == "tags" else entry[field.name]
                        for entry in entries
                        for field in _ENTRY_FIELDS
                    ],
                )
        return len(entries)

    def _split(self, identifier: str) -> tuple[str, int] | None:
        label, _, pk = identifier.rpartition(".")
        kind = self._types.get(label)
        return (kind, int(pk)) if kind and pk.isdigit() else None

    def remove(self, obj_or_string, commit=True) -> None:
        from haystack.utils import get_identifier

        self.remove_many([get_identifier(obj_or_string)])

    def remove_many(self, identifiers: Iterable[str]) -> None:
        by_type: dict[str, list[int]] = {}
        for identifier in identifiers:
            if split := self._split(identifier):
                by_type.setdefault(split[0], []).append(split[1])
        for kind, pks in by_type.items():
            IndexEntry.objects.filter(type=kind, object_id__in=pks).delete()

    def clear(self, models=None, commit=True) -> None:
        entries = IndexEntry.objects.all()
        if models:
            types = [self._types.get(model._meta.label_lower) for model in models]
            entries = entries.filter(type__in=types)
        entries.delete()

    def indexed_identifiers(self) -> set[str]:
        """Every entry's identifier ("documents.section.12"), to compare with the database."""
        labels = {kind: label for label, kind in self._types.items()}
        return {
            f"{labels[kind]}.{pk}"
            for kind, pk in IndexEntry.objects.values_list("type", "object_id").iterator(
                chunk_size=5000
            )
            if kind in labels
        }

    def search(self, query_string, **kwargs):
        """haystack's search API, for ``SearchQuerySet`` users: ``field:"value"`` filters
        (type, kind, document, year) and words, ranked; Helsedocs itself calls ``find``."""
        filters = dict(_FILTER_RE.findall(query_string))
        text = _FILTER_RE.sub(" ", query_string).replace("content:", " ").strip(" ()*:")
        parsed = parse_user_query(text) if text else ParsedQuery()
        if parsed.error:
            return {"results": [], "hits": 0}
        year = filters.pop("year", None)
        params = SearchParams(year=int(year) if year and year.isdigit() else None, **filters)
        match = matching(compile_tsquery(parsed), params, (), ())
        start, end = kwargs.get("start_offset", 0), kwargs.get("end_offset")
        counts, total, _named = facet_counts(match, ())
        hits = PostgresHits(match, total=total, sort="relevance", make_hit=_hit)
        labels = {kind: label for label, kind in self._types.items()}
        results = []
        for hit in hits[start:end]:
            app_label, model_name = labels[hit.type].split(".")
            results.append(SearchResult(app_label, model_name, hit.id, hit.score, title=hit.title))
        return {"results": results, "hits": len(hits)}

    def find(
        self, parsed: ParsedQuery, params: SearchParams, named: NamedRows, facets, *, leading=0
    ):
        """Facet counts and the lazily read, collapsed hits of one search (``service``);
        the first ``leading`` hits are read with the counts."""
        match = matching(compile_tsquery(parsed), params, named.lines, named.numbers)
        rows = []
        if leading:
            counts, total, named_found, rows = counts_and_leading_rows(
                match, facets, params.sort, leading
            )
        else:
            counts, total, named_found = facet_counts(match, facets)
        hits = PostgresHits(match, total=total, sort=params.sort, make_hit=_hit, leading=rows)
        if not named_found and named.lines and params.type in ("", "budgetline"):
            # A named post the words did not find ("732.70") is fetched by its numbers.
            hits.first = budget_line_hits(named.lines, params)
        return counts, hits


def merge_pending_entries() -> None:
    """Move the GIN index's pending list into the index proper.

    GIN gathers new entries in a pending list (merged only when it outgrows 4 MB or at
    vacuum) that every search reads through row by row: after the seeds were ingested,
    a search for "BPA" took 15 ms on the list and 0.2 ms without it. Merging right after
    each write keeps the insertions batched and searches on the index. Only the index's
    owner may merge (the user that ran the migrations); for another, autovacuum does it.
    """
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [VECTOR_INDEX])
    except ProgrammingError as error:
        logger.warning("the search index's pending entries stay for autovacuum: %s", error)


def _hit(row: tuple) -> Hit:
    """A hit from ``_HIT_COLUMNS``."""
    kind, pk, document, document_title, title, section_title, url, score, body = row[:9]
    fingerprint, kap, post, number, day = row[9:]
    return Hit(
        type=kind,
        id=pk,
        document=document,
        document_title=document_title,
        title=title,
        section_title=section_title,
        url=url,
        score=float(score),
        text=body,
        fingerprint=fingerprint,
        kap=kap,
        post=post,
        number=number,
        date=day,
    )


# haystack's filters as ``PostgresSearchQuery`` writes them: document:"prop-1-s-2024-2025"
_FILTER_RE = re.compile(r'\b(type|kind|document|year):"([a-z0-9_-]{1,120})"')


class PostgresSearchQuery(BaseSearchQuery):
    """haystack's query builder: ``field:"value"`` for the filter fields, words otherwise."""

    def build_query_fragment(self, field, filter_type, value):
        value = value.prepare(self) if hasattr(value, "prepare") else value
        if field in ("type", "kind", "document", "year"):
            return f'{field}:"{value}"'
        return str(value)


class PostgresEngine(BaseEngine):
    """Put ``documents.search.postgres.PostgresEngine`` in HAYSTACK_CONNECTIONS."""

    backend = PostgresSearchBackend
    query = PostgresSearchQuery
