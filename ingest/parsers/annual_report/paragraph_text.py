"""Helsedirektoratet's Årsrapport in the "one paragraph per line" profile (seed 002, 2024).

Input: the :class:`SourceText` of a web/DOCX export — one paragraph per line, blank lines
between paragraphs, TAB tables, a ``title⇥page`` table of contents, markdown/HTML residue.
Output: one :class:`ParsedDocument` of kind ``annual_report`` with

* sections: chapters 1–7 (level 1, numbered "1".."7"); in chapter 3 the unnumbered
  målområder (level 2) and their sub-headings ``Status og utvikling på målområdet``,
  ``Styringsindikatorer``, ``Sentrale aktiviteter[ i direktoratet]``, ``Måloppnåelse``
  (level 3); in the other chapters the navigation headings (level 2);
* measures: ``Styringsparameter|Nøkkeltall|Vurderingskriterie <n>: <title>`` indicators and
  the ``aktivitet`` headings under ``Sentrale aktiviteter``, all of the report year;
* decisions: rule 1–4 sentences (SEEDS.md "Decisions in 001 and 002"), line by line, and
  the ``Romertallsvedtak`` block as one ``romertallsvedtak``;
* budget lines: the expense and income tables of ``Bevilgningsrapportering``.

Choices where SEEDS.md leaves room (an analyst's reading of the source):

* Document range: the title line to the last non-blank line (colophon included); the
  TOC (after the title) and the colophon (from the title's second appearance) are no
  Sections. The publisher is the first non-blank line after the colophon's ``Utgitt av``;
  the colophon's ``[Dato]`` placeholder is ignored. ``published`` is the date of the
  ``<Place>, <d. måned yyyy>`` signature line.
* A navigation heading (and an ``aktivitet``) is a single-line paragraph of at most 120
  (80) characters that starts with an upper-case letter, has no TAB, does not start with
  ``-``, ``Figur`` or ``Tabell``, does not end in ``. : ; , ! ?`` (a closing ``»`` is
  fine: ``Stikkordet «kan overføres»``), is no signature line (a name above
  ``Konstituert helsedirektør``, the title itself, ``Oslo, 1. mars 2025``) and is followed
  by a longer line that does not start in lower case (that would be a page-break split).
  So ``Ledelseskomentarer``, followed by the shorter ``Formål``, stays text of chapter 6.
* Section text: the section's own paragraphs (heading excluded) joined by blank lines;
  list items and table rows of one block stay on their own lines. Prose is normalised,
  tables keep their raw cells (TABs included, trailing empty cells dropped);
  ``**x**``, ``*x*``, ``[x](#)``, ``[7]``, ``^[1]``, ``<i>`` and ``Kolonne<n>`` cells are
  stripped, the dashed rule line dropped, a lone ``*`` note mark kept. A page-break split
  (a paragraph not ending in ``.!?:»"`` followed by one starting in lower case that is
  no ``c)``/``a og b)`` list item) is one paragraph spanning both lines. A paragraph
  repeating an earlier one in the same section is dropped (rule 6).
* Indicator title: the text after the colon, in full (Measure titles are TextFields);
  the text is the paragraphs up to the next indicator, ``Tabell``/``Figur`` caption or
  the end of the sub-section. ``target`` is every ``prestasjonsmål <x>`` of the text in
  order, joined by "; " (a Helfo parameter can hold one per user group); trailing
  ``)`` ``,`` ``.`` are cut.
* Decisions: sentences of prose and list paragraphs (not tables), list markers
  stripped; a sentence of a merged page-break paragraph spans both lines. The
  Romertallsvedtak caption, sentence and ``- post NN`` bullets form one decision whose
  ``items`` are the bullets and whose ``kap`` is read from ``over kap. NNN``; its
  sentence is no second decision. Decision keys start with the section's key: its
  title path as slugs (``3/folkehelsearbeidet-er-…/sentrale-aktiviteter``).
* Budget lines: ``note`` ``A/B`` is stored as ``A,B`` (the 001 spelling, so both reports
  filter alike); ``avvik_nok`` is the printed difference column
  (merutgift/mindreutgift, merinntekt/mindreinntekt); the belastningsfullmakt and
  ``Avvik fra tildeling`` columns have no field and are left out. Kap and post titles
  are stripped cells as printed. A cell that is no number gives NULL and a warning. A
  repeated (kap, post) keeps its first row and drops the later one with a warning (none
  repeats in the 2024 report). A kap or post title ending in a dangling ``og``/``i``/…
  is stored as printed with a warning (row 2637 is scrambled).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

from ingest.parsed import (
    ParsedBudgetLine,
    ParsedDecision,
    ParsedDocument,
    ParsedMeasure,
    ParsedSection,
    SourceText,
)
from ingest.parsers.annual_report.accounts import drop_repeated_budget_keys
from ingest.parsers.annual_report.decisions import (
    cut_title,
    decision_from_sentence,
    decision_key,
    dedupe_decisions,
    first_actor,
)
from ingest.text import (
    drop_repeated_paragraphs,
    find_date,
    is_blank,
    normalise_space,
    parse_kroner,
    slugify_no,
    split_sentences,
    strip_markup,
)
from ingest.vocabulary import (
    AKTIVITET,
    ANNUAL_REPORT,
    INNTEKT,
    NOKKELTALL,
    ROMERTALLSVEDTAK,
    STYRINGSPARAMETER,
    UTGIFT,
    VURDERINGSKRITERIUM,
)

# The title sits on line 3 of seed 002; a few more lines allow for a leading cover text.
TITLE_SEARCH_LINES = 10
MAX_HEADING_LENGTH = 120
MAX_ACTIVITY_LENGTH = 80

_TITLE = re.compile(r"^Årsrapport (\d{4})$")
_TOC_ENTRY = re.compile(r"^([^\t]*\S)\t+(\d{1,3})\s*$")
_CHAPTER = re.compile(r"^([2-7])\.\s+(.+)$")
_STATUS_HEADING = "Status og utvikling på målområdet"
_SUB_HEADING = re.compile(
    r"^(Status og utvikling på målområdet|Styringsindikatorer"
    r"|Sentrale aktiviteter(?: i direktoratet)?|Måloppnåelse)$"
)
_ACTIVITIES_HEADING = re.compile(r"^Sentrale aktiviteter(?: i direktoratet)?$")
_GOALS_STATED = re.compile(r"\b(\d+) overordnede mål\b")
_INDICATOR = re.compile(r"^(Styringsparameter|Nøkkeltall|Vurderingskriterie) (\d+):\s*(.+)$")
_INDICATOR_KIND = {
    "Styringsparameter": STYRINGSPARAMETER,
    "Nøkkeltall": NOKKELTALL,
    "Vurderingskriterie": VURDERINGSKRITERIUM,
}
_CAPTION = re.compile(r"^(?:Tabell|Figur)\b")
_TARGET = re.compile(r"prestasjonsmål\b:?\s*(\S+)")
_FINAL_PUNCTUATION = (".", ":", ";", ",", "!", "?")
# A paragraph ending otherwise may continue after a page break (86/88).
_SENTENCE_END = (".", "!", "?", ":", "»", '"')
# "c) Norm for …", "a og b) Helsedirektoratet …": list items, never continuations.
_LIST_ITEM = re.compile(r"^[a-zæøå](?: og [a-zæøå])?\)")
_BULLET = re.compile(r"^[-•]\s+")
_RULE_LINE = re.compile(r"^[-\t ]+$")
_PLACEHOLDER_CELL = re.compile(r"^Kolonne\d+$")
_SIGNATURE_TITLE = re.compile(r"^(?:Konstituert |Fungerende )?(?:helse)?direktør$", re.IGNORECASE)
_PERSON_NAME = re.compile(r"^[A-ZÆØÅ][\wæøåé-]+(?: [A-ZÆØÅ][\wæøåé-]+){1,3}$")
_PLACE_DATE = re.compile(r"^[A-ZÆØÅ][a-zæøå]+, \d{1,2}\. ?[a-zæøå]+ \d{4}$")
_ROMAN_CAPTION = "Romertallsvedtak"
_ROMAN_KAP = re.compile(r"\bover kap\. ?(\d{3,4})\b")
_EXPENSE_HEADER = "Utgiftskapittel"
_INCOME_HEADER = "Inntektskapittel"
_EXPENSE_END = "Sum utgiftsført"
_INCOME_END = "Sum inntektsført"
_KAP_CELL = re.compile(r"^\d{4}$")
_POST_CELL = re.compile(r"^\d{2}$")
# "i 70": a word of the kapittelnavn slipped into the post cell (2622–2626).
_SHIFTED_POST_CELL = re.compile(r"^(\S+) (\d{2})$")
_DANGLING_WORD = re.compile(r"\s(?:og|i|for|til|av|med|om)$")


# --- Small data carriers -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A line that opens a Section."""

    line: int
    level: int
    number: str
    title: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A run of non-blank lines (or a page-break split merged), cleaned for reading.

    ``pieces`` holds (offset in ``text``, line number) of each line's text, so a sentence
    can be traced back to its lines.
    """

    start_line: int
    end_line: int
    text: str
    is_table: bool
    pieces: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class SectionSpan:
    """A Section's heading and the lines it owns."""

    heading: Heading
    parent: int | None
    end_line: int  # last content line, children included
    own_end_line: int  # last line before the first child heading (or end_line)
    key: str


# --- Line tests ----------------------------------------------------------------------------


def clean_line(raw: str) -> str:
    """A prose line as an analyst reads it: markup stripped, white space normalised."""
    return normalise_space(strip_markup(raw))


def clean_table_line(raw: str) -> str:
    """A table row with its raw cells, minus markup, ``Kolonne<n>`` and trailing empty cells."""
    cells = [strip_markup(cell).strip(" ") for cell in raw.split("\t")]
    cells = ["" if _PLACEHOLDER_CELL.match(cell) else cell for cell in cells]
    return "\t".join(cells).rstrip("\t ")


def is_table_line(raw: str) -> bool:
    return "\t" in raw


def next_non_blank(lines: Sequence[str], index: int, stop: int | None = None) -> int | None:
    """The 0-based index of the first non-blank line after ``index`` (before ``stop``)."""
    stop = len(lines) if stop is None else min(stop, len(lines))
    for candidate in range(index + 1, stop):
        if not is_blank(lines[candidate]):
            return candidate
    return None


def previous_non_blank(lines: Sequence[str], index: int) -> int | None:
    for candidate in range(index - 1, -1, -1):
        if not is_blank(lines[candidate]):
            return candidate
    return None


def is_standalone(lines: Sequence[str], index: int) -> bool:
    """True when the line has a blank line (or the text's edge) on both sides."""
    before = index == 0 or is_blank(lines[index - 1])
    after = index + 1 >= len(lines) or is_blank(lines[index + 1])
    return before and after and not is_blank(lines[index])


def signature_lines(lines: Sequence[str]) -> frozenset[int]:
    """0-based indexes of signature blocks: names above a director's title, and the title.

    Also the ``<Place>, <date>`` line. A signature line looks like a heading (short, no
    final punctuation, followed by a longer line) but never is one.
    """
    found: set[int] = set()
    for index, raw in enumerate(lines):
        text = normalise_space(raw)
        if _PLACE_DATE.match(text):
            found.add(index)
        if not _SIGNATURE_TITLE.match(text):
            continue
        found.add(index)
        above = previous_non_blank(lines, index)
        while above is not None and _PERSON_NAME.match(normalise_space(lines[above])):
            found.add(above)
            above = previous_non_blank(lines, above)
    return frozenset(found)


def is_heading_line(
    lines: Sequence[str],
    index: int,
    *,
    stop: int,
    signatures: frozenset[int],
    max_length: int = MAX_HEADING_LENGTH,
) -> bool:
    """The navigation-heading test (see the module docstring); ``stop`` bounds the look-ahead."""
    raw = lines[index]
    if is_table_line(raw) or index in signatures or not is_standalone(lines, index):
        return False
    text = clean_line(raw)
    if not text or len(text) > max_length or not text[0].isupper():
        return False
    if _BULLET.match(text) or _CAPTION.match(text) or text.endswith(_FINAL_PUNCTUATION):
        return False
    following = next_non_blank(lines, index, stop)
    if following is None:
        return False
    next_text = clean_line(lines[following])
    return len(next_text) > len(text) and not next_text[:1].islower()


# --- Document frame: title, TOC, chapters, colophon ------------------------------------------


def find_title(lines: Sequence[str]) -> tuple[int, str, int]:
    """(0-based index, title, year) of the ``Årsrapport <yyyy>`` title line."""
    for index, raw in enumerate(lines[:TITLE_SEARCH_LINES]):
        match = _TITLE.match(normalise_space(raw))
        if match:
            return index, match.group(0), int(match.group(1))
    raise ValueError(f"no 'Årsrapport <year>' title in the first {TITLE_SEARCH_LINES} lines")


def table_of_contents(lines: Sequence[str], after: int) -> tuple[list[str], int]:
    """The TOC titles (``title⇥page``) in order and the 0-based index of the last entry.

    Returns ([], after) when the text has no TOC near its top.
    """
    titles: list[str] = []
    last = after
    for index in range(after + 1, min(len(lines), after + 60)):
        raw = lines[index]
        match = _TOC_ENTRY.match(raw)
        if match:
            titles.append(normalise_space(match.group(1)))
            last = index
        elif titles and not is_blank(raw):
            break
    return titles, last


def find_first_chapter(lines: Sequence[str], toc: Sequence[str], after: int) -> Heading | None:
    """Chapter 1: the first TOC title that reappears as a standalone line after the TOC."""
    for title in toc:
        for index in range(after + 1, len(lines)):
            if normalise_space(lines[index]) == title and is_standalone(lines, index):
                return Heading(line=index + 1, level=1, number="1", title=title)
    return None


def find_numbered_chapters(lines: Sequence[str], after: int) -> list[Heading]:
    """Chapters 2–7: ``N. Title`` standalone lines numbered exactly previous + 1."""
    chapters: list[Heading] = []
    expected = 2
    for index in range(after + 1, len(lines)):
        raw = lines[index]
        if is_table_line(raw) or not is_standalone(lines, index):
            continue
        match = _CHAPTER.match(normalise_space(raw))
        if match and int(match.group(1)) == expected:
            chapters.append(
                Heading(line=index + 1, level=1, number=match.group(1), title=clean_line(match[2]))
            )
            expected += 1
    return chapters


def find_colophon(lines: Sequence[str], title: str, after: int) -> int | None:
    """0-based index of the colophon: the title's standalone reappearance after ``after``."""
    for index in range(after + 1, len(lines)):
        if normalise_space(lines[index]) == title and is_standalone(lines, index):
            return index
    return None


def find_publisher(lines: Sequence[str], colophon: int) -> str:
    """The first non-blank line after the colophon's ``Utgitt av``, or ""."""
    for index in range(colophon, len(lines)):
        if normalise_space(lines[index]) == "Utgitt av":
            following = next_non_blank(lines, index)
            return normalise_space(lines[following]) if following is not None else ""
    return ""


def find_signature_date(lines: Sequence[str], start: int, stop: int) -> tuple[date, str] | None:
    """(date, text) of the last ``<Place>, <d. måned yyyy>`` line in [start, stop), or None."""
    for index in range(min(stop, len(lines)) - 1, start - 1, -1):
        text = normalise_space(lines[index])
        if _PLACE_DATE.match(text):
            return find_date(text)
    return None


# --- Section tree --------------------------------------------------------------------------


def chapter_three_headings(
    lines: Sequence[str], start: int, stop: int
) -> tuple[list[Heading], list[str]]:
    """Målområder (level 2) and their sub-headings (level 3) in 0-based lines [start, stop)."""
    headings: list[Heading] = []
    warnings: list[str] = []
    goal_lines: set[int] = set()
    for index in range(start, stop):
        if normalise_space(lines[index]) != _STATUS_HEADING:
            continue
        goal = previous_non_blank(lines, index)
        if goal is None or goal < start or _SUB_HEADING.match(normalise_space(lines[goal])):
            warnings.append(f"line {index + 1}: '{_STATUS_HEADING}' without a målområde above it")
            continue
        goal_lines.add(goal)
    inside_goal = False
    for index in range(start, stop):
        text = normalise_space(lines[index])
        if index in goal_lines:
            headings.append(Heading(line=index + 1, level=2, number="", title=clean_line(text)))
            inside_goal = True
        elif inside_goal and _SUB_HEADING.match(text) and is_standalone(lines, index):
            headings.append(Heading(line=index + 1, level=3, number="", title=text))
    return headings, warnings


def navigation_headings(
    lines: Sequence[str], start: int, stop: int, signatures: frozenset[int]
) -> list[Heading]:
    """Level-2 headings of a chapter other than 3, in 0-based lines [start, stop)."""
    return [
        Heading(line=index + 1, level=2, number="", title=clean_line(lines[index]))
        for index in range(start, stop)
        if is_heading_line(lines, index, stop=stop, signatures=signatures)
    ]


def last_content_line(lines: Sequence[str], first: int, last: int) -> int:
    """The last non-blank 1-based line in [first, last], or ``first``."""
    for number in range(last, first - 1, -1):
        if not is_blank(lines[number - 1]):
            return number
    return first


def section_spans(lines: Sequence[str], headings: Sequence[Heading], end: int) -> list[SectionSpan]:
    """Parent, range and key of each heading; ``end`` is the last 1-based content line."""
    spans: list[SectionSpan] = []
    stack: list[int] = []  # positions of the open ancestors
    used_keys: set[str] = set()
    for position, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            stack.pop()
        parent = stack[-1] if stack else None
        closing = next(
            (later.line for later in headings[position + 1 :] if later.level <= heading.level),
            end + 1,
        )
        first_child = headings[position + 1].line if position + 1 < len(headings) else end + 1
        own_last = min(first_child, closing) - 1
        path = [headings[ancestor] for ancestor in stack] + [heading]
        key = "/".join(part.number or slugify_no(part.title, max_length=40) for part in path)
        unique_key, counter = key, 1
        while unique_key in used_keys:
            counter += 1
            unique_key = f"{key}~{counter}"
        used_keys.add(unique_key)
        spans.append(
            SectionSpan(
                heading=heading,
                parent=parent,
                end_line=last_content_line(lines, heading.line, closing - 1),
                own_end_line=last_content_line(lines, heading.line, own_last),
                key=unique_key,
            )
        )
        stack.append(position)
    return spans


# --- Paragraphs ----------------------------------------------------------------------------


def paragraphs(lines: Sequence[str], first: int, last: int) -> list[Paragraph]:
    """The paragraphs of 1-based lines [first, last], page-break splits merged."""
    runs: list[list[int]] = []
    for number in range(first, last + 1):
        raw = lines[number - 1]
        # The dashed rule under the expense table (2647) separates like a blank line.
        if is_blank(raw) or (_RULE_LINE.match(raw) and "-" in raw):
            if runs and runs[-1]:
                runs.append([])
            continue
        if not runs:
            runs.append([])
        runs[-1].append(number)
    built = [paragraph_from_run(lines, run) for run in runs if run]
    return merge_page_breaks(built)


def paragraph_from_run(lines: Sequence[str], run: Sequence[int]) -> Paragraph:
    is_table = any(is_table_line(lines[number - 1]) for number in run)
    pieces: list[tuple[int, int]] = []
    texts: list[str] = []
    offset = 0
    for number in run:
        raw = lines[number - 1]
        text = clean_table_line(raw) if is_table_line(raw) else clean_line(raw)
        if not text and texts:
            continue  # a row of placeholder cells only ("\t\tKolonne4\tKolonne5")
        pieces.append((offset, number))
        texts.append(text)
        offset += len(text) + 1
    return Paragraph(
        start_line=run[0],
        end_line=run[-1],
        text="\n".join(texts),
        is_table=is_table,
        pieces=tuple(pieces),
    )


def continues_after_page_break(previous: Paragraph, following: Paragraph) -> bool:
    """SEEDS.md trap 3: ``…X`` / blank / ``lowercase…`` is one paragraph split by a page."""
    if previous.is_table or following.is_table:
        return False
    last_line = previous.text.rsplit("\n", 1)[-1]
    first_line = following.text.split("\n", 1)[0]
    if not last_line or last_line.endswith(_SENTENCE_END):
        return False
    return first_line[:1].islower() and not _LIST_ITEM.match(first_line)


def merge_page_breaks(found: Sequence[Paragraph]) -> list[Paragraph]:
    merged: list[Paragraph] = []
    for paragraph in found:
        if merged and continues_after_page_break(merged[-1], paragraph):
            previous = merged[-1]
            shift = len(previous.text) + 1
            merged[-1] = Paragraph(
                start_line=previous.start_line,
                end_line=paragraph.end_line,
                text=f"{previous.text} {paragraph.text}",
                is_table=False,
                pieces=previous.pieces
                + tuple((offset + shift, number) for offset, number in paragraph.pieces),
            )
        else:
            merged.append(paragraph)
    return merged


def line_at(paragraph: Paragraph, offset: int) -> int:
    """The source line holding character ``offset`` of the paragraph's text."""
    number = paragraph.start_line
    for piece_offset, piece_line in paragraph.pieces:
        if piece_offset > offset:
            break
        number = piece_line
    return number


def section_text(found: Sequence[Paragraph]) -> str:
    """Own text of a section: its paragraphs, repeats dropped (rule 6), blank-line separated."""
    return "\n\n".join(drop_repeated_paragraphs([paragraph.text for paragraph in found]))


# --- Measures ------------------------------------------------------------------------------


def indicator_target(text: str) -> str:
    """Every ``prestasjonsmål <x>`` value of ``text``, in order, joined by "; "."""
    values = [match.group(1).rstrip("),.;") for match in _TARGET.finditer(text)]
    return "; ".join(value for value in values if value)


def join_measure_text(found: Sequence[Paragraph]) -> str:
    return "\n\n".join(paragraph.text for paragraph in found)


def indicator_measures(
    found: Sequence[Paragraph], *, section: int, year: int
) -> list[ParsedMeasure]:
    """Indicators of one level-3 section; text runs to the next indicator or caption."""
    measures: list[ParsedMeasure] = []
    open_match: re.Match[str] | None = None
    open_start = 0
    body: list[Paragraph] = []

    def close() -> None:
        if open_match is None:
            return
        text = join_measure_text(body)
        measures.append(
            ParsedMeasure(
                section=section,
                kind=_INDICATOR_KIND[open_match.group(1)],
                title=open_match.group(3).strip(),
                number=open_match.group(2),
                text=text,
                target=indicator_target(text),
                start_line=open_start,
                end_line=body[-1].end_line if body else open_start,
                year=year,
            )
        )

    for paragraph in found:
        first_line, _, rest = paragraph.text.partition("\n")
        match = None if paragraph.is_table else _INDICATOR.match(first_line)
        if match or _CAPTION.match(first_line):
            close()
            open_match, open_start, body = match, paragraph.start_line, []
            if match and rest:
                # The indicator line runs straight into its text (2077/2078): the rest
                # of the paragraph is body.
                body = [replace(paragraph, text=rest, start_line=paragraph.pieces[1][1])]
            continue
        if open_match is not None:
            body.append(paragraph)
    close()
    return measures


def activity_measures(
    lines: Sequence[str],
    found: Sequence[Paragraph],
    *,
    section: int,
    stop: int,
    signatures: frozenset[int],
    year: int,
) -> list[ParsedMeasure]:
    """``aktivitet`` headings of a ``Sentrale aktiviteter`` section; text runs to the next one."""
    measures: list[ParsedMeasure] = []
    title = ""
    start = 0
    body: list[Paragraph] = []

    def close() -> None:
        if not title:
            return
        measures.append(
            ParsedMeasure(
                section=section,
                kind=AKTIVITET,
                title=title,
                text=join_measure_text(body),
                start_line=start,
                end_line=body[-1].end_line if body else start,
                year=year,
            )
        )

    for paragraph in found:
        single_line = paragraph.start_line == paragraph.end_line
        if (
            single_line
            and not _INDICATOR.match(paragraph.text)
            and is_heading_line(
                lines,
                paragraph.start_line - 1,
                stop=stop,
                signatures=signatures,
                max_length=MAX_ACTIVITY_LENGTH,
            )
        ):
            close()
            title, start, body = paragraph.text, paragraph.start_line, []
        elif title:
            body.append(paragraph)
    close()
    return measures


# --- Decisions -----------------------------------------------------------------------------


def roman_decision_block(
    lines: Sequence[str], first: int, last: int
) -> tuple[int, int, str, tuple[str, ...]] | None:
    """(start, end, sentence, bullets) of the Romertallsvedtak block in 1-based [first, last]."""
    for number in range(first, last + 1):
        if normalise_space(lines[number - 1]) != _ROMAN_CAPTION:
            continue
        sentence_index = next_non_blank(lines, number - 1, last)
        if sentence_index is None:
            return None
        sentence = clean_line(lines[sentence_index])
        bullets: list[str] = []
        end = sentence_index + 1
        cursor = next_non_blank(lines, sentence_index, last)
        while cursor is not None and _BULLET.match(normalise_space(lines[cursor])):
            bullets.append(_BULLET.sub("", clean_line(lines[cursor])))
            end = cursor + 1
            cursor = cursor + 1 if cursor + 1 < last and not is_blank(lines[cursor + 1]) else None
        return number, end, sentence, tuple(bullets)
    return None


def roman_decision(
    block: tuple[int, int, str, tuple[str, ...]], *, section: int, section_key: str
) -> ParsedDecision:
    start, end, sentence, bullets = block
    kap = _ROMAN_KAP.search(sentence)
    text = "\n".join([sentence, *(f"- {bullet}" for bullet in bullets)])
    return ParsedDecision(
        kind=ROMERTALLSVEDTAK,
        section=section,
        title=cut_title(f"{_ROMAN_CAPTION}: {sentence}"),
        text=text,
        start_line=start,
        end_line=end,
        key=decision_key(section_key, text),
        actor=first_actor(sentence),
        kap=int(kap.group(1)) if kap else None,
        items=bullets,
    )


def sentence_decisions(
    found: Sequence[Paragraph],
    *,
    section: int,
    section_key: str,
    year: int,
    skip_lines: range,
) -> list[ParsedDecision]:
    """Rule 1–3 decisions of a section's prose, one line (or merged split) at a time."""
    decisions: list[ParsedDecision] = []
    for paragraph in found:
        if paragraph.is_table or paragraph.start_line in skip_lines:
            continue
        line_offset = 0
        for line_text in paragraph.text.split("\n"):
            bullet = _BULLET.match(line_text)
            body_offset = line_offset + (bullet.end() if bullet else 0)
            body = line_text[bullet.end() :] if bullet else line_text
            cursor = 0
            for sentence in split_sentences(body):
                where = body.find(sentence, cursor)
                cursor = where + len(sentence)
                decision = decision_from_sentence(
                    sentence,
                    start_line=line_at(paragraph, body_offset + where),
                    end_line=line_at(paragraph, body_offset + cursor - 1),
                    section=section,
                    section_key=section_key,
                    default_year=year,
                )
                if decision is not None:
                    decisions.append(decision)
            line_offset += len(line_text) + 1
    return decisions


# --- Budget lines --------------------------------------------------------------------------


def budget_table_rows(
    lines: Sequence[str], *, header: str, end_marker: str, start: int, stop: int
) -> tuple[list[int], int | None, list[str]]:
    """1-based data lines of the table opened by ``header``, the index after it, warnings."""
    first = next(
        (i for i in range(start, stop) if lines[i].split("\t", 1)[0].strip() == header), None
    )
    if first is None:
        return [], None, [f"no budget table starting with '{header}'"]
    rows: list[int] = []
    for index in range(first, stop):
        raw = lines[index]
        first_cell = raw.split("\t", 1)[0].strip()
        if first_cell.startswith(end_marker):
            return rows, index + 1, []
        if first_cell == header or is_blank(raw) or _RULE_LINE.match(raw):
            continue
        if not is_table_line(raw):
            break
        rows.append(index + 1)
    return rows, None, [f"budget table '{header}' (line {first + 1}) has no '{end_marker}' row"]


def parse_amount(cell: str, *, line: int, warnings: list[str]) -> int | None:
    """A printed amount in kroner; NULL for an empty cell or ``-``, never 0."""
    try:
        return parse_kroner(cell)
    except ValueError:
        warnings.append(f"line {line}: amount {cell.strip()!r} is no number; stored as NULL")
        return None


def budget_lines(
    lines: Sequence[str], rows: Iterable[int], *, direction: str, warnings: list[str]
) -> list[ParsedBudgetLine]:
    """BudgetLines of one table: kap, post, titles, note and amounts as printed."""
    split_rows = [(number, lines[number - 1].split("\t")) for number in rows]
    # Kapittelnavn of the unshifted rows, for the rows whose name lost a word to the post.
    kap_titles: dict[int, str] = {}
    for _number, cells in split_rows:
        if (
            len(cells) > 2
            and _KAP_CELL.match(cells[0].strip())
            and _POST_CELL.match(cells[2].strip())
        ):
            kap_titles.setdefault(int(cells[0]), normalise_space(cells[1]))
    found: list[ParsedBudgetLine] = []
    for number, cells in split_rows:
        cells = [*cells, *[""] * max(0, 8 - len(cells))]
        kap_cell, kap_title, post_cell, post_title, note = (cell.strip() for cell in cells[:5])
        if not _KAP_CELL.match(kap_cell):
            warnings.append(f"line {number}: budget row without a kap: {kap_cell!r}")
            continue
        kap = int(kap_cell)
        kap_title = normalise_space(kap_title)
        if _POST_CELL.match(post_cell):
            post = int(post_cell)
        elif shifted := _SHIFTED_POST_CELL.match(post_cell):
            post = int(shifted.group(2))
            kap_title = kap_titles.get(kap, kap_title)
        else:
            warnings.append(f"line {number}: budget row without a post: {post_cell!r}")
            continue
        for label, title in (("kap", kap_title), ("post", post_title)):
            if _DANGLING_WORD.search(title):
                warnings.append(
                    f"line {number}: {label} title {title!r} ends mid-phrase; "
                    "the row looks scrambled and is stored as printed"
                )
        found.append(
            ParsedBudgetLine(
                kap=kap,
                post=post,
                kap_title=kap_title,
                post_title=post_title,
                start_line=number,
                end_line=number,
                note=note.replace("/", ","),
                direction=direction,
                tildeling_nok=parse_amount(cells[5], line=number, warnings=warnings),
                regnskap_nok=parse_amount(cells[6], line=number, warnings=warnings),
                avvik_nok=parse_amount(cells[7], line=number, warnings=warnings),
            )
        )
    return found


# --- Entry point ---------------------------------------------------------------------------


def parse_paragraph_report(source: SourceText) -> ParsedDocument:
    """Parse a one-paragraph-per-line Årsrapport into one ParsedDocument."""
    lines = source.lines
    title_index, title, year = find_title(lines)
    warnings: list[str] = []

    toc, toc_end = table_of_contents(lines, title_index)
    if not toc:
        warnings.append("no table of contents; chapter 1 (unnumbered) cannot be found")
    first_chapter = find_first_chapter(lines, toc, toc_end)
    if toc and first_chapter is None:
        warnings.append("no table-of-contents title reappears as chapter 1")
    search_from = first_chapter.line - 1 if first_chapter else toc_end
    chapters = ([first_chapter] if first_chapter else []) + find_numbered_chapters(
        lines, search_from
    )
    if not chapters:
        raise ValueError("no chapters found (neither a TOC title nor '2. …' headings)")
    if len(chapters) < 7:
        found_numbers = ", ".join(chapter.number for chapter in chapters)
        warnings.append(f"found chapters {found_numbers} only; the report has 7")

    colophon = find_colophon(lines, title, chapters[-1].line - 1)
    content_end = last_content_line(lines, 1, colophon if colophon is not None else len(lines))
    document_end = last_content_line(lines, 1, len(lines))
    publisher = find_publisher(lines, colophon) if colophon is not None else ""
    if not publisher:
        warnings.append("no colophon 'Utgitt av' line; publisher left empty")
    signed = find_signature_date(lines, chapters[0].line - 1, content_end)
    if signed is None:
        warnings.append("no '<place>, <date>' signature line; published date left empty")
    signatures = signature_lines(lines)

    headings = chapter_headings(lines, chapters, content_end, signatures, warnings)
    spans = section_spans(lines, headings, content_end)
    check_goal_count(lines, headings, warnings)

    sections, measures, decisions = fill_sections(lines, spans, signatures, year, warnings)
    budget = read_budget(lines, spans, chapters, content_end, warnings)

    return ParsedDocument(
        kind=ANNUAL_REPORT,
        title=title,
        start_line=title_index + 1,
        end_line=document_end,
        publisher=publisher,
        published=signed[0] if signed else None,
        year=year,
        language="nb",
        sections=tuple(sections),
        measures=tuple(measures),
        decisions=tuple(decisions),
        budget_lines=tuple(budget),
        warnings=tuple(warnings),
    )


def chapter_headings(
    lines: Sequence[str],
    chapters: Sequence[Heading],
    content_end: int,
    signatures: frozenset[int],
    warnings: list[str],
) -> list[Heading]:
    """Every heading of the report in order: chapters and their level-2/3 headings."""
    headings: list[Heading] = []
    for position, chapter in enumerate(chapters):
        stop = chapters[position + 1].line - 1 if position + 1 < len(chapters) else content_end
        headings.append(chapter)
        if chapter.number == "3":
            found, problems = chapter_three_headings(lines, chapter.line, stop)
            warnings.extend(problems)
            headings.extend(found)
        else:
            headings.extend(navigation_headings(lines, chapter.line, stop, signatures))
    return headings


def check_goal_count(
    lines: Sequence[str], headings: Sequence[Heading], warnings: list[str]
) -> None:
    """The målområder must number as many as the overordnede mål the report states."""
    goals = sum(
        1 for heading in headings if heading.level == 2 and _in_chapter(headings, heading, "3")
    )
    for raw in lines:
        stated = _GOALS_STATED.search(raw)
        if stated:
            if int(stated.group(1)) != goals:
                warnings.append(
                    f"{goals} målområder found in chapter 3, but the report states "
                    f"{stated.group(1)} overordnede mål"
                )
            return
    warnings.append("the report states no number of overordnede mål to check the målområder by")


def _in_chapter(headings: Sequence[Heading], heading: Heading, number: str) -> bool:
    chapter = None
    for candidate in headings:
        if candidate.level == 1:
            chapter = candidate
        if candidate is heading:
            break
    return chapter is not None and chapter.number == number


def fill_sections(
    lines: Sequence[str],
    spans: Sequence[SectionSpan],
    signatures: frozenset[int],
    year: int,
    warnings: list[str],
) -> tuple[list[ParsedSection], list[ParsedMeasure], list[ParsedDecision]]:
    """Section texts, and the measures and decisions found in each section's own lines."""
    sections: list[ParsedSection] = []
    measures: list[ParsedMeasure] = []
    decisions: list[ParsedDecision] = []
    for position, span in enumerate(spans):
        heading = span.heading
        own = paragraphs(lines, heading.line + 1, span.own_end_line)
        sections.append(
            ParsedSection(
                position=position,
                parent=span.parent,
                level=heading.level,
                number=heading.number,
                title=heading.title,
                text=section_text(own),
                start_line=heading.line,
                end_line=span.end_line,
            )
        )
        if heading.level == 3:
            measures.extend(indicator_measures(own, section=position, year=year))
            if _ACTIVITIES_HEADING.match(heading.title):
                measures.extend(
                    activity_measures(
                        lines,
                        own,
                        section=position,
                        stop=span.own_end_line,
                        signatures=signatures,
                        year=year,
                    )
                )
        skip = range(0)
        block = roman_decision_block(lines, heading.line, span.own_end_line)
        if block is not None:
            decisions.append(roman_decision(block, section=position, section_key=span.key))
            skip = range(block[0], block[1] + 1)
        decisions.extend(
            sentence_decisions(
                own, section=position, section_key=span.key, year=year, skip_lines=skip
            )
        )
    return sections, measures, dedupe_decisions(decisions)


def read_budget(
    lines: Sequence[str],
    spans: Sequence[SectionSpan],
    chapters: Sequence[Heading],
    content_end: int,
    warnings: list[str],
) -> list[ParsedBudgetLine]:
    """The Bevilgningsrapportering expense and income rows of the accounts chapter."""
    accounts = next((chapter for chapter in chapters if chapter.number == "6"), None)
    if accounts is None:
        warnings.append("no chapter 6 (Årsregnskap); no budget lines read")
        return []
    later = [chapter.line for chapter in chapters if chapter.line > accounts.line]
    stop = (later[0] - 1) if later else content_end
    expense_rows, after_expense, problems = budget_table_rows(
        lines, header=_EXPENSE_HEADER, end_marker=_EXPENSE_END, start=accounts.line, stop=stop
    )
    warnings.extend(problems)
    income_start = after_expense if after_expense is not None else accounts.line
    income_rows, _, problems = budget_table_rows(
        lines, header=_INCOME_HEADER, end_marker=_INCOME_END, start=income_start, stop=stop
    )
    warnings.extend(problems)
    found = budget_lines(lines, expense_rows, direction=UTGIFT, warnings=warnings)
    found += budget_lines(lines, income_rows, direction=INNTEKT, warnings=warnings)
    found = drop_repeated_budget_keys(found, warnings)
    return [replace(line, section=deepest_section(spans, line.start_line)) for line in found]


def deepest_section(spans: Sequence[SectionSpan], line: int) -> int | None:
    """Position of the innermost section whose range holds ``line``."""
    holder = None
    for position, span in enumerate(spans):
        if span.heading.line <= line <= span.end_line:
            holder = position
    return holder
