"""Helsedocs benchmark: prints how fast and how lean the main paths are, on the real seeds.

Usage: .venv/bin/python scripts/benchmark.py [--queries N]

It works in a scratch SQLite database and a scratch Whoosh index (under a temporary
folder), never the development data, and prints one table:
  - parse time per seed (pure parsers), import time, index time, peak memory;
  - an unchanged re-ingest (skipped by hash) and a forced re-ingest (compared row by row);
  - search latency over a fixed set of queries (median and 95th percentile);
  - a full CSV export of every measure and section: time and peak memory while streaming.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
]


def setup_django(scratch: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
    os.environ["HELSEDOCS_INDEX_DIR"] = str(scratch / "index")
    os.environ["HELSEDOCS_MEDIA_DIR"] = str(scratch / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "helsedocs.settings.base"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def row(label: str, value: str) -> None:
    print(f"  {label:<48} {value}")


def bench_parse() -> None:
    from ingest import parsers
    from ingest.plain_text import read_text_document
    from ingest.sources import decode_text

    print("Parsing (pure parsers, no database)")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        source = decode_text(path.read_bytes(), name=path.name)
        started = time.perf_counter()
        parsed = parsers.parse(read_text_document(source))
        kind, documents = parsed.kind, parsed.documents
        elapsed = time.perf_counter() - started
        rows = sum(
            len(d.sections) + len(d.measures) + len(d.decisions) + len(d.budget_lines)
            for d in documents
        )
        row(
            f"{path.name} ({kind})",
            f"{elapsed:6.2f} s  {rows:6d} rows  {len(source.lines) / elapsed:9.0f} lines/s",
        )


def bench_ingest() -> None:
    from documents.indexing import index_import
    from ingest.pipeline import ingest_file

    print("Ingest into SQLite (parse + one transaction per file + index after commit)")
    timings = {}
    total = time.perf_counter()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        indexing = {"seconds": 0.0}

        def timed_index(stats, indexing=indexing):
            started = time.perf_counter()
            index_import(stats)
            indexing["seconds"] += time.perf_counter() - started

        started = time.perf_counter()
        outcome = ingest_file(path, after_commit=timed_index)
        elapsed = time.perf_counter() - started
        if outcome.failed:
            raise SystemExit(f"{path.name}: {outcome.error}")
        timings[path.name] = (elapsed, indexing["seconds"])
        row(path.name, f"{elapsed:6.2f} s  (of which indexing {indexing['seconds']:5.2f} s)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    row(
        "all seeds",
        f"{time.perf_counter() - total:6.2f} s, process peak so far {peak:6.0f} MiB",
    )

    started = time.perf_counter()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        ingest_file(path)
    row("re-ingest, unchanged (skipped by SHA-256)", f"{time.perf_counter() - started:6.2f} s")
    started = time.perf_counter()
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        ingest_file(path, force=True)
    row("re-ingest, forced (every row compared)", f"{time.perf_counter() - started:6.2f} s")


def bench_search(rounds: int) -> None:
    from documents.search import service as search

    print(f"Search ({len(QUERIES)} queries x {rounds})")
    latencies = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            outcome = search.search(search.SearchParams(q=q))
            outcome.add_snippets(outcome.hits[:20])
            latencies.append(time.perf_counter() - started)
    latencies.sort()
    row("median", f"{statistics.median(latencies) * 1000:6.0f} ms")
    row("95th percentile", f"{latencies[int(len(latencies) * 0.95) - 1] * 1000:6.0f} ms")


def bench_export() -> None:
    from django.test import Client

    print("CSV export, streamed")
    client = Client(HTTP_HOST="localhost")
    for path in ("/measures/?format=csv", "/sections/?format=csv", "/search/?q=helse&format=csv"):
        tracemalloc.start()
        started = time.perf_counter()
        response = client.get(path)
        size = sum(len(chunk) for chunk in response.streaming_content)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        row(path, f"{elapsed:6.2f} s  {size / 2**20:5.1f} MiB  peak {peak / 2**20:5.1f} MiB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=3, help="rounds over the query set")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helsedocs-bench-") as folder:
        setup_django(Path(folder))
        bench_parse()
        bench_ingest()
        bench_search(args.queries)
        bench_export()
    row(
        "max resident memory of the process",
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:6.0f} MiB",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
