"""Reading order and speed of the PDF reader on real published files, next to pdftotext.

For each PDF in ``../shared/real-docs/`` (and its ``robustness/`` folder), in one run:

* **order**: the share of the reference text's 6-word sequences that the reader's
  stored text holds too. Words are runs of letters, lower-cased (numbers, footnote
  marks and punctuation are left out of both texts, so a table's figures or a mark
  glued to a word do not count), and a hyphen (or a soft hyphen) at a line end between
  two lower-case letters is joined in the reference as the reader joins it, unless
  the document prints that word with its hyphen inside a line more often than joined
  ("acido-" / "basique" stays "acido-basique"; a soft hyphen is always joined). A sequence
  only matches where the reader kept the words in order, so text read across two
  columns (left line, right line, left line) loses nearly all of it. The running lines the reader
  took out (headers, footers, page numbers) are left out of the reference too, also where
  poppler prints one on several lines (a stamp set sideways comes a word a line).
* **Figures are left out of both texts.** The labels inside a chart (axis values,
  legends, country names under bars, the boxes of a diagram) are no sentences: a person
  reads them by looking at the chart, in no one order, and the reference keeps them in
  the order they were drawn. A figure is a drawn rectangle inside the page that frames
  at least ``FIGURE_MIN_DRAWINGS`` other drawings (bars, curves, axes, boxes) and holds
  less than half a line of the body's type. So a box of body text with a chart in it is
  no figure (the chart's own frame is), nor is a rectangle printed to the page's edge
  (a cover's background), nor a frame inside a table the reader finds (a cell: its text
  is body text). The reference loses each word printed inside a figure, by the
  coordinates ``pdftotext -bbox`` gives it; the reader loses each block made only of
  words printed inside the figures of its pages. A figure's caption and source line
  stand outside its frame and stay on both sides, and so does a block in which the
  reader mixed labels with body text: it is still measured (the labels break its
  sequences). Embedded images are not looked into: the text of these files is not
  printed over them.
* **So are diagrams without a frame.** A flowchart's boxes joined by lines, or a map's
  regions, are drawings that touch one another with no rectangle round them all. Such
  a figure is a cluster of at least ``DIAGRAM_MIN_DRAWINGS`` drawings, each touching
  another (within ``DIAGRAM_TOUCH``), whose drawings cover between
  ``DIAGRAM_MIN_COVER`` and ``DIAGRAM_MAX_COVER`` of its extent, and which holds less
  than half a line of the body's type, as a framed figure. The cover tells a diagram
  from a table: a table's rules alone cover next to none of it, its shaded cells (or a
  box's background) nearly all, while a diagram's boxes stand apart with white
  between them. Page-edge clusters and clusters inside a table the reader finds are
  left alone, as for frames. Its labels leave both texts by the same coordinates.
  On the real files the rule finds five drawings, each checked on the page image, and
  no body text: issue-71's Figures 2 and 3 (page 5) and its flowchart on page 15,
  Prop. 1 LS's diagram in Boks 12.1 (page 209) and its map's legend (page 283), and
  issue-982's drawing of a neuron (page 1).
* **Pictures drawn with a dingbat font are left out of the reference** as figures are.
  A bullet, an arrow or a box drawn with Wingdings or Zapf Dingbats has a character
  code the font's encoding chose, a letter as often as not (issue-71's square bullet
  is "h" in Wingdings3), and poppler also prints the ActualText InDesign puts on the
  tab after such a bullet (the "h" again). The reader reads these glyphs as bullets
  (``ingest.pdf.lines.glyph_text``), which are no words, so the reference loses each
  word printed over a dingbat glyph the reader takes for a picture, or in the white
  space after it up to the next glyph of its row.
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
import html
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.blocks import ReadDocument, block_lines  # noqa: E402
from ingest.pdf import read_pdf  # noqa: E402
from ingest.pdf.lines import BULLET, is_dingbat_font  # noqa: E402
from ingest.pdf.model import Region  # noqa: E402
from ingest.pdf.pages import Drawn, PageReader  # noqa: E402
from ingest.pdf.tables import TableView, is_table, read_tables, rulings  # noqa: E402
from ingest.sources import UnreadableSource  # noqa: E402

REAL_DOCS = ROOT.parent / "shared" / "real-docs"
SHINGLE = 6
_WORD = re.compile(r"[^\W\d_]+")
# A word, a hyphen (or a soft hyphen), a line end, a word: decided by
# ``joined_at_line_ends`` for lower-case letters of any script ("céré-" + "brale").
_LINE_END_HYPHEN = re.compile(r"([^\W\d_]+)([-\xad])\n([^\W\d_]+)")
_HYPHENATED = re.compile(r"[^\W\d_]+-[^\W\d_]+")
# A chart's frame holds at least this many drawings (a framed paragraph holds none).
FIGURE_MIN_DRAWINGS = 4
# ... and less body type than half a column's line (a chart's slanted labels measure all
# sizes, a few of them the body's).
FIGURE_MAX_BODY_GLYPHS = 30
# A diagram without a frame: at least this many drawings, each within this many points
# of another (a box and the line drawn to its edge touch)...
DIAGRAM_MIN_DRAWINGS = 10
DIAGRAM_TOUCH = 1.5
# ... covering this share of their extent: boxes with white between them. On the real
# files, diagrams and maps cover 0.23-0.56, tables and boxes <= 0.08 or >= 0.82.
DIAGRAM_MIN_COVER = 0.15
DIAGRAM_MAX_COVER = 0.67
_BBOX_PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)
_BBOX_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


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


def pdftotext(path: Path, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", "-q", "-raw", *options, "-enc", "UTF-8", str(path), "-"],
        check=False,
        capture_output=True,
        text=True,
    )
    return result.stdout


def reference_text(path: Path) -> str:
    return pdftotext(path)


def without_running(text: str, running: Sequence[str]) -> str:
    """The reference without the lines the reader took out as running lines. poppler
    may print one running line as several (a stamp set sideways, a word a line): a run
    of lines that together make a running line goes too."""
    keys = {tuple(words(line)) for line in running}
    prefixes = {key[:end] for key in keys for end in range(1, len(key))}
    lines = [line for line in text.split("\n") if words(line)]
    kept = []
    index = 0
    while index < len(lines):
        end, found = index, ()
        while end < len(lines):
            found += tuple(words(lines[end]))
            end += 1
            if found in keys or found not in prefixes:
                break
        if found in keys:
            index = end
            continue
        kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def joined_at_line_ends(text: str) -> str:
    """The text with each line-end hyphen between lower-case letters joined, unless it
    is a hyphen the document prints inside a line in that word more often than the word
    joined ("acido-" / "basique" is "acido-basique"); a soft hyphen is always a break."""
    inside = Counter(
        match.group(0).lower() for line in text.split("\n") for match in _HYPHENATED.finditer(line)
    )
    joined = Counter(words(text))

    def join(match: re.Match) -> str:
        stem, hyphen, tail = match.groups()
        if not (stem[-1].islower() and tail[0].islower()):
            return match.group(0)
        hyphenated = f"{stem}-{tail}".lower()
        if hyphen == "-" and inside[hyphenated] > joined[f"{stem}{tail}".lower()]:
            return f"{stem}-{tail}"
        return stem + tail

    return _LINE_END_HYPHEN.sub(join, text)


def order_share(reference: str, read: str) -> float:
    wanted = shingles(words(joined_at_line_ends(reference)))
    if not wanted:
        return 1.0
    return len(wanted & shingles(words(read))) / len(wanted)


# Figures ------------------------------------------------------------------------------


def figures(data: bytes) -> dict[int, list[Region]]:
    """Each page's figures and dingbat pictures (by page number), found by the rules of
    the module docstring in what the reader's own page reader sees drawn."""
    reader = PageReader(data)
    drawn_pages = []
    sizes: Counter[float] = Counter()
    for page in reader.pdf.pages:
        drawn = reader.drawn_fast(page)
        sizes.update(round(glyph.size, 1) for glyph in drawn.glyphs if glyph.text.strip())
        drawn_pages.append((page, drawn))
    if not sizes:
        return {}
    body_size = sizes.most_common(1)[0][0]
    found = {}
    for page, drawn in drawn_pages:
        regions = page_figures(page, drawn, body_size) + dingbat_pictures(drawn)
        if regions:
            found[page.page_number] = regions
        page.close()
    return found


def page_figures(page, drawn: Drawn, body_size: float) -> list[Region]:
    page_area = Region(0.0, float(page.height), 0.0, float(page.width))

    def may_be_figure(region: Region) -> bool:
        if region.x1 - region.x0 < 50 or region.bottom - region.top < 30:
            return False
        if not within(region, page_area, slack=-1.0):
            return False  # printed to the page's edge: a background (a cover), no figure
        body_glyphs = sum(
            1
            for glyph in drawn.glyphs
            if abs(glyph.size - body_size) < 0.3 and glyph.text.strip() and within(glyph, region)
        )
        return body_glyphs < FIGURE_MAX_BODY_GLYPHS  # else body text: a box

    frames = []
    for shape in drawn.shapes:
        frame = shape.region
        if shape.kind != "rect" or not may_be_figure(frame):
            continue
        drawings = sum(
            1 for other in drawn.shapes if other.region != frame and within(other.region, frame)
        )
        if drawings >= FIGURE_MIN_DRAWINGS:
            frames.append(frame)
    for cluster in touching_clusters([shape.region for shape in drawn.shapes]):
        if len(cluster) < DIAGRAM_MIN_DRAWINGS:
            continue
        extent = Region(
            min(r.top for r in cluster),
            max(r.bottom for r in cluster),
            min(r.x0 for r in cluster),
            max(r.x1 for r in cluster),
        )
        if may_be_figure(extent) and (
            DIAGRAM_MIN_COVER <= covered_share(cluster, extent) <= DIAGRAM_MAX_COVER
        ):
            frames.append(extent)
    if not frames:
        return []
    tables = []
    if rulings(drawn.shapes, float(page.width))[1]:
        tables = [
            table.region
            for table in read_tables(TableView(page, drawn.glyphs, drawn.shapes))
            if is_table(table, drawn.glyphs)
        ]
    # A frame inside a table is one of its cells.
    return [frame for frame in frames if not any(within(frame, table) for table in tables)]


def touching_clusters(regions: Sequence[Region]) -> list[list[Region]]:
    """The regions grouped so that each touches (within ``DIAGRAM_TOUCH``) another of its
    group."""
    parent = list(range(len(regions)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    by_left = sorted(range(len(regions)), key=lambda index: regions[index].x0)
    for position, index in enumerate(by_left):
        region = regions[index]
        for other_index in by_left[position + 1 :]:
            other = regions[other_index]
            if other.x0 > region.x1 + DIAGRAM_TOUCH:
                break
            if (
                other.top <= region.bottom + DIAGRAM_TOUCH
                and region.top <= other.bottom + DIAGRAM_TOUCH
            ):
                parent[root(index)] = root(other_index)
    groups: dict[int, list[Region]] = {}
    for index, region in enumerate(regions):
        groups.setdefault(root(index), []).append(region)
    return list(groups.values())


def covered_share(regions: Sequence[Region], extent: Region, steps: int = 40) -> float:
    """The share of ``extent`` that the regions cover, sampled on a grid."""
    height, width = extent.bottom - extent.top, extent.x1 - extent.x0
    hits = 0
    for row in range(steps):
        y = extent.top + (row + 0.5) * height / steps
        across = [r for r in regions if r.top <= y <= r.bottom]
        for column in range(steps):
            x = extent.x0 + (column + 0.5) * width / steps
            hits += any(r.x0 <= x <= r.x1 for r in across)
    return hits / steps**2


def dingbat_pictures(drawn: Drawn) -> list[Region]:
    """Where a page draws a picture with a dingbat font (the reader's bullet), each
    with the white space after it up to the next glyph of its row."""
    pictures = []
    for glyph in drawn.glyphs:
        if glyph.text != BULLET or not is_dingbat_font(glyph.fontname):
            continue
        following = [
            other.x0
            for other in drawn.glyphs
            if other.text.strip()
            and other.x0 >= glyph.x1 - 0.5
            and abs(other.baseline - glyph.baseline) < 1.0
        ]
        right = min(following, default=glyph.x1)
        pictures.append(Region(glyph.top, glyph.bottom, glyph.x0, max(right, glyph.x1)))
    return pictures


def within(item, region: Region, slack: float = 1.0) -> bool:
    return (
        item.x0 >= region.x0 - slack
        and item.x1 <= region.x1 + slack
        and item.top >= region.top - slack
        and item.bottom <= region.bottom + slack
    )


def printed_pages(path: Path) -> Iterator[tuple[int, float, float, str]]:
    """(page number, middle x, middle y, text) of each word ``pdftotext -raw -bbox``
    prints, in the order of the raw text; y from the page's top, as pdfplumber counts."""
    for number, page in enumerate(_BBOX_PAGE.findall(pdftotext(path, "-bbox")), start=1):
        for x0, y0, x1, y1, text in _BBOX_WORD.findall(page):
            yield (
                number,
                (float(x0) + float(x1)) / 2,
                (float(y0) + float(y1)) / 2,
                html.unescape(text),
            )


def reference_without_figures(
    path: Path, reference: str, found: dict[int, list[Region]]
) -> tuple[str, dict[int, Counter[str]]]:
    """The reference with each word printed inside a figure taken out, and those words
    (per page). ``-bbox`` splits the raw text's words finer (at a dash, a font change)
    but prints the same characters in the same order: a raw word is placed where its
    first character was printed."""
    owners = []  # for each printed character, the place of its word
    for number, x, y, text in printed_pages(path):
        in_figure = any(r.x0 <= x <= r.x1 and r.top <= y <= r.bottom for r in found.get(number, ()))
        owners.extend([(number, in_figure)] * len("".join(text.split())))
    taken: dict[int, Counter[str]] = {}
    position = 0

    def keep_or_take(match: re.Match) -> str:
        nonlocal position
        token = match.group(0)
        number, in_figure = owners[position] if position < len(owners) else (0, False)
        position += len(token)
        if not in_figure:
            return token
        taken.setdefault(number, Counter()).update(words(token))
        return ""

    return re.sub(r"\S+", keep_or_take, reference), taken


def read_without_figures(doc: ReadDocument, taken: dict[int, Counter[str]]) -> str:
    """The reader's text without the blocks made only of words printed inside the
    figures of their pages."""
    lines = list(doc.source.lines)
    for block in doc.blocks:
        printed = words(" ".join(block_lines(block)))
        if not printed or block.page is None:
            continue
        available = Counter()
        for number in range(block.page, (block.page_end or block.page) + 1):
            available.update(taken.get(number, Counter()))
        if not Counter(printed) - available:
            lines[block.start_line - 1 : block.end_line] = [""] * (
                block.end_line - block.start_line + 1
            )
    return "\n".join(lines)


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
    reference, taken = reference_without_figures(path, reference, figures(data))
    reference = without_running(reference, doc.running)
    order = order_share(reference, read_without_figures(doc, taken))
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
