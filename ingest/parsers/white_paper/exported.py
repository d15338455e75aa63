"""White papers (Meld. St.) in their one-paragraph-per-line text export -> one ParsedDocument.

Input: the SourceText of a white paper such as Meld. St. 9 (2023–2024) Nasjonal helse- og
samhandlingsplan (seed 004). Output: a 1-tuple holding a ``white_paper`` ParsedDocument with
chapters, sub-headings and boxes as Sections, every "Regjeringen vil" bullet as a
``regjeringen_vil`` Measure and every quoted Storting request decision as an
``anmodningsvedtak`` Decision, all with 1-based raw line ranges. No budget lines.

Choices made about the source (SEEDS.md, section 004):

* Identity. Title and reference come from the manifest (the text never prints "Meld. St. 9
  (2023–2024)"), so both stay "". The signature ``<ministry> / tilrår: / Tilråding fra
  <ministry> <date> om … blir sendt Stortinget.`` gives ``published`` (the date), ``year`` and
  ``publisher`` (the ministry); "Tilråding frå" marks a nynorsk paper (``nn``). The signature is
  no Section; the document's range runs from line 1 to the signature's last line.
* Chapters are unnumbered. Chapter 1 is the first non-blank line; chapters 2..N are the titles
  the Sammendrag lists as ``Kapittel N <title> <verb> …`` (the title is cut before the first
  verb such as "presenterer" or "handler om", or at the first full stop); the last chapter is
  the standard "Økonomiske og administrative konsekvenser". Each title is matched to the first
  exact stripped line after the previous chapter, never globally (chapter 11 repeats chapter
  titles as sub-headings). When no line matches exactly, a heading-shaped line at least 90 %
  similar is taken and a warning names both spellings (the Sammendrag writes "fødesels-").
  The heading's spelling is stored; numbers are "1".."N" in Sammendrag order.
* Headings below a chapter are all level 2 without a number (depth is not recoverable): a
  stripped line of at most 130 characters, starting upper-case, "«" or "#", not ending in
  ``. : ; ,`` or a quoted sentence's ``.»`` (a final abbreviation such as "mv." is no
  sentence end: 971 is a heading), without a TAB (table cells, numbered lists), not a
  "Kilde:"/"Fotnote" line, not a "Label: value" line ("Mål én: Trygt å melde"), not ending in
  a lead-in word ("… for å").
  Also not headings: captions (the line after ``[image: ]``; a leading-space line ending in
  "." or a year range; a line directly above a TAB table), a repeat of the heading above, and
  list items.
* Lists. After a line ending in ":", "å" or "gjennom" the following lines of at most 250
  characters (up to a blank, a marker or a leading-space line) are list items. Only the last
  line of such a run can still be a heading: when it is the run's only line (137) or its style
  (first-letter case, final full stop) differs from the line before it (1626, 1764).
* Boxes. A "Regjeringen vil" line opens a box that ends at ``[Boks slutt]`` or at the first
  line starting with a space, whichever comes first (a chapter heading also ends it, with a
  warning). Every other ``[Boks slutt]`` closes a box whose title is the nearest heading
  candidate above it, list items skipped; a title ending in ":" is taken only when no
  colon-free candidate exists back to the previous box, chapter or leading-space line. A box is
  a child Section one level below the section it sits in; that section's text resumes after
  it. A float that ends only at a leading-space line stays in the text: no box Section; its
  title is judged as any other line (1764 is a heading), so the text after the leading-space
  line falls in that heading's section.
* Line ranges. Sections run from their heading to their last content line, children included;
  the ``[Boks slutt]`` marker and trailing blanks are outside every range.
* Text. A section's own text leaves out its child boxes; footnote references and bodies are
  stripped after the ranges are fixed (bodies may span lines and contain nested brackets such
  as "[rapport]"; an unclosed body is cut at its line end, with a warning), ``[Boks slutt]``
  and ``[image: ]`` lines dropped, one paragraph per line (a TAB table cell is a line too),
  whitespace normalised, repeats within a section dropped, paragraphs joined by a blank line.
* Measures. In a "Regjeringen vil" box, lead-ins are no Measures: the bare "Regjeringen vil"
  title, a "Regjeringen vil …" line ending in ":", "gjennom å", "gjennom" or "ved å", and any
  other line ending in ":" that is not a "… ved å:" item. Every other line is one Measure,
  verbatim (title and text alike). The lower-case lines after a "ved å:" item are its
  sub-items (``parent`` = the item's index). ``year`` = the tilråding year.
* Decisions. A line ending in ":" that mentions "vedtak", followed by a line wholly in
  «Stortinget ber regjeringen …», is an ``anmodningsvedtak``: ``number`` from "Vedtak N" or
  "vedtak (nr. N)" (never "Lovvedtak 47"), ``date`` from the intro if it has one, no session,
  ``text`` = the quote without its outer guillemets, ``origin`` = the intro sentence,
  ``title`` = the title of the section it stands in, ``key`` = "vedtak-<number>" (a repeated
  number gets its date, then its line appended), range = intro to quote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from ingest.parsed import (
    ParsedDecision,
    ParsedDocument,
    ParsedMeasure,
    ParsedSection,
    SourceText,
)
from ingest.text import ABBREVIATIONS, drop_repeated_paragraphs, find_date, normalise_space
from ingest.vocabulary import ANMODNINGSVEDTAK, REGJERINGEN_VIL, WHITE_PAPER

# --- Source patterns ---------------------------------------------------------------------

BOX_END = "[Boks slutt]"
IMAGE = "[image: ]"
REGJERINGEN_VIL_TITLE = "Regjeringen vil"
LAST_CHAPTER_TITLES = ("Økonomiske og administrative konsekvenser",)

_TILRAR = re.compile(r"^tilrår:$")
_TILRADING = re.compile(
    r"^Tilråding (?P<from>fr[aå]) (?P<ministry>.+?) (?P<date>\d{1,2}\.\s?[a-zæøå]+ \d{4})"
    r"(?: om .+?)? blir sendt? Stortinget\.?$"
)
# How far from the end the signature may start, in non-blank lines.
_SIGNATURE_WINDOW = 8

_SUMMARY_LINE = re.compile(r"^Kapittel (?P<number>\d{1,2}) (?P<rest>.+)$")
# What follows a chapter title in the Sammendrag: "Kapittel 4 <title> handler om …".
_SUMMARY_VERBS = re.compile(
    r"\s(?:presenterer|handler om|inneholder|beskriver|omhandler|omtaler|drøfter|gir|"
    r"tar for seg|tar opp|redegjør|viser|går gjennom|legger fram|gjør rede)\s"
    r"|\.(?:\s|$)"
)
_FUZZY_TITLE_RATIO = 0.9

_FOOTNOTE_REF = re.compile(r"\[footnoteRef:\d+\]")
_FOOTNOTE_BODY_START = re.compile(r"\[\d+: ")
# A footnote body runs on over at most this many line breaks (body 19: one).
MAX_FOOTNOTE_LINE_BREAKS = 3

MAX_HEADING_LENGTH = 130
MAX_LIST_ITEM_LENGTH = 250
_HEADING_START = re.compile(r"^[A-ZÆØÅÄÖÜÉ«#]")
_NOT_HEADING_START = re.compile(r"^(?:Kilder?:|Fotnote\b|Figur\b|Tabell\b)")
# "Mål én: Trygt å melde", "Praksis i par: Studenter …": a label of one to three words.
_LABEL_VALUE = re.compile(r"^[^\W\d_]+(?: [^\W\d_]+){0,2}: \S")
_SOURCE_LINE = re.compile(r"^Kilder?:")
# Words a heading never ends in but a lead-in does ("… omfatter innsats for å").
_LEAD_IN_LAST_WORDS = frozenset({"å", "gjennom", "og", "eller", "som", "at"})
_YEAR_RANGE_END = re.compile(r"\d{4}\s?[–-]\s?\d{4}$")

_DECISION_QUOTE = re.compile(r"^«Stortinget ber regjeringen\b.*»$")
_DECISION_NUMBER = (
    re.compile(r"(?<![\w])Vedtak (?:nr\. ?)?(\d+)"),
    re.compile(r"\bvedtak \(nr\. ?(\d+)\)"),
)


# --- Intermediate values -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Signature:
    """The closing ``tilrår:`` block: where it starts and what it says."""

    start_line: int
    end_line: int
    ministry: str
    published: date | None
    language: str


@dataclass(frozen=True, slots=True)
class Chapter:
    number: str
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Box:
    """A box: its title line and its last line before ``[Boks slutt]`` or the resuming text."""

    title_line: int
    last_line: int
    title: str
    holds_measures: bool


class SourceLines:
    """The raw lines plus their footnote-free, whitespace-normalised text, 1-based."""

    def __init__(self, raw: Sequence[str]) -> None:
        self.raw = tuple(raw)
        self.count = len(self.raw)
        self.clean = _clean_lines(self.raw)

    def text(self, number: int) -> str:
        return self.clean[number - 1] if 1 <= number <= self.count else ""

    def raw_line(self, number: int) -> str:
        return self.raw[number - 1] if 1 <= number <= self.count else ""

    def is_blank(self, number: int) -> bool:
        return not self.text(number)

    def has_tab(self, number: int) -> bool:
        return "\t" in self.raw_line(number)

    def heading_shaped(self, number: int, *, allow_colon: bool = False) -> bool:
        """is_heading_shaped() for a line that is no TAB table cell or numbered-list item."""
        return not self.has_tab(number) and is_heading_shaped(
            self.text(number), allow_colon=allow_colon
        )

    def starts_with_space(self, number: int) -> bool:
        """A leading space (not a table row's " \\t") marks the first line after a float."""
        raw = self.raw_line(number)
        return raw[:1] == " " and raw.lstrip(" ")[:1] not in ("", "\t")


# --- Public API --------------------------------------------------------------------------


def recognise(source: SourceText) -> bool:
    """True for a white paper: ``tilrår:`` followed by ``Tilråding fra … blir sendt Stortinget.``
    among the last non-blank lines."""
    return _find_signature(_tail(source.lines)) is not None


def parse_white_paper(source: SourceText) -> tuple[ParsedDocument]:
    """Parse one white paper into a 1-tuple of ParsedDocument (see the module docstring)."""
    lines = SourceLines(source.lines)
    last_line = _last_non_blank(lines)
    if last_line == 0:
        raise ValueError(f"{source.name}: empty text")
    warnings = [
        f"footnote body at line {number} has no closing bracket; cut at its line end"
        for number in unclosed_footnote_lines(source.lines)
    ]

    signature = _find_signature(_tail(source.lines))
    if signature is None:
        warnings.append(
            "no 'tilrår:' / 'Tilråding fra … blir sendt Stortinget.' signature: "
            "publication date, year and publisher unknown"
        )
    content_end = _last_non_blank(lines, before=signature.start_line) if signature else last_line

    summary = summary_chapter_titles(lines, content_end)
    if not summary and signature is None:
        raise ValueError(
            f"{source.name}: not a white paper in the expected export "
            "(no 'Kapittel N …' chapter overview and no tilråding signature)"
        )
    chapters = find_chapters(lines, summary, content_end, warnings)
    year = signature.published.year if signature and signature.published else None

    measure_boxes = find_regjeringen_vil_boxes(lines, chapters, content_end, warnings)
    list_items = find_list_items(lines, content_end)
    boxes = sorted(
        measure_boxes
        + find_marked_boxes(lines, chapters, measure_boxes, list_items, content_end, warnings),
        key=lambda box: box.title_line,
    )
    headings = find_headings(lines, chapters, boxes, list_items, content_end)

    outline = build_outline(lines, chapters, headings, boxes, content_end)
    sections = tuple(_section(lines, node) for node in outline)
    measures = find_measures(lines, outline, year)
    decisions = find_decisions(lines, outline, content_end, warnings)

    document = ParsedDocument(
        kind=WHITE_PAPER,
        title="",
        start_line=_first_non_blank(lines),
        end_line=signature.end_line if signature else last_line,
        publisher=signature.ministry if signature else "",
        published=signature.published if signature else None,
        year=year,
        language=signature.language if signature else "nb",
        sections=sections,
        measures=measures,
        decisions=decisions,
        warnings=tuple(warnings),
    )
    return (document,)


# --- Footnotes and clean lines -----------------------------------------------------------


def strip_footnotes(text: str, *, keep_line_breaks: bool = False) -> str:
    """Remove ``[footnoteRef:N]`` marks and ``[N: …]`` bodies.

    Bodies may span lines (body 19 runs on at line 128) and hold nested brackets ("…
    [rapport]"). ``keep_line_breaks`` leaves a body's line breaks in place, so that the
    lines of a whole text keep their numbers.
    """
    text = _FOOTNOTE_REF.sub("", text)
    pieces = []
    position = 0
    for start, end, _ in footnote_bodies(text):
        pieces.append(text[position:start])
        if keep_line_breaks:
            pieces.append("\n" * text.count("\n", start, end))
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def footnote_bodies(text: str) -> Iterable[tuple[int, int, bool]]:
    """(start, end, closed) of every footnote body in ``text``.

    A body whose closing bracket does not come within a few lines is taken to end with its
    first line (``closed`` False), so a mangled body never swallows the text after it.
    """
    position = 0
    while match := _FOOTNOTE_BODY_START.search(text, position):
        start = match.start()
        end = _closing_bracket(text, start)
        closed = end is not None
        if end is None:
            line_end = text.find("\n", start)
            end = len(text) if line_end == -1 else line_end
        yield start, end, closed
        position = max(end, start + 1)


def _closing_bracket(text: str, opening: int) -> int | None:
    """The offset just past the bracket closing the one at ``opening``, if near enough."""
    depth = 0
    line_breaks = 0
    for offset in range(opening, len(text)):
        character = text[offset]
        if character == "[":
            depth += 1
        elif character == "]":
            depth -= 1
            if depth == 0:
                return offset + 1
        elif character == "\n":
            line_breaks += 1
            if line_breaks > MAX_FOOTNOTE_LINE_BREAKS:
                return None
    return None


def _clean_lines(raw: Sequence[str]) -> tuple[str, ...]:
    """Each line's text without footnotes, normalised; lines inside a footnote body are ""."""
    text = strip_footnotes("\n".join(raw), keep_line_breaks=True)
    return tuple(normalise_space(line) for line in text.split("\n"))


def unclosed_footnote_lines(raw: Sequence[str]) -> list[int]:
    """Lines where a footnote body starts but does not end (a mangled source)."""
    text = _FOOTNOTE_REF.sub("", "\n".join(raw))
    return [
        text.count("\n", 0, start) + 1 for start, _, closed in footnote_bodies(text) if not closed
    ]


# --- Signature ---------------------------------------------------------------------------


def _tail(raw: Sequence[str]) -> list[tuple[int, str]]:
    """The last non-blank lines as (line number, stripped text), in document order."""
    tail: list[tuple[int, str]] = []
    for index in range(len(raw) - 1, -1, -1):
        text = normalise_space(raw[index])
        if text:
            tail.append((index + 1, text))
            if len(tail) == _SIGNATURE_WINDOW:
                break
    tail.reverse()
    return tail


def _find_signature(tail: Sequence[tuple[int, str]]) -> Signature | None:
    for position, (number, text) in enumerate(tail):
        if not _TILRAR.match(text):
            continue
        following = tail[position + 1 :]
        if not following:
            return None
        # The Tilråding sentence may wrap; read it as one line.
        sentence = " ".join(text for _, text in following)
        match = _TILRADING.match(sentence)
        if not match:
            return None
        found = find_date(match.group("date"))
        ministry_line = tail[position - 1][0] if position > 0 else number
        return Signature(
            start_line=ministry_line,
            end_line=following[-1][0],
            ministry=match.group("ministry"),
            published=found[0] if found else None,
            language="nn" if match.group("from") == "frå" else "nb",
        )
    return None


def _first_non_blank(lines: SourceLines) -> int:
    for number in range(1, lines.count + 1):
        if lines.raw_line(number).strip():
            return number
    return 0


def _last_non_blank(lines: SourceLines, *, before: int | None = None) -> int:
    start = (before - 1) if before is not None else lines.count
    for number in range(min(start, lines.count), 0, -1):
        if lines.raw_line(number).strip():
            return number
    return 0


# --- Chapters ----------------------------------------------------------------------------


def summary_chapter_titles(lines: SourceLines, content_end: int) -> list[tuple[str, str, str]]:
    """(number, title, whole sentence) for the first run of Sammendrag lines "Kapittel N …"."""
    found: list[tuple[str, str, str]] = []
    for number in range(1, content_end + 1):
        match = _SUMMARY_LINE.match(lines.text(number))
        if match:
            previous = int(found[-1][0]) if found else 0
            if int(match.group("number")) <= previous:
                break
            rest = match.group("rest")
            found.append((match.group("number"), title_from_summary(rest), rest))
        elif found:
            break
    return found


def title_from_summary(sentence: str) -> str:
    """The chapter title at the head of a Sammendrag sentence ("<title> presenterer …")."""
    cut = _SUMMARY_VERBS.search(sentence)
    return (sentence[: cut.start()] if cut else sentence).strip()


def find_chapters(
    lines: SourceLines,
    summary: Sequence[tuple[str, str, str]],
    content_end: int,
    warnings: list[str],
) -> list[Chapter]:
    """Chapter 1 at the first line, the Sammendrag's chapters in sequence, then the last one."""
    first = _first_non_blank(lines)
    if first == 0 or first > content_end:
        warnings.append("no text before the signature: no chapters")
        return []
    chapters = [Chapter("1", lines.text(first), first)]
    if not summary:
        warnings.append("no Sammendrag lines 'Kapittel N …': only chapter 1 is known")
    for number, title, sentence in summary:
        line = _match_chapter_line(lines, title, sentence, chapters[-1].line, content_end)
        if line is None:
            warnings.append(f"chapter {number} ({title!r}) named in the Sammendrag not found")
            continue
        heading = lines.text(line)
        if heading != title and not sentence.startswith(heading):
            warnings.append(
                f"chapter {number}: heading at line {line} {heading!r} differs from the "
                f"Sammendrag's {title!r}"
            )
        chapters.append(Chapter(number, heading, line))
    if summary:
        _append_last_chapter(lines, chapters, str(int(summary[-1][0]) + 1), content_end, warnings)
    return chapters


def _match_chapter_line(
    lines: SourceLines, title: str, sentence: str, after: int, content_end: int
) -> int | None:
    """The first line after ``after`` holding the title, else the first close spelling."""
    for number in range(after + 1, content_end + 1):
        text = lines.text(number)
        if text == title or (
            len(text) > len(title)
            and sentence.startswith(text)
            and sentence[len(text) : len(text) + 1] in (" ", ".")
        ):
            return number
    for number in range(after + 1, content_end + 1):
        text = lines.text(number)
        if is_heading_shaped(text) and _similar(text, title):
            return number
    return None


def _similar(first: str, second: str) -> bool:
    if abs(len(first) - len(second)) > len(second) * (1 - _FUZZY_TITLE_RATIO):
        return False
    return SequenceMatcher(None, first, second).ratio() >= _FUZZY_TITLE_RATIO


def _append_last_chapter(
    lines: SourceLines, chapters: list[Chapter], number: str, content_end: int, warnings: list[str]
) -> None:
    for line in range(chapters[-1].line + 1, content_end + 1):
        if lines.text(line) in LAST_CHAPTER_TITLES:
            chapters.append(Chapter(number, lines.text(line), line))
            return
    warnings.append(f"no closing chapter {LAST_CHAPTER_TITLES[0]!r} found")


# --- Line shapes -------------------------------------------------------------------------


def is_heading_shaped(text: str, *, allow_colon: bool = False) -> bool:
    """Short, upper-case start, no final ``. : ; ,``, not a source or label line."""
    if not text or len(text) > MAX_HEADING_LENGTH:
        return False
    if not _HEADING_START.match(text) or _NOT_HEADING_START.match(text):
        return False
    final = text[-1]
    if final in ";," or (final == ":" and not allow_colon):
        return False
    # "… helsepersonell mv." ends in an abbreviation, not a sentence.
    if final == "." and text.rsplit(" ", 1)[-1] not in ABBREVIATIONS:
        return False
    # «Stortinget ber regjeringen …» is a quoted sentence; «Global … 2021–2030» a title.
    if text.endswith((".»", "!»", "?»")):
        return False
    if _LABEL_VALUE.match(text):
        return False
    return text.rsplit(" ", 1)[-1] not in _LEAD_IN_LAST_WORDS


def is_lead_in(text: str) -> bool:
    """A line that announces a list: it ends in ":", "å" or "gjennom"."""
    return text.endswith(":") or text.rsplit(" ", 1)[-1] in ("å", "gjennom")


def _style(text: str) -> tuple[bool, bool]:
    return text[:1].isupper(), text.endswith(".")


def _is_marker(text: str) -> bool:
    return text in (BOX_END, IMAGE)


# --- Lists -------------------------------------------------------------------------------


def find_list_items(lines: SourceLines, content_end: int) -> set[int]:
    """Lines that are items of a list announced by a lead-in (see the module docstring)."""
    items: set[int] = set()
    for number in range(1, content_end + 1):
        if not is_lead_in(lines.text(number)):
            continue
        run = _list_run(lines, number + 1, content_end)
        items.update(run)
        if run and lines.heading_shaped(run[-1]) and _last_is_heading(lines, run):
            items.discard(run[-1])
    return items


def _list_run(lines: SourceLines, start: int, content_end: int) -> list[int]:
    run = []
    number = start
    while number <= content_end:
        text = lines.text(number)
        if (
            not text
            or _is_marker(text)
            or len(text) > MAX_LIST_ITEM_LENGTH
            or lines.starts_with_space(number)
        ):
            break
        run.append(number)
        number += 1
    return run


def _last_is_heading(lines: SourceLines, run: Sequence[int]) -> bool:
    """A run's last line is a heading when it stands alone or breaks the items' style."""
    if len(run) == 1:
        return True
    return _style(lines.text(run[-1])) != _style(lines.text(run[-2]))


# --- Boxes -------------------------------------------------------------------------------


def find_regjeringen_vil_boxes(
    lines: SourceLines, chapters: Sequence[Chapter], content_end: int, warnings: list[str]
) -> list[Box]:
    """Each "Regjeringen vil" box, ending at [Boks slutt] or the first leading-space line."""
    chapter_lines = {chapter.line for chapter in chapters}
    boxes = []
    number = 1
    while number <= content_end:
        if lines.text(number) != REGJERINGEN_VIL_TITLE or number in chapter_lines:
            number += 1
            continue
        end = number + 1
        while end <= content_end:
            if lines.text(end) == BOX_END or lines.starts_with_space(end):
                break
            if end in chapter_lines:
                warnings.append(
                    f"'Regjeringen vil' box at line {number} has no end before chapter "
                    f"heading {end}"
                )
                break
            end += 1
        if end > content_end:
            warnings.append(f"'Regjeringen vil' box at line {number} runs to the end of the text")
        elif lines.text(end) != BOX_END and end not in chapter_lines:
            warnings.append(
                f"'Regjeringen vil' box at line {number} lacks [Boks slutt]; "
                f"ended before the leading-space line {end}"
            )
        last = _last_content_line(lines, number, end - 1)
        boxes.append(Box(number, last, REGJERINGEN_VIL_TITLE, holds_measures=True))
        number = end
    return boxes


def find_marked_boxes(
    lines: SourceLines,
    chapters: Sequence[Chapter],
    measure_boxes: Sequence[Box],
    list_items: set[int],
    content_end: int,
    warnings: list[str],
) -> list[Box]:
    """A box for each [Boks slutt] not closing a "Regjeringen vil" box."""
    inside_measure_box = {
        line for box in measure_boxes for line in range(box.title_line, box.last_line + 2)
    }
    barriers = {chapter.line for chapter in chapters} | inside_measure_box
    boxes = []
    previous_end = 0
    for number in range(1, content_end + 1):
        if lines.text(number) != BOX_END:
            continue
        if number in inside_measure_box:
            previous_end = number
            continue
        title_line = _box_title_line(lines, number, previous_end, barriers, list_items)
        previous_end = number
        if title_line is None:
            warnings.append(f"[Boks slutt] at line {number}: no box title found above it")
            continue
        last = _last_content_line(lines, title_line, number - 1)
        boxes.append(Box(title_line, last, lines.text(title_line), holds_measures=False))
    return boxes


def _box_title_line(
    lines: SourceLines, box_end: int, previous_end: int, barriers: set[int], list_items: set[int]
) -> int | None:
    """The nearest heading candidate above ``box_end``, preferring one without a colon."""
    colon_title = None
    for number in range(box_end - 1, previous_end, -1):
        if number in barriers:
            break
        if number not in list_items:
            if lines.heading_shaped(number):
                return number
            if colon_title is None and lines.heading_shaped(number, allow_colon=True):
                colon_title = number
        if lines.starts_with_space(number):
            break
    return colon_title


def _last_content_line(lines: SourceLines, first: int, last: int) -> int:
    """The last non-blank, non-[Boks slutt] raw line in first..last (``first`` at least)."""
    for number in range(last, first, -1):
        raw = lines.raw_line(number).strip()
        if raw and raw != BOX_END:
            return number
    return first


# --- Headings ----------------------------------------------------------------------------


def find_headings(
    lines: SourceLines,
    chapters: Sequence[Chapter],
    boxes: Sequence[Box],
    list_items: set[int],
    content_end: int,
) -> list[int]:
    """Line numbers of the level-2 headings (see the module docstring)."""
    chapter_lines = {chapter.line for chapter in chapters}
    in_box = {line for box in boxes for line in range(box.title_line, box.last_line + 1)}
    first_chapter = chapters[0].line if chapters else 1
    headings: list[int] = []
    previous_title = ""
    for number in range(first_chapter + 1, content_end + 1):
        text = lines.text(number)
        if number in chapter_lines:
            previous_title = text
            continue
        if number in in_box:
            if any(box.title_line == number for box in boxes):
                previous_title = text
            continue
        if number in list_items or not lines.heading_shaped(number):
            continue
        if _is_caption(lines, number) or text == previous_title:
            continue
        headings.append(number)
        previous_title = text
    return headings


def _is_caption(lines: SourceLines, number: int) -> bool:
    """Figure and table captions and notes: after [image: ], a leading-space title line, a
    line right above a TAB table or above a "Kilde:" line."""
    if lines.text(number - 1) == IMAGE:
        return True
    text = lines.text(number)
    if lines.starts_with_space(number) and (text.endswith(".") or _YEAR_RANGE_END.search(text)):
        return True
    return lines.has_tab(number + 1) or bool(_SOURCE_LINE.match(lines.text(number + 1)))


# --- Outline -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Node:
    """A section being built: its own lines, and the range its subtree covers."""

    position: int
    parent: int | None
    level: int
    number: str
    title: str
    start_line: int
    end_line: int
    own_lines: list[int]
    box: Box | None = None


def build_outline(
    lines: SourceLines,
    chapters: Sequence[Chapter],
    headings: Sequence[int],
    boxes: Sequence[Box],
    content_end: int,
) -> list[_Node]:
    """Sections in document order, each line of the text owned by exactly one of them."""
    chapter_at = {chapter.line: chapter for chapter in chapters}
    heading_lines = set(headings)
    box_at = {box.title_line: box for box in boxes}
    nodes: list[_Node] = []
    chapter_node: _Node | None = None
    current: _Node | None = None
    open_box: _Node | None = None
    start = chapters[0].line if chapters else content_end + 1
    for number in range(start, content_end + 1):
        if open_box is not None and open_box.box is not None and number > open_box.box.last_line:
            open_box = None
        if number in chapter_at:
            chapter = chapter_at[number]
            chapter_node = _new_node(nodes, None, 1, chapter.number, chapter.title, number)
            current, open_box = chapter_node, None
        elif open_box is None and number in box_at:
            parent = current or chapter_node
            if parent is not None:
                box = box_at[number]
                open_box = _new_node(
                    nodes, parent.position, parent.level + 1, "", box.title, number
                )
                open_box.box = box
        elif open_box is None and number in heading_lines and chapter_node is not None:
            current = _new_node(nodes, chapter_node.position, 2, "", lines.text(number), number)
        else:
            owner = open_box or current
            if owner is not None:
                owner.own_lines.append(number)
    _close_ranges(lines, nodes)
    return nodes


def _new_node(
    nodes: list[_Node], parent: int | None, level: int, number: str, title: str, line: int
) -> _Node:
    node = _Node(len(nodes), parent, level, number, title, line, line, [])
    nodes.append(node)
    return node


def _close_ranges(lines: SourceLines, nodes: list[_Node]) -> None:
    """Each section ends at the last content line of itself or any descendant."""
    for node in reversed(nodes):
        content = [n for n in node.own_lines if _is_content(lines, n)]
        if content:
            node.end_line = max(node.end_line, content[-1])
        if node.parent is not None:
            parent = nodes[node.parent]
            parent.end_line = max(parent.end_line, node.end_line)


def _is_content(lines: SourceLines, number: int) -> bool:
    raw = lines.raw_line(number).strip()
    return bool(raw) and raw != BOX_END


def _section(lines: SourceLines, node: _Node) -> ParsedSection:
    return ParsedSection(
        position=node.position,
        parent=node.parent,
        level=node.level,
        number=node.number,
        title=node.title,
        text=section_text(lines.text(n) for n in node.own_lines),
        start_line=node.start_line,
        end_line=node.end_line,
    )


def section_text(clean_lines: Iterable[str]) -> str:
    """Footnote-free lines as paragraphs: markers and in-section repeats dropped, blank-joined."""
    kept = [text for text in clean_lines if text and not _is_marker(text)]
    return "\n\n".join(drop_repeated_paragraphs(kept))


# --- Measures ----------------------------------------------------------------------------


def find_measures(
    lines: SourceLines, outline: Sequence[_Node], year: int | None
) -> tuple[ParsedMeasure, ...]:
    """One Measure per "Regjeringen vil" bullet, sub-items pointing at their "ved å:" item."""
    measures: list[ParsedMeasure] = []
    for node in outline:
        if node.box is None or not node.box.holds_measures:
            continue
        parent_item: int | None = None
        for number in node.own_lines:
            text = lines.text(number)
            if not text or _is_marker(text):
                continue
            if parent_item is not None and not text[:1].islower():
                parent_item = None
            if is_measure_lead_in(text):
                parent_item = None
                continue
            measures.append(
                ParsedMeasure(
                    section=node.position,
                    kind=REGJERINGEN_VIL,
                    title=text,
                    text=text,
                    start_line=number,
                    end_line=number,
                    year=year,
                    parent=parent_item,
                )
            )
            if text.endswith("ved å:"):
                parent_item = len(measures) - 1
    return tuple(measures)


def is_measure_lead_in(text: str) -> bool:
    """Box lines that introduce items rather than being one."""
    if text.startswith(REGJERINGEN_VIL_TITLE):
        rest = text[len(REGJERINGEN_VIL_TITLE) :]
        if not rest.strip(" :"):
            return True
        if text.endswith(":") or re.search(r"\s(?:gjennom å|gjennom|ved å)$", text):
            return True
    return text.endswith(":") and not text.endswith("ved å:")


# --- Decisions ---------------------------------------------------------------------------


def find_decisions(
    lines: SourceLines, outline: Sequence[_Node], content_end: int, warnings: list[str]
) -> tuple[ParsedDecision, ...]:
    """Quoted Storting request decisions: a ``…vedtak…:`` intro, then «Stortinget ber …»."""
    owner = {n: node for node in outline for n in node.own_lines}
    decisions: list[ParsedDecision] = []
    keys: set[str] = set()
    for number in range(1, content_end):
        intro = lines.text(number)
        if not intro.endswith(":") or "vedtak" not in intro.lower():
            continue
        quote_line = _next_non_blank(lines, number, content_end)
        if quote_line is None or not _DECISION_QUOTE.match(lines.text(quote_line)):
            continue
        decision_number = decision_number_in(intro)
        if not decision_number:
            warnings.append(f"request decision at line {number} has no number in its intro")
        found = find_date(intro)
        node = owner.get(number)
        key = _unique_key(f"vedtak-{decision_number or number}", found, number, keys)
        decisions.append(
            ParsedDecision(
                kind=ANMODNINGSVEDTAK,
                section=node.position if node else None,
                title=node.title if node else "",
                text=lines.text(quote_line).removeprefix("«").removesuffix("»").strip(),
                start_line=number,
                end_line=quote_line,
                key=key,
                number=decision_number,
                date=found[0] if found else None,
                date_text=found[1] if found else "",
                origin=intro,
            )
        )
    return tuple(decisions)


def decision_number_in(intro: str) -> str:
    """ "… Vedtak 417:" -> "417"; "… vedtak (nr. 561) i …" -> "561"; "" when absent."""
    for pattern in _DECISION_NUMBER:
        matches = pattern.findall(intro)
        if matches:
            return matches[-1]
    return ""


def _unique_key(key: str, found: tuple[date, str] | None, line: int, taken: set[str]) -> str:
    if key in taken and found:
        key = f"{key}-{found[0].isoformat()}"
    if key in taken:
        key = f"{key}-line-{line}"
    taken.add(key)
    return key


def _next_non_blank(lines: SourceLines, number: int, content_end: int) -> int | None:
    for following in range(number + 1, content_end + 1):
        if not lines.is_blank(following):
            return following
    return None
