"""Metadata a curator gives with a file (title, reference, publisher, date).

Unlike the manifest, which only fills what a document leaves empty, an override beats
what the parser found: the curator has the document in hand and knows better. Overrides
describe one document, so a file that yields several (a news listing) keeps its own
metadata and says so in a warning.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import date
from typing import Any

from ingest.parsed import ParsedDocument

OVERRIDABLE = ("title", "reference", "publisher", "published")


def clean_overrides(values: Mapping[str, Any]) -> dict[str, str]:
    """The overrides worth storing: known names with a value, a date as ISO text (JSON)."""
    cleaned = {}
    for name in OVERRIDABLE:
        value = values.get(name)
        if isinstance(value, date):
            value = value.isoformat()
        value = str(value or "").strip()
        if value:
            cleaned[name] = value
    return cleaned


def apply_overrides(
    documents: tuple[ParsedDocument, ...], overrides: Mapping[str, str]
) -> tuple[tuple[ParsedDocument, ...], tuple[str, ...]]:
    """The documents with the overrides applied, and a warning when they could not be."""
    overrides = clean_overrides(overrides)
    if not overrides:
        return documents, ()
    if len(documents) != 1:
        return documents, (
            f"the metadata given with the file describes one document; the file holds "
            f"{len(documents)}, which keep their own",
        )
    values: dict[str, Any] = dict(overrides)
    if "published" in values:
        values["published"] = date.fromisoformat(values["published"])
    return (dataclasses.replace(documents[0], **values),), ()
