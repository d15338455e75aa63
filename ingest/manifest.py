"""The manifest: metadata a text does not print (official reference, title, publisher, slug).

Optional, and keyed by the SHA-256 of a file's content: an entry fits that content only.
What a document prints always wins; the manifest fills only what stayed empty.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ingest.parsed import ParsedDocument
from ingest.text import slugify_no

MANIFEST_NAME = "manifest.toml"
FILLABLE = ("title", "reference", "publisher", "language")


def load_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """The manifest of ``folder`` (content SHA-256 -> metadata), or {} when there is none."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return tomllib.load(handle)


def complete(
    documents: tuple[ParsedDocument, ...], *, meta: Mapping[str, Any], file_stem: str
) -> tuple[ParsedDocument, ...]:
    """Fill each document's empty fields from ``meta`` and give it a slug.

    A slug from the manifest applies to a single-document file only; otherwise the
    parser's slug, the reference, the title or the file name gives one.
    """
    completed = []
    for document in documents:
        fills = {
            name: meta[name] for name in FILLABLE if name in meta and not getattr(document, name)
        }
        document = dataclasses.replace(document, **fills)
        slug = document.slug
        if len(documents) == 1 and meta.get("slug"):
            slug = meta["slug"]
        slug = (
            slug
            or slugify_no(document.reference)
            or slugify_no(document.title)
            or slugify_no(file_stem)
        )
        if not document.title:
            document = dataclasses.replace(document, title=file_stem)
        completed.append(dataclasses.replace(document, slug=slug))
    return tuple(completed)
