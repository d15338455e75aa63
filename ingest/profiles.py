"""Blocks -> the text layout ("profile") of one seed export, for the line-based parsers.

Input: a :class:`~ingest.blocks.ReadDocument` from any reader (PDF, DOCX). Output: a
:class:`~ingest.parsed.SourceText` laid out as the seed export of one document family
prints its text, with the page of every line where the reader knew the pages. The
family parsers written for those exports read it as they read a text seed; their rows'
line numbers count this text.

The profiles (:data:`PROFILES`):

* ``proposition`` (Prop. 1 S): one paragraph per line, bullets dropped, a table as one
  TAB-led line per cell and a blank line after each row, a box closed by ``Rammeslutt``.
* ``white_paper`` (Meld. St.): as above, a box closed by ``[Boks slutt]``, a figure left
  as ``[image: ]``; it starts at the first level-1 heading (the seed export has no title
  pages) and prints headings, captions and box titles without the numbers Word generated
  (their ``label``), as the seed export does.
* ``paragraphs`` (Årsrapport 2024): blank lines between blocks (not between the items of
  a list), ``- `` bullets, a table as one TAB-separated row per line.
* ``wrapped`` (Årsrapport 2017, text extracted from a PDF): each block's printed lines
  as printed, blank lines for the white space the reader measured and at page breaks,
  a table as one flattened row per line; the last running line the reader took out is
  written once at the end, since that parser finds its report and year only in the
  page footer.
* ``plain``: one paragraph per line.

Choices:

* Footnotes are left out: no seed export prints them in the running text.
* A paragraph of one printed line with tab stops keeps them as TABs (a line of a table
  set without rulings); a longer paragraph is its joined text, whose wide gaps are
  justification.
* A paragraph's or heading's first-line indent comes back as leading spaces, as in the
  exports (the parsers read them: a float's end, a lost kap heading).
* A line's page is the page its block starts on, except in ``wrapped``, which has the
  page of each printed line, and a table row, which has its own page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.blocks import (
    CAPTION,
    FIGURE,
    FOOTNOTE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE,
    Block,
    ReadDocument,
)
from ingest.parsed import SourceText

BULLETS = frozenset("•▪◦‣●○■□·–-*")


@dataclass(frozen=True, slots=True)
class Profile:
    """How one family's text export prints its blocks."""

    name: str
    printed_lines: bool = False  # the printed lines as laid out instead of paragraphs
    blank_between_blocks: bool = False
    bullet: str = ""  # what a bullet item starts with; "" drops the glyph
    table_form: str = "cells"  # cells: a TAB line per cell; rows: a TAB row per line; flat
    box_end: str = ""  # the line printed after a box
    image_marker: str = ""  # the line standing for a figure
    # The export leaves out the numbers Word generates for headings, captions and boxes
    # ("2.1", "Figur 2.1", "Boks 3.1"): a block's ``label`` where its text starts with it.
    drops_generated_numbers: bool = False
    # The export starts at chapter 1: the title pages before the first level-1 heading
    # (cover, "Tilråding fra … godkjent i statsråd") are not in it.
    starts_at_first_chapter: bool = False


PROFILES = {
    "proposition": Profile("proposition", box_end="Rammeslutt"),
    "white_paper": Profile(
        "white_paper",
        box_end="[Boks slutt]",
        image_marker="[image: ]",
        drops_generated_numbers=True,
        starts_at_first_chapter=True,
    ),
    "paragraphs": Profile("paragraphs", blank_between_blocks=True, bullet="- ", table_form="rows"),
    "wrapped": Profile("wrapped", printed_lines=True, table_form="flat"),
    "plain": Profile("plain"),
}


def render_profile(doc: ReadDocument, profile: str) -> SourceText:
    """``doc``'s blocks written out as the export ``profile`` (a key of PROFILES) prints them."""
    chosen = PROFILES[profile]
    blocks = [block for block in doc.blocks if block.kind != FOOTNOTE]
    if chosen.starts_at_first_chapter:
        blocks = _from_first_chapter(blocks)
    written = _Written()
    if chosen.printed_lines:
        _write_printed(written, blocks, chosen)
        if doc.running:
            written.add(doc.running[-1], written.pages[-1] if written.pages else 1)
    else:
        _write_paragraphs(written, blocks, chosen)
    has_pages = any(page for page in written.pages)
    return SourceText(
        name=doc.name,
        lines=tuple(written.lines),
        pages=tuple(page or 1 for page in written.pages) if has_pages else None,
    )


@dataclass(slots=True)
class _Written:
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)

    def add(self, text: str, page: int | None) -> None:
        self.lines.append(text)
        self.pages.append(page or 0)

    def blank(self, page: int | None, count: int = 1) -> None:
        for _ in range(count):
            self.add("", page)


def _write_paragraphs(written: _Written, blocks: Sequence[Block], profile: Profile) -> None:
    for index, block in enumerate(blocks):
        previous = blocks[index - 1] if index else None
        if (
            previous is not None
            and profile.blank_between_blocks
            and not (block.kind == LIST_ITEM and previous.kind == LIST_ITEM)
        ):
            written.blank(block.page)
        _write_block(written, block, profile)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        closes_box = block.frame is not None and (
            following is None or following.frame != block.frame
        )
        if closes_box and profile.box_end:
            written.add(profile.box_end, block.page_end or block.page)


def _write_block(written: _Written, block: Block, profile: Profile) -> None:
    if block.kind == TABLE:
        _write_table(written, block, profile)
    elif block.kind == FIGURE:
        if profile.image_marker:
            written.add(profile.image_marker, block.page)
    elif block.kind == LIST_ITEM:
        written.add(_item_text(block, profile), block.page)
    elif block.kind == PARAGRAPH and len(block.printed) == 1 and "\t" in block.printed[0]:
        written.add(" " * block.indent + block.printed[0].strip(" "), block.page)
    else:
        written.add(" " * block.indent + _unnumbered(block, profile), block.page)


def _unnumbered(block: Block, profile: Profile) -> str:
    """The text without the number its writer generated, where the export drops it."""
    if profile.drops_generated_numbers and block.label and block.kind in (HEADING, CAPTION):
        return block.text.removeprefix(block.label).lstrip()
    return block.text


def _from_first_chapter(blocks: Sequence[Block]) -> Sequence[Block]:
    first = next((i for i, b in enumerate(blocks) if b.kind == HEADING and b.level == 1), 0)
    return blocks[first:]


def _item_text(block: Block, profile: Profile) -> str:
    if block.label in BULLETS:
        return f"{profile.bullet}{block.text}" if profile.bullet else block.text
    return f"{block.label}\t{block.text}"


def _row_pages(block: Block) -> list[int | None]:
    if len(block.printed_pages) == len(block.rows):
        return list(block.printed_pages)
    return [block.page] * (len(block.rows) - 1) + [block.page_end or block.page]


def _write_table(written: _Written, block: Block, profile: Profile) -> None:
    pages = _row_pages(block)
    for index, (row, page) in enumerate(zip(block.rows, pages, strict=True)):
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
        written.blank(pages[-1] if pages else block.page)


def _write_printed(written: _Written, blocks: Sequence[Block], profile: Profile) -> None:
    """Printed lines as printed: their indentation, blank lines for vertical space and at
    each page break, a tab stop as two spaces, tables one flattened row per line."""
    previous_page: int | None = None  # the page of the last line written; None after a table
    for block in blocks:
        if block.kind == FIGURE:
            continue
        if block.kind == TABLE:
            if written.lines:
                written.blank(block.page)
            _write_table(written, block, profile)
            written.blank(block.page_end or block.page)
            previous_page = None
            continue
        pages = block.printed_pages or (block.page,) * len(block.printed)
        for position, (line, page) in enumerate(zip(block.printed, pages, strict=True)):
            if previous_page is not None:
                if page != previous_page:
                    written.blank(page)
                elif position == 0:
                    written.blank(page, block.space_before)
            written.add(line.replace("\t", "  "), page)
            previous_page = page
