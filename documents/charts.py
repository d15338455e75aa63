"""Pictures of the data: the budget by programme category and chapter, news per month.

The numbers come from the database (selectors below); the geometry is computed here, and
templates draw it as inline SVG with a table as its text alternative. No third-party
service, no JavaScript.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from .models import BudgetLine, Document, Section

BAR_AREA = 560  # px of the widest bar
ROW_HEIGHT = 34  # px per bar pair
MONTHS = 12


@dataclass(frozen=True, slots=True)
class BudgetBar:
    """One programme category or chapter: last year's budget against the proposal."""

    label: str
    number: str
    saldert_nok: int | None
    forslag_nok: int | None
    change_pct: Decimal | None
    url: str = ""
    saldert_width: float = 0.0
    forslag_width: float = 0.0


def change_pct(saldert: int | None, forslag: int | None) -> Decimal | None:
    if not saldert or forslag is None:
        return None
    return (Decimal(forslag - saldert) / Decimal(saldert) * 100).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _scaled(bars: list[BudgetBar]) -> list[BudgetBar]:
    """Give each bar its width, the largest amount spanning the whole area."""
    amounts = [abs(amount or 0) for bar in bars for amount in (bar.saldert_nok, bar.forslag_nok)]
    largest = max([*amounts, 1])
    return [
        replace(
            bar,
            saldert_width=round(abs(bar.saldert_nok or 0) / largest * BAR_AREA, 1),
            forslag_width=round(abs(bar.forslag_nok or 0) / largest * BAR_AREA, 1),
        )
        for bar in bars
    ]


def budget_documents():
    return (
        Document.objects.visible()
        .filter(budget_lines__forslag_nok__isnull=False)
        .distinct()
        .order_by("-year")
    )


def budget_by_category(document: Document) -> list[BudgetBar]:
    """Expenses (utgift) summed per programme category: the kap Sections' parents."""
    lines = BudgetLine.objects.visible().filter(
        document=document, direction=BudgetLine.Direction.UTGIFT
    )
    totals = (
        lines.exclude(section__parent=None)
        .values("section__parent_id")
        .annotate(saldert=Sum("saldert_nok"), forslag=Sum("forslag_nok"))
    )
    categories = Section.objects.in_bulk([row["section__parent_id"] for row in totals])
    bars = []
    for row in sorted(totals, key=lambda row: categories[row["section__parent_id"]].position):
        category = categories[row["section__parent_id"]]
        bars.append(
            BudgetBar(
                label=category.title,
                number=category.number,
                saldert_nok=row["saldert"],
                forslag_nok=row["forslag"],
                change_pct=change_pct(row["saldert"], row["forslag"]),
                url=f"?document={document.slug}&category={category.pk}",
            )
        )
    return _scaled(bars)


def budget_by_chapter(document: Document, category: Section) -> list[BudgetBar]:
    """Expenses per chapter (kap) of one programme category."""
    totals = (
        BudgetLine.objects.visible()
        .filter(document=document, section__parent=category, direction=BudgetLine.Direction.UTGIFT)
        .values("kap", "kap_title")
        .annotate(saldert=Sum("saldert_nok"), forslag=Sum("forslag_nok"))
        .order_by("kap")
    )
    bars = [
        BudgetBar(
            label=row["kap_title"],
            number=str(row["kap"]),
            saldert_nok=row["saldert"],
            forslag_nok=row["forslag"],
            change_pct=change_pct(row["saldert"], row["forslag"]),
            url=f"/budget/?document={document.slug}&kap={row['kap']}",
        )
        for row in totals
    ]
    return _scaled(bars)


@dataclass(frozen=True, slots=True)
class MonthColumn:
    year: int
    month: int
    count: int
    height: float
    x: float

    @property
    def first_day(self) -> date:
        """The month as a date, so templates name it ("mars 2021") in the page's language."""
        return date(self.year, self.month, 1)


@dataclass(frozen=True, slots=True)
class Tick:
    value: int
    y: float  # px above the baseline


def count_ticks(peak: int, *, height: int = 160, steps: int = 4) -> list[Tick]:
    """Whole-number marks for a count axis from 0 to ``peak``, at most ``steps`` + 1."""
    if peak <= 0:
        return [Tick(0, 0.0)]
    step = max(1, -(-peak // steps))  # ceiling division
    return [Tick(value, round(value / peak * height, 1)) for value in range(0, peak + 1, step)]


def news_per_month(
    *, height: int = 160, column: int = 7
) -> tuple[list[MonthColumn], list[int], int]:
    """Columns for every month from the first to the last news item, the years, the peak."""
    dates = Document.objects.visible().filter(kind=Document.Kind.NEWS, published__isnull=False)
    counts = Counter((d.year, d.month) for d in dates.values_list("published", flat=True))
    if not counts:
        return [], [], 0
    first, last = min(counts), max(counts)
    peak = max(counts.values())
    columns = []
    year, month = first
    index = 0
    while (year, month) <= last:
        count = counts.get((year, month), 0)
        columns.append(
            MonthColumn(year, month, count, round(count / peak * height, 1), index * column)
        )
        index += 1
        year, month = (year + 1, 1) if month == MONTHS else (year, month + 1)
    years = sorted({c.year for c in columns})
    return columns, years, peak
