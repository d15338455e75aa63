"""Small builders of valid rows for tests of models and pages."""

from __future__ import annotations

from django.utils import timezone

from documents.models import BudgetLine, Decision, Document, Measure, Section, SourceFile


def source_file(name: str = "test.txt") -> SourceFile:
    now = timezone.now()
    return SourceFile.objects.create(
        name=name,
        sha256="0" * 64,
        size=1,
        kind="white_paper",
        parser_version="test",
        first_imported=now,
        last_imported=now,
    )


def document(slug: str = "doc", **fields) -> Document:
    source = fields.pop("source", None) or source_file(f"{slug}.txt")
    values = {"kind": "white_paper", "title": f"Dokument {slug}", "year": 2024} | fields
    return Document.objects.create(slug=slug, source=source, source_file=source.name, **values)


def section(doc: Document, position: int = 0, **fields) -> Section:
    values = {
        "key": f"k{position}",
        "level": 1,
        "title": f"Del {position}",
        "start_line": 1,
        "end_line": 2,
    } | fields
    return Section.objects.create(document=doc, position=position, **values)


def measure(doc: Document, position: int = 0, **fields) -> Measure:
    values = {
        "key": f"m{position}",
        "kind": "regjeringen_vil",
        "title": "Tiltak",
        "start_line": 1,
        "end_line": 1,
    }
    return Measure.objects.create(document=doc, position=position, **(values | fields))


def decision(doc: Document, position: int = 0, **fields) -> Decision:
    values = {
        "key": f"d{position}",
        "kind": "annet",
        "title": "Vedtak",
        "start_line": 1,
        "end_line": 1,
    }
    return Decision.objects.create(document=doc, position=position, **(values | fields))


def budget_line(doc: Document, kap: int = 732, post: int = 70, **fields) -> BudgetLine:
    values = {"position": 0, "start_line": 1, "end_line": 1, "post_title": "Tilskudd"}
    return BudgetLine.objects.create(document=doc, kap=kap, post=post, **(values | fields))
