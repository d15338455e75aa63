"""A PDF -> the line stream the text parsers read, with the page of every line.

Input: the bytes of a PDF (an annual report, a budget proposition, a white paper).
Output: a :class:`PdfText` whose ``source`` is a :class:`SourceText` in the text profile
of the document's family, so each family parser reads a PDF exactly as it reads a text
seed, and whose ``pages`` give the page of every line. The only module that imports
pdfplumber.

How a PDF becomes lines:

1. **Pages** (``PageReader``, over a process pool on the machine's cores for long
   documents): glyphs and drawings come straight from pdfminer's layout objects
   (pdfplumber's per-object dicts cost more than the parsing itself); pdfplumber's table
   finder runs only on pages whose rulings can form a grid, and reads those same glyphs
   and shapes. Glyphs are grouped into printed lines by baseline; superscript marks
   (footnote references) leave the text; a gap wider than a word space splits a line
   into segments (columns, tab stops). Shaded rectangles are boxes, images are noted,
   and a short rule low on the page starts the footnote area.
2. **Running lines**: a line at the top or bottom of a page whose text (digits masked)
   recurs on many pages is a running header or footer, and a bare number there is a page
   number; both go. A line below the footnote rule is a footnote: it leaves the stream
   and is kept in ``PdfText.footnotes``.
3. **Blocks**: printed lines join into paragraphs while the style stays the same and the
   spacing is that of a paragraph's lines; across a page break only when the last line
   runs to the right margin. Bold text larger than the body is a heading, its level
   given by its size (largest = 1). A bullet or enumerator followed by a tab stop starts
   a list item. Hyphens at line ends are decided as the seeds' rule 5 does, helped by the
   document's own words: a word printed elsewhere with its hyphen keeps it
   (``e-helse``), a typesetter's break (``kvali-`` + ``tetsarbeid``) is joined, and
   ``Helse-`` + ``og …`` stays a suspended compound.
4. **Profile**: the blocks are written out in the text profile of the family the
   parsers recognise (see :data:`PROFILES`): one paragraph per line, headings on lines
   of their own, tables as TAB cells (Prop. 1 S, the white paper), TAB rows (Årsrapport
   2024) or flattened rows (the wrapped 2017 report, which keeps printed lines).

Choices:

* Leading spaces are meaningful to the parsers (a float's end, a lost kap heading), so a
  paragraph's first-line indent comes back as that many space widths; centred text
  (an indent of more than ``MAX_INDENT_SPACES``) gets none.
* A TAB inside a paragraph line is only written for a single-line paragraph: a wide gap
  in a wrapped line is justification, not a column.
* The 2017 report's parser finds the report and its year only in its page footer
  (``HELSEDIREKTORATET – ÅRSRAPPORT 2017 Side 11``), so the wrapped profile keeps one
  copy of the last running footer as its final line; that parser drops footers as noise.
* A paragraph running over a page break is one line; its page is the page it starts on.
* Problems: a file that is no PDF, truncated, password-protected, empty, too long, or
  has no text layer at all raises :class:`UnreadableSource` with a one-line reason; a
  page without text (a scan: OCR is not supported) or a page whose content cannot be
  read (pdfminer only logs that and returns an empty page) is a warning naming the
  pages, and the rest of the document is read.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from functools import cache
from statistics import median

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.utils.exceptions import PdfminerException

from ingest.parsed import SourceText
from ingest.sources import UnreadableSource
from ingest.vocabulary import ANNUAL_REPORT, BUDGET_PROPOSITION, NEWS, WHITE_PAPER

# --- Limits ------------------------------------------------------------------------------

# More pages than any health-policy document has (Prop. 1 S runs to about 250): a larger
# count is a page-tree bomb or the wrong file, and reading it would take many minutes.
MAX_PAGES = 3000
# Below this many pages the process pool costs more than it saves.
PARALLEL_MIN_PAGES = 12
# Pages handed to a worker at a time: small enough to balance two cores.
PAGES_PER_TASK = 6
# More processes than this fight over memory bandwidth more than they gain.
MAX_WORKERS = 4
# The bytes searched for the closing %%EOF (writers may append a little after it).
EOF_WINDOW = 8192

# --- Layout thresholds (in units of the font size unless named otherwise) ----------------

SAME_BASELINE = 0.2  # chars whose baselines differ by less are on one printed line
SUPERSCRIPT_RATIO = 0.85  # a raised run this much smaller than its line is a mark
WORD_GAP = 0.15  # an undrawn gap wider than this is a word space
SEGMENT_GAP = 0.9  # a gap wider than this separates columns or a tab stop
PARAGRAPH_SPACING = 1.3  # a baseline step above this many leadings starts a paragraph
HEADING_RATIO = 1.08  # bold text this much larger than the body is a heading
LABEL_GAP = 0.5  # a list label is followed by a gap at least this wide
MAX_INDENT_SPACES = 12
RUNNING_ZONE = 0.12  # top/bottom share of the page where running lines live
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.3
FOOTNOTE_RULE_MAX_WIDTH = 0.45  # of the text width

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:(?:side|page|s\.)\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:av|of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_BULLET_GLYPHS = frozenset("•▪◦‣●○■□·")
_BULLETS = _BULLET_GLYPHS | frozenset("–-*")
_ENUMERATOR = re.compile(r"^(?:\d{1,3}|[a-zæøå]|[ivx]{1,5})[.)]$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w-]*[^\W\d_]", re.UNICODE)
# Words after a line-end hyphen that make it a suspended compound ("Helse- og omsorg").
_SUSPENDING_WORDS = frozenset({"og", "eller", "og/eller", "samt", "enn"})


# --- The result --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PdfTable:
    """A table read from the PDF's rulings, with where it landed in the line stream."""

    page: int
    rows: tuple[tuple[str, ...], ...]
    first_line: int  # 1-based lines of ``PdfText.source``
    last_line: int


@dataclass(frozen=True, slots=True)
class PdfFootnote:
    page: int
    number: str  # the mark as printed ("1"), "" when none was found
    text: str


@dataclass(frozen=True, slots=True)
class PdfHeading:
    line: int  # 1-based line of ``PdfText.source``
    level: int  # 1 = the largest heading type of the document
    text: str


@dataclass(frozen=True, slots=True)
class PdfText:
    """What a PDF holds, in the text profile of its document family."""

    source: SourceText  # lines, and the page of each line
    page_count: int
    warnings: tuple[str, ...] = ()
    profile: str = ""  # key of PROFILES
    tables: tuple[PdfTable, ...] = ()
    headings: tuple[PdfHeading, ...] = ()
    footnotes: tuple[PdfFootnote, ...] = ()
    running_lines: tuple[str, ...] = ()  # removed headers/footers, page numbers as "#"


# --- Text profiles -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Profile:
    """How one family's text seeds print their blocks, so its parser reads the PDF alike."""

    name: str
    physical_lines: bool = False  # keep printed lines (wrapped PDF text) instead of paragraphs
    blank_between_blocks: bool = False
    bullet: str = ""  # what a bullet item starts with; "" drops the glyph
    table_form: str = "cells"  # cells: a TAB line per cell; rows: a TAB row per line; flat
    box_end: str = ""  # the line printed after a box
    image_marker: str = ""  # the line standing for an image


PROFILES = {
    # Prop. 1 S: one paragraph per line, bullets stripped, TAB cells, boxes end "Rammeslutt".
    "proposition": Profile("proposition", box_end="Rammeslutt"),
    # Meld. St.: as above, boxes end "[Boks slutt]", images leave "[image: ]".
    "white_paper": Profile("white_paper", box_end="[Boks slutt]", image_marker="[image: ]"),
    # Årsrapport 2024: blank lines between paragraphs, "- " bullets, one TAB row per line.
    "paragraphs": Profile("paragraphs", blank_between_blocks=True, bullet="- ", table_form="rows"),
    # Årsrapport 2017: the printed lines (bullets included), indented as printed, tables
    # flattened to a line per row.
    "wrapped": Profile("wrapped", physical_lines=True, table_form="flat"),
    # Anything else: one paragraph per line.
    "plain": Profile("plain"),
}
KIND_PROFILE = {
    BUDGET_PROPOSITION: "proposition",
    WHITE_PAPER: "white_paper",
    ANNUAL_REPORT: "paragraphs",
    NEWS: "plain",
}


# --- What a page holds (picklable: it comes back from the worker processes) ---------------


@dataclass(frozen=True, slots=True)
class Segment:
    x0: float
    x1: float
    text: str


@dataclass(frozen=True, slots=True)
class PageLine:
    """One printed line: its position, dominant style and text segments."""

    top: float
    bottom: float
    baseline: float
    x0: float
    x1: float
    size: float
    bold: bool
    segments: tuple[Segment, ...]
    marks: tuple[str, ...] = ()  # superscript marks taken out of the text
    trailing_space: bool = False  # the line's last drawn glyph is a space
    first_gap: float = 0.0  # the gap after the first word
    first_x1: float = 0.0  # where the first word ends
    word_gap: float = 0.0  # the median of the other gaps between words

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)


@dataclass(frozen=True, slots=True)
class Region:
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class PageTable:
    region: Region
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[PageLine, ...] = ()
    tables: tuple[PageTable, ...] = ()
    boxes: tuple[Region, ...] = ()
    images: tuple[Region, ...] = ()
    rules: tuple[Region, ...] = ()  # short horizontal rules (footnote separators)
    problems: tuple[str, ...] = ()  # why the page could not be read, if it could not
    image_area: float = 0.0  # share of the page covered by images

    @property
    def has_text(self) -> bool:
        return bool(self.lines) or bool(self.tables)


# --- Entry point -------------------------------------------------------------------------


def read_pdf(
    data: bytes,
    *,
    name: str,
    kind: str | None = None,
    workers: int | None = None,
    max_pages: int = MAX_PAGES,
    fast: bool = True,
) -> PdfText:
    """Read a PDF into the line stream of its family's text profile.

    ``kind`` forces the family (as ``ingest --kind`` does); ``workers`` sets the number of
    processes (1 reads serially; default: one per core for long documents); ``fast``
    chooses the extraction path (see ``extract_pages``). Raises
    :class:`UnreadableSource` with a one-line reason for a file that cannot be read.
    """
    check_bytes(data)
    page_count = count_pages(data, max_pages=max_pages)
    pages = extract_pages(data, page_count, workers=workers, fast=fast)
    warnings = page_warnings(pages)
    layout = analyse(pages)
    blocks = build_blocks(pages, layout)
    profile = choose_profile(blocks, layout, name=name, kind=kind)
    written = write_profile(blocks, layout, PROFILES[profile])
    source = SourceText(name=name, lines=tuple(written.lines), pages=tuple(written.pages))
    return PdfText(
        source=source,
        page_count=page_count,
        warnings=tuple(warnings),
        profile=profile,
        tables=tuple(written.tables),
        headings=tuple(written.headings),
        footnotes=layout.footnotes,
        running_lines=layout.running_texts,
    )


# --- Bad files ---------------------------------------------------------------------------

_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a Word or Excel file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"<!DOCTYPE html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<?xml", "an XML file"),
)


def describe_start(data: bytes) -> str:
    """What a file that is not a PDF looks like, for the error message."""
    head = data.lstrip()[:64]
    for magic, what in _SIGNATURES:
        if head.lower().startswith(magic.lower()):
            return what
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"unknown binary data (it starts with {head[:8].hex(' ')})"
    first_line = text.strip().split("\n", 1)[0]
    return f"text starting {first_line[:24].strip()!r}"


def check_bytes(data: bytes) -> None:
    """Refuse what is no PDF or was cut short, before pdfminer guesses around it."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableSource(f"not a PDF: the file is {describe_start(data)}")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise UnreadableSource(
            f"the PDF is truncated: its {len(data):,} bytes end without the %%EOF marker "
            "(cut short in a download or copy?)"
        )


def open_pdf(data: bytes, *, pages: Sequence[int] | None = None) -> pdfplumber.PDF:
    """pdfplumber's PDF, or UnreadableSource saying why it cannot be opened."""
    try:
        return pdfplumber.open(io.BytesIO(data), pages=pages)
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        raise UnreadableSource(open_failure(cause)) from error
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadableSource(open_failure(error)) from error


def open_failure(cause: object) -> str:
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted with a password; ingest an unprotected copy"
    if isinstance(cause, PDFEncryptionError):
        return f"the PDF is encrypted in a way that cannot be read ({one_line(cause)})"
    return f"the PDF cannot be opened: {one_line(cause)}"


def one_line(error: object) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def declared_page_count(pdf: pdfplumber.PDF) -> int | None:
    """The page tree's /Count: known without building a page object per page."""
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # a broken catalog is reported when the pages are built
        return None
    return count if isinstance(count, int) else None


def count_pages(data: bytes, *, max_pages: int) -> int:
    """The number of pages; UnreadableSource for none, or more than ``max_pages``."""
    with open_pdf(data, pages=[]) as pdf:
        declared = declared_page_count(pdf)
        if declared is not None and declared > max_pages:
            raise UnreadableSource(too_many_pages(declared, max_pages))
        try:
            count = sum(1 for _ in iter_page_objects(pdf, limit=max_pages + 1))
        except Exception as error:  # pdfminer raises its own types for broken page trees
            raise UnreadableSource(
                f"the PDF's page tree cannot be read: {one_line(error)}"
            ) from error
    if count > max_pages:
        raise UnreadableSource(too_many_pages(count, max_pages))
    if count == 0:
        raise UnreadableSource("the PDF has no pages")
    return count


def iter_page_objects(pdf: pdfplumber.PDF, *, limit: int) -> Iterator[object]:
    from pdfminer.pdfpage import PDFPage

    for index, page in enumerate(PDFPage.create_pages(pdf.doc)):
        if index >= limit:
            return
        yield page


def too_many_pages(count: int, limit: int) -> str:
    return (
        f"the PDF has {count:,} pages, more than the limit of {limit:,}; "
        "split it or raise the limit"
    )


def page_warnings(pages: Sequence[PageContent]) -> list[str]:
    """Warnings for pages without text; UnreadableSource when no page has any."""
    damaged = [page for page in pages if page.problems]
    scanned = [page for page in pages if not page.has_text and page.image_area > 0]
    warnings = [
        f"page {page.number} could not be read ({page.problems[0]}); its text is missing"
        for page in damaged
    ]
    scanned_only = [page for page in scanned if not page.problems]
    if not any(page.has_text for page in pages):
        if damaged and not scanned_only:
            raise UnreadableSource(f"no page of the PDF could be read ({damaged[0].problems[0]})")
        if not scanned_only:
            raise UnreadableSource("the PDF has no text on any page")
        raise UnreadableSource("the PDF has no text layer (scanned images?); OCR is not supported")
    if scanned_only:
        numbers = page_list([page.number for page in scanned_only])
        its = "its" if len(scanned_only) == 1 else "their"
        warnings.append(
            f"no text layer on {numbers} (scanned images?); OCR is not supported, "
            f"so {its} text is missing"
        )
    return warnings


def page_list(numbers: Sequence[int]) -> str:
    """ "page 3", "pages 2, 5 and 7"."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


# --- Pages, in parallel ------------------------------------------------------------------


def extract_pages(
    data: bytes, page_count: int, *, workers: int | None = None, fast: bool = True
) -> list[PageContent]:
    """Every page's content, in order; long documents spread over a process pool.

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
                return [page for chunk in pool.map(_read_in_worker, chunks) for page in chunk]
        except (OSError, BrokenProcessPool):
            pass  # no processes to be had here (a sandbox, no /dev/shm): read serially
    return PageReader(data, fast=fast).read(numbers)


def default_workers(page_count: int) -> int:
    """One process per usable core (at most four), for documents long enough to gain."""
    if page_count < PARALLEL_MIN_PAGES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS))


# Each worker process opens the document once and keeps it for all its chunks.
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


@dataclass(slots=True)
class Glyph:
    """One drawn character, in top-down page coordinates."""

    text: str  # "" for a superscript mark taken out of the text (kept as glue)
    fontname: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float  # the text matrix's baseline; a superscript's rise shows in ``bottom``


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn line, rectangle or curve."""

    kind: str  # line | rect | curve (pdfplumber's object types)
    region: Region
    fill: bool
    colour: object  # the fill colour


@dataclass(slots=True)
class Drawn:
    """What a page draws: glyphs, shapes and images."""

    glyphs: list[Glyph] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    images: list[Region] = field(default_factory=list)


class PageReader:
    """An open document whose pages are read one by one (in one process)."""

    def __init__(self, data: bytes, *, fast: bool = True) -> None:
        from pdfminer.converter import PDFPageAggregator
        from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

        self.pdf = open_pdf(data)
        self.fast = fast
        resources = PDFResourceManager(caching=True)
        self.device = PDFPageAggregator(resources, laparams=None)
        self.interpreter = PDFPageInterpreter(resources, self.device)

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
        from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect

        self.interpreter.process_page(page.page_obj)
        layout = self.device.get_result()
        height = float(page.height)
        shift = float(page.mediabox[1])
        drawn = Drawn()
        pending = list(layout)
        while pending:
            item = pending.pop()
            if isinstance(item, LTChar):
                if item.upright:
                    top = height - item.y1 + shift
                    drawn.glyphs.append(
                        Glyph(
                            item.get_text(),
                            item.fontname,
                            float(item.size),
                            float(item.x0),
                            float(item.x1),
                            top,
                            height - item.y0 + shift,
                            height - item.matrix[5] + shift,
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
                    char["text"],
                    char.get("fontname", ""),
                    float(char["size"]),
                    float(char["x0"]),
                    float(char["x1"]),
                    float(char["top"]),
                    float(char["bottom"]),
                    base,
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


def lost_content(page: pdfplumber.page.Page) -> str:
    """Why an empty page is empty although it has content, else "" (a blank page)."""
    try:
        entries = page.page_obj.contents
    except Exception as error:
        return f"its content cannot be found: {one_line(error)}"
    raw_length = decoded_length = 0
    for entry in entries:
        value = resolve1(entry)
        if value is None:
            return "its content stream is missing"
        if not isinstance(value, PDFStream):
            return "its content is not a stream"
        raw_length += int(resolve1(value.attrs.get("Length", 0)) or 0)
        decoded_length += len(value.get_data() or b"")
    if raw_length and not decoded_length:
        return "its content stream is damaged"
    return ""


def page_content(
    page: pdfplumber.page.Page, drawn: Drawn, base: PageContent, *, fast: bool = True
) -> PageContent:
    rules, grid = rulings(drawn.shapes, base.width)
    # pdfplumber's table finder is the slowest step: only where rulings form a grid. On
    # the fast path it reads the glyphs and shapes already drawn, so the page is not
    # parsed a second time into pdfplumber's objects.
    tables = read_tables(TableView(page, drawn) if fast else page) if grid else []
    table_regions = [table.region for table in tables]
    glyphs = drawn.glyphs
    if table_regions:  # the tables' text is in their cells
        glyphs = [glyph for glyph in glyphs if not inside_any(glyph, table_regions)]
    images = tuple(drawn.images)
    page_area = base.width * base.height or 1.0
    image_area = sum((r.bottom - r.top) * (r.x1 - r.x0) for r in images) / page_area
    return replace(
        base,
        lines=tuple(build_lines(glyphs)),
        tables=tuple(tables),
        boxes=tuple(shaded_boxes(drawn.shapes, base.width)),
        images=images,
        rules=tuple(rules),
        image_area=min(image_area, 1.0),
    )


def inside_any(glyph: Glyph, regions: Sequence[Region]) -> bool:
    middle_x = (glyph.x0 + glyph.x1) / 2
    middle_y = (glyph.top + glyph.bottom) / 2
    return any(r.x0 <= middle_x <= r.x1 and r.top <= middle_y <= r.bottom for r in regions)


# --- Rulings, tables, boxes ---------------------------------------------------------------


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

    def __init__(self, page: pdfplumber.page.Page, drawn: Drawn) -> None:
        from pdfplumber.utils import obj_to_edges

        self.bbox = page.bbox
        height = float(page.height)
        self.edges = [
            edge
            for shape in drawn.shapes
            if shape.kind in ("line", "rect")
            for edge in obj_to_edges(shape_object(shape, height))
        ]
        self.chars = [glyph_object(glyph, height) for glyph in drawn.glyphs]


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
    from pdfplumber.table import TableFinder

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


# --- Glyphs -> printed lines --------------------------------------------------------------


@cache
def is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname or ""))


def build_lines(glyphs: Sequence[Glyph]) -> list[PageLine]:
    """Group glyphs into printed lines, top to bottom; superscripts become marks."""
    clusters = merge_raised(cluster_by_baseline(glyphs))
    lines = [make_line(cluster) for cluster in clusters]
    return [line for line in lines if line is not None]


def cluster_by_baseline(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    clusters: list[list[Glyph]] = []
    current: list[Glyph] = []
    current_base = 0.0
    for glyph in sorted(glyphs, key=lambda g: g.baseline):
        if current and abs(glyph.baseline - current_base) <= SAME_BASELINE * max(glyph.size, 1.0):
            current.append(glyph)
        else:
            current = [glyph]
            current_base = glyph.baseline
            clusters.append(current)
    return clusters


def merge_raised(clusters: list[list[Glyph]]) -> list[list[Glyph]]:
    """A short cluster of small glyphs drawn raised beside a line (a superscript whose
    rise is in the text matrix) joins that line, where ``split_marks`` takes it out."""
    bands = [band_of(cluster) for cluster in clusters]
    merged: list[list[Glyph]] = []
    for index, cluster in enumerate(clusters):
        top, bottom, size = bands[index]
        host = None
        if sum(1 for g in cluster if g.text.strip()) <= 4:
            host = next(
                (
                    other
                    for other, (o_top, o_bottom, o_size) in enumerate(bands)
                    if other != index
                    and size < SUPERSCRIPT_RATIO * o_size
                    and o_top - 1 <= bottom <= o_bottom
                    and top < o_top + 0.5 * o_size
                ),
                None,
            )
        if host is None:
            merged.append(cluster)
        else:
            clusters[host].extend(cluster)
    return merged


def band_of(cluster: Sequence[Glyph]) -> tuple[float, float, float]:
    glyphs = [g for g in cluster if g.text.strip()] or list(cluster)
    return min(g.top for g in glyphs), max(g.bottom for g in glyphs), max(g.size for g in glyphs)


def make_line(glyphs: list[Glyph]) -> PageLine | None:
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    size = Counter(round(g.size, 1) for g in visible).most_common(1)[0][0]
    glyphs, marks = split_marks(glyphs, size)
    glyphs.sort(key=lambda g: (g.x0, g.top))
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    segments = split_segments(glyphs, size)
    gaps, first_x1 = word_gaps(glyphs)
    bold = sum(1 for g in visible if is_bold(g.fontname))
    return PageLine(
        top=min(g.top for g in visible),
        bottom=max(g.bottom for g in visible),
        baseline=median(g.baseline for g in visible),
        x0=segments[0].x0,
        x1=segments[-1].x1,
        size=size,
        bold=bold * 2 > len(visible),
        segments=tuple(segments),
        marks=tuple(marks),
        trailing_space=not glyphs[-1].text.strip(),
        first_gap=gaps[0] if gaps else 0.0,
        first_x1=first_x1,
        word_gap=median(gaps[1:]) if len(gaps) > 1 else 0.0,
    )


def split_marks(glyphs: list[Glyph], size: float) -> tuple[list[Glyph], list[str]]:
    """Superscript glyphs (smaller, raised above the line's type) leave the text as marks.

    pdfminer leaves a text rise out of the glyph matrix, so such a superscript shares its
    line's baseline and shows only in its raised ``bottom``.
    """
    full = [g.bottom for g in glyphs if g.text.strip() and g.size >= size - 0.05]
    if not full:
        return glyphs, []
    line_bottom = median(full)
    kept: list[Glyph] = []
    marks: list[str] = []
    previous_was_mark = False
    for glyph in sorted(glyphs, key=lambda g: g.x0):
        raised = glyph.bottom < line_bottom - 0.15 * size
        if glyph.text.strip() and glyph.size < SUPERSCRIPT_RATIO * size and raised:
            if previous_was_mark:
                marks[-1] += glyph.text
            else:
                marks.append(glyph.text)
            previous_was_mark = True
            # The mark's place stays, textless, so the words around it are not spaced.
            kept.append(replace(glyph, text=""))
            continue
        kept.append(glyph)
        previous_was_mark = False
    return kept, marks


def word_gaps(glyphs: Sequence[Glyph]) -> tuple[list[float], float]:
    """The gaps between the words of a line, left to right (drawn spaces included), and
    where its first word ends."""
    gaps: list[float] = []
    first_x1 = 0.0
    last_x1: float | None = None
    seen_space = False
    for glyph in glyphs:
        if not glyph.text:  # a mark: glue
            last_x1 = glyph.x1 if last_x1 is not None else None
            continue
        if not glyph.text.strip():
            seen_space = last_x1 is not None
            continue
        if last_x1 is not None:
            gap = glyph.x0 - last_x1
            if seen_space or gap > WORD_GAP * glyph.size:
                if not gaps:
                    first_x1 = last_x1
                gaps.append(gap)
        last_x1 = glyph.x1
        seen_space = False
    return gaps, first_x1


def split_segments(glyphs: Sequence[Glyph], size: float) -> list[Segment]:
    """Text runs of a line; a gap wider than ``SEGMENT_GAP`` starts a new one."""
    segments: list[Segment] = []
    text: list[str] = []
    start = end = 0.0
    pending_space = False
    for glyph in glyphs:
        if not glyph.text:  # a mark: glue
            end = max(end, glyph.x1)
            continue
        if not glyph.text.strip():
            pending_space = bool(text)
            continue
        if text:
            gap = glyph.x0 - end
            if gap > SEGMENT_GAP * size:
                segments.append(Segment(start, end, "".join(text)))
                text = []
            elif pending_space or gap > WORD_GAP * size:
                text.append(" ")
        if not text:
            start = glyph.x0
            end = glyph.x1
        text.append(glyph.text)
        end = max(end, glyph.x1)
        pending_space = False
    if text:
        segments.append(Segment(start, end, "".join(text)))
    return segments


# --- Document-wide analysis ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Layout:
    """Facts about the whole document the blocks need."""

    body_size: float
    heading_sizes: tuple[float, ...]  # largest first: level 1, 2, ...
    left: float  # the body's left edge
    space_width: float
    leading: float  # baseline step inside a paragraph of body text
    removed: frozenset[tuple[int, int]]  # (page, line index) of running lines and footnotes
    footnotes: tuple[PdfFootnote, ...]
    running_texts: tuple[str, ...]
    last_footer: str  # the last page's running footer as printed ("" if none)
    words: Counter[str]  # how often each word (lower case) is printed inside a line


def analyse(pages: Sequence[PageContent]) -> Layout:
    lines = [line for page in pages for line in page.lines]
    # The body type is that of most prose: lines of one run of text (a table printed as
    # text, in columns, would outweigh it in a long appendix).
    sizes: Counter[float] = Counter()
    for line in lines:
        if not line.bold and len(line.segments) == 1:
            sizes[line.size] += len(line.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    heading_sizes = sorted(
        {line.size for line in lines if line.bold and line.size >= HEADING_RATIO * body_size},
        reverse=True,
    )
    lefts = Counter(round(line.x0) for line in lines if abs(line.size - body_size) < 0.5)
    left = float(lefts.most_common(1)[0][0]) if lefts else 0.0
    removed, running, last_footer = running_lines(pages)
    footnote_keys, footnotes = find_footnotes(pages, removed, body_size)
    return Layout(
        body_size=body_size,
        heading_sizes=tuple(heading_sizes),
        left=left,
        space_width=0.25 * body_size,
        leading=body_leading(pages, body_size),
        removed=frozenset(removed | footnote_keys),
        footnotes=tuple(footnotes),
        running_texts=tuple(running),
        last_footer=last_footer,
        words=vocabulary(pages),
    )


def body_leading(pages: Sequence[PageContent], body_size: float) -> float:
    steps = Counter()
    for page in pages:
        body = [line for line in page.lines if abs(line.size - body_size) < 0.5]
        for before, after in zip(body, body[1:], strict=False):
            step = round(after.baseline - before.baseline, 1)
            if 0 < step < 3 * body_size:
                steps[step] += 1
    return steps.most_common(1)[0][0] if steps else 1.2 * body_size


def running_key(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split())).lower()


def edge_lines(page: PageContent) -> list[tuple[int, PageLine, str]]:
    """The page's outermost lines (two at the top, two at the bottom) in the margin zones."""
    lines = page.lines
    picked = []
    for index in (0, 1, len(lines) - 2, len(lines) - 1):
        if 0 <= index < len(lines):
            line = lines[index]
            if line.bottom <= RUNNING_ZONE * page.height:
                picked.append((index, line, "top"))
            elif line.top >= (1 - RUNNING_ZONE) * page.height:
                picked.append((index, line, "bottom"))
    return list({index: (index, line, zone) for index, line, zone in picked}.values())


def running_lines(
    pages: Sequence[PageContent],
) -> tuple[set[tuple[int, int]], list[str], str]:
    """Running headers/footers (text repeated at a page edge) and page numbers.

    A bare number at a page's edge is a page number only when it runs with the pages
    (its value minus the page's index is the document's usual offset), so a year or an
    amount that happens to open a page stays.
    """
    seen: dict[tuple[str, str], set[int]] = {}
    numbers: list[tuple[int, int, int]] = []  # (page, line index, printed value)
    for page in pages:
        for index, line, zone in edge_lines(page):
            value = page_number_value(line.text)
            if value is not None:
                if is_outermost(page, index):
                    numbers.append((page.number, index, value))
                continue
            seen.setdefault((zone, running_key(line.text)), set()).add(page.number)
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
    last_footer = ""
    for page in pages:
        for index, line, zone in edge_lines(page):
            if (zone, running_key(line.text)) in repeated:
                removed.add((page.number, index))
                if zone == "bottom":
                    last_footer = line.text
    texts = sorted({key for _, key in repeated})
    return removed, texts, last_footer


def page_number_value(text: str) -> int | None:
    """The number of a page-number line ("12", "Side 12", "- 12 -", "12 av 40")."""
    if not _PAGE_NUMBER.match(text.strip()):
        return None
    return int(_DIGITS.search(text).group(0))


def is_outermost(page: PageContent, index: int) -> bool:
    return index in (0, len(page.lines) - 1)


def find_footnotes(
    pages: Sequence[PageContent], removed: set[tuple[int, int]], body_size: float
) -> tuple[set[tuple[int, int]], list[PdfFootnote]]:
    """Lines below a short rule in the lower part of a page, in a smaller type."""
    keys: set[tuple[int, int]] = set()
    notes: list[PdfFootnote] = []
    for page in pages:
        rules = [rule for rule in page.rules if rule.top > 0.5 * page.height]
        if not rules:
            continue
        rule = min(rules, key=lambda r: r.top)
        current: list[str] = []
        number = ""
        for index, line in enumerate(page.lines):
            if (page.number, index) in removed or line.top < rule.bottom:
                continue
            if line.size >= body_size - 0.3:
                continue
            keys.add((page.number, index))
            mark, text = footnote_start(line)
            if mark and current:
                notes.append(PdfFootnote(page.number, number, " ".join(current)))
                current = []
            if mark:
                number = mark
            current.append(text)
        if current:
            notes.append(PdfFootnote(page.number, number, " ".join(current)))
    return keys, notes


def footnote_start(line: PageLine) -> tuple[str, str]:
    """(mark, text) of a footnote line; mark "" for a continuation line."""
    if line.marks:
        return line.marks[0], line.text
    match = re.match(r"^(\d{1,3})\s+(.*)$", line.text)
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


# --- Blocks ------------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """A paragraph, heading, list item, table or image, as the profile will write it."""

    kind: str  # para | heading | item | table | image
    page: int
    lines: list[PageLine] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page of each printed line (table row)
    box: int | None = None  # id of the box holding it
    level: int = 0
    label: str = ""  # a list item's bullet or enumerator
    rows: list[tuple[str, ...]] = field(default_factory=list)
    indent: int = 0  # leading spaces of the first line
    printed: PageLine | None = None  # an item's first line before its label was split off
    left: float = 0.0  # its container's left text edge
    right: float = 0.0  # its container's right text edge, on its last page


@dataclass(slots=True)
class _Placed:
    """A line, table or image of a page, in reading order, with its container's edges."""

    top: float
    kind: str
    line: PageLine | None = None
    table: PageTable | None = None
    image: Region | None = None
    box: int | None = None
    left: float = 0.0  # the container's (page body or box) text edges on this page
    right: float = 0.0


def build_blocks(pages: Sequence[PageContent], layout: Layout) -> list[Block]:
    blocks: list[Block] = []
    box_ids = BoxNumbering()
    for page in pages:
        placed = placed_items(page, layout, box_ids)
        for item in placed:
            add_item(blocks, item, page, layout)
        box_ids.end_page(placed)
    return blocks


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

    def end_page(self, placed: Sequence[_Placed]) -> None:
        self.open_id = placed[-1].box if placed else None


def placed_items(page: PageContent, layout: Layout, box_ids: BoxNumbering) -> list[_Placed]:
    items: list[_Placed] = []
    for index, line in enumerate(page.lines):
        if (page.number, index) not in layout.removed:
            items.append(_Placed(line.top, "line", line=line))
    items.extend(_Placed(table.region.top, "table", table=table) for table in page.tables)
    items.extend(_Placed(image.top, "image", image=image) for image in page.images)
    items.sort(key=lambda item: item.top)
    ids = box_ids.ids_for(page.boxes, items[0].top if items else 0.0)
    for item in items:
        for region, box_id in zip(page.boxes, ids, strict=True):
            if region.top - 1 <= item.top <= region.bottom:
                item.box = box_id
    set_edges(items, layout)
    return items


def set_edges(items: Sequence[_Placed], layout: Layout) -> None:
    """The usual left edge and the right edge of the text of each container on the page."""
    by_box: dict[int | None, list[PageLine]] = {}
    for item in items:
        if item.line is not None:
            by_box.setdefault(item.box, []).append(item.line)
    edges = {}
    for box, lines in by_box.items():
        # A box's text edge is its leftmost line (list items sit further in).
        left = min(line.x0 for line in lines) if box is not None else layout.left
        edges[box] = (left, max(line.x1 for line in lines))
    for item in items:
        item.left, item.right = edges.get(item.box, (layout.left, 0.0))


def add_item(blocks: list[Block], item: _Placed, page: PageContent, layout: Layout) -> None:
    previous = blocks[-1] if blocks else None
    if item.kind == "table":
        rows = list(item.table.rows)
        if previous and previous.kind == "table" and continues_table(previous, item, page):
            more = drop_repeated_header(previous.rows, rows)
            previous.rows.extend(more)
            previous.pages.extend([page.number] * len(more))
            return
        pages = [page.number] * len(rows)
        blocks.append(Block("table", page.number, rows=rows, pages=pages, box=item.box))
        return
    if item.kind == "image":
        blocks.append(Block("image", page.number, box=item.box))
        return
    if previous and joins(previous, item, page, layout):
        previous.lines.append(item.line)
        previous.pages.append(page.number)
        previous.right = item.right
        return
    blocks.append(start_block(item, page.number, layout))


def continues_table(previous: Block, item: _Placed, page: PageContent) -> bool:
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


def start_block(item: _Placed, page: int, layout: Layout) -> Block:
    line = item.line
    level = heading_level(line, layout)
    label, rest = list_label(line)
    if level:
        block = Block("heading", page, level=level)
        block.indent = indent_of(line, item.left, layout)
    elif label:
        block = Block("item", page, label=label, printed=line)
        line = rest
    else:
        block = Block("para", page)
        block.indent = indent_of(line, item.left, layout)
    block.lines.append(line)
    block.pages.append(page)
    block.box = item.box
    block.left = item.left
    block.right = item.right
    return block


def heading_level(line: PageLine, layout: Layout) -> int:
    if not line.bold:
        return 0
    for level, size in enumerate(layout.heading_sizes, start=1):
        if abs(line.size - size) < 0.3:
            return level
    return 0


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


def joins(previous: Block, item: _Placed, page: PageContent, layout: Layout) -> bool:
    """Whether the line continues ``previous`` (the same paragraph, heading or item)."""
    line = item.line
    if previous.kind in ("table", "image") or previous.box != item.box:
        return False
    last = previous.lines[-1]
    if (last.bold, round(last.size, 1)) != (line.bold, round(line.size, 1)):
        return False
    level = heading_level(line, layout)
    if (previous.kind == "heading") != bool(level) or level != previous.level:
        return False
    if previous.kind != "heading" and list_label(line)[0]:
        return False
    if previous.pages[-1] != page.number:
        return runs_over_page(previous, line, layout)
    step = line.baseline - last.baseline
    if step <= 0 or step > PARAGRAPH_SPACING * max(layout.leading, 1.1 * line.size):
        return False
    return aligned(previous, line, item.left, layout)


def aligned(previous: Block, line: PageLine, left: float, layout: Layout) -> bool:
    """A continuation line starts where the block's lines go on: an item's text edge, a
    paragraph's second line (or, after one line, between the margin and its indent)."""
    tolerance = layout.space_width
    if previous.kind == "heading":
        return True
    if previous.kind == "item" or len(previous.lines) >= 2:
        edge = previous.lines[0 if previous.kind == "item" else 1].x0
        return abs(line.x0 - edge) < tolerance
    return left - tolerance <= line.x0 <= previous.lines[0].x0 + tolerance


def runs_over_page(previous: Block, line: PageLine, layout: Layout) -> bool:
    """A paragraph goes on over a page break when its last line reached the right edge
    (a justified line that is no paragraph end) and the next page's line is aligned."""
    if previous.kind not in ("para", "item"):
        return False
    last = previous.lines[-1]
    if len(last.segments) > 1 or last.x1 < previous.right - 1.5 * layout.body_size:
        return False  # a line with tab stops, or a short one, ends its paragraph
    return aligned(previous, line, previous.left, layout)


# --- Joining a block's lines ---------------------------------------------------------------


def join_lines(lines: Sequence[PageLine], layout: Layout, *, keep_columns: bool) -> str:
    """One paragraph from its printed lines, deciding each line-end hyphen."""
    if keep_columns and len(lines) == 1:
        return "\t".join(segment.text for segment in lines[0].segments)
    text = ""
    for line in lines:
        piece = line.text
        text = piece if not text else join_pair(text, piece, layout)
    return text


def join_pair(text: str, piece: str, layout: Layout) -> str:
    """``text`` + the next printed line, deciding a hyphen at the line end."""
    if not text.endswith("-") or text.endswith(" -") or len(text) < 2:
        return f"{text} {piece}"
    next_word = piece.split(" ", 1)[0]
    if next_word.lower().strip(",.") in _SUSPENDING_WORDS or not next_word[:1].isalnum():
        return f"{text} {piece}"  # a suspended compound: "Helse- og omsorgsdepartementet"
    stem = text.rsplit(" ", 1)[-1][:-1]
    tail = re.match(r"[\w-]*", next_word).group(0)
    kept = layout.words[f"{stem}-{tail}".lower()]
    dropped = layout.words[f"{stem}{tail}".lower()]
    if kept or dropped:
        return text + piece if kept > dropped else text[:-1] + piece
    part = stem.rsplit("-", 1)[-1]  # "tilskud" of "ALIS-tilskud-" + "det"
    if any(char.isupper() for char in part[1:]):
        return text + piece  # an abbreviation's compound keeps its hyphen: "SoMe-tjenesten"
    if stem[-1:].islower() and tail[:1].islower():
        return text[:-1] + piece  # a typesetter's break between lower-case letters
    return text + piece  # "ISF-" + "ordningen"


# --- Choosing and writing the profile ------------------------------------------------------


def choose_profile(blocks: Sequence[Block], layout: Layout, *, name: str, kind: str | None) -> str:
    """The family's profile: forced by ``kind``, else recognised from the text."""
    if wants_wrapped(layout.running_texts, layout.last_footer, name=name):
        return "wrapped"
    if kind is None:
        probe = write_profile(blocks, layout, PROFILES["plain"])
        kind = recognise(SourceText(name=name, lines=tuple(probe.lines)))
    return KIND_PROFILE.get(kind or "", "plain")


def wants_wrapped(running: Sequence[str], last_footer: str, *, name: str) -> bool:
    """The 2017 report's parser (wrapped PDF text) knows its document by the page footer."""
    if not last_footer:
        return False
    try:
        from ingest.parsers.annual_report.wrapped_text import looks_wrapped
    except ImportError:
        return False
    return looks_wrapped(SourceText(name=name, lines=(last_footer,)))


def recognise(source: SourceText) -> str | None:
    from ingest import parsers

    try:
        return parsers.recognise_kind(source)
    except Exception:  # unknown kind, or a family parser that does not import yet
        return None


@dataclass(slots=True)
class Written:
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    tables: list[PdfTable] = field(default_factory=list)
    headings: list[PdfHeading] = field(default_factory=list)

    def add(self, text: str, page: int) -> int:
        self.lines.append(text)
        self.pages.append(page)
        return len(self.lines)

    def blank(self, page: int, count: int = 1) -> None:
        for _ in range(count):
            self.add("", page)


def write_profile(blocks: Sequence[Block], layout: Layout, profile: Profile) -> Written:
    if profile.physical_lines:
        return write_physical(blocks, layout, profile)
    written = Written()
    previous: Block | None = None
    for index, block in enumerate(blocks):
        if (
            previous
            and profile.blank_between_blocks
            and not (block.kind == "item" and previous.kind == "item")
        ):
            written.blank(block.page)
        write_block(written, block, layout, profile)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            block.box is not None
            and profile.box_end
            and (following is None or following.box != block.box)
        ):
            written.add(profile.box_end, block.pages[-1] if block.pages else block.page)
        previous = block
    return written


def write_block(written: Written, block: Block, layout: Layout, profile: Profile) -> None:
    if block.kind == "table":
        write_table(written, block, profile)
        return
    if block.kind == "image":
        if profile.image_marker:
            written.add(profile.image_marker, block.page)
        return
    keep_columns = block.kind == "para"
    text = join_lines(block.lines, layout, keep_columns=keep_columns)
    if block.kind == "item":
        text = item_text(block.label, text, profile)
    elif block.indent:
        text = " " * block.indent + text
    number = written.add(text, block.page)
    if block.kind == "heading":
        written.headings.append(PdfHeading(number, block.level, text))


def item_text(label: str, text: str, profile: Profile) -> str:
    if label in _BULLETS:
        return f"{profile.bullet}{text}" if profile.bullet else text
    return f"{label}\t{text}"


def write_table(written: Written, block: Block, profile: Profile) -> None:
    first = len(written.lines) + 1
    for index, (row, page) in enumerate(zip(block.rows, block.pages, strict=True)):
        if profile.table_form == "cells":
            for cell in row:
                head, *more = cell.split("\n") if cell else [""]
                written.add(f"\t{head}", page)
                for extra in more:
                    written.add(extra, page)
            written.blank(page)
        elif profile.table_form == "rows":
            written.add("\t".join(cell.replace("\n", " ") for cell in row), page)
        else:
            if index:
                written.blank(page)
            written.add(" ".join(cell.replace("\n", " ") for cell in row if cell), page)
    if profile.table_form == "cells":
        written.blank(block.pages[-1])
    last = len(written.lines)
    while last > first and not written.lines[last - 1].strip("\t "):
        last -= 1
    written.tables.append(PdfTable(block.page, tuple(block.rows), first, last))


def write_physical(blocks: Sequence[Block], layout: Layout, profile: Profile) -> Written:
    """Printed lines as printed: indentation, blank lines for vertical space, a blank
    line at each page break, tables one flattened row per line."""
    written = Written()
    previous: tuple[int, float] | None = None  # (page, baseline) of the last line
    for block in blocks:
        if block.kind == "image":
            continue
        if block.kind == "table":
            if written.lines:
                written.blank(block.page)
            write_table(written, block, profile)
            written.blank(block.pages[-1])
            previous = None
            continue
        for position, (line, page) in enumerate(zip(block.lines, block.pages, strict=True)):
            if previous is not None:
                written.blank(page, blank_lines_between(previous, line, page, layout))
            if position == 0 and block.printed is not None:
                line = block.printed  # an item's line with its label, as printed
            number = written.add(physical_text(line, layout), page)
            if block.kind == "heading" and position == 0:
                written.headings.append(PdfHeading(number, block.level, line.text))
            previous = (page, line.baseline)
    if layout.last_footer:
        written.add(layout.last_footer, written.pages[-1] if written.pages else 1)
    return written


def blank_lines_between(
    previous: tuple[int, float], line: PageLine, page: int, layout: Layout
) -> int:
    previous_page, previous_baseline = previous
    if previous_page != page:
        return 1
    steps = round((line.baseline - previous_baseline) / max(layout.leading, 1.0))
    return max(0, steps - 1)


def physical_text(line: PageLine, layout: Layout) -> str:
    spaces = round((line.x0 - layout.left) / layout.space_width)
    indent = " " * spaces if 0 < spaces <= MAX_INDENT_SPACES else ""
    text = "  ".join(segment.text for segment in line.segments)
    return indent + text + (" " if line.trailing_space else "")
