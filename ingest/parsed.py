"""What a parser hands to the import service: frozen dataclasses, no database.

Every parser reads a :class:`SourceText` and returns a tuple of :class:`ParsedDocument`
(one per document; the news listing yields one per news item). Rows refer to each
other by position in their document's tuples, never by database id, so a parse is a
plain value that can be compared, dumped to a golden file and imported twice.

Line numbers are 1-based, inclusive lines of the raw source text. Page numbers are
not the parsers' business: the import service derives them from the line ranges and
``SourceText.pages`` when the source was a PDF.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class SourceText:
    """The decoded text of one source file, split into physical lines."""

    name: str  # file name, e.g. "003_946f496bfe1dc309.txt"
    lines: tuple[str, ...]  # lines[0] is line 1; no line endings
    # For a PDF: the 1-based page of each line (same length as ``lines``).
    pages: tuple[int, ...] | None = None

    @classmethod
    def from_text(cls, text: str, *, name: str) -> SourceText:
        # split("\n"), not splitlines(): the seeds' line numbers are ``grep -n`` lines,
        # and splitlines() would also break on \x0b, \x1c, \u2028 and friends.
        return cls(name=name, lines=tuple(text.split("\n")))

    def line(self, number: int) -> str:
        """The raw text of 1-based line ``number``."""
        return self.lines[number - 1]

    def page_range(self, start_line: int, end_line: int) -> tuple[int | None, int | None]:
        if self.pages is None:
            return None, None
        return self.pages[start_line - 1], self.pages[end_line - 1]


@dataclass(frozen=True, slots=True)
class ParsedSection:
    position: int  # index in ParsedDocument.sections: document order
    parent: int | None  # position of the parent section, None at the top
    level: int  # 1 = top level of the document
    number: str  # as printed ("3.2"), or "" where the source prints none
    title: str
    text: str  # the section's own text, without its subsections
    start_line: int
    end_line: int
    kap: int | None = None  # budget chapter the subtree belongs to
    post: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedMeasure:
    section: int | None  # position of the enclosing section
    kind: str  # documents.models.Measure.Kind value
    title: str
    start_line: int
    end_line: int
    number: str = ""
    text: str = ""
    description: str = ""  # oppdrag: the "Beskrivelse" part
    comment: str = ""  # "Kommentar" part
    target: str = ""  # "Resultatmål" / prestasjonsmål
    status: str = ""  # oppdrag status value, "" when unknown
    amount_nok: int | None = None
    kap: int | None = None
    post: int | None = None
    to_kap: int | None = None  # a transfer's other end
    to_post: int | None = None
    year: int | None = None
    parent: int | None = None  # index in ParsedDocument.measures of the parent item


@dataclass(frozen=True, slots=True)
class ParsedOccurrence:
    """Another place where the same decision is printed (e.g. Del II of Prop. 1 S)."""

    section: int | None
    start_line: int
    end_line: int
    kap: int | None = None
    post: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedDecision:
    kind: str  # documents.models.Decision.Kind value
    section: int | None
    title: str
    text: str
    start_line: int
    end_line: int
    # Natural key inside the document: (session, number) for anmodningsvedtak with a
    # session, else ``key`` (a parser-chosen stable string such as "romertall-9").
    key: str
    session: str = ""  # "2023–2024", en dash
    number: str = ""
    date: date | None = None
    date_text: str = ""  # the date as printed
    origin: str = ""
    follow_up: str = ""
    status: str = ""
    reporting_closed: bool | None = None
    actor: str = ""
    reference: str = ""  # e.g. FOR-2017-06-16-851
    kap: int | None = None
    post: int | None = None
    amount_nok: int | None = None
    measure: int | None = None  # index in ParsedDocument.measures (oppdrag holding it)
    items: tuple[str, ...] = ()  # numbered items of a romertallsvedtak
    # (number, date) of the request decisions this one repeals (romertall IX)
    repeals: tuple[tuple[str, date | None], ...] = ()
    occurrences: tuple[ParsedOccurrence, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedBudgetLine:
    kap: int
    post: int
    kap_title: str
    post_title: str  # raw, with legal flags such as ", kan overføres"
    start_line: int
    end_line: int
    section: int | None = None
    note: str = ""  # "A", "B", "A,B"
    direction: str = "utgift"  # or "inntekt"
    regnskap_nok: int | None = None
    saldert_nok: int | None = None
    forslag_nok: int | None = None
    endring_pct: Decimal | None = None
    vedtak_nok: int | None = None
    tildeling_nok: int | None = None
    avvik_nok: int | None = None
    vedtak_line: int | None = None  # the appropriation-decision row, where there is one


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    kind: str  # documents.models.Document.Kind value
    title: str  # "" where the text lacks it: the manifest fills it
    start_line: int
    end_line: int
    slug: str = ""  # "" lets the pipeline derive one
    reference: str = ""
    publisher: str = ""
    published: date | None = None
    year: int | None = None
    language: str = "nb"
    summary: str = ""
    sections: tuple[ParsedSection, ...] = ()
    measures: tuple[ParsedMeasure, ...] = ()
    decisions: tuple[ParsedDecision, ...] = ()
    budget_lines: tuple[ParsedBudgetLine, ...] = ()
    # Things the parser was unsure of, for the curators' review queue and the report.
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready, stable dump for golden files."""
        return _plain(dataclasses.asdict(self))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
