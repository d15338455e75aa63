"""Read the TAB tables of Prop. 1 S into rows of cells with their source lines.

Input: a :class:`~ingest.parsed.SourceText` (optionally a line window). Output: a tuple of
:class:`Table`, each a tuple of :class:`Row`, each a tuple of raw cell strings.

The format (SEEDS.md 003 "Tables"):

* a table starts at a line beginning with ``"\\t"`` or ``" \\t"``, or at a layout code line
  such as ``04J1xt2`` (kept as :attr:`Table.code`, not as a cell);
* it ends at the first *double* blank line; one blank line ends a row;
* each line holding a TAB starts a cell; a line without TAB continues the open cell
  (``"\\tRegnskap"`` + ``"2023"``);
* a bare ``"\\t"`` is an empty cell: no amount, never 0.

Choices:

* Cells keep their raw text (NBSPs, trailing spaces) minus the leading TAB; continuation
  lines are joined with ``"\\n"``. :meth:`Row.cell` gives the normalised text, and ``""``
  for a cell the row lacks, so callers never index past a short row.
* A non-TAB line that opens a row (debris such as ``" 2023"`` left by a lost header) starts
  a cell of its own, so no text is lost and the row's line range stays truthful.
* A line whose TAB follows other text (``"1\\tBegrepet …"``, a footnote) is a whole-line
  cell inside a table; outside one it does not start a table.
* Blank means empty or white space without TAB. A table still open at the end of the
  window ends at its last non-blank line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.parsed import SourceText
from ingest.text import normalise_space

# Layout codes of the typesetting system, printed where a table begins: "04J1xt2", "02N1xx2".
CODE_LINE = re.compile(r"^\d\d[A-Z]\d[a-z]{2}\d$")


@dataclass(frozen=True, slots=True)
class Row:
    """One table row: its raw cells and the source lines they came from."""

    start_line: int
    end_line: int
    cells: tuple[str, ...]

    def cell(self, index: int) -> str:
        """The normalised text of cell ``index``; "" when the row has no such cell."""
        if -len(self.cells) <= index < len(self.cells):
            return normalise_space(self.cells[index])
        return ""

    @property
    def texts(self) -> tuple[str, ...]:
        """All cells, normalised."""
        return tuple(normalise_space(cell) for cell in self.cells)


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its line range (code line included), the code if any, and its rows."""

    start_line: int
    end_line: int
    rows: tuple[Row, ...]
    code: str = ""

    def row_at(self, line: int) -> Row | None:
        """The row whose line range holds ``line``."""
        for row in self.rows:
            if row.start_line <= line <= row.end_line:
                return row
        return None


def is_blank(line: str) -> bool:
    """A row separator: nothing but spaces/NBSPs, and no TAB (``"\\t"`` is an empty cell)."""
    return "\t" not in line and not line.strip(" \xa0\u202f")


def is_table_start(line: str) -> bool:
    """A line that opens a table: a leading TAB (after at most one space) or a code line."""
    return line.startswith(("\t", " \t")) or bool(CODE_LINE.match(line))


def _cell_text(line: str) -> str:
    """The cell a TAB line starts: the text after a leading TAB, else the whole line."""
    tab = line.find("\t")
    if tab >= 0 and not line[:tab].strip():
        return line[tab + 1 :]
    return line


class _RowBuilder:
    """Collects the cells of one row while the table is read."""

    def __init__(self) -> None:
        self.cells: list[str] = []
        self.start_line = 0
        self.end_line = 0

    def add(self, number: int, line: str) -> None:
        if not self.cells:
            self.start_line = number
            self.cells.append(_cell_text(line))
        elif "\t" in line:
            self.cells.append(_cell_text(line))
        else:
            self.cells[-1] = f"{self.cells[-1]}\n{line}"
        self.end_line = number

    def build(self) -> Row | None:
        if not self.cells:
            return None
        return Row(self.start_line, self.end_line, tuple(self.cells))


def _read_one(lines: Sequence[str], first: int, last: int) -> tuple[Table, int]:
    """Read the table starting at line ``first``; return it and the line after it."""
    code = ""
    number = first
    if CODE_LINE.match(lines[first - 1]):
        code = lines[first - 1]
        number += 1
    rows: list[Row] = []
    builder = _RowBuilder()
    end_line = first
    blank_run = 0
    while number <= last:
        line = lines[number - 1]
        if is_blank(line):
            blank_run += 1
            row = builder.build()
            if row is not None:
                rows.append(row)
            builder = _RowBuilder()
            if blank_run >= 2:
                break
        else:
            blank_run = 0
            builder.add(number, line)
            end_line = number
        number += 1
    row = builder.build()
    if row is not None:
        rows.append(row)
    return Table(first, end_line, tuple(rows), code), number + 1


def read_tables(
    source: SourceText, start_line: int = 1, end_line: int | None = None
) -> tuple[Table, ...]:
    """Every table that starts inside lines ``start_line``..``end_line`` (inclusive).

    The window is a hard limit: a table still open at ``end_line`` ends there, so a
    caller can read the tables of one Section alone.
    """
    lines = source.lines
    last = len(lines) if end_line is None else min(end_line, len(lines))
    number = max(start_line, 1)
    tables: list[Table] = []
    while number <= last:
        if is_table_start(lines[number - 1]):
            table, number = _read_one(lines, number, last)
            tables.append(table)
        else:
            number += 1
    return tuple(tables)


def table_containing(tables: Sequence[Table], line: int) -> Table | None:
    """The table whose line range holds ``line`` (tables in document order)."""
    index = bisect_right([table.start_line for table in tables], line) - 1
    if index >= 0 and line <= tables[index].end_line:
        return tables[index]
    return None


def table_after(tables: Sequence[Table], line: int) -> Table | None:
    """The first table starting at or after ``line``."""
    index = bisect_right([table.start_line for table in tables], line - 1)
    return tables[index] if index < len(tables) else None


def table_lines(tables: Sequence[Table]) -> frozenset[int]:
    """Every source line inside some table's range: such lines are never prose or headings."""
    covered: set[int] = set()
    for table in tables:
        covered.update(range(table.start_line, table.end_line + 1))
    return frozenset(covered)
