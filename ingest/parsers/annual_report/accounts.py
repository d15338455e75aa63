"""What the two annual-report profiles share about their accounts tables."""

from __future__ import annotations

from collections.abc import Iterable

from ingest.parsed import ParsedBudgetLine


def drop_repeated_budget_keys(
    found: Iterable[ParsedBudgetLine], warnings: list[str]
) -> list[ParsedBudgetLine]:
    """(kap, post) is the natural key: the first row wins, a repeat is reported and dropped."""
    kept: dict[tuple[int, int], ParsedBudgetLine] = {}
    for line in found:
        key = (line.kap, line.post)
        if key in kept:
            warnings.append(
                f"line {line.start_line}: kap {line.kap} post {line.post:02d} repeats line "
                f"{kept[key].start_line}; the later row is dropped"
            )
            continue
        kept[key] = line
    return list(kept.values())
