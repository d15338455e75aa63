"""A budget proposition (Prop. N S, Prop. N LS) read from its layout -> one ParsedDocument.

Works from structure, so any ministry's proposition of any session reads:

* **Cover** (the blocks before the first chapter heading): the reference ``Prop. N S``
  or ``Prop. N LS`` with its session (in another block, with or without spaces round
  the dash), the budget year (``FOR BUDSJETTÅRET 2026``), the title (the cover line
  after the budget year, e.g. "Skatter og avgifter 2026"; else "Proposisjon til
  Stortinget (…) for budsjettåret N"), the ministry (a cover line naming a
  department, else the approval's), and the approval ``Tilråding fra <ministry>
  <date>`` among the first blocks, wherever the edition prints it. The cover and the table of contents are no sections.
* **Sections**: the headings, nested by level (``ingest.parsers.outline``).
* **Budget lines**: every kap/post table with a proposition's amount columns
  (Regnskap, Saldert budsjett, Forslag, Vedtak, Endring i pst.), wherever it stands
  (``ingest.parsers.budget_tables``).
* **Decisions**: under a heading "Forslag til …" (the proposed decisions, e.g.
  "A – Forslag til lovvedtak", "Forslag til stortingsvedtak om …"), each vedtak
  heading starts a decision; a roman numeral standing alone (``I``, ``II`` …) splits
  it into ``romertallsvedtak`` items, each with its text; a vedtak without numerals is
  one decision of kind ``annet``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, takewhile

from ingest import vocabulary as v
from ingest.blocks import HEADING, PARAGRAPH, Block, ReadDocument
from ingest.parsed import ParsedDecision, ParsedDocument
from ingest.parsers import generic
from ingest.parsers.budget_tables import PROPOSITION_COLUMNS, find_budget_lines
from ingest.parsers.outline import (
    Outline,
    build_outline,
    front_matter,
    section_text,
    split_number,
)
from ingest.text import find_date, normalise_space, slugify_no

# Where the cover is looked for, in blocks from the start, and a closing signature,
# in blocks from the end.
COVER_BLOCKS = 60
SIGNATURE_BLOCKS = 40

_PROP = re.compile(r"^Prop\.\s?(?P<number>\d{1,3})\s?(?P<type>LS|S)\b")
_REFERENCE = re.compile(
    r"\bProp\.\s?(?P<number>\d{1,3})\s?(?P<type>LS|S)\s*\(\s*(?P<first>\d{4})\s*[–-]\s*"
    r"(?P<second>\d{4})\s*\)"
)
_BUDGET_YEAR = re.compile(r"\bbudsjettåret\s+(\d{4})\b", re.IGNORECASE)
_PROPOSITION_LINE = re.compile(r"^Proposisjon til Stortinget\b")
_MINISTRY = re.compile(r"^[A-ZÆØÅ][\wæøå -]*departement(?:et)?$")
_TILRADING = re.compile(
    r"Tilråding (?:fr[aå]) (?P<ministry>.+?) (?P<date>\d{1,2}\.\s?[a-zæøå]+ \d{4})"
)
_SESSION = re.compile(r"^\(?\s*\d{4}\s*[–-]\s*\d{4}\s*\)?$")
# "A – Forslag til lovvedtak", "Forslag til vedtak om bevilgninger …" (not "Forslag til
# ny metode", a chapter's sub-heading): the part that holds the proposed decisions.
_PROPOSAL_HEADING = re.compile(r"^(?:[A-Z]\s[–-]\s)?Forslag til\b.*vedtak", re.IGNORECASE)
# One proposed vedtak; a reader may have split "Forslag" from "til …" over two lines.
_VEDTAK_HEADING = re.compile(
    r"^(?:Forslag\s+)?til\s+(?P<what>(?:lov|stortingsvedtak|vedtak)\b.*)$", re.IGNORECASE
)
_ROMAN = re.compile(r"^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})$")


def score(doc: ReadDocument) -> float:
    """A ``Prop. N S`` or ``Prop. N LS`` block on the cover claims the file."""
    cover = [normalise_space(block.text) for block in doc.blocks[:COVER_BLOCKS]]
    points = 0.0
    if any(_PROP.match(text) for text in cover):
        points += 0.7
    if any(_PROPOSITION_LINE.match(text) for text in cover):
        points += 0.2
    if any(_BUDGET_YEAR.search(text) for text in cover):
        points += 0.1
    return min(points, 1.0)


def parse_blocks(doc: ReadDocument) -> tuple[ParsedDocument]:
    blocks = doc.blocks
    cover = front_matter(blocks, cover_line=is_cover_line)
    cover_text = "\n".join(normalise_space(blocks[i].text) for i in sorted(cover))
    if not _REFERENCE.search(" ".join(cover_text.split("\n"))):
        raise ValueError("no 'Prop. N S (session)' on the cover")
    approval = find_approval(blocks)
    published = _date(approval.group("date")) if approval else None
    year_match = _BUDGET_YEAR.search(cover_text)
    year = int(year_match.group(1)) if year_match else None
    outline = build_outline(blocks, front_title="", skip=cover)
    if not outline.sections:
        raise ValueError("no headings after the cover")
    warnings: list[str] = []
    body = [block for index, block in enumerate(blocks) if index not in cover]
    return (
        ParsedDocument(
            kind=v.BUDGET_PROPOSITION,
            title=cover_title(cover_text, year),
            start_line=body[0].start_line,
            end_line=max(block.end_line for block in blocks),
            reference=reference(cover_text),
            publisher=ministry(cover_text, approval),
            published=published,
            year=year,
            language=generic.language("\n".join(block.text for block in body[:400])),
            sections=outline.sections,
            decisions=tuple(find_decisions(blocks, outline)),
            budget_lines=tuple(find_budget_lines(blocks, outline, PROPOSITION_COLUMNS, warnings)),
            warnings=tuple(warnings),
        ),
    )


# --- Cover ----------------------------------------------------------------------------------


def is_cover_line(text: str) -> bool:
    return bool(
        _PROP.match(text)
        or _SESSION.match(text)
        or _BUDGET_YEAR.search(text)
        or _PROPOSITION_LINE.match(text)
        or _MINISTRY.match(text)
    )


def reference(cover_text: str) -> str:
    match = _REFERENCE.search(" ".join(cover_text.split("\n")))
    return f"Prop. {match['number']} {match['type']} ({match['first']}–{match['second']})"


def cover_title(cover_text: str, year: int | None) -> str:
    """The cover line after the budget year that is no cover formula ("Skatter og
    avgifter 2026"); else the proposition line and the budget year."""
    lines = cover_text.split("\n")
    for index, line in enumerate(lines):
        if _BUDGET_YEAR.search(line):
            following = next((t for t in lines[index + 1 :] if t), "")
            if following and not is_cover_line(following) and not following.startswith("Tilråding"):
                return following
            break
    proposition = next((line for line in lines if _PROPOSITION_LINE.match(line)), "")
    if proposition and year:
        return f"{proposition} for budsjettåret {year}"
    return proposition


def find_approval(blocks: Sequence[Block]) -> re.Match[str] | None:
    """``Tilråding fra <ministry> <date>``: on the title page, after the contents, or
    anywhere before the first chapter, wherever the edition prints it; else among the
    last blocks (a signature)."""
    front = takewhile(lambda block: not _is_first_chapter(block), blocks)
    for block in chain(front, blocks[-SIGNATURE_BLOCKS:]):
        if match := _TILRADING.search(normalise_space(block.text)):
            return match
    return None


def _is_first_chapter(block: Block) -> bool:
    return block.kind == HEADING and split_number(block.text)[0] == "1"


def ministry(cover_text: str, approval: re.Match[str] | None) -> str:
    for line in cover_text.split("\n"):
        if _MINISTRY.match(line):
            return line
    return approval.group("ministry") if approval else ""


def _date(text: str) -> date | None:
    found = find_date(text)
    return found[0] if found else None


# --- Decisions ------------------------------------------------------------------------------


def find_decisions(blocks: Sequence[Block], outline: Outline) -> Iterator[ParsedDecision]:
    """The proposed decisions: each vedtak under a "Forslag til …" heading, split at its
    roman numerals."""
    inside = proposal_sections(outline)
    if not inside:
        return
    keys: set[str] = set()
    current: _Vedtak | None = None
    for index, block in enumerate(blocks):
        section = outline.section_of.get(index)
        if section not in inside:
            if current:
                yield from current.decisions(keys)
                current = None
            continue
        text = normalise_space(block.text)
        if block.kind == HEADING and _VEDTAK_HEADING.match(text):
            if current:
                yield from current.decisions(keys)
            current = _Vedtak(_VEDTAK_HEADING.match(text).group("what"), section)
        elif block.kind == HEADING and current and current.is_empty() and continues_heading(text):
            current.title = f"{current.title} {text}"  # a vedtak heading set on two lines
        elif block.kind == HEADING and (_PROPOSAL_HEADING.match(text) or text == "Forslag"):
            if current:  # the next part of the proposals, or its vedtak's first line
                yield from current.decisions(keys)
            current = None
        elif current is None:
            continue
        elif block.kind in (PARAGRAPH, HEADING) and _ROMAN.match(text):
            current.items.append((text, []))
        else:
            current.add(block)
    if current:
        yield from current.decisions(keys)


def proposal_sections(outline: Outline) -> set[int]:
    """The sections of the proposed decisions: from the first "Forslag til …vedtak"
    heading on, each proposal heading, each vedtak heading ("Forslag", "til lov om …",
    and a line it runs on to, however the layout ranks them) and whatever lies below
    them, up to the first other top-level section (an appendix)."""
    inside: set[int] = set()
    for section in outline.sections:  # parents come before their children
        if section.parent in inside or is_proposal_title(section.title, started=bool(inside)):
            inside.add(section.position)
        elif inside and section.parent is None:
            break
    return inside


def is_proposal_title(title: str, *, started: bool) -> bool:
    if _PROPOSAL_HEADING.match(title):
        return True
    return started and bool(
        title == "Forslag"
        or _VEDTAK_HEADING.match(title)
        or _ROMAN.match(title)
        or continues_heading(title)
    )


def continues_heading(text: str) -> bool:
    """A heading line that goes on from the one above ("inntektsåret 2026 (…)", "2026")."""
    return bool(text) and (text[0].islower() or text[0].isdigit())


@dataclass(slots=True)
class _Vedtak:
    """One proposed vedtak being read: its title and its roman-numeral items."""

    title: str
    section: int | None
    preamble: list[Block] = field(default_factory=list)
    items: list[tuple[str, list[Block]]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not self.preamble and not self.items

    def add(self, block: Block) -> None:
        (self.items[-1][1] if self.items else self.preamble).append(block)

    def decisions(self, keys: set[str]) -> Iterator[ParsedDecision]:
        slug = slugify_no(self.title, max_length=60)
        if not self.items:
            if self.preamble:
                yield self._decision(v.ANNET, "", self.preamble, keys, slug)
            return
        for numeral, blocks in self.items:
            if blocks:
                yield self._decision(v.ROMERTALLSVEDTAK, numeral, blocks, keys, f"{slug}-{numeral}")

    def _decision(
        self, kind: str, number: str, blocks: list[Block], keys: set[str], key: str
    ) -> ParsedDecision:
        while key in keys:
            key += "-2"
        keys.add(key)
        return ParsedDecision(
            kind=kind,
            section=self.section,
            title=self.title[:1].upper() + self.title[1:],
            text=section_text(blocks),
            start_line=blocks[0].start_line,
            end_line=blocks[-1].end_line,
            key=key,
            number=number,
        )
