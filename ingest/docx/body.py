"""Word's body, in order, as blocks: paragraphs, tables, boxes and the notes they cite."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ingest.blocks import (
    CAPTION,
    FIGURE,
    FOOTNOTE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE,
    Block,
    Frame,
)
from ingest.docx import styles as roles
from ingest.docx.inline import HARD, RENDERED, Inline, read_inline
from ingest.docx.numbering import Numbering
from ingest.docx.ooxml import int_or_none, is_on, mc, val, w
from ingest.docx.styles import StyleSheet, is_boxed

_PARAGRAPH = w("p")
_TABLE = w("tbl")
_ROW = w("tr")
_CELL = w("tc")
_FALLBACK = mc("Fallback")
# Containers whose children belong to the flow they sit in (content controls, custom XML).
_WRAPPERS = frozenset({w("sdt"), w("sdtContent"), w("customXml"), w("smartTag")})
# A number typed by hand before a TAB ("1.\tGod helse …", a box note "1\tKilde …"): a list
# item whose label was typed, not generated (regjeringen's "friliste" style).
_TYPED_LABEL = re.compile(r"^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]?)\t+(\S.*)$", re.DOTALL)
# What the regjeringen template prints in a box's end paragraph.
_FRAME_END_MARKS = frozenset({"", "[Boks slutt]", "[Ramme slutt]"})


@dataclass(slots=True)
class BodyReader:
    """Reads one document body; the state is the reading position (page, open box, …)."""

    styles: StyleSheet
    numbering: Numbering
    footnotes: dict[str, str]  # footnote id -> body text
    page_mode: str | None  # RENDERED, HARD or None (the file records no pages)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    page: int = 1
    frame_count: int = 0
    styled_frame: Frame | None = None  # a box opened by a title style, until its end style
    shaded_frame: Frame | None = None  # a run of bordered, shaded or framed paragraphs
    heading_level: int = 0  # the level of the last real heading, for run-in titles
    note_labels: dict[str, str] = field(default_factory=dict)
    in_text_box: int = 0
    endnotes: int = 0
    notes_without_text: list[str] = field(default_factory=list)  # labels of cited notes

    @property
    def current_page(self) -> int | None:
        return self.page if self.page_mode else None

    # --- The flow ---------------------------------------------------------------------

    def read_flow(self, container, frame: Frame | None = None) -> None:
        for child in container:
            if child.tag == _PARAGRAPH:
                self.paragraph(child, frame)
            elif child.tag == _TABLE:
                self.shaded_frame = None
                self.table(child, frame or self.styled_frame)
            elif child.tag in _WRAPPERS:
                self.read_flow(child, frame)

    def finish(self) -> None:
        if self.styled_frame is not None:
            self.warnings.append(
                f"box '{self.styled_frame.title}' has no end mark; it runs to the end"
            )
            self.styled_frame = None
        if self.notes_without_text:
            self.warnings.append(
                f"{len(self.notes_without_text)} cited footnotes have no text in the file "
                f"(the first: {self.notes_without_text[0]})"
            )
        if self.endnotes:
            self.warnings.append(f"{self.endnotes} endnote marks: endnotes are not read")

    # --- Paragraphs -------------------------------------------------------------------

    def paragraph(self, element, frame: Frame | None) -> None:
        properties = element.find(w("pPr"))
        facts = self.styles.facts(val(properties, "pStyle"))
        if self.page_mode == HARD and self.blocks and not self.in_text_box:
            own = None if properties is None else properties.find(w("pageBreakBefore"))
            if is_on(own) if own is not None else facts.page_break_before:
                self.page += 1
        counted = self.page_mode if not self.in_text_box else None
        inline = read_inline(element, counted, hidden=facts.hidden)
        first_page = self.page + inline.breaks_before_text
        self.page += inline.breaks
        role, level = self._role(facts, properties)
        label, list_level = self._numbering(facts, properties, role)
        text = inline.text.strip()

        if role == roles.FRAME_END and frame is None:
            self._close_frame()
            if text in _FRAME_END_MARKS:
                self._after_paragraph(element, inline, None, first_page)
                return
        if role == roles.FRAME_TITLE and frame is None:
            self._open_frame(text)
        if role in (roles.HEADING, roles.TITLE) and frame is None and self.styled_frame:
            self.warnings.append(
                f"box '{self.styled_frame.title}' has no end mark before heading '{text}'"
                + self._page_note(first_page)
            )
            self._close_frame()

        holder = frame or self.styled_frame or self._shading(facts, properties, role, text)
        block = self._block(role, level, label, list_level, text, holder)
        if block is not None:
            self.blocks.append(
                replace(block, page=self._page(first_page), page_end=self.current_page)
            )
        self._after_paragraph(element, inline, holder, first_page)

    def _role(self, facts, properties) -> tuple[str, int]:
        """The paragraph's role: its own outline level wins over its style's."""
        role, level = facts.role, facts.level
        own = int_or_none(val(properties, "outlineLvl"))
        if own is not None:
            if own < roles.BODY_TEXT_OUTLINE_LEVEL:
                return roles.HEADING, own + 1
            if role == roles.HEADING:
                return roles.BODY, 0
        return role, level

    def _numbering(self, facts, properties, role: str) -> tuple[str, int]:
        """The printed number or bullet of the paragraph and its list level (1 = top)."""
        numbering = None if properties is None else properties.find(w("numPr"))
        num_id = val(numbering, "numId") if numbering is not None else None
        ilvl = int_or_none(val(numbering, "ilvl")) if numbering is not None else None
        num_id = num_id if num_id is not None else facts.num_id
        ilvl = ilvl if ilvl is not None else (facts.ilvl or 0)
        # "List Bullet 2" is often a list of its own at ilvl 0: the style says the depth.
        style_level = facts.level if role == roles.LIST else 0
        if not num_id or num_id == "0":
            return "", style_level
        return self.numbering.next_label(num_id, ilvl), max(ilvl + 1, style_level)

    def _block(
        self,
        role: str,
        level: int,
        label: str,
        list_level: int,
        text: str,
        frame: Frame | None,
    ) -> Block | None:
        if not text:
            return None
        printed = f"{label} {text}" if label else text
        if role in (roles.HEADING, roles.TITLE):
            if frame is None:
                self.heading_level = level
            return Block(HEADING, printed, level=level, label=label, frame=frame)
        if role == roles.PARAGRAPH_TITLE:
            return Block(HEADING, text, level=self.heading_level + level, frame=frame)
        if role == roles.FRAME_TITLE:
            return Block(HEADING, printed, level=self.heading_level + 1, label=label, frame=frame)
        if role == roles.CAPTION:
            return Block(CAPTION, printed, label=label, frame=frame)
        if list_level:
            return Block(LIST_ITEM, text, level=list_level, label=label, frame=frame)
        if typed := _TYPED_LABEL.match(text):
            return Block(LIST_ITEM, typed.group(2), level=1, label=typed.group(1), frame=frame)
        return Block(PARAGRAPH, text, frame=frame)

    def _after_paragraph(
        self, element, inline: Inline, frame: Frame | None, first_page: int
    ) -> None:
        """Its pictures, footnotes and text boxes, and the page break a section break makes."""
        for alternative_text in inline.figures:
            page = self._page(first_page)
            self.blocks.append(
                Block(FIGURE, alternative_text, frame=frame, page=page, page_end=page)
            )
        self._footnotes(inline.notes, frame)
        self.endnotes += inline.endnotes
        for text_box in inline.text_boxes:
            self._text_box(text_box)
        properties = element.find(w("pPr"))
        section = None if properties is None else properties.find(w("sectPr"))
        if (
            section is not None
            and self.page_mode == HARD
            and not self.in_text_box
            and val(section, "type") not in ("continuous", "nextColumn")
        ):
            self.page += 1

    # --- Boxes ------------------------------------------------------------------------

    def _new_frame(self, title: str) -> Frame:
        self.frame_count += 1
        return Frame(self.frame_count, title)

    def _open_frame(self, title_text: str) -> None:
        if self.styled_frame is not None:
            self.warnings.append(
                f"box '{self.styled_frame.title}' has no end mark before box '{title_text}'"
            )
        self.styled_frame = self._new_frame(title_text)

    def _close_frame(self) -> None:
        self.styled_frame = None

    def _shading(self, facts, properties, role: str, text: str) -> Frame | None:
        """The frame of a run of boxed paragraphs (borders, shading, ``framePr``), which
        Word draws as one box; its title is its first paragraph when that is a heading."""
        own = is_boxed(properties)
        if not text:
            return self.shaded_frame  # an empty paragraph neither opens nor closes a box
        if not (facts.boxed if own is None else own):
            self.shaded_frame = None
        elif self.shaded_frame is None:
            heading = role in (roles.HEADING, roles.TITLE, roles.PARAGRAPH_TITLE)
            self.shaded_frame = self._new_frame(text if heading else "")
        return self.shaded_frame

    def _text_box(self, content) -> None:
        """A text box is a frame of its own; its title is its first block if a heading."""
        first = len(self.blocks)
        frame = self._new_frame("")
        self.in_text_box += 1
        try:
            self.read_flow(content, frame)
        finally:
            self.in_text_box -= 1
        held = self.blocks[first:]
        if not held:
            self.frame_count -= 1
            return
        title = held[0].text if held[0].kind == HEADING else ""
        titled = Frame(frame.number, title)
        self.blocks[first:] = [
            replace(block, frame=titled) if block.frame == frame else block for block in held
        ]

    # --- Tables -----------------------------------------------------------------------

    def table(self, element, frame: Frame | None) -> None:
        first_page = None
        rows: list[tuple[str, ...]] = []
        notes: list[str] = []
        for row in _children(element, _ROW):
            cells = []
            for cell in _children(row, _CELL):
                text, cell_notes, cell_page = self._cell(cell)
                cells.append(text)
                notes.extend(cell_notes)
                if first_page is None and text:
                    first_page = cell_page
            if any(cells):
                rows.append(tuple(cells))
        if rows:
            written = "\n".join("\t".join(" ".join(cell.split()) for cell in row) for row in rows)
            self.blocks.append(
                Block(
                    TABLE,
                    written,
                    rows=tuple(rows),
                    frame=frame,
                    page=self._page(first_page or self.page),
                    page_end=self.current_page,
                )
            )
        self._footnotes(notes, frame)

    def _cell(self, cell) -> tuple[str, list[str], int]:
        """A cell's text (paragraphs on lines of their own), the notes it cites, its page.

        The continuation of a vertically merged cell is empty: the text is in the first.
        """
        merge = cell.find(f"{w('tcPr')}/{w('vMerge')}")
        if merge is not None and merge.get(w("val"), "continue") == "continue":
            return "", [], self.page
        lines: list[str] = []
        notes: list[str] = []
        first_page = None
        for paragraph in printed_paragraphs(cell):
            hidden = self.styles.facts(val(paragraph.find(w("pPr")), "pStyle")).hidden
            counted = self.page_mode if not self.in_text_box else None
            inline = read_inline(paragraph, counted, hidden=hidden)
            if first_page is None and inline.text.strip():
                first_page = self.page + inline.breaks_before_text
            self.page += inline.breaks
            notes.extend(inline.notes)
            lines.extend(line.strip() for line in inline.text.split("\n") if line.strip())
        return "\n".join(lines), notes, first_page or self.page

    # --- Footnotes --------------------------------------------------------------------

    def _footnotes(self, note_ids: list[str], frame: Frame | None) -> None:
        """Each note cited for the first time, right after the block citing it."""
        for note_id in note_ids:
            if note_id in self.note_labels:
                continue
            label = str(len(self.note_labels) + 1)
            self.note_labels[note_id] = label
            body = self.footnotes.get(note_id)
            if body is None:
                self.notes_without_text.append(label)
                continue
            page = self.current_page
            self.blocks.append(
                Block(FOOTNOTE, body, label=label, frame=frame, page=page, page_end=page)
            )

    # --- Pages ------------------------------------------------------------------------

    def _page(self, page: int) -> int | None:
        return page if self.page_mode else None

    def _page_note(self, page: int) -> str:
        return f" (page {page})" if self.page_mode else ""


def _children(element, tag: str):
    """Children with ``tag``, also those wrapped in content controls."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def printed_paragraphs(element):
    """Every paragraph inside ``element`` (nested tables, text boxes), in order, leaving
    out the VML copy Word keeps of each text box (``mc:Fallback``)."""
    for paragraph in element.iter(_PARAGRAPH):
        if not any(ancestor.tag == _FALLBACK for ancestor in paragraph.iterancestors()):
            yield paragraph


def page_mode(body) -> str | None:
    """How the file records pages: Word's last layout, explicit breaks only, or not at all."""
    for _ in body.iter(w("lastRenderedPageBreak")):
        return RENDERED
    for element in body.iter(w("br")):
        if element.get(w("type")) == "page":
            return HARD
    for _ in body.iter(w("pageBreakBefore")):
        return HARD
    return None


def footnote_bodies(footnotes_element) -> dict[str, str]:
    """Footnote id -> its text (paragraphs on lines of their own); separators left out."""
    bodies: dict[str, str] = {}
    if footnotes_element is None:
        return bodies
    for note in footnotes_element.iterfind(w("footnote")):
        if note.get(w("type"), "normal") != "normal":
            continue
        lines = []
        for paragraph in printed_paragraphs(note):
            text = read_inline(paragraph, None).text.strip()
            if text:
                lines.append(text)
        bodies[note.get(w("id"), "")] = "\n".join(lines)
    return bodies
