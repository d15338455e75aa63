"""Budget propositions: recognition and the two parsers.

The text export of Prop. 1 S (2024–2025) for Helse- og omsorgsdepartementet (seed 003)
is read line by line by this module and its parts, as described below; a PDF or DOCX of
any Prop. N S or Prop. N LS is read from its blocks by :mod:`.laid_out`, unless its text
in the export's layout is one this parser recognises (the families' registry tries it
first: it knows that edition in depth).

Prop. 1 S text export: SourceText -> one ParsedDocument (SEEDS.md 003).

Input: the text of a budget proposition such as Prop. 1 S (2024–2025) for Helse- og
omsorgsdepartementet. Output: a one-element tuple holding its ParsedDocument: metadata,
Sections (:mod:`.outline`), budget lines (:mod:`.budget`), measures (:mod:`.measures`) and
request/romertall decisions (:mod:`.decisions`).

Metadata, all read from the text:

* ``publisher``: line 1 (the ministry); ``reference``: lines 2–3 (``Prop. 1 S`` +
  ``(2024–2025)``);
* ``title``: line 4 + line 5 in sentence case ("Proposisjon til Stortinget (forslag til
  stortingsvedtak) for budsjettåret 2025"); the cover is printed twice and read once;
* ``published``: the date of the ``Tilråding fra … <date>, godkjent i statsråd samme
  dag`` sentence (wrapped over two lines); ``year``: the budget year of line 5;
* ``language``: ``nb``; ``slug``: "" (the pipeline derives one).

Text that is not a budget proposition raises ``ValueError``; anything the readers were
unsure of (unconfirmed synthetic kaps, failed budget checks, missing parts) goes to
``warnings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ingest.parsed import ParsedDecision, ParsedDocument, ParsedSection, SourceText
from ingest.text import find_date, normalise_space
from ingest.vocabulary import BUDGET_PROPOSITION

from .budget import parse_budget_lines, run_checks
from .decisions import parse_decisions
from .laid_out import parse_blocks, score

__all__ = ["parse_blocks", "parse_proposition", "recognise", "score"]
from .measures import parse_measures
from .outline import build_outline

RECOGNISE_WITHIN = 20
PROP_LINE = re.compile(r"^Prop\. \d+ S$")
SESSION_LINE = re.compile(r"^\(\d{4}–\d{4}\)$")
BUDGET_YEAR = re.compile(r"\bBUDSJETTÅRET (\d{4})\b", re.IGNORECASE)
APPROVAL = re.compile(r"^Tilråding fra ", re.IGNORECASE)


def recognise(source: SourceText) -> bool:
    """True for a budget proposition: a ``Prop. <n> S`` line among the first lines."""
    return any(PROP_LINE.match(normalise_space(line)) for line in source.lines[:RECOGNISE_WITHIN])


def sentence_case(text: str) -> str:
    """Lower an ALL-CAPS line ("FOR BUDSJETTÅRET 2025" -> "for budsjettåret 2025")."""
    return text.lower() if text.isupper() else text


@dataclass(frozen=True, slots=True)
class Cover:
    """What the cover lines say about the document."""

    publisher: str
    reference: str
    title: str
    year: int | None
    published: date | None


def read_cover(source: SourceText) -> Cover:
    """Publisher, reference, title, budget year and approval date from the cover lines."""
    head = [normalise_space(line) for line in source.lines[:RECOGNISE_WITHIN]]
    prop_index = next((i for i, text in enumerate(head) if PROP_LINE.match(text)), None)
    if prop_index is None:
        raise ValueError("no 'Prop. <n> S' line near the top: not a budget proposition")
    publisher = head[prop_index - 1] if prop_index > 0 else ""
    session = head[prop_index + 1] if prop_index + 1 < len(head) else ""
    has_session = bool(SESSION_LINE.match(session))
    reference = f"{head[prop_index]} {session}" if has_session else head[prop_index]
    # Lines 4 and 5: "Proposisjon til Stortinget (…)" + "FOR BUDSJETTÅRET 2025".
    title_lines = head[prop_index + 2 : prop_index + 4] if has_session else []
    title = " ".join(sentence_case(text) for text in title_lines if text)
    years = [int(m.group(1)) for text in head if (m := BUDGET_YEAR.search(text))]
    return Cover(publisher, reference, title, years[0] if years else None, approval_date(source))


def approval_date(source: SourceText) -> date | None:
    """The date of the ``Tilråding fra …`` sentence, which may wrap onto the next line."""
    for index, line in enumerate(source.lines[:RECOGNISE_WITHIN]):
        if APPROVAL.match(normalise_space(line)):
            following = source.lines[index + 1] if index + 1 < len(source.lines) else ""
            found = find_date(f"{line} {following}")
            return found[0] if found else None
    return None


def _decisions(
    source: SourceText, sections: tuple[ParsedSection, ...], warnings: list[str]
) -> tuple[ParsedDecision, ...]:
    """Request and romertall decisions from :mod:`.decisions`."""
    try:
        return tuple(parse_decisions(source, sections))
    except ValueError as error:
        # A copy that lost its decision blocks still has an outline and a budget.
        warnings.append(f"no decisions: {error}")
        return ()


def _last_line(source: SourceText) -> int:
    number = len(source.lines)
    while number > 1 and not source.lines[number - 1].strip():
        number -= 1
    return number


def parse_proposition(source: SourceText) -> tuple[ParsedDocument]:
    """The whole proposition as one ParsedDocument (see the module docstring)."""
    if not source.lines or not recognise(source):
        raise ValueError("no 'Prop. <n> S' line near the top: not a budget proposition")
    cover = read_cover(source)
    outline = build_outline(source)
    warnings = list(outline.warnings)
    budget_lines, problems = parse_budget_lines(source, outline.tables, outline.sections)
    warnings.extend(problems)
    warnings.extend(run_checks(source, outline.tables, budget_lines))
    measures = parse_measures(source, outline, cover.year)
    decisions = _decisions(source, outline.sections, warnings)
    document = ParsedDocument(
        kind=BUDGET_PROPOSITION,
        title=cover.title,
        start_line=1,
        end_line=_last_line(source),
        slug="",
        reference=cover.reference,
        publisher=cover.publisher,
        published=cover.published,
        year=cover.year,
        language="nb",
        sections=outline.sections,
        measures=measures,
        decisions=decisions,
        budget_lines=budget_lines,
        warnings=tuple(warnings),
    )
    return (document,)
