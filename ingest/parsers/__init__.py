"""Document families compete for each file; the best score above a threshold wins.

A reader hands over a :class:`~ingest.blocks.ReadDocument`. Every family scores it
(0 to 1, as Paperless-ngx's parsers bid for a file); the best score of at least
:data:`CLAIM_THRESHOLD` wins, ties going to the family listed first, and a file no
family claims is kind ``other`` (``ingest.parsers.generic``), whose parser makes a useful
document of anything with text. ``--kind`` forces a family.

Families read in one of two ways, by what their module offers:

* ``score(doc) -> float`` and ``parse_blocks(doc)``: a block parser, for files a reader
  laid out (PDF, DOCX), and for every file in a family that has nothing else (``other``);
  the rows' line numbers count the reader's stored text.
* ``recognise(source) -> bool`` and a text parser: the line-based parsers written for
  the seed exports (budget proposition, white paper, annual report, news) read a
  :class:`~ingest.parsed.SourceText` in that export's layout. A text file is read as it
  is; a PDF's or DOCX's blocks are written out in the family's text profile first
  (``ingest.profiles``; a module's ``text_profile(doc)`` may choose another), and the
  rows' line numbers count that text.

A family parser that cannot make sense of a file it claimed falls back to ``other`` with
a warning saying why, so the file is never lost; a forced kind does not fall back.
``parser_version()`` fingerprints the reading and parsing code, so a changed parser
re-reads unchanged files and an unchanged one skips them.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cache
from importlib import import_module
from pathlib import Path

from ingest import vocabulary as v
from ingest.blocks import ReadDocument
from ingest.parsed import ParsedDocument, SourceText

logger = logging.getLogger("helsedocs.ingest")

# A family must be at least this sure to claim a file; below it the file is `other`.
CLAIM_THRESHOLD = 0.5


class UnknownKind(ValueError):
    """A forced kind that is no document kind."""


@dataclass(frozen=True, slots=True)
class Family:
    kind: str
    module: str  # dotted path of the family's parser module
    # The function that parses the family's text export (a SourceText), and the text
    # profile a PDF's or DOCX's blocks are written in for it; None for a family that
    # reads blocks only.
    text_parser: str | None = None
    profile: str | None = None
    # For a laid-out file: try the text parser first (on the blocks in its profile) when
    # it recognises the text, and the block parser only when it makes no sense of it.
    export_first: bool = False

    def load(self):
        return import_module(self.module)

    def reads_blocks(self, doc: ReadDocument) -> bool:
        """Whether the family reads ``doc``'s blocks (a laid-out file, when the family
        has a block parser) rather than a text in its export's layout."""
        return self.text_parser is None or (
            doc.format != "text" and hasattr(self.load(), "parse_blocks")
        )

    def source_for(self, doc: ReadDocument) -> SourceText:
        """The text the text parser reads: the file's own, or the blocks in its profile."""
        if doc.format == "text":
            return doc.source
        from ingest.profiles import render_profile

        choose = getattr(self.load(), "text_profile", None)
        return render_profile(doc, choose(doc) if choose else self.profile)

    def recognises_export(self, doc: ReadDocument) -> bool:
        return self.text_parser is not None and self.load().recognise(self.source_for(doc))

    def score(self, doc: ReadDocument) -> float:
        if not self.reads_blocks(doc):
            return 1.0 if self.recognises_export(doc) else 0.0
        bid = self.load().score(doc)
        if self.export_first and self.recognises_export(doc):
            return max(bid, 1.0)
        return bid

    def parse(self, doc: ReadDocument) -> tuple[SourceText, tuple[ParsedDocument, ...]]:
        """The text the rows' line numbers count, and the documents parsed from it."""
        module = self.load()
        if self.reads_blocks(doc):
            if self.export_first and self.recognises_export(doc):
                source = self.source_for(doc)
                with suppress(ValueError):
                    documents = tuple(getattr(module, self.text_parser)(source))
                    if documents and all(made_sense(d) for d in documents):
                        return source, documents
            return doc.source, tuple(module.parse_blocks(doc))
        source = self.source_for(doc)
        return source, tuple(getattr(module, self.text_parser)(source))


# Listed from the most specific signature to the least: the first wins a tie.
FAMILIES = (
    Family(
        v.BUDGET_PROPOSITION,
        "ingest.parsers.proposition",
        "parse_proposition",
        "proposition",
        export_first=True,
    ),
    Family(v.WHITE_PAPER, "ingest.parsers.white_paper", "parse_white_paper", "white_paper"),
    Family(v.ANNUAL_REPORT, "ingest.parsers.annual_report", "parse_annual_report", "paragraphs"),
    Family(v.NEWS, "ingest.parsers.news"),
    Family(v.OTHER, "ingest.parsers.generic"),
)
FAMILY_BY_KIND = {family.kind: family for family in FAMILIES}
GENERIC = FAMILY_BY_KIND[v.OTHER]


@dataclass(frozen=True, slots=True)
class ParseResult:
    kind: str
    source: SourceText  # the stored text: what the rows' line numbers count
    documents: tuple[ParsedDocument, ...]


def scores(doc: ReadDocument) -> dict[str, float]:
    """Every specific family's score for ``doc`` (``other`` does not bid)."""
    return {family.kind: family.score(doc) for family in FAMILIES if family is not GENERIC}


def recognise_kind(doc: ReadDocument) -> str:
    """The kind of the family with the best score, or ``other`` when none claims it."""
    bids = scores(doc)
    best = max(bids, key=bids.__getitem__)  # the first of equals: FAMILIES order
    return best if bids[best] >= CLAIM_THRESHOLD else v.OTHER


def parse(doc: ReadDocument, *, kind: str | None = None) -> ParseResult:
    """Recognise (or take) the kind and parse; a claimed file its family cannot read
    is parsed as ``other`` with a warning."""
    if kind is not None and kind not in FAMILY_BY_KIND:
        raise UnknownKind(f"unknown kind {kind!r}; choose one of {', '.join(FAMILY_BY_KIND)}")
    chosen = kind or recognise_kind(doc)
    family = FAMILY_BY_KIND[chosen]
    try:
        source, documents = family.parse(doc)
        if not documents:
            raise ValueError(f"the {chosen} parser found no document in the text")
        if family is not GENERIC and not any(made_sense(document) for document in documents):
            raise ValueError("it found no title and no structure beyond one section")
    except Exception as error:
        if kind is not None or family is GENERIC:
            raise
        # A parser bug on an edition it was not written for must not lose the file.
        if not isinstance(error, ValueError):
            logger.warning("%s: the %s parser failed", doc.name, chosen, exc_info=True)
        reason = f"read as another document: the {chosen} parser could not: {error}"
        source, documents = GENERIC.parse(doc)
        documents = tuple(replace(d, warnings=(reason, *d.warnings)) for d in documents)
        chosen = v.OTHER
    return ParseResult(chosen, source, documents)


def made_sense(document: ParsedDocument) -> bool:
    """A family's parse that found a title, or more than a single section of text."""
    rows = (document.measures, document.decisions, document.budget_lines)
    return bool(document.title) or len(document.sections) > 1 or any(rows)


@cache
def parser_version() -> str:
    """A fingerprint of the reading and parsing code (readers, parsers, text steps)."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        if "management" in path.parts:
            continue
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
