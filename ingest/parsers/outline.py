"""Sections from a block stream: the outline every block parser shares.

* A heading opens a section, nested under the nearest open heading of a smaller level;
  a heading numbered "4.4.1" goes under the open "4.4", and a chapter number closes the
  numbered sections before it, whatever the type sizes say. ``level`` is the section's
  depth in the outline (1 = top), so a level the document skips is closed up.
* A titled frame (a box, a shaded frame, a text box) is a section one level below the
  section it stands in, titled with the frame's title; the enclosing section's text
  resumes after it. An untitled frame is layout: its text is its section's. Headings inside a frame are part of the frame's text (its title heading is
  the frame's title), not sections of their own.
* Text before the first heading is a section titled ``front_title``.
* A section runs from its heading to the last block of its subtree; its ``text`` is its
  own blocks only (paragraphs apart, list items as bullets, tables as TAB rows,
  footnotes last with their marks).

``Outline.section_of`` tells the section each block landed in, so a parser can place
the measures and decisions it finds in the blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.blocks import FIGURE, FOOTNOTE, HEADING, LIST_ITEM, TABLE, Block, Frame
from ingest.parsed import ParsedSection
from ingest.text import normalise_space

# A heading longer than this is running text set in bold, not a heading.
MAX_HEADING_CHARS = 250
# The front matter (cover, title page, contents) ends within this many blocks (a long
# proposition's contents run to 600), and a contents line shows within this many blocks
# after anything that is still contents.
MAX_FRONT_BLOCKS = 2000
CONTENTS_WINDOW = 20

_CONTENTS = re.compile(r"^(?:innhold|innholdsfortegnelse|innhald|contents)$", re.IGNORECASE)
# A table of contents line: dot leaders or a rule of underscores before the page number.
_CONTENTS_LINE = re.compile(r"(?:\.\s?){4,}|…{2,}|_{4,}")

_NUMBER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,5}|[IVX]{1,5}|[A-Z])\.?\s+(?=\S)")
# The rank of the section holding the text before the first heading.
FRONT_RANK = float("inf")
_DECIMAL = re.compile(r"^\d{1,2}(?:\.\d{1,2})*$")
_BOX_NUMBER = re.compile(r"^(?:Boks|Box|Ramme|Faktaboks)\s+(\d+(?:\.\d+)*)\.?\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Outline:
    sections: tuple[ParsedSection, ...]
    section_of: dict[int, int]  # index of a block in the stream -> position of its section


@dataclass(slots=True)
class _Open:
    """A section being filled."""

    rank: float  # the heading level it was opened by (frames: just below their parent)
    depth: int
    number: str
    title: str
    parent: int | None
    start_line: int
    end_line: int
    frame: Frame | None = None
    blocks: list[Block] = field(default_factory=list)


def is_heading(block: Block) -> bool:
    """A heading block, unless it is running text set in bold."""
    return block.kind == HEADING and 0 < len(normalise_space(block.text)) <= MAX_HEADING_CHARS


def split_number(text: str) -> tuple[str, str]:
    """("3.2", "Mål for 2025") from "3.2 Mål for 2025", ("A", "Forslag til lovvedtak")
    from "A – Forslag til lovvedtak"; ("", text) when unnumbered."""
    text = normalise_space(text)
    match = _NUMBER.match(text)
    if match and len(text) > match.end():
        title = text[match.end() :]
        if title[:2] in ("– ", "- "):
            title = title[2:]
        return match.group(1), title
    return "", text


def frame_title(frame: Frame) -> tuple[str, str]:
    """("3.1", "Regjeringen vil") from a frame titled "Boks 3.1 Regjeringen vil"."""
    return split_box_number(frame.title)


def split_box_number(text: str) -> tuple[str, str]:
    """("3.1", "Regjeringen vil") from "Boks 3.1 Regjeringen vil"; ("", text) unnumbered."""
    title = normalise_space(text)
    match = _BOX_NUMBER.match(title)
    if match and len(title) > match.end():
        return match.group(1), title[match.end() :]
    return "", title


def front_matter(blocks: Sequence[Block], *, cover_line: Callable[[str], bool]) -> frozenset[int]:
    """The cover, the title page and the table of contents: the blocks before the first
    heading that is no cover line (``cover_line``: a family's cover formulas, such as
    "Meld. St. 1") and no "Innhold", and that no contents lines follow (a contents entry
    a reader took for a heading has dot leaders after it)."""
    front = set()
    for index, block in enumerate(blocks[:MAX_FRONT_BLOCKS]):
        text = normalise_space(block.text)
        if is_heading(block) and not cover_line(text) and not _CONTENTS.match(text):
            following = blocks[index + 1 : index + 1 + CONTENTS_WINDOW]
            if not any(_CONTENTS_LINE.search(b.text) for b in following):
                return frozenset(front)
        front.add(index)
    return frozenset(front)


def build_outline(
    blocks: Sequence[Block],
    *,
    front_title: str,
    heading: Callable[[Block], bool] = is_heading,
    skip: frozenset[int] = frozenset(),
) -> Outline:
    """The outline of ``blocks``; blocks whose index is in ``skip`` (a cover, a
    signature) belong to no section."""
    sections: list[_Open] = []
    stack: list[int] = []  # positions of the open sections, outermost first
    section_of: dict[int, int] = {}
    previous: Block | None = None
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        frame = titled_frame(block)
        if frame is not None:
            _enter_frame(sections, stack, block, frame)
        elif stack and sections[stack[-1]].frame is not None and block.kind != FOOTNOTE:
            # The frame has ended: its parent's text resumes. (A page's footnotes do not
            # end a box that goes on over the page: "Boks 3.2 forts.")
            stack.pop()
        if frame is None and heading(block) and _continues(sections, stack, previous, block):
            sections[stack[-1]].title += " " + normalise_space(block.text)
        elif frame is None and heading(block):
            number, title = split_number(block.text)
            rank = _close_to_parent(sections, stack, number, block.level)
            parent = stack[-1] if stack else None
            sections.append(_Open(rank, len(stack) + 1, number, title, parent, block.start_line, 0))
            stack.append(len(sections) - 1)
        elif not stack:
            # Text before the first heading; any heading closes it.
            sections.append(_Open(FRONT_RANK, 1, "", front_title, None, block.start_line, 0))
            stack.append(len(sections) - 1)
            sections[-1].blocks.append(block)
        elif not (frame is not None and _is_frame_title(block, sections[stack[-1]])):
            sections[stack[-1]].blocks.append(block)
        section_of[index] = stack[-1]
        previous = block
        for position in stack:
            sections[position].end_line = max(sections[position].end_line, block.end_line)
    return Outline(
        sections=tuple(
            ParsedSection(
                position=position,
                parent=section.parent,
                level=section.depth,
                number=section.number,
                title=section.title,
                text=section_text(section.blocks),
                start_line=section.start_line,
                end_line=max(section.end_line, section.start_line),
            )
            for position, section in enumerate(sections)
        ),
        section_of=section_of,
    )


def _continues(
    sections: list[_Open], stack: list[int], previous: Block | None, block: Block
) -> bool:
    """A heading set on two lines that a reader gave as two: the second starts in lower
    case right after the first, at its level ("… og utsiktene" / "for norsk økonomi")."""
    text = normalise_space(block.text)
    return (
        previous is not None
        and previous.kind == HEADING
        and previous.level == block.level
        and bool(stack)
        and not sections[stack[-1]].blocks
        and text[:1].islower()
    )


def _close_to_parent(sections: list[_Open], stack: list[int], number: str, level: int) -> float:
    """Close the open sections a new heading does not belong in; returns its rank.

    A heading numbered in the document's decimal scheme goes under the open section
    numbered as its parent ("4.4" for "4.4.1"), and a chapter ("5") closes every numbered
    section, whatever the type sizes say: a reader may misjudge a size, but the numbers
    are the document's own outline. Other headings nest by their level. Any heading
    closes the section of the text before the first heading.
    """
    if stack and sections[stack[0]].rank == FRONT_RANK:
        stack.clear()
    if _DECIMAL.match(number):
        keep = _decimal_parent_depth(sections, stack, number)
        parent = number.rpartition(".")[0]
        has_parent = bool(parent) and keep > 0 and sections[stack[keep - 1]].number == parent
        del stack[keep:]
        # Without its numbered parent, a heading stays only inside higher-ranked ones
        # (a part above its chapters, not a foreword beside them).
        while not has_parent and stack and sections[stack[-1]].rank >= level:
            stack.pop()
        above = sections[stack[-1]].rank if stack else 0.0
        return max(level, above + 0.5)
    while stack and sections[stack[-1]].rank >= level:
        stack.pop()
    return level


def _decimal_parent_depth(sections: list[_Open], stack: list[int], number: str) -> int:
    """How many open sections a heading numbered ``number`` stays inside: up to the one
    numbered as its parent; else (a chapter, or its parent is not open) up to the first
    numbered one, so a part ("Del II") above the chapters stays open."""
    parent = number.rpartition(".")[0]
    if parent:
        for depth in range(len(stack) - 1, -1, -1):
            if sections[stack[depth]].number == parent:
                return depth + 1
    return next(
        (
            depth
            for depth, position in enumerate(stack)
            if _DECIMAL.match(sections[position].number)
        ),
        len(stack),
    )


def titled_frame(block: Block) -> Frame | None:
    """The block's frame, if it has a title: an untitled frame (a shaded colophon, a
    rule round a paragraph) is layout, its text part of the section it stands in."""
    frame = block.frame
    return frame if frame is not None and normalise_space(frame.title) else None


def _enter_frame(sections: list[_Open], stack: list[int], block: Block, frame: Frame) -> None:
    """Open the block's frame as a section, unless it is the one open already."""
    if stack and sections[stack[-1]].frame == frame:
        return
    if stack and sections[stack[-1]].frame is not None:
        stack.pop()  # one frame right after another
    number, title = frame_title(frame)
    parent = stack[-1] if stack else None
    depth = len(stack) + 1
    rank = sections[parent].rank + 0.5 if parent is not None else 0.5
    sections.append(_Open(rank, depth, number, title, parent, block.start_line, 0, frame=frame))
    stack.append(len(sections) - 1)


def _is_frame_title(block: Block, section: _Open) -> bool:
    """The heading that titles the frame it opens (its text is the section's title)."""
    return (
        block.kind == HEADING
        and not section.blocks
        and normalise_space(block.text) == normalise_space(section.frame.title)
    )


def section_text(blocks: Sequence[Block]) -> str:
    """Blocks as readable text: paragraphs apart, items as bullets one per line, tables
    as TAB rows, footnotes last."""
    parts: list[str] = []
    notes: list[str] = []
    previous = ""
    for block in blocks:
        if block.kind == FOOTNOTE:
            notes.append(f"[{block.label}] {block.text}" if block.label else block.text)
        elif block.kind == TABLE:
            parts.append("\n".join("\t".join(row) for row in block.rows))
        elif block.kind == LIST_ITEM:
            indent = "  " * max(block.level - 1, 0)
            item = f"{indent}{block.label or '•'} {normalise_space(block.text)}"
            if previous == LIST_ITEM:
                parts[-1] += "\n" + item
            else:
                parts.append(item)
        elif block.kind == FIGURE and not block.text.strip():
            continue
        else:
            parts.append(normalise_space(block.text))
        previous = block.kind
    return "\n\n".join([*parts, *notes]).strip()
