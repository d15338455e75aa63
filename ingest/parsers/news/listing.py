"""Reads a news listing (seed 000: Helsedirektoratet's) into one ParsedDocument per item.

Input: the :class:`SourceText` of the listing, an HTML page flattened to text, where each
news item is a card among whitespace-only lines. Output: a tuple of ParsedDocument of kind
``news``, sorted by date and then title, each holding one level-1 section with the
item's summary and line range; no measures, decisions or budget lines. The listing never
names its publisher, so ``publisher`` stays "" for the manifest to fill.

Choices about the source (SEEDS.md "000"), made so that any listing of the same shape
reads, whatever its indentation and spacing:

* The date line is the only anchor: a line that is only ``D. måned YYYY``, at any
  indentation. The title is the nearest non-blank line at most four lines above it (in
  the seed: four above, 16 spaces in), and the summary starts on a non-blank line at
  most three below it (in the seed: three below); the parser never counts by stride.
* The summary is the run of non-blank lines from there up to the first blank line,
  joined with ``join_wrapped``. No non-blank line within three lines of the date means
  no summary (5141), so the next card's title is never taken. A summary that runs into
  the next card's title line without a blank line stops there, with a warning.
* The published date comes from the date line only; dates inside titles (12057) are
  ignored. A date line naming an impossible day keeps its item, undated, with a warning.
* Language: ``nn`` when the nynorsk markers of SEEDS.md outnumber their bokmål
  counterparts in title and summary together, else ``nb``. Function words count as
  whole words; the four noun markers (sjukehus, tenester, tilskot, rettleiar and their
  bokmål partners) count anywhere inside a word, so "tilskotsordningar", "rettleiaren"
  and "helsetenesta" count too ("tenester"/"tjenester" as "teneste"/"tjeneste"). A tie with markers on both sides is read as ``nb`` and
  warned about: the listing mixes the norms inside one item (6203 "har ikke halde fram").
  A tie at zero is warned about only when unmistakably nynorsk forms (ein, ho, no,
  Noreg, legar ...) appear, as in 4997 and 145; the rule still reads such items as ``nb``.
* Duplicates: items sharing (normalised title, date) are one item; the copy with the
  longer summary is kept (the earlier on a tie) and the kept one carries a warning.
  Different items whose slugs still collide get "-2", "-3", ... in sorted order.
* A date line with no title line above it (near the top of a truncated text, or a lost
  title) gives an item titled "" with a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from ingest.parsed import ParsedDocument, ParsedSection, SourceText
from ingest.text import MONTHS, is_blank, join_wrapped, normalise_space, slugify_no
from ingest.vocabulary import NEWS

# A date standing alone on its line, at any indentation ("15. mars 2024", "5. mai 2023").
DATE_LINE = re.compile(rf"^\s*(\d{{1,2}})\. ({'|'.join(MONTHS)}) (\d{{4}})\s*$")
# A card's title is the nearest non-blank line at most this many lines above its date,
# and its summary starts at most this many lines below it (seed 000: 4 and 3).
TITLE_WINDOW = 4
SUMMARY_WINDOW = 3

# recognise() wants the anchor "several times": one or two date lines could be chance.
MIN_DATE_LINES = 3

# Nynorsk marker -> its bokmål counterpart (SEEDS.md "000", Language).
NYNORSK_TO_BOKMAL = {
    "ikkje": "ikke",
    "eit": "et",
    "dei": "de",
    "frå": "fra",
    "kva": "hva",
    "korleis": "hvordan",
    "meir": "mer",
    "fleire": "flere",
    "berre": "bare",
    "sjukehus": "sykehus",
    "tenester": "tjenester",
    "tilskot": "tilskudd",
    "rettleiar": "veileder",
    "seier": "sier",
}
# Nouns inflect and compound ("tilskotsordningar", "helsetenesta", "universitetssjukehus"),
# so they count anywhere inside a word; "tenester"/"tjenester" as "teneste"/"tjeneste" to
# catch the singular and definite forms too.
NOUN_STEMS = {
    "sjukehus": "sjukehus",
    "sykehus": "sykehus",
    "tenester": "teneste",
    "tjenester": "tjeneste",
    "tilskot": "tilskot",
    "tilskudd": "tilskudd",
    "rettleiar": "rettleiar",
    "veileder": "veileder",
}


def _marker_pattern(words: list[str]) -> re.Pattern[str]:
    alternatives = [
        rf"\w*{NOUN_STEMS[word]}\w*" if word in NOUN_STEMS else re.escape(word) for word in words
    ]
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


NYNORSK_MARKERS = _marker_pattern(list(NYNORSK_TO_BOKMAL))
BOKMAL_MARKERS = _marker_pattern(list(NYNORSK_TO_BOKMAL.values()))
# Forms bokmål never uses. They do not decide the language (the markers do), but on a
# tie they flag the item for review: 4997 "... i Noreg" and 145 "Ho går inn i rolla" have
# no marker at all. "no" after a dot is a domain ("helsenorge.no"), not "now".
NYNORSK_HINTS = re.compile(
    r"(?<![\w.])(?:ein|òg|mykje|noreg|nokre|nokon|eigen|ho|no|kjem|desse|hjå"
    r"|legar|pasientar|brukarar)(?!\w)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NewsCard:
    """One item as read from the listing, before sorting and de-duplication."""

    title: str
    published: date | None
    summary: str
    start_line: int
    end_line: int
    warnings: tuple[str, ...] = ()
    body: str = ""  # a whole article's text, where there is more than the summary

    @property
    def key(self) -> tuple[str, date | None]:
        return self.title, self.published


def recognise(source: SourceText) -> bool:
    """True when the text is a news listing: a titled date line recurs."""
    found = 0
    for number in find_date_lines(source):
        if title_line_above(source, number) is not None:
            found += 1
            if found >= MIN_DATE_LINES:
                return True
    return False


def parse_news(source: SourceText) -> tuple[ParsedDocument, ...]:
    """One ParsedDocument of kind ``news`` per item, sorted by date and then title."""
    date_lines = list(find_date_lines(source))
    if not date_lines:
        raise ValueError(f"{source.name}: no news dates found (no line that is only a date)")
    cards = [
        read_card(source, date_line, next_date_line)
        for date_line, next_date_line in zip(date_lines, [*date_lines[1:], None], strict=True)
    ]
    cards = sorted(drop_duplicates(cards), key=_sort_key)
    slugs = unique_slugs(cards)
    return tuple(to_document(card, slug) for card, slug in zip(cards, slugs, strict=True))


def find_date_lines(source: SourceText) -> Iterator[int]:
    """The 1-based numbers of the lines that are a card's date, in file order."""
    for number, line in enumerate(source.lines, start=1):
        # Cheap prefilter: a date line holds a digit within its first 40 characters.
        if any(char.isdigit() for char in line[:40]) and DATE_LINE.match(line):
            yield number


def parse_date_line(line: str) -> date | None:
    """The date of a date line ("    15. mars 2024"), None for an impossible day."""
    match = DATE_LINE.match(line)
    if match is None:
        return None
    day, month, year = match.groups()
    try:
        return date(int(year), MONTHS[month], int(day))
    except ValueError:
        return None


def read_card(source: SourceText, date_line: int, next_date_line: int | None) -> NewsCard:
    """The item whose date is on ``date_line``; ``next_date_line`` bounds its summary."""
    warnings: list[str] = []
    published = parse_date_line(source.line(date_line))
    if published is None:
        warnings.append(
            f"line {date_line}: {normalise_space(source.line(date_line))!r} is no real date"
        )
    title, title_line, title_warning = read_title(source, date_line)
    if title_warning:
        warnings.append(title_warning)
    # A summary never reaches the next card's title (or, without one, its date).
    if next_date_line is None:
        limit = len(source.lines)
    else:
        limit = (title_line_above(source, next_date_line) or next_date_line) - 1
    first = next(
        (
            number
            for number in range(date_line + 1, min(date_line + SUMMARY_WINDOW, limit) + 1)
            if not is_blank(source.line(number))
        ),
        limit + 1,
    )
    summary_lines, stopped_early = read_summary_lines(source, first, limit)
    if stopped_early:
        warnings.append(
            f"line {date_line}: summary runs into the next item; stopped before its title"
        )
    end_line = summary_lines[-1] if summary_lines else date_line
    return NewsCard(
        title=title,
        published=published,
        summary=join_wrapped(source.line(number) for number in summary_lines),
        start_line=title_line or date_line,
        end_line=end_line,
        warnings=tuple(warnings),
    )


def read_title(source: SourceText, date_line: int) -> tuple[str, int | None, str]:
    """(normalised title, its line or None, a warning or "") for the card dated on ``date_line``."""
    title_line = title_line_above(source, date_line)
    if title_line is None:
        return "", None, f"line {date_line}: no title line above the date"
    return normalise_space(source.line(title_line)), title_line, ""


def title_line_above(source: SourceText, date_line: int) -> int | None:
    """The nearest non-blank line above a date line, within the title window."""
    for number in range(date_line - 1, max(date_line - TITLE_WINDOW, 1) - 1, -1):
        line = source.line(number)
        if not is_blank(line):
            return None if DATE_LINE.match(line) else number
    return None


def read_summary_lines(source: SourceText, first: int, limit: int) -> tuple[list[int], bool]:
    """The summary's lines: the non-blank lines from ``first`` up to the first blank one.

    ``limit`` is the last line the summary may use. Returns the line numbers and whether
    the scan hit ``limit`` (before the end of the text) without meeting a blank line.
    """
    if first > limit or is_blank(source.line(first)):
        return [], False
    numbers = []
    for number in range(first, limit + 1):
        if is_blank(source.line(number)):
            return numbers, False
        numbers.append(number)
    return numbers, limit < len(source.lines)


def detect_language(text: str) -> tuple[str, str]:
    """("nn" or "nb", a warning or "") by counting nynorsk markers against bokmål ones."""
    nynorsk = len(NYNORSK_MARKERS.findall(text))
    bokmal = len(BOKMAL_MARKERS.findall(text))
    if nynorsk > bokmal:
        return "nn", ""
    if nynorsk == bokmal:
        hints = sorted({hint.lower() for hint in NYNORSK_HINTS.findall(text)})
        if nynorsk or hints:
            also = f", nynorsk forms {', '.join(hints)}" if hints else ""
            return "nb", (
                f"language unsure: {nynorsk} nynorsk and {bokmal} bokmål markers{also}; read as nb"
            )
    return "nb", ""


def drop_duplicates(cards: list[NewsCard]) -> list[NewsCard]:
    """One card per (title, date): the longest summary wins, the earlier on a tie.

    Cards without a title are never merged: two lost titles are no evidence of one item.
    """
    copies: dict[tuple[str, date | None] | int, list[NewsCard]] = {}
    for card in cards:
        copies.setdefault(card.key if card.title else card.start_line, []).append(card)
    kept = []
    for group in copies.values():
        best = max(group, key=lambda card: (len(card.summary), -card.start_line))
        if len(group) > 1:
            others = ", ".join(str(card.start_line) for card in group if card is not best)
            best = _with_warning(best, f"duplicate item: same title and date at line(s) {others}")
        kept.append(best)
    return kept


def unique_slugs(cards: list[NewsCard]) -> list[str]:
    """``<iso date>-<slugified title>`` per card, with "-2", "-3"... where two collide."""
    bases = [
        f"{card.published.isoformat() if card.published else 'udatert'}-"
        + (slugify_no(card.title) or "uten-tittel")
        for card in cards
    ]
    # A suffixed slug must not take a later title's own slug ("Ny rapport 2").
    taken = set(bases)
    suffixes: Counter[str] = Counter()
    slugs = []
    for base in bases:
        suffixes[base] += 1
        if suffixes[base] == 1:
            slugs.append(base)
            continue
        slug = f"{base}-{suffixes[base]}"
        while slug in taken:
            suffixes[base] += 1
            slug = f"{base}-{suffixes[base]}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def to_document(card: NewsCard, slug: str) -> ParsedDocument:
    language, language_warning = detect_language(f"{card.title} {card.summary}")
    warnings = card.warnings + ((language_warning,) if language_warning else ())
    section = ParsedSection(
        position=0,
        parent=None,
        level=1,
        number="",
        title=card.title,
        text=card.body or card.summary,
        start_line=card.start_line,
        end_line=card.end_line,
    )
    return ParsedDocument(
        kind=NEWS,
        title=card.title,
        start_line=card.start_line,
        end_line=card.end_line,
        slug=slug,
        published=card.published,
        year=card.published.year if card.published else None,
        language=language,
        summary=card.summary,
        sections=(section,),
        warnings=warnings,
    )


def _sort_key(card: NewsCard) -> tuple[date, str, int]:
    # Undated items (an impossible date line) go last rather than breaking the sort.
    return card.published or date.max, card.title, card.start_line


def _with_warning(card: NewsCard, warning: str) -> NewsCard:
    return replace(card, warnings=(*card.warnings, warning))
