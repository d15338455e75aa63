"""CSV and JSON exports: the same rows as a list page, streamed, with INTERFACE.md's columns.

A row generator reads ``queryset.iterator(chunk_size=2000)``, so an export holds one chunk
in memory however many rows match. Text cells that a spreadsheet would run as a formula
get a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 2000
# Rows written to the response at a time: each piece a response yields costs a fixed
# overhead (encoding, a write), a row alone is a few hundred bytes.
ROWS_PER_PIECE = 200


def neutralise(cell: Any) -> Any:
    """Quote text a spreadsheet would run as a formula; leave numbers alone."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def plain(value: Any, *, decimal_comma: bool = False) -> Any:
    """ISO dates, exact decimals, empty for None: what a CSV cell holds.

    With ``decimal_comma`` a decimal is written ``-4,9``: a Norwegian spreadsheet reads
    ``25.6`` as the 25th of June, and ``25,6`` as the number.
    """
    if decimal_comma and isinstance(value, Decimal | float):
        return str(plain(value)).replace(".", ",")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def csv_cell(value: Any, *, decimal_comma: bool = False) -> Any:
    """``plain(neutralise(value))``: what a CSV cell holds, text and whole numbers (most
    cells) taken first."""
    kind = type(value)
    if kind is str:
        return "'" + value if value.startswith(FORMULA_START) else value
    if kind is int:
        return value
    return plain(neutralise(value), decimal_comma=decimal_comma)


def json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


@dataclass(frozen=True, slots=True)
class Export:
    """One list's export: its name and columns, each read from a row by a function."""

    name: str  # "measures": used in the file name
    columns: Sequence[tuple[str, Callable[[Any], Any]]]

    @property
    def header(self) -> list[str]:
        return [name for name, _ in self.columns]

    def values(self, row: Any) -> list[Any]:
        return [read(row) for _, read in self.columns]


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer yields strings."""

    def write(self, value: str) -> str:
        return value


def iterate(rows: Iterable[Any]) -> Iterator[Any]:
    """Rows of a QuerySet in chunks (constant memory); other iterables as they are."""
    iterator = getattr(rows, "iterator", None)
    return iterator(chunk_size=CHUNK_SIZE) if iterator else iter(rows)


def pieces(lines: Iterable[str]) -> Iterator[str]:
    """``lines`` joined ``ROWS_PER_PIECE`` at a time: a streamed body still holds only one
    piece, and the response machinery runs per piece instead of per row."""
    batch = []
    for line in lines:
        batch.append(line)
        if len(batch) >= ROWS_PER_PIECE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_lines(export: Export, rows: Iterable[Any], *, semicolon: bool = False) -> Iterator[str]:
    """The CSV text: comma separated, or semicolons and decimal commas for Norwegian Excel."""
    writer = csv.writer(_Echo(), delimiter=";" if semicolon else ",")
    yield "\ufeff" + writer.writerow(export.header)
    for row in iterate(rows):
        values = export.values(row)
        yield writer.writerow([csv_cell(v, decimal_comma=semicolon) for v in values])


def json_chunks(export: Export, rows: Iterable[Any]) -> Iterator[str]:
    """A JSON array of objects, written element by element."""
    header = export.header
    first = True
    yield "["
    for row in iterate(rows):
        item = dict(zip(header, (json_value(v) for v in export.values(row)), strict=True))
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield "\n]\n"


def export_filename(export: Export, filters: dict[str, str], extension: str) -> str:
    """What was exported and when: helsedocs-measures-kind-oppdrag-2026-11-23-1405.csv."""
    described = "-".join(
        slugify(f"{key}-{value}")
        for key, value in sorted(filters.items())
        if value and key not in {"format", "page", "sep"}
    )[:80].strip("-")
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    parts = ["helsedocs", export.name, described, stamp]
    return "-".join(part for part in parts if part) + f".{extension}"


def csv_response(export: Export, rows: Iterable[Any], *, filename: str, semicolon: bool = False):
    response = StreamingHttpResponse(
        pieces(csv_lines(export, rows, semicolon=semicolon)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(export: Export, rows: Iterable[Any], *, filename: str):
    response = StreamingHttpResponse(
        pieces(json_chunks(export, rows)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- The lists' columns (INTERFACE.md "CSV columns") ------------------------------------

Absolute = Callable[[str], str]  # makes a row's path an absolute URL


def absolute_urls(request) -> Absolute:
    """A row's absolute URL: the site's root, worked out once per export, and the row's
    path (``build_absolute_uri`` parses the request's URL again for every row)."""
    root = request.build_absolute_uri("/").removesuffix("/")
    return lambda path: root + path if path.startswith("/") else request.build_absolute_uri(path)


def _source_columns() -> list[tuple[str, Callable[[Any], Any]]]:
    return [
        ("start_line", lambda r: r.start_line),
        ("end_line", lambda r: r.end_line),
        ("page_start", lambda r: r.page_start),
        ("page_end", lambda r: r.page_end),
    ]


def document_export(absolute: Absolute) -> Export:
    return Export(
        "documents",
        [
            ("id", lambda d: d.pk),
            ("slug", lambda d: d.slug),
            ("kind", lambda d: d.kind),
            ("title", lambda d: d.title),
            ("reference", lambda d: d.reference),
            ("publisher", lambda d: d.publisher),
            ("published", lambda d: d.published),
            ("year", lambda d: d.year),
            ("language", lambda d: d.language),
            ("sections", lambda d: d.section_count),
            ("measures", lambda d: d.measure_count),
            ("decisions", lambda d: d.decision_count),
            ("budget_lines", lambda d: d.budget_line_count),
            ("source_file", lambda d: d.source_file),
            ("source_sha256", lambda d: d.source_sha256),
            ("url", lambda d: absolute(d.get_absolute_url())),
        ],
    )


def section_export(absolute: Absolute) -> Export:
    return Export(
        "sections",
        [
            ("id", lambda s: s.pk),
            ("document", lambda s: s.document.slug),
            ("number", lambda s: s.number),
            ("title", lambda s: s.title),
            ("level", lambda s: s.level),
            ("parent_id", lambda s: s.parent_id),
            ("position", lambda s: s.position),
            ("kap", lambda s: s.kap),
            ("post", lambda s: s.post),
            *_source_columns(),
            ("url", lambda s: absolute(s.get_absolute_url())),
            ("text", lambda s: s.text),
        ],
    )


def measure_export(absolute: Absolute) -> Export:
    return Export(
        "measures",
        [
            ("id", lambda m: m.pk),
            ("document", lambda m: m.document.slug),
            ("section_id", lambda m: m.section_id),
            ("section_title", lambda m: m.section.title if m.section_id else ""),
            ("parent_id", lambda m: m.parent_id),
            ("kind", lambda m: m.kind),
            ("number", lambda m: m.number),
            ("title", lambda m: m.title),
            ("text", lambda m: m.text),
            ("status", lambda m: m.status),
            ("amount_nok", lambda m: m.amount_nok),
            ("kap", lambda m: m.kap),
            ("post", lambda m: m.post),
            ("year", lambda m: m.year),
            *_source_columns(),
            ("url", lambda m: absolute(m.get_absolute_url())),
        ],
    )


def decision_export(absolute: Absolute) -> Export:
    return Export(
        "decisions",
        [
            ("id", lambda d: d.pk),
            ("document", lambda d: d.document.slug),
            ("kind", lambda d: d.kind),
            ("session", lambda d: d.session),
            ("number", lambda d: d.number),
            ("date", lambda d: d.date),
            ("title", lambda d: d.title),
            ("text", lambda d: d.text),
            ("follow_up", lambda d: d.follow_up),
            ("status", lambda d: d.status),
            ("reporting_closed", lambda d: d.reporting_closed),
            ("kap", lambda d: d.kap),
            ("post", lambda d: d.post),
            ("amount_nok", lambda d: d.amount_nok),
            *_source_columns(),
            ("url", lambda d: absolute(d.get_absolute_url())),
        ],
    )


def budget_export(absolute: Absolute) -> Export:
    return Export(
        "budget",
        [
            ("id", lambda b: b.pk),
            ("document", lambda b: b.document.slug),
            ("kap", lambda b: b.kap),
            ("kap_title", lambda b: b.kap_title),
            ("post", lambda b: b.post),
            ("post_title", lambda b: b.post_title),
            ("regnskap_nok", lambda b: b.regnskap_nok),
            ("saldert_nok", lambda b: b.saldert_nok),
            ("forslag_nok", lambda b: b.forslag_nok),
            ("endring_pct", lambda b: b.endring_pct),
            ("vedtak_nok", lambda b: b.vedtak_nok),
            ("tildeling_nok", lambda b: b.tildeling_nok),
            ("avvik_nok", lambda b: b.avvik_nok),
            *_source_columns(),
            ("url", lambda b: absolute(b.get_absolute_url())),
        ],
    )


def search_export(absolute: Absolute) -> Export:
    return Export(
        "search",
        [
            ("rank", lambda h: h.rank),
            ("type", lambda h: h.type),
            ("id", lambda h: h.id),
            ("document", lambda h: h.document),
            ("title", lambda h: h.title),
            ("section_title", lambda h: h.section_title),
            ("snippet", lambda h: h.snippet_text),
            ("score", lambda h: round(h.score, 4)),
            ("url", lambda h: absolute(h.url)),
        ],
    )
