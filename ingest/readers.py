"""A file -> :class:`~ingest.blocks.ReadDocument`, by what the file is.

The format is told by the file's first bytes, with its name as the tie-breaker: a PDF
named ``.txt`` is read as a PDF, and a ``.pdf`` or ``.docx`` that is something else is
refused by its reader with a one-line reason saying what it looks like. pdfplumber and
python-docx are imported only when such a file comes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from ingest.blocks import ReadDocument
from ingest.plain_text import read_text_document
from ingest.sources import RawFile, decode_text

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
SUFFIXES = (".txt", ".md", ".pdf", ".docx")


def file_format(raw: RawFile) -> str:
    """ "pdf", "docx" or "text"."""
    suffix = PurePath(raw.name).suffix.lower()
    head = raw.data[:1024].lstrip()
    if head.startswith(PDF_MAGIC) or suffix == ".pdf":
        return "pdf"
    if suffix == ".docx" or (raw.data.startswith(ZIP_MAGIC) and b"word/" in raw.data[:65536]):
        return "docx"
    return "text"


def read_document(
    raw: RawFile, *, on_page: Callable[[int, int], None] | None = None
) -> ReadDocument:
    """The file's blocks and stored text; UnreadableSource with a reason when it has none.

    ``on_page(done, total)`` follows a PDF's pages as they are read.
    """
    match file_format(raw):
        case "pdf":
            from ingest.pdf import read_pdf

            return read_pdf(raw.data, name=raw.name, on_page=on_page)
        case "docx":
            from ingest.docx import read_docx

            return read_docx(raw.data, name=raw.name)
        case _:
            return read_text_document(decode_text(raw.data, name=raw.name))
