"""Pages per second of the PDF reader on a large generated PDF, next to pdftotext.

The PDF is the whole of Prop. 1 S (seed 003) typeset by ``make_test_pdfs.py`` (a few
hundred pages with ruled tables, boxes and running headers); it is generated into
``var/pdf/`` on the first run and reused after that (``--pdf`` names another file).

Runs, each on the same file:

* ``pdfplumber, serial``: the reader before its speed-ups (every page through
  pdfplumber's object dicts, one process);
* ``fast path, serial``: glyphs and drawings straight from pdfminer's layout objects,
  pdfplumber's table finder run on those for the pages whose rulings form a grid, one
  process;
* ``fast path, N processes``: the same over a process pool (the default in ``read_pdf``);
* ``pdftotext``: poppler's text extraction of the same file, for scale (plain text, no
  layout analysis, no tables).

Wall-clock time is the best of ``--repeat`` runs (the machine is shared: the load
average is printed with the figures); CPU time includes the worker processes.

Usage::

    .venv/bin/python scripts/benchmark_pdf.py              # all runs
    .venv/bin/python scripts/benchmark_pdf.py --serial     # without the process pool
    .venv/bin/python scripts/benchmark_pdf.py --repeat 3 --pdf some.pdf
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.pdf import read_pdf  # noqa: E402

DEFAULT_PDF = ROOT / "var" / "pdf" / "prop_full.pdf"


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float  # best wall-clock time
    cpu_seconds: float  # of the best run, this process and its children
    pages: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_of(label: str, pages: int, repeat: int, run: Callable[[], object]) -> Timing:
    best: tuple[float, float] | None = None
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), cpu_now()
        run()
        elapsed, cpu = time.perf_counter() - started, cpu_now() - cpu_started
        if best is None or elapsed < best[0]:
            best = (elapsed, cpu)
    assert best is not None
    return Timing(label, best[0], best[1], pages)


def ensure_pdf(path: Path) -> Path:
    if not path.exists():
        sys.stdout.write(f"generating {path} ...\n")
        sys.stdout.flush()
        sys.path.insert(0, str(ROOT / "scripts"))
        from make_test_pdfs import render_large

        render_large(path)
    return path


def pdftotext(path: Path) -> None:
    subprocess.run(["pdftotext", "-q", str(path), os.devnull], check=True)


def measure(path: Path, *, repeat: int, serial_only: bool) -> list[Timing]:
    data = path.read_bytes()
    pages = read_pdf(data, name=path.name).page_count  # also warms the imports
    workers = max(1, min(os.cpu_count() or 1, 4))
    runs: list[tuple[str, Callable[[], object]]] = [
        ("pdfplumber, serial", lambda: read_pdf(data, name=path.name, workers=1, fast=False)),
        ("fast path, serial", lambda: read_pdf(data, name=path.name, workers=1)),
    ]
    if not serial_only:
        runs.append(
            (
                f"fast path, {workers} processes",
                lambda: read_pdf(data, name=path.name, workers=workers),
            )
        )
    if shutil.which("pdftotext"):
        runs.append(("pdftotext (poppler)", lambda: pdftotext(path)))
    return [best_of(label, pages, repeat, run) for label, run in runs]


def report(path: Path, timings: Sequence[Timing]) -> str:
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    lines = [
        f"{path.name}: {timings[0].pages} pages, {path.stat().st_size / 1e6:.1f} MB; "
        f"{os.cpu_count()} cores, load average {load}",
        f"{'run':<28}{'seconds':>9}{'pages/s':>9}{'CPU s':>8}",
    ]
    for timing in timings:
        lines.append(
            f"{timing.label:<28}{timing.seconds:>9.2f}{timing.pages_per_second:>9.1f}"
            f"{timing.cpu_seconds:>8.2f}"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pdf", type=Path, default=DEFAULT_PDF, help="PDF to read")
    parser.add_argument("--repeat", type=int, default=1, help="runs per mode (best is kept)")
    parser.add_argument("--serial", action="store_true", help="skip the process-pool run")
    options = parser.parse_args(argv)
    path = ensure_pdf(options.pdf)
    timings = measure(path, repeat=max(1, options.repeat), serial_only=options.serial)
    sys.stdout.write(report(path, timings))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
