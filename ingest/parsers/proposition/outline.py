"""The outline of Prop. 1 S: SourceText -> tuple of ParsedSection (SEEDS.md 003).

Input: the text of a budget proposition (one paragraph per line, TAB tables, boxes ending in
``Rammeslutt``). Output: its Sections in document order, each with its level, parent
position, own text and inclusive line range; kap and post Sections set ``kap``/``post`` for
their whole subtree.

Levels: ``Del I``/``Del II``/``Del III`` and ``Forslag`` 1; chapters 2 (numbered "1".."9"
by order: the numbers are not printed); ``Programområde`` 3; ``Programkategori`` 4;
``Kap.`` 5 (number = the kap); ``Post`` 6 (number as printed, "72–75" included).
Other strong headings (``Stortingssesjon``, ``Anmodningsvedtak``, the title line above a
``Vedtak nr. …`` date line, ``Mål for 2025``, ``Mål N``/``Delmål N.x:``) sit one below the
Section they appear in; weak headings one below their strong parent; a box one below
whatever Section holds it. Under ``Forslag`` each romertall is a level-2 Section numbered
with its numeral and titled with the line after it.

Choices made about this source:

* **Chapters.** The chapter numbers are stripped, and nothing in the text tells a chapter
  heading from a sub-heading. A chapter is the first line after a part's subtitle, or a
  line that is one of the standard Prop. 1 S chapter titles (``CHAPTER_TITLES``), each
  used once, in order.
* **Titles** drop the printed prefix that ``number`` already holds: kap 732 is number
  "732", title "Regionale helseforetak"; ``Del II`` is number "II", title "Budsjettomtaler".
* **Lost kap headings** (704, 781, 783): a kap that vedtak I or a per-kap table knows but
  no ``Kap.`` heading names gets a synthetic kap Section at the first leading-space line
  after the kap before it (SEEDS.md trap 1), titled from vedtak I or the programkategori
  table. A post heading of that kap (and not of the kap before) must follow before the
  next ``Kap.``; otherwise a warning says the boundary is unconfirmed.
* **Weak headings** are lines of at most 120 characters with no final ``.:;,!?»`` (``mv.``
  is fine) that do not start with ``«``, a lower-case letter, a digit, a dash, ``Vedtak``,
  ``Kilde:``, ``Tabell`` or ``Figur``, and that neither propose (``foreslås``: a sentence
  that lost its full stop) nor name an amount (``Drift av nye metoder (7,6 mill.
  kroner)`` is an item). They are never: table lines; captions (a line followed by a
  table); the signature above ``tilrår:``; lines inside a box or a Del I request-decision
  block; lines under ``Forslag``; list items; TOC lines.
* **Lists** are the lines after a ``:`` line. An intro that announces a count (``tre
  mål:``, ``Følgende 7 prosjekter …:``) gets exactly that many items. Otherwise items keep
  the first item's style (first-letter case, final full stop) and stay under 400
  characters; a line that differs only in case (a proper name among lower-case items)
  stays when the next line has the style again. TOC lines are a run of two or more short
  lines whose texts recur as heading-shaped lines before the next strong heading; a list
  that reaches such a run ends with it. Two exceptions make a short line a heading even
  inside a list: in Del I chapter 2 when ``Det foreslås …`` follows (328), and anywhere
  when the next sentence repeats its text (``Helse Nord RHF`` / ``Helse Nord RHF har …``).
  A weak heading ending in a space continues on a following lower-case line.
* **Request decisions.** In Del I a ``Stortingssesjon`` Section holds one Section per
  decision (title line, date line, quote, origin, follow-up) up to the next decision,
  session or part. In Del II an ``Anmodningsvedtak`` Section ends at the next weak heading,
  which goes back to the Section holding the ``Anmodningsvedtak`` heading.
* **Boxes** end at ``Rammeslutt``. The box title is found walking back from it: the nearest
  short line (with its lower-case continuation) that follows a paragraph, a table or an
  earlier ``Rammeslutt``, is not a list item and is no ``label: value`` fact line. The
  box text is not split into headings.
* **Forslag group headings** (``Andre fullmakter`` …, a short line just above a numeral)
  become level-2 Sections of their own, so they stay out of the romertall texts. A
  numeral whose next line is a label such as ``Utgifter:`` is titled from its labels
  (``Utgifter og inntekter``).
* **Text.** A Section's text is its own paragraphs (one per line, normalised) and tables
  (one line per row, raw cells joined by TAB), blocks separated by a blank line, with a
  paragraph repeated inside the same Section dropped. Heading lines, ``Rammeslutt`` and
  the short leading-space debris of lost table headers (``' 2023'``) are not text but stay
  inside the range.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.parsed import ParsedSection, SourceText
from ingest.text import NUMBER_WORDS, drop_repeated_paragraphs, find_amounts, normalise_space

from .budget import (
    Appropriation,
    CategoryKap,
    KapTable,
    read_appropriations,
    read_category_kaps,
    read_kap_tables,
)
from .tables import Table, read_tables, table_lines

# --- Heading patterns ------------------------------------------------------------------

PART = re.compile(r"^Del (I|II|III)$")
PROPOSAL = re.compile(r"^Forslag$")
PROGRAMOMRADE = re.compile(r"^Programområde (\d\d) (.+)$")
PROGRAMKATEGORI = re.compile(r"^Programkategori (\d\d\.\d\d) (.+)$")
KAP = re.compile(r"^Kap\. (\d{3,4}) ([A-ZÆØÅ].*)$")
POST = re.compile(r"^Post(?:ene)? (\d\d(?:–\d\d)?) (.+)$")
SESSION = re.compile(r"^Stortingssesjon \(\d{4}–\d{4}\)$")
REQUESTS = re.compile(r"^Anmodningsvedtak$")
VEDTAK_DATE = re.compile(r"^Vedtak(?: nr\.)? ?(\d+),? ?(\d{1,2})\. ?([a-zæøå]+) (\d{4})\s*$")
GOAL = re.compile(r"^Mål( for)? 20\d\d$")
SDG = re.compile(r"^Mål (\d+) (.+)$")
SDG_TARGET = re.compile(r"^Delmål (\d+\.\w+): (.+)$")
NUMERAL = re.compile(r"^[IVX]+$")
BOX_END = "Rammeslutt"

# Standard Prop. 1 S chapter titles; with "the first line after a part's subtitle" they
# give the nine chapters of this proposition.
CHAPTER_TITLES = (
    re.compile(r"^Profilen i budsjettforslaget$"),
    re.compile(r"^Oppfølging av anmodnings- og utredningsvedtak$"),
    re.compile(r"^Nærmere omtale av bevilgningsforslag mv\.$"),
    re.compile(r"^Administrative fellesomtaler$"),
    re.compile(r"^Omtale av lønnsvilkårene\b.*$"),
    re.compile(r"^Omtale av klima- og miljørelevante saker$"),
    re.compile(r"^Oppfølging av FNs bærekraftsmål$"),
)

_FINAL_PUNCTUATION = re.compile(r"[.:;,!?»]$")
_ALLOWED_FINAL_ABBREVIATIONS = ("mv.", "m.m.")
_ABBREVIATED = ("mv.", "m.m.", "bl.a.", "f.eks.", "jf.", "osv.")
_NOT_HEADING_START = re.compile(r"^(?:[«\d\-–•(]|Vedtak|Kilde:|Tabell|Figur)")
# A line that proposes something is a sentence that lost its full stop, not a heading.
_PROPOSES = re.compile(r"\bforeslå(?:s|r)\b")
_LABEL = re.compile(r"^([A-ZÆØÅ][a-zæøå]+):$")
MAX_HEADING = 120
MAX_LIST_ITEM = 400
_DEBRIS_LENGTH = 30

# Section kinds (``Outline.kinds``)
_PART, _PROPOSAL, _CHAPTER, _AREA, _CATEGORY, _KAP, _POST = (
    "part",
    "proposal",
    "chapter",
    "programomrade",
    "programkategori",
    "kap",
    "post",
)
_ROMERTALL, _GROUP = "romertall", "group"
_SESSION, _REQUESTS, _REQUEST = "session", "requests", "request"
_GOAL, _SDG, _SDG_TARGET, _WEAK, _BOX = "goal", "sdg", "sdg_target", "weak", "box"
# The kinds other readers ask ``Outline`` about.
KIND_BOX, KIND_CHAPTER, KIND_PART, KIND_KAP, KIND_POST = _BOX, _CHAPTER, _PART, _KAP, _POST
REQUEST_KINDS = frozenset({_SESSION, _REQUESTS, _REQUEST})
# Structural kinds and their rank (= their level when nothing is missing).
_RANK = {
    _PART: 1,
    _PROPOSAL: 1,
    _CHAPTER: 2,
    _ROMERTALL: 2,
    _GROUP: 2,
    _AREA: 3,
    _CATEGORY: 4,
    _KAP: 5,
    _POST: 6,
}


# --- Line tests ------------------------------------------------------------------------


def is_blank(line: str) -> bool:
    return not line.strip(" \t\xa0\u202f")


def is_weak_candidate(line: str) -> bool:
    """Shape of a weak heading: short, no final punctuation, no TAB, no leading space."""
    if "\t" in line or line[:1] in (" ", "\xa0"):
        return False
    text = normalise_space(line)
    if not text or len(text) > MAX_HEADING or text == BOX_END:
        return False
    if _FINAL_PUNCTUATION.search(text) and not text.endswith(_ALLOWED_FINAL_ABBREVIATIONS):
        return False
    if text[0].islower() or _NOT_HEADING_START.match(text) or _PROPOSES.search(text):
        return False
    return not find_amounts(text)  # "Drift av nye metoder (7,6 mill. kroner)" is an item


def is_lower_continuation(line: str) -> bool:
    """The second line of a wrapped heading: short, lower-case start, no final stop."""
    text = normalise_space(line)
    return (
        bool(text)
        and "\t" not in line
        and text[0].islower()
        and len(text) <= MAX_HEADING
        and not _FINAL_PUNCTUATION.search(text)
    )


def list_style(text: str) -> tuple[str, bool]:
    """What list items share: the class of their first character and a final full stop."""
    first = text[:1]
    kind = "upper" if first.isupper() else "lower" if first.islower() else "digit"
    if not first.isalnum():
        kind = "other"
    # "… (NKLM.)" ends like a sentence; "… (… m.m.)" does not.
    closes = text.rstrip(")»")
    return kind, closes.endswith(".") and (closes == text or not closes.endswith(_ABBREVIATED))


def is_debris(line: str) -> bool:
    """A short leading-space fragment of a lost table header (``' 2023'``)."""
    return line[:1] == " " and "\t" not in line and len(line.strip()) < _DEBRIS_LENGTH


# --- Heading recognition ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised strong heading: what it opens and the lines it covers."""

    kind: str
    number: str
    title: str
    start_line: int
    end_line: int  # last line of the heading itself (subtitle / wrap included)
    kap: int | None = None
    post: int | None = None


def _line(source: SourceText, number: int) -> str:
    """Line ``number``, or "" past either end, so look-ahead never raises IndexError."""
    if 1 <= number <= len(source.lines):
        return source.lines[number - 1]
    return ""


def _wrapped_title(source: SourceText, number: int, text: str) -> tuple[str, int]:
    """A heading that ends in a space or dash and goes on in lower case on the next line."""
    raw = _line(source, number)
    following = _line(source, number + 1)
    if (raw.endswith((" ", "–")) or text.endswith("–")) and is_lower_continuation(following):
        return normalise_space(f"{text} {following}"), number + 1
    return text, number


def recognise_strong(source: SourceText, number: int, *, in_proposal: bool) -> Heading | None:
    """The strong heading starting at line ``number``, if any (chapters excepted)."""
    raw = _line(source, number)
    if "\t" in raw or raw[:1] == " ":
        return None
    text = normalise_space(raw)
    if not text:
        return None
    if match := PART.match(text):
        subtitle = normalise_space(_line(source, number + 1))
        return Heading(_PART, match.group(1), subtitle, number, number + 1 if subtitle else number)
    if PROPOSAL.match(text):
        return Heading(_PROPOSAL, "", text, number, number)
    if in_proposal:
        return _recognise_in_proposal(source, number, text)
    following = normalise_space(_line(source, number + 1))
    if VEDTAK_DATE.match(following) and not VEDTAK_DATE.match(text):
        return Heading(_REQUEST, "", text, number, number)
    if match := PROGRAMOMRADE.match(text):
        return Heading(_AREA, match.group(1), match.group(2), number, number)
    if match := PROGRAMKATEGORI.match(text):
        return Heading(_CATEGORY, match.group(1), match.group(2), number, number)
    if match := KAP.match(text):
        kap = int(match.group(1))
        return Heading(_KAP, match.group(1), match.group(2), number, number, kap=kap)
    if match := POST.match(text):
        title, end = _wrapped_title(source, number, match.group(2))
        post = int(match.group(1)) if match.group(1).isdigit() else None
        return Heading(_POST, match.group(1), title, number, end, post=post)
    if SESSION.match(text):
        return Heading(_SESSION, "", text, number, number)
    if REQUESTS.match(text):
        return Heading(_REQUESTS, "", text, number, number)
    if GOAL.match(text):
        return Heading(_GOAL, "", text, number, number)
    if match := SDG_TARGET.match(text):
        return Heading(_SDG_TARGET, match.group(1), match.group(2), number, number)
    if match := SDG.match(text):
        return Heading(_SDG, match.group(1), match.group(2), number, number)
    return None


def _recognise_in_proposal(source: SourceText, number: int, text: str) -> Heading | None:
    """Romertall and group headings under ``Forslag``."""
    following = normalise_space(_line(source, number + 1))
    if NUMERAL.match(text) and following:
        return Heading(_ROMERTALL, text, _romertall_title(source, number), number, number + 1)
    if NUMERAL.match(following) and is_weak_candidate(_line(source, number)):
        return Heading(_GROUP, "", text, number, number)
    return None


def _romertall_title(source: SourceText, number: int) -> str:
    """The line after the numeral; a label line (``Utgifter:``) gives the block's labels."""
    title = normalise_space(_line(source, number + 1))
    if not _LABEL.match(title):
        return title
    labels = []
    for line_number in range(number + 1, len(source.lines) + 1):
        text = normalise_space(source.line(line_number))
        if NUMERAL.match(text):
            break
        if match := _LABEL.match(text):
            labels.append(match.group(1))
    words = [labels[0]] + [label.lower() for label in labels[1:]]
    return " og ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " og " + words[-1]


# --- Lost kap headings -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KapDirectory:
    """What the tables know about each kap: its title and its posts."""

    titles: dict[int, str]
    posts: dict[int, frozenset[int]]

    @classmethod
    def build(
        cls,
        kap_tables: Sequence[KapTable],
        appropriations: Sequence[Appropriation],
        category_kaps: Sequence[CategoryKap],
    ) -> KapDirectory:
        titles: dict[int, str] = {}
        posts: dict[int, set[int]] = {}
        for item in appropriations:
            titles.setdefault(item.kap, item.kap_title)
            posts.setdefault(item.kap, set()).add(item.post)
        for row in category_kaps:
            titles.setdefault(row.kap, row.title)
        for kap_table in kap_tables:
            posts.setdefault(kap_table.kap, set()).update(line.post for line in kap_table.lines)
        return cls(titles, {kap: frozenset(found) for kap, found in posts.items()})


def _same_series(kap: int, other: int) -> bool:
    """Expense kaps (< 3000) and income kaps (>= 3000) run in separate sequences."""
    return (kap < 3000) == (other < 3000)


def find_lost_kaps(
    source: SourceText, headings: Sequence[Heading], directory: KapDirectory
) -> tuple[dict[int, int], list[str]]:
    """{start line: kap} of the kaps whose ``Kap.`` heading is lost, and warnings."""
    warnings: list[str] = []
    kap_headings = sorted((h.start_line, h.kap) for h in headings if h.kind == _KAP and h.kap)
    headed = {kap for _, kap in kap_headings}
    post_lines = [(h.start_line, h.post) for h in headings if h.kind == _POST]
    starts: dict[int, int] = {}
    for kap in sorted(set(directory.posts) - headed):
        known = sorted(
            [(line, k) for line, k in kap_headings if _same_series(k, kap) and k < kap]
            + [(line, k) for line, k in starts.items() if _same_series(k, kap) and k < kap]
        )
        if not known:
            warnings.append(f"kap {kap} has no heading and no kap before it to follow")
            continue
        previous_line, previous_kap = max(known, key=lambda item: (item[1], item[0]))
        next_heading = next(
            (line for line, _ in kap_headings if line > previous_line), len(source.lines) + 1
        )
        start = next(
            (
                number
                for number in range(previous_line + 1, next_heading)
                if number not in starts
                and source.line(number)[:1] == " "
                and source.line(number)[1:2] not in (" ", "\t")
                and source.line(number).strip()
            ),
            None,
        )
        if start is None:
            warnings.append(f"kap {kap} has no heading and no leading-space line to start it")
            continue
        starts[start] = kap
        end = next((line for line, _ in kap_headings if line > start), len(source.lines) + 1)
        own = directory.posts.get(kap, frozenset()) - directory.posts.get(previous_kap, frozenset())
        if not any(start < line < end and post in own for line, post in post_lines):
            warnings.append(
                f"kap {kap} (synthetic, line {start}): no post heading confirms the boundary"
            )
    return starts, warnings


# --- Boxes, TOC lines ------------------------------------------------------------------


def find_boxes(source: SourceText, in_table: frozenset[int]) -> dict[int, tuple[int, int]]:
    """{title start line: (title end line, Rammeslutt line)} for every box."""
    boxes: dict[int, tuple[int, int]] = {}
    box_end_lines = [
        number
        for number, line in enumerate(source.lines, start=1)
        if normalise_space(line) == BOX_END
    ]
    previous_end = 0
    for end in box_end_lines:
        title = _box_title(source, end, previous_end, in_table)
        if title is not None:
            boxes[title[0]] = (title[1], end)
        previous_end = end
    return boxes


def _box_title(
    source: SourceText, end: int, floor: int, in_table: frozenset[int]
) -> tuple[int, int] | None:
    """Walk back from a ``Rammeslutt`` to the box title: (first line, last line)."""

    def opens_after(number: int) -> bool:
        # What may precede a box title: a paragraph, a table, a blank or an earlier box end.
        line = _line(source, number)
        if number <= floor or number in in_table or is_blank(line):
            return True
        text = normalise_space(line)
        return text == BOX_END or not (is_weak_candidate(line) or is_lower_continuation(line))

    for number in range(end - 1, floor, -1):
        line = source.line(number)
        if is_lower_continuation(line) and is_weak_candidate(_line(source, number - 1)):
            first = number - 1
        elif is_weak_candidate(line) and ": " not in line:
            first = number  # "Driftsinntekter i 2023: 106,2 mrd. kroner" is a fact line
        else:
            continue
        before = normalise_space(_line(source, first - 1))
        if opens_after(first - 1) and not before.endswith(":"):
            last = number if first == number - 1 else first
            wraps = _line(source, number).endswith(" ")
            if first == number and wraps and is_lower_continuation(_line(source, number + 1)):
                last = number + 1
            return first, last
    return None


def find_toc_lines(
    source: SourceText, strong_lines: Sequence[int], in_table: frozenset[int]
) -> frozenset[int]:
    """Lines of TOC-like runs: consecutive short lines that recur as heading-shaped lines
    (outside tables) before the next strong heading."""
    toc: set[int] = set()
    total = len(source.lines)
    number = 1
    while number <= total:
        if not is_weak_candidate(source.line(number)):
            number += 1
            continue
        run_start = number
        while number <= total and is_weak_candidate(source.line(number)):
            number += 1
        run = range(run_start, number)
        if len(run) < 2:
            continue
        region_end = next((line for line in strong_lines if line >= number), total + 1)
        later = {
            normalise_space(source.line(n))
            for n in range(number, region_end)
            if n not in in_table and is_weak_candidate(source.line(n))
        }
        recurring = [n for n in run if normalise_space(source.line(n)) in later]
        if len(recurring) >= 2:
            toc.update(recurring)
    return frozenset(toc)


# --- Building the outline --------------------------------------------------------------


@dataclass(slots=True)
class _Open:
    """A Section while it is being read."""

    kind: str
    level: int
    number: str
    title: str
    start_line: int
    parent: int | None
    kap: int | None
    post: int | None
    last_line: int
    blocks: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Outline:
    """The Sections plus what the other readers reuse: tables, lost kaps, warnings."""

    sections: tuple[ParsedSection, ...]
    kinds: tuple[str, ...]  # what each Section is: "kap", "box", "request", "weak", …
    tables: tuple[Table, ...]
    lost_kaps: dict[int, int]  # start line -> kap
    warnings: tuple[str, ...]

    def positions(self, kind: str) -> tuple[int, ...]:
        """Positions of the Sections of one kind, in document order."""
        return tuple(index for index, found in enumerate(self.kinds) if found == kind)


def render_table(table: Table) -> str:
    """A table as text: one line per row, raw cells (wraps joined by a space) TAB-separated."""
    rows = []
    for row in table.rows:
        cells = [" ".join(part.strip() for part in cell.split("\n")).strip() for cell in row.cells]
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


class _OutlineBuilder:
    """One pass over the lines, keeping a stack of open Sections."""

    def __init__(self, source: SourceText, tables: tuple[Table, ...]) -> None:
        self.source = source
        self.tables = {table.start_line: table for table in tables}
        self.in_table = table_lines(tables)
        self.sections: list[_Open] = []
        self.stack: list[int] = []
        self.warnings: list[str] = []

    # Stack handling

    @property
    def top(self) -> _Open | None:
        return self.sections[self.stack[-1]] if self.stack else None

    def _pop_while(self, keep_going) -> None:
        while self.stack and keep_going(self.sections[self.stack[-1]]):
            self.stack.pop()

    def open(self, heading: Heading) -> _Open:
        kind = heading.kind
        if kind in _RANK:
            rank = _RANK[kind]
            self._pop_while(lambda s: s.kind not in _RANK or _RANK[s.kind] >= rank)
        elif kind in (_SESSION, _REQUESTS, _GOAL, _SDG):
            self._pop_while(lambda s: s.kind not in _RANK)
        elif kind == _REQUEST:
            self._pop_while(lambda s: s.kind not in _RANK and s.kind not in (_SESSION, _REQUESTS))
        elif kind == _SDG_TARGET:
            self._pop_while(lambda s: s.kind not in _RANK and s.kind != _SDG)
        elif kind == _WEAK:
            self._pop_while(lambda s: s.kind in (_WEAK, _BOX, _REQUEST, _REQUESTS, _SESSION))
        parent = self.top
        section = _Open(
            kind=kind,
            level=parent.level + 1 if parent else 1,
            number=heading.number,
            title=heading.title,
            start_line=heading.start_line,
            parent=self.stack[-1] if self.stack else None,
            kap=heading.kap if heading.kap is not None else (parent.kap if parent else None),
            post=heading.post if kind == _POST else (parent.post if parent else None),
            last_line=heading.end_line,
        )
        if kind == _KAP:
            section.post = None
        self.sections.append(section)
        self.stack.append(len(self.sections) - 1)
        return section

    def add_text(self, number: int, text: str) -> None:
        section = self.top
        if section is None:
            return  # the cover before Del I belongs to no Section
        if text:
            section.blocks.append(text)
        section.last_line = max(section.last_line, number)

    def touch(self, number: int) -> None:
        """Count a line into the open Section's range without adding text."""
        self.add_text(number, "")

    def has_open(self, kind: str) -> bool:
        return any(self.sections[index].kind == kind for index in self.stack)

    # Results

    def finish(self) -> tuple[ParsedSection, ...]:
        last = [section.last_line for section in self.sections]
        for index in range(len(self.sections) - 1, -1, -1):
            parent = self.sections[index].parent
            if parent is not None:
                last[parent] = max(last[parent], last[index])
        return tuple(
            ParsedSection(
                position=index,
                parent=section.parent,
                level=section.level,
                number=section.number,
                title=section.title,
                text="\n\n".join(drop_repeated_paragraphs(section.blocks)),
                start_line=section.start_line,
                end_line=last[index],
                kap=section.kap,
                post=section.post,
            )
            for index, section in enumerate(self.sections)
        )


def _strong_headings(source: SourceText, in_table: frozenset[int]) -> list[Heading]:
    headings = []
    in_proposal = False
    seen_numeral = False
    for number in range(1, len(source.lines) + 1):
        if number in in_table:
            continue
        heading = recognise_strong(source, number, in_proposal=in_proposal)
        if heading is None:
            continue
        if heading.kind == _PROPOSAL:
            in_proposal = True
        elif heading.kind == _PART:
            in_proposal = False
        elif heading.kind == _ROMERTALL:
            seen_numeral = True
        elif heading.kind == _GROUP and not seen_numeral:
            continue  # "Kapitlene 700–783 …" above I belongs to the preamble
        headings.append(heading)
    return headings


def _chapter_lines(
    source: SourceText, headings: Sequence[Heading], in_table: frozenset[int]
) -> dict[int, str]:
    """{line: title} of the chapter headings (numbers are given by order later)."""
    chapters: dict[int, str] = {}
    for heading in headings:
        if heading.kind != _PART:
            continue
        number = heading.end_line + 1
        while number <= len(source.lines) and is_blank(source.line(number)):
            number += 1
        if number <= len(source.lines) and is_weak_candidate(source.line(number)):
            chapters[number] = normalise_space(source.line(number))
    parts = sorted(h.start_line for h in headings if h.kind in (_PART, _PROPOSAL))
    first_part = parts[0] if parts else 1
    remaining = list(CHAPTER_TITLES)
    for number in range(first_part, len(source.lines) + 1):
        if not remaining or number in in_table or not is_weak_candidate(source.line(number)):
            continue
        text = normalise_space(source.line(number))
        for index, pattern in enumerate(remaining):
            if pattern.match(text):
                chapters[number] = text
                del remaining[: index + 1]
                break
    return chapters


def build_outline(source: SourceText, tables: tuple[Table, ...] | None = None) -> Outline:
    """Read the whole outline; see the module docstring for the rules."""
    tables = read_tables(source) if tables is None else tables
    in_table = table_lines(tables)
    headings = _strong_headings(source, in_table)
    if not any(h.kind in (_PART, _KAP) for h in headings):
        raise ValueError("no 'Del I/II/III' or 'Kap. NNN' heading found: not a Prop. 1 S outline")
    problems: list[str] = []
    directory = KapDirectory.build(
        read_kap_tables(tables, problems),
        read_appropriations(source, tables, problems),
        read_category_kaps(tables, problems),
    )
    lost_kaps, warnings = find_lost_kaps(source, headings, directory)
    chapters = _chapter_lines(source, headings, in_table)
    by_line = {heading.start_line: heading for heading in headings}
    strong_lines = sorted(set(by_line) | set(chapters) | set(lost_kaps))
    toc_lines = find_toc_lines(source, strong_lines, in_table)
    boxes = find_boxes(source, in_table)
    builder = _OutlineBuilder(source, tables)
    builder.warnings.extend(warnings)
    _walk(builder, by_line, chapters, lost_kaps, directory, toc_lines, boxes)
    for numeral in ("I", "II", "III"):
        if not any(h.kind == _PART and h.number == numeral for h in headings):
            builder.warnings.append(f"no 'Del {numeral}' heading found")
    if len(chapters) != 9:
        builder.warnings.append(f"found {len(chapters)} chapters, expected 9")
    kinds = tuple(section.kind for section in builder.sections)
    return Outline(builder.finish(), kinds, tables, lost_kaps, tuple(builder.warnings))


# "to" … "ti": list intros announce small counts ("… med tre mål:").
_COUNT_WORDS = {word: number for word, number in NUMBER_WORDS.items() if 2 <= number <= 10}
_COUNT = rf"(\d{{1,2}}|{'|'.join(_COUNT_WORDS)})"
# "… med tre mål:", "… tre store innsatsområder i planen:", "Følgende 7 prosjekter får …:"
_COUNTED_INTRO = (
    re.compile(rf"\b{_COUNT} (?:[a-zæøå-]+ ){{0,2}}[a-zæøå-]+(?: er| i planen)?:$"),
    re.compile(rf"^Følgende {_COUNT} [a-zæøå-]+ "),
)


def announced_count(intro: str) -> int | None:
    """How many items a list intro announces ("Regjeringens tre mål er:" -> 3), if it does."""
    for pattern in _COUNTED_INTRO:
        if match := pattern.search(intro):
            word = match.group(1)
            return int(word) if word.isdigit() else _COUNT_WORDS[word]
    return None


class _ListState:
    """Which lines are items of the list a ``:`` line opens.

    An intro that announces a count ("fire innsatsområder:") gets exactly that many items.
    Otherwise items keep the first item's style (first-letter case, final full stop),
    a line differing only in case stays when the next line has the style again, a line
    over ``MAX_LIST_ITEM`` characters ends the list, and a list that reached TOC lines
    ends after them.
    """

    def __init__(self, source: SourceText, toc_lines: frozenset[int]) -> None:
        self.source = source
        self.toc_lines = toc_lines
        self.reset()

    def reset(self) -> None:
        self.active = False
        self.intro = ""
        self.style: tuple[str, bool] | None = None
        self.remaining: int | None = None
        self.has_toc = False

    def step(self, number: int, text: str) -> bool:
        """Feed the next content line; True when it is a list item."""
        if self.intro:
            self.active, self.style, self.has_toc = True, list_style(text), False
            self.remaining = announced_count(self.intro)
        elif self.active and self._ends_before(number, text):
            self.active = False
        self.intro = text if text.endswith(":") else ""
        if not self.active:
            return False
        if number in self.toc_lines:
            self.has_toc = True
        if self.remaining is not None:
            self.remaining -= 1
            if self.remaining <= 0:
                self.active = False  # the announced last item
        return True

    def _ends_before(self, number: int, text: str) -> bool:
        if self.remaining is not None:
            return False
        if len(text) > MAX_LIST_ITEM or (self.has_toc and number not in self.toc_lines):
            return True
        return list_style(text) != self.style and not _list_resumes(
            self.source, number, text, self.style
        )


def _walk(
    builder: _OutlineBuilder,
    by_line: dict[int, Heading],
    chapters: dict[int, str],
    lost_kaps: dict[int, int],
    directory: KapDirectory,
    toc_lines: frozenset[int],
    boxes: dict[int, tuple[int, int]],
) -> None:
    """The main pass: open Sections at headings, give every other line to the open one."""
    source = builder.source
    total = len(source.lines)
    chapter_count = 0
    in_proposal = False
    lists = _ListState(source, toc_lines)
    box_end = 0
    number = 1
    while number <= total:
        line = source.line(number)
        if number in builder.tables:
            table = builder.tables[number]
            builder.add_text(table.end_line, render_table(table))
            number = table.end_line + 1
            lists.reset()
            continue
        if is_blank(line):
            number += 1
            continue
        if box_end and number <= box_end:
            if number == box_end:
                builder.touch(number)
                builder.stack.pop()
                box_end = 0
            else:
                builder.add_text(number, normalise_space(line))
            number += 1
            continue
        if number in boxes:
            title_end, box_end = boxes[number]
            title = normalise_space(" ".join(source.line(n) for n in range(number, title_end + 1)))
            builder.open(Heading(_BOX, "", title, number, title_end))
            number = title_end + 1
            lists.reset()
            continue
        if number in lost_kaps:
            kap = lost_kaps[number]
            builder.open(
                Heading(_KAP, str(kap), directory.titles.get(kap, ""), number, number, kap=kap)
            )
        heading = by_line.get(number)
        if heading is None and number in chapters:
            chapter_count += 1
            heading = Heading(_CHAPTER, str(chapter_count), chapters[number], number, number)
        if heading is not None:
            if heading.kind == _PROPOSAL:
                in_proposal = True
            elif heading.kind == _PART:
                in_proposal = False
            builder.open(heading)
            number = heading.end_line + 1
            lists.reset()
            continue
        text = normalise_space(line)
        in_list = lists.step(number, text)
        if not in_proposal and _is_weak_heading(builder, number, in_list, toc_lines):
            title, end = _wrapped_title(source, number, text)
            builder.open(Heading(_WEAK, "", title, number, end))
            lists.reset()
            number = end + 1
            continue
        if is_debris(line):
            builder.touch(number)
        else:
            builder.add_text(number, text)
        number += 1


def _list_resumes(
    source: SourceText, number: int, text: str, style: tuple[str, bool] | None
) -> bool:
    """A line that differs from its list only in first-letter case (a proper name among
    lower-case items) stays in the list when the next line has the list's style again."""
    if style is None or list_style(text)[1] != style[1]:
        return False
    following = normalise_space(_line(source, number + 1))
    return (
        bool(following)
        and "\t" not in _line(source, number + 1)
        and (list_style(following) == style and len(following) <= MAX_LIST_ITEM)
    )


def _is_weak_heading(
    builder: _OutlineBuilder, number: int, in_list: bool, toc_lines: frozenset[int]
) -> bool:
    source = builder.source
    line = source.line(number)
    if builder.top is None or not is_weak_candidate(line) or builder.has_open(_SESSION):
        return False  # the cover before Del I opens nothing
    following = number + 1
    while following <= len(source.lines) and is_blank(source.line(following)):
        following += 1
    if following in builder.tables:
        return False  # a caption
    text = normalise_space(line)
    next_text = normalise_space(_line(source, number + 1))
    if next_text == "tilrår:":
        return False  # the ministry's name above "tilrår:" signs the proposition
    if next_text.startswith("Det foreslås") and _in_chapter(builder, "2"):
        return True
    repeated = text.lower() in next_text.lower() and len(next_text) > len(text)
    if repeated and next_text.endswith("."):
        return True  # "Helse Nord RHF" / "Helse Nord RHF har i 2025 …" ends a list
    return not in_list and number not in toc_lines


def _in_chapter(builder: _OutlineBuilder, chapter_number: str) -> bool:
    return any(
        builder.sections[index].kind == _CHAPTER
        and builder.sections[index].number == chapter_number
        for index in builder.stack
    )


def parse_outline(source: SourceText) -> tuple[ParsedSection, ...]:
    """The Sections of a Prop. 1 S in document order (see the module docstring)."""
    return build_outline(source).sections


def section_at(sections: Sequence[ParsedSection], line: int) -> ParsedSection | None:
    """The deepest Section whose range holds ``line``."""
    found = None
    for section in sections:
        holds = section.start_line <= line <= section.end_line
        if holds and (found is None or section.level > found.level):
            found = section
    return found
