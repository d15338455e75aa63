"""What a page holds once read: printed lines, tables, boxes, figures, rules.

These values come back from the worker processes, so they are plain, picklable
dataclasses. Coordinates are pdfplumber's: points, top-down from the media box.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text inside a printed line; a gap wider than a word space ends it."""

    x0: float
    x1: float
    text: str


@dataclass(frozen=True, slots=True)
class PageLine:
    """One printed line of one column: its position, dominant style and text segments."""

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
    column: int = 0  # the page's reading-order group (a column of a band) holding it
    # The line cut at every gap of CELL_GAP or more (``ingest.pdf.lines``), stretched
    # word spaces too: the cells it holds if it is a table's row. Only where that cuts
    # finer than ``segments`` (a table's header spaces its columns like a justified line).
    cells: tuple[Segment, ...] = ()

    @property
    def text(self) -> str:
        return " ".join(segment.text for segment in self.segments)


@dataclass(frozen=True, slots=True)
class PageTable:
    region: Region
    rows: tuple[tuple[str, ...], ...]
    column: int = 0  # the reading-order group it stands in


@dataclass(frozen=True, slots=True)
class PageImage:
    region: Region
    column: int = 0


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    lines: tuple[PageLine, ...] = ()  # in reading order
    tables: tuple[PageTable, ...] = ()
    boxes: tuple[Region, ...] = ()  # shaded backgrounds
    images: tuple[PageImage, ...] = ()
    rules: tuple[Region, ...] = ()  # short horizontal rules (footnote separators)
    problems: tuple[str, ...] = ()  # why the page could not be read, if it could not
    image_area: float = 0.0  # share of the page covered by images

    @property
    def has_text(self) -> bool:
        return bool(self.lines) or bool(self.tables)


@dataclass(frozen=True, slots=True)
class Shape:
    """A drawn line, rectangle or curve."""

    kind: str  # line | rect | curve (pdfplumber's object types)
    region: Region
    fill: bool
    colour: object  # the fill colour
