"""Printed lines -> neutral blocks: paragraphs, headings, list items, tables, figures,
frames and footnotes (``ingest.blocks``).

How lines become blocks:

* A page's pieces are taken in reading order (the column groups of
  ``ingest.pdf.columns``); running lines and footnote lines have left.
* Lines join into one paragraph while the style stays the same and the spacing is that
  of a paragraph's lines, and a continuation line starts where the block's lines go on
  (or goes on with a word the line above broke at a hyphen, wherever it starts).
  Across a column or page break a paragraph goes on only when its last line reached
  its column's right edge (a justified line is no paragraph end) and the next line
  starts at its column's text edge.
* Bold text larger than the body is a heading, its level given by its type size
  (largest = 1); a printed number ("3.2.1") puts it one level per number part below
  the top, where the sizes cannot tell (``numbered_level``); a numbered line set
  larger than the body is a heading in any weight. Bookmarks name headings
  too: a bold line whose text a bookmark holds is a heading, and a heading a bookmark
  names takes the bookmark's level (a cover's large type does not push the chapters
  down).
* A bullet or enumerator followed by a tab stop starts a list item; its nesting comes
  from the indent of its label among the items around it.
* Tables at the head of a page that continue the last page's table (same width) join
  it, without the header rows repeated on each page.
* A shaded box is a :class:`~ingest.blocks.Frame`, titled by its first heading or bold
  line; a box that fills the foot of a page and one at the head of the next are one.
* Hyphens at line ends are decided as the seeds' rule 5 does, helped by the document's
  own words: a word printed elsewhere with its hyphen keeps it (``e-helse``), a
  typesetter's break (``kvali-`` + ``tetsarbeid``) is joined, and ``Helse-`` + ``og …``
  stays a suspended compound.
* Each page's footnotes follow the blocks that start on that page; their lines join as
  a paragraph's do (hyphens decided the same way).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest import blocks as b
from ingest.pdf.layout import HEADING_RATIO, MARGIN_CLEARANCE, Layout
from ingest.pdf.model import PageContent, PageImage, PageLine, PageTable, Region, Segment
from ingest.pdf.tables import unruled_tables

PARAGRAPH_SPACING = 1.3  # a baseline step above this many leadings starts a paragraph
LABEL_GAP = 0.5  # a list label is followed by a gap at least this wide (x size)
MAX_INDENT_SPACES = 12
NESTING_STEP = 3.0  # points: a label this much further in is nested one level deeper

_BULLET_GLYPHS = frozenset("•▪◦‣●○■□·")
_BULLETS = _BULLET_GLYPHS | frozenset("–-*")
_ENUMERATOR = re.compile(r"^(?:\d{1,3}|[a-zæøå]|[ivx]{1,5})[.)]$", re.IGNORECASE)
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+\S")
# Words after a line-end hyphen that make it a suspended compound ("Helse- og omsorg").
_SUSPENDING_WORDS = frozenset({"og", "eller", "og/eller", "samt", "enn"})


@dataclass(slots=True)
class Draft:
    """A block being gathered from printed lines."""

    kind: str  # heading | paragraph | list_item | table | figure
    page: int
    lines: list[PageLine] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page of each printed line (table row)
    box: int | None = None  # id of the box holding it
    level: int = 0
    label: str = ""  # a list item's bullet or enumerator
    rows: list[tuple[str, ...]] = field(default_factory=list)
    indent: int = 0  # leading spaces of the first line
    printed: PageLine | None = None  # an item's first line before its label was split off
    left: float = 0.0  # its container's left text edge (column or box)
    right: float = 0.0  # its container's right text edge, where it last went on
    column: int = 0  # the reading group of its last line
    space_before: int = 0


@dataclass(slots=True)
class Placed:
    """A line, table or figure of a page, in reading order, with its container's edges."""

    top: float
    kind: str
    column: int
    line: PageLine | None = None
    table: PageTable | None = None
    image: PageImage | None = None
    box: int | None = None
    left: float = 0.0
    right: float = 0.0


def build_blocks(
    pages: Sequence[PageContent], layout: Layout, outline_levels: dict[str, int]
) -> list[b.Block]:
    """The document's neutral blocks, in reading order, not yet rendered."""
    drafts: list[Draft] = []
    box_ids = BoxNumbering()
    for page in pages:
        placed = placed_items(page, layout, box_ids)
        for item in placed:
            add_item(drafts, item, page, layout, outline_levels)
        box_ids.end_page(placed)
    return neutral_blocks(drafts, layout, outline_levels)


class BoxNumbering:
    """Box ids across pages: a box that fills the foot of a page and one at the head of
    the next page are the same box."""

    def __init__(self) -> None:
        self.next_id = 0
        self.open_id: int | None = None  # a box that reached the foot of the last page

    def ids_for(self, boxes: Sequence[Region], first_top: float) -> list[int]:
        ids = []
        for region in boxes:
            if self.open_id is not None and region.top <= first_top + 1:
                ids.append(self.open_id)
            else:
                ids.append(self.next_id)
                self.next_id += 1
        self.open_id = None
        return ids

    def end_page(self, placed: Sequence[Placed]) -> None:
        self.open_id = placed[-1].box if placed else None


def placed_items(page: PageContent, layout: Layout, box_ids: BoxNumbering) -> list[Placed]:
    # Margin notes read after the page's columns, the left margin's before the right's.
    last_column = max((line.column for line in page.lines), default=0)
    items = [
        Placed(
            line.top, "line", column_of(line, (page.number, index), last_column, layout), line=line
        )
        for index, line in enumerate(page.lines)
        if (page.number, index) not in layout.removed
    ]
    items = with_unruled_tables(items, layout)
    items += [Placed(t.region.top, "table", t.column, table=t) for t in page.tables]
    if page.has_text:  # a page that is only an image is a scan, warned about: no figure
        items += [Placed(i.region.top, "image", i.column, image=i) for i in page.images]
    items.sort(key=lambda item: (item.column, item.top))
    ids = box_ids.ids_for(page.boxes, min((item.top for item in items), default=0.0))
    for item in items:
        for region, box_id in zip(page.boxes, ids, strict=True):
            if inside(item, region):
                item.box = box_id
    set_edges(items, layout)
    return items


def column_of(line: PageLine, key: tuple[int, int], last_column: int, layout: Layout) -> int:
    """The line's reading group; a margin note's is one after the page's last."""
    side = layout.margin_notes.get(key)
    if side is None:
        return line.column
    return last_column + (1 if side < 0 else 2)


def with_unruled_tables(items: list[Placed], layout: Layout) -> list[Placed]:
    """The page's lines with each table set without rulings in a column in place of its
    lines (``ingest.pdf.tables.unruled_tables``). A line in the side margin (a table's
    caption set beside it) is no part of a table: it follows the table it stands by."""
    out: list[Placed] = []
    left, right = layout.text_area
    for column in sorted({item.column for item in items}):
        lines = [item for item in items if item.column == column]
        body = [
            item
            for item in lines
            if item.line.x0 >= left - MARGIN_CLEARANCE and item.line.x1 <= right + MARGIN_CLEARANCE
        ]
        found = unruled_tables([item.line for item in body])
        starts = {id(body[first]): table for first, _, table in found}
        taken = {id(body[index]) for first, last, _ in found for index in range(first, last + 1)}
        for item in lines:
            if id(item) in starts:
                table = starts[id(item)]
                out.append(Placed(table.region.top, "table", column, table=table))
            elif id(item) not in taken:
                out.append(item)
    return out


def inside(item: Placed, region: Region) -> bool:
    if item.line is not None:
        x0, x1 = item.line.x0, item.line.x1
    else:
        shape = item.table.region if item.table is not None else item.image.region
        x0, x1 = shape.x0, shape.x1
    middle = (x0 + x1) / 2
    return region.top - 1 <= item.top <= region.bottom and region.x0 - 1 <= middle <= region.x1 + 1


def set_edges(items: Sequence[Placed], layout: Layout) -> None:
    """The text edges of each container on the page: a box, or a column of the page.

    A box's left edge is its leftmost line (list items sit further in); a column's is
    the document's body edge on a one-column page, else the column's leftmost line.
    """
    by_container: dict[tuple[int | None, int], list[PageLine]] = {}
    for item in items:
        if item.line is not None:
            by_container.setdefault((item.box, item.column), []).append(item.line)
    one_column = len({column for _, column in by_container}) <= 1
    edges = {}
    for (box, column), lines in by_container.items():
        left = layout.left if box is None and one_column else min(line.x0 for line in lines)
        edges[(box, column)] = (left, max(line.x1 for line in lines))
    for item in items:
        item.left, item.right = edges.get((item.box, item.column), (layout.left, 0.0))


def add_item(
    drafts: list[Draft],
    item: Placed,
    page: PageContent,
    layout: Layout,
    outline_levels: dict[str, int],
) -> None:
    previous = drafts[-1] if drafts else None
    if item.kind == "table":
        rows = list(item.table.rows)
        if previous and previous.kind == b.TABLE and continues_table(previous, item, page):
            more = drop_repeated_header(previous.rows, rows)
            previous.rows.extend(more)
            previous.pages.extend([page.number] * len(more))
            return
        pages = [page.number] * len(rows)
        drafts.append(Draft(b.TABLE, page.number, rows=rows, pages=pages, box=item.box))
        return
    if item.kind == "image":
        drafts.append(Draft(b.FIGURE, page.number, box=item.box, pages=[page.number]))
        return
    if previous and joins(previous, item, page, layout, outline_levels):
        previous.lines.append(item.line)
        previous.pages.append(page.number)
        previous.right = item.right
        previous.column = item.column
        return
    draft = start_draft(item, page.number, layout, outline_levels)
    if (
        previous
        and previous.lines
        and (previous.pages[-1], previous.column)
        == (
            page.number,
            item.column,
        )
    ):
        step = item.line.baseline - previous.lines[-1].baseline
        draft.space_before = max(0, round(step / max(layout.leading, 1.0)) - 1)
    drafts.append(draft)


def continues_table(previous: Draft, item: Placed, page: PageContent) -> bool:
    """A table at the head of a page continues the table that ended the page before."""
    if previous.page == page.number:
        return False
    width = max(len(row) for row in previous.rows)
    return max(len(row) for row in item.table.rows) == width


def drop_repeated_header(
    rows: list[tuple[str, ...]], more: list[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The continuation without the header rows a split table repeats on each page."""
    count = 0
    while count < min(3, len(more)) and count < len(rows) and more[count] == rows[count]:
        count += 1
    return more[count:]


def start_draft(item: Placed, page: int, layout: Layout, outline_levels: dict[str, int]) -> Draft:
    line = item.line
    level = heading_level(line, layout, outline_levels)
    label, rest = list_label(line)
    if level:
        draft = Draft(b.HEADING, page, level=level)
        draft.indent = indent_of(line, item.left, layout)
    elif label:
        draft = Draft(b.LIST_ITEM, page, label=label, printed=line)
        line = rest
    else:
        draft = Draft(b.PARAGRAPH, page)
        draft.indent = indent_of(line, item.left, layout)
    draft.lines.append(line)
    draft.pages.append(page)
    draft.box = item.box
    draft.left = item.left
    draft.right = item.right
    draft.column = item.column
    return draft


def heading_level(line: PageLine, layout: Layout, outline_levels: dict[str, int]) -> int:
    """The heading level of a line, 0 for no heading: by its type size, else by a
    bookmark naming it (bold lines only)."""
    if not line.bold:
        # A numbered line set larger than the body is a heading in any weight
        # ("2.3.1 Bruk av helsetjenester" in a larger italic).
        match = _NUMBERED.match(line.text)
        if match and line.size >= HEADING_RATIO * layout.body_size:
            return match.group(1).count(".") + 1
        return 0
    for level, size in enumerate(layout.heading_sizes, start=1):
        if abs(line.size - size) < 0.3:
            return level
    return outline_levels.get(outline_key(line.text), 0) or outline_prefix_level(
        line.text, outline_levels
    )


def outline_key(text: str) -> str:
    return " ".join(text.split()).lower()


MIN_OUTLINE_PREFIX = 12  # characters of a bookmark's title a heading's first line holds


def outline_prefix_level(text: str, outline_levels: dict[str, int]) -> int:
    """The level of the bookmark whose title this line begins: a heading set on two
    lines ("4.6.4 Fremskriving av norske utslipp og" / "opptak av klimagasser til
    2040") opens with a line no bookmark names whole."""
    key = outline_key(text)
    if len(key) < MIN_OUTLINE_PREFIX:
        return 0
    return next((lvl for title, lvl in outline_levels.items() if title.startswith(key + " ")), 0)


def completes_bookmark(previous: Draft, line: PageLine, outline_levels: dict[str, int]) -> bool:
    """The line goes on with the bookmark title the heading above began."""
    key = outline_key(" ".join(last.text for last in previous.lines) + " " + line.text)
    return any(title == key or title.startswith(key + " ") for title in outline_levels)


def numbered_level(text: str, level: int) -> int:
    """A heading numbered "3.2.1" is at least three levels down: where the type sizes
    run out (the same size for 3.2 and 3.2.1), the number tells."""
    match = _NUMBERED.match(text)
    return max(level, match.group(1).count(".") + 1) if match else level


def list_label(line: PageLine) -> tuple[str, PageLine]:
    """A bullet or enumerator followed by a tab stop, and the line without it.

    The gap after the label must be wider than a stretched word space of the same
    line, so "1. januar" at the start of a justified line stays text.
    """
    first = line.segments[0]
    label, _, rest_text = first.text.partition(" ")
    if not (label in _BULLETS or _ENUMERATOR.match(label)):
        return "", line
    # A bullet glyph opens no line of running text; a dash or a number might.
    needed = LABEL_GAP * line.size
    if label not in _BULLET_GLYPHS:
        needed = max(needed, 1.8 * line.word_gap)
    if line.first_gap < needed:
        return "", line
    text_x0 = line.first_x1 + line.first_gap
    if rest_text:
        segments = (Segment(text_x0, first.x1, rest_text), *line.segments[1:])
    else:
        segments = line.segments[1:]
    if not segments:
        return "", line
    return label, replace(line, segments=segments, x0=segments[0].x0)


def indent_of(line: PageLine, left: float, layout: Layout) -> int:
    spaces = round((line.x0 - left) / layout.space_width)
    return spaces if 0 < spaces <= MAX_INDENT_SPACES else 0


def joins(
    previous: Draft, item: Placed, page: PageContent, layout: Layout, outline_levels: dict[str, int]
) -> bool:
    """Whether the line continues ``previous`` (the same paragraph, heading or item)."""
    line = item.line
    if previous.kind in (b.TABLE, b.FIGURE) or previous.box != item.box:
        return False
    last = previous.lines[-1]
    if round(last.size, 1) != round(line.size, 1):
        return False
    # A word broken at the line's end goes on in the next line, whatever its weight or
    # indent: a bold run-in title ("1. Vurdering av om det er behov for ekstra-") wraps
    # into a line of mostly regular text ("ordinære tiltak: Det innebærer ...").
    word_goes_on = breaks_word(last, line)
    if last.bold != line.bold and not word_goes_on:
        return False
    level = heading_level(line, layout, outline_levels)
    if (
        previous.kind == b.HEADING
        and not level
        and completes_bookmark(previous, line, outline_levels)
    ):
        level = previous.level
    if (previous.kind == b.HEADING) != bool(level) or level != previous.level:
        return False
    if previous.kind != b.HEADING and list_label(line)[0]:
        return False
    if previous.pages[-1] != page.number or previous.column != item.column:
        return runs_over_break(previous, item, layout)
    step = line.baseline - last.baseline
    if step <= 0 or step > PARAGRAPH_SPACING * max(layout.leading, 1.1 * line.size):
        return False
    return word_goes_on or aligned(previous, line, item.left, layout)


def breaks_word(last: PageLine, line: PageLine) -> bool:
    """The last line ends in a word broken at a hyphen ("neu-") and the line goes on in
    lower case ("ral networks"): one paragraph, wherever the line starts (a
    bibliography's entries hang their lines under the text after the label)."""
    text = last.text
    return len(text) > 1 and text[-1] == "-" and text[-2].isalpha() and line.text[:1].islower()


def continuation_offset(previous: Draft) -> float | None:
    """Where the block's continuation lines start, from its container's left edge; None
    after a single line of a paragraph (anywhere between the edge and its indent)."""
    if previous.kind == b.LIST_ITEM:
        return previous.lines[0].x0 - previous.left
    if len(previous.lines) >= 2:
        return previous.lines[1].x0 - previous.left
    return None


def aligned(previous: Draft, line: PageLine, left: float, layout: Layout) -> bool:
    """A continuation line starts where the block's lines go on: an item's text edge, a
    paragraph's second line (or, after one line, between the margin and its indent)."""
    tolerance = layout.space_width
    if previous.kind == b.HEADING:
        return True
    offset = continuation_offset(previous)
    if offset is not None:
        return abs(line.x0 - left - offset) < tolerance
    return left - tolerance <= line.x0 <= left + previous.lines[0].x0 - previous.left + tolerance


def runs_over_break(previous: Draft, item: Placed, layout: Layout) -> bool:
    """A paragraph goes on over a column or page break when its last line reached its
    column's right edge (a justified line that is no paragraph end) and the next line
    is aligned in its own column."""
    if previous.kind not in (b.PARAGRAPH, b.LIST_ITEM):
        return False
    last = previous.lines[-1]
    if len(last.segments) > 1 or last.x1 < previous.right - 1.5 * layout.body_size:
        return False  # a line with tab stops, or a short one, ends its paragraph
    return aligned(previous, item.line, item.left, layout)


# --- Joining a block's lines ---------------------------------------------------------------


def join_lines(lines: Sequence[PageLine], layout: Layout) -> str:
    """One paragraph from its printed lines, deciding each line-end hyphen."""
    return join_texts([line.text for line in lines], layout)


def join_texts(pieces: Sequence[str], layout: Layout) -> str:
    """One paragraph from the texts of its printed lines (a footnote's too)."""
    text = ""
    for piece in pieces:
        text = piece if not text else join_pair(text, piece, layout.words)
    return text


def join_pair(text: str, piece: str, words: Counter[str], *, guess: bool = True) -> str:
    """``text`` + the next printed line, deciding a hyphen at the line end. Without
    ``guess``, a hyphen the document's own spelling does not decide stays a line end
    (a space)."""
    if not text.endswith("-") or text.endswith(" -") or len(text) < 2:
        return f"{text} {piece}"
    next_word = piece.split(" ", 1)[0]
    if next_word.lower().strip(",.") in _SUSPENDING_WORDS or not next_word[:1].isalnum():
        return f"{text} {piece}"  # a suspended compound: "Helse- og omsorgsdepartementet"
    stem = text.rsplit(" ", 1)[-1][:-1]
    tail = re.match(r"[\w-]*", next_word).group(0)
    kept = words[f"{stem}-{tail}".lower()]
    dropped = words[f"{stem}{tail}".lower()]
    if kept or dropped:
        return text + piece if kept > dropped else text[:-1] + piece
    if not guess:
        return f"{text} {piece}"
    part = stem.rsplit("-", 1)[-1]  # "tilskud" of "ALIS-tilskud-" + "det"
    if any(char.isupper() for char in part[1:]):
        return text + piece  # an abbreviation's compound keeps its hyphen: "SoMe-tjenesten"
    if stem[-1:].islower() and tail[:1].islower():
        return text[:-1] + piece  # a typesetter's break between lower-case letters
    return text + piece  # "ISF-" + "ordningen"


# --- Drafts -> neutral blocks ---------------------------------------------------------------


def neutral_blocks(
    drafts: Sequence[Draft], layout: Layout, outline_levels: dict[str, int]
) -> list[b.Block]:
    frames = frames_of(drafts, layout)
    levels = list_levels(drafts)
    notes_by_page: dict[int, list[b.Block]] = {}
    for note in layout.footnotes:
        text = join_texts(note.lines, layout)
        block = b.Block(b.FOOTNOTE, text, label=note.number, page=note.page, page_end=note.page)
        notes_by_page.setdefault(note.page, []).append(block)
    out: list[b.Block] = []
    for draft, frame, level in zip(drafts, frames, levels, strict=True):
        for page in sorted(p for p in notes_by_page if p < draft.page):
            out.extend(notes_by_page.pop(page))
        out.append(neutral(draft, layout, frame, level, outline_levels))
    for page in sorted(notes_by_page):
        out.extend(notes_by_page[page])
    return out


def neutral(
    draft: Draft,
    layout: Layout,
    frame: b.Frame | None,
    level: int,
    outline_levels: dict[str, int],
) -> b.Block:
    pages = tuple(draft.pages)
    common = {
        "frame": frame,
        "page": draft.page,
        "page_end": pages[-1] if pages else draft.page,
        "printed_pages": pages,
        "space_before": draft.space_before,
    }
    if draft.kind == b.TABLE:
        printed = tuple("\t".join(cell.replace("\n", " ") for cell in row) for row in draft.rows)
        return b.Block(
            b.TABLE,
            "\n".join(printed),
            rows=tuple(tuple(cell_lines(cell, layout.words) for cell in row) for row in draft.rows),
            printed=printed,
            **common,
        )
    if draft.kind == b.FIGURE:
        return b.Block(b.FIGURE, printed=("",), **common)
    printed = [printed_text(line, draft.left, layout) for line in draft.lines]
    if draft.printed is not None:
        printed[0] = printed_text(draft.printed, draft.left, layout)
    text = join_lines(draft.lines, layout)
    if draft.kind == b.HEADING:
        level = outline_levels.get(outline_key(text)) or numbered_level(text, draft.level)
    return b.Block(
        draft.kind,
        text,
        level=level if draft.kind in (b.HEADING, b.LIST_ITEM) else 0,
        label=draft.label,
        printed=tuple(printed),
        indent=draft.indent,
        **common,
    )


def cell_lines(cell: str, words: Counter[str]) -> str:
    """A table cell's printed lines ("\n"), with a word broken over two of them whole
    on the first where the document spells it elsewhere ("petroleums-" over "inntekter"
    is "petroleumsinntekter"; "Fastlands-" over "Norge" keeps its hyphen). A cell's
    label may wrap at a hyphen that stands in the text ("Forsknings- og ..." set
    scrambled as "Forsknings-" over "utredningsaktiviteter"): a break the document's
    words do not decide stays."""
    lines: list[str] = []
    for line in cell.split("\n"):
        joined = join_pair(lines[-1], line, words, guess=False) if lines else line
        if lines and not joined.startswith(f"{lines[-1]} "):
            lines[-1] = joined  # the hyphen joined the two lines' words
        else:
            lines.append(line)
    return "\n".join(lines)


def printed_text(line: PageLine, left: float, layout: Layout) -> str:
    """A printed line as laid out: its indent in spaces, a TAB at each tab stop, and a
    trailing space where the line draws one."""
    spaces = round((line.x0 - left) / layout.space_width)
    indent = " " * spaces if 0 < spaces <= MAX_INDENT_SPACES else ""
    text = "\t".join(segment.text for segment in line.segments)
    return indent + text + (" " if line.trailing_space else "")


def frames_of(drafts: Sequence[Draft], layout: Layout) -> list[b.Frame | None]:
    """The frame of each draft: a Frame per box, numbered in document order, titled by
    its first heading or bold line.

    A box at the head of a page that goes on from the last page's foot (one box id) is
    a new frame when it opens with a title of its own: a continued box repeats its
    title's label ("Boks 2.2 forts." under "Boks 2.2 Skifte …"), the next box does not.
    """
    numbers: list[int | None] = []
    titles: dict[int, str] = {}  # frame number -> title
    current: dict[int, tuple[int, int]] = {}  # box id -> (frame number, its last page)
    for draft in drafts:
        if draft.box is None:
            numbers.append(None)
            continue
        title = title_of(draft, layout)
        number, page = current.get(draft.box, (0, 0))
        new_title = page and draft.page != page and title
        if not number or (new_title and label_of(title) != label_of(titles[number])):
            number = len(titles) + 1
            titles[number] = ""
        titles[number] = titles[number] or title
        current[draft.box] = (number, draft.page)
        numbers.append(number)
    frames = {number: b.Frame(number, title) for number, title in titles.items()}
    return [frames[number] if number else None for number in numbers]


def title_of(draft: Draft, layout: Layout) -> str:
    """The text of a heading or an all-bold paragraph: what can title a box."""
    if draft.kind == b.HEADING or (
        draft.kind == b.PARAGRAPH and all(line.bold for line in draft.lines)
    ):
        return join_lines(draft.lines, layout)
    return ""


def label_of(title: str) -> str:
    """A title's first two words: its label ("Boks 2.2")."""
    return " ".join(title.split()[:2])


def list_levels(drafts: Sequence[Draft]) -> list[int]:
    """Each list item's nesting (1 = top) from its label's indent among the items
    before it; 0 for the other drafts. A block between items ends the list."""
    levels: list[int] = []
    stack: list[float] = []  # label x of each open level
    for draft in drafts:
        if draft.kind != b.LIST_ITEM:
            stack = []
            levels.append(0)
            continue
        # The label's indent from its column's edge: a list runs on in the next column.
        x = (draft.printed.x0 if draft.printed is not None else draft.lines[0].x0) - draft.left
        while stack and x < stack[-1] - NESTING_STEP:
            stack.pop()
        if not stack or x > stack[-1] + NESTING_STEP:
            stack.append(x)
        levels.append(len(stack))
    return levels
