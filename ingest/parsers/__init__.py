"""One parser per document family, chosen by recognising the content.

Each family module offers ``recognise(source) -> bool`` and a parse function
``(source) -> tuple[ParsedDocument, ...]``. ``parser_version()`` fingerprints the parser
code, so a changed parser re-reads unchanged files and an unchanged one skips them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from pathlib import Path

from ingest import vocabulary as v
from ingest.parsed import ParsedDocument, SourceText


class UnknownKind(ValueError):
    """The text matches no document family."""


@dataclass(frozen=True, slots=True)
class Family:
    kind: str
    module: str  # dotted path of the family's parser module
    parse_name: str  # its parse function

    def load(self):
        return import_module(self.module)

    def recognise(self, source: SourceText) -> bool:
        return self.load().recognise(source)

    @property
    def parse(self) -> Callable[[SourceText], tuple[ParsedDocument, ...]]:
        return getattr(self.load(), self.parse_name)


# Order matters: the most specific signature first.
FAMILIES = (
    Family(v.BUDGET_PROPOSITION, "ingest.parsers.proposition", "parse_proposition"),
    Family(v.WHITE_PAPER, "ingest.parsers.white_paper", "parse_white_paper"),
    Family(v.ANNUAL_REPORT, "ingest.parsers.annual_report", "parse_annual_report"),
    Family(v.NEWS, "ingest.parsers.news", "parse_news"),
)
FAMILY_BY_KIND = {family.kind: family for family in FAMILIES}


def recognise_kind(source: SourceText) -> str:
    """The document kind of ``source``, or UnknownKind."""
    for family in FAMILIES:
        if family.recognise(source):
            return family.kind
    raise UnknownKind(
        "unknown kind of document (not a news listing, annual report, budget proposition "
        "or white paper); use --kind to force one"
    )


def parse(source: SourceText, *, kind: str | None = None) -> tuple[str, tuple[ParsedDocument, ...]]:
    """Recognise (or take) the kind and parse; returns the kind and the documents."""
    kind = kind or recognise_kind(source)
    if kind not in FAMILY_BY_KIND:
        raise UnknownKind(f"unknown kind {kind!r}; choose one of {', '.join(FAMILY_BY_KIND)}")
    documents = tuple(FAMILY_BY_KIND[kind].parse(source))
    if not documents:
        raise ValueError(f"the {kind} parser found no document in the text")
    return kind, documents


@cache
def parser_version() -> str:
    """A fingerprint of the parsing code (parsers, shared text steps, PDF reader)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted([*root.joinpath("parsers").rglob("*.py"), *root.glob("*.py")]):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
