"""How the import writes rows: new ones in bulk with their history, changed ones in place.

Rows are matched by natural key, else by their place (documents.services.RowMatcher); a
new row is inserted together with the other new rows of its table and tree depth, and
its history row is the one a save would have written.
"""

from datetime import date

import pytest

from documents.models import BudgetLine, Decision, Measure, Section
from documents.services import INGEST_REASON, SourceInfo, source_import
from ingest.parsed import (
    ParsedBudgetLine,
    ParsedDecision,
    ParsedDocument,
    ParsedMeasure,
    ParsedOccurrence,
    ParsedSection,
    SourceText,
)

pytestmark = pytest.mark.django_db

SOURCE = SourceInfo(
    name="plan.txt",
    sha256="0" * 64,
    size=1,
    kind="white_paper",
    parser_version="test",
    text=SourceText.from_text("\n".join(f"linje {n}" for n in range(1, 41)), name="plan.txt"),
)


def sections(*outline: tuple[int | None, str]) -> tuple[ParsedSection, ...]:
    """Sections from (parent position, title) pairs in document order."""
    rows: list[ParsedSection] = []
    for position, (parent, title) in enumerate(outline):
        level = 1 if parent is None else rows[parent].level + 1
        line = position + 1
        rows.append(ParsedSection(position, parent, level, "", title, f"Om {title}.", line, line))
    return tuple(rows)


def plan(outline: tuple[ParsedSection, ...], **rows) -> ParsedDocument:
    return ParsedDocument(
        kind="white_paper",
        title="Planen",
        start_line=1,
        end_line=40,
        slug="planen",
        sections=outline,
        **rows,
    )


def ingest(document: ParsedDocument):
    return source_import(documents=[document], source=SOURCE)


def ids(model=Section) -> dict[str, int]:
    return dict(model.objects.values_list("title", "pk"))


def parents(model=Section) -> dict[str, str | None]:
    return dict(model.objects.values_list("title", "parent__title"))


def full() -> ParsedDocument:
    """A document with a row of every kind: nested sections, measures with an item,
    a request decision printed twice and a decision repealing it, budget lines."""
    outline = sections(
        (None, "Del I"), (0, "Kap 1"), (1, "Kap 1.1"), (None, "Del II"), (3, "Kap 2")
    )
    measures = (
        ParsedMeasure(
            section=1, kind="regjeringen_vil", title="Styrke beredskapen", start_line=2, end_line=2
        ),
        ParsedMeasure(
            section=1, kind="regjeringen_vil", title="Øve mer", start_line=2, end_line=2, parent=0
        ),
        ParsedMeasure(
            section=4, kind="oppdrag", title="Utrede", start_line=5, end_line=5, number="1"
        ),
    )
    decisions = (
        ParsedDecision(
            kind="anmodningsvedtak",
            section=2,
            title="Be om utredning",
            text="Stortinget ber…",
            start_line=3,
            end_line=3,
            key="vedtak-12",
            session="2023–2024",
            number="12",
            date=date(2024, 1, 10),
            measure=2,
            occurrences=(ParsedOccurrence(section=4, start_line=5, end_line=5),),
        ),
        ParsedDecision(
            kind="romertallsvedtak",
            section=4,
            title="Oppheve",
            text="Vedtak nr. 12 oppheves.",
            start_line=5,
            end_line=5,
            key="romertall-ix",
            number="IX",
            repeals=(("12", date(2024, 1, 10)),),
        ),
    )
    budget_lines = (
        ParsedBudgetLine(
            kap=700,
            post=1,
            kap_title="Departementet",
            post_title="Driftsutgifter",
            start_line=4,
            end_line=4,
            section=3,
        ),
        ParsedBudgetLine(
            kap=700,
            post=21,
            kap_title="Departementet",
            post_title="Spesielle driftsutgifter",
            start_line=4,
            end_line=4,
            section=3,
        ),
    )
    return plan(outline, measures=measures, decisions=decisions, budget_lines=budget_lines)


def test_a_cold_import_writes_every_row_and_one_ingest_history_row_each():
    stats = ingest(full())
    created = {table: counts["created"] for table, counts in stats.rows.items()}
    assert created == {"sections": 5, "measures": 3, "decisions": 2, "budget_lines": 2}
    assert parents() == {
        "Del I": None,
        "Kap 1": "Del I",
        "Kap 1.1": "Kap 1",
        "Del II": None,
        "Kap 2": "Del II",
    }
    assert parents(Measure)["Øve mer"] == "Styrke beredskapen"
    request = Decision.objects.get(number="12")
    assert request.measure.title == "Utrede"
    assert list(request.occurrences.values_list("section__title", flat=True)) == ["Kap 2"]
    assert list(Decision.objects.get(number="IX").repeals.all()) == [request]
    assert BudgetLine.objects.get(post=21).section.title == "Del II"
    for model in (Section, Measure, Decision, BudgetLine):
        fields = [field.attname for field in model._meta.fields]
        for row in model.objects.all():
            (history,) = row.history.all()
            assert (history.history_type, history.history_change_reason) == ("+", INGEST_REASON)
            assert [getattr(history, name) for name in fields] == [
                getattr(row, name) for name in fields
            ]


def test_a_reingest_of_the_same_parse_changes_nothing():
    ingest(full())
    before = {model: ids(model) for model in (Section, Measure, Decision)}
    stats = ingest(full())
    assert all(set(counts) == {"unchanged"} for counts in stats.rows.values()), stats.rows
    assert {model: ids(model) for model in (Section, Measure, Decision)} == before
    assert Section.history.count() == 5


def test_a_new_section_under_a_new_parent_in_the_middle_keeps_the_other_ids():
    ingest(plan(sections((None, "A"), (0, "A1"), (0, "A2"), (None, "B"), (3, "B1"))))
    before = ids()
    new_outline = sections(
        (None, "A"), (0, "A1"), (0, "A2"), (0, "Ny"), (3, "Ny 1"), (None, "B"), (5, "B1")
    )
    stats = ingest(plan(new_outline))
    assert stats.rows["sections"]["created"] == 2
    after = ids()
    assert {title: after[title] for title in before} == before
    assert parents()["Ny"] == "A" and parents()["Ny 1"] == "Ny"
    assert list(Section.objects.values_list("title", flat=True)) == [
        "A",
        "A1",
        "A2",
        "Ny",
        "Ny 1",
        "B",
        "B1",
    ]


def test_an_existing_section_under_a_new_parent_keeps_its_id_and_gets_one_history_row():
    # A new first part takes the place (and id) of "A", "A" that of "B": "B" is new, and
    # its sections, found by their keys, move under it.
    ingest(plan(sections((None, "A"), (None, "B"), (1, "B1"), (2, "B1.1"))))
    before = ids()
    stats = ingest(
        plan(sections((None, "X"), (None, "A"), (None, "B"), (2, "B1"), (3, "B1.1"), (3, "B1.2")))
    )
    assert stats.rows["sections"] == {"created": 2, "updated": 4}
    after = ids()
    assert after["B1"] == before["B1"] and after["B1.1"] == before["B1.1"]
    assert after["B"] not in before.values()
    assert parents() == {"X": None, "A": None, "B": None, "B1": "B", "B1.1": "B1", "B1.2": "B1"}
    moved = Section.objects.get(title="B1")
    changes = moved.history.order_by("history_id")
    assert [(h.history_type, h.history_change_reason) for h in changes] == [
        ("+", INGEST_REASON),
        ("~", INGEST_REASON),
    ]
    assert changes.last().parent_id == after["B"]
