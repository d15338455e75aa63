"""Document-wide layout: body type, heading sizes, running lines, footnote areas, words.

Choices:

* The body type is that of most prose: lines of one run of text (a table printed as
  text would outweigh it in a long appendix). Bold text ``HEADING_RATIO`` larger than
  the body is a heading type (if printed on two pages or more: a cover's title is
  not); the largest is level 1.
* **Running lines**: a line at a page's top or bottom edge (the two outermost rows
  there, found by position, not by reading order) or in a side margin (outside the
  body's text edges) whose text, digits masked, recurs on ``RUNNING_SHARE`` of the
  pages is a running header or footer; a bare number there is a page number when it
  runs with the pages (its value minus the page's index is the document's usual
  offset), so a year or an amount that happens to open a page stays. The text edges
  are taken apart for odd and even pages: a book mirrors its margins, so a running
  title in the outer margin of a right-hand page stands where a left-hand page's text
  does.
* **Margin notes**: two or more lines stacked in a side margin (a journal's table
  caption beside its table, a margin heading) read after the page's text, as a column
  of their own (``margin_notes``): their short lines make no column for the reading
  order of ``ingest.pdf.columns``, which would interleave them with the body's lines.
* **Footnotes**: lines below a short rule in the lower half of a page, in a type
  smaller than the body, read in the page's reading order (a footnote area under three
  columns is three columns of notes), each column opening with a mark. A mark may be
  a superscript, a number opening the line, or a number set apart just left of the
  line (FrameMaker, the Federal Register). A chart's axis labels sit above any such
  rule, or have no rule at all, so they stay in the text.
* **Words**: how often the document prints each word inside a line, to decide a
  hyphen at a line end by the document's own spelling (``ingest.pdf.blocks``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from ingest.pdf.model import PageContent, PageLine

HEADING_RATIO = 1.08  # bold text this much larger than the body is a heading
RUNNING_ZONE = 0.12  # top/bottom share of the page where running lines live
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.3
MARGIN_CLEARANCE = 6.0  # points outside the body's text edges: the side margin
RUNNING_TEXT_CHARS = 25  # a body line this long is running text

_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:av|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_MARK = re.compile(r"^\s*[1-9]\d{0,2}\s*$")
_WORD = re.compile(r"[^\W\d_][\w-]*[^\W\d_]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Footnote:
    page: int
    number: str  # the mark as printed ("1"), "" when none was found
    lines: tuple[str, ...]  # as printed, the mark left out: blocks joins them


@dataclass(frozen=True, slots=True)
class Layout:
    """Facts about the whole document the blocks need."""

    body_size: float
    heading_sizes: tuple[float, ...]  # largest first: level 1, 2, ...
    left: float  # the body's left edge
    # The outermost left and right of the body's lines of running text (not a line
    # number or a label in the side margin, nor a caption set there beside a table).
    text_area: tuple[float, float]
    space_width: float
    leading: float  # baseline step inside a paragraph of body text
    removed: frozenset[tuple[int, int]]  # (page, line index) of running lines and footnotes
    margin_notes: dict[tuple[int, int], int]  # (page, line index) -> side (-1 left, 1 right)
    footnotes: tuple[Footnote, ...]
    running_texts: tuple[str, ...]  # each running line as last printed
    words: Counter[str]  # how often each word (lower case) is printed inside a line


def analyse(pages: Sequence[PageContent]) -> Layout:
    lines = [line for page in pages for line in page.lines]
    sizes: Counter[float] = Counter()
    for line in lines:
        if not line.bold and len(line.segments) == 1:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    heading_pages: dict[float, set[int]] = {}
    for page in pages:
        for line in page.lines:
            if line.bold and line.size >= HEADING_RATIO * body_size:
                heading_pages.setdefault(line.size, set()).add(page.number)
    # A size printed on a single page (a cover's title) is no heading type.
    single = len(pages) > 2
    heading_sizes = sorted(
        (size for size, found in heading_pages.items() if len(found) >= 2 or not single),
        reverse=True,
    )
    body = [line for line in lines if abs(line.size - body_size) < 0.5]
    lefts = Counter(round(line.x0) for line in body)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    edges = text_edges(pages, body_size)
    removed, running = running_lines(pages, edges)
    footnote_keys, footnotes = find_footnotes(pages, removed, body_size)
    return Layout(
        body_size=body_size,
        heading_sizes=tuple(heading_sizes),
        left=left,
        text_area=text_area(body, edges),
        space_width=0.25 * body_size,
        leading=body_leading(pages, body_size),
        removed=frozenset(removed | footnote_keys),
        margin_notes=margin_notes(pages, edges, removed | footnote_keys),
        footnotes=tuple(footnotes),
        running_texts=tuple(running),
        words=vocabulary(pages),
    )


def text_area(body: Sequence[PageLine], edges: tuple[float, float]) -> tuple[float, float]:
    running = [line for line in body if len(line.text) >= RUNNING_TEXT_CHARS]
    if not running:
        return edges
    return min(line.x0 for line in running), max(line.x1 for line in running)


def body_leading(pages: Sequence[PageContent], body_size: float) -> float:
    steps = Counter()
    for page in pages:
        body = [line for line in page.lines if abs(line.size - body_size) < 0.5]
        for before, after in zip(body, body[1:], strict=False):
            step = round(after.baseline - before.baseline, 1)
            if 0 < step < 3 * body_size and before.column == after.column:
                steps[step] += 1
    return steps.most_common(1)[0][0] if steps else 1.2 * body_size


def text_edges(pages: Sequence[PageContent], body_size: float) -> dict[int, tuple[float, float]]:
    """The body's left and right text edges on odd and even pages (by page number % 2):
    the outermost edges of the lines in the body's type. A side with no body text takes
    the other's."""
    found: dict[int, tuple[float, float]] = {}
    for parity in (0, 1):
        body = [
            line
            for page in pages
            if page.number % 2 == parity
            for line in page.lines
            if abs(line.size - body_size) < 0.5
        ]
        if body:
            found[parity] = (
                float(min(round(line.x0) for line in body)),
                float(max(round(line.x1) for line in body)),
            )
    fallback = found.get(0) or found.get(1) or (0.0, 0.0)
    return {parity: found.get(parity, fallback) for parity in (0, 1)}


def margin_side(line: PageLine, edges: tuple[float, float]) -> int:
    """-1 for a line in the left margin, 1 in the right one, 0 for one in the text."""
    left, right = edges
    if right <= left:
        return 0
    if line.x1 < left - MARGIN_CLEARANCE:
        return -1
    if line.x0 > right + MARGIN_CLEARANCE:
        return 1
    return 0


def margin_notes(
    pages: Sequence[PageContent],
    edges: dict[int, tuple[float, float]],
    removed: set[tuple[int, int]],
) -> dict[tuple[int, int], int]:
    """(page, line index) -> side of the lines in blocks of text in a side margin: two
    lines or more, each set within a line's height below the one above. A lone margin
    line (a page number, a heading's hanging number) stays where it stands."""
    notes: dict[tuple[int, int], int] = {}
    for page in pages:
        for side in (-1, 1):
            placed = sorted(
                (
                    index
                    for index, line in enumerate(page.lines)
                    if (page.number, index) not in removed
                    and margin_side(line, edges[page.number % 2]) == side
                ),
                key=lambda index: page.lines[index].top,
            )
            block: list[int] = []
            for index in [*placed, None]:
                if block:
                    above = page.lines[block[-1]]
                    if index is None or page.lines[index].top - above.bottom > (
                        above.bottom - above.top
                    ):
                        if len(block) > 1:
                            notes.update(((page.number, i), side) for i in block)
                        block = []
                if index is not None:
                    block.append(index)
    return notes


def running_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).lower()


def edge_lines(page: PageContent, edges: tuple[float, float]) -> list[tuple[int, str]]:
    """(line index, zone) of the lines where running lines live: the two outermost rows
    at the top and at the bottom (in the margin zones), and lines in a side margin."""
    rows = sorted({round(line.baseline) for line in page.lines})
    top_rows, bottom_rows = set(rows[:2]), set(rows[-2:])
    picked = []
    for index, line in enumerate(page.lines):
        row = round(line.baseline)
        if row in top_rows and line.bottom <= RUNNING_ZONE * page.height:
            picked.append((index, "top"))
        elif row in bottom_rows and line.top >= (1 - RUNNING_ZONE) * page.height:
            picked.append((index, "bottom"))
        elif side := margin_side(line, edges):
            # Each margin on its own: a left and a right margin line on one baseline
            # (a sideways stamp, a figure's file name) are no one row.
            picked.append((index, "left" if side < 0 else "right"))
    return picked


def running_lines(
    pages: Sequence[PageContent], edges: dict[int, tuple[float, float]]
) -> tuple[set[tuple[int, int]], list[str]]:
    """(page, line index) of the running lines and page numbers, and the running lines'
    texts (each as last printed, in order of first appearance).

    A running line is judged whole and by its row: a header split by the column cut on
    one page ("Prop. 1 S" | "Helse- og omsorgsdepartementet") is the same header.
    """
    seen: dict[tuple[str, str], set[int]] = {}
    printed: dict[tuple[str, str], str] = {}
    numbers: list[tuple[int, int, int]] = []  # (page, line index, printed value)
    candidates = {page.number: edge_candidates(page, edges[page.number % 2]) for page in pages}
    for page in pages:
        for indexes, zone, text in candidates[page.number]:
            value = page_number_value(text)
            if value is not None:
                numbers.extend((page.number, index, value) for index in indexes)
                continue
            key = (zone, running_key(text))
            seen.setdefault(key, set()).add(page.number)
            printed[key] = text
    pages_with_text = sum(1 for page in pages if page.lines)
    needed = max(RUNNING_MIN_PAGES, RUNNING_SHARE * pages_with_text)
    repeated = {key for key, found in seen.items() if len(found) >= needed}
    offsets = Counter(value - number for number, _, value in numbers)
    offset, count = offsets.most_common(1)[0] if offsets else (None, 0)
    removed = {
        (number, index)
        for number, index, value in numbers
        if value - number == offset and (count >= 2 or len(pages) == 1)
    }
    for page in pages:
        for indexes, zone, text in candidates[page.number]:
            if (zone, running_key(text)) in repeated:
                removed.update((page.number, index) for index in indexes)
    whole_rows = {key for key in repeated if key[0] != "part"}
    return removed, [printed[key] for key in printed if key in whole_rows]


def edge_candidates(
    page: PageContent, edges: tuple[float, float]
) -> list[tuple[tuple[int, ...], str, str]]:
    """(line indexes, zone, text) to judge: each edge line, and each edge row whole."""
    picked = edge_lines(page, edges)
    rows: dict[tuple[str, int], list[int]] = {}
    for index, zone in picked:
        rows.setdefault((zone, round(page.lines[index].baseline)), []).append(index)
    candidates = []
    for (zone, _), indexes in rows.items():
        indexes.sort(key=lambda index: page.lines[index].x0)
        text = " ".join(page.lines[index].text for index in indexes)
        candidates.append((tuple(indexes), zone, text))
        if len(indexes) > 1:
            candidates += [((index,), "part", page.lines[index].text) for index in indexes]
    return candidates


def page_number_value(text: str) -> int | None:
    """The number of a page-number line ("12", "Side 12", "- 12 -", "12 av 40")."""
    if not _PAGE_NUMBER.match(text.strip()):
        return None
    return int(_DIGITS.search(text).group(0))


def find_footnotes(
    pages: Sequence[PageContent], removed: set[tuple[int, int]], body_size: float
) -> tuple[set[tuple[int, int]], list[Footnote]]:
    """Lines below a short rule in the lower half of a page, in a type smaller than the
    body, each column's first opening with a mark: a footnote area. Under a chart's
    short axis lines there are labels, mostly figures and no mark: no footnotes. A line
    of mostly figures set right under a footnote's line ("IS-2975") is that note wrapping.
    """
    keys: set[tuple[int, int]] = set()
    notes: list[Footnote] = []
    for page in pages:
        rules = [rule for rule in page.rules if rule.top > 0.5 * page.height]
        if not rules:
            continue
        rule = min(rules, key=lambda r: r.top)
        small = sorted(
            (
                (index, line)
                for index, line in enumerate(page.lines)
                if (page.number, index) not in removed
                and line.top >= rule.bottom
                and line.size < body_size - 0.3
            ),
            # In reading order: a footnote area set in columns reads column by column.
            key=lambda item: (item[1].column, item[1].top, item[1].x0),
        )
        marks = loose_marks(small)
        current: list[str] = []
        number = ""
        for index, line in footnote_lines(small, marks):
            keys.add((page.number, index))
            mark_index, loose = marks.get(index, (None, ""))
            if mark_index is not None:
                keys.add((page.number, mark_index))
            mark, text = footnote_start(line, loose)
            if mark and current:
                notes.append(Footnote(page.number, number, tuple(current)))
                current = []
            if mark:
                number = mark
            current.append(text)
        if current:
            notes.append(Footnote(page.number, number, tuple(current)))
    return keys, notes


def footnote_lines(
    small: Sequence[tuple[int, PageLine]], marks: dict[int, tuple[int, str]]
) -> list[tuple[int, PageLine]]:
    """The footnotes' lines among the small lines under the rule, in reading order.

    Each column of them is judged on its own: its first line must open a note (a mark),
    go on from the line right above it, or stand level with the area's first line (a
    note going on in the next column). So a figure's caption or source line set under a
    column beside the notes stays text, and the legend of a chart beside them too.
    """
    area: list[tuple[int, PageLine]] = []
    for _, group in groupby(small, key=lambda item: item[1].column):
        run: list[tuple[int, PageLine]] = []
        for index, line in group:
            if is_wording(line.text) or (run and wraps_below(run[-1][1], line)):
                run.append((index, line))
        if not run:
            continue
        first_index, first = run[0]
        opens = bool(footnote_start(first, marks.get(first_index, (None, ""))[1])[0])
        goes_on = bool(area) and (
            wraps_below(area[-1][1], first) or abs(first.top - area[0][1].top) < first.size
        )
        if opens or goes_on:
            area.extend(run)
    return area


def loose_marks(small: Sequence[tuple[int, PageLine]]) -> dict[int, tuple[int, str]]:
    """Footnote marks set as lines of their own: a bare number just left of a line,
    level with it (the typesetter placed it apart, so it is no superscript of the
    line). By the index of the line it opens: (the mark's own line index, the mark)."""
    marks: dict[int, tuple[int, str]] = {}
    numbers = [(index, line) for index, line in small if _MARK.match(line.text)]
    for index, line in small:
        for number_index, number in numbers:
            if (
                number_index != index
                and abs(number.top - line.top) < 0.5 * line.size
                and 0 <= line.x0 - number.x1 < 2 * line.size
            ):
                marks[index] = (number_index, number.text.strip())
    return marks


def wraps_below(above: PageLine, line: PageLine) -> bool:
    """``line`` set under ``above`` without a gap, in its type: the same text going on."""
    return abs(line.size - above.size) < 0.3 and line.top - above.bottom < 0.6 * line.size


def is_wording(text: str) -> bool:
    """More letters than digits: words, not a chart's axis labels."""
    letters = sum(char.isalpha() for char in text)
    return letters > sum(char.isdigit() for char in text)


def footnote_start(line: PageLine, loose_mark: str = "") -> tuple[str, str]:
    """(mark, text) of a footnote line; mark "" for a continuation line. ``loose_mark``
    is a mark set as a line of its own before it (``loose_marks``)."""
    if line.marks:
        return line.marks[0], line.text
    if loose_mark:
        return loose_mark, line.text
    match = re.match(r"^([1-9]\d{0,2})\s+(.*)$", line.text)  # notes count from 1
    if match:
        return match.group(1), match.group(2)
    return "", line.text


def vocabulary(pages: Sequence[PageContent]) -> Counter[str]:
    """How often the document prints each word (lower case) inside a line, to decide a
    hyphen at a line end by how the document spells that word elsewhere."""
    words: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            text = line.text
            # A line's last word may be a typesetter's break: it proves nothing.
            inner = text[: text.rfind(" ")] if " " in text else ""
            words.update(match.group(0).lower() for match in _WORD.finditer(inner))
    return words
