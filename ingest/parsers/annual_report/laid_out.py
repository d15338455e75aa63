"""Any state agency's annual report (årsrapport) in the DFØ template, from its blocks.

The template (Direktoratet for forvaltning og økonomistyring) gives every agency's
report the same six parts: I Leders beretning, II Introduksjon til virksomheten og
hovedtall, III Årets aktiviteter og resultater, IV Styring og kontroll i virksomheten,
V Vurdering av framtidsutsikter, VI Årsregnskap. This parser reads such a report of any
agency and year from its structure:

* **Recognition**: an "Årsrapport YYYY" line on the cover (``score`` 0.6), and each of
  the template's part titles among the headings adds to it.
* **Cover**: the report year; the agency (a cover line that only names a public body,
  else the body the front matter names most); the title "Årsrapport YYYY – agency".
  ``published`` is the date of the leader's signature ("Oslo, 1. mars 2024"), the first
  "<place>, <date>" line of the report. The cover and the table of contents (the blocks
  before the first heading that is no cover line) are no sections.
* **Sections**: the outline of the headings (``ingest.parsers.outline``), the
  template's parts on top: a heading that names a part is level 1, and the headings
  between parts go below them.
* **Measures**, where the report has them: a heading or paragraph that opens with an
  indicator's label and a colon ("Styringsparameter 2.1: …", "Nøkkeltall 3: …",
  "Vurderingskriterium 1: …", "Mål 2: …", "Hovedmål …", "Delmål …") is a measure of that
  kind (goals are ``langsiktig_mal``), its text the paragraphs up to the next heading or
  indicator; a table with an "Oppdrag" and a "Status" column gives an ``oppdrag`` per
  row, its status read from the status cell.
* **Decisions**: the sentences the reports' decision rules classify
  (``annual_report.decisions``), in paragraphs and list items.
* **Budget lines**: the appropriation tables (Bevilgningsrapportering:
  ``budget_tables.ACCOUNTS_COLUMNS``): allocation, spent, and the difference.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace

from ingest import vocabulary as v
from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, ReadDocument
from ingest.parsed import ParsedDecision, ParsedDocument, ParsedMeasure
from ingest.parsers import generic
from ingest.parsers.annual_report.decisions import decision_from_sentence, dedupe_decisions
from ingest.parsers.budget_tables import ACCOUNTS_COLUMNS, find_budget_lines
from ingest.parsers.outline import Outline, build_outline, is_heading
from ingest.text import find_date, normalise_space, slugify_no, split_sentences

COVER_BLOCKS = 60
_TITLE = re.compile(r"^Årsrapport\s+(?:for\s+)?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_PARTS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"leders beretning",
        r"introduksjon til virksomheten",
        r"årets (?:aktiviteter og resultater|resultater og aktiviteter)",
        r"styring og kontroll",
        r"(?:fram|frem)tids(?:ut)?sikter",  # the 2024 seed writes "framtidssikter"
        r"årsregnskap",
    )
)
_SIGNATURE = re.compile(r"^[A-ZÆØÅ][\wæøå .-]{1,40},\s+(?P<date>\d{1,2}\.\s?\w+\s+\d{4})$")
_INDICATOR = re.compile(
    r"^(?P<label>Styringsparameter|Nøkkeltall|Vurderingskriteri(?:e|um)|Resultatmål"
    r"|Hovedmål|Delmål|Virksomhetsmål|Mål)\s*(?P<number>\d+(?:\.\d+)*)?\s*:\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
_INDICATOR_KINDS = {
    "styringsparameter": v.STYRINGSPARAMETER,
    "nøkkeltall": v.NOKKELTALL,
    "vurderingskriterie": v.VURDERINGSKRITERIUM,
    "vurderingskriterium": v.VURDERINGSKRITERIUM,
    "resultatmål": v.STYRINGSPARAMETER,
}
_STATUSES = (
    (re.compile(r"\bikke (?:startet|påbegynt)\b", re.IGNORECASE), v.IKKE_STARTET),
    (re.compile(r"\bforsinket\b|\bavvik\b", re.IGNORECASE), v.FORSINKET),
    (re.compile(r"\bi rute\b|\bpågår\b|\bpågående\b", re.IGNORECASE), v.I_RUTE),
    (re.compile(r"\bferdig\b|\bfullført\b|\bgjennomført\b|\blevert\b", re.IGNORECASE), v.FERDIG),
)


def score(doc: ReadDocument) -> float:
    cover = [normalise_space(block.text) for block in doc.blocks[:COVER_BLOCKS]]
    if not any(_TITLE.match(text) for text in cover):
        return 0.0
    headings = [normalise_space(b.text) for b in doc.blocks if b.kind == HEADING]
    parts = sum(1 for part in _PARTS if any(part.search(text) for text in headings))
    return min(0.6 + 0.1 * parts, 1.0)


def parse_blocks(doc: ReadDocument) -> tuple[ParsedDocument]:
    blocks = doc.blocks
    front = front_matter(blocks)
    front_blocks = [blocks[i] for i in sorted(front)]
    year = report_year(front_blocks)
    if year is None:
        raise ValueError("no 'Årsrapport YYYY' on the cover")
    agency = generic.publisher(front_blocks)
    blocks = parts_on_top(blocks)
    outline = build_outline(blocks, front_title="", skip=front)
    if not outline.sections:
        raise ValueError("no headings after the cover")
    body = [block for index, block in enumerate(blocks) if index not in front]
    warnings: list[str] = []
    return (
        ParsedDocument(
            kind=v.ANNUAL_REPORT,
            title=f"Årsrapport {year} – {agency}" if agency else f"Årsrapport {year}",
            start_line=body[0].start_line,
            end_line=max(block.end_line for block in blocks),
            publisher=agency,
            published=signature_date(body),
            year=year,
            language=generic.language("\n".join(block.text for block in body[:400])),
            sections=outline.sections,
            measures=tuple(find_measures(blocks, outline, year)),
            decisions=tuple(find_decisions(blocks, outline, year, front)),
            budget_lines=tuple(find_budget_lines(blocks, outline, ACCOUNTS_COLUMNS, warnings)),
            warnings=tuple(warnings),
        ),
    )


# --- Cover -------------------------------------------------------------------------------------


def front_matter(blocks: Sequence[Block]) -> frozenset[int]:
    """The cover and the table of contents: the blocks before the first heading that
    is no "Årsrapport" or "Innhold" line."""
    front = set()
    for index, block in enumerate(blocks[: COVER_BLOCKS * 2]):
        text = normalise_space(block.text)
        if is_heading(block) and not _TITLE.match(text) and text.lower() != "innhold":
            break
        front.add(index)
    return frozenset(front)


def parts_on_top(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """The template's parts as the top level: a heading naming a part is level 1, any
    other top-level heading goes below it (a text file's headings are all level 1)."""
    if not any(b.kind == HEADING and is_part(b.text) for b in blocks):
        return tuple(blocks)
    return tuple(
        replace(block, level=1 if is_part(block.text) else max(block.level, 2))
        if block.kind == HEADING
        else block
        for block in blocks
    )


def is_part(text: str) -> bool:
    """A heading that names one of the template's six parts ("III Årets aktiviteter …")."""
    title = normalise_space(text)
    return len(title) <= 80 and any(part.search(title) for part in _PARTS)


def report_year(front: Sequence[Block]) -> int | None:
    for block in front:
        if match := _TITLE.match(normalise_space(block.text)):
            return int(match.group("year"))
    return None


def signature_date(body: Sequence[Block]):
    for block in body:
        if match := _SIGNATURE.match(normalise_space(block.text)):
            found = find_date(match.group("date"))
            if found:
                return found[0]
    return None


# --- Measures ----------------------------------------------------------------------------------


def find_measures(blocks: Sequence[Block], outline: Outline, year: int) -> Iterator[ParsedMeasure]:
    open_measure: tuple[ParsedMeasure, list[str]] | None = None
    for index, block in enumerate(blocks):
        text = normalise_space(block.text)
        indicator = _INDICATOR.match(text) if block.kind in (HEADING, PARAGRAPH) else None
        ends_measure = indicator or block.kind in (HEADING, TABLE)
        if ends_measure and open_measure:
            yield _with_text(*open_measure)
            open_measure = None
        if indicator:
            open_measure = (
                indicator_measure(indicator, block, outline.section_of.get(index), year),
                [],
            )
        elif block.kind == TABLE:
            yield from assignments(block, outline.section_of.get(index), year)
        elif open_measure and block.kind in (PARAGRAPH, LIST_ITEM):
            open_measure[1].append(text)
    if open_measure:
        yield _with_text(*open_measure)


def indicator_measure(match: re.Match[str], block: Block, section: int | None, year: int):
    label = match.group("label").lower()
    return ParsedMeasure(
        section=section,
        kind=_INDICATOR_KINDS.get(label, v.LANGSIKTIG_MAL),
        title=match.group("title"),
        number=match.group("number") or "",
        start_line=block.start_line,
        end_line=block.end_line,
        year=year,
    )


def _with_text(measure: ParsedMeasure, paragraphs: list[str]) -> ParsedMeasure:
    return replace(measure, text="\n\n".join(paragraphs))


def assignments(table: Block, section: int | None, year: int) -> Iterator[ParsedMeasure]:
    """An ``oppdrag`` per row of a table with an Oppdrag and a Status column."""
    header = [normalise_space(cell).lower() for cell in table.rows[0]]
    task = next((i for i, cell in enumerate(header) if cell.startswith("oppdrag")), None)
    status = next((i for i, cell in enumerate(header) if cell.startswith("status")), None)
    if task is None or status is None:
        return
    number = next((i for i, cell in enumerate(header) if cell in ("nr.", "nr", "id")), None)
    for row in table.rows[1:]:
        cells = [normalise_space(cell) for cell in row] + [""] * len(header)
        if not cells[task]:
            continue
        yield ParsedMeasure(
            section=section,
            kind=v.OPPDRAG,
            title=cells[task],
            number=cells[number] if number is not None else "",
            status=status_of(cells[status]),
            comment=cells[status],
            start_line=table.start_line,
            end_line=table.end_line,
            year=year,
        )


def status_of(text: str) -> str:
    return next((status for pattern, status in _STATUSES if pattern.search(text)), "")


# --- Decisions ---------------------------------------------------------------------------------


def find_decisions(
    blocks: Sequence[Block], outline: Outline, year: int, front: frozenset[int]
) -> list[ParsedDecision]:
    keys = {s.position: section_key(outline, s.position) for s in outline.sections}
    found = []
    for index, block in enumerate(blocks):
        if index in front or block.kind not in (PARAGRAPH, LIST_ITEM):
            continue
        section = outline.section_of.get(index)
        for sentence in split_sentences(normalise_space(block.text)):
            decision = decision_from_sentence(
                sentence,
                start_line=block.start_line,
                end_line=block.end_line,
                section=section,
                section_key=keys.get(section, "front"),
                default_year=year,
            )
            if decision:
                found.append(decision)
    return dedupe_decisions(found)


def section_key(outline: Outline, position: int) -> str:
    """The section's title path as slugs ("3/malomrade-1/sentrale-aktiviteter")."""
    path = []
    current: int | None = position
    while current is not None:
        section = outline.sections[current]
        path.append(section.number or slugify_no(section.title, max_length=40))
        current = section.parent
    return "/".join(reversed(path))
