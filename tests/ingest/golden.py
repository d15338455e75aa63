"""Golden-file helpers: a reviewable summary of a parse, compared with a checked-in JSON file."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest.parsed import ParsedDocument, SourceText

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "seeds"


def load_seed(file_name: str) -> SourceText:
    """The seed file as the pipeline hands it to a parser."""
    text = (SEEDS_DIR / file_name).read_text(encoding="utf-8")
    return SourceText.from_text(text, name=file_name)


def outline(document: ParsedDocument) -> list[str]:
    """One line per section: indentation by level, number, title, line range, kap/post."""
    rows = []
    for section in document.sections:
        budget = ""
        if section.kap is not None:
            budget = f" [kap {section.kap}" + (f" post {section.post}]" if section.post else "]")
        rows.append(
            f"{'  ' * (section.level - 1)}{section.number + ' ' if section.number else ''}"
            f"{section.title} ({section.start_line}-{section.end_line}){budget}"
        )
    return rows


def summarise(
    document: ParsedDocument, *, selected: dict[str, Sequence[int]] | None = None
) -> dict:
    """Metadata, outline, counts per kind and the selected rows in full.

    ``selected`` maps "measures" / "decisions" / "budget_lines" to indexes of rows to
    include whole.
    """
    full = document.to_dict()
    summary = {
        key: full[key]
        for key in (
            "kind",
            "slug",
            "title",
            "reference",
            "publisher",
            "published",
            "year",
            "language",
            "start_line",
            "end_line",
        )
    }
    summary["outline"] = outline(document)
    summary["counts"] = {
        "sections": len(document.sections),
        "measures": dict(sorted(Counter(m.kind for m in document.measures).items())),
        "decisions": dict(sorted(Counter(d.kind for d in document.decisions).items())),
        "budget_lines": len(document.budget_lines),
        "warnings": len(document.warnings),
    }
    for table, indexes in (selected or {}).items():
        summary[f"selected_{table}"] = {str(index): full[table][index] for index in indexes}
    return summary


def assert_golden(name: str, data: dict | list, *, update: bool) -> None:
    """Compare ``data`` with golden/<name>.json, or rewrite it when ``update`` is set."""
    path = GOLDEN_DIR / f"{name}.json"
    actual = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if update or not path.exists():
        path.write_text(actual, encoding="utf-8")
        if not update:
            raise AssertionError(f"{path.name} did not exist; written now: review it and rerun")
        return
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{path.name} differs; rerun with --update-golden after review"


def line_ranges(rows: Iterable) -> list[tuple[int, int]]:
    return [(row.start_line, row.end_line) for row in rows]
