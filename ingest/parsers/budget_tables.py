"""Budget lines from kap/post tables, wherever a document prints them.

A budget table is a table block whose header row names the chapter (``Kap.``,
``Kapittel``, ``Utgiftskapittel``, ``Inntektskapittel``), the ``Post`` and at least one
amount column a family knows by its header words (a proposition's Regnskap, Saldert
budsjett, Forslag, Vedtak and Endring i pst.; an annual report's Samlet tildeling,
Regnskap and Merutgift/mindreutgift). The chapter's title is a ``Kapittelnavn`` column,
or a row with a kap and no post; each row with a post is a budget line of the last kap
(a row may give both). Amounts are in the unit the caption above or the header declares
("(i 1 000 kr)", "mill. kroner"), else kroner; an empty cell stays empty, never 0. A
kap/post printed twice (a summary table and the chapter's own) is kept once, the first
time, with the later printing's amounts filling what the first left empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from ingest.blocks import TABLE, Block
from ingest.parsed import ParsedBudgetLine
from ingest.parsers.outline import Outline
from ingest.text import Unit, normalise_space, parse_kroner, parse_number, table_unit

# (ParsedBudgetLine field, header words), in the order a document prints them.
AmountColumns = tuple[tuple[str, re.Pattern[str]], ...]

PROPOSITION_COLUMNS: AmountColumns = (
    ("regnskap_nok", re.compile(r"\bregnskap\b", re.IGNORECASE)),
    ("saldert_nok", re.compile(r"\bsaldert\b", re.IGNORECASE)),
    ("forslag_nok", re.compile(r"\bforslag\b", re.IGNORECASE)),
    ("vedtak_nok", re.compile(r"\bvedta(?:k|tt)\b", re.IGNORECASE)),
    ("endring_pct", re.compile(r"\bendring\b.*\b(?:pst|%)", re.IGNORECASE)),
)
ACCOUNTS_COLUMNS: AmountColumns = (
    ("tildeling_nok", re.compile(r"\btildeling\b", re.IGNORECASE)),
    ("regnskap_nok", re.compile(r"\bregnskap\b", re.IGNORECASE)),
    ("avvik_nok", re.compile(r"\bmer(?:utgift|inntekt)|\bmindre(?:utgift|inntekt)", re.IGNORECASE)),
)
PERCENT_FIELDS = frozenset({"endring_pct"})
AMOUNT_FIELDS = ("regnskap_nok", "saldert_nok", "forslag_nok", "vedtak_nok", "endring_pct")
AMOUNT_FIELDS += ("tildeling_nok", "avvik_nok")

_KAP_HEADER = re.compile(r"^(?:kap\.?|kapittel|(?P<side>utgift|inntekt)skapittel)$", re.IGNORECASE)
_KAP_TITLE_HEADER = re.compile(r"^kapittel(?:navn|tekst)$", re.IGNORECASE)
_POST_TITLE_HEADER = re.compile(r"^(?:posttekst|betegnelse|formål|postnavn)$", re.IGNORECASE)
_KAP = re.compile(r"^\d{3,4}$")
_POST = re.compile(r"^\d{2}$")


@dataclass(slots=True)
class Columns:
    """Where a budget table's columns are."""

    kap: int
    post: int
    kap_title: int | None
    post_title: int
    amounts: dict[str, int] = field(default_factory=dict)  # field name -> column index
    direction: str = "utgift"


def table_columns(header: Sequence[str], amounts: AmountColumns) -> Columns | None:
    """The columns of a budget table, from its header row; None for another table."""
    cells = [normalise_space(cell) for cell in header]
    kap = next((i for i, c in enumerate(cells) if _KAP_HEADER.match(c)), None)
    post = next((i for i, c in enumerate(cells) if c.lower() == "post"), None)
    if kap is None or post is None:
        return None
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        for name, pattern in amounts:
            if index not in (kap, post) and name not in found and pattern.search(cell):
                found[name] = index
                break
    if not found:
        return None
    taken = {kap, post, *found.values()}
    kap_title = next((i for i, c in enumerate(cells) if _KAP_TITLE_HEADER.match(c)), None)
    post_title = next(
        (i for i, c in enumerate(cells) if _POST_TITLE_HEADER.match(c)),
        next((i for i in range(len(cells)) if i not in taken and i != kap_title), post + 1),
    )
    side = (_KAP_HEADER.match(cells[kap]).group("side") or "").lower()
    direction = "inntekt" if side == "inntekt" else "utgift"
    return Columns(kap, post, kap_title, post_title, found, direction)


def find_budget_lines(
    blocks: Sequence[Block], outline: Outline, amounts: AmountColumns, warnings: list[str]
) -> list[ParsedBudgetLine]:
    seen: dict[tuple[int, int], ParsedBudgetLine] = {}
    for index, block in enumerate(blocks):
        if block.kind != TABLE or not block.rows:
            continue
        columns = table_columns(block.rows[0], amounts)
        if columns is None:
            continue
        unit = table_unit(caption_before(blocks, index) + " " + " ".join(block.rows[0]))
        for line in table_budget_lines(block, columns, amounts, unit or Unit.KRONER, warnings):
            line = replace(line, section=outline.section_of.get(index))
            key = (line.kap, line.post)
            seen[key] = fill_empty(seen[key], line) if key in seen else line
    return list(seen.values())


def caption_before(blocks: Sequence[Block], index: int) -> str:
    """The paragraph or caption just above a table, where the unit is usually declared."""
    for block in reversed(blocks[max(index - 2, 0) : index]):
        if block.kind != TABLE:
            return block.text
    return ""


def table_budget_lines(
    table: Block, columns: Columns, amounts: AmountColumns, unit: Unit, warnings: list[str]
) -> Iterator[ParsedBudgetLine]:
    """The rows of one table; a header row inside it (the income chapters' table run on
    from the expense chapters') switches to its columns."""
    kap: int | None = None
    kap_title = ""
    for row in table.rows[1:]:
        if (header := table_columns(row, amounts)) is not None:
            columns, kap = header, None
            continue
        cells = [normalise_space(cell) for cell in row]

        def cell(index: int | None, cells=cells) -> str:
            return cells[index] if index is not None and index < len(cells) else ""

        if _KAP.match(cell(columns.kap)):
            kap = int(cell(columns.kap))
            kap_title = cell(columns.kap_title) if columns.kap_title is not None else ""
            if not _POST.match(cell(columns.post)):
                kap_title = kap_title or cell(columns.post_title)
                continue
        if kap is None or not _POST.match(cell(columns.post)):
            continue
        try:
            values = {
                name: parse_number(cell(position))
                if name in PERCENT_FIELDS
                else parse_kroner(cell(position), unit)
                for name, position in columns.amounts.items()
            }
        except ValueError as error:
            warnings.append(f"page {table.page}: kap. {kap} post {cell(columns.post)}: {error}")
            continue
        yield ParsedBudgetLine(
            kap=kap,
            post=int(cell(columns.post)),
            kap_title=kap_title,
            post_title=cell(columns.post_title),
            start_line=table.start_line,
            end_line=table.end_line,
            direction=columns.direction,
            **values,
        )


def fill_empty(first: ParsedBudgetLine, later: ParsedBudgetLine) -> ParsedBudgetLine:
    """The first printing of a kap/post, with what only a later printing gives."""
    fills = {
        name: getattr(later, name)
        for name in AMOUNT_FIELDS
        if getattr(first, name) is None and getattr(later, name) is not None
    }
    if not first.kap_title and later.kap_title:
        fills["kap_title"] = later.kap_title
    return replace(first, **fills)
