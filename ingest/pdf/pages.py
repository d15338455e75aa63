"""Page extraction: each page's glyphs and drawings -> a PageContent, over a process pool.

Glyphs and drawings come straight from pdfminer's layout objects (pdfplumber's
per-object dicts cost more than the parsing itself; ``fast=False`` takes them from
pdfplumber's ``page.chars``/``lines``/``rects``/``images`` instead, the same result in
about 2.3 times the time). The fast path runs pdfminer's interpreter as
``ingest.pdf.content`` speeds it up (content streams tokenized by one regular expression,
a ``Glyph`` made where pdfminer made an ``LTChar``): the same glyphs, in a half to a third of the
time on the real files. Long documents spread over a process pool, one process per
usable core; each worker opens the document once. A page that fails is returned with
its problem, never as an error, so one broken page does not lose the others.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace

import pdfplumber
from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect
from pdfminer.pdfinterp import PDFResourceManager

from ingest.pdf.checks import lost_content, one_line, open_pdf
from ingest.pdf.content import FastInterpreter, GlyphDevice
from ingest.pdf.lines import (
    Glyph,
    build_lines,
    glyph_text,
    quarter_turn,
    sideways_lines,
    without_twins,
)
from ingest.pdf.model import PageContent, PageImage, Region, Shape
from ingest.pdf.tables import TableView, is_table, read_tables, rulings, shaded_boxes

# Below this many pages the process pool costs more than it saves.
PARALLEL_MIN_PAGES = 12
# Pages handed to a worker at a time: small enough to balance two cores.
PAGES_PER_TASK = 6
# More processes than this fight over memory bandwidth more than they gain.
MAX_WORKERS = 4


@dataclass(slots=True)
class Drawn:
    """What a page draws: glyphs, shapes and images."""

    glyphs: list[Glyph] = field(default_factory=list)
    turned: list[Glyph] = field(default_factory=list)  # set sideways
    shapes: list[Shape] = field(default_factory=list)
    images: list[Region] = field(default_factory=list)


def extract_pages(
    data: bytes,
    page_count: int,
    *,
    workers: int | None = None,
    fast: bool = True,
    on_page: Callable[[int, int], None] | None = None,
) -> list[PageContent]:
    """Every page's content, in order; long documents spread over a process pool.

    ``on_page(done, total)`` is called as pages come in (a chunk at a time from the pool).

    ``fast`` reads glyphs and drawings straight from pdfminer's layout objects;
    ``fast=False`` takes them from pdfplumber's ``page.chars``/``lines``/``rects``/
    ``images``, which turns every object into a dict of some twenty attributes: the same
    result in about 2.3 times the time (``scripts/benchmark_pdf.py``).
    """
    workers = default_workers(page_count) if workers is None else max(1, workers)
    numbers = list(range(1, page_count + 1))
    if workers > 1:
        chunks = [numbers[i : i + PAGES_PER_TASK] for i in range(0, page_count, PAGES_PER_TASK)]
        try:
            with ProcessPoolExecutor(
                max_workers=workers, initializer=_init_worker, initargs=(data, fast)
            ) as pool:
                pages = []
                for chunk in pool.map(_read_in_worker, chunks):
                    pages.extend(chunk)
                    if on_page is not None:
                        on_page(len(pages), page_count)
                return pages
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had here (a sandbox, no /dev/shm): read serially
    reader = PageReader(data, fast=fast)
    if on_page is None:
        return reader.read(numbers)
    pages = []
    for number in numbers:
        pages.extend(reader.read([number]))
        on_page(number, page_count)
    return pages


def default_workers(page_count: int) -> int:
    """One process per usable core (at most four), for documents long enough to gain."""
    if page_count < PARALLEL_MIN_PAGES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS))


_worker_reader: PageReader | None = None


def _init_worker(data: bytes, fast: bool) -> None:
    global _worker_reader
    _worker_reader = PageReader(data, fast=fast)


def _read_in_worker(numbers: list[int]) -> list[PageContent]:
    assert _worker_reader is not None
    return _worker_reader.read(numbers)


class _LogCollector(logging.Handler):
    """Collects pdfminer's warnings while one page is read: its only sign of a bad page."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(one_line(record.getMessage()))


class PageReader:
    """An open document whose pages are read one by one (in one process)."""

    def __init__(self, data: bytes, *, fast: bool = True) -> None:
        self.pdf = open_pdf(data)
        self.fast = fast
        resources = PDFResourceManager(caching=True)
        self.device = GlyphDevice(resources)
        self.interpreter = FastInterpreter(resources, self.device)

    def read(self, numbers: Sequence[int]) -> list[PageContent]:
        contents = []
        for number in numbers:
            page = self.pdf.pages[number - 1]
            contents.append(self.extract(page))
            page.close()  # drop pdfplumber's per-page caches
        return contents

    def extract(self, page: pdfplumber.page.Page) -> PageContent:
        """One page's lines, tables, boxes, images and rules; problems, never an error."""
        collector = _LogCollector()
        pdfminer_logger = logging.getLogger("pdfminer")
        pdfminer_logger.addHandler(collector)
        base = PageContent(
            number=page.page_number, width=float(page.width), height=float(page.height)
        )
        try:
            drawn = self.drawn_fast(page) if self.fast else drawn_by_pdfplumber(page)
            content = page_content(page, drawn, base, fast=self.fast)
        except Exception as error:  # one broken page must not lose the others
            return replace(base, problems=(one_line(f"{type(error).__name__}: {error}"),))
        finally:
            pdfminer_logger.removeHandler(collector)
        problems = list(collector.messages)
        if content.has_text:
            problems = []  # warnings about a page that still gave its text are noise
        elif not content.images:
            lost = lost_content(page)
            if lost:
                problems.insert(0, lost)
        return replace(content, problems=tuple(problems[:1]))

    def drawn_fast(self, page: pdfplumber.page.Page) -> Drawn:
        """Glyphs and drawings from pdfminer's layout objects, with pdfplumber's
        coordinates (top-down, relative to the media box)."""
        height = float(page.height)
        shift = float(page.mediabox[1])
        self.device.height, self.device.shift = height, shift
        self.interpreter.process_page(page.page_obj)
        layout = self.device.get_result()
        drawn = Drawn(turned=self.device.turned)
        self.device.turned = []
        pending = list(layout)
        while pending:
            item = pending.pop()
            if type(item) is Glyph:  # GlyphDevice made it
                drawn.glyphs.append(item)
            elif isinstance(item, LTChar):
                if item.upright:
                    top = height - item.y1 + shift
                    drawn.glyphs.append(
                        Glyph(
                            glyph_text(item.get_text(), item.fontname),
                            item.fontname,
                            float(item.size),
                            float(item.x0),
                            float(item.x1),
                            top,
                            height - item.y0 + shift,
                            height - item.matrix[5] + shift,
                        )
                    )
                elif quarter_turn(item.matrix) and item.get_text().strip():
                    drawn.turned.append(
                        Glyph(
                            glyph_text(item.get_text(), item.fontname),
                            item.fontname,
                            float(item.x1 - item.x0),
                            float(item.x0),
                            float(item.x1),
                            height - item.y1 + shift,
                            height - item.y0 + shift,
                            height - item.matrix[5] + shift,
                            turned=quarter_turn(item.matrix),
                        )
                    )
            elif isinstance(item, LTCurve):  # lines and rectangles too
                region = Region(
                    height - item.y1 + shift, height - item.y0 + shift, item.x0, item.x1
                )
                kind = "line" if isinstance(item, LTLine) else "curve"
                kind = "rect" if isinstance(item, LTRect) else kind
                drawn.shapes.append(Shape(kind, region, bool(item.fill), item.non_stroking_color))
            elif isinstance(item, LTImage):
                drawn.images.append(
                    Region(height - item.y1 + shift, height - item.y0 + shift, item.x0, item.x1)
                )
            elif isinstance(item, LTFigure):
                pending.extend(item)
        return drawn


def drawn_by_pdfplumber(page: pdfplumber.page.Page) -> Drawn:
    """The same as ``PageReader.drawn_fast``, through pdfplumber's object dicts."""
    drawn = Drawn()
    for char in page.chars:
        if char.get("upright", True):
            base = float(char["top"]) + float(char["y1"]) - float(char["matrix"][5])
            drawn.glyphs.append(
                Glyph(
                    glyph_text(char["text"], char.get("fontname", "")),
                    char.get("fontname", ""),
                    float(char["size"]),
                    float(char["x0"]),
                    float(char["x1"]),
                    float(char["top"]),
                    float(char["bottom"]),
                    base,
                )
            )
        elif quarter_turn(char["matrix"]) and char["text"].strip():
            drawn.turned.append(
                Glyph(
                    glyph_text(char["text"], char.get("fontname", "")),
                    char.get("fontname", ""),
                    float(char["x1"]) - float(char["x0"]),
                    float(char["x0"]),
                    float(char["x1"]),
                    float(char["top"]),
                    float(char["bottom"]),
                    float(char["top"]) + float(char["y1"]) - float(char["matrix"][5]),
                    turned=quarter_turn(char["matrix"]),
                )
            )
    for item in (*page.lines, *page.rects, *page.curves):
        region = Region(
            float(item["top"]), float(item["bottom"]), float(item["x0"]), float(item["x1"])
        )
        drawn.shapes.append(
            Shape(
                item["object_type"], region, bool(item.get("fill")), item.get("non_stroking_color")
            )
        )
    drawn.images.extend(
        Region(float(i["top"]), float(i["bottom"]), float(i["x0"]), float(i["x1"]))
        for i in page.images
    )
    return drawn


def page_content(
    page: pdfplumber.page.Page, drawn: Drawn, base: PageContent, *, fast: bool = True
) -> PageContent:
    rules, grid = rulings(drawn.shapes, base.width)
    tables = []
    if grid:
        # A cell's text, like a line's, has each over-printed ("fake bold") glyph once.
        once = without_twins(drawn.glyphs)
        # Text set sideways goes to its cells from ``drawn.turned``, on either path.
        view = (
            TableView(page, once, drawn.shapes)
            if fast
            else page.dedupe_chars().filter(lambda item: item.get("upright", True))
        )
        tables = [table for table in read_tables(view, drawn.turned) if is_table(table, once)]
    table_regions = [table.region for table in tables]
    glyphs, turned = drawn.glyphs, drawn.turned
    if table_regions:  # the tables' text is in their cells
        glyphs = [glyph for glyph in glyphs if not inside_any(glyph, table_regions)]
        turned = [glyph for glyph in turned if not inside_any(glyph, table_regions)]
    boxes = shaded_boxes(drawn.shapes, base.width)
    lines, groups = build_lines(glyphs, [*table_regions, *drawn.images], boxes)
    # Text set sideways (a margin stamp, a turned label) is no part of the text's flow,
    # which may run on from the page before into the first column: it reads first, as
    # a group of its own.
    lines = [replace(line, column=-1) for line in sideways_lines(turned)] + lines
    page_area = base.width * base.height or 1.0
    image_area = sum((r.bottom - r.top) * (r.x1 - r.x0) for r in drawn.images) / page_area
    return replace(
        base,
        lines=tuple(lines),
        tables=tuple(
            replace(table, column=group) for table, group in zip(tables, groups, strict=False)
        ),
        boxes=tuple(boxes),
        images=tuple(
            PageImage(region, group)
            for region, group in zip(drawn.images, groups[len(tables) :], strict=True)
        ),
        rules=tuple(rules),
        image_area=min(image_area, 1.0),
    )


def inside_any(glyph: Glyph, regions: Sequence[Region]) -> bool:
    middle_x = (glyph.x0 + glyph.x1) / 2
    middle_y = (glyph.top + glyph.bottom) / 2
    return any(r.x0 <= middle_x <= r.x1 and r.top <= middle_y <= r.bottom for r in regions)
