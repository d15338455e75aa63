"""What a paragraph's style (and its ``basedOn`` chain) says the paragraph is.

Word names built-in styles in English in the file ("heading 1", "Title", "caption") and
gives them localised ids ("Overskrift1", "Tittel", "Bildetekst"); custom styles have only
a name. Both are matched, case-, space- and hyphen-insensitively, along the chain from the
paragraph's style to its ancestors: a custom style based on "heading 2" is a heading 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.docx.ooxml import int_or_none, is_on, val, w

# Roles a paragraph style can give.
BODY = "body"
HEADING = "heading"  # an outline level or a "heading N" style
TITLE = "title"  # the Title style: above every heading
PARAGRAPH_TITLE = "paragraph_title"  # a run-in title below the current heading
CAPTION = "caption"
FRAME_TITLE = "frame_title"  # opens a box (regjeringen's "tittel-ramme")
FRAME_END = "frame_end"  # closes it; the paragraph itself is not content
LIST = "list"  # a list style without numbering of its own

BODY_TEXT_OUTLINE_LEVEL = 9  # w:outlineLvl 9 means "body text", not a heading

_HEADING_NAME = re.compile(r"^(?:heading|overskrift|rubrik|uberschrift|titre)(\d)$")
_LIST_NAME = re.compile(r"^(?:list|listbullet|listnumber|liste|punktliste|nummerertliste)(\d?)$")
_TITLE_NAMES = frozenset({"title", "tittel"})
_CAPTION_NAMES = frozenset(
    {
        "caption",
        "bildetekst",
        "figurtekst",
        "tabelltittel",
        "tabelltekst",
        # regjeringen.no's Meld. St. / Prop. template (Meld-St-mal)
        "figurtittel",
    }
)
# The regjeringen.no template draws its boxes ("Boks 3.1", "Regjeringen vil") as a run of
# ordinary paragraphs between a title style and an end style, not as a Word text box.
_FRAME_TITLE_NAMES = frozenset({"tittelramme", "rammetittel", "bokstittel"})
_FRAME_END_NAMES = frozenset({"rammeslutt", "boksslutt"})
# The same template's run-in titles: how far each sits below the current heading.
_PARAGRAPH_TITLE_DEPTH = {
    "avsnitttittel": 1,
    "avsnittundertittel": 2,
    "avsnittunderundertittel": 3,
}


@dataclass(frozen=True, slots=True)
class StyleFacts:
    """What one style, with its ancestors, says about a paragraph."""

    role: str = BODY
    level: int = 0  # heading level (1 = "heading 1"), list level, or a paragraph title's depth
    outline_level: int | None = None  # 0-based w:outlineLvl, where the chain sets one
    num_id: str | None = None  # numbering the style attaches
    ilvl: int | None = None
    page_break_before: bool = False
    hidden: bool = False  # the style hides its text (w:vanish), as the template's table codes
    boxed: bool = False  # the style draws a border round the paragraph, shades it or frames it


def squeeze(name: str) -> str:
    """A style name compared loosely: "Heading 1", "heading1" and "Heading-1" are alike."""
    return re.sub(r"[\s_\-.]+", "", name).lower()


class StyleSheet:
    """The styles part, read once per document."""

    def __init__(self, styles_element) -> None:
        self._styles: dict[str, object] = {}
        self._known: dict[str | None, StyleFacts] = {}
        self._default_paragraph: str | None = None
        if styles_element is None:
            return
        for style in styles_element.iterfind(w("style")):
            if style.get(w("type"), "paragraph") != "paragraph":
                continue
            style_id = style.get(w("styleId"))
            if style_id is None:
                continue
            self._styles[style_id] = style
            if style.get(w("default")) in ("1", "true", "on"):
                self._default_paragraph = style_id

    def facts(self, style_id: str | None) -> StyleFacts:
        style_id = style_id or self._default_paragraph
        if style_id not in self._known:
            self._known[style_id] = self._facts(style_id)
        return self._known[style_id]

    def _facts(self, style_id: str | None) -> StyleFacts:
        chain = self._chain(style_id)
        role, level = _role(chain)
        outline_level = num_id = ilvl = None
        page_break_before = False
        hidden = boxed = None
        for style in chain:
            if boxed is None:
                boxed = is_boxed(style.find(w("pPr")))
            if hidden is None:
                vanish = style.find(f"{w('rPr')}/{w('vanish')}")
                hidden = None if vanish is None else is_on(vanish)
            ppr = style.find(w("pPr"))
            if ppr is None:
                continue
            if outline_level is None:
                outline_level = int_or_none(val(ppr, "outlineLvl"))
            numbering = ppr.find(w("numPr"))
            if numbering is not None:
                if num_id is None:
                    num_id = val(numbering, "numId")
                if ilvl is None:
                    ilvl = int_or_none(val(numbering, "ilvl"))
            page_break_before = page_break_before or is_on(ppr.find(w("pageBreakBefore")))
        if role == BODY and outline_level is not None and outline_level < BODY_TEXT_OUTLINE_LEVEL:
            role, level = HEADING, outline_level + 1
        return StyleFacts(
            role, level, outline_level, num_id, ilvl, page_break_before, bool(hidden), bool(boxed)
        )

    def _chain(self, style_id: str | None) -> list:
        """The style and its ancestors, nearest first (a cycle in a damaged file stops it)."""
        chain: list = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self._styles:
            seen.add(style_id)
            style = self._styles[style_id]
            chain.append(style)
            style_id = val(style, "basedOn")
        return chain


def is_boxed(properties) -> bool | None:
    """Whether paragraph properties draw a box: a border on two sides or more, a shading
    fill, or a frame (``w:framePr``); None where they say nothing of it. A single rule
    (a title's bottom border) is no box."""
    if properties is None:
        return None
    said = None
    borders = properties.find(w("pBdr"))
    if borders is not None:
        sides = [b for b in borders if b.get(w("val"), "none") not in ("nil", "none")]
        said = len(sides) >= 2
    shading = properties.find(w("shd"))
    if shading is not None:
        fill = (shading.get(w("fill")) or "auto").lower()
        said = bool(said) or fill not in ("auto", "ffffff")
    if properties.find(w("framePr")) is not None:
        said = True
    return said


def _role(chain: list) -> tuple[str, int]:
    """The first role a style name along the chain gives, nearest style first."""
    for style in chain:
        for name in (val(style, "name") or "", style.get(w("styleId")) or ""):
            found = role_of_name(squeeze(name))
            if found is not None:
                return found
    return BODY, 0


def role_of_name(name: str) -> tuple[str, int] | None:
    """The role a squeezed style name gives, with its level; None for an ordinary name."""
    if match := _HEADING_NAME.match(name):
        return HEADING, int(match.group(1))
    if name in _TITLE_NAMES:
        return TITLE, 0
    if name in _CAPTION_NAMES:
        return CAPTION, 0
    if name in _FRAME_TITLE_NAMES:
        return FRAME_TITLE, 0
    if name in _FRAME_END_NAMES:
        return FRAME_END, 0
    if name in _PARAGRAPH_TITLE_DEPTH:
        return PARAGRAPH_TITLE, _PARAGRAPH_TITLE_DEPTH[name]
    if match := _LIST_NAME.match(name):
        return LIST, int(match.group(1) or 1)
    return None
