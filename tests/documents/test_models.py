"""The data model refuses what would corrupt it, on SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, transaction

from documents.models import Decision, Document, Measure
from ingest import vocabulary
from tests import factories

pytestmark = pytest.mark.django_db


def refused(callable_, *args, **kwargs) -> bool:
    try:
        with transaction.atomic():
            callable_(*args, **kwargs)
    except IntegrityError:
        return True
    return False


def test_duplicate_document_slug_is_refused():
    factories.document("prop")
    assert refused(factories.document, "prop", source=factories.source_file("other.txt"))


def test_request_decision_key_is_unique_per_document_session_and_number():
    doc = factories.document()
    factories.decision(doc, 0, kind="anmodningsvedtak", session="2023–2024", number="42")
    assert refused(
        factories.decision, doc, 1, kind="anmodningsvedtak", session="2023–2024", number="42"
    )
    # The same number in another session is another decision.
    factories.decision(doc, 2, kind="anmodningsvedtak", session="2022–2023", number="42")
    # Sentence decisions without a session may share a number.
    factories.decision(doc, 3, kind="annet", number="42")
    factories.decision(doc, 4, kind="annet", number="42")
    assert doc.decisions.count() == 4


def test_session_is_written_with_an_en_dash():
    doc = factories.document()
    assert refused(
        factories.decision, doc, kind="anmodningsvedtak", session="2023-2024", number="1"
    )


def test_budget_line_is_unique_per_document_kap_and_post():
    doc = factories.document()
    factories.budget_line(doc, 732, 70)
    assert refused(factories.budget_line, doc, 732, 70)
    factories.budget_line(factories.document("other"), 732, 70)


def test_section_parent_must_belong_to_the_same_document():
    first, second = factories.document("a"), factories.document("b")
    parent = factories.section(first, 0)
    assert refused(factories.section, second, 0, parent=parent, level=2)
    child = factories.section(second, 1, level=2)
    child.parent = parent
    assert refused(child.save)
    factories.section(first, 1, parent=parent, level=2)


def test_section_cannot_be_its_own_parent():
    section = factories.section(factories.document())
    section.parent = section
    assert refused(section.save)


def test_line_range_must_be_in_order():
    doc = factories.document()
    assert refused(factories.section, doc, start_line=10, end_line=9)
    assert refused(factories.measure, doc, start_line=0, end_line=1)


def test_page_range_must_be_in_order():
    doc = factories.document()
    assert refused(factories.section, doc, page_start=5, page_end=4)


def test_vocabulary_is_enforced_by_the_database():
    doc = factories.document()
    assert refused(factories.measure, doc, kind="wish")
    assert refused(factories.measure, doc, status="maybe")
    assert refused(factories.decision, doc, kind="law")
    assert refused(factories.decision, doc, status="done")
    assert refused(factories.document, "x", kind="blog")


def test_year_and_budget_numbers_have_ranges():
    doc = factories.document()
    assert refused(factories.document, "old", year=1066)
    assert refused(factories.budget_line, doc, kap=0, post=1)
    assert refused(factories.budget_line, doc, kap=732, post=100)


def test_model_vocabulary_matches_the_parsers_vocabulary():
    assert tuple(Document.Kind.values) == vocabulary.DOCUMENT_KINDS
    assert tuple(Measure.Kind.values) == vocabulary.MEASURE_KINDS
    assert tuple(Measure.Status.values) == vocabulary.OPPDRAG_STATUSES
    assert tuple(Decision.Kind.values) == vocabulary.DECISION_KINDS
    assert tuple(Decision.Status.values) == vocabulary.DECISION_STATUSES


def test_visible_leaves_out_hidden_rows():
    doc = factories.document()
    shown = factories.measure(doc, 0)
    factories.measure(doc, 1, hidden=True)
    assert list(Measure.objects.visible()) == [shown]


def test_str_reads_like_an_admin_row():
    doc = factories.document(reference="Prop. 1 S (2024–2025)")
    assert str(doc) == "Prop. 1 S (2024–2025)"
    line = factories.budget_line(doc, 732, 70, post_title="Regionale helseforetak")
    assert str(line) == "Kap. 732 post 70 Regionale helseforetak"
    request = factories.decision(
        doc, kind="anmodningsvedtak", session="2023–2024", number="7", title="Tannhelse"
    )
    assert str(request) == "Vedtak nr. 7 (2023–2024): Tannhelse"
