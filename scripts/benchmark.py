"""Helsedocs benchmark (`make bench`): ingest, search, pages, exports and load, per engine.

Usage: .venv/bin/python scripts/benchmark.py [--scales 1,10] [--json var/bench.json]

For each engine (Whoosh on a scratch SQLite file, the PostgreSQL engine on a scratch
PostgreSQL database, created and dropped again) and each scale, a worker process:
  - ingests the seeds cold, then again unchanged (warm);
  - at scale N > 1 adds a synthetic corpus: N - 1 copies of the indexed rows as distinct
    documents whose sections recombine halves of two seed rows (new text, same language),
    indexed through the engine's own write path;
  - measures the search service over a fixed query mix (p50/p95/p99, first page with
    snippets) and, on PostgreSQL, plain `norwegian` full-text search over the same rows;
  - measures pages (p95 over the list pages) and CSV exports (rows/s, peak memory);
  - serves the app with gunicorn on 127.0.0.1 and runs a bounded concurrent load against
    /search/ (fixed clients and seconds): requests/s, errors, p50/p95, once over the query
    mix and once over words of the lexicon each asked once.
Prints one table and writes every figure as JSON. Never touches the development data.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
QUERIES = [
    "fastlegen",
    "beredskap",
    "sjukehus",
    "HOD",
    "kap. 732 post 70",
    "tannhelse",
    "Fylkesmannen",
    "spesialisthelsetjenesten",
    "digitalisering",
    "psykisk helse barn",
    '"helse- og omsorgstjenesten"',
    "LIS1",
    "BPA",
    "kvinnehelse",
    "legemidler",
    "rusbehandling TSB",
    "vaksine",
    "helseberedskap",
    "helse",
    "pasient -kreft",
    "sykehus OR legevakt",
    "digital*",
]
PAGES = ["/", "/documents/", "/sections/", "/measures/", "/decisions/", "/budget/"]
LOAD_CLIENTS = 8
LOAD_SECONDS = 10
ROUNDS = 3


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


# --------------------------------------------------------------------------------------
# The worker: one engine, one scale, in its own process (settings are per process)
# --------------------------------------------------------------------------------------


def worker(engine: str, scale: int, scratch: Path, database: str) -> dict:
    os.environ["DATABASE_URL"] = database
    os.environ["HELSEDOCS_SEARCH_ENGINE"] = engine
    os.environ["HELSEDOCS_INDEX_DIR"] = str(scratch / "index")
    os.environ["HELSEDOCS_MEDIA_DIR"] = str(scratch / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "helsedocs.settings.base"
    os.environ["DJANGO_DEBUG"] = "false"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # served as in production
    figures: dict = {"engine": engine, "scale": scale}
    figures |= bench_ingest()
    if scale > 1:
        figures |= add_synthetic(scale)
    figures |= bench_search()
    if engine == "postgres":
        figures |= bench_plain_fts()
    figures |= bench_pages_and_exports()
    figures |= bench_load()
    return figures


def bench_ingest() -> dict:
    from documents.indexing import index_import, merge_index_segments
    from ingest.pipeline import ingest_file

    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    started = time.perf_counter()
    for path in seeds:
        outcome = ingest_file(path, after_commit=index_import)
        if outcome.failed:
            raise SystemExit(f"{path.name}: {outcome.error}")
    merge_index_segments()  # as manage.py ingest does after a batch
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for path in seeds:
        ingest_file(path, after_commit=index_import)
    return {"ingest_cold_s": cold, "ingest_warm_s": time.perf_counter() - started}


def add_synthetic(scale: int) -> dict:
    """Documents of recombined seed rows: (scale - 1) times as many rows as the seeds."""
    from django.db import transaction
    from django.utils import timezone

    from documents.indexing import index_documents, merge_index_segments
    from documents.models import Document, Section, SourceFile
    from documents.search_indexes import (
        BudgetLineIndex,
        DecisionIndex,
        MeasureIndex,
        NewsIndex,
        SectionIndex,
    )

    texts = []
    for index in (SectionIndex(), MeasureIndex(), DecisionIndex(), BudgetLineIndex(), NewsIndex()):
        for row in index.index_queryset():
            texts.append((index.title_of(row), index.body_of(row) or index.title_of(row)))
    rng = random.Random(scale)
    now = timezone.now()
    started = time.perf_counter()
    rows = 0
    for copy in range(1, scale):
        with transaction.atomic():
            source = SourceFile.objects.create(
                name=f"synthetic-{copy}.txt",
                sha256=secrets.token_hex(32),
                size=1,
                kind="other",
                parser_version="bench",
                first_imported=now,
                last_imported=now,
            )
            document = Document.objects.create(
                slug=f"synthetisk-{copy}",
                source=source,
                source_file=source.name,
                kind="other",
                title=f"Syntetisk dokument {copy}",
                year=2000 + copy % 25,
            )
            sections = []
            for position in range(len(texts)):
                (title, first), (_, second) = rng.choice(texts), rng.choice(texts)
                text = first[: len(first) // 2] + " " + second[len(second) // 2 :]
                sections.append(
                    Section(
                        document=document,
                        position=position,
                        key=f"s{position}",
                        level=1,
                        title=title[:500],
                        text=text,
                        start_line=position + 1,
                        end_line=position + 1,
                    )
                )
            Section.objects.bulk_create(sections, batch_size=2000)
            rows += index_documents([document.pk])
    merge_index_segments()  # as manage.py ingest does after a batch
    return {
        "synthetic_rows": rows,
        "synthetic_index_rows_per_s": rows / (time.perf_counter() - started),
    }


def bench_search() -> dict:
    """The query mix ROUNDS times. The first round is also reported on its own: the
    Whoosh engine keeps a query's matches for its next page or sort order, so a query
    asked again is cheaper there (not on PostgreSQL). One query outside the mix first
    opens the index and reads its columns, which happens once per process."""
    from django.db import reset_queries

    from documents.search import service

    def timed(q: str) -> float:
        started = time.perf_counter()
        outcome = service.search(service.SearchParams(q=q), leading=20)  # as the page asks
        outcome.add_snippets(list(outcome.hits[:20]))
        reset_queries()
        return time.perf_counter() - started

    timed("tilskudd")
    first = [timed(q) for q in QUERIES]
    latencies = first + [timed(q) for _ in range(ROUNDS - 1) for q in QUERIES]
    return {
        "search_first_p50_ms": percentile(first, 0.50),
        "search_first_p95_ms": percentile(first, 0.95),
        "search_p50_ms": percentile(latencies, 0.50),
        "search_p95_ms": percentile(latencies, 0.95),
        "search_p99_ms": percentile(latencies, 0.99),
    }


def bench_plain_fts() -> dict:
    """PostgreSQL's own `norwegian` search over the same rows: the floor to compare with
    (ranked by ts_rank, as the PostgreSQL engine ranks)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE plain_fts AS SELECT id, title, "
            "to_tsvector('norwegian', title || ' ' || body) AS vector "
            "FROM documents_indexentry"
        )
        cursor.execute("CREATE INDEX ON plain_fts USING gin (vector)")
        cursor.execute("ANALYZE plain_fts")
        latencies = []
        for _ in range(ROUNDS):
            for q in QUERIES:
                started = time.perf_counter()
                cursor.execute(
                    "SELECT id, title, ts_rank(vector, q) AS rank, count(*) OVER () "
                    "FROM plain_fts, websearch_to_tsquery('norwegian', %s) q "
                    "WHERE vector @@ q ORDER BY rank DESC LIMIT 20",
                    [q],
                )
                cursor.fetchall()
                latencies.append(time.perf_counter() - started)
    return {
        "plain_fts_p50_ms": percentile(latencies, 0.50),
        "plain_fts_p95_ms": percentile(latencies, 0.95),
        "plain_fts_p99_ms": percentile(latencies, 0.99),
    }


def bench_pages_and_exports() -> dict:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    latencies = []
    for _ in range(ROUNDS):
        for path in PAGES + ["/search/?q=fastlegen"]:
            started = time.perf_counter()
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            latencies.append(time.perf_counter() - started)
    figures = {"pages_p95_ms": percentile(latencies, 0.95)}
    for name, path in (
        ("sections", "/sections/?format=csv"),
        ("search", "/search/?q=helse&format=csv"),
    ):
        # Timed on its own: tracing every allocation slows the export several times over.
        # (A search export's second run reads the matches kept from the first.)
        started = time.perf_counter()
        lines = sum(chunk.count(b"\n") for chunk in client.get(path).streaming_content) - 1
        elapsed = time.perf_counter() - started
        tracemalloc.start()
        for _chunk in client.get(path).streaming_content:
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        figures[f"csv_{name}_rows"] = lines
        figures[f"csv_{name}_rows_per_s"] = lines / elapsed
        figures[f"csv_{name}_peak_mib"] = peak / 2**20
    return figures


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lexicon_words(count: int) -> list[str]:
    """``count`` words of the shipped lexicon seen at least 20 times, in a fixed random
    order: queries asked once each, as a stream of different users' searches is."""
    path = ROOT / "documents" / "search" / "lexicon.txt"
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, _, seen = line.partition(" ")
        if not line.startswith("#") and seen.isdigit() and int(seen) >= 20 and len(word) >= 5:
            words.append(word)
    random.Random(14).shuffle(words)
    return words[:count]


def bench_load() -> dict:
    """gunicorn on 127.0.0.1, LOAD_CLIENTS clients for LOAD_SECONDS each: once over the
    query mix (every client cycling it, so each query is asked many times), once over
    lexicon words each asked once."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "helsedocs.wsgi", "-b", f"127.0.0.1:{port}",
         "-w", "2", "--threads", "4", "--log-level", "warning"],
        cwd=ROOT, env=os.environ.copy(),
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        words = lexicon_words(4000)
        share = len(words) // LOAD_CLIENTS
        mix = load(base, [QUERIES[n:] + QUERIES[:n] for n in range(LOAD_CLIENTS)], cycle=True)
        once = load(base, [words[n * share : (n + 1) * share] for n in range(LOAD_CLIENTS)])
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {f"load_{key}": value for key, value in mix.items()} | {
        f"load_once_{key}": value for key, value in once.items()
    }


def load(base: str, queries_per_client: list[list[str]], *, cycle: bool = False) -> dict:
    """One client thread per list of queries, for LOAD_SECONDS: requests/s, errors, p50/p95."""
    latencies: list[float] = []
    errors = [0]
    stop = time.monotonic() + LOAD_SECONDS

    def client(queries: list[str]) -> None:
        # One kept-alive connection per client, as a browser holds one.
        server = urllib.parse.urlsplit(base)
        connection = http.client.HTTPConnection(server.hostname, server.port, timeout=30)
        try:
            while time.monotonic() < stop:
                for q in queries:
                    if time.monotonic() >= stop:
                        return
                    started = time.perf_counter()
                    try:
                        connection.request("GET", f"/search/?q={urllib.parse.quote(q)}")
                        response = connection.getresponse()
                        response.read()
                        ok = response.status == 200
                    except (OSError, http.client.HTTPException):
                        connection.close()  # reconnects on the next request
                        ok = False
                    latencies.append(time.perf_counter() - started)
                    errors[0] += not ok
                if not cycle:
                    return
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(q,)) for q in queries_per_client]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests_per_s": len(latencies) / elapsed,
        "errors": errors[0],
        "p50_ms": percentile(latencies, 0.50) if latencies else None,
        "p95_ms": percentile(latencies, 0.95) if latencies else None,
    }


# --------------------------------------------------------------------------------------
# The driver: scratch databases, one worker per engine and scale, the table
# --------------------------------------------------------------------------------------


def _admin(sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(PG_SERVER + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def run_worker(engine: str, scale: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="helsedocs-bench-") as folder:
        scratch = Path(folder)
        name = f"helsedocs_bench_{os.getpid()}_{secrets.token_hex(3)}"
        if engine == "postgres":
            _admin(f"CREATE DATABASE {name}")
            database = f"{PG_SERVER}/{name}"
        else:
            database = f"sqlite:///{scratch / 'bench.sqlite3'}"
        out = scratch / "figures.json"
        try:
            subprocess.run(
                [sys.executable, __file__, "--worker", engine, str(scale), str(scratch), database,
                 str(out)],
                check=True, cwd=ROOT,
            )  # fmt: skip
            return json.loads(out.read_text())
        finally:
            if engine == "postgres":
                _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


ROWS = [
    ("ingest cold, seeds (s)", "ingest_cold_s", "{:.1f}"),
    ("ingest warm, unchanged (s)", "ingest_warm_s", "{:.2f}"),
    ("synthetic rows indexed per s", "synthetic_index_rows_per_s", "{:.0f}"),
    ("search, each query once: p50 / p95 (ms)", ("search_first_p50_ms", "search_first_p95_ms"),
     "{:.0f}"),
    (f"search, the mix {ROUNDS} times: p50 / p95 / p99 (ms)",
     ("search_p50_ms", "search_p95_ms", "search_p99_ms"), "{:.0f}"),
    ("plain PostgreSQL `norwegian` FTS p50 / p95 / p99 (ms)",
     ("plain_fts_p50_ms", "plain_fts_p95_ms", "plain_fts_p99_ms"), "{:.1f}"),
    ("pages p95 (ms)", "pages_p95_ms", "{:.0f}"),
    ("CSV of every section: rows/s", "csv_sections_rows_per_s", "{:.0f}"),
    ("CSV of every section: peak memory (MiB)", "csv_sections_peak_mib", "{:.1f}"),
    ("CSV of a search (`helse`): rows", "csv_search_rows", "{:.0f}"),
    ("CSV of a search: rows/s", "csv_search_rows_per_s", "{:.0f}"),
    ("CSV of a search: peak memory (MiB)", "csv_search_peak_mib", "{:.1f}"),
    (f"load, {LOAD_CLIENTS} clients x {LOAD_SECONDS} s, the query mix: requests/s",
     "load_requests_per_s", "{:.0f}"),
    ("load, the query mix: errors", "load_errors", "{:.0f}"),
    ("load, the query mix: p50 / p95 (ms)", ("load_p50_ms", "load_p95_ms"), "{:.0f}"),
    (f"load, {LOAD_CLIENTS} clients, each word asked once: requests/s",
     "load_once_requests_per_s", "{:.0f}"),
    ("load, each word once: errors", "load_once_errors", "{:.0f}"),
    ("load, each word once: p50 / p95 (ms)", ("load_once_p50_ms", "load_once_p95_ms"), "{:.0f}"),
]  # fmt: skip


def table(results: list[dict]) -> str:
    heads = [f"{r['engine']} {r['scale']}x" for r in results]
    lines = ["| figure | " + " | ".join(heads) + " |", "|---|" + "---|" * len(results)]
    for label, keys, form in ROWS:
        keys = keys if isinstance(keys, tuple) else (keys,)
        cells = []
        for result in results:
            values = [result.get(key) for key in keys]
            cells.append(" / ".join(form.format(v) for v in values) if None not in values else "–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10", help="corpus sizes, e.g. 1,10,50")
    parser.add_argument("--engines", default="whoosh,postgres")
    parser.add_argument("--json", type=Path, default=ROOT / "var" / "bench.json")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        engine, scale, scratch, database, out = args.worker
        figures = worker(engine, int(scale), Path(scratch), database)
        figures["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        Path(out).write_text(json.dumps(figures))
        return 0
    results = []
    for scale in (int(s) for s in args.scales.split(",")):
        for engine in args.engines.split(","):
            print(f"==> {engine} at {scale}x", file=sys.stderr, flush=True)
            results.append(run_worker(engine, scale))
    print(table(results))
    machine = f"{os.cpu_count()} cores, {platform.platform()}"
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"machine": machine, "results": results}, indent=1))
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
