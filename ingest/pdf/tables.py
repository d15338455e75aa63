"""Rulings, ruled tables and shaded boxes, from what a page draws.

* A ruling is a line or a hairline rectangle. pdfplumber's ``TableFinder`` runs only on
  pages whose rulings can form a grid (three verticals and three horizontals): it is
  the slowest step of reading a page. On the fast path it reads the glyphs and shapes
  already drawn (:class:`TableView`), so the page is not parsed a second time.
* A table needs two rows and two columns; a one-column frame is a framed paragraph.
  A cell keeps its printed lines ("\\n"); a row that wraps is still one row. A grid
  whose cells are mostly empty, or that holds text outside its cells (a chart's grid
  lines, printer's crop marks round a page), is no table (``is_table``).
* A short horizontal rule (under ``FOOTNOTE_RULE_MAX_WIDTH`` of the page) may open the
  footnote area; ``ingest.pdf.layout`` decides.
* A shaded box is a filled, non-white rectangle wide enough to hold text; rectangles
  drawn row by row merge into one box.
"""

from __future__ import annotations

from collections.abc import Sequence

import pdfplumber
from pdfplumber.table import TableFinder
from pdfplumber.utils import obj_to_edges

from ingest.pdf.lines import Glyph
from ingest.pdf.model import PageTable, Region, Shape

FOOTNOTE_RULE_MAX_WIDTH = 0.45  # of the text width


def rulings(shapes: Sequence[Shape], page_width: float) -> tuple[list[Region], bool]:
    """Short horizontal rules (footnote separators) and whether the rulings form a grid.

    A ruling is a line or a hairline rectangle; a grid needs at least three distinct
    verticals and three horizontals, so a box's background never triggers the table
    search.
    """
    horizontals: list[Region] = []
    vertical_xs: set[int] = set()
    for shape in shapes:
        region = shape.region
        width, height = region.x1 - region.x0, region.bottom - region.top
        if height <= 2 and width > 2:
            horizontals.append(region)
        elif width <= 2 and height > 2:
            vertical_xs.add(round(region.x0))
    horizontal_ys = {round(rule.top) for rule in horizontals}
    grid = len(vertical_xs) >= 3 and len(horizontal_ys) >= 3
    longest = FOOTNOTE_RULE_MAX_WIDTH * 0.8 * page_width
    return [rule for rule in horizontals if rule.x1 - rule.x0 < longest], grid


class TableView:
    """What pdfplumber's ``TableFinder`` reads of a page (its ``bbox``, ``edges`` and
    ``chars``), made from the glyphs and shapes the fast path has already drawn."""

    def __init__(
        self, page: pdfplumber.page.Page, glyphs: Sequence[Glyph], shapes: Sequence[Shape]
    ) -> None:
        self.bbox = page.bbox
        height = float(page.height)
        self.edges = [
            edge
            for shape in shapes
            if shape.kind in ("line", "rect")
            for edge in obj_to_edges(shape_object(shape, height))
        ]
        self.chars = [glyph_object(glyph, height) for glyph in glyphs]


def shape_object(shape: Shape, height: float) -> dict:
    r = shape.region
    return {
        "object_type": shape.kind,
        "x0": r.x0,
        "x1": r.x1,
        "top": r.top,
        "bottom": r.bottom,
        "doctop": r.top,
        "y0": height - r.bottom,
        "y1": height - r.top,
        "width": r.x1 - r.x0,
        "height": r.bottom - r.top,
    }


def glyph_object(glyph: Glyph, height: float) -> dict:
    return {
        "object_type": "char",
        "text": glyph.text,
        "fontname": glyph.fontname,
        "size": glyph.size,
        "upright": True,
        "x0": glyph.x0,
        "x1": glyph.x1,
        "top": glyph.top,
        "bottom": glyph.bottom,
        "doctop": glyph.top,
        "y0": height - glyph.bottom,
        "y1": height - glyph.top,
        "width": glyph.x1 - glyph.x0,
        "height": glyph.bottom - glyph.top,
        "matrix": (1, 0, 0, 1, glyph.x0, height - glyph.baseline),
    }


def read_tables(page: pdfplumber.page.Page | TableView) -> list[PageTable]:
    """Ruled tables with at least two rows and two columns, cells as printed, found by
    pdfplumber's table finder (on a page, or on the view of one)."""

    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    tables = []
    for found in TableFinder(page, settings).tables:
        rows = [
            tuple(cell_text(cell) for cell in row if cell is not None) for row in found.extract()
        ]
        rows = [row for row in rows if row]
        if not rows or max(len(row) for row in rows) < 2:
            continue  # a framed paragraph, not a table (one row is: a table's first row
            # at the foot of a page)
        x0, top, x1, bottom = (float(v) for v in found.bbox)
        tables.append(PageTable(Region(top, bottom, x0, x1), tuple(rows)))
    return tables


def cell_text(cell: str | None) -> str:
    """A cell's printed lines, each whitespace-normalised; "" for an empty cell."""
    if not cell:
        return ""
    lines = [" ".join(line.split()) for line in cell.split("\n")]
    return "\n".join(line for line in lines if line)


def shaded_boxes(shapes: Sequence[Shape], page_width: float) -> list[Region]:
    """Filled, non-white rectangles wide enough to hold text: box backgrounds, merged
    where they touch (a box drawn row by row)."""
    regions = []
    for shape in shapes:
        region = shape.region
        if not shape.fill or is_white(shape.colour):
            continue
        if region.x1 - region.x0 < 0.3 * page_width or region.bottom - region.top < 4:
            continue
        regions.append(region)
    regions.sort(key=lambda r: (r.top, r.x0))
    merged: list[Region] = []
    for region in regions:
        last = merged[-1] if merged else None
        if (
            last
            and abs(last.x0 - region.x0) < 2
            and abs(last.x1 - region.x1) < 2
            and region.top <= last.bottom + 2
        ):
            merged[-1] = Region(last.top, max(last.bottom, region.bottom), last.x0, last.x1)
        else:
            merged.append(region)
    return merged


def is_white(colour: object) -> bool:
    if colour is None:
        return True
    values = colour if isinstance(colour, list | tuple) else (colour,)
    numbers = [v for v in values if isinstance(v, int | float)]
    if not numbers:
        return False
    if len(numbers) == 4:  # CMYK: white is no ink
        return all(v <= 0.02 for v in numbers)
    return all(v >= 0.98 for v in numbers)


MIN_FILLED_CELLS = 0.3  # share of a table's cells that hold text
MIN_TEXT_IN_CELLS = 0.5  # share of the glyphs inside a table's frame that its cells hold


def is_table(table: PageTable, glyphs: Sequence[Glyph]) -> bool:
    cells = [cell for row in table.rows for cell in row]
    if sum(1 for cell in cells if cell) < MIN_FILLED_CELLS * len(cells):
        return False
    region = table.region
    inside = sum(
        1
        for glyph in glyphs
        if glyph.text.strip()
        and region.x0 <= (glyph.x0 + glyph.x1) / 2 <= region.x1
        and region.top <= (glyph.top + glyph.bottom) / 2 <= region.bottom
    )
    held = sum(len(cell.replace(" ", "").replace("\n", "")) for cell in cells)
    return held >= MIN_TEXT_IN_CELLS * inside
