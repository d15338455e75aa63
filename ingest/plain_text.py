"""A text file -> blocks: the text reader.

A text file is its own stored text: its blocks point at the file's lines, so a row's
line range is the line range in the file the user gave. What a block is, is read from
the conventions people write text files in:

* ``# Title`` / ``## Sub-title`` (Markdown) is a heading of that level; so is a short
  numbered line standing alone (``3.2 Mål for 2025``: level = the number's depth), and
  a short line standing alone between blank lines, ending without a full stop, that the
  next paragraph follows (level 1, or one below the deepest numbered level seen).
* ``- item``, ``* item``, ``• item``, ``– item`` and ``1. item``/``a) item`` are list
  items; two spaces (or a TAB) of indentation per nesting level.
* A line holding a TAB (after its first character) is a table row, and so is a Markdown
  pipe-table row (``| a | b |``; its ``|---|`` rule is dropped); consecutive rows are
  one table.
* Other lines are paragraphs. In a hard-wrapped file (no line longer than a printed
  line) consecutive lines join into one paragraph, hyphens decided as
  ``ingest.text.join_wrapped`` does; otherwise each line is a paragraph (exports that
  write a paragraph per line).

Pages: a form feed (``\\f``) starts a new page, as ``pdftotext`` writes them; without
one the file has no pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, ReadDocument
from ingest.parsed import SourceText
from ingest.text import join_wrapped

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*\s*$")
_NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+([A-ZÆØÅ«\"].*)$")
_ITEM = re.compile(r"^(\s*)([-*•–▪◦]|\d{1,3}[.)]|[a-zæøå][.)])\s+(\S.*)$")
_SENTENCE_END = (".", ",", ";", ":", "!")
# A standing-alone heading is at most this long; a longer line is a paragraph.
MAX_HEADING_CHARS = 120
# Hard-wrapped text: no line is longer than a printed line (an export that writes a
# paragraph per line has longer ones: real paragraphs are), and some lines run on.
WRAPPED_MAX_CHARS = 110


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based line of the file
    text: str  # without trailing white space
    page: int | None


def read_text_document(source: SourceText) -> ReadDocument:
    """The blocks of a decoded text file; its stored text is the file itself."""
    lines = _lines(source)
    blocks = tuple(_blocks(lines, wrapped=is_wrapped(source.lines)))
    pages = tuple(line.page or 1 for line in lines) if _has_pages(lines) else None
    page_count = max(pages) if pages else None
    stored = SourceText(name=source.name, lines=source.lines, pages=pages)
    return ReadDocument(
        name=source.name, format="text", blocks=blocks, source=stored, page_count=page_count
    )


def is_wrapped(lines: Sequence[str]) -> bool:
    """Hard-wrapped text (join its lines into paragraphs) rather than a line per paragraph."""
    filled = [line for line in lines if line.strip()]
    if not filled or max(len(line) for line in filled) > WRAPPED_MAX_CHARS:
        return False
    return any(
        this.strip() and following.strip()
        for this, following in zip(lines, lines[1:], strict=False)
    )


def _lines(source: SourceText) -> list[_Line]:
    page = 1
    has_form_feed = any("\f" in line for line in source.lines)
    result = []
    for number, raw in enumerate(source.lines, start=1):
        page += raw.count("\f")
        text = raw.replace("\f", "").rstrip()
        result.append(_Line(number, text, page if has_form_feed else None))
    return result


_PIPE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]+$")


def _table_row(text: str) -> tuple[str, ...] | None:
    """The cells of a table row: a line of TAB-separated cells, or a Markdown pipe-table
    row (``| a | b |``; its ``|---|---|`` rule gives no cells); else None."""
    if match := _PIPE_ROW.match(text):
        if _PIPE_RULE.match(text):
            return ()
        return tuple(cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(1)))
    if "\t" in text.strip():
        return tuple(cell.strip() for cell in text.strip().split("\t"))
    return None


def _has_pages(lines: Sequence[_Line]) -> bool:
    return any(line.page is not None for line in lines)


def _blocks(lines: Sequence[_Line], *, wrapped: bool) -> Iterator[Block]:
    numbered_depth = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text.strip():
            index += 1
            continue
        table_row = _table_row(line.text)
        if table_row is not None:
            end = index
            while end + 1 < len(lines) and _table_row(lines[end + 1].text) is not None:
                end += 1
            rows = tuple(
                row
                for row in (_table_row(row.text) for row in lines[index : end + 1])
                if row  # a Markdown table's |---|---| rule holds no cells
            )
            yield _block(
                TABLE,
                lines[index],
                lines[end],
                text="\n".join("\t".join(r) for r in rows),
                rows=rows,
            )
            index = end + 1
            continue
        heading = _heading(lines, index, numbered_depth)
        if heading is not None:
            level, text, numbered = heading
            if numbered:
                numbered_depth = max(numbered_depth, level)
            yield _block(HEADING, line, line, text=text, level=level)
            index += 1
            continue
        item = _ITEM.match(line.text)
        end = _paragraph_end(lines, index) if wrapped else index
        text = _join(lines[index : end + 1])
        if item:
            indent = len(item.group(1).expandtabs(2))
            body = _join(
                [_Line(line.number, item.group(3), line.page), *lines[index + 1 : end + 1]]
            )
            yield _block(
                LIST_ITEM, line, lines[end], text=body, level=indent // 2 + 1, label=item.group(2)
            )
        else:
            yield _block(PARAGRAPH, line, lines[end], text=text)
        index = end + 1


def _heading(
    lines: Sequence[_Line], index: int, numbered_depth: int
) -> tuple[int, str, bool] | None:
    """(level, text, numbered) when line ``index`` is a heading."""
    text = lines[index].text.strip()
    markdown = _MARKDOWN_HEADING.match(text)
    if markdown:
        return len(markdown.group(1)), markdown.group(2), False
    if (
        len(text) > MAX_HEADING_CHARS
        or text.endswith(_SENTENCE_END)
        or not _stands_alone(lines, index)
    ):
        return None
    numbered = _NUMBERED_HEADING.match(text)
    if numbered:
        return numbered.group(1).count(".") + 1, text, True
    if text[:1].isupper() and not _is_name(text) and _followed_by_text(lines, index):
        return numbered_depth + 1, text, False
    return None


def _is_name(text: str) -> bool:
    """A person's name under a signature ("Jo Kittelsen"): a few words, each capitalised.
    Headings are written in sentence case."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(word[:1].isupper() for word in words)


def _stands_alone(lines: Sequence[_Line], index: int) -> bool:
    before = index == 0 or not lines[index - 1].text.strip()
    after = index + 1 >= len(lines) or not lines[index + 1].text.strip()
    return before and after


def _followed_by_text(lines: Sequence[_Line], index: int) -> bool:
    """The next non-blank line is running text (longer than the heading, or a sentence)."""
    for line in lines[index + 1 :]:
        text = line.text.strip()
        if text:
            return len(text) > len(lines[index].text.strip()) or text.endswith(".")
    return False


def _paragraph_end(lines: Sequence[_Line], index: int) -> int:
    end = index
    while (
        end + 1 < len(lines)
        and lines[end + 1].text.strip()
        and "\t" not in lines[end + 1].text.strip()
        and not _ITEM.match(lines[end + 1].text)
        and not _MARKDOWN_HEADING.match(lines[end + 1].text.strip())
    ):
        end += 1
    return end


def _join(lines: Sequence[_Line]) -> str:
    return join_wrapped(line.text for line in lines)


def _block(kind: str, first: _Line, last: _Line, **fields) -> Block:
    return Block(
        kind,
        page=first.page,
        page_end=last.page,
        start_line=first.number,
        end_line=last.number,
        **fields,
    )
