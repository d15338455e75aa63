"""The text of one paragraph as printed, with what sits inside it (notes, text boxes, breaks)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.docx.numbering import private_glyph
from ingest.docx.ooxml import is_on, mc, w

RENDERED = "rendered"  # count w:lastRenderedPageBreak: the pages as Word last laid them out
HARD = "hard"  # count explicit page breaks only

_TEXT = w("t")
_TABS = (w("tab"), w("ptab"))
_BREAK = w("br")
_CARRIAGE_RETURN = w("cr")
_RENDERED_BREAK = w("lastRenderedPageBreak")
_NO_BREAK_HYPHEN = w("noBreakHyphen")
_SYMBOL = w("sym")
_FOOTNOTE = w("footnoteReference")
_ENDNOTE = w("endnoteReference")
_RUN = w("r")
_TEXT_BOX = w("txbxContent")
_ALTERNATE = mc("AlternateContent")
_PICTURES = frozenset({w("drawing"), w("pict"), w("object")})
_DRAWING_PROPERTIES = (
    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
)
# Deleted revisions, field instructions and properties print nothing; a tab inside them
# must not leak into the text.
_SILENT = frozenset(
    w(tag)
    for tag in (
        "del",
        "moveFrom",
        "delText",
        "instrText",
        "delInstrText",
        "rPr",
        "pPr",
        "tblPr",
        "sectPr",
        "commentReference",
        "annotationRef",
        "footnoteRef",
        "endnoteRef",
        "separator",
        "continuationSeparator",
    )
)


@dataclass(slots=True)
class Inline:
    """What a paragraph's runs hold."""

    parts: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # footnote ids, in order of reference
    endnotes: int = 0
    text_boxes: list = field(default_factory=list)  # w:txbxContent elements
    figures: list[str] = field(default_factory=list)  # each picture's alternative text
    breaks: int = 0  # page breaks counted in the paragraph
    breaks_before_text: int = 0  # of which before its first printed character

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)

    def page_break(self) -> None:
        self.breaks += 1
        if not self.text.strip():
            self.breaks_before_text += 1


def read_inline(paragraph, page_mode: str | None, *, hidden: bool = False) -> Inline:
    """The paragraph's printed text; footnote marks are taken out and listed in ``notes``.

    ``hidden``: the paragraph's style hides its runs, unless a run shows itself.
    """
    inline = Inline()
    _collect(paragraph, inline, page_mode, hidden)
    return inline


def _collect(element, inline: Inline, page_mode: str | None, hidden: bool) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SILENT:
            continue  # comments and processing instructions have a function as tag
        if tag == _TEXT:
            inline.add(child.text)
        elif tag in _TABS:
            inline.add("\t")
        elif tag == _BREAK:
            kind = child.get(w("type"), "textWrapping")
            if kind == "page":
                if page_mode == HARD:
                    inline.page_break()
            elif kind != "column":
                inline.add("\n")
        elif tag == _CARRIAGE_RETURN:
            inline.add("\n")
        elif tag == _RENDERED_BREAK:
            if page_mode == RENDERED:
                inline.page_break()
        elif tag == _NO_BREAK_HYPHEN:
            inline.add("-")
        elif tag == _SYMBOL:
            inline.add(_symbol(child.get(w("char"), "")))
        elif tag == _FOOTNOTE:
            inline.notes.append(child.get(w("id"), ""))
        elif tag == _ENDNOTE:
            inline.endnotes += 1
        elif tag == _TEXT_BOX:
            inline.text_boxes.append(child)
        elif tag == _ALTERNATE:
            # Word writes a text box twice (DrawingML and a VML fallback): read one.
            chosen = child.find(mc("Choice"))
            if chosen is None:
                chosen = child.find(mc("Fallback"))
            if chosen is not None:
                _collect(chosen, inline, page_mode, hidden)
        elif tag in _PICTURES and next(child.iter(_TEXT_BOX), None) is None:
            inline.figures.append(_alternative_text(child))
        elif tag == _RUN and _hidden(child, hidden):
            continue
        else:
            _collect(child, inline, page_mode, hidden)


def _hidden(run, by_style: bool) -> bool:
    """A run's own w:vanish decides; else its paragraph style's."""
    vanish = run.find(f"{w('rPr')}/{w('vanish')}")
    return by_style if vanish is None else is_on(vanish)


def _alternative_text(picture) -> str:
    """A picture's description, else its title; Word's default names ("Bilde 13") are none."""
    for properties in picture.iter(_DRAWING_PROPERTIES):
        return " ".join((properties.get("descr") or properties.get("title") or "").split())
    return ""


def _symbol(code: str) -> str:
    try:
        character = chr(int(code, 16))
    except ValueError:
        return ""
    return private_glyph(character)
