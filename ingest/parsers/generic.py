"""Any document no family claims (kind ``other``): a report, a note, a letter, a circular.

Reads the blocks of any reader and makes a useful document of them:

* **Title**: the title the file declares (PDF/DOCX metadata) where the front matter
  prints it too; else what the title page says before the first chapter or running
  text: its top-level headings, else its first short line standing alone (not a date,
  not the sender's name, not a label such as "NOTAT 2024"); else a meaningful declared
  title (not a file name, "Microsoft Word - …" or "untitled"); else the first line.
* **Publisher**: the body a colophon names ("Utgitt av …") or a letterhead shows, else
  the public body the front matter names most often (a directorate, ministry,
  institute, agency, county governor, health trust …), else none.
* **Date**: the first full date printed in the front matter (``12. mars 2024``,
  ``12.03.2024``, ``2024-03-12``); the year is that date's, else a year in the title,
  else the year of a month the front matter prints ("Februar 2024").
  Metadata dates are the file's, not the document's, and are not used.
* **Language**: bokmål, nynorsk or English, by counting each one's function words.
* **Sections**: the outline of ``ingest.parsers.outline`` (a section per heading and per
  box, nested by level, each with its own text); text before the first heading is a
  section named after the document. A heading that only names the sender (a
  letterhead) is text.

Nothing is taken from another document; what the document does not print stays empty.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from itertools import takewhile

from ingest import vocabulary as v
from ingest.blocks import HEADING, PARAGRAPH, Block, ReadDocument
from ingest.parsed import ParsedDocument
from ingest.parsers import outline
from ingest.parsers.news.listing import BOKMAL_MARKERS, NYNORSK_MARKERS
from ingest.parsers.outline import build_outline, split_number
from ingest.text import MONTHS, find_date, normalise_space

# The front matter (cover, title page, colophon): so many pages, or when the document
# is not paginated, so many blocks.
FRONT_PAGES = 4
FRONT_BLOCKS = 40
TITLE_MAX_CHARS = 300
# A standing-alone line longer than this is running text, not a title.
TITLE_LINE_MAX_CHARS = 160

_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(\d\d)-(\d\d)\b")
_PUBLISHER = re.compile(
    r"\b(?:"
    r"[A-ZÆØÅ][a-zæøå]+(?:-\s?og\s[a-zæøå]+)?"
    r"(?:direktoratet|departementet|instituttet|tilsynet|etaten|ombudet|rådet|verket|"
    r"banken|byrået|senteret|sentralbyrå)"
    r"|Statsforvalteren i [A-ZÆØÅ][\wæøå -]+?(?=[,.\n]|$)"
    r"|Statens [a-zæøå]+(?:\s[a-zæøå]+)?"
    r"|Helse (?:Sør-Øst|Vest|Midt-Norge|Nord) (?:RHF|HF)"
    r"|Regjeringen|Stortinget|KS|Sykehusinnkjøp HF|Norsk helsenett SF"
    r")"
)
MIN_PUBLISHER_MENTIONS = 2  # a body named once in passing is not the publisher
_PUBLISHED_BY = re.compile(r"^(?:Utgitt av|Utgjeve av|Published by)\s*:?\s*(.+)$", re.IGNORECASE)
_TYPE_LABEL = re.compile(
    r"^(?:notat|rapport|brev|rundskriv|veileder|rettleiar|strategi|plan|høringsnotat|"
    r"utredning|memo|report|note)(?:\s+(?:nr\.\s*)?[\d/.-]+)*$",
    re.IGNORECASE,
)
_MONTH_YEAR = re.compile(rf"\b(?:{'|'.join(MONTHS)})\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_MEANINGLESS_TITLE = re.compile(
    r"^(?:microsoft (?:word|powerpoint)\b|untitled|uten tittel|dokument\d*$|document\d*$)"
    r"|\.(?:docx?|pdf|txt|indd|rtf)$",
    re.IGNORECASE,
)
_ENGLISH_MARKERS = re.compile(r"\b(?:the|and|of|which|is|are|with|this|that|from)\b")


def score(doc: ReadDocument) -> float:
    """Any document with text is an ``other`` document; this family never bids."""
    return 0.0


def parse_blocks(doc: ReadDocument) -> tuple[ParsedDocument]:
    blocks = [block for block in doc.blocks if block.text.strip() or block.rows]
    if not blocks:
        raise ValueError("the file holds no text")
    front = front_matter(blocks)
    # A table's cells name other documents' dates and publishers (a list of reports):
    # what the document says of itself is in its running text.
    front_text = "\n".join(block.text for block in front if block.kind != "table")
    declared = printed_title(doc.metadata.title, front)
    title_blocks = [] if declared else title_page_headings(blocks)
    title = (
        declared
        or " ".join(block.text for block in title_blocks)
        or meaningful(doc.metadata.title)
        or first_line(blocks)
    )
    title = normalise_space(title)[:TITLE_MAX_CHARS]
    published = printed_date(front_text)
    year = published.year if published else title_year(title) or printed_year(front_text)
    # The title page, colophon and contents are the first section's text: their headings
    # ("NOTAT 2024", "Innhold") open no sections.
    cover = outline.front_matter(blocks, cover_line=is_label)
    in_cover = {id(blocks[index]) for index in cover}
    skip = frozenset(
        index for index, block in enumerate(blocks) if any(block is t for t in title_blocks)
    )
    sections = build_outline(
        blocks,
        front_title=title,
        heading=lambda block: id(block) not in in_cover and is_heading(block),
        skip=skip,
    ).sections
    body = "\n".join(block.text for block in blocks[:400])
    return (
        ParsedDocument(
            kind=v.OTHER,
            title=title,
            start_line=blocks[0].start_line,
            end_line=blocks[-1].end_line,
            publisher=publisher(front),
            published=published,
            year=year,
            language=language(body),
            sections=sections,
        ),
    )


# --- Front matter ---------------------------------------------------------------------------


def front_matter(blocks: Sequence[Block]) -> list[Block]:
    """The first pages (cover, title page, colophon), or the first blocks of an
    unpaginated document."""
    if blocks[0].page is not None:
        last = blocks[0].page + FRONT_PAGES - 1
        return [block for block in blocks if block.page is not None and block.page <= last]
    return list(blocks[:FRONT_BLOCKS])


def printed_title(declared: str, front: Sequence[Block]) -> str:
    """The title the file declares, when the front matter also prints it: then it is the
    document's own, typed by its publisher (the cover may set it in pieces)."""
    title = meaningful(declared)
    printed = {normalise_space(block.text).casefold() for block in front}
    return title if title and title.casefold() in printed else ""


def title_page_headings(blocks: Sequence[Block]) -> list[Block]:
    """The lines that title the document: on its title page, before the first chapter
    heading or running text, the top-level headings, else the first short line that
    stands alone (a text file has no type sizes to tell a title by)."""
    opening = list(takewhile(lambda block: not opens_body(block), blocks[:FRONT_BLOCKS]))
    headings = [block for block in opening if is_heading(block) and not is_label(block.text)]
    if headings:
        top = min(block.level for block in headings)
        first = next(block for block in headings if block.level == top)
        same = [b for b in headings if b.level == top and b.page == first.page]
        return same if len(same) <= 3 else [first]
    return [block for block in opening if is_title_line(block)][:1]


def opens_body(block: Block) -> bool:
    """A numbered heading or a paragraph of running text: the title page is behind."""
    if block.kind == HEADING:
        return bool(split_number(block.text)[0])
    return block.kind == PARAGRAPH and len(block.text) > TITLE_LINE_MAX_CHARS


def is_title_line(block: Block) -> bool:
    text = normalise_space(block.text)
    return (
        block.kind in (HEADING, PARAGRAPH)
        and 4 <= len(text) <= TITLE_LINE_MAX_CHARS
        and text[:1].isupper()
        and not text.endswith((".", ",", ":", ";"))
        and find_date(text) is None
        and not _PUBLISHER.fullmatch(text)
        and not is_label(text)
    )


def is_label(text: str) -> bool:
    """A document-type label on a cover ("NOTAT 2024", "Rapport"), not a title."""
    return bool(_TYPE_LABEL.match(normalise_space(text)))


def meaningful(title: str) -> str:
    title = normalise_space(title)
    if len(title) < 4 or not any(char.isalpha() for char in title):
        return ""
    return "" if _MEANINGLESS_TITLE.search(title) else title


def first_line(blocks: Sequence[Block]) -> str:
    return next((block.text.split("\n")[0] for block in blocks if block.text.strip()), "")


def publisher(front: Sequence[Block]) -> str:
    """The publisher a colophon names ("Utgitt av Folkehelseinstituttet") or a letterhead
    shows, else the body the front matter's running text names most often, at least twice
    (a table listing other bodies' documents names no publisher)."""
    for block in front:
        text = normalise_space(block.text)
        if (match := _PUBLISHED_BY.match(text)) and _PUBLISHER.match(match.group(1)):
            return _PUBLISHER.match(match.group(1)).group(0)
    for block in front:
        if _PUBLISHER.fullmatch(normalise_space(block.text)):
            return normalise_space(block.text)
    text = "\n".join(block.text for block in front if block.kind != "table")
    names = Counter(normalise_space(match.group(0)) for match in _PUBLISHER.finditer(text))
    found = names.most_common(1)
    return found[0][0] if found and found[0][1] >= MIN_PUBLISHER_MENTIONS else ""


def printed_date(front_text: str) -> date | None:
    found = find_date(front_text)
    iso = _ISO_DATE.search(front_text)
    if iso and (found is None or iso.start() < front_text.find(found[1])):
        try:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            pass
    return found[0] if found else None


def printed_year(front_text: str) -> int | None:
    """The year of a month the front matter prints ("Februar 2024")."""
    match = _MONTH_YEAR.search(front_text)
    return int(match.group(1)) if match else None


def title_year(title: str) -> int | None:
    years = _YEAR.findall(title)
    return int(years[-1]) if years else None


def language(text: str) -> str:
    """ "nb", "nn" or "en", whichever language's function words the text uses most."""
    counts = {
        "nb": len(BOKMAL_MARKERS.findall(text)),
        "nn": len(NYNORSK_MARKERS.findall(text)),
        "en": len(_ENGLISH_MARKERS.findall(text.lower())),
    }
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else "nb"


def is_heading(block: Block) -> bool:
    """A heading of the outline, unless it only names the sender (a letterhead, as
    letters print it above their title)."""
    return outline.is_heading(block) and not _PUBLISHER.fullmatch(normalise_space(block.text))
