"""Invariants every seed's parse keeps: rows lie inside their sections, trees are sound."""

import pytest

from ingest import parsers
from ingest.plain_text import read_text_document
from tests.ingest.golden import SEEDS_DIR, load_seed

SEEDS = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))


@pytest.fixture(scope="module", params=SEEDS)
def parsed(request):
    source = load_seed(request.param)
    documents = parsers.parse(read_text_document(source)).documents
    return source, documents


def test_every_measure_and_decision_lies_inside_its_section(parsed):
    _, documents = parsed
    outside = []
    for document in documents:
        for kind, rows in (("measure", document.measures), ("decision", document.decisions)):
            for row in rows:
                if row.section is None:
                    continue
                section = document.sections[row.section]
                if not (section.start_line <= row.start_line and row.end_line <= section.end_line):
                    outside.append(
                        f"{kind} {row.start_line}-{row.end_line} outside section {section.start_line}-{section.end_line}"
                    )
    assert outside == []


def test_children_lie_inside_their_parents_and_come_after_them(parsed):
    _, documents = parsed
    for document in documents:
        for section in document.sections:
            assert section.position == document.sections.index(section)
            if section.parent is not None:
                parent = document.sections[section.parent]
                assert section.parent < section.position
                assert parent.level < section.level
                assert (
                    parent.start_line <= section.start_line and section.end_line <= parent.end_line
                )


def test_line_ranges_are_inside_the_source_and_in_order(parsed):
    source, documents = parsed
    last = len(source.lines)
    for document in documents:
        rows = [*document.sections, *document.measures, *document.decisions, *document.budget_lines]
        for row in rows:
            assert 1 <= row.start_line <= row.end_line <= last


def test_row_ranges_do_not_start_or_end_on_blank_lines(parsed):
    source, documents = parsed
    blank = []
    for document in documents:
        for row in [*document.measures, *document.decisions, *document.budget_lines]:
            for line in (row.start_line, row.end_line):
                # A TAB alone is an empty table cell (Prop. 1 S), not a blank line.
                if not source.line(line).strip(" \xa0\u202f"):
                    blank.append(f"{type(row).__name__} {row.start_line}-{row.end_line}")
    assert blank == []


def test_budget_lines_have_unique_kap_post(parsed):
    _, documents = parsed
    for document in documents:
        keys = [(line.kap, line.post) for line in document.budget_lines]
        assert len(keys) == len(set(keys))
