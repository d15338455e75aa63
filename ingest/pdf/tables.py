"""Rulings, ruled tables and shaded boxes, from what a page draws.

* A ruling is a line or a hairline rectangle. pdfplumber's ``TableFinder`` runs only on
  pages whose rulings can form a grid (three verticals and three horizontals): it is
  the slowest step of reading a page. On the fast path it reads the glyphs and shapes
  already drawn (:class:`TableView`), so the page is not parsed a second time.
* A table needs two rows and two columns; a one-column frame is a framed paragraph.
  A cell keeps its printed lines ("\\n"); a row that wraps is still one row. A grid
  whose cells are mostly empty, or that holds text outside its cells (a chart's grid
  lines, printer's crop marks round a page), is no table (``is_table``).
* A row label set sideways in a cell (turned along the table's side) is the cell's
  text, its lines left to right.
* A table set without rulings is found among a column's printed lines: a run of
  lines split by tab stops into three or more cells, with its header's lines and
  wrapped labels (``unruled_tables``). Its columns come from its body's cells, its rows
  from the white between them: lines set tighter than the rows are apart are one row
  (``table_rows``); dot leaders are left out of its cells.
* A short horizontal rule (under ``FOOTNOTE_RULE_MAX_WIDTH`` of the page) may open the
  footnote area; ``ingest.pdf.layout`` decides.
* A shaded box is a filled, non-white rectangle wide enough to hold text; rectangles
  drawn row by row merge into one box.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from statistics import median

import pdfplumber
from pdfplumber.table import Table, TableFinder
from pdfplumber.utils import obj_to_edges

from ingest.pdf.lines import Glyph, sideways_lines
from ingest.pdf.model import PageLine, PageTable, Region, Segment, Shape

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
        self.glyphs = glyphs
        self.height = height

    @property
    def chars(self) -> list[dict]:
        """Every glyph as pdfplumber's char dict (``read_tables`` makes only those inside a
        table: the finder itself reads edges)."""
        return [glyph_object(glyph, self.height) for glyph in self.glyphs]


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


def read_tables(
    page: pdfplumber.page.Page | TableView, turned: Sequence[Glyph] = ()
) -> list[PageTable]:
    """Ruled tables with at least two rows and two columns, cells as printed, found by
    pdfplumber's table finder (on a page, or on the view of one). ``turned`` is the
    page's text set sideways: a row's label turned along the table's side is the text
    of its cell."""

    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
    tables = []
    for found in TableFinder(page, settings).tables:
        # pdfplumber's extract tests every char of the page against every row; only the
        # chars whose middle lies in the table can be in one of its rows.
        inside = _CharsOnly(chars_within(page, found.bbox))
        table = Table(inside, found.cells)
        rows = [
            tuple(
                with_sideways(cell_text(text), cell, turned)
                for text, cell in zip(texts, row.cells, strict=True)
                if cell is not None
            )
            for texts, row in zip(table.extract(), table.rows, strict=True)
        ]
        rows = [row for row in rows if row]
        if not rows or max(len(row) for row in rows) < 2:
            continue  # a framed paragraph, not a table (one row is: a table's first row
            # at the foot of a page)
        x0, top, x1, bottom = (float(v) for v in found.bbox)
        tables.append(PageTable(Region(top, bottom, x0, x1), tuple(rows)))
    return tables


class _CharsOnly:
    """The chars a ``Table.extract`` reads of its page."""

    def __init__(self, chars: list[dict]) -> None:
        self.chars = chars


def chars_within(page: pdfplumber.page.Page | TableView, bbox: tuple) -> list[dict]:
    """The page's chars, in order, whose middle lies in ``bbox`` or on its edge (the
    middle computed as pdfplumber's ``Table.extract`` computes it)."""
    x0, top, x1, bottom = bbox
    if isinstance(page, TableView):
        return [
            glyph_object(g, page.height)
            for g in page.glyphs
            if x0 <= (g.x0 + g.x1) / 2 <= x1 and top <= (g.top + g.bottom) / 2 <= bottom
        ]
    return [
        c
        for c in page.chars
        if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
    ]


def with_sideways(text: str, cell: tuple, turned: Sequence[Glyph]) -> str:
    """A cell's text with the lines set sideways inside it after its upright lines."""
    x0, top, x1, bottom = cell
    inside = [
        glyph
        for glyph in turned
        if x0 <= (glyph.x0 + glyph.x1) / 2 <= x1 and top <= (glyph.top + glyph.bottom) / 2 <= bottom
    ]
    if not inside:
        return text
    lines = [line.segments[0].text for line in sideways_lines(inside)]
    return "\n".join(line for line in (text, *lines) if line)


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


# --- Tables set without rulings --------------------------------------------------------------

MIN_UNRULED_ROWS = 3  # lines in a row with tab stops before they are a table
MIN_UNRULED_CELLS = 3  # segments of such a line
HEADER_WIDTH = 0.6  # of the table's width: a piece wider is a caption or text, no cell
CLOSE_STEP = 1.5  # x size: a baseline step this small sets a line close to the next
ROW_SPACING = 1.15  # a step this much over the tightest sets rows apart
_LEADER = re.compile(r"\s*(?:\.\s*){3,}$")  # dot leaders running to the next cell


def unruled_tables(lines: Sequence[PageLine]) -> list[tuple[int, int, PageTable]]:
    """Tables set without rulings among consecutive printed lines of one column, as
    (first line index, last line index, table).

    A table is ``MIN_UNRULED_ROWS`` or more lines in a row each split by tab stops into
    ``MIN_UNRULED_CELLS`` or more segments, with the lines among and above them that fit
    in its columns and are set close to the next table line (a label that wraps above
    its figures, the lines of a header; not a caption, set further off or wider). A line
    close below a row with text in its first columns only is that row wrapping.
    Lines on one baseline are one row: a table's last columns, beyond the edge of its
    page's few lines of running text, are lines of their own
    (``ingest.pdf.lines.margin_side``). Rows and cells: ``table_rows``.
    """
    merged = lines_by_baseline(lines)
    rows = [line for _, _, line in merged]
    found = []
    index = 0
    while index < len(rows):
        end = index
        rows_seen: list[PageLine] = []
        while end < len(rows):
            line = rows[end]
            if len(line.segments) >= MIN_UNRULED_CELLS:
                rows_seen.append(line)
            elif not (
                rows_seen
                and (
                    (close_below(rows[end - 1], line) and wraps_row(line, column_spans(rows_seen)))
                    or leads_into_row(rows, end, rows_seen)
                )
            ):
                break
            end += 1
        if len(rows_seen) >= MIN_UNRULED_ROWS:
            first = header_start(rows, index, rows_seen)
            chosen = rows[first:end]
            region = Region(
                min(line.top for line in chosen),
                max(line.bottom for line in chosen),
                min(line.x0 for line in chosen),
                max(line.x1 for line in chosen),
            )
            table = PageTable(region, tuple(table_rows(chosen, rows_seen)))
            found.append((merged[first][0], merged[end - 1][1], table))
        index = max(end, index + 1)
    return found


def lines_by_baseline(lines: Sequence[PageLine]) -> list[tuple[int, int, PageLine]]:
    """Consecutive lines on one baseline joined into one, as (first index, last index,
    line)."""
    merged: list[tuple[int, int, PageLine]] = []
    for index, line in enumerate(lines):
        if merged and abs(line.baseline - merged[-1][2].baseline) < 0.2 * line.size:
            first, _, before = merged[-1]
            merged[-1] = (first, index, joined_line(before, line))
        else:
            merged.append((index, index, line))
    return merged


def joined_line(left: PageLine, right: PageLine) -> PageLine:
    """Two lines of one baseline as one (``left`` keeps its style)."""

    def by_x(pieces):
        return tuple(sorted(pieces, key=lambda piece: piece.x0))

    cells = ()
    if left.cells or right.cells:
        cells = by_x((*pieces_of(left), *pieces_of(right)))
    return replace(
        left,
        top=min(left.top, right.top),
        bottom=max(left.bottom, right.bottom),
        x0=min(left.x0, right.x0),
        x1=max(left.x1, right.x1),
        segments=by_x((*left.segments, *right.segments)),
        cells=cells,
    )


def pieces_of(line: PageLine) -> tuple[Segment, ...]:
    """The line's cells: cut at every gap wide enough to part two (``PageLine.cells``)."""
    return line.cells or line.segments


def fits_columns(line: PageLine, rows_seen: Sequence[PageLine]) -> bool:
    """No piece of the line wider than ``HEADER_WIDTH`` of the table: a header's or a
    label's line, not a caption's or a paragraph's."""
    width = max(row.x1 for row in rows_seen) - min(row.x0 for row in rows_seen)
    return all(piece.x1 - piece.x0 < HEADER_WIDTH * width for piece in pieces_of(line))


def leads_into_row(rows: Sequence[PageLine], index: int, rows_seen: Sequence[PageLine]) -> bool:
    """The line (with fewer cells) and any like it after it fit the table's columns and
    are each set close above the next, down to a line of the table's: a label wrapping
    above its figures."""
    for line, below in zip(rows[index:], rows[index + 1 :], strict=False):
        if not fits_columns(line, rows_seen) or below.baseline - line.baseline > (
            CLOSE_STEP * line.size
        ):
            return False
        if len(below.segments) >= MIN_UNRULED_CELLS:
            return True
    return False


def header_start(rows: Sequence[PageLine], first: int, rows_seen: Sequence[PageLine]) -> int:
    """Where the table starts: above its first row, the lines of its header that fit its
    columns, each set no further above the next than the table's rows are apart (a
    caption stands further off)."""
    steps = [b.baseline - a.baseline for a, b in zip(rows_seen, rows_seen[1:], strict=False)]
    row_step = median(steps) if steps else 0.0
    while (
        first > 0
        and fits_columns(rows[first - 1], rows_seen)
        and 0 < rows[first].baseline - rows[first - 1].baseline <= row_step
    ):
        first -= 1
    return first


def close_below(above: PageLine, line: PageLine) -> bool:
    """The next line of the same text: the same type size, set under it without space."""
    return abs(line.size - above.size) < 0.3 and line.top - above.bottom < 0.8 * line.size


def column_spans(lines: Sequence[PageLine]) -> list[tuple[float, float]]:
    spans: list[tuple[float, float]] = []
    for segment in sorted((s for line in lines for s in pieces_of(line)), key=lambda s: s.x0):
        if spans and segment.x0 <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], segment.x1))
        else:
            spans.append((segment.x0, segment.x1))
    return spans


def column_of(segment: Segment, columns: Sequence[tuple[float, float]]) -> int:
    """The column a piece stands in: the first of those whose middles it covers (a
    header over several columns heads the first), else the one it overlaps most, else
    the nearest."""
    covered = [i for i, (x0, x1) in enumerate(columns) if segment.x0 <= (x0 + x1) / 2 <= segment.x1]
    if len(covered) > 1:
        return covered[0]
    middle = (segment.x0 + segment.x1) / 2
    return min(
        range(len(columns)),
        key=lambda i: (-overlap(segment, columns[i]), distance(middle, columns[i])),
    )


def overlap(segment: Segment, span: tuple[float, float]) -> float:
    return max(0.0, min(segment.x1, span[1]) - max(segment.x0, span[0]))


def distance(x: float, span: tuple[float, float]) -> float:
    return 0.0 if span[0] <= x <= span[1] else min(abs(x - span[0]), abs(x - span[1]))


def wraps_row(line: PageLine, columns: Sequence[tuple[float, float]]) -> bool:
    """A line with text in the table's columns but not in its last one, fewer cells than
    the table has: the row above wrapping."""
    if len(columns) < 2 or len(line.segments) >= len(columns):
        return False
    used = {column_of(segment, columns) for segment in line.segments}
    return len(columns) - 1 not in used and all(
        distance((s.x0 + s.x1) / 2, columns[column_of(s, columns)]) == 0 for s in line.segments
    )


def table_rows(lines: Sequence[PageLine], rows_seen: Sequence[PageLine]) -> list[tuple[str, ...]]:
    """The table's rows, each cell its printed lines ("\\n").

    Its columns are its body's (``body_columns``: a header's line may hold a title
    over several columns). Where the table sets its rows further apart than its tightest
    lines, lines set that tight are one row (a header's lines, a label wrapping over
    two lines); where it sets every line alike, each line with tab stops is a row and a
    line with fewer cells goes on with the row above where that row has text in its
    cells.
    """
    columns = body_columns(rows_seen)
    steps = [b.baseline - a.baseline for a, b in zip(lines, lines[1:], strict=False)]
    tightest = min(steps, default=0.0)
    set_apart = bool(steps) and median(steps) > ROW_SPACING * tightest
    rows: list[list[list[str]]] = []  # each row: each cell's printed lines
    for index, line in enumerate(lines):
        cells: list[list[str]] = [[] for _ in columns]
        for piece in pieces_of(line):
            text = _LEADER.sub("", piece.text)
            column = cells[column_of(piece, columns)]
            if column and text:
                column[-1] = f"{column[-1]} {text}"
            elif text:
                column.append(text)
        if set_apart:
            joins = index > 0 and steps[index - 1] <= ROW_SPACING * tightest
        else:
            # A line with fewer cells goes on with the cells of the row above it has
            # text in (a label wrapping), not with empty ones (a group's label under a
            # header's line with no label).
            joins = (
                len(line.segments) < MIN_UNRULED_CELLS
                and bool(rows)
                and all(rows[-1][column] for column, more in enumerate(cells) if more)
            )
        if rows and joins:
            for kept, more in zip(rows[-1], cells, strict=True):
                kept.extend(more)
        else:
            rows.append(cells)
    return [tuple("\n".join(cell) for cell in row) for row in rows]


def body_columns(rows_seen: Sequence[PageLine]) -> list[tuple[float, float]]:
    """The x-ranges of the table's columns: what the cells of its lines with the most
    cells (at least the median number) cover together."""
    counts = sorted(len(pieces_of(line)) for line in rows_seen)
    most = counts[len(counts) // 2]
    return column_spans([line for line in rows_seen if len(pieces_of(line)) >= most])
