"""Helsedirektoratet's annual report as wrapped PDF text (Årsrapport 2017, seed 001).

Input: a :class:`SourceText` of the report as extracted from its PDF: hard wraps at about
110 characters, page footers ``HELSEDIREKTORATET – ÅRSRAPPORT 2017 Side 11``, tables
flattened to single spaces. Output: one :class:`ParsedDocument` of kind ``annual_report``
with chapters 1–7 and their numbered sections, the measures of chapter 3 (long-term
goals, steering parameters and assignments with their status), the decision sentences,
and the rows of the appropriation report (``Oppstilling av bevilgningsrapportering``).

Title and publisher are left empty (the manifest fills them): the cover is missing and
the title survives only in the page footers. ``year`` is the reporting year of the
footers, ``published`` the date of the first signature (``Oslo, 12. april 2018``).

Choices made about the source where SEEDS.md leaves room:

* Noise lines are page footers, the footnote block (a long whitespace-only separator
  line followed by ``1 Healthy Life Years …``) and chapter headings. A run of noise and
  blank lines is zero-width when the text runs on across it (the line before does not
  end a sentence and the line after starts in lower case or with a digit, as at
  25 → 31 and 4365 → 4371); otherwise it counts as one paragraph break.
* A chapter heading never closes a section of its own chapter: ``2.`` at 316 and ``3.``
  at 503 follow their first sections and leave them open. Text before the first heading
  belongs to the first chapter. A chapter whose heading is missing (a truncated copy) is
  created untitled, with a warning.
* Chapter and section ranges exclude trailing blank lines, so chapter 2 ends at 448 and
  chapter 7 at 6883 (the SEEDS table's "content" column partitions the file instead).
* Paragraphs are blank-separated blocks of lines, re-joined with ``join_wrapped`` after
  footnote digits are stripped from each line. A bullet line (``•``) starts a new
  paragraph, and a short unpunctuated line between a sentence end and a capitalised
  line is a heading of its own paragraph (``Status IA-arbeid``, 402), so it is never
  glued to the sentence after it. Section text drops repeated paragraphs (rule 6).
* Measures: ``Measure.text`` is the body without its labels, description, comment and
  target joined by blank lines; a line ``Avhengighet: …`` inside a target goes back to
  the description. A goal or parameter block without any ``Kommentar`` holds titles
  only; in a block with comments, a paragraph without a label continues the comment
  before it (504–508 continues the comment at 489).
* Assignments in 3.13.2–3.13.6 carry a status but lost their ``Oppgaver`` marker: an
  assignment anchor before the first marker of a chapter 3 section is read as an
  assignment too, with a warning for the curators.
* Only assignments (``oppdrag``) are linked to the decision sentences inside their range.
* Budget lines: cell text is whitespace-normalised (the 0540 row spans ten lines) but
  otherwise kept as printed, typos included. A (kap, post) pair seen twice keeps its
  first row; the later row is dropped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import Enum

from ingest.parsed import (
    ParsedBudgetLine,
    ParsedDecision,
    ParsedDocument,
    ParsedMeasure,
    ParsedSection,
    SourceText,
)
from ingest.parsers.annual_report.accounts import drop_repeated_budget_keys
from ingest.parsers.annual_report.decisions import decision_from_sentence, dedupe_decisions
from ingest.text import (
    drop_repeated_paragraphs,
    find_date,
    is_blank,
    join_wrapped,
    normalise_space,
    parse_kroner,
    split_sentences,
    strip_footnote_digits,
)
from ingest.vocabulary import (
    ANNUAL_REPORT,
    INNTEKT,
    LANGSIKTIG_MAL,
    OPPDRAG,
    OPPDRAG_STATUS_TEXT,
    STYRINGSPARAMETER,
    UTGIFT,
)

# --- Patterns of the source --------------------------------------------------------------

FOOTER_SIGNATURE = re.compile(r"HELSEDIREKTORATET – ÅRSRAPPORT (\d{4}) Side")
_FOOTER = re.compile(r"^\s*HELSEDIREKTORATET – ÅRSRAPPORT \d{4} Side \d+\s*$")
_CHAPTER = re.compile(r"^\s*([1-7])\.\s+([A-ZÆØÅ][A-ZÆØÅ ,\-–]+?)\s*$")
# The second line of a chapter heading wrapped in the PDF ("OG HOVEDTALL").
_CAPS_LINE = re.compile(r"^\s*([A-ZÆØÅ][A-ZÆØÅ ,\-–]+?)\s*$")
_NUMBERED = re.compile(r"^\s*([1-7])\.(\d{1,2})(?:\.(\d))?\s+([A-ZÆØÅ].{2,80}?)\s*$")
# Chapter 3 has sections up to 3.13; the other chapters stop at x.3.
_MAX_SECTION = {3: 13}
_DEFAULT_MAX_SECTION = 3
_SIGNATURE = re.compile(r"^\s*Oslo,\s+(\d{1,2}\.\s*[a-zæøå]+\s+\d{4})\s*$")

# A whitespace-only line at least this long separates the page text from its footnotes.
FOOTNOTE_SEPARATOR_WIDTH = 20
_FOOTNOTE_BODY = re.compile(r"^\d{1,2}\s+\S")

_SENTENCE_END = (".", "!", "?", ":", "»", '"')
_BULLET = re.compile(r"^\s*[•]")
# A heading line is short: wrapped prose runs to about 110 characters, and the comment
# column of the chapter 3 tables to about 90; the longest heading has 74 (3984).
HEADING_MAX_LENGTH = 75
_SENTENCE_INSIDE = re.compile(r"[.!?] [A-ZÆØÅ]")

# Chapter 3 block markers. They are no Sections; they say what the lines below them hold.
_GOALS_MARKER = "Langsiktige mål"
_PARAMETERS_MARKER = "Styringsparameter"
_TASKS_MARKER = "Oppgaver"
_PROSE_MARKERS = ("Samlet vurdering",)
_PROSE_MARKER_PREFIX = "Strategiske vurderinger"

_STATUS_WORDS = "|".join(OPPDRAG_STATUS_TEXT)
_STANDALONE_STATUS = re.compile(rf"^\s*({_STATUS_WORDS})\s*$")
_INLINE_STATUS = re.compile(rf"^(\s*\S.*?\S)\s{{2,}}({_STATUS_WORDS})\s*$")
_LABEL = re.compile(r"^\s*(Beskrivelse|Kommentar|Resultatmål:)(?=\s|$)")
_COMMENT_LABEL = re.compile(r"^\s*Kommentar(?=\s|$)")
_DEPENDENCY = re.compile(r"^\s*Avhengighet:")

_TABLE_TITLE = re.compile(r"Oppstilling av bevilgningsrapportering")
_EXPENSE_HEADER = re.compile(r"^\s*Utgifts-?\s*$")
_INCOME_HEADER = re.compile(r"^\s*Inntekts-?\s*$")
_TABLE_END = re.compile(r"^\s*Sum (utgiftsført|inntektsført)\b")
_ROW_START = re.compile(r"^\s*(\d{4})(?:\s|$)")
# The post is the first two-digit group after a non-digit, even glued ("drift01 ").
_POST = re.compile(r"(?<=\D)(\d{2})(?=\s)")
_TRAILING_AMOUNTS = re.compile(r"((?:\s+-?\d{1,3})+)\s*$")
# The note may be glued to the post text ("rehabiliteringA,B", 5512).
_NOTE = re.compile(r"^(.*?)(?:\s+|(?<=[a-zæøå.)]))(A,B|A|B)$")
_AMOUNT_HEAD = re.compile(r"^-?(?:0|[1-9]\d{0,2})$")
_AMOUNT_GROUP = re.compile(r"^\d{3}$")


class LineKind(Enum):
    TEXT = "text"
    BLANK = "blank"
    CHAPTER = "chapter"  # a chapter heading line: zero-width, kept only as a marker


@dataclass(frozen=True, slots=True)
class StreamLine:
    """One line of the cleaned stream, with its raw-seed line number."""

    number: int
    raw: str
    kind: LineKind = LineKind.TEXT


@dataclass(frozen=True, slots=True)
class _ChapterHeading:
    chapter: int
    title: str
    first_line: int
    last_line: int


@dataclass(frozen=True, slots=True)
class _Paragraph:
    """Re-joined lines; ``ends[k]`` is where line k's text ends in ``text``."""

    entries: tuple[StreamLine, ...]
    text: str
    ends: tuple[int, ...]

    def line_at(self, offset: int) -> int:
        for entry, end in zip(self.entries, self.ends, strict=True):
            if offset < end:
                return entry.number
        return self.entries[-1].number


@dataclass(slots=True)
class _SectionDraft:
    number: str
    title: str
    level: int
    chapter: int
    heading_first: int | None = None  # None until the heading is seen
    heading_last: int | None = None
    parent_number: str | None = None
    entries: list[StreamLine] = field(default_factory=list)
    start_line: int = 0
    end_line: int = 0


@dataclass(frozen=True, slots=True)
class _Block:
    kind: str  # a marker text, or "" for the lines before the first marker
    entries: tuple[StreamLine, ...]


@dataclass(frozen=True, slots=True)
class _MeasureDraft:
    kind: str
    section_number: str
    title: str
    start_line: int
    end_line: int
    description: str = ""
    comment: str = ""
    target: str = ""
    status: str = ""


# --- Recognition and identity ------------------------------------------------------------


def looks_wrapped(source: SourceText) -> bool:
    """True when the text carries the 2017 report's page footer signature."""
    return any(FOOTER_SIGNATURE.search(line) for line in source.lines)


def reporting_year(lines: Sequence[str]) -> int | None:
    """The year of the first page footer ("… ÅRSRAPPORT 2017 Side 11"), or None."""
    for line in lines:
        match = FOOTER_SIGNATURE.search(line)
        if match:
            return int(match.group(1))
    return None


def signature_date(lines: Sequence[str]) -> date | None:
    """The date of the first signature line ``Oslo, 12. april 2018``, or None."""
    for line in lines:
        match = _SIGNATURE.match(line)
        if match:
            found = find_date(match.group(1))
            if found:
                return found[0]
    return None


# --- Noise and the cleaned line stream ---------------------------------------------------


def find_chapter_headings(lines: Sequence[str]) -> list[_ChapterHeading]:
    """Chapter headings ``N. ALL CAPS`` with increasing numbers, a wrapped caps line joined."""
    headings: list[_ChapterHeading] = []
    last_number = 0
    for index, line in enumerate(lines):
        match = _CHAPTER.match(line)
        if not match or int(match.group(1)) <= last_number:
            continue
        title = match.group(2)
        last_line = index + 1
        following = lines[index + 1] if index + 1 < len(lines) else ""
        caps = _CAPS_LINE.match(following)
        if caps and len(caps.group(1)) >= 2:
            title = f"{title} {caps.group(1)}"
            last_line = index + 2
        last_number = int(match.group(1))
        headings.append(_ChapterHeading(last_number, normalise_space(title), index + 1, last_line))
    return headings


def footnote_lines(lines: Sequence[str]) -> set[int]:
    """Line numbers of footnote blocks: a long blank separator and the numbered notes below it."""
    found: set[int] = set()
    for index, line in enumerate(lines):
        if len(line) < FOOTNOTE_SEPARATOR_WIDTH or not is_blank(line):
            continue
        body = index + 1
        if body >= len(lines) or not _FOOTNOTE_BODY.match(lines[body]):
            continue
        found.add(index + 1)
        while body < len(lines) and not is_blank(lines[body]):
            found.add(body + 1)
            body += 1
    return found


def runs_on(before: str | None, after: str | None) -> bool:
    """True when a sentence continues from ``before`` to ``after`` across a page break."""
    if before is None or after is None:
        return False
    head = normalise_space(before)
    tail = normalise_space(after)
    if not head or not tail or head.endswith(_SENTENCE_END):
        return False
    return tail[0].islower() or tail[0].isdigit()


def clean_stream(
    lines: Sequence[str], noise: set[int], chapter_lines: set[int]
) -> list[StreamLine]:
    """The lines without noise; a noise run becomes nothing or one paragraph break."""
    stream: list[StreamLine] = []
    last_text: str | None = None
    index = 0
    while index < len(lines):
        number = index + 1
        if number not in noise and not is_blank(lines[index]):
            stream.append(StreamLine(number, lines[index]))
            last_text = lines[index]
            index += 1
            continue
        end = index
        while end < len(lines) and (end + 1 in noise or is_blank(lines[end])):
            end += 1
        run = range(index + 1, end + 1)
        if any(line in noise for line in run):
            following = lines[end] if end < len(lines) else None
            if not runs_on(last_text, following):
                stream.append(StreamLine(number, "", LineKind.BLANK))
            stream.extend(
                StreamLine(line, lines[line - 1], LineKind.CHAPTER)
                for line in run
                if line in chapter_lines
            )
        else:
            stream.extend(StreamLine(line, lines[line - 1], LineKind.BLANK) for line in run)
        index = end
    return stream


# --- Paragraphs ----------------------------------------------------------------------------


def is_indented(raw: str) -> bool:
    return raw[:1].isspace()


def is_heading_line(
    previous: StreamLine | None, entry: StreamLine, following: StreamLine | None
) -> bool:
    """A short unpunctuated line between a sentence end (or a break) and a capitalised line."""
    text = normalise_space(entry.raw)
    if not 3 <= len(text) <= HEADING_MAX_LENGTH or not text[0].isupper():
        return False
    if text.endswith((".", ",", ";", ":", "!", "?", "»")) or _SENTENCE_INSIDE.search(text):
        return False
    if _LABEL.match(entry.raw):
        return False
    previous_text = normalise_space(previous.raw) if previous is not None else ""
    if previous_text and not previous_text.endswith(_SENTENCE_END):
        return False
    if following is None or following.kind is not LineKind.TEXT:
        return False
    start = normalise_space(following.raw)[:1]
    return bool(start) and (start.isupper() or start in '«"')


def make_paragraph(entries: Sequence[StreamLine]) -> _Paragraph:
    """Re-join lines; the running lengths map text offsets back to lines.

    ``join_wrapped`` decides each join on the previous line alone, so joining a pair of
    lines tells how much the second one adds to the paragraph.
    """
    pieces = [strip_footnote_digits(entry.raw) for entry in entries]
    ends: list[int] = []
    total = 0
    for index, piece in enumerate(pieces):
        if index == 0:
            total = len(join_wrapped([piece]))
        else:
            before = pieces[index - 1]
            total += len(join_wrapped([before, piece])) - len(join_wrapped([before]))
        ends.append(total)
    return _Paragraph(tuple(entries), join_wrapped(pieces), tuple(ends))


def paragraphs(entries: Iterable[StreamLine]) -> list[_Paragraph]:
    """Blank-separated paragraphs; bullets and heading lines start paragraphs of their own."""
    lines = [entry for entry in entries if entry.kind is not LineKind.CHAPTER]
    groups: list[list[StreamLine]] = []
    current: list[StreamLine] = []
    for index, entry in enumerate(lines):
        if entry.kind is LineKind.BLANK:
            if current:
                groups.append(current)
            current = []
            continue
        previous = lines[index - 1] if index else None
        following = lines[index + 1] if index + 1 < len(lines) else None
        heading = is_heading_line(previous, entry, following)
        if current and (heading or _BULLET.match(entry.raw)):
            groups.append(current)
            current = []
        current.append(entry)
        if heading:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return [make_paragraph(group) for group in groups]


def paragraph_text(entries: Iterable[StreamLine]) -> str:
    texts = [paragraph.text for paragraph in paragraphs(entries)]
    return "\n\n".join(text for text in texts if text)


# --- Sections ------------------------------------------------------------------------------


def numbered_heading(raw: str) -> tuple[tuple[int, ...], str] | None:
    """``(number parts, title)`` of a level 2–3 heading, or None (table codes, lists)."""
    match = _NUMBERED.match(raw)
    if not match:
        return None
    chapter, second = int(match.group(1)), int(match.group(2))
    if not 1 <= second <= _MAX_SECTION.get(chapter, _DEFAULT_MAX_SECTION):
        return None
    parts = (chapter, second) if match.group(3) is None else (chapter, second, int(match.group(3)))
    return parts, normalise_space(match.group(4))


class _SectionBuilder:
    """Walks the stream once, giving every line to the section that owns it."""

    def __init__(self, headings: Sequence[_ChapterHeading], warnings: list[str]) -> None:
        self.drafts: list[_SectionDraft] = []
        self.by_number: dict[str, _SectionDraft] = {}
        self.heading_at = {heading.first_line: heading for heading in headings}
        self.warnings = warnings
        self.current: _SectionDraft | None = None
        self.pending: list[StreamLine] = []
        self.last_parts: tuple[int, ...] = ()

    def chapter(self, number: int) -> _SectionDraft:
        key = str(number)
        if key not in self.by_number:
            draft = _SectionDraft(number=key, title="", level=1, chapter=number)
            self.by_number[key] = draft
            self.drafts.append(draft)
        return self.by_number[key]

    def open(self, draft: _SectionDraft) -> None:
        if self.current is None and self.pending:
            # Text before the first heading belongs to the first chapter (chapter 1's
            # heading follows 29 lines of its text).
            self.by_number[str(draft.chapter)].entries.extend(self.pending)
            self.pending = []
        self.current = draft

    def add_chapter_marker(self, entry: StreamLine) -> None:
        heading = self.heading_at.get(entry.number)
        if heading is None:
            return  # the wrapped second line of a heading
        draft = self.chapter(heading.chapter)
        draft.title = heading.title
        draft.heading_first, draft.heading_last = heading.first_line, heading.last_line
        # A misplaced heading (after its chapter's first section) leaves that section open.
        if self.current is None or self.current.chapter != heading.chapter:
            self.open(draft)

    def add_numbered(self, entry: StreamLine, parts: tuple[int, ...], title: str) -> bool:
        if parts <= self.last_parts:
            self.warnings.append(
                f"line {entry.number}: section number {'.'.join(map(str, parts))} "
                "out of order; kept as text"
            )
            return False
        self.last_parts = parts
        number = ".".join(map(str, parts))
        parent = self.chapter(parts[0])
        if len(parts) == 3:
            parent_key = f"{parts[0]}.{parts[1]}"
            if parent_key in self.by_number:
                parent = self.by_number[parent_key]
            else:
                self.warnings.append(f"line {entry.number}: section {number} has no {parent_key}")
        draft = _SectionDraft(
            number=number,
            title=title,
            level=parent.level + 1,
            chapter=parts[0],
            heading_first=entry.number,
            heading_last=entry.number,
            parent_number=parent.number,
        )
        self.by_number[number] = draft
        self.drafts.append(draft)
        self.open(draft)
        return True

    def add_line(self, entry: StreamLine) -> None:
        if self.current is None:
            self.pending.append(entry)
        else:
            self.current.entries.append(entry)


def build_sections(
    stream: Sequence[StreamLine], headings: Sequence[_ChapterHeading], warnings: list[str]
) -> list[_SectionDraft]:
    """Section drafts in document order, each owning its lines, ranges filled in."""
    builder = _SectionBuilder(headings, warnings)
    for entry in stream:
        if entry.kind is LineKind.CHAPTER:
            builder.add_chapter_marker(entry)
            continue
        found = numbered_heading(entry.raw) if entry.kind is LineKind.TEXT else None
        if found and builder.add_numbered(entry, *found):
            continue
        builder.add_line(entry)
    if not builder.drafts:
        raise ValueError("no chapter or section headings found")
    if builder.pending:
        # Only blank lines can be left over; give them to the first chapter.
        builder.drafts[0].entries[:0] = builder.pending
    for draft in builder.drafts:
        if draft.level == 1 and draft.heading_first is None:
            warnings.append(f"chapter {draft.number} has no heading; its title is unknown")
    fill_ranges(builder.drafts)
    return sorted(builder.drafts, key=lambda draft: (draft.start_line, draft.level))


def fill_ranges(drafts: Sequence[_SectionDraft]) -> None:
    """Heading (or first content line) to last content line, children included."""
    children: dict[str, list[_SectionDraft]] = {}
    for draft in drafts:
        if draft.parent_number is not None:
            children.setdefault(draft.parent_number, []).append(draft)

    def visit(draft: _SectionDraft) -> None:
        lines = [entry.number for entry in draft.entries if entry.kind is LineKind.TEXT]
        if draft.heading_first is not None and draft.heading_last is not None:
            lines += [draft.heading_first, draft.heading_last]
        for child in children.get(draft.number, []):
            visit(child)
            lines += [child.start_line, child.end_line]
        draft.start_line = min(lines, default=0)
        draft.end_line = max(lines, default=0)

    for draft in drafts:
        if draft.parent_number is None:
            visit(draft)


def section_rows(
    drafts: Sequence[_SectionDraft], texts_of: Sequence[Sequence[_Paragraph]]
) -> tuple[ParsedSection, ...]:
    """Sections in document order; ``texts_of[i]`` holds section i's own paragraphs."""
    position = {draft.number: index for index, draft in enumerate(drafts)}
    rows = []
    for index, draft in enumerate(drafts):
        texts = drop_repeated_paragraphs([p.text for p in texts_of[index] if p.text])
        rows.append(
            ParsedSection(
                position=index,
                parent=position.get(draft.parent_number) if draft.parent_number else None,
                level=draft.level,
                number=draft.number,
                title=draft.title,
                text="\n\n".join(texts),
                start_line=draft.start_line,
                end_line=draft.end_line,
            )
        )
    return tuple(rows)


# --- Measures (chapter 3) ----------------------------------------------------------------


def marker_of(raw: str) -> str | None:
    """The block marker a line is, or None."""
    text = normalise_space(raw)
    if text in (_GOALS_MARKER, _PARAMETERS_MARKER, _TASKS_MARKER, *_PROSE_MARKERS):
        return text
    if text.startswith(_PROSE_MARKER_PREFIX):
        return _PROSE_MARKER_PREFIX
    return None


def split_blocks(entries: Sequence[StreamLine]) -> list[_Block]:
    """The lines before the first marker, then one block per marker."""
    blocks: list[_Block] = []
    kind = ""
    current: list[StreamLine] = []
    for entry in entries:
        if entry.kind is LineKind.CHAPTER:
            continue
        marker = marker_of(entry.raw) if entry.kind is LineKind.TEXT else None
        if marker is not None:
            blocks.append(_Block(kind, tuple(current)))
            kind, current = marker, []
            continue
        current.append(entry)
    blocks.append(_Block(kind, tuple(current)))
    return blocks


def status_of(raw: str) -> tuple[str | None, str] | None:
    """``(inline title or None, status value)`` of an assignment anchor line, or None."""
    match = _STANDALONE_STATUS.match(raw)
    if match:
        return None, OPPDRAG_STATUS_TEXT[match.group(1)]
    if _LABEL.match(raw):
        return None
    match = _INLINE_STATUS.match(raw)
    if match:
        return match.group(1), OPPDRAG_STATUS_TEXT[match.group(2)]
    return None


def stops_title(entry: StreamLine) -> bool:
    return entry.kind is not LineKind.TEXT or bool(
        _LABEL.match(entry.raw) or marker_of(entry.raw) or status_of(entry.raw)
    )


def title_start(entries: Sequence[StreamLine], anchor: int, floor: int) -> int | None:
    """Index of a title's first line above ``anchor``: lines up to a blank, label or status.

    Where some collected lines are indented, the title starts at the last indented one
    (the lines above it end the previous comment).
    """
    index = anchor - 1
    while index >= floor and entries[index].kind is LineKind.BLANK:
        index -= 1
    collected: list[int] = []
    while index >= floor and not stops_title(entries[index]):
        collected.append(index)
        index -= 1
    if not collected:
        return None
    indented = [line for line in collected if is_indented(entries[line].raw)]
    return max(indented) if indented else min(collected)


def text_lines(entries: Sequence[StreamLine]) -> list[StreamLine]:
    return [entry for entry in entries if entry.kind is LineKind.TEXT]


def body_parts(entries: Sequence[StreamLine]) -> dict[str, str]:
    """The body split at its labels into description, comment and target text."""
    parts: dict[str, list[StreamLine]] = {"description": [], "comment": [], "target": []}
    current = "description"
    for entry in entries:
        label = _LABEL.match(entry.raw) if entry.kind is LineKind.TEXT else None
        if label:
            current = {"Beskrivelse": "description", "Kommentar": "comment"}.get(
                label.group(1), "target"
            )
            entry = replace(entry, raw=entry.raw[label.end() :])
        elif entry.kind is LineKind.TEXT and _DEPENDENCY.match(entry.raw) and current == "target":
            current = "description"
        parts[current].append(entry)
    return {name: paragraph_text(lines) for name, lines in parts.items()}


def title_text(entries: Sequence[StreamLine]) -> str:
    return normalise_space(join_wrapped(strip_footnote_digits(entry.raw) for entry in entries))


def indicator_measures(
    block: _Block, kind: str, section_number: str, warnings: list[str]
) -> list[_MeasureDraft]:
    """Goals or steering parameters: each ``Kommentar`` anchors one, its title above it."""
    entries = block.entries
    labels = [
        index
        for index, entry in enumerate(entries)
        if entry.kind is LineKind.TEXT and _COMMENT_LABEL.match(entry.raw)
    ]
    if not labels:
        # A block without comments lists titles only (2950–2960).
        return [
            _MeasureDraft(
                kind=kind,
                section_number=section_number,
                title=title_text(paragraph.entries),
                start_line=paragraph.entries[0].number,
                end_line=paragraph.entries[-1].number,
            )
            for paragraph in blank_separated(entries)
        ]
    starts = [
        title_start(entries, label, (labels[k - 1] + 1) if k else 0)
        for k, label in enumerate(labels)
    ]
    drafts = []
    for k, label in enumerate(labels):
        start = starts[k]
        if start is None:
            warnings.append(f"line {entries[label].number}: 'Kommentar' without a title above it")
        title_entries = entries[start:label] if start is not None else ()
        if k + 1 < len(labels):
            body_end = starts[k + 1] if starts[k + 1] is not None else labels[k + 1]
        else:
            body_end = len(entries)
        body = text_lines(entries[label:body_end])
        parts = body_parts(entries[label:body_end])
        first = text_lines(title_entries)[0].number if text_lines(title_entries) else body[0].number
        drafts.append(
            _MeasureDraft(
                kind=kind,
                section_number=section_number,
                title=title_text(text_lines(title_entries)),
                start_line=first,
                end_line=body[-1].number,
                **parts,
            )
        )
    return drafts


def blank_separated(entries: Sequence[StreamLine]) -> list[_Paragraph]:
    """Plain blank-line blocks (no heading or bullet splitting)."""
    groups: list[list[StreamLine]] = [[]]
    for entry in entries:
        if entry.kind is LineKind.TEXT:
            groups[-1].append(entry)
        elif groups[-1]:
            groups.append([])
    return [make_paragraph(group) for group in groups if group]


def task_measures(block: _Block, section_number: str, warnings: list[str]) -> list[_MeasureDraft]:
    """Assignments: a status line anchors each; its title is inline or the lines above."""
    entries = block.entries
    anchors = [
        (index, found)
        for index, entry in enumerate(entries)
        if entry.kind is LineKind.TEXT and (found := status_of(entry.raw)) is not None
    ]
    starts: list[int | None] = []
    for k, (index, (inline, _status)) in enumerate(anchors):
        floor = anchors[k - 1][0] + 1 if k else 0
        starts.append(index if inline is not None else title_start(entries, index, floor))
    drafts = []
    for k, (index, (inline, status)) in enumerate(anchors):
        if inline is not None:
            title = normalise_space(strip_footnote_digits(inline))
            first = entries[index].number
        elif starts[k] is not None:
            title = title_text(text_lines(entries[starts[k] : index]))
            first = entries[starts[k]].number
        else:
            warnings.append(f"line {entries[index].number}: status without a title above it")
            title, first = "", entries[index].number
        if k + 1 < len(anchors):
            following = starts[k + 1]
            body_end = following if following is not None else anchors[k + 1][0]
        else:
            body_end = len(entries)
        body = entries[index + 1 : body_end]
        lines = text_lines(body)
        drafts.append(
            _MeasureDraft(
                kind=OPPDRAG,
                section_number=section_number,
                title=title,
                start_line=first,
                end_line=lines[-1].number if lines else entries[index].number,
                status=status,
                **body_parts(body),
            )
        )
    return drafts


def section_measures(draft: _SectionDraft, warnings: list[str]) -> list[_MeasureDraft]:
    """The measures in one chapter 3 section's own lines."""
    found: list[_MeasureDraft] = []
    for block in split_blocks(draft.entries):
        if block.kind == _GOALS_MARKER:
            found += indicator_measures(block, LANGSIKTIG_MAL, draft.number, warnings)
        elif block.kind == _PARAMETERS_MARKER:
            found += indicator_measures(block, STYRINGSPARAMETER, draft.number, warnings)
        elif block.kind == _TASKS_MARKER:
            found += task_measures(block, draft.number, warnings)
        elif block.kind == "":
            tasks = task_measures(block, draft.number, warnings)
            for task in tasks:
                warnings.append(
                    f"line {task.start_line}: assignment in {draft.number} outside an "
                    "'Oppgaver' block; read as one"
                )
            found += tasks
    return found


def measure_rows(
    drafts: Sequence[_SectionDraft],
    position: dict[str, int],
    year: int,
    warnings: list[str],
) -> tuple[ParsedMeasure, ...]:
    """Chapter 3's measures in document order; their year is the reporting year."""
    found: list[_MeasureDraft] = []
    for draft in drafts:
        if draft.chapter == 3 and draft.level > 1:
            found += section_measures(draft, warnings)
    found.sort(key=lambda measure: measure.start_line)
    return tuple(
        ParsedMeasure(
            section=position[measure.section_number],
            kind=measure.kind,
            title=measure.title,
            start_line=measure.start_line,
            end_line=measure.end_line,
            text="\n\n".join(
                part for part in (measure.description, measure.comment, measure.target) if part
            ),
            description=measure.description,
            comment=measure.comment,
            target=measure.target,
            status=measure.status,
            year=year,
        )
        for measure in found
    )


# --- Decisions -----------------------------------------------------------------------------


def sentences_with_lines(paragraph: _Paragraph) -> Iterator[tuple[str, int, int]]:
    """Each sentence of a paragraph with its first and last raw line."""
    position = 0
    for sentence in split_sentences(paragraph.text):
        start = paragraph.text.find(sentence, position)
        if start < 0:
            start = position
        end = start + max(len(sentence) - 1, 0)
        position = start + len(sentence)
        yield sentence, paragraph.line_at(start), paragraph.line_at(end)


def decision_rows(
    drafts: Sequence[_SectionDraft],
    texts_of: Sequence[Sequence[_Paragraph]],
    measures: Sequence[ParsedMeasure],
    default_year: int,
) -> tuple[ParsedDecision, ...]:
    """Decision sentences per section, identical ones in a section merged (rule 4)."""
    tasks = [
        (index, measure.start_line, measure.end_line)
        for index, measure in enumerate(measures)
        if measure.kind == OPPDRAG
    ]
    found: list[ParsedDecision] = []
    for position, draft in enumerate(drafts):
        in_section = []
        for paragraph in texts_of[position]:
            for sentence, start, end in sentences_with_lines(paragraph):
                decision = decision_from_sentence(
                    sentence,
                    start_line=start,
                    end_line=end,
                    section=position,
                    section_key=draft.number,
                    default_year=default_year,
                    measure=task_holding(tasks, start, end),
                )
                if decision is not None:
                    in_section.append(decision)
        found += dedupe_decisions(in_section)
    return tuple(found)


def task_holding(tasks: Sequence[tuple[int, int, int]], start: int, end: int) -> int | None:
    for index, first, last in tasks:
        if first <= start and end <= last:
            return index
    return None


# --- Budget lines --------------------------------------------------------------------------


def table_rows(stream: Sequence[StreamLine]) -> Iterator[tuple[str, list[StreamLine]]]:
    """``(direction, lines)`` of each row of the appropriation tables."""
    direction: str | None = None
    seen_title = False
    row: list[StreamLine] = []
    for entry in stream:
        if entry.kind is not LineKind.TEXT:
            continue
        if _TABLE_TITLE.search(entry.raw):
            seen_title, direction = True, None
            continue
        if seen_title and direction is None:
            if _EXPENSE_HEADER.match(entry.raw):
                direction = UTGIFT
            elif _INCOME_HEADER.match(entry.raw):
                direction = INNTEKT
            continue
        if direction is None:
            continue
        if _TABLE_END.match(entry.raw):
            if row:
                yield direction, row
            row, direction, seen_title = [], None, False
            continue
        if _ROW_START.match(entry.raw):
            if row:
                yield direction, row
            row = [entry]
        elif row:
            row.append(entry)
    if row and direction is not None:
        yield direction, row


def split_amounts(tokens: Sequence[str], direction: str) -> tuple[int | None, ...] | None:
    """The unique (tildeling, regnskap, avvik) split of the trailing number tokens.

    Expense rows satisfy tildeling − regnskap = avvik, income rows regnskap − tildeling =
    avvik. With no fitting split, a leading ``0`` is the tildeling and the rest the
    regnskap, the difference unknown (5596). None when neither reading works.
    """
    fits = []
    for first in range(1, len(tokens) - 1):
        for second in range(first + 1, len(tokens)):
            groups = (tokens[:first], tokens[first:second], tokens[second:])
            if not all(is_amount(group) for group in groups):
                continue
            allocated, spent, difference = (amount_of(group) for group in groups)
            expected = allocated - spent if direction == UTGIFT else spent - allocated
            if expected == difference:
                fits.append((allocated, spent, difference))
    if len(fits) == 1:
        return fits[0]
    if not fits and len(tokens) > 1 and tokens[0] == "0" and is_amount(tokens[1:]):
        return 0, amount_of(tokens[1:]), None
    return None


def is_amount(tokens: Sequence[str]) -> bool:
    """One printed number: a 1–3 digit head (no leading zero) and 3-digit groups."""
    return (
        bool(tokens)
        and bool(_AMOUNT_HEAD.match(tokens[0]))
        and all(_AMOUNT_GROUP.match(token) for token in tokens[1:])
    )


def amount_of(tokens: Sequence[str]) -> int:
    value = parse_kroner(" ".join(tokens))
    if value is None:  # pragma: no cover - is_amount admits no empty cell
        raise ValueError(f"empty amount: {tokens!r}")
    return value


def budget_line(
    direction: str, entries: Sequence[StreamLine], warnings: list[str]
) -> ParsedBudgetLine | None:
    """One table row, or None (with a warning) when its cells cannot be told apart."""
    text = normalise_space(" ".join(entry.raw for entry in entries))
    first, last = entries[0].number, entries[-1].number
    kap_match = _ROW_START.match(text)
    rest = text[kap_match.end() :] if kap_match else ""
    post_match = _POST.search(rest)
    if not kap_match or not post_match:
        warnings.append(f"lines {first}-{last}: budget row without kap or post: {text!r}")
        return None
    after_post = rest[post_match.end() :]
    amounts_match = _TRAILING_AMOUNTS.search(" " + after_post)
    tokens = amounts_match.group(1).split() if amounts_match else []
    cells = (" " + after_post)[: amounts_match.start()].strip() if amounts_match else after_post
    note = ""
    if direction == UTGIFT:
        note_match = _NOTE.match(cells)
        if note_match:
            cells, note = note_match.group(1), note_match.group(2)
    amounts = split_amounts(tokens, direction)
    if amounts is None:
        warnings.append(f"lines {first}-{last}: amounts not split: {' '.join(tokens)!r}")
        amounts = (None, None, None)
    allocated, spent, difference = amounts
    return ParsedBudgetLine(
        kap=int(kap_match.group(1)),
        post=int(post_match.group(1)),
        kap_title=normalise_space(rest[: post_match.start()]),
        post_title=normalise_space(cells),
        start_line=first,
        end_line=last,
        note=note,
        direction=direction,
        tildeling_nok=allocated,
        regnskap_nok=spent,
        avvik_nok=difference,
    )


def budget_rows(
    stream: Sequence[StreamLine], section_of_line: dict[int, int], warnings: list[str]
) -> tuple[ParsedBudgetLine, ...]:
    found = [
        row
        for direction, entries in table_rows(stream)
        if (row := budget_line(direction, entries, warnings)) is not None
    ]
    kept = drop_repeated_budget_keys(found, warnings)
    return tuple(replace(row, section=section_of_line.get(row.start_line)) for row in kept)


# --- Entry point ---------------------------------------------------------------------------


def parse_wrapped_report(source: SourceText) -> ParsedDocument:
    """Parse the wrapped-PDF annual report into one :class:`ParsedDocument`."""
    lines = source.lines
    if all(is_blank(line) for line in lines):
        raise ValueError("empty text: nothing to parse")
    year = reporting_year(lines)
    if year is None:
        raise ValueError(
            "not a wrapped annual report: no 'HELSEDIREKTORATET – ÅRSRAPPORT <year> Side' footer"
        )
    warnings: list[str] = []
    published = signature_date(lines)
    if published is None:
        warnings.append("no signature line 'Oslo, <date>': published date unknown")

    headings = find_chapter_headings(lines)
    chapter_lines = {
        line for heading in headings for line in range(heading.first_line, heading.last_line + 1)
    }
    noise = chapter_lines | footnote_lines(lines)
    noise |= {index + 1 for index, line in enumerate(lines) if _FOOTER.match(line)}
    stream = clean_stream(lines, noise, chapter_lines)

    drafts = build_sections(stream, headings, warnings)
    position = {draft.number: index for index, draft in enumerate(drafts)}
    section_of_line = {
        entry.number: index for index, draft in enumerate(drafts) for entry in draft.entries
    }
    texts_of = [paragraphs(draft.entries) for draft in drafts]
    sections = section_rows(drafts, texts_of)
    measures = measure_rows(drafts, position, year, warnings)
    decisions = decision_rows(drafts, texts_of, measures, year)
    budget = budget_rows(stream, section_of_line, warnings)

    content = [index + 1 for index, line in enumerate(lines) if not is_blank(line)]
    return ParsedDocument(
        kind=ANNUAL_REPORT,
        title="",
        start_line=content[0],
        end_line=content[-1],
        published=published,
        year=year,
        language="nb",
        sections=sections,
        measures=measures,
        decisions=decisions,
        budget_lines=budget,
        warnings=tuple(warnings),
    )
