"""The neutral representation between readers and parsers: an ordered stream of blocks.

A reader turns a file into a :class:`ReadDocument`, whatever the file was:

* ``ingest.pdf`` reads a PDF's layout (columns, running lines, fonts, rulings, boxes),
* ``ingest.docx`` reads Word's structure (styles, numbering, tables, text boxes, notes),
* ``ingest.plain_text`` reads a text file (Markdown-like or an export of either).

Parsers read the blocks, never a reader's internals, so a parser works the same on a
PDF, a DOCX and a text edition of a document.

What a block is:

=============  ===========================================================================
kind           meaning
=============  ===========================================================================
heading        a heading; ``level`` 1 is the document's largest heading type, and its
               ``text`` is as printed, number included ("3.2 Mål for 2025"); where the
               reader knows the number was generated (Word's heading numbering), it is
               also the ``label`` ("3.2"), so an export that drops such numbers can
               leave it out
paragraph      running text, hyphenation at line ends already joined
list_item      one item; ``label`` is its bullet or enumerator as printed ("•", "1.",
               "a)"), ``level`` its nesting (1 = top level)
table          ``rows`` of cell texts (a row that wraps is still one row); ``text`` is
               the rows written out, so a table is searchable as it reads
footnote       a footnote's body; ``label`` is its mark ("3")
caption        the caption of a figure or table ("Figur 2.1 …"); a generated number
               is its ``label`` ("Figur 2.1"), as for a heading
figure         an image or chart; ``text`` is its alternative text, "" where it has none
               (the place of a figure is a fact a caption or a family parser may need)
=============  ===========================================================================

A block inside a box, a shaded frame or a Word text box carries that :class:`Frame`
(the same object for every block of the frame, numbered in document order).

Every block knows its pages (``page``, ``page_end``; ``None`` where the file records
none, as in a text file or a DOCX without rendered page breaks) and its 1-based,
inclusive line range in the document's **stored text** (:attr:`ReadDocument.source`):
the text users download as "the source text", whose line numbers every parsed row
cites. A text file's stored text is the file itself; a PDF's or DOCX's is the blocks
written out by :func:`render` (one line per paragraph, heading, list item and table
row, blank lines between blocks).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from ingest.parsed import SourceText

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"
FOOTNOTE = "footnote"
CAPTION = "caption"
FIGURE = "figure"
KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE, FOOTNOTE, CAPTION, FIGURE)

CELL_SEPARATOR = "\t"  # between a table row's cells in the stored text


@dataclass(frozen=True, slots=True)
class Frame:
    """A box, shaded frame or text box that holds blocks."""

    number: int  # 1-based, in document order
    title: str = ""  # its heading as printed ("Regjeringen vil"), "" where it has none


@dataclass(frozen=True, slots=True)
class Block:
    kind: str  # one of KINDS
    text: str = ""
    level: int = 0  # heading level or list nesting, 1 = top; 0 for the other kinds
    # List item bullet or enumerator; footnote mark; a heading's or caption's generated
    # number (DOCX), which its text starts with: the seed exports print text without it.
    label: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # table cells
    frame: Frame | None = None
    page: int | None = None  # the page it starts on
    page_end: int | None = None  # the page it ends on
    start_line: int = 0  # in the stored text; 0 until rendered
    end_line: int = 0
    # The block's printed lines as laid out (indentation kept), where the reader saw
    # them: a PDF. Parsers of wrapped exports read these; most parsers need only text.
    # A wide gap inside a printed line (a tab stop) is a TAB.
    printed: tuple[str, ...] = ()
    # The page of each printed line: a paragraph that runs over a page break has lines
    # on two pages, and a line-based export cites the page of each.
    printed_pages: tuple[int, ...] = ()
    # The first line's indent in spaces from its frame's or column's text edge (a
    # first-line indent, a centred line); some exports keep it as leading spaces.
    indent: int = 0
    # White space above the block in blank body lines (0: set solid under the block
    # before), where the reader measured it; an export of printed lines keeps it.
    space_before: int = 0

    @property
    def pages(self) -> tuple[int, int] | tuple[None, None]:
        if self.page is None:
            return None, None
        return self.page, self.page_end or self.page


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """A bookmark of a PDF (or a heading of a DOCX navigation pane)."""

    level: int  # 1 = top
    title: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the file says about itself, beside its text (often empty or wrong: a hint)."""

    title: str = ""
    author: str = ""
    subject: str = ""
    created: date | None = None
    language: str = ""  # as the file declares it ("nb-NO"), not as detected


@dataclass(frozen=True, slots=True)
class ReadDocument:
    """A file as a reader understood it."""

    name: str  # the source's file name
    format: str  # "text", "pdf" or "docx"
    blocks: tuple[Block, ...]
    source: SourceText  # the stored text the blocks' line ranges count
    page_count: int | None = None
    metadata: Metadata = field(default_factory=Metadata)
    outline: tuple[OutlineEntry, ...] = ()
    # The running headers and footers the reader took out, each once, in order of first
    # appearance (a report's running footer often names the report and its year).
    running: tuple[str, ...] = ()
    # What the reading lost or doubted, each naming its page where there is one.
    warnings: tuple[str, ...] = ()

    def headings(self) -> Iterator[Block]:
        return (block for block in self.blocks if block.kind == HEADING)

    def frames(self) -> dict[Frame, tuple[Block, ...]]:
        """Each frame with its blocks, in document order."""
        held: dict[Frame, list[Block]] = {}
        for block in self.blocks:
            if block.frame is not None:
                held.setdefault(block.frame, []).append(block)
        return {frame: tuple(blocks) for frame, blocks in held.items()}


# --- Writing blocks out as the stored text -------------------------------------------------


def block_lines(block: Block) -> list[str]:
    """The lines a block is written as in the stored text."""
    if block.kind == TABLE:
        return [CELL_SEPARATOR.join(_one_line(cell) for cell in row) for row in block.rows] or [""]
    text = _one_line(block.text)
    if block.kind == LIST_ITEM:
        indent = "  " * max(block.level - 1, 0)
        return [f"{indent}{block.label} {text}" if block.label else f"{indent}{text}"]
    if block.kind == FOOTNOTE and block.label:
        return [f"[{block.label}] {text}"]
    return [text]


def render(blocks: Iterable[Block], *, name: str) -> tuple[tuple[Block, ...], SourceText]:
    """Write blocks out as the stored text; returns the blocks with their line ranges.

    One line per heading, paragraph, list item and table row; a blank line between
    blocks, except between the items of one list. Pages come from the blocks (a blank
    line takes the page of the block after it).
    """
    lines: list[str] = []
    pages: list[int] = []
    placed: list[Block] = []
    previous: Block | None = None
    for block in blocks:
        if previous is not None and not _same_list(previous, block):
            lines.append("")
            pages.append(block.page or 0)
        start = len(lines) + 1
        written = block_lines(block)
        lines.extend(written)
        # A block's lines carry its first page, its last line its last page (a table
        # that runs over a page break: the rows on the next page are few).
        pages.extend([block.page or 0] * (len(written) - 1) + [block.page_end or block.page or 0])
        placed.append(replace(block, start_line=start, end_line=len(lines)))
        previous = block
    has_pages = any(page for page in pages)
    source = SourceText(
        name=name,
        lines=tuple(lines),
        pages=tuple(_fill_pages(pages)) if has_pages else None,
    )
    return tuple(placed), source


def _same_list(previous: Block, block: Block) -> bool:
    return previous.kind == LIST_ITEM and block.kind == LIST_ITEM and previous.frame == block.frame


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _fill_pages(pages: Sequence[int]) -> list[int]:
    """Every line gets a page: a line without one takes the page of the line before."""
    filled: list[int] = []
    last = next((page for page in pages if page), 1)
    for page in pages:
        last = page or last
        filled.append(last)
    return filled
