"""Budget lines of Prop. 1 S: per-kap tables and vedtak I -> ParsedBudgetLine, plus the checks.

Input: the :class:`~ingest.parsed.SourceText`, its tables (``tables.read_tables``) and its
sections (``outline.parse_outline``). Output: a tuple of
:class:`~ingest.parsed.ParsedBudgetLine`, one per (kap, post), in table order, and the
list of ingest-check failures (empty when the four checks of SEEDS.md hold).

Sources (SEEDS.md 003 "BudgetLines"):

* **Per-kap tables** are the tables holding a row whose second cell is ``Sum kap. N``; the
  kap comes from that row, never from the caption (several tables lost their header rows).
  A five-cell row whose first cell is two digits is one line: post, title, Regnskap 2023,
  Saldert budsjett 2024, Forslag 2025, in 1 000 kroner.
* **Vedtak I** (the tables headed ``VK`` under ``Forslag``) gives each post's 2025
  appropriation in kroner (``vedtak_nok``, ``vedtak_line``); a kap row precedes its posts
  and the sixth cell of a kap's last post holds the kap total.
* **Programkategori tables** (``PIKL``) give each expense kap's totals; they feed the checks
  and the titles of kaps whose heading is lost, never budget lines.

Choices:

* Post titles are kept raw (NBSPs and the legal flags ``, kan overføres`` included), with a
  cell's continuation lines joined by one space. Kap titles come from the kap heading
  (normalised), else from vedtak I.
* Kaps 704 and 781 lost their tables: their lines come from vedtak I alone, with
  ``forslag_nok`` = the appropriation (the proposal is the appropriation) and NULL
  regnskap/saldert. Their ``endring_pct`` stays NULL: the Saldert figure is unknown, not
  empty, so the "empty Saldert -> 100.0" rule does not apply.
* ``direction`` is ``inntekt`` for kaps inside the ``Inntektskapitler`` ranges of lines
  6–7 and ``utgift`` for the ``Utgiftskapitler`` ranges; a kap in neither falls back to
  ``kap >= 3000`` and is reported.
* ``section`` is the position of the kap's Section (synthetic kap Sections included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ingest.parsed import ParsedBudgetLine, ParsedSection, SourceText
from ingest.text import Unit, normalise_space, parse_kroner
from ingest.vocabulary import INNTEKT, UTGIFT

from .tables import Row, Table

SUM_KAP = re.compile(r"^Sum kap\. (\d{3,4})$")
KAP_CELL = re.compile(r"^\d{3,4}$")
POST_CELL = re.compile(r"^\d{2}$")
# "Utgiftskapitler: 700–783 og 2711–2790" / "Inntektskapitler: 3700–3748, 5572 og 5631"
_KAP_RANGES_LINE = re.compile(r"^(Utgiftskapitler|Inntektskapitler):\s*(.+)$")
_KAP_RANGE = re.compile(r"(\d{3,4})(?:\s*[–-]\s*(\d{3,4}))?")
_ONE_DECIMAL = Decimal("0.1")


# --- Table readers ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TableLine:
    """One post row of a per-kap table, amounts already in kroner."""

    kap: int
    post: int
    post_title: str
    regnskap_nok: int | None
    saldert_nok: int | None
    forslag_nok: int | None
    start_line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class KapTable:
    """A per-kap table: its posts and its ``Sum kap.`` row."""

    kap: int
    table: Table
    lines: tuple[TableLine, ...]
    sum_row: Row
    totals: tuple[int | None, int | None, int | None]  # regnskap, saldert, forslag


@dataclass(frozen=True, slots=True)
class Appropriation:
    """One post row of vedtak I: the 2025 appropriation in kroner."""

    kap: int
    kap_title: str
    post: int
    post_title: str
    amount_nok: int | None
    kap_total_nok: int | None  # only on a kap's last post
    start_line: int
    end_line: int
    label: str  # "Utgifter" or "Inntekter", as printed above the table


@dataclass(frozen=True, slots=True)
class CategoryKap:
    """One kap row of a programkategori table (PIKL), amounts in kroner."""

    kap: int
    title: str
    regnskap_nok: int | None
    saldert_nok: int | None
    forslag_nok: int | None
    start_line: int
    end_line: int


def raw_cell(row: Row, index: int) -> str:
    """A cell's raw text with continuation lines joined by a space; "" when missing."""
    if not -len(row.cells) <= index < len(row.cells):
        return ""
    return " ".join(part.strip() for part in row.cells[index].split("\n")).strip()


def _amount(row: Row, index: int, unit: Unit, problems: list[str]) -> int | None:
    """A cell as kroner; an unreadable cell is reported and read as NULL, never 0."""
    try:
        return parse_kroner(row.cell(index), unit)
    except ValueError:
        problems.append(f"line {row.start_line}: unreadable amount {row.cell(index)!r}")
        return None


def read_kap_tables(
    tables: Iterable[Table], problems: list[str] | None = None
) -> tuple[KapTable, ...]:
    """Every per-kap table (one with a ``Sum kap. N`` row), posts in 1 000 kr -> kroner."""
    problems = [] if problems is None else problems
    found = []
    for table in tables:
        sum_rows = [row for row in table.rows if SUM_KAP.match(row.cell(1))]
        if not sum_rows:
            continue
        sum_row = sum_rows[0]
        kap = int(SUM_KAP.match(sum_row.cell(1)).group(1))  # type: ignore[union-attr]
        lines = []
        for row in table.rows:
            if not POST_CELL.match(row.cell(0)):
                continue
            if len(row.cells) != 5:
                problems.append(
                    f"line {row.start_line}: kap {kap} post row has {len(row.cells)} cells, not 5"
                )
                continue
            lines.append(
                TableLine(
                    kap=kap,
                    post=int(row.cell(0)),
                    post_title=raw_cell(row, 1),
                    regnskap_nok=_amount(row, 2, Unit.THOUSAND, problems),
                    saldert_nok=_amount(row, 3, Unit.THOUSAND, problems),
                    forslag_nok=_amount(row, 4, Unit.THOUSAND, problems),
                    start_line=row.start_line,
                    end_line=row.end_line,
                )
            )
        totals = tuple(_amount(sum_row, index, Unit.THOUSAND, problems) for index in (2, 3, 4))
        found.append(KapTable(kap, table, tuple(lines), sum_row, totals))  # type: ignore[arg-type]
    return tuple(found)


def _is_vedtak_table(table: Table) -> bool:
    return bool(table.rows) and table.rows[0].cell(0).startswith("VK")


def _label_above(source: SourceText, table: Table) -> str:
    """The ``Utgifter:`` / ``Inntekter:`` label printed just above a vedtak I table."""
    for number in range(table.start_line - 1, max(table.start_line - 4, 0), -1):
        text = normalise_space(source.line(number))
        if text.endswith(":"):
            return text[:-1]
    return ""


def read_appropriations(
    source: SourceText, tables: Iterable[Table], problems: list[str] | None = None
) -> tuple[Appropriation, ...]:
    """The post rows of vedtak I, in order, amounts in kroner."""
    problems = [] if problems is None else problems
    found = []
    for table in tables:
        if not _is_vedtak_table(table):
            continue
        label = _label_above(source, table)
        kap: int | None = None
        kap_title = ""
        for row in table.rows[1:]:
            if KAP_CELL.match(row.cell(0)) and not row.cell(1):
                kap, kap_title = int(row.cell(0)), normalise_space(raw_cell(row, 2))
            elif not row.cell(0) and POST_CELL.match(row.cell(1)):
                if kap is None:
                    problems.append(f"line {row.start_line}: vedtak I post before any kap")
                    continue
                found.append(
                    Appropriation(
                        kap=kap,
                        kap_title=kap_title,
                        post=int(row.cell(1)),
                        post_title=raw_cell(row, 2),
                        amount_nok=_amount(row, 4, Unit.KRONER, problems),
                        kap_total_nok=_amount(row, 5, Unit.KRONER, problems),
                        start_line=row.start_line,
                        end_line=row.end_line,
                        label=label,
                    )
                )
    return tuple(found)


def read_category_kaps(
    tables: Iterable[Table], problems: list[str] | None = None
) -> tuple[CategoryKap, ...]:
    """The kap rows of the programkategori tables (``PIKL``), amounts in kroner."""
    problems = [] if problems is None else problems
    found = []
    for table in tables:
        if not table.rows or table.rows[0].cell(0) != "PIKL":
            continue
        for row in table.rows:
            if KAP_CELL.match(row.cell(0)) and len(row.cells) >= 5:
                found.append(
                    CategoryKap(
                        kap=int(row.cell(0)),
                        title=row.cell(1),
                        regnskap_nok=_amount(row, 2, Unit.THOUSAND, problems),
                        saldert_nok=_amount(row, 3, Unit.THOUSAND, problems),
                        forslag_nok=_amount(row, 4, Unit.THOUSAND, problems),
                        start_line=row.start_line,
                        end_line=row.end_line,
                    )
                )
    return tuple(found)


# --- Derived values --------------------------------------------------------------------


def endring_pct(saldert_nok: int | None, forslag_nok: int | None) -> Decimal:
    """(Forslag − Saldert) / Saldert × 100, ROUND_HALF_UP to one decimal (SEEDS.md rule 5).

    Saldert empty or 0 gives 100.0, Forslag empty −100.0, both empty 0.0.
    """
    if not saldert_nok and forslag_nok is None:
        return Decimal("0.0")
    if not saldert_nok:
        return Decimal("100.0")
    if forslag_nok is None:
        return Decimal("-100.0")
    change = (Decimal(forslag_nok) - Decimal(saldert_nok)) / Decimal(saldert_nok) * 100
    return change.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class KapRanges:
    """The expense and income kap ranges stated on the cover (lines 6–7)."""

    expense: tuple[tuple[int, int], ...]
    income: tuple[tuple[int, int], ...]

    def direction(self, kap: int) -> str | None:
        """``inntekt`` / ``utgift`` by the stated ranges; None when the kap is in neither."""
        if any(low <= kap <= high for low, high in self.income):
            return INNTEKT
        if any(low <= kap <= high for low, high in self.expense):
            return UTGIFT
        return None


def read_kap_ranges(source: SourceText, *, first_lines: int = 20) -> KapRanges:
    """The ``Utgiftskapitler:`` / ``Inntektskapitler:`` ranges near the top of the text."""
    ranges: dict[str, list[tuple[int, int]]] = {"Utgiftskapitler": [], "Inntektskapitler": []}
    for line in source.lines[:first_lines]:
        match = _KAP_RANGES_LINE.match(normalise_space(line))
        if not match or ranges[match.group(1)]:
            continue  # the cover is printed twice: read the first copy only
        for low, high in _KAP_RANGE.findall(match.group(2)):
            ranges[match.group(1)].append((int(low), int(high or low)))
    return KapRanges(tuple(ranges["Utgiftskapitler"]), tuple(ranges["Inntektskapitler"]))


# --- Budget lines ----------------------------------------------------------------------


def kap_sections(sections: Sequence[ParsedSection]) -> dict[int, ParsedSection]:
    """The Section of each kap: the level-5 kap heading (or synthetic kap) Section."""
    found: dict[int, ParsedSection] = {}
    for section in sections:
        if section.kap is not None and section.post is None and section.number == str(section.kap):
            found.setdefault(section.kap, section)
    return found


def _direction(kap: int, ranges: KapRanges, problems: list[str]) -> str:
    direction = ranges.direction(kap)
    if direction is None:
        problems.append(f"kap {kap} lies outside the kap ranges on the cover")
        return INNTEKT if kap >= 3000 else UTGIFT
    return direction


def parse_budget_lines(
    source: SourceText, tables: Sequence[Table], sections: Sequence[ParsedSection]
) -> tuple[tuple[ParsedBudgetLine, ...], list[str]]:
    """Every budget line of the proposition, and the problems met on the way."""
    problems: list[str] = []
    kap_tables = read_kap_tables(tables, problems)
    appropriations = read_appropriations(source, tables, problems)
    ranges = read_kap_ranges(source)
    by_kap = kap_sections(sections)
    if not appropriations:
        problems.append("no vedtak I tables (VK) found: no appropriations read")
    if not kap_tables:
        problems.append("no per-kap tables ('Sum kap. NNN') found")
    vedtak = {(item.kap, item.post): item for item in appropriations}
    lines: list[ParsedBudgetLine] = []
    tabled_kaps = set()
    for kap_table in kap_tables:
        tabled_kaps.add(kap_table.kap)
        section = by_kap.get(kap_table.kap)
        if section is None:
            problems.append(f"kap {kap_table.kap} has a table but no Section")
        for row in kap_table.lines:
            appropriation = vedtak.get((row.kap, row.post))
            lines.append(
                ParsedBudgetLine(
                    kap=row.kap,
                    post=row.post,
                    kap_title=section.title if section else "",
                    post_title=row.post_title,
                    start_line=row.start_line,
                    end_line=row.end_line,
                    section=section.position if section else None,
                    direction=_direction(row.kap, ranges, problems),
                    regnskap_nok=row.regnskap_nok,
                    saldert_nok=row.saldert_nok,
                    forslag_nok=row.forslag_nok,
                    endring_pct=endring_pct(row.saldert_nok, row.forslag_nok),
                    vedtak_nok=appropriation.amount_nok if appropriation else None,
                    vedtak_line=appropriation.start_line if appropriation else None,
                )
            )
    for item in appropriations:
        if item.kap in tabled_kaps:
            continue
        # Kaps whose table was lost (704, 781): the appropriation is all the text keeps.
        section = by_kap.get(item.kap)
        if section is None:
            problems.append(f"kap {item.kap} is in vedtak I but has no Section")
        lines.append(
            ParsedBudgetLine(
                kap=item.kap,
                post=item.post,
                kap_title=section.title if section else item.kap_title,
                post_title=item.post_title,
                start_line=item.start_line,
                end_line=item.end_line,
                section=section.position if section else None,
                direction=_direction(item.kap, ranges, problems),
                forslag_nok=item.amount_nok,
                vedtak_nok=item.amount_nok,
                vedtak_line=item.start_line,
            )
        )
    # Document order: lines of a kap whose table was lost sit with their kap's Section.
    lines.sort(
        key=lambda line: (line.section if line.section is not None else 1 << 30, line.start_line)
    )
    return tuple(lines), problems


# --- Ingest checks (SEEDS.md 003 BudgetLines rule 6) -----------------------------------

_COLUMNS = ("regnskap", "saldert", "forslag")


def _total(values: Iterable[int | None]) -> int | None:
    """Sum of a column; None when every cell is empty (an empty column is no 0)."""
    present = [value for value in values if value is not None]
    return sum(present) if present else None


def check_table_sums(kap_tables: Iterable[KapTable]) -> list[str]:
    """Each per-kap table's posts add up to its ``Sum kap.`` row, column by column."""
    problems = []
    for kap_table in kap_tables:
        sums = (
            _total(line.regnskap_nok for line in kap_table.lines),
            _total(line.saldert_nok for line in kap_table.lines),
            _total(line.forslag_nok for line in kap_table.lines),
        )
        for column, found, printed in zip(_COLUMNS, sums, kap_table.totals, strict=True):
            if (found or 0) != (printed or 0):
                problems.append(
                    f"kap {kap_table.kap}: posts sum to {found} {column}, "
                    f"'Sum kap.' (line {kap_table.sum_row.start_line}) says {printed}"
                )
    return problems


def check_category_totals(
    kap_tables: Iterable[KapTable], category_kaps: Iterable[CategoryKap]
) -> list[str]:
    """Each programkategori (PIKL) row equals the ``Sum kap.`` row of its kap's table."""
    totals = {kap_table.kap: kap_table.totals for kap_table in kap_tables}
    problems = []
    for row in category_kaps:
        if row.kap not in totals:
            continue  # 704 and 781 lost their tables: nothing to compare
        printed = (row.regnskap_nok, row.saldert_nok, row.forslag_nok)
        if printed != totals[row.kap]:
            problems.append(
                f"kap {row.kap}: programkategori row (line {row.start_line}) {printed} "
                f"differs from 'Sum kap.' {totals[row.kap]}"
            )
    return problems


def check_vedtak_totals(appropriations: Sequence[Appropriation]) -> list[str]:
    """In vedtak I, each kap total (sixth cell of its last post) equals the sum of its posts."""
    problems = []
    by_kap: dict[int, list[Appropriation]] = {}
    for item in appropriations:
        by_kap.setdefault(item.kap, []).append(item)
    for kap, items in by_kap.items():
        printed = items[-1].kap_total_nok
        found = _total(item.amount_nok for item in items)
        if printed != found:
            problems.append(f"kap {kap}: vedtak I posts sum to {found}, kap total says {printed}")
    return problems


def check_vedtak_matches_proposal(lines: Iterable[ParsedBudgetLine]) -> list[str]:
    """Every line with a vedtak I row has ``vedtak_nok`` = ``forslag_nok``."""
    return [
        f"kap {line.kap} post {line.post:02d}: vedtak {line.vedtak_nok} != forslag "
        f"{line.forslag_nok} (line {line.start_line})"
        for line in lines
        if line.vedtak_line is not None and line.vedtak_nok != line.forslag_nok
    ]


def run_checks(
    source: SourceText, tables: Sequence[Table], lines: Sequence[ParsedBudgetLine]
) -> list[str]:
    """All four ingest checks; each failure is one human-readable line."""
    kap_tables = read_kap_tables(tables)
    return (
        check_table_sums(kap_tables)
        + check_category_totals(kap_tables, read_category_kaps(tables))
        + check_vedtak_totals(read_appropriations(source, tables))
        + check_vedtak_matches_proposal(lines)
    )
