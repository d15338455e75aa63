"""One news article (a web page saved as PDF, DOCX or text) -> one ``news`` document.

An article is a title, then within the next few blocks its publication date, either
after a marker ("Publisert 15. mars 2024", "Sist oppdatert: 02.01.2025") or standing
alone right under the title in a short text, then the ingress (the first paragraph: the
summary) and the body. The whole text is the document's one section. An article does
not run on for pages: a text of more than ``MAX_BLOCKS`` blocks, or with numbered
chapters, is a report, not news.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ingest.blocks import HEADING, PARAGRAPH, Block, ReadDocument
from ingest.parsed import ParsedDocument
from ingest.parsers.news.listing import NewsCard, parse_date_line, to_document, unique_slugs
from ingest.parsers.outline import section_text, split_number
from ingest.text import find_date, normalise_space

MAX_BLOCKS = 150
# The date is looked for this many blocks below the title.
DATE_WINDOW = 4
# A date standing alone under the title is an article's only in a short text.
SHORT_ARTICLE_BLOCKS = 40
MAX_TITLE_CHARS = 200

_PUBLISHED = re.compile(
    r"^(?:Publisert|Publisert dato|Sist (?:oppdatert|endret)|Oppdatert|Dato)\s*:?\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Article:
    title: Block
    dated: Block
    published: date
    body: tuple[Block, ...]


def find_article(blocks: Sequence[Block]) -> Article | None:
    """The article's parts, or None when the blocks are no article."""
    if not blocks or len(blocks) > MAX_BLOCKS:
        return None
    if any(block.kind == HEADING and split_number(block.text)[0] for block in blocks):
        return None
    title_index = next((i for i, block in enumerate(blocks[:DATE_WINDOW]) if is_title(block)), None)
    if title_index is None:
        return None
    for index in range(title_index + 1, min(title_index + 1 + DATE_WINDOW, len(blocks))):
        published = publication_date(blocks[index], short=len(blocks) <= SHORT_ARTICLE_BLOCKS)
        if published is not None:
            body = tuple(b for i, b in enumerate(blocks) if i > title_index and i != index)
            return Article(blocks[title_index], blocks[index], published, body)
    return None


def is_title(block: Block) -> bool:
    text = normalise_space(block.text)
    return block.kind in (HEADING, PARAGRAPH) and 0 < len(text) <= MAX_TITLE_CHARS


def publication_date(block: Block, *, short: bool) -> date | None:
    text = normalise_space(block.text)
    marker = _PUBLISHED.match(text)
    if marker:
        found = find_date(text[marker.end() :])
        return found[0] if found else None
    return parse_date_line(text) if short else None


def parse_article(doc: ReadDocument) -> ParsedDocument:
    found = find_article(doc.blocks)
    if found is None:
        raise ValueError(
            "no news: no dated cards, and no title with a publication date near the top"
        )
    ingress = next((b for b in found.body if b.kind == PARAGRAPH), None)
    card = NewsCard(
        title=normalise_space(found.title.text),
        published=found.published,
        summary=normalise_space(ingress.text) if ingress else "",
        start_line=found.title.start_line,
        end_line=max(block.end_line for block in (found.title, found.dated, *found.body)),
        body=section_text(found.body),
    )
    return to_document(card, unique_slugs([card])[0])
