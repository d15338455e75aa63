"""Render realistic test PDFs from the seed texts, and the nasty PDFs, for the PDF reader.

There are no official PDFs on this machine, so the fixtures of ``tests/ingest/pdfs/`` are
typeset here from slices of the seeds with reportlab (Liberation fonts, A4):

* ``annual_report_2017.pdf`` (seed 001, the wrapped PDF-text profile): every seed line is
  a printed line, indented as in the seed, on a fixed line grid, so blank seed lines stay
  blank lines; chapter and section headings in larger bold type; the running footer
  ``HELSEDIREKTORATET – ÅRSRAPPORT 2017 Side N`` (the seed's own footer lines are page
  debris and are dropped); the footnote as a superscript mark and a footnote under a
  rule; the appropriation rows as a ruled table (cells from the text parser's budget
  lines, amounts with NBSP thousands separators); a status after a wide gap stays a
  column.
* ``annual_report_2024.pdf`` (seed 002), ``budget_proposition.pdf`` (seed 003) and
  ``white_paper.pdf`` (seed 004), one paragraph per seed line: justified, hyphenated
  (pyphen, nb_NO) body text, so words break across lines and pages; headings where the
  family's text parser finds Sections, in larger bold type by level; list items as
  bullets (``- `` items of 002, and the stripped items after a ``:`` line of 003/004) or
  numbered items (``1.⇥…``); TAB tables as ruled grid tables with repeated header rows
  (a two-column TAB table such as the 002 contents list is typeset aligned, unruled);
  boxes (ending at ``Rammeslutt``/``[Boks slutt]``) on a shaded background; ``[image: ]``
  as an image; ``[footnoteRef:N]`` as a superscript mark with its ``[N: …]`` body as a
  footnote; a leading space as a first-line indent; running header and page number.
  A table's layout code (``04J1xt2``) is printed small above it, as text.
* The nasty fixtures: ``not_a_pdf.pdf`` (an HTML page), ``truncated.pdf`` (a good PDF cut
  short), ``encrypted.pdf`` (user password), ``zero_pages.pdf``, ``scanned_page.pdf``
  (page 2 is an image of text), ``scanned_only.pdf``, ``damaged_page.pdf`` (page 2's
  ``/Contents`` points at a missing object: pdfplumber returns the page empty and pdfminer
  only logs a warning), ``garbled_page.pdf`` (page 2's compressed stream overwritten in
  place: it decodes to nothing, silently), ``many_pages.pdf`` (5 000 real pages in 53 kB,
  via an object stream).

Each family's slice of seed lines (and its layout, running header and kind) is in
``tests/ingest/pdfs/families.json``; the tests parse the same slice as the PDF's text twin
and compare. ``--large`` (and ``render_whole``) typeset a whole seed instead.

Regenerate (needs reportlab and pyphen, ``pip install "reportlab>=4.2,<6" "pyphen>=0.14,<1"``,
and Debian's fonts-liberation)::

    .venv/bin/python scripts/make_test_pdfs.py                 # every fixture
    .venv/bin/python scripts/make_test_pdfs.py --only white_paper
    .venv/bin/python scripts/make_test_pdfs.py --large var/pdf/prop_full.pdf   # benchmark PDF

The output is deterministic (``invariant=1``): an unchanged script, seed and font set
rewrite identical files.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportlab.lib import colors  # noqa: E402
from reportlab.lib.enums import TA_JUSTIFY  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402
from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.ttfonts import TTFont  # noqa: E402
from reportlab.pdfgen import canvas as pdfcanvas  # noqa: E402
from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from ingest import parsers  # noqa: E402
from ingest.parsed import ParsedDocument, SourceText  # noqa: E402
from ingest.plain_text import read_text_document  # noqa: E402
from ingest.text import normalise_space  # noqa: E402

SEEDS = ROOT / "seeds"
OUT = ROOT / "tests" / "ingest" / "pdfs"
FONT_DIR = Path("/usr/share/fonts/truetype/liberation")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 62.0
MARGIN_TOP = 72.0
MARGIN_BOTTOM = 100.0  # room for footnotes above the page number
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
BOX_GREY = colors.Color(0.9, 0.92, 0.95)


@dataclass(frozen=True)
class Family:
    name: str  # fixture stem
    seed: str
    slices: tuple[tuple[int, int], ...]  # inclusive seed line ranges
    header: tuple[str, str]  # running header, left and right
    kind: str
    layout: str = "paragraphs"  # or "lines": the seed is already printed lines (001)


def load_families() -> tuple[Family, ...]:
    """The family fixtures' recipes, kept next to the fixtures (the tests read them too)."""
    recipes = json.loads((OUT / "families.json").read_text(encoding="utf-8"))
    return tuple(
        Family(
            name,
            recipe["seed"],
            tuple((first, last) for first, last in recipe["slices"]),
            tuple(recipe["header"]),
            recipe["kind"],
            recipe.get("layout", "paragraphs"),
        )
        for name, recipe in recipes.items()
        if not name.startswith("_")
    )


FAMILIES = load_families()
FAMILY_BY_NAME = {family.name: family for family in FAMILIES}


# --- Fonts and styles --------------------------------------------------------------------


def register_fonts() -> None:
    faces = {
        "Serif": "LiberationSerif-Regular.ttf",
        "Serif-Bold": "LiberationSerif-Bold.ttf",
        "Serif-Italic": "LiberationSerif-Italic.ttf",
        "Sans": "LiberationSans-Regular.ttf",
        "Sans-Bold": "LiberationSans-Bold.ttf",
    }
    for name, file_name in faces.items():
        path = FONT_DIR / file_name
        if not path.exists():
            # A plain exception: a test that typesets fails, and the rest of the run goes on.
            raise FileNotFoundError(f"missing font {path}: apt-get install fonts-liberation")
        pdfmetrics.registerFont(TTFont(name, str(path)))


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName="Serif",
        fontSize=10,
        leading=12.5,
        spaceAfter=6,
        alignment=TA_JUSTIFY,
        hyphenationLang="nb_NO",
        embeddedHyphenation=0,
        uriWasteReduce=0.3,
    )
    return {
        "body": body,
        "item": ParagraphStyle(
            "item", parent=body, leftIndent=20, bulletIndent=6, spaceAfter=3, bulletFontName="Serif"
        ),
        "h1": ParagraphStyle(
            "h1", fontName="Sans-Bold", fontSize=15, leading=18.5, spaceBefore=10, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", fontName="Sans-Bold", fontSize=12.5, leading=15.5, spaceBefore=8, spaceAfter=6
        ),
        "h3": ParagraphStyle(
            "h3", fontName="Sans-Bold", fontSize=11, leading=13.5, spaceBefore=6, spaceAfter=5
        ),
        "cell": ParagraphStyle("cell", fontName="Serif", fontSize=7.5, leading=9),
        "cell_bold": ParagraphStyle("cell_bold", fontName="Serif-Bold", fontSize=7.5, leading=9),
        "note": ParagraphStyle("note", fontName="Serif", fontSize=7.5, leading=9),
        "code": ParagraphStyle(
            "code", fontName="Sans", fontSize=5, leading=6, textColor=colors.grey, spaceAfter=2
        ),
        "aligned": ParagraphStyle("aligned", parent=body, alignment=0),
    }


# --- Seed slices -------------------------------------------------------------------------


def slice_lines(family: Family) -> list[str]:
    lines = (SEEDS / family.seed).read_text(encoding="utf-8").split("\n")
    picked: list[str] = []
    for first, last in family.slices:
        picked.extend(lines[first - 1 : last])
    return picked


def slice_source(family: Family) -> SourceText:
    """The text the fixture is typeset from (and the tests parse as its text twin)."""
    return SourceText.from_text("\n".join(slice_lines(family)), name=f"{family.name}.txt")


def parse_slice(source: SourceText, kind: str) -> ParsedDocument:
    return parsers.parse(read_text_document(source), kind=kind).documents[0]


# --- Pieces: what to typeset, line by line -----------------------------------------------


@dataclass
class Piece:
    kind: str  # heading | para | item | table | image | box | code (a table's layout code)
    text: str = ""
    level: int = 0
    label: str = ""
    indent: int = 0  # leading spaces of the seed line
    rows: list[list[str]] = field(default_factory=list)
    ruled: bool = True
    notes: list[tuple[str, str]] = field(default_factory=list)  # (mark, body)
    children: list[Piece] = field(default_factory=list)  # a box's pieces


_FOOTNOTE_REF = re.compile(r"\[footnoteRef:(\d+)\]")
_FOOTNOTE_BODY_START = re.compile(r"\[(\d+): ")
_ENUMERATED = re.compile(r"^(\d{1,2}\.|[a-z]\.)\t(.+)$")
BOX_ENDS = ("Rammeslutt", "[Boks slutt]")
IMAGE_LINE = "[image: ]"


def heading_lines(document: ParsedDocument, lines: Sequence[str]) -> dict[int, tuple[int, int]]:
    """Seed line -> (level, lines it spans) for the lines the parser reads as headings.

    A heading may wrap over several seed lines (typeset as one heading), or print its
    number on a line of its own above its title ("Del I" / "Innledende del": two).
    """
    found: dict[int, tuple[int, int]] = {}
    for section in document.sections:
        number = section.start_line
        text = normalise_space(lines[number - 1]) if number <= len(lines) else ""
        title = normalise_space(section.title)
        following = normalise_space(lines[number]) if number < len(lines) else ""
        if text and section.number and text.endswith(section.number) and following == title:
            found[number] = (section.level, 1)
            found[number + 1] = (section.level, 1)
            continue
        if not text or not (title.startswith(text) or text.endswith(title) or title in text):
            continue
        span = 1
        joined = text
        while number + span <= len(lines):
            following = normalise_space(lines[number + span - 1])
            if not following or f"{joined} {following}" not in title:
                break
            joined = f"{joined} {following}"
            span += 1
        found[number] = (section.level, span)
    return found


def box_starts(document: ParsedDocument, lines: Sequence[str]) -> dict[int, int]:
    """End-marker line -> first line of its box (the Section ending just above it)."""
    starts: dict[int, int] = {}
    previous_end = 0
    for number, raw in enumerate(lines, start=1):
        if raw.strip() not in BOX_ENDS:
            continue
        candidates = [
            section.start_line
            for section in document.sections
            if section.end_line in (number - 1, number) and section.start_line > previous_end
        ]
        starts[number] = max(candidates) if candidates else number - 1
        previous_end = number
    return starts


_LIST_INTRO = re.compile(r"(?::| å| gjennom)$")


def list_items(lines: Sequence[str], headings: dict[int, tuple[int, int]]) -> set[int]:
    """Lines typeset as bullets: the short lines after a lead-in ending in ':', 'å' or
    'gjennom' (003/004 strip the glyph, so the reader gives back the same line). A
    signature's 'tilrår:' is no lead-in: the 'Tilråding fra …' line under it is set as
    the paragraph it is in a printed white paper."""
    items: set[int] = set()
    in_list = False
    for number, raw in enumerate(lines, start=1):
        text = raw.strip()
        short = text and len(text) <= 250 and "\t" not in raw and number not in headings
        if in_list and short and not text.startswith("Regjeringen vil"):
            items.add(number)
            continue
        in_list = bool(_LIST_INTRO.search(text)) and number not in headings and text != "tilrår:"
    return items


def take_note_bodies(lines: Sequence[str]) -> tuple[list[str], dict[str, str]]:
    """The white paper's ``[N: …]`` footnote bodies out of the lines, and the bodies.

    A body may hold brackets of its own ("[rapport]") and run over a line break (body 19
    of seed 004 ends on a line starting with a TAB), so the closing bracket is found by
    depth; the line breaks inside a body stay, so line numbers do not move.
    """
    text = "\n".join(lines)
    bodies: dict[str, str] = {}
    kept: list[str] = []
    position = 0
    for start in _FOOTNOTE_BODY_START.finditer(text):
        if start.start() < position:
            continue  # inside a body already taken
        depth, end = 0, start.start()
        while end < len(text):
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            if depth == 0:
                break
            end += 1
        body = text[start.end() : end]
        bodies[start.group(1)] = normalise_space(body)
        kept.append(text[position : start.start()])
        kept.append("\n" * body.count("\n"))
        position = end + 1
    kept.append(text[position:])
    return "".join(kept).split("\n"), bodies


def paragraph_pieces(family: Family, source: SourceText, document: ParsedDocument) -> list[Piece]:
    """The slice as pieces, for the one-paragraph-per-line families (002, 003, 004)."""
    lines, note_bodies = take_note_bodies(source.lines)
    headings = heading_lines(document, lines)
    boxes = box_starts(document, lines)
    box_of_line = {n: end for end, start in boxes.items() for n in range(start, end)}
    items = list_items(lines, headings)
    tables = table_ranges(lines, family)
    pieces: list[Piece] = []
    open_box: Piece | None = None
    number = 1
    while number <= len(lines):
        raw = lines[number - 1]
        target = pieces
        if number in box_of_line:
            if open_box is None:
                open_box = Piece("box")
                pieces.append(open_box)
            target = open_box.children
        elif raw.strip() in BOX_ENDS:
            open_box = None
            number += 1
            continue
        if number in tables:
            last, rows, ruled, code = tables[number]
            if code:  # the typesetter's layout code ("04J1xt2") is printed above its table
                target.append(Piece("code", text=code))
            target.append(Piece("table", rows=rows, ruled=ruled))
            number = last + 1
            continue
        if not raw.strip():
            number += 1
            continue
        if raw.strip() == IMAGE_LINE:
            target.append(Piece("image"))
            number += 1
            continue
        text = raw.rstrip()
        if number in headings:
            level, span = headings[number]
            joined = " ".join(normalise_space(lines[n - 1]) for n in range(number, number + span))
            indent = len(raw) - len(raw.lstrip(" "))  # a float's end mark (004, 752)
            target.append(Piece("heading", text=joined, level=level, indent=indent))
            number += span
            continue
        piece = line_piece(family, text, number in items)
        piece.notes = [(mark, "") for mark in _FOOTNOTE_REF.findall(text)]
        target.append(piece)
        number += 1
    attach_note_bodies(pieces, note_bodies)
    return pieces


def line_piece(family: Family, raw: str, is_item: bool) -> Piece:
    indent = len(raw) - len(raw.lstrip(" "))
    text = raw.strip(" ")
    enumerated = _ENUMERATED.match(text)
    if enumerated:
        return Piece("item", text=enumerated.group(2), label=enumerated.group(1))
    if family.kind == "annual_report" and text.startswith("- "):
        return Piece("item", text=text[2:], label="•")
    if is_item:
        return Piece("item", text=text, label="•")
    return Piece("para", text=text, indent=indent)


def attach_note_bodies(pieces: list[Piece], bodies: dict[str, str]) -> None:
    for piece in walk(pieces):
        piece.notes = [(mark, bodies.get(mark, "")) for mark, _ in piece.notes]


def walk(pieces: Sequence[Piece]) -> Iterator[Piece]:
    for piece in pieces:
        yield piece
        yield from walk(piece.children)


def table_ranges(
    lines: Sequence[str], family: Family
) -> dict[int, tuple[int, list[list[str]], bool]]:
    """First line -> (last line, rows of cells, ruled) for every TAB table of the slice."""
    if family.kind == "annual_report":
        return row_tables(lines)
    from ingest.parsers.proposition.tables import read_tables

    source = SourceText(name="slice", lines=tuple(lines))
    found = {}
    for table in read_tables(source):
        rows = [[cell.strip("\t ") for cell in row.cells] for row in table.rows]
        found[table.start_line] = (table.end_line, rows, True, table.code)
    return found


def row_tables(lines: Sequence[str]) -> dict[int, tuple[int, list[list[str]], bool, str]]:
    """Runs of TAB rows (002): three or more columns are ruled, two are aligned text."""
    found = {}
    number = 1
    while number <= len(lines):
        if "\t" not in lines[number - 1]:
            number += 1
            continue
        first = number
        rows = []
        while number <= len(lines) and "\t" in lines[number - 1]:
            rows.append([cell.strip() for cell in lines[number - 1].split("\t")])
            number += 1
        ruled = len(rows) >= 2 and max(len(row) for row in rows) >= 3
        found[first] = (number - 1, rows, ruled, "")
    return found


# --- Typesetting the paragraph families --------------------------------------------------


class NoteParagraph(Paragraph):
    """A paragraph whose footnote bodies are printed at the foot of the page it starts on."""

    def __init__(self, text, style: ParagraphStyle, notes: Sequence[tuple[str, str]] = (), **kw):
        super().__init__(text, style, **kw)
        self.notes = list(notes)

    def draw(self) -> None:
        super().draw()
        queue = getattr(self.canv, "footnote_queue", None)
        if queue is not None and self.notes:
            queue.extend(self.notes)
            self.notes = []

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        parts = super().split(available_width, available_height)
        for index, part in enumerate(parts):
            part.notes = self.notes if index == 0 else []
        return parts


class FixtureDoc(BaseDocTemplate):
    def __init__(self, target, header: tuple[str, str], title: str):
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=title,
            author="Helsedocs test fixture",
            invariant=1,
        )
        self.header = header
        frame = Frame(
            MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM, id="body"
        )
        self.addPageTemplates(
            [PageTemplate("page", [frame], onPage=self.start_page, onPageEnd=self.end_page)]
        )

    def start_page(self, canv, doc) -> None:
        if not hasattr(canv, "footnote_queue"):
            canv.footnote_queue = []

    def end_page(self, canv, doc) -> None:
        page = canv.getPageNumber()
        draw_footnotes(canv, canv.footnote_queue)
        left, right = self.header
        if page > 1:
            canv.setFont("Sans", 8)
            canv.drawString(MARGIN_X, PAGE_HEIGHT - 40, left)
            canv.drawRightString(PAGE_WIDTH - MARGIN_X, PAGE_HEIGHT - 40, right)
        canv.setFont("Serif", 9)
        canv.drawCentredString(PAGE_WIDTH / 2, 36, str(page))


def draw_footnotes(canv, queue: list[tuple[str, str]]) -> None:
    """Footnotes of the page under a short rule; what does not fit waits for the next page."""
    if not queue:
        return
    style = styles()["note"]
    y = MARGIN_BOTTOM - 10
    canv.setLineWidth(0.5)
    canv.line(MARGIN_X, y, MARGIN_X + 120, y)
    y -= 2
    while queue:
        mark, body = queue[0]
        note = Paragraph(f"<super>{escape(mark)}</super> {escape(body)}", style)
        _, height = note.wrap(TEXT_WIDTH, 200)
        if y - height < 50 and y < MARGIN_BOTTOM - 14:
            break
        note.drawOn(canv, MARGIN_X, y - height)
        y -= height + 1
        queue.pop(0)


def markup(text: str) -> str:
    """Paragraph markup for seed text: escaped, footnote refs as superscript marks."""
    escaped = escape(_FOOTNOTE_REF.sub(lambda m: f"\x00{m.group(1)}\x01", text))
    return escaped.replace("\x00", "<super>").replace("\x01", "</super>").replace("\t", " ")


def flowables(
    pieces: Sequence[Piece], sheet: dict[str, ParagraphStyle], width: float
) -> list[Flowable]:
    result: list[Flowable] = []
    for piece in pieces:
        result.extend(piece_flowables(piece, sheet, width))
    return result


def piece_flowables(piece: Piece, sheet: dict[str, ParagraphStyle], width: float) -> list[Flowable]:
    if piece.kind == "heading":
        style = indented(
            sheet["h1" if piece.level <= 1 else "h2" if piece.level == 2 else "h3"], piece.indent
        )
        return [Paragraph(escape(piece.text), style)]
    if piece.kind == "item":
        return [
            NoteParagraph(markup(piece.text), sheet["item"], piece.notes, bulletText=piece.label)
        ]
    if piece.kind == "para":
        return [para_flowable(piece, sheet, width)]
    if piece.kind == "table":
        return [
            table_flowable(piece.rows, sheet, width)
            if piece.ruled
            else aligned_rows(piece.rows, sheet, width)
        ]
    if piece.kind == "image":
        return [placeholder_image()]
    if piece.kind == "code":
        return [Paragraph(escape(piece.text), sheet["code"])]
    if piece.kind == "box":
        return [box_flowable(piece, sheet, width)]
    raise ValueError(piece.kind)


def para_flowable(piece: Piece, sheet: dict[str, ParagraphStyle], width: float) -> Flowable:
    if "\t" in piece.text:
        return aligned_rows([piece.text.split("\t")], sheet, width)
    return NoteParagraph(markup(piece.text), indented(sheet["body"], piece.indent), piece.notes)


def indented(style: ParagraphStyle, spaces: int) -> ParagraphStyle:
    """``style`` with a first-line indent of ``spaces`` body-text spaces (the seeds' leading
    spaces mark things: the end of a float, a lost heading)."""
    if not spaces:
        return style
    space = pdfmetrics.stringWidth(" ", "Serif", 10)
    return ParagraphStyle(f"{style.name}+{spaces}", parent=style, firstLineIndent=spaces * space)


class AlignedLine(Flowable):
    """One line whose TAB-separated parts sit at tab stops (a contents line, a key figure)."""

    def __init__(self, parts: Sequence[str], style: ParagraphStyle, width: float):
        super().__init__()
        self.parts = [part.strip() for part in parts]
        self.style = style
        self.width = width

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.style.leading + self.style.spaceAfter

    def draw(self) -> None:
        canv = self.canv
        canv.setFont(self.style.fontName, self.style.fontSize)
        y = self.style.spaceAfter + 2.5
        stops = tab_stops(len(self.parts), self.width)
        x = 0.0
        for part, stop in zip(self.parts, stops, strict=True):
            x = max(x, stop)
            if part:
                canv.drawString(x, y, part)
                x += pdfmetrics.stringWidth(part, self.style.fontName, self.style.fontSize)
            x += 3 * self.style.fontSize  # at least a wide gap before the next stop


# Where the first tab stop sits (share of the line) and the room kept after the last one.
FIRST_STOP = 0.55
LAST_STOP_ROOM = 60.0


def tab_stops(count: int, width: float) -> list[float]:
    """The first part at the margin, the others spread over the right half of the line
    (a contents line puts its page number at the right, key figures in columns)."""
    if count == 1:
        return [0.0]
    spread = 1.0 - FIRST_STOP
    return [
        0.0,
        *(
            width * (FIRST_STOP + spread * i / (count - 1)) - LAST_STOP_ROOM
            for i in range(1, count)
        ),
    ]


def aligned_rows(rows: Sequence[Sequence[str]], sheet, width: float) -> Flowable:
    if len(rows) == 1:
        return AlignedLine(rows[0], sheet["aligned"], width)
    return KeepLines([AlignedLine(row, sheet["aligned"], width) for row in rows])


class KeepLines(Flowable):
    """Several aligned lines, stacked (split between lines at a page break)."""

    def __init__(self, lines: list[AlignedLine]):
        super().__init__()
        self.lines = lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.heights = [line.wrap(available_width, available_height)[1] for line in self.lines]
        return available_width, sum(self.heights)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        total = 0.0
        for index, height in enumerate(self.heights):
            if total + height > available_height:
                if index == 0:
                    return []
                return [KeepLines(self.lines[:index]), KeepLines(self.lines[index:])]
            total += height
        return [self]

    def draw(self) -> None:
        y = sum(self.heights)
        for line, height in zip(self.lines, self.heights, strict=True):
            y -= height
            line.drawOn(self.canv, 0, y)


def table_flowable(rows: Sequence[Sequence[str]], sheet, width: float) -> Table:
    """A ruled grid; a short row's last cell spans the rest; the first row repeats."""
    columns = max(len(row) for row in rows)
    font_size = fitting_font_size(rows, columns, width)
    style = ParagraphStyle(
        "cell", parent=sheet["cell"], fontSize=font_size, leading=font_size * 1.2
    )
    widths = column_widths(rows, columns, width, style)
    data = []
    spans = []
    for index, row in enumerate(rows):
        cells = [Paragraph(cell_markup(cell), style) for cell in row]
        if len(row) < columns:
            spans.append(("SPAN", (len(row) - 1, index), (columns - 1, index)))
            cells += [""] * (columns - len(row))
        data.append(cells)
    # A header row (no amount, no number) repeats at the head of each page the table runs to.
    header = len(rows) > 3 and not re.match(r"^[\d\s\xa0-]*$", rows[0][0] if rows[0] else "")
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    table.spaceAfter = 8
    table.spaceBefore = 4
    return table


def cell_markup(cell: str) -> str:
    return "<br/>".join(escape(part) for part in cell.split("\n"))


def longest_word(rows: Sequence[Sequence[str]], column: int, style: ParagraphStyle) -> float:
    widest = 0.0
    for row in rows:
        if column < len(row):
            # NBSP binds ("88\xa0215\xa0193"): only spaces and line breaks part words.
            for word in re.split(r"[ \n]+", row[column]):
                widest = max(widest, pdfmetrics.stringWidth(word, style.fontName, style.fontSize))
    return widest


def fitting_font_size(rows: Sequence[Sequence[str]], columns: int, width: float) -> float:
    """The largest cell type (7.5 pt down to 5 pt) in which no word has to break."""
    size = 7.5
    while size > 5:
        style = ParagraphStyle("probe", fontName="Serif", fontSize=size)
        need = sum(longest_word(rows, c, style) + 8 for c in range(columns))
        if need <= width:
            break
        size -= 0.5
    return size


def column_widths(rows, columns: int, width: float, style: ParagraphStyle) -> list[float]:
    minimum = [longest_word(rows, c, style) + 8 for c in range(columns)]
    natural = [
        max(
            (pdfmetrics.stringWidth(row[c].replace("\n", " "), style.fontName, style.fontSize) + 8)
            for row in rows
            if c < len(row)
        )
        if any(c < len(row) for row in rows)
        else 10
        for c in range(columns)
    ]
    spare = width - sum(minimum)
    if spare <= 0:  # even the longest words do not fit: shrink all columns alike
        return [m * width / sum(minimum) for m in minimum]
    wish = [max(n - m, 0) for n, m in zip(natural, minimum, strict=True)]
    total_wish = sum(wish) or 1
    return [m + spare * w / total_wish for m, w in zip(minimum, wish, strict=True)]


def placeholder_image() -> Image:
    """A small grey raster standing for a figure the text export lost."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("RGB", (240, 90), (205, 212, 222))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((8, 8, 231, 81), outline=(120, 130, 150), width=2)
    draw.line((8, 81, 231, 8), fill=(120, 130, 150), width=2)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    image = Image(buffer, width=180, height=67)
    image.spaceAfter = 6
    return image


def box_flowable(piece: Piece, sheet, width: float) -> Table:
    """A box: its paragraphs on a shaded background, one row each (it splits by row)."""
    inner = width - 16
    rows = [[flowable] for flowable in flowables(piece.children, sheet, inner)]
    table = Table(rows or [[""]], colWidths=[width], splitByRow=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BOX_GREY),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    table.spaceAfter = 10
    table.spaceBefore = 4
    return table


def render_paragraph_family(family: Family, target) -> None:
    source = slice_source(family)
    document = parse_slice(source, family.kind)
    pieces = paragraph_pieces(family, source, document)
    sheet = styles()
    story = flowables(pieces, sheet, TEXT_WIDTH)
    FixtureDoc(target, family.header, family.name).build(story)


# --- Typesetting the wrapped family (001: printed lines as in the seed) -------------------

WRAPPED_SIZE = 8.4
WRAPPED_SLOT = 11.0  # the line grid
WRAPPED_LEFT = 48.0
WRAPPED_TOP = 64.0
WRAPPED_BOTTOM = 96.0
_WRAPPED_FOOTER = re.compile(r"^\s*HELSEDIREKTORATET – ÅRSRAPPORT \d{4} Side \d+\s*$")


@dataclass
class WrappedPage:
    canv: pdfcanvas.Canvas
    footer: str
    number: int = 1
    y: float = PAGE_HEIGHT - WRAPPED_TOP
    notes: list[tuple[str, str]] = field(default_factory=list)

    def room(self, slots: int = 1) -> bool:
        return self.y - slots * WRAPPED_SLOT >= WRAPPED_BOTTOM

    def finish(self) -> None:
        notes_y = WRAPPED_BOTTOM - 12
        if self.notes:
            self.canv.setLineWidth(0.5)
            self.canv.line(WRAPPED_LEFT, notes_y, WRAPPED_LEFT + 110, notes_y)
            for mark, body in self.notes:
                notes_y -= 9
                self.canv.setFont("Serif", 5)
                self.canv.drawString(WRAPPED_LEFT, notes_y + 3, mark)
                self.canv.setFont("Serif", 7)
                self.canv.drawString(WRAPPED_LEFT + 5, notes_y, body)
        self.canv.setFont("Sans", 7.5)
        self.canv.drawRightString(
            PAGE_WIDTH - WRAPPED_LEFT, 40, self.footer.format(page=self.number)
        )
        self.canv.showPage()
        self.number += 1
        self.y = PAGE_HEIGHT - WRAPPED_TOP
        self.notes = []


def render_wrapped_family(family: Family, target) -> None:
    """Seed 001 line by line on a fixed grid, so the reader can give back its lines."""
    from ingest.parsers.annual_report.wrapped_text import footnote_lines

    source = slice_source(family)
    document = parse_slice(source, family.kind)
    lines = list(source.lines)
    headings = wrapped_headings(document, lines)
    notes = {n: lines[n - 1] for n in footnote_lines(lines) if lines[n - 1].strip()}
    rows = budget_rows(document)
    canv = pdfcanvas.Canvas(target, pagesize=A4, invariant=1, pageCompression=1)
    canv.setTitle(family.name)
    page = WrappedPage(canv, family.header[1])
    number = 1
    while number <= len(lines):
        raw = lines[number - 1]
        if number in rows:
            number = draw_row_table(page, rows, number)
            continue
        if _WRAPPED_FOOTER.match(raw) or number in notes or (not raw.strip() and len(raw) >= 20):
            number += 1
            continue
        if not raw.strip():
            page.y -= WRAPPED_SLOT
            if not page.room():
                page.finish()
            number += 1
            continue
        block = block_length(lines, number)
        if not page.room(min(block, 6)) and block <= 6:
            page.finish()
        draw_wrapped_line(page, raw, headings.get(number, 0), notes, lines)
        page.y -= WRAPPED_SLOT
        if not page.room():
            page.finish()
        number += 1
    page.finish()
    canv.save()


def wrapped_headings(document: ParsedDocument, lines: Sequence[str]) -> dict[int, int]:
    """Seed line -> heading level: the chapter heading lines and the numbered headings."""
    from ingest.parsers.annual_report.wrapped_text import find_chapter_headings

    found = {}
    for heading in find_chapter_headings(lines):
        for number in range(heading.first_line, heading.last_line + 1):
            found[number] = 1
    for section in document.sections:
        if section.level < 2:
            continue
        label = normalise_space(f"{section.number} {section.title}")
        for number in range(section.start_line, min(section.end_line, len(lines)) + 1):
            if normalise_space(lines[number - 1]) == label:
                found[number] = section.level
                break
    return found


def block_length(lines: Sequence[str], number: int) -> int:
    length = 0
    while number + length <= len(lines) and lines[number + length - 1].strip():
        length += 1
    return length


def draw_wrapped_line(
    page: WrappedPage, raw: str, level: int, notes: dict[int, str], lines
) -> None:
    canv = page.canv
    font = "Sans-Bold" if level else "Serif"
    size = {1: 11.0, 2: 9.6, 3: 9.0}.get(level, WRAPPED_SIZE)
    indent = len(raw) - len(raw.lstrip(" "))
    text = raw[indent:]
    space = pdfmetrics.stringWidth(" ", "Serif", WRAPPED_SIZE)
    x = WRAPPED_LEFT + indent * space
    marks = {body.split()[0] for body in notes.values() if body.split()}
    for position, part in enumerate(re.split(r"(?<=\S) {2,}(?=\S)", text)):
        if position:
            x += 2.2 * WRAPPED_SIZE
        x = draw_with_marks(canv, part, x, page.y, font, size, marks)
    for body in notes.values():
        mark, _, rest = body.strip().partition(" ")
        if (
            re.search(rf"(?<=[a-zæøå]{{4}}){mark}(?=[\s.,])", raw)
            and (mark, rest) not in page.notes
        ):
            page.notes.append((mark, rest.strip()))


def draw_with_marks(canv, text: str, x: float, y: float, font: str, size: float, marks) -> float:
    """Draw ``text``; a footnote digit glued to a word ("helseproblemer1.") is superscript."""
    pattern = re.compile(
        rf"(?<=[a-zæøå]{{4}})({'|'.join(map(re.escape, marks)) or 'x^'})(?=[\s.,])"
    )
    position = 0
    for match in pattern.finditer(text):
        x = draw_run(canv, text[position : match.start()], x, y, font, size)
        x = draw_run(canv, match.group(1), x, y + 0.4 * size, font, 0.6 * size)
        position = match.end()
    return draw_run(canv, text[position:], x, y, font, size)


def draw_run(canv, text: str, x: float, y: float, font: str, size: float) -> float:
    if text:
        canv.setFont(font, size)
        canv.drawString(x, y, text)
    return x + pdfmetrics.stringWidth(text, font, size)


def budget_rows(document: ParsedDocument) -> dict[int, list]:
    """First seed line -> the budget lines of one run of table rows (blank lines between)."""
    runs: dict[int, list] = {}
    current: list = []
    for line in sorted(document.budget_lines, key=lambda b: b.start_line):
        if current and line.start_line - current[-1].end_line > 2:
            runs[current[0].start_line] = current
            current = []
        current.append(line)
    if current:
        runs[current[0].start_line] = current
    return runs


def amount(value: int | None) -> str:
    if value is None:
        return ""
    text = f"{abs(value):,}".replace(",", "\xa0")
    return f"-{text}" if value < 0 else text


def draw_row_table(page: WrappedPage, rows: dict[int, list], number: int) -> int:
    """Draw one run of appropriation rows as a ruled table; return the line after it."""
    run = rows[number]
    data = [
        [
            f"{b.kap:04d}",
            b.kap_title,
            f"{b.post:02d}",
            b.post_title,
            b.note,
            amount(b.tildeling_nok),
            amount(b.regnskap_nok),
            amount(b.avvik_nok),
        ]
        for b in run
    ]
    style = ParagraphStyle("row", fontName="Serif", fontSize=7.2, leading=8.6)
    widths = [28, 96, 18, 151, 22, 60, 60, 60]
    table = Table(
        [[Paragraph(escape(cell), style) for cell in row] for row in data], colWidths=widths
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    pending: list[Flowable] = [table]
    while pending:
        part = pending.pop(0)
        available = page.y - WRAPPED_BOTTOM
        _, height = part.wrap(PAGE_WIDTH - 2 * WRAPPED_LEFT, available)
        if height <= available:
            part.drawOn(page.canv, WRAPPED_LEFT, page.y - height)
            page.y -= height + WRAPPED_SLOT
            continue
        pieces = part.split(PAGE_WIDTH - 2 * WRAPPED_LEFT, available)
        if len(pieces) < 2:
            page.finish()
            pending.insert(0, part)
            continue
        pending[:0] = pieces
    return run[-1].end_line + 1


# --- Nasty fixtures ----------------------------------------------------------------------


def simple_text_pdf(pages: Sequence[str], **canvas_options) -> bytes:
    """A small text PDF, one paragraph of ``pages[i]`` per page."""
    buffer = io.BytesIO()
    canv = pdfcanvas.Canvas(buffer, pagesize=A4, invariant=1, **canvas_options)
    style = styles()["body"]
    for text in pages:
        paragraph = Paragraph(escape(text), style)
        _, height = paragraph.wrap(TEXT_WIDTH, PAGE_HEIGHT)
        paragraph.drawOn(canv, MARGIN_X, PAGE_HEIGHT - MARGIN_TOP - height)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


SAMPLE = (
    "Helsedirektoratet skal bidra til at befolkningen får gode og likeverdige helse- og "
    "omsorgstjenester. Side {n} av testdokumentet har denne teksten, så leseren kan vise "
    "at ingenting går tapt."
)


def scanned_image(text: str):
    """A raster 'scan' of a page of text: pixels only, no text layer."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    picture = PILImage.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(picture)
    for row, start in enumerate(range(0, len(text), 60)):
        draw.text((120, 160 + 28 * row), text[start : start + 60], fill=0)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    buffer.seek(0)
    return ImageReader(buffer)


def scanned_pdf(scanned_pages: set[int], count: int) -> bytes:
    buffer = io.BytesIO()
    canv = pdfcanvas.Canvas(buffer, pagesize=A4, invariant=1)
    style = styles()["body"]
    for number in range(1, count + 1):
        text = SAMPLE.format(n=number)
        if number in scanned_pages:
            canv.drawImage(scanned_image(text), 0, 0, width=PAGE_WIDTH, height=PAGE_HEIGHT)
        else:
            paragraph = Paragraph(escape(text), style)
            _, height = paragraph.wrap(TEXT_WIDTH, PAGE_HEIGHT)
            paragraph.drawOn(canv, MARGIN_X, PAGE_HEIGHT - MARGIN_TOP - height)
        canv.showPage()
    canv.save()
    return buffer.getvalue()


def three_pages(**options) -> bytes:
    return simple_text_pdf([SAMPLE.format(n=n) for n in (1, 2, 3)], **options)


def page_content_object(data: bytes, page: int) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return pdf.pages[page - 1].page_obj.contents[0].objid


def damaged_page_pdf() -> bytes:
    """Three text pages; page 2's /Contents points at an object that does not exist.
    pdfplumber returns page 2 empty and pdfminer only logs a warning."""
    data = three_pages()
    objid = page_content_object(data, 2)
    old = f"/Contents {objid} 0 R".encode()
    new = f"/Contents {objid + 80} 0 R".encode()
    assert len(old) == len(new)  # same length: the xref offsets stay right
    return data.replace(old, new, 1)


def garbled_page_pdf() -> bytes:
    """Three text pages; page 2's compressed content stream overwritten in place (same
    length, so the cross-reference table stays valid). pdfminer decodes it to nothing,
    without a word."""
    from reportlab import rl_config

    use_a85 = rl_config.useA85
    rl_config.useA85 = 0  # plain Flate streams, so the garbage is what zlib sees
    try:
        data = three_pages(pageCompression=1)
    finally:
        rl_config.useA85 = use_a85
    objid = page_content_object(data, 2)
    start = data.index(f"\n{objid} 0 obj".encode())
    body = data.index(b"stream\n", start) + len(b"stream\n")
    end = data.index(b"endstream", body) - 1  # keep the newline before "endstream"
    garbage = bytes((index * 37 + 11) % 256 for index in range(end - body))
    return data[:body] + garbage + data[end:]


def zero_pages_pdf() -> bytes:
    return write_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
        ]
    )


def write_pdf(objects: Sequence[bytes]) -> bytes:
    """A classic PDF (xref table) from numbered object bodies 1..n; object 1 is the root."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def many_pages_pdf(count: int = 5000) -> bytes:
    """``count`` real pages in a few kilobytes: the page dictionaries and the page tree
    live in one compressed object stream (PDF 1.5), all pages share one content stream."""
    first_page = 5
    page_numbers = range(first_page, first_page + count)
    kids = " ".join(f"{n} 0 R" for n in page_numbers)
    compressed_objects = {2: f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode()}
    for n in page_numbers:
        compressed_objects[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R "
            b"/Resources << /Font << /F1 4 0 R >> >> >>"
        )
    objstm_number = first_page + count
    header = []
    bodies = io.BytesIO()
    for number, body in compressed_objects.items():
        header.append(f"{number} {bodies.tell()}")
        bodies.write(body + b"\n")
    header_bytes = (" ".join(header) + "\n").encode()
    objstm = zlib.compress(header_bytes + bodies.getvalue(), 9)
    content = b"BT /F1 12 Tf 72 770 Td (Side av et stort dokument) Tj ET"
    out = io.BytesIO()
    out.write(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def put(number: int, body: bytes) -> None:
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")

    put(1, b"<< /Type /Catalog /Pages 2 0 R >>")
    put(3, f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream")
    put(4, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    put(
        objstm_number,
        f"<< /Type /ObjStm /N {len(compressed_objects)} /First {len(header_bytes)} "
        f"/Filter /FlateDecode /Length {len(objstm)} >>\nstream\n".encode()
        + objstm
        + b"\nendstream",
    )
    xref_number = objstm_number + 1
    size = xref_number + 1
    index_in_stream = {number: i for i, number in enumerate(compressed_objects)}
    entries = io.BytesIO()
    xref_offset = out.tell()
    offsets[xref_number] = xref_offset
    for number in range(size):
        if number in index_in_stream:
            entries.write(
                bytes([2])
                + objstm_number.to_bytes(4, "big")
                + index_in_stream[number].to_bytes(2, "big")
            )
        elif number in offsets:
            entries.write(bytes([1]) + offsets[number].to_bytes(4, "big") + (0).to_bytes(2, "big"))
        else:
            entries.write(bytes([0]) + (0).to_bytes(4, "big") + (65535).to_bytes(2, "big"))
    table = zlib.compress(entries.getvalue(), 9)
    out.write(
        f"{xref_number} 0 obj\n<< /Type /XRef /Size {size} /W [1 4 2] /Root 1 0 R "
        f"/Filter /FlateDecode /Length {len(table)} >>\nstream\n".encode()
        + table
        + b"\nendstream\nendobj\n"
    )
    out.write(f"startxref\n{xref_offset}\n%%EOF\n".encode())
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption

    encryption = StandardEncryption("hemmelig", ownerPassword="eier", strength=128)
    return simple_text_pdf([SAMPLE.format(n=1)], encrypt=encryption)


def nasty_fixtures() -> dict[str, bytes]:
    good = three_pages(pageCompression=1)
    return {
        "not_a_pdf.pdf": (
            b"<!DOCTYPE html>\n<html><head><title>Rapport</title></head>"
            b"<body><p>Dette er en nettside lagret som .pdf.</p></body></html>\n"
        ),
        "truncated.pdf": good[: len(good) * 6 // 10],
        "encrypted.pdf": encrypted_pdf(),
        "zero_pages.pdf": zero_pages_pdf(),
        "scanned_page.pdf": scanned_pdf({2}, 3),
        "scanned_only.pdf": scanned_pdf({1, 2}, 2),
        "damaged_page.pdf": damaged_page_pdf(),
        "garbled_page.pdf": garbled_page_pdf(),
        "many_pages.pdf": many_pages_pdf(),
    }


# --- Entry point -------------------------------------------------------------------------


def render_family(family: Family, target) -> None:
    if family.layout == "lines":
        render_wrapped_family(family, target)
    else:
        render_paragraph_family(family, target)


def whole_family(name: str) -> Family:
    """A family fixture's recipe stretched to its whole seed."""
    family = FAMILY_BY_NAME[name]
    count = len((SEEDS / family.seed).read_text(encoding="utf-8").split("\n"))
    return replace(family, name=f"{name}_whole", slices=((1, count),))


def render_whole(name: str, path: Path) -> Path:
    """The whole seed of a family as one PDF (not checked in: the benchmark and the slow
    whole-document tests make them on demand)."""
    register_fonts()
    path.parent.mkdir(parents=True, exist_ok=True)
    render_family(whole_family(name), str(path))
    return path


def render_large(path: Path) -> Path:
    """The whole of Prop. 1 S (a few hundred pages), the benchmark's PDF."""
    return render_whole("budget_proposition", path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help="fixture folder")
    parser.add_argument("--only", help="one family fixture, or 'nasty'")
    parser.add_argument("--large", type=Path, help="write the large benchmark PDF here instead")
    options = parser.parse_args(argv)
    if options.large:
        render_large(options.large)
        sys.stdout.write(f"wrote {options.large}\n")
        return 0
    register_fonts()
    options.out.mkdir(parents=True, exist_ok=True)
    for family in FAMILIES:
        if options.only in (None, family.name):
            target = options.out / f"{family.name}.pdf"
            render_family(family, str(target))
            sys.stdout.write(f"wrote {target} ({target.stat().st_size:,} bytes)\n")
    if options.only in (None, "nasty"):
        for name, data in nasty_fixtures().items():
            (options.out / name).write_bytes(data)
            sys.stdout.write(f"wrote {options.out / name} ({len(data):,} bytes)\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
