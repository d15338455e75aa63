"""A PDF -> a :class:`~ingest.blocks.ReadDocument`: neutral blocks in reading order.

Input: the bytes of a PDF, whoever published it. Output: its blocks (headings with
levels, paragraphs, list items with nesting, tables, figures, frames, footnotes), each
with its pages and its lines in the stored text that :func:`ingest.blocks.render`
writes; the info dictionary, the bookmarks, the running lines taken out, and warnings
naming the pages that lost text. The reader knows no document family: the line-based
family parsers read its blocks through ``ingest.profiles``.

The package, by concern (the only place that imports pdfplumber and pdfminer):

* ``checks``: is it a PDF, can it be opened, its pages; one-line reasons, warnings.
* ``pages``: each page's glyphs and drawings (pdfminer's layout objects), over a
  process pool for long documents; ``tables`` reads rulings, ruled tables and boxes.
* ``content``: pdfminer's content-stream interpreter and text device, faster, with the
  same result (pdfminer's own parser reads what it does not handle).
* ``lines`` and ``columns``: glyphs -> printed lines (fake bold de-duplicated), put in
  reading order column by column within horizontal bands.
* ``layout``: document-wide facts: body type, heading sizes, running headers, footers
  and page numbers (top, bottom and side margins), footnote areas, the words printed.
* ``blocks``: lines -> neutral blocks, hyphenation joined across lines, columns and
  pages.
* ``catalog``: the info dictionary and the outline.
"""

from __future__ import annotations

from collections.abc import Callable

from ingest.blocks import ReadDocument, render
from ingest.pdf import catalog
from ingest.pdf.blocks import build_blocks, outline_key
from ingest.pdf.checks import MAX_PAGES, check_bytes, count_pages, open_pdf, page_warnings
from ingest.pdf.layout import analyse
from ingest.pdf.pages import extract_pages

__all__ = ["MAX_PAGES", "read_pdf"]


def read_pdf(
    data: bytes,
    *,
    name: str,
    workers: int | None = None,
    max_pages: int = MAX_PAGES,
    fast: bool = True,
    on_page: Callable[[int, int], None] | None = None,
) -> ReadDocument:
    """Read a PDF into neutral blocks and their stored text.

    ``workers`` sets the number of processes (1 reads serially; default: one per core
    for long documents); ``fast`` chooses the extraction path (see
    ``ingest.pdf.pages``); ``on_page(done, total)`` follows the pages read. Raises :class:`~ingest.sources.UnreadableSource` with a
    one-line reason for a file that cannot be read.
    """
    check_bytes(data)
    page_count = count_pages(data, max_pages=max_pages)
    with open_pdf(data, pages=[]) as pdf:
        metadata, outline = catalog.metadata(pdf), catalog.outline(pdf)
    pages = extract_pages(data, page_count, workers=workers, fast=fast, on_page=on_page)
    warnings = page_warnings(pages)
    layout = analyse(pages)
    levels = {outline_key(entry.title): entry.level for entry in outline}
    blocks, source = render(build_blocks(pages, layout, levels), name=name)
    return ReadDocument(
        name=name,
        format="pdf",
        blocks=blocks,
        source=source,
        page_count=page_count,
        metadata=metadata,
        outline=outline,
        running=layout.running_texts,
        warnings=tuple(warnings),
    )
