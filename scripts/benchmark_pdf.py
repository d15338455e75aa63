"""Reading order and speed of the PDF reader on real published files, next to pdftotext.

For each PDF in ``../shared/real-docs/`` (and its ``robustness/`` folder), in one run:

* **order**: the share of the reference text's 6-word sequences that the reader's
  stored text holds too. Words are runs of letters, lower-cased (numbers, footnote
  marks and punctuation are left out of both texts, so a table's figures or a mark
  glued to a word do not count), and a hyphen at a line end between two lower-case
  letters is joined in the reference as the reader joins it. A sequence only matches
  where the reader kept the words in order, so text read across two columns (left
  line, right line, left line) loses nearly all of it. The running lines the reader
  took out (headers, footers, page numbers) are left out of the reference too.
* **pages/s** of ``read_pdf`` (the default: a process per core), and of ``pdftotext``
  on the same file, wall clock, best of ``--repeat``.

The reference is ``pdftotext -raw``: the text in the order of the PDF's content
stream. Checked by eye against the page images (``pdftoppm``): the regjeringen.no and
FHI files are typeset (FrameMaker, InDesign) in reading order, column after column, and
their content streams follow it, while poppler's default mode reads some two-column
boxes line across line (Meld. St. 1, page 20, Boks 2.3). For the robustness files the
content-stream order was checked on the pages named in the test golden files.

Usage::

    .venv/bin/python scripts/benchmark_pdf.py                 # every real PDF
    .venv/bin/python scripts/benchmark_pdf.py --only meld-st-1 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.pdf import read_pdf  # noqa: E402
from ingest.sources import UnreadableSource  # noqa: E402

REAL_DOCS = ROOT.parent / "shared" / "real-docs"
SHINGLE = 6
_WORD = re.compile(r"[^\W\d_]+")
_LINE_END_HYPHEN = re.compile(r"(?<=[a-zæøå])-\n(?=[a-zæøå])")


@dataclass(frozen=True)
class Result:
    name: str
    pages: int
    order: float | None  # share of the reference's sequences found in order; None: unread
    reader_seconds: float
    pdftotext_seconds: float
    note: str = ""

    def row(self) -> str:
        order = f"{100 * self.order:6.1f} %" if self.order is not None else "       –"
        reader = self.pages / self.reader_seconds if self.reader_seconds else 0.0
        poppler = self.pages / self.pdftotext_seconds if self.pdftotext_seconds else 0.0
        return (
            f"{self.name[:44]:<45}{self.pages:>6}{order:>10}{reader:>10.1f}{poppler:>13.1f}"
            f"  {self.note}"
        )


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def shingles(tokens: Sequence[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def reference_text(path: Path) -> str:
    result = subprocess.run(
        ["pdftotext", "-q", "-raw", "-enc", "UTF-8", str(path), "-"],
        check=False,
        capture_output=True,
        text=True,
    )
    return result.stdout


def without_running(text: str, running: Sequence[str]) -> str:
    """The reference without the lines the reader took out as running lines."""
    keys = {" ".join(words(line)) for line in running}
    kept = []
    for line in text.split("\n"):
        key = " ".join(words(line))
        if key in keys or not words(line):
            continue
        kept.append(line)
    return "\n".join(kept)


def order_share(reference: str, read: str) -> float:
    wanted = shingles(words(_LINE_END_HYPHEN.sub("", reference)))
    if not wanted:
        return 1.0
    return len(wanted & shingles(words(read))) / len(wanted)


def best_seconds(run, repeat: int) -> tuple[float, object]:
    """The best wall-clock time of ``repeat`` runs, and what the last run returned."""
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - started)
    return best, result


def measure(path: Path, *, repeat: int) -> Result:
    data = path.read_bytes()
    poppler, reference = best_seconds(lambda: reference_text(path), repeat)
    try:
        reader, doc = best_seconds(lambda: read_pdf(data, name=path.name), repeat)
    except UnreadableSource as error:
        return Result(path.name, 0, None, 0.0, poppler, f"unreadable: {error}")
    reference = without_running(reference, doc.running)
    order = order_share(reference, "\n".join(doc.source.lines))
    return Result(path.name, doc.page_count or 0, order, reader, poppler)


def real_pdfs(only: str | None) -> list[Path]:
    paths = sorted(REAL_DOCS.glob("*.pdf")) + sorted(REAL_DOCS.glob("robustness/*.pdf"))
    return [path for path in paths if only is None or only in path.name]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="read only the files whose name holds this")
    parser.add_argument("--repeat", type=int, default=1, help="timed runs per file (best kept)")
    options = parser.parse_args(argv)
    paths = real_pdfs(options.only)
    if not paths:
        sys.stderr.write(f"no PDFs in {REAL_DOCS}\n")
        return 1
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    sys.stdout.write(f"{cores} cores, load average {load}\n")
    sys.stdout.write(f"{'file':<45}{'pages':>6}{'order':>10}{'reader/s':>10}{'pdftotext/s':>13}\n")
    for path in paths:
        sys.stdout.write(measure(path, repeat=max(1, options.repeat)).row() + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
