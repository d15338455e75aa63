"""What a PDF says about itself: its info dictionary and its bookmarks (outline).

Both are hints: the info dictionary is often empty or the template's, and a bookmark's
page is known only when its destination names a page object of the document.
"""

from __future__ import annotations

import re
from datetime import date

import pdfplumber
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from ingest.blocks import Metadata, OutlineEntry

_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
MAX_OUTLINE_ENTRIES = 5000  # a bookmark tree larger than this is broken or hostile


def metadata(pdf: pdfplumber.PDF) -> Metadata:
    info = pdf.metadata or {}
    try:
        language = text_of(resolve1(pdf.doc.catalog.get("Lang")))
    except Exception:  # a broken catalog has no language to give
        language = ""
    return Metadata(
        title=text_of(info.get("Title")),
        author=text_of(info.get("Author")),
        subject=text_of(info.get("Subject")),
        created=pdf_date(text_of(info.get("CreationDate"))),
        language=language,
    )


def text_of(value: object) -> str:
    if isinstance(value, bytes):
        value = decode_text(value)
    elif isinstance(value, PSLiteral):
        value = value.name
    return " ".join(str(value).split()) if value else ""


def pdf_date(text: str) -> date | None:
    """A PDF date ("D:20251006120000+02'00'"), or None."""
    match = _PDF_DATE.match(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2) or 1), int(match.group(3) or 1))
    except ValueError:
        return None


def outline(pdf: pdfplumber.PDF) -> tuple[OutlineEntry, ...]:
    """The bookmarks in order, with their level and page where the destination names
    one; () for a file without (or with an unreadable) outline."""
    pages = {page.pageid: number for number, page in enumerate(page_objects(pdf), start=1)}
    entries = []
    try:
        for level, title, dest, action, _ in pdf.doc.get_outlines():
            if len(entries) >= MAX_OUTLINE_ENTRIES:
                break
            page = page_of(pdf.doc, dest, action, pages)
            entries.append(OutlineEntry(level, text_of(title), page))
    except Exception:  # PDFNoOutlines, or a broken tree: the outline is only a hint
        return ()
    return tuple(entry for entry in entries if entry.title)


def page_objects(pdf: pdfplumber.PDF) -> list[PDFPage]:
    try:
        return list(PDFPage.create_pages(pdf.doc))
    except Exception:
        return []


def page_of(doc, dest: object, action: object, pages: dict[int, int]) -> int | None:
    """The page a bookmark leads to: its destination (direct, named, or a GoTo action's)."""
    action = resolve1(action)
    if dest is None and isinstance(action, dict):
        dest = action.get("D")
    dest = resolve1(dest)
    if isinstance(dest, bytes | str | PSLiteral):
        try:
            dest = resolve1(doc.get_dest(text_of(dest) if isinstance(dest, PSLiteral) else dest))
        except Exception:  # a name the document does not define
            return None
    if isinstance(dest, dict):
        dest = resolve1(dest.get("D"))
    if isinstance(dest, list) and dest:
        target = dest[0]
        objid = getattr(target, "objid", None)
        return pages.get(objid)
    return None
