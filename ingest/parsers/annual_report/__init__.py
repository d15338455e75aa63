"""Annual reports (årsrapport): recognition and the parsers.

Helsedirektoratet's text exports, read line by line as those exports print them:

* wrapped PDF text (Årsrapport 2017, seed 001): hard wraps, page footers
  ``HELSEDIREKTORATET – ÅRSRAPPORT 2017 Side 11`` — read by ``wrapped_text``;
* one paragraph per line (Årsrapport 2024, seed 002): TAB tables, markup residue, the
  title ``Årsrapport 2024`` near the top and Helsedirektoratet named in the opening —
  read by ``paragraph_text``.

Any other agency's or year's report, and any PDF or DOCX, in the DFØ template: read from
its blocks by ``laid_out``. Every parser returns one :class:`ParsedDocument` of kind
``annual_report``; decision sentences are classified by ``decisions`` for all.
"""

from __future__ import annotations

import re

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.annual_report import wrapped_text
from ingest.parsers.annual_report.laid_out import parse_blocks, score
from ingest.parsers.annual_report.paragraph_text import parse_paragraph_report

__all__ = ["parse_annual_report", "parse_blocks", "recognise", "score"]

# How many opening lines may hold the 2024-style title (it sits on line 3 of seed 002),
# and how far the opening runs that names the agency the export was written for.
TITLE_SEARCH_LINES = 10
AGENCY_SEARCH_LINES = 40
AGENCY = "Helsedirektoratet"

_FOOTER_SIGNATURE = re.compile(r"HELSEDIREKTORATET – ÅRSRAPPORT \d{4} Side \d+")
_TITLE_LINE = re.compile(r"^\s*Årsrapport \d{4}\s*$")


def recognise(source: SourceText) -> bool:
    """True for a Helsedirektoratet report in either export's layout."""
    head = source.lines[:TITLE_SEARCH_LINES]
    if any(_TITLE_LINE.match(line) for line in head):
        return any(AGENCY in line for line in source.lines[:AGENCY_SEARCH_LINES])
    return any(_FOOTER_SIGNATURE.search(line) for line in source.lines)


def parse_annual_report(source: SourceText) -> tuple[ParsedDocument]:
    """Parse an annual report with the reader of its text profile."""
    if wrapped_text.looks_wrapped(source):
        return (wrapped_text.parse_wrapped_report(source),)
    return (parse_paragraph_report(source),)
