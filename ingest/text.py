"""Text steps every parser shares: whitespace, Norwegian dates, amounts, sentences, wraps.

Pure functions over strings; the rules are those of SEEDS.md "Rules for all files".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import IntEnum

NBSP = "\xa0"
NARROW_NBSP = "\u202f"

_SPACE_RUN = re.compile(r"[ \t\xa0\u202f\u2007\u2009]+")


def normalise_space(text: str) -> str:
    """NBSP and narrow NBSP become spaces, runs of white space collapse, ends are stripped."""
    return _SPACE_RUN.sub(" ", text.replace("\n", " ")).strip()


def is_blank(line: str) -> bool:
    """True for a line holding nothing but white space (NBSPs included)."""
    return not normalise_space(line)


# --- Slugs -------------------------------------------------------------------------------

# Dashes separate like hyphens: "(2025–2026)" is "2025-2026", not "20252026".
_TRANSLITERATE = str.maketrans(
    {"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a", "–": "-", "—": "-"}
)


def slugify_no(text: str, *, max_length: int = 80) -> str:
    """A URL slug that keeps Norwegian letters readable (ø -> o, not dropped as Django does)."""
    from unicodedata import normalize

    ascii_text = normalize("NFKD", text.translate(_TRANSLITERATE)).encode("ascii", "ignore")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.decode().lower()).strip("-")
    return slug[:max_length].rstrip("-")


# --- Dates -------------------------------------------------------------------------------

# Bokmål and nynorsk month names are identical.
MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "januar",
            "februar",
            "mars",
            "april",
            "mai",
            "juni",
            "juli",
            "august",
            "september",
            "oktober",
            "november",
            "desember",
        ),
        start=1,
    )
}
_MONTH_ALTERNATION = "|".join(MONTHS)

# "1. mars 2017", "17.juni 2022", "14.desember" (year from context)
_WORD_DATE = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}})\.\s?(?P<month>{_MONTH_ALTERNATION})\b(?:\s+(?P<year>\d{{4}})\b)?",
    re.IGNORECASE,
)
# "1.1.2017", "01.01.17"; never "65.00.07" (an account code: day 65 is no day)
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?![\d.]\d)")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, *, default_year: int | None = None) -> tuple[date, str] | None:
    """The first full date in ``text`` with the text it was read from, or None.

    A day and month without a year ("14.desember") takes ``default_year`` (the
    reporting year) and is skipped when there is none. Seasons ("høsten 2024") are no
    dates.
    """
    candidates: list[tuple[int, date, str]] = []
    for match in _WORD_DATE.finditer(text):
        year = match.group("year")
        if year is None and default_year is None:
            continue
        found = _safe_date(
            int(year) if year else default_year,  # type: ignore[arg-type]
            MONTHS[match.group("month").lower()],
            int(match.group("day")),
        )
        if found:
            candidates.append((match.start(), found, match.group(0)))
            break
    for match in _NUMERIC_DATE.finditer(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000
        found = _safe_date(year, month, day)
        if found:
            candidates.append((match.start(), found, match.group(0)))
            break
    if not candidates:
        return None
    _, found, raw = min(candidates, key=lambda candidate: candidate[0])
    return found, raw


def parse_date(text: str, *, default_year: int | None = None) -> date | None:
    """The first full date in ``text``, or None."""
    found = find_date(text, default_year=default_year)
    return found[0] if found else None


# --- Numbers and money -------------------------------------------------------------------

# SEEDS.md rule 2: space, NBSP or both as thousands separator; decimal comma; ASCII minus.
NUMBER_PATTERN = r"-?\d{1,3}(?:[ \xa0\u202f]\d{3})*(?:,\d+)?"
_NUMBER = re.compile(rf"^{NUMBER_PATTERN}$")
_EMPTY_CELL = {"", "-", "–", "—"}


class Unit(IntEnum):
    """How many kroner one unit of a table or a phrase is worth."""

    KRONER = 1
    THOUSAND = 1_000
    MILLION = 1_000_000
    BILLION = 1_000_000_000


def parse_number(cell: str) -> Decimal | None:
    """A printed number as a Decimal; None for an empty cell or a dash.

    Raises ValueError for text that is neither, so a scrambled cell is noticed rather
    than read as zero.
    """
    text = cell.strip(" \t\xa0\u202f")
    if text in _EMPTY_CELL:
        return None
    if not _NUMBER.match(text):
        raise ValueError(f"not a number: {cell!r}")
    compact = re.sub(r"[ \xa0\u202f]", "", text).replace(",", ".")
    try:
        return Decimal(compact)
    except InvalidOperation as error:  # pragma: no cover - the regex admits only numbers
        raise ValueError(f"not a number: {cell!r}") from error


def to_kroner(value: Decimal | None, unit: Unit) -> int | None:
    """Whole kroner, exactly: 5,4 mill. is 5 400 000. None stays None (never 0)."""
    if value is None:
        return None
    kroner = value * int(unit)
    if kroner != kroner.to_integral_value():
        raise ValueError(f"{value} × {int(unit)} is not a whole number of kroner")
    return int(kroner)


def parse_kroner(cell: str, unit: Unit = Unit.KRONER) -> int | None:
    """A table cell as whole kroner (None for an empty cell)."""
    return to_kroner(parse_number(cell), unit)


_UNIT_WORDS = {
    "kr": Unit.KRONER,
    "kroner": Unit.KRONER,
    "mill.": Unit.MILLION,
    "mill": Unit.MILLION,
    "millioner": Unit.MILLION,
    "million": Unit.MILLION,
    "millionar": Unit.MILLION,
    "mrd.": Unit.BILLION,
    "mrd": Unit.BILLION,
    "milliarder": Unit.BILLION,
    "milliard": Unit.BILLION,
    "milliardar": Unit.BILLION,
}


def table_unit(caption: str) -> Unit | None:
    """The unit a table header or caption declares: "(i 1 000 kr)", "mill. kroner"."""
    text = normalise_space(caption).lower()
    if re.search(r"\bi\s+1\s?000\s+kr", text) or "i tusen kroner" in text:
        return Unit.THOUSAND
    if re.search(r"\bmill(?:\.|ioner)\s+kr", text):
        return Unit.MILLION
    if re.search(r"\bmrd\.\s+kr|\bmilliarder\s+kr", text):
        return Unit.BILLION
    if re.search(r"\bi\s+kroner\b", text):
        return Unit.KRONER
    return None


NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "éi": 1,
    "ei": 1,
    "to": 2,
    "tre": 3,
    "fire": 4,
    "fem": 5,
    "seks": 6,
    "sju": 7,
    "syv": 7,
    "åtte": 8,
    "ni": 9,
    "ti": 10,
    "elleve": 11,
    "tolv": 12,
    "femten": 15,
    "tjue": 20,
    "tretti": 30,
    "femti": 50,
    "hundre": 100,
}

# "325 mill. kroner", "3,5 mrd. kroner", "fire mill. kroner", "1 200 millioner kroner"
_AMOUNT = re.compile(
    rf"(?<![\w,])(?P<number>{NUMBER_PATTERN}|{'|'.join(NUMBER_WORDS)})"
    r"[ \xa0\u202f](?P<unit>mill\.|mrd\.|millioner|milliarder|millionar|milliardar)"
    r"[ \xa0\u202f]kroner\b",
    re.IGNORECASE,
)


def find_amounts(text: str) -> list[tuple[int, str]]:
    """Every ``<number|word> mill./mrd. kroner`` amount in prose, in kroner, with its text."""
    found = []
    for match in _AMOUNT.finditer(text):
        number_text = match.group("number")
        word = NUMBER_WORDS.get(number_text.lower())
        value = Decimal(word) if word is not None else parse_number(number_text)
        kroner = to_kroner(value, _UNIT_WORDS[match.group("unit").lower()])
        if kroner is not None:
            found.append((kroner, match.group(0)))
    return found


def find_amount(text: str) -> int | None:
    """The first prose amount in kroner, or None."""
    amounts = find_amounts(text)
    return amounts[0][0] if amounts else None


# --- Sentences ---------------------------------------------------------------------------

# SEEDS.md rule 5: abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = (
    "bl.a.",
    "f.eks.",
    "jf.",
    "mill.",
    "mrd.",
    "kr.",
    "nr.",
    "St.",
    "Prop.",
    "Meld.",
    "Innst.",
    "dvs.",
    "mv.",
    "m.m.",
    "kap.",
    "post.",
    "ca.",
    "pst.",
    "pkt.",
    "ev.",
    "evt.",
    "inkl.",
    "ifm.",
    "dok.",
)
_BOUNDARY = re.compile(r"[.!?»]\s+(?=[A-ZÆØÅ«0-9])")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences, keeping the abbreviations of rule 5 inside them."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + 1
        if _ends_with_abbreviation(text[start:end]):
            continue
        sentence = text[start:end].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


_ABBREVIATIONS_LOWER = tuple(abbreviation.lower() for abbreviation in ABBREVIATIONS)


def _ends_with_abbreviation(text: str) -> bool:
    """True when ``text`` ends with a whole-word abbreviation ("Jf." yes, "tjf." no)."""
    lowered = text.lower()
    for abbreviation in _ABBREVIATIONS_LOWER:
        if lowered.endswith(abbreviation):
            head = lowered[: -len(abbreviation)]
            if not head or not head[-1].isalnum():
                return True
    return False


# --- Wrapped lines -----------------------------------------------------------------------

_SUSPENDED = re.compile(r"-\s+$")  # "Helse- " + "og omsorgsdepartementet"
_BROKEN_WORD = re.compile(r"(?<=[a-zæøå])-$")  # "kvalitetsutviklings-" + "arbeid"


def join_wrapped(lines: Iterable[str]) -> str:
    """Join hard-wrapped lines into one paragraph, deciding each hyphen on the raw line end.

    ``"- "`` at a line end is a suspended compound and keeps its hyphen, followed by a
    space; ``"-"`` between lower-case letters is a broken word and is dropped; any other
    hyphen ("ISF-" + "ordningen") is kept and the parts joined without a space.
    """
    text = ""
    previous_raw = ""
    for raw in lines:
        piece = normalise_space(raw)
        if not piece:
            continue
        if not text:
            text = piece
        elif _SUSPENDED.search(previous_raw):
            text = f"{text} {piece}"
        elif _BROKEN_WORD.search(previous_raw.rstrip()) and piece[:1].islower():
            text = text[:-1] + piece
        elif text.endswith("-"):
            text += piece
        else:
            text = f"{text} {piece}"
        previous_raw = raw
    return text


def drop_repeated_paragraphs(paragraphs: Sequence[str]) -> list[str]:
    """SEEDS.md rule 6: a paragraph repeating an earlier one in the same section goes."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = normalise_space(paragraph)
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


# --- Markup and notes --------------------------------------------------------------------

_MARKDOWN = (
    (re.compile(r"\*\*(.+?)\*\*"), r"\1"),  # **bold**
    (re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"), r"\1"),  # *italic*
    (re.compile(r"\[([^\]]+)\]\(#[^)]*\)"), r"\1"),  # [text](#anchor)
    (re.compile(r"\^\[\d+\]"), ""),  # ^[1]
    (re.compile(r"\[\d+\]"), ""),  # [7]
    (re.compile(r"</?(?:i|b|em|strong|u|sup|sub|br)\s*/?>", re.IGNORECASE), ""),
)


def strip_markup(text: str) -> str:
    """Remove markdown and HTML residue of a web/DOCX export, keeping the words."""
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return text


# 001 rule: a footnote digit glued to a word of four or more lower-case letters.
_FOOTNOTE_DIGIT = re.compile(r"(?<=[a-zæøå]{4})\d(?=[\s.,]|$)")


def strip_footnote_digits(text: str) -> str:
    """Drop footnote digits glued to prose words ("helseproblemer1." -> "helseproblemer.").

    Keeps "HelseOmsorg21" (upper case before the digits) — use on PDF prose only: in
    002, "diabetes type2" is real text.
    """
    return _FOOTNOTE_DIGIT.sub("", text)
