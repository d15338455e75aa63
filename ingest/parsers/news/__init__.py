"""News: a listing of items (one document per item), or a single article.

* ``listing``: a listing page flattened to text, its cards anchored on a date standing
  alone on a line (seed 000 and any listing of that shape); read from the file's text,
  or from a PDF's or DOCX's stored text (one block per line).
* ``article``: one news article saved as PDF, DOCX or text: a title, a publication date
  near the top ("Publisert 15. mars 2024"), an ingress and the body.
"""

from __future__ import annotations

from ingest.blocks import ReadDocument
from ingest.parsed import ParsedDocument
from ingest.parsers.news import article
from ingest.parsers.news.listing import parse_news, recognise

# An article is claimed less surely than a listing: a short memo can look like one.
ARTICLE_SCORE = 0.6


def score(doc: ReadDocument) -> float:
    if recognise(doc.source):
        return 1.0
    return ARTICLE_SCORE if article.find_article(doc.blocks) is not None else 0.0


def parse_blocks(doc: ReadDocument) -> tuple[ParsedDocument, ...]:
    if recognise(doc.source):
        return parse_news(doc.source)
    return (article.parse_article(doc),)
