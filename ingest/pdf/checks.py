"""File checks: is it a PDF, can it be opened, how many pages, what did reading lose.

Choices:

* A file that is no PDF, truncated, password-protected, has no pages, too many, or no
  text on any page raises :class:`UnreadableSource` with a one-line reason, before
  pdfminer guesses around the damage.
* A page without text but with images is a scan (OCR is not supported); a page whose
  content cannot be read (pdfminer only logs that and returns an empty page) is
  damaged. Both are warnings naming the pages; the rest of the document is read. A
  page that draws nothing, or whose content stream is empty, is blank: no warning.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFStream, resolve1
from pdfplumber.utils.exceptions import PdfminerException

from ingest.pdf.model import PageContent
from ingest.sources import UnreadableSource

# More pages than any health-policy document has (Prop. 1 S runs to about 250): a larger
# count is a page-tree bomb or the wrong file, and reading it would take many minutes.
MAX_PAGES = 3000
# The bytes searched for the closing %%EOF (writers may append a little after it).
EOF_WINDOW = 8192
# A compressed empty stream takes 8 bytes; no drawing fits in this many.
EMPTY_STREAM_BYTES = 16

_SIGNATURES = (
    (b"PK\x03\x04", "a ZIP archive (a Word or Excel file?)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
    (b"<!DOCTYPE html", "an HTML page"),
    (b"<html", "an HTML page"),
    (b"<?xml", "an XML file"),
)


def describe_start(data: bytes) -> str:
    """What a file that is not a PDF looks like, for the error message."""
    head = data.lstrip()[:64]
    for magic, what in _SIGNATURES:
        if head.lower().startswith(magic.lower()):
            return what
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return f"unknown binary data (it starts with {head[:8].hex(' ')})"
    first_line = text.strip().split("\n", 1)[0]
    return f"text starting {first_line[:24].strip()!r}"


def check_bytes(data: bytes) -> None:
    """Refuse what is no PDF or was cut short, before pdfminer guesses around it."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if b"%PDF-" not in data[:1024]:
        raise UnreadableSource(f"not a PDF: the file is {describe_start(data)}")
    if b"%%EOF" not in data[-EOF_WINDOW:]:
        raise UnreadableSource(
            f"the PDF is truncated: its {len(data):,} bytes end without the %%EOF marker "
            "(cut short in a download or copy?)"
        )


def open_pdf(data: bytes, *, pages: Sequence[int] | None = None) -> pdfplumber.PDF:
    """pdfplumber's PDF, or UnreadableSource saying why it cannot be opened."""
    try:
        return pdfplumber.open(io.BytesIO(data), pages=pages)
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        raise UnreadableSource(open_failure(cause)) from error
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise UnreadableSource(open_failure(error)) from error


def open_failure(cause: object) -> str:
    if isinstance(cause, PDFPasswordIncorrect):
        return "the PDF is encrypted with a password; ingest an unprotected copy"
    if isinstance(cause, PDFEncryptionError):
        return f"the PDF is encrypted in a way that cannot be read ({one_line(cause)})"
    return f"the PDF cannot be opened: {one_line(cause)}"


def one_line(error: object) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def declared_page_count(pdf: pdfplumber.PDF) -> int | None:
    """The page tree's /Count: known without building a page object per page."""
    try:
        pages = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:  # a broken catalog is reported when the pages are built
        return None
    return count if isinstance(count, int) else None


def count_pages(data: bytes, *, max_pages: int) -> int:
    """The number of pages; UnreadableSource for none, or more than ``max_pages``."""
    with open_pdf(data, pages=[]) as pdf:
        declared = declared_page_count(pdf)
        if declared is not None and declared > max_pages:
            raise UnreadableSource(too_many_pages(declared, max_pages))
        try:
            count = sum(1 for _ in iter_page_objects(pdf, limit=max_pages + 1))
        except Exception as error:  # pdfminer raises its own types for broken page trees
            raise UnreadableSource(
                f"the PDF's page tree cannot be read: {one_line(error)}"
            ) from error
    if count > max_pages:
        raise UnreadableSource(too_many_pages(count, max_pages))
    if count == 0:
        raise UnreadableSource("the PDF has no pages")
    return count


def iter_page_objects(pdf: pdfplumber.PDF, *, limit: int) -> Iterator[object]:
    for index, page in enumerate(PDFPage.create_pages(pdf.doc)):
        if index >= limit:
            return
        yield page


def too_many_pages(count: int, limit: int) -> str:
    return (
        f"the PDF has {count:,} pages, more than the limit of {limit:,}; "
        "split it or raise the limit"
    )


def page_warnings(pages: Sequence[PageContent]) -> list[str]:
    """Warnings for pages without text; UnreadableSource when no page has any."""
    damaged = [page for page in pages if page.problems]
    scanned = [page for page in pages if not page.has_text and page.image_area > 0]
    warnings = [
        f"page {page.number} could not be read ({page.problems[0]}); its text is missing"
        for page in damaged
    ]
    scanned_only = [page for page in scanned if not page.problems]
    if not any(page.has_text for page in pages):
        if damaged and not scanned_only:
            raise UnreadableSource(f"no page of the PDF could be read ({damaged[0].problems[0]})")
        if not scanned_only:
            raise UnreadableSource("the PDF has no text on any page")
        raise UnreadableSource("the PDF has no text layer (scanned images?); OCR is not supported")
    if scanned_only:
        numbers = page_list([page.number for page in scanned_only])
        its = "its" if len(scanned_only) == 1 else "their"
        warnings.append(
            f"no text layer on {numbers} (scanned images?); OCR is not supported, "
            f"so {its} text is missing"
        )
    return warnings


def page_list(numbers: Sequence[int]) -> str:
    """ "page 3", "pages 2, 5 and 7"."""
    if len(numbers) == 1:
        return f"page {numbers[0]}"
    return f"pages {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"


def lost_content(page: pdfplumber.page.Page) -> str:
    """Why an empty page is empty although it has content, else "" (a blank page).

    A content stream that decodes to nothing is damaged, unless it is too short to hold
    anything (``EMPTY_STREAM_BYTES``: an empty stream, compressed, as a blank page of a
    Meld. St. has it); pdfminer returns nothing for a stream it cannot inflate.
    """
    try:
        entries = page.page_obj.contents
    except Exception as error:
        return f"its content cannot be found: {one_line(error)}"
    raw_length = decoded_length = 0
    for entry in entries:
        value = resolve1(entry)
        if value is None:
            return "its content stream is missing"
        if not isinstance(value, PDFStream):
            return "its content is not a stream"
        raw_length += int(resolve1(value.attrs.get("Length", 0)) or 0)
        decoded_length += len(value.get_data() or b"")
    if raw_length > EMPTY_STREAM_BYTES and not decoded_length:
        return "its content stream is damaged"
    return ""
