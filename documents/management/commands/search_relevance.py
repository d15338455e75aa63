"""``manage.py search_relevance``: recall@5 and MRR of Helsedocs search and two baselines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.search import relevance
from documents.search.relevance import Evaluation, QueryOutcome

# The engine in use (settings.SEARCH_ENGINE) runs Helsedocs' own search.
ENGINE_HELSEDOCS = {
    "whoosh": "Helsedocs (Norwegian analysis, Whoosh)",
    "postgres": "Helsedocs (Norwegian analysis, PostgreSQL)",
}[settings.SEARCH_ENGINE]
ENGINE_STOCK = "haystack stock Whoosh (English stemming)"
ENGINE_POSTGRES = "PostgreSQL FTS ('norwegian')"
SHORT_NAMES = {
    ENGINE_HELSEDOCS: "Helsedocs",
    ENGINE_STOCK: "stock Whoosh",
    ENGINE_POSTGRES: "PostgreSQL",
}


class Command(BaseCommand):
    help = (
        "Measure search quality on the relevance test set (tests/search/relevance.toml): "
        "prints recall@5 (share of queries with an expected row in the top 5) and MRR for "
        "Helsedocs search side by side with two baselines run in the same process over the "
        "same rows: haystack's stock Whoosh backend (English stemming) in a temporary index, "
        "and PostgreSQL full-text search with its 'norwegian' configuration in a scratch "
        "database that is created and dropped again (skipped when PostgreSQL is unreachable). "
        "Reads the configured database and search index; changes neither."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            dest="set_path",
            type=Path,
            default=relevance.DEFAULT_SET,
            metavar="PATH",
            help="relevance set (TOML); default: tests/search/relevance.toml",
        )
        parser.add_argument(
            "--verbose",
            action="store_true",
            help="also list, per engine, the queries without an expected row in the top 5",
        )
        parser.add_argument(
            "--postgres-url",
            metavar="URL",
            help="PostgreSQL server for the baseline (default: DATABASE_URL if it is "
            f"PostgreSQL, else {relevance.DEFAULT_POSTGRES_URL})",
        )
        parser.add_argument(
            "--no-postgres", action="store_true", help="skip the PostgreSQL baseline"
        )

    def handle(self, *args, set_path, verbose, postgres_url, no_postgres, **options):
        try:
            queries = relevance.resolve(relevance.load_set(set_path))
        except relevance.RelevanceSetError as error:
            raise CommandError(f"relevance set: {error}") from error
        self.warn_if_index_drifted()
        evaluations = [relevance.evaluate(ENGINE_HELSEDOCS, relevance.helsedocs_ranking, queries)]
        with relevance.stock_whoosh_ranking() as rank:
            evaluations.append(relevance.evaluate(ENGINE_STOCK, rank, queries))
        skipped = ""
        if no_postgres:
            skipped = "skipped (--no-postgres)"
        else:
            url = relevance.postgres_url(postgres_url)
            skipped = relevance.postgres_unreachable(url)
            if skipped:
                skipped = f"skipped: PostgreSQL unreachable ({skipped})"
            else:
                with relevance.postgres_ranking(url) as rank:
                    evaluations.append(relevance.evaluate(ENGINE_POSTGRES, rank, queries))
        self.stdout.write(self.summary(set_path, queries, evaluations, skipped))
        self.stdout.write(self.by_category(evaluations))
        if verbose:
            for evaluation in evaluations:
                self.stdout.write(self.failures(evaluation))

    def warn_if_index_drifted(self) -> None:
        """A stale index measures an old search: say so before the figures."""
        indexed, expected = relevance.index_drift()
        if indexed != expected:
            self.stderr.write(
                self.style.WARNING(
                    f"The search index holds {indexed} rows, the database {expected}: run "
                    "`manage.py rebuild_index` for figures that match the database."
                )
            )

    def summary(
        self,
        set_path: Path,
        queries: Sequence[relevance.ResolvedQuery],
        evaluations: Sequence[Evaluation],
        skipped: str,
    ) -> str:
        rows = sum(len(query.expected) for query in queries)
        width = max(len(ENGINE_HELSEDOCS), len(ENGINE_STOCK), len(ENGINE_POSTGRES)) + 2
        lines = [
            f"Relevance set {set_path}: {len(queries)} queries, {rows} expected rows.",
            f"recall@{relevance.TOP_K} = share of queries with an expected row in the top "
            f"{relevance.TOP_K}; MRR = mean 1/rank of the first expected row "
            f"(0 beyond rank {relevance.DEPTH}).",
            "",
            f"{'engine':<{width}}{'recall@5':>9}{'MRR':>8}{'top 5':>10}{'seconds':>9}",
        ]
        for evaluation in evaluations:
            found = len(evaluation.outcomes) - len(evaluation.failures)
            lines.append(
                f"{evaluation.engine:<{width}}{evaluation.recall:>9.3f}{evaluation.mrr:>8.3f}"
                f"{f'{found}/{len(evaluation.outcomes)}':>10}{evaluation.seconds:>9.1f}"
            )
        if skipped:
            lines.append(f"{ENGINE_POSTGRES:<{width}}{skipped}")
        return "\n".join(lines) + "\n"

    def by_category(self, evaluations: Sequence[Evaluation]) -> str:
        counts: dict[str, int] = {}
        for outcome in evaluations[0].outcomes:
            counts[outcome.query.query.category] = counts.get(outcome.query.query.category, 0) + 1
        by_engine = [evaluation.recall_by_category() for evaluation in evaluations]
        header = "".join(f"{SHORT_NAMES[e.engine]:>14}" for e in evaluations)
        lines = ["", f"{'recall@5 by category':<24}{header}"]
        for category, count in counts.items():
            cells = "".join(f"{scores[category]:>14.2f}" for scores in by_engine)
            lines.append(f"{f'{category} ({count})':<24}{cells}")
        return "\n".join(lines) + "\n"

    def failures(self, evaluation: Evaluation) -> str:
        missed = evaluation.failures
        lines = [
            "",
            f"{evaluation.engine}: {len(missed)} queries without an expected row in the top 5",
        ]
        for outcome in missed:
            lines.extend(describe_failure(outcome))
        return "\n".join(lines) + "\n"


def describe_failure(outcome: QueryOutcome) -> list[str]:
    """What was asked, what was expected, and what came first instead."""
    query = outcome.query.query
    where = f"first expected at rank {outcome.rank}" if outcome.rank else "no expected row found"
    lines = [f"  {query.q!r} [{query.category}] {query.note} ({where})"]
    lines.extend(f"      expected {describe(descriptor)}" for descriptor in query.expect)
    if not outcome.top:
        lines.append("      got nothing")
    for rank, hit in enumerate(outcome.top, start=1):
        lines.append(f"      {rank}. {hit.label[:110]}")
    return lines


def describe(descriptor: Mapping[str, Any]) -> str:
    return ", ".join(f"{key}={value}" for key, value in descriptor.items())
