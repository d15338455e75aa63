"""Measuring search quality: a relevance test set, its expected rows, and the scores.

The set (``tests/search/relevance.toml``) lists queries with the rows a good search must
rank in the top 5, named by natural descriptors (``{type = "budgetline", document =
"prop-1-s-2024-2025", kap = 732, post = 70}``) rather than database ids, so it survives a
re-ingest. ``resolve`` turns each descriptor into row keys and fails loudly when one
matches nothing (or, unless it says ``many = true``, more than one row): a set that
silently loses an expected row would flatter every engine.

A ranking function takes a query and returns ``RankedHit``s, best first. Each hit holds
the row keys it stands for: Helsedocs collapses repeated paragraphs into one hit with
"also in ..." rows, and a hit counts as relevant when any of its rows is expected.

Scores:

* recall@5: the share of queries with at least one expected row among the first 5 hits;
* MRR: the mean over queries of 1 / rank of the first expected hit, 0 when none comes
  within the first ``DEPTH`` hits.

Besides Helsedocs (``documents.search.service.search``) two baselines run in the same process over
the same rows: haystack's stock Whoosh backend (English ``StemmingAnalyzer``) in a
temporary index, and PostgreSQL full-text search with its ``norwegian`` configuration in
a scratch database that is created and dropped again.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg2
from django.apps.registry import Apps
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.db import connections as db_connections
from django.db import models
from haystack import connections as haystack_connections
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.query import SearchQuerySet

from ..models import BudgetLine, Decision, Document, Measure, Section
from . import vocabulary
from .service import SearchParams, search

DEFAULT_SET = Path(settings.BASE_DIR) / "tests" / "search" / "relevance.toml"
TOP_K = 5
# Hits read per query: MRR counts a first relevant hit further down as 0.
DEPTH = 100
POSTGRES_CONFIG = "norwegian"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"

RowKey = tuple[str, int]  # (type, primary key), as search hits name rows

MODELS: dict[str, type[models.Model]] = {
    "section": Section,
    "measure": Measure,
    "decision": Decision,
    "budgetline": BudgetLine,
    "news": Document,
}
# haystack names a result's model by its lower-case class name; a Document is a news item.
TYPE_OF_MODEL_NAME = {
    "section": "section",
    "measure": "measure",
    "decision": "decision",
    "budgetline": "budgetline",
    "document": "news",
}
_DESCRIPTOR_KEYS = frozenset({"type", "document", "many"})


class RelevanceSetError(ValueError):
    """The relevance set is malformed, or names a row the database does not hold."""


# --------------------------------------------------------------------------------------
# The set
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RelevanceQuery:
    """One query of the set, as written: descriptors, not yet rows."""

    q: str
    note: str
    category: str
    expect: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class ResolvedQuery:
    """A query with the row keys its descriptors stand for."""

    query: RelevanceQuery
    expected: frozenset[RowKey]


def load_set(path: Path | str = DEFAULT_SET) -> list[RelevanceQuery]:
    """The queries of a TOML set (``[[query]]`` tables with q, note, category, expect)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RelevanceSetError(f"{path}: {error}") from error
    tables = data.get("query")
    if not isinstance(tables, list) or not tables:
        raise RelevanceSetError(f"{path}: no [[query]] tables")
    return [_read_query(table, number) for number, table in enumerate(tables, start=1)]


def _read_query(table: Mapping[str, Any], number: int) -> RelevanceQuery:
    """Check one ``[[query]]`` table, so a typo stops the run instead of skewing it."""
    where = f"query {number} ({table.get('q', '?')!r})"
    q = table.get("q")
    if not isinstance(q, str) or not q.strip():
        raise RelevanceSetError(f"{where}: q must be a non-empty string")
    expect = table.get("expect")
    if not isinstance(expect, list) or not expect:
        raise RelevanceSetError(f"{where}: expect must list at least one row")
    for descriptor in expect:
        if not isinstance(descriptor, dict) or descriptor.get("type") not in MODELS:
            raise RelevanceSetError(f"{where}: each expected row needs a type in {sorted(MODELS)}")
    unknown = set(table) - {"q", "note", "category", "expect"}
    if unknown:
        raise RelevanceSetError(f"{where}: unknown keys {sorted(unknown)}")
    return RelevanceQuery(
        q=q,
        note=str(table.get("note", "")),
        category=str(table.get("category", "")),
        expect=tuple(expect),
    )


def resolve(queries: Iterable[RelevanceQuery]) -> list[ResolvedQuery]:
    """Every query with its expected row keys; raises on a descriptor that finds no row."""
    return [
        ResolvedQuery(query, frozenset().union(*(resolve_descriptor(d) for d in query.expect)))
        for query in queries
    ]


def resolve_descriptor(descriptor: Mapping[str, Any]) -> frozenset[RowKey]:
    """The rows one descriptor names: exactly one, or at least one with ``many = true``.

    Hidden rows and rows of hidden documents count too: the set says what should be found,
    and a curator hiding an expected row ought to show up as a failed query.
    """
    row_type = descriptor.get("type")
    model = MODELS.get(row_type)
    if model is None:
        raise RelevanceSetError(f"{dict(descriptor)}: type must be one of {sorted(MODELS)}")
    lookups = _lookups(model, descriptor)
    queryset = model.objects.filter(**lookups)
    if row_type == "news":
        queryset = queryset.filter(kind=Document.Kind.NEWS)
        if "document" in descriptor:
            queryset = queryset.filter(slug=descriptor["document"])
    elif "document" in descriptor:
        queryset = queryset.filter(document__slug=descriptor["document"])
    pks = list(queryset.values_list("pk", flat=True)[:50])
    if not pks:
        raise RelevanceSetError(f"{dict(descriptor)}: matches no row")
    if len(pks) > 1 and not descriptor.get("many"):
        raise RelevanceSetError(
            f"{dict(descriptor)}: matches {len(pks)} rows; add a field such as start_line, "
            "or many = true if any of them will do"
        )
    return frozenset((row_type, pk) for pk in pks)


def _lookups(model: type[models.Model], descriptor: Mapping[str, Any]) -> dict[str, Any]:
    """The descriptor's field lookups, each checked against the model's fields."""
    lookups = {}
    for key, value in descriptor.items():
        if key in _DESCRIPTOR_KEYS:
            continue
        try:
            model._meta.get_field(key.split("__", 1)[0])
        except FieldDoesNotExist as error:
            raise RelevanceSetError(
                f"{dict(descriptor)}: {model.__name__} has no field {key!r}"
            ) from error
        lookups[key] = value
    return lookups


# --------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedHit:
    """One place in a ranking: the rows it stands for and a label for reports."""

    rows: frozenset[RowKey]
    label: str = ""


Ranking = Sequence[RankedHit]
RankFunction = Callable[[str], Ranking]


def first_relevant_rank(
    ranking: Ranking, expected: frozenset[RowKey], depth: int = DEPTH
) -> int | None:
    """The 1-based rank of the first hit holding an expected row, within ``depth`` hits."""
    for rank, hit in enumerate(ranking[:depth], start=1):
        if hit.rows & expected:
            return rank
    return None


def recall_at(ranks: Sequence[int | None], k: int = TOP_K) -> float:
    """Share of queries whose first expected row came within the first ``k`` hits."""
    if not ranks:
        return 0.0
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank of the first expected row; a query that found none adds 0."""
    if not ranks:
        return 0.0
    return sum(1 / rank for rank in ranks if rank) / len(ranks)


@dataclass(frozen=True)
class QueryOutcome:
    """How one engine did on one query; ``top`` is kept to show what came instead."""

    query: ResolvedQuery
    rank: int | None
    top: tuple[RankedHit, ...]

    @property
    def found(self) -> bool:
        return self.rank is not None and self.rank <= TOP_K


@dataclass
class Evaluation:
    """One engine's run over the set."""

    engine: str
    outcomes: list[QueryOutcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ranks(self) -> list[int | None]:
        return [outcome.rank for outcome in self.outcomes]

    @property
    def recall(self) -> float:
        return recall_at(self.ranks)

    @property
    def mrr(self) -> float:
        return mean_reciprocal_rank(self.ranks)

    @property
    def failures(self) -> list[QueryOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.found]

    def recall_by_category(self) -> dict[str, float]:
        categories: dict[str, list[int | None]] = {}
        for outcome in self.outcomes:
            categories.setdefault(outcome.query.query.category, []).append(outcome.rank)
        return {name: recall_at(ranks) for name, ranks in categories.items()}


def evaluate(engine: str, rank: RankFunction, queries: Sequence[ResolvedQuery]) -> Evaluation:
    """Run every query through ``rank`` and keep the rank of its first expected row."""
    evaluation = Evaluation(engine=engine)
    started = time.perf_counter()
    for query in queries:
        ranking = rank(query.query.q)
        evaluation.outcomes.append(
            QueryOutcome(
                query=query,
                rank=first_relevant_rank(ranking, query.expected),
                top=tuple(ranking[:TOP_K]),
            )
        )
    evaluation.seconds = time.perf_counter() - started
    return evaluation


# --------------------------------------------------------------------------------------
# Helsedocs
# --------------------------------------------------------------------------------------


def helsedocs_ranking(q: str) -> list[RankedHit]:
    """Helsedocs' own search, as /search/ runs it; a collapsed hit stands for its repeats."""
    vocabulary.activate()  # as each request does (helsedocs.middleware)
    outcome = search(SearchParams(q=q))
    return [
        RankedHit(
            rows=frozenset(
                {(hit.type, hit.id), *((other.type, other.id) for other in hit.also_in)}
            ),
            label=f"{hit.type}: {hit.title}",
        )
        for hit in outcome.hits[:DEPTH]
    ]


def index_drift() -> tuple[int, int]:
    """(rows the search index holds, rows the database says it should hold).

    A stale development index would measure yesterday's search, so the report says so.
    """
    connection = haystack_connections["default"]
    indexed = len(connection.get_backend().indexed_identifiers())  # either engine
    expected = sum(
        index.index_queryset().count()
        for index in connection.get_unified_index().get_indexes().values()
    )
    return indexed, expected


# --------------------------------------------------------------------------------------
# Baseline 1: haystack's stock Whoosh backend
# --------------------------------------------------------------------------------------


def _stock_query_class(backend):
    """A haystack query bound to ``backend``: clones (``auto_query`` makes one) keep it."""

    class StockWhooshQuery(WhooshSearchQuery):
        def __init__(self, using: str = "default"):
            super().__init__(using=using)
            self.backend = backend

    return StockWhooshQuery


def _result_hit(result) -> RankedHit:
    row_type = TYPE_OF_MODEL_NAME.get(result.model_name, result.model_name)
    return RankedHit(
        rows=frozenset({(row_type, int(result.pk))}), label=f"{row_type}: {result.title}"
    )


@contextmanager
def stock_whoosh_ranking() -> Iterator[RankFunction]:
    """haystack's default Whoosh analysis over the same rows, in a temporary index.

    The stock ``WhooshSearchBackend`` with the project's unified index: every text field
    gets Whoosh's English ``StemmingAnalyzer``, and a query goes through ``auto_query``
    against the document field, as an out-of-the-box haystack site would run it.
    """
    unified = haystack_connections["default"].get_unified_index()
    with tempfile.TemporaryDirectory(prefix="helsedocs-relevance-stock-") as path:
        backend = WhooshSearchBackend("default", PATH=path)
        for index in unified.get_indexes().values():
            backend.update(index, list(index.index_queryset()))
        query_class = _stock_query_class(backend)

        def rank(q: str) -> list[RankedHit]:
            results = SearchQuerySet(query=query_class()).auto_query(q)[:DEPTH]
            return [_result_hit(result) for result in results]

        yield rank


# --------------------------------------------------------------------------------------
# Baseline 2: PostgreSQL full-text search, 'norwegian' configuration
# --------------------------------------------------------------------------------------

# A registry of its own: the scratch table's model never reaches the project's apps,
# system checks or migrations.
_SCRATCH_APPS = Apps(installed_apps=[])


class ScratchRow(models.Model):
    """A searchable row copied into the scratch database: its type, id, title and text."""

    row_type = models.CharField(max_length=20)
    row_id = models.BigIntegerField()
    title = models.TextField()
    body = models.TextField()
    vector = SearchVectorField(null=True)

    class Meta:
        apps = _SCRATCH_APPS
        app_label = "helsedocs_relevance"
        db_table = "relevance_rows"

    def __str__(self):
        return f"{self.row_type} {self.row_id}: {self.title}"


@dataclass(frozen=True)
class IndexedRow:
    """A row as the indexes see it, so the PostgreSQL baseline searches the same text."""

    row_type: str
    row_id: int
    title: str
    text: str


def indexed_rows() -> Iterator[IndexedRow]:
    """Every searchable row with the title and text the search indexes get for it."""
    unified = haystack_connections["default"].get_unified_index()
    for model, index in unified.get_indexes().items():
        row_type = TYPE_OF_MODEL_NAME[model._meta.model_name]
        for obj in index.index_queryset().iterator(chunk_size=500):
            prepared = index.full_prepare(obj)
            yield IndexedRow(
                row_type, obj.pk, prepared.get("title") or "", prepared.get("text") or ""
            )


def postgres_url(explicit: str | None = None) -> str:
    """The PostgreSQL server for the baseline: the given URL, else DATABASE_URL when it is
    PostgreSQL, else the local default."""
    if explicit:
        return explicit
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://", "pgsql://")):
        return configured
    return DEFAULT_POSTGRES_URL


def postgres_unreachable(url: str) -> str:
    """Why the server cannot be used (empty when it can): the baseline is then skipped."""
    try:
        psycopg2.connect(url, connect_timeout=3).close()
    except psycopg2.Error as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return ""


def _admin_execute(url: str, sql: str) -> None:
    """Run CREATE/DROP DATABASE, which cannot run inside a transaction."""
    connection = psycopg2.connect(url, connect_timeout=5)
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


@contextmanager
def _scratch_database(url: str) -> Iterator[str]:
    """A new, empty database on the server, reachable as a Django alias; dropped afterwards."""
    name = f"helsedocs_relevance_{os.getpid()}_{secrets.token_hex(4)}"
    alias = f"relevance_{name}"
    _admin_execute(url, f'CREATE DATABASE "{name}"')
    try:
        config = dj_database_url.parse(url)
        config["NAME"] = name
        # configure_settings fills Django's defaults; it insists on a "default" entry.
        filled = db_connections.configure_settings({"default": dict(config), alias: config})
        db_connections.settings[alias] = filled[alias]
        try:
            yield alias
        finally:
            db_connections[alias].close()
            del db_connections[alias]
            del db_connections.settings[alias]
    finally:
        _admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _fill_scratch_table(alias: str, rows: Iterable[IndexedRow]) -> int:
    """Copy the rows in and compute their vectors once: title weight A, text weight B."""
    with db_connections[alias].schema_editor() as editor:
        editor.create_model(ScratchRow)
    objects = [
        ScratchRow(row_type=r.row_type, row_id=r.row_id, title=r.title, body=r.text) for r in rows
    ]
    ScratchRow.objects.using(alias).bulk_create(objects, batch_size=500)
    ScratchRow.objects.using(alias).update(
        vector=SearchVector("title", weight="A", config=POSTGRES_CONFIG)
        + SearchVector("body", weight="B", config=POSTGRES_CONFIG)
    )
    return len(objects)


@contextmanager
def postgres_ranking(url: str) -> Iterator[RankFunction]:
    """PostgreSQL full-text search with the ``norwegian`` configuration over the same rows.

    ``websearch_to_tsquery`` reads the query as a user would type it (all words must
    match, "quoted phrases", -excluded); ``ts_rank`` orders the matches.
    """
    with _scratch_database(url) as alias:
        _fill_scratch_table(alias, indexed_rows())

        def rank(q: str) -> list[RankedHit]:
            query = SearchQuery(q, config=POSTGRES_CONFIG, search_type="websearch")
            matches = (
                ScratchRow.objects.using(alias)
                .filter(vector=query)
                .annotate(rank=SearchRank(models.F("vector"), query))
                .order_by("-rank", "row_type", "row_id")
                .values_list("row_type", "row_id", "title")[:DEPTH]
            )
            return [
                RankedHit(rows=frozenset({(row_type, row_id)}), label=f"{row_type}: {title}")
                for row_type, row_id, title in matches
            ]

        yield rank
