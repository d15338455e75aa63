"""Document families compete for each file; the best score above a threshold wins.

A reader hands over a :class:`~ingest.blocks.ReadDocument`. Every family scores it
(0 to 1, as Paperless-ngx's parsers bid for a file); the best score of at least
:data:`CLAIM_THRESHOLD` wins, ties going to the family listed first, and a file no
family claims is kind ``other`` (``ingest.parsers.generic``), whose parser makes a useful
document of anything with text. ``--kind`` forces a family.

A family module offers one or both of:

* ``score(doc) -> float`` and ``parse_blocks(doc)``: a block parser, which reads any
  edition from its structure; the rows' line numbers count the reader's stored text.
* ``recognise(source) -> bool`` and a text parser: a line-based parser written for one
  edition's text export (the seeds), the specialist of that layout. A text file is read
  as it is; a PDF's or DOCX's blocks are written out in the family's text profile first
  (``ingest.profiles``; a module's ``text_profile(doc)`` may choose another), and the
  rows' line numbers count that text.

Where a family has both, the text parser gets a text file first (and a laid-out file
too, for a family marked ``export_first``) when it recognises the text, and the block
parser reads whatever the text parser does not recognise or makes no sense of.

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
    # Whether a laid-out file (PDF, DOCX) also goes to the text parser first; a text
    # file always does, where the family has one.
    export_first: bool = False

    def load(self):
        return import_module(self.module)

    def has_block_parser(self) -> bool:
        return hasattr(self.load(), "parse_blocks")

    def tries_export(self, doc: ReadDocument) -> bool:
        """Whether the text parser, the specialist of one edition's layout, gets ``doc``
        first (where it recognises the text)."""
        if self.text_parser is None:
            return False
        return doc.format == "text" or self.export_first or not self.has_block_parser()

    def source_for(self, doc: ReadDocument) -> SourceText:
        """The text the text parser reads: the file's own, or the blocks in its profile."""
        if doc.format == "text":
            return doc.source
        from ingest.profiles import render_profile

        choose = getattr(self.load(), "text_profile", None)
        return render_profile(doc, choose(doc) if choose else self.profile)

    def recognises_export(self, doc: ReadDocument) -> bool:
        return self.tries_export(doc) and self.load().recognise(self.source_for(doc))

    def score(self, doc: ReadDocument) -> float:
        bid = self.load().score(doc) if self.has_block_parser() else 0.0
        return max(bid, 1.0 if self.recognises_export(doc) else 0.0)

    def parse(self, doc: ReadDocument) -> tuple[SourceText, tuple[ParsedDocument, ...]]:
        """The text the rows' line numbers count, and the documents parsed from it: the
        text parser's where it recognises the text and makes sense of it, else the block
        parser's."""
        module = self.load()
        if self.recognises_export(doc):
            source = self.source_for(doc)
            if not self.has_block_parser():
                return source, tuple(getattr(module, self.text_parser)(source))
            with suppress(ValueError):
                documents = tuple(getattr(module, self.text_parser)(source))
                if documents and all(made_sense(d) for d in documents):
                    return source, documents
        if not self.has_block_parser():
            raise ValueError(f"not a {self.kind} in the layout its parser reads")
        return doc.source, tuple(module.parse_blocks(doc))


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
