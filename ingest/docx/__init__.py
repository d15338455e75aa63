"""Word files (.docx) -> the neutral block stream (:mod:`ingest.blocks`), with python-docx.

``read_docx(data, name=...)`` returns a :class:`~ingest.blocks.ReadDocument`; a file that
is no readable DOCX raises :class:`~ingest.sources.UnreadableSource` with a one-line reason
(not a zip, truncated, no main document part, damaged XML, an encrypted or old binary Word
file), never another exception. python-docx opens the package and gives the parts; the
body is read from its XML, because python-docx's ``paragraphs`` and ``tables`` lose the
order between them and skip text boxes, content controls and notes.

Choices made about Word's structure:

* Order. The body's paragraphs and tables in document order; content controls
  (``w:sdt``) and custom XML are read through. A text box (``w:txbxContent``; Word writes
  each twice, as DrawingML and a VML fallback, and one copy is read) comes right after
  the paragraph it is anchored in, as a :class:`~ingest.blocks.Frame` whose title is its
  first block when that is a heading.
* Text. Runs as printed: tabs kept, line breaks as "\\n", non-breaking hyphens as "-",
  Symbol/Wingdings glyphs as what they look like; deleted revisions, field instructions
  and hidden runs (``w:vanish``) left out.
* Headings. A paragraph's own ``w:outlineLvl``, else its style chain's (``basedOn``), else a
  style named "heading N" in any of its spellings ("Heading 1", "Overskrift 1",
  styleId "Overskrift1"); outline level 9 is body text. The Title style ("Title",
  "Tittel") is a heading above "heading 1". The regjeringen.no template's run-in titles
  ("avsnitt-tittel", "-undertittel", "-under-undertittel") are headings one, two and three
  levels below the heading before them. Levels are then shifted so that the document's
  largest heading type is level 1. A numbered heading's text starts with its number as
  Word prints it ("2.1 Utviklingstrekk …"), which is also its ``label``.
* Lists. A paragraph with numbering (its own ``w:numPr`` or its style's; ``numId`` 0
  switches it off) is a list item at level ``ilvl`` + 1; its label is the bullet glyph or
  the number computed from ``numbering.xml`` (see :mod:`ingest.docx.numbering`: a best
  effort that follows style-linked lists, restarts and start overrides). A list style
  without numbering ("List Bullet 2", "Punktliste") is an item without label at its
  style's level. A paragraph starting with a number typed by hand and a TAB
  ("1.\\tGod helse …") is an item with that label.
* Tables. Each ``w:tc`` once: a horizontally merged cell (``gridSpan``) is one cell, the
  continuation of a vertical merge is empty; a cell's paragraphs are lines of its text,
  nested tables and text boxes included; empty rows are dropped.
* Boxes. Text boxes (above), and the regjeringen.no boxes, which this DOCX draws as plain
  paragraphs: a paragraph in a box-title style ("tittel-ramme") opens a frame titled by its
  text (without the "Boks 3.1" number Word adds, which stays in the title block's text and
  label); a paragraph in the end style ("Ramme-slutt", printed "[Boks slutt]") closes it
  and is not content. A box still open at the next heading is closed there, with a
  warning. Elsewhere a run of boxed paragraphs (a border on two sides or more, a shading
  fill, or ``w:framePr``, directly or from the style) is one frame, titled by its first
  paragraph when that is a heading; Word would split runs whose borders differ.
* Captions. Styles "caption", "Bildetekst", "Figurtekst", "Tabelltittel" and the template's
  "figur-tittel", "tabell-tittel", "Tabellnavn"; the number Word adds ("Figur 2.1") leads
  the text and is the label.
* Footnotes. The reference mark is taken out of the text; the note's body (from
  ``footnotes.xml``) is a footnote block right after the paragraph (or table) citing it,
  in the same frame, labelled by the order of first citation as Word numbers them. Custom
  marks, notes numbered per section and endnotes are not modelled (endnotes: a warning).
* Pages. Where Word saved its layout (``w:lastRenderedPageBreak``) pages are counted from
  those; else, where the file has explicit page breaks (``w:br w:type="page"``,
  ``pageBreakBefore``, section breaks), from those (a lower bound); else every page is
  None. Page breaks inside text boxes are not counted.
* Metadata. Core properties: title, author, subject, created; the language is the core
  property, else the default language of the styles (``w:docDefaults``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import replace

import docx
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import parse_xml
from lxml import etree

from ingest.blocks import HEADING, Block, Metadata, OutlineEntry, ReadDocument, render
from ingest.docx.body import BodyReader, footnote_bodies, page_mode
from ingest.docx.numbering import Numbering
from ingest.docx.ooxml import w
from ingest.docx.styles import StyleSheet
from ingest.sources import UnreadableSource

# An OLE compound file: an encrypted (password-protected) .docx, or an old binary .doc.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# What a damaged package or part can raise while it is read.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    AttributeError,
    etree.LxmlError,
)


def read_docx(data: bytes, *, name: str) -> ReadDocument:
    """Read a .docx into blocks and their stored text (see the module docstring)."""
    document = open_docx(data)
    try:
        return _read(document, name=name)
    except UnreadableSource:
        raise
    except _DAMAGED as error:
        raise UnreadableSource(f"the DOCX is damaged: {_one_line(error)}") from error


def open_docx(data: bytes):
    """The python-docx Document, or UnreadableSource saying why there is none."""
    if data[:8] == OLE_MAGIC:
        raise UnreadableSource(
            "the file is an encrypted (password-protected) or old binary Word file, "
            "not an open .docx; save it unprotected as .docx"
        )
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data[:4] == ZIP_MAGIC:
            raise UnreadableSource("the DOCX is truncated (its zip archive has no directory)")
        raise UnreadableSource("the file is not a DOCX (not a zip archive)")
    try:
        return docx.Document(io.BytesIO(data))
    except PackageNotFoundError as error:
        raise UnreadableSource("the zip holds no Word document (no main document part)") from error
    except KeyError as error:
        missing = error.args[0] if error.args else error
        raise UnreadableSource(f"the DOCX is incomplete: {_one_line(missing)}") from error
    except etree.XMLSyntaxError as error:
        raise UnreadableSource(f"the DOCX holds damaged XML: {_one_line(error)}") from error
    except _DAMAGED as error:
        raise UnreadableSource(f"the DOCX cannot be opened: {_one_line(error)}") from error


def _read(document, *, name: str) -> ReadDocument:
    styles_element = _part_element(document, RELATIONSHIP_TYPE.STYLES)
    body = document.element.find(w("body"))
    if body is None:
        raise UnreadableSource("the Word document has no body")
    mode = page_mode(body)
    reader = BodyReader(
        styles=StyleSheet(styles_element),
        numbering=Numbering(_part_element(document, RELATIONSHIP_TYPE.NUMBERING), styles_element),
        footnotes=footnote_bodies(_part_element(document, RELATIONSHIP_TYPE.FOOTNOTES)),
        page_mode=mode,
    )
    reader.read_flow(body)
    reader.finish()
    blocks, source = render(normalise_heading_levels(reader.blocks), name=name)
    return ReadDocument(
        name=name,
        format="docx",
        blocks=blocks,
        source=source,
        page_count=reader.page if mode else None,
        metadata=_metadata(document, styles_element),
        outline=tuple(
            OutlineEntry(block.level, block.text, block.page)
            for block in blocks
            if block.kind == HEADING and block.frame is None
        ),
        warnings=tuple(reader.warnings),
    )


def normalise_heading_levels(blocks: list[Block]) -> list[Block]:
    """Shift heading levels so the largest heading type in use is level 1."""
    levels = [block.level for block in blocks if block.kind == HEADING]
    shift = 1 - min(levels) if levels else 0
    if shift == 0:
        return blocks
    return [
        replace(block, level=block.level + shift) if block.kind == HEADING else block
        for block in blocks
    ]


def _part_element(document, relationship_type: str):
    """The XML of the document part's related part of that type; None where it has none."""
    for relationship in document.part.rels.values():
        if relationship.is_external or relationship.reltype != relationship_type:
            continue
        part = relationship.target_part
        element = getattr(part, "element", None)
        return element if element is not None else parse_xml(part.blob)
    return None


def _metadata(document, styles_element) -> Metadata:
    properties = document.core_properties
    created = properties.created
    return Metadata(
        title=(properties.title or "").strip(),
        author=(properties.author or "").strip(),
        subject=(properties.subject or "").strip(),
        created=created.date() if created is not None else None,
        language=(properties.language or "").strip() or _default_language(styles_element),
    )


def _default_language(styles_element) -> str:
    if styles_element is None:
        return ""
    language = styles_element.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}")
    return "" if language is None else language.get(w("val"), "")


def _one_line(error: object) -> str:
    return " ".join(str(error).split()) or type(error).__name__
