"""Every parsed value of every seed fits its database column (SQLite never checks lengths)."""

import dataclasses

import pytest
from django.db import models

from documents.models import BudgetLine, Decision, Document, Measure, Section
from ingest import parsers
from ingest.plain_text import read_text_document
from tests.ingest.golden import SEEDS_DIR, load_seed

SEEDS = sorted(path.name for path in SEEDS_DIR.glob("*.txt"))
TABLES = (
    ("sections", Section),
    ("measures", Measure),
    ("decisions", Decision),
    ("budget_lines", BudgetLine),
)


def too_long(row, model) -> list[str]:
    problems = []
    for field in dataclasses.fields(row):
        try:
            column = model._meta.get_field(field.name)
        except Exception:  # noqa: BLE001 - a parsed field with no column of the same name
            continue
        value = getattr(row, field.name)
        if (
            isinstance(column, models.CharField)
            and isinstance(value, str)
            and len(value) > column.max_length
        ):
            problems.append(
                f"{model.__name__}.{field.name} at line {row.start_line}: {len(value)} > {column.max_length}"
            )
    return problems


@pytest.mark.parametrize("seed", SEEDS)
def test_parsed_values_fit_their_columns(seed):
    documents = parsers.parse(read_text_document(load_seed(seed))).documents
    problems = []
    for document in documents:
        problems += too_long(document, Document)
        for table, model in TABLES:
            for row in getattr(document, table):
                problems += too_long(row, model)
    assert problems == []
