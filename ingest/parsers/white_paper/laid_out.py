"""A white paper (Meld. St.) read from its layout (PDF, DOCX) -> one ParsedDocument.

Works from structure, not from one edition's particulars, so any ``Meld. St. N
(session)`` of any ministry reads:

* **Cover** (the blocks before the first heading): the reference ``Meld. St. N
  (session)`` (the number and the session may stand in separate blocks; the session's
  dash may have spaces round it), the title (the blocks after "Melding til Stortinget"
  up to the ministry, the reference or the tilråding, joined with " – ": title and
  subtitle), and the tilråding ``Tilråding fra <ministry> <date> …`` where the cover
  prints it. The cover is no section: it is metadata.
* **Signature**: ``<ministry> / tilrår: / Tilråding fra <ministry> <date> om … blir
  sendt Stortinget.`` among the last blocks, ``tilrår:`` also letter-spaced
  (``t i l r å r :``). It gives the ministry (publisher), the date (``published``) and
  the language (``frå``: nynorsk), and is no section.
* **Sections**: the headings themselves, nested by level, and each box a child section
  (``ingest.parsers.outline``); chapter numbers as printed.
* **"Regjeringen vil"**: in a box titled "Regjeringen vil" (or under such a heading),
  each list item is a ``regjeringen_vil`` measure, and a nested item a sub-item of the
  item above it; a paragraph is a measure unless it leads in to items (it ends in ":",
  "gjennom (å)" or "ved å", or list items follow it).
* **Decisions**: a paragraph ending in ":" that mentions "vedtak", followed by a
  paragraph wholly in «Stortinget ber regjeringen …», is an ``anmodningsvedtak``, as
  in the text export (``exported.decision_number_in`` reads its number).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ingest import vocabulary as v
from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, ReadDocument
from ingest.parsed import ParsedDecision, ParsedDocument, ParsedMeasure
from ingest.parsers import generic
from ingest.parsers.outline import (
    Outline,
    build_outline,
    frame_title,
    front_matter,
    is_heading,
    split_box_number,
)
from ingest.parsers.white_paper.exported import (
    REGJERINGEN_VIL_TITLE,
    decision_number_in,
    is_measure_lead_in,
)
from ingest.text import find_date, normalise_space

# The cover and signature are looked for this many blocks from either end.
COVER_BLOCKS = 60
SIGNATURE_BLOCKS = 40

_REFERENCE = re.compile(
    r"\bMeld\.\s?St\.\s?(?P<number>\d{1,3})\s*\(\s*(?P<first>\d{4})\s*[–-]\s*(?P<second>\d{4})\s*\)"
)
_REFERENCE_START = re.compile(r"^Meld\.\s?St\.\s?\d{1,3}\b")
_MESSAGE = re.compile(r"^Melding til Stortinget\b", re.IGNORECASE)
_SESSION = re.compile(r"^\(?\s*\d{4}\s*[–-]\s*\d{4}\s*\)?$")
_TILRADING = re.compile(
    r"Tilråding (?P<from>fr[aå]) (?P<ministry>.+?) (?P<date>\d{1,2}\.\s?[a-zæøå]+ \d{4})"
)
_TILRAR = "tilrår:"
_DECISION_QUOTE = re.compile(r"^«Stortinget ber regjeringen\b.*»$", re.DOTALL)
_LEAD_IN_END = re.compile(r"(?::|\sgjennom å|\sgjennom|\sved å)$")


@dataclass(frozen=True, slots=True)
class Signature:
    blocks: frozenset[int]  # indexes of the signature's blocks
    ministry: str
    published: date | None
    language: str


def score(doc: ReadDocument) -> float:
    """A ``Meld. St. N`` block on the cover claims the file; a signature adds to it."""
    cover = doc.blocks[:COVER_BLOCKS]
    points = 0.0
    if any(_REFERENCE_START.match(normalise_space(block.text)) for block in cover):
        points += 0.6
    if any(_MESSAGE.match(normalise_space(block.text)) for block in cover):
        points += 0.3
    if find_signature(doc.blocks) is not None:
        points += 0.4
    return min(points, 1.0)


def parse_blocks(doc: ReadDocument) -> tuple[ParsedDocument]:
    blocks = doc.blocks
    if not blocks:
        raise ValueError("the file holds no text")
    cover = front_matter(blocks, cover_line=is_cover_line)
    cover_text = "\n".join(normalise_space(blocks[i].text) for i in cover)
    signature = find_signature(blocks) or cover_signature(cover_text)
    ministry = signature.ministry if signature else ""
    published = signature.published if signature else None
    title = cover_title([blocks[i] for i in sorted(cover)])
    skip = cover | (signature.blocks if signature else frozenset())
    outline = build_outline(blocks, front_title=title, skip=skip)
    body = [block for index, block in enumerate(blocks) if index not in skip]
    if not outline.sections:
        raise ValueError("no headings and no text after the cover")
    year = published.year if published else None
    language = (
        signature.language
        if signature
        else generic.language("\n".join(block.text for block in body[:400]))
    )
    return (
        ParsedDocument(
            kind=v.WHITE_PAPER,
            title=title,
            start_line=body[0].start_line,
            end_line=max(block.end_line for block in blocks),
            reference=reference(cover_text),
            publisher=ministry,
            published=published,
            year=year,
            language=language,
            sections=outline.sections,
            measures=tuple(find_measures(blocks, outline, year=year)),
            decisions=tuple(find_decisions(blocks, outline)),
        ),
    )


# --- Cover and signature ------------------------------------------------------------------


def is_cover_line(text: str) -> bool:
    """The cover's formulas: the reference, the session, "Melding til Stortinget"."""
    return bool(_REFERENCE_START.match(text) or _SESSION.match(text) or _MESSAGE.match(text))


def reference(cover_text: str) -> str:
    """ "Meld. St. 9 (2023–2024)", the number and session read across the cover's lines."""
    match = _REFERENCE.search(" ".join(cover_text.split("\n")))
    if not match:
        return ""
    return f"Meld. St. {match['number']} ({match['first']}–{match['second']})"


def cover_title(cover: Sequence[Block]) -> str:
    """Title and subtitle: the cover lines after "Melding til Stortinget", up to the
    ministry, a reference, a session or the tilråding."""
    lines = [normalise_space(block.text) for block in cover if block.kind in (PARAGRAPH, HEADING)]
    start = next((i + 1 for i, line in enumerate(lines) if _MESSAGE.match(line)), None)
    if start is None:
        return ""
    title: list[str] = []
    for line in lines[start:]:
        if (
            not line
            or _REFERENCE_START.match(line)
            or _SESSION.match(line)
            or line.startswith("Tilråding")
            or line.endswith("departementet")
            or _MESSAGE.match(line)
        ):
            break
        title.append(line)
    return " – ".join(title)


def cover_signature(cover_text: str) -> Signature | None:
    """The tilråding as the title page prints it, when the end has no signature."""
    match = _TILRADING.search(cover_text)
    return signature_from(match, frozenset()) if match else None


def signature_from(match: re.Match[str], blocks: frozenset[int]) -> Signature:
    found = find_date(match.group("date"))
    return Signature(
        blocks=blocks,
        ministry=match.group("ministry"),
        published=found[0] if found else None,
        language="nn" if match.group("from") == "frå" else "nb",
    )


def letters(text: str) -> str:
    """Letter-spaced text closed up: "t i l r å r :" -> "tilrår:"."""
    words = text.split()
    if len(words) > 3 and all(len(word) == 1 for word in words):
        return "".join(words)
    return text


def find_signature(blocks: Sequence[Block]) -> Signature | None:
    """``tilrår:`` and the tilråding after it, among the last blocks."""
    first = max(len(blocks) - SIGNATURE_BLOCKS, 0)
    for index in range(len(blocks) - 1, first - 1, -1):
        if letters(normalise_space(blocks[index].text)) != _TILRAR:
            continue
        after = " ".join(normalise_space(block.text) for block in blocks[index + 1 : index + 4])
        match = _TILRADING.search(after)
        if not match:
            return None
        ends = index + 1
        while ends < len(blocks) - 1 and "Stortinget" not in blocks[ends].text:
            ends += 1
        return signature_from(match, frozenset(range(index - 1, ends + 1)))
    return None


# --- Measures -------------------------------------------------------------------------------


def regjeringen_vil_boxes(blocks: Sequence[Block]) -> Iterator[list[int]]:
    """The block indexes of each "Regjeringen vil" box: a frame so titled, or the blocks
    under such a heading up to the next heading."""
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.frame is not None and frame_title(block.frame)[1].startswith(
            REGJERINGEN_VIL_TITLE
        ):
            frame = block.frame
            box = []
            while index < len(blocks) and blocks[index].frame == frame:
                box.append(index)
                index += 1
            yield box
            continue
        if block.kind == HEADING and block.frame is None and _is_box_title(block.text):
            index += 1
            box = []
            while index < len(blocks) and not is_heading(blocks[index]):
                box.append(index)
                index += 1
            yield box
            continue
        index += 1


def _is_box_title(text: str) -> bool:
    return split_box_number(text)[1].rstrip(":") == REGJERINGEN_VIL_TITLE


def find_measures(
    blocks: Sequence[Block], outline: Outline, *, year: int | None
) -> Iterator[ParsedMeasure]:
    count = 0
    for box in regjeringen_vil_boxes(blocks):
        top_level = min((blocks[i].level for i in box if blocks[i].kind == LIST_ITEM), default=1)
        parent: int | None = None
        for position, index in enumerate(box):
            block = blocks[index]
            text = normalise_space(block.text)
            following = blocks[box[position + 1]] if position + 1 < len(box) else None
            if block.kind == LIST_ITEM and block.level > top_level:
                measure_parent = parent
            elif block.kind == LIST_ITEM:
                if is_measure_lead_in(text):
                    parent = None
                    continue
                measure_parent = None
            elif block.kind == PARAGRAPH:
                if (
                    is_measure_lead_in(text)
                    or _LEAD_IN_END.search(text)
                    or (following is not None and following.kind == LIST_ITEM)
                ):
                    parent = None
                    continue
                measure_parent = None
            else:
                continue
            yield ParsedMeasure(
                section=outline.section_of.get(index),
                kind=v.REGJERINGEN_VIL,
                title=text,
                text=text,
                start_line=block.start_line,
                end_line=block.end_line,
                year=year,
                parent=measure_parent,
            )
            if measure_parent is None:
                parent = count
            count += 1


# --- Decisions ------------------------------------------------------------------------------


def find_decisions(blocks: Sequence[Block], outline: Outline) -> Iterator[ParsedDecision]:
    keys: set[str] = set()
    titles = {section.position: section.title for section in outline.sections}
    for index, block in enumerate(blocks[:-1]):
        intro = normalise_space(block.text)
        if not intro.endswith(":") or "vedtak" not in intro.lower():
            continue
        quote = blocks[index + 1]
        quote_text = normalise_space(quote.text)
        if not _DECISION_QUOTE.match(quote_text):
            continue
        number = decision_number_in(intro)
        found = find_date(intro)
        key = f"vedtak-{number or block.start_line}"
        if key in keys and found:
            key = f"{key}-{found[0].isoformat()}"
        if key in keys:
            key = f"{key}-line-{block.start_line}"
        keys.add(key)
        section = outline.section_of.get(index)
        yield ParsedDecision(
            kind=v.ANMODNINGSVEDTAK,
            section=section,
            title=titles.get(section, ""),
            text=quote_text.removeprefix("«").removesuffix("»").strip(),
            start_line=block.start_line,
            end_line=quote.end_line,
            key=key,
            number=number,
            date=found[0] if found else None,
            date_text=found[1] if found else "",
            origin=intro,
        )
