"""Helsedirektoratet's annual reports (Årsrapport): recognition and the entry point.

Two text profiles reach this package:

* wrapped PDF text (Årsrapport 2017, seed 001): hard wraps, page footers
  ``HELSEDIREKTORATET – ÅRSRAPPORT 2017 Side 11`` — read by ``wrapped_text``;
* one paragraph per line (Årsrapport 2024, seed 002): TAB tables, markup residue, the
  title ``Årsrapport 2024`` near the top — read by ``paragraph_text``.

Both return one :class:`ParsedDocument` of kind ``annual_report``; decision sentences are
classified by ``decisions`` for both.
"""

from __future__ import annotations

import re

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.annual_report import wrapped_text
from ingest.parsers.annual_report.paragraph_text import parse_paragraph_report

# How many opening lines may hold the 2024-style title (it sits on line 3 of seed 002).
TITLE_SEARCH_LINES = 10

_FOOTER_SIGNATURE = re.compile(r"HELSEDIREKTORATET – ÅRSRAPPORT \d{4} Side \d+")
_TITLE_LINE = re.compile(r"^\s*Årsrapport \d{4}\s*$")


def recognise(source: SourceText) -> bool:
    """True for an annual report of either profile."""
    head = source.lines[:TITLE_SEARCH_LINES]
    if any(_TITLE_LINE.match(line) for line in head):
        return True
    return any(_FOOTER_SIGNATURE.search(line) for line in source.lines)


def parse_annual_report(source: SourceText) -> tuple[ParsedDocument]:
    """Parse an annual report with the reader of its text profile."""
    if wrapped_text.looks_wrapped(source):
        return (wrapped_text.parse_wrapped_report(source),)
    return (parse_paragraph_report(source),)
