"""Budget measures of Prop. 1 S: the outline and its text -> ParsedMeasure (SEEDS.md 003).

Input: the :class:`~ingest.parsed.SourceText` and its :class:`~.outline.Outline`. Output: a
tuple of :class:`~ingest.parsed.ParsedMeasure` in line order, with the Section each lies in.

* ``budsjettprioritering``: each item of box 2.1 (the first box of Del I chapter 2),
  printed ``title⇥⇥amount mill. kroner``; ``amount_nok`` is the amount.
* ``budsjettiltak``: a sentence, or a list item, in Del I chapter 2 after box 2.1 or in
  Del II — never in a table, a box, a request-decision block or Del III — that proposes
  (``foreslås``/``foreslår``/``foreslått``, or an item under a ``:`` intro that contains
  ``foreslås`` or ``Vesentlige endringsforslag``) and names an amount
  (``<number|word> mill./mrd./millioner/milliarder kroner``).

Choices:

* ``amount_nok`` is the first amount of the sentence or item, negative for a cut (the
  sentence, or the intro of its list, says ``redusere``/``redusert``/``reduksjon``/
  ``kutt``/``innsparing``/``nedjustert``); a transfer (``flytte``) keeps its sign positive.
* ``kap``/``post`` come from the first ``kap. NNN(, post NN)`` the text names, skipping
  cross-references (``jf.``/``se``/``omtale under`` …) and counterparts (``mot tilsvarende
  …``); else from the enclosing Section. A transfer's ``fra`` end is ``kap``/``post`` and its
  ``til`` end ``to_kap``/``to_post``, whichever order the text uses; an end the text leaves
  out is the enclosing Section's kap/post when that differs from the named end.
* ``title`` is the first sentence of the text, cut at 300 characters; ``text`` the whole
  sentence or item; the range is its line. A text repeated verbatim (Del I ch. 2 reprinted
  in kap 732) is one Measure, at its first occurrence. ``year`` is the budget year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.parsed import ParsedMeasure, ParsedSection, SourceText
from ingest.text import find_amounts, normalise_space, split_sentences
from ingest.vocabulary import BUDSJETTILTAK, BUDSJETTPRIORITERING

from .outline import KIND_BOX, KIND_CHAPTER, KIND_PART, REQUEST_KINDS, Outline
from .tables import table_lines

PROPOSES = re.compile(r"\bforeslå(?:s|r|tt)\b")
LIST_INTRO = re.compile(r"\bforeslås\b|Vesentlige endringsforslag")
CUT = re.compile(r"\b(?:redus\w*|reduks\w*|kutt\w*|innspar\w*|nedjuster\w*)", re.IGNORECASE)
DIRECTION = re.compile(
    r"\b(?:(?P<cut>redus\w*|reduks\w*|kutt\w*|innspar\w*|nedjuster\w*)"
    r"|(?P<rise>øk(?:e|es|er|t|te|ning\w*)))\b",
    re.IGNORECASE,
)
_DIRECTION_REACH = 25  # "160 mill. kroner i redusert bevilgning"
AMOUNT_WORDS = re.compile(r"\b(?:mill\.|mrd\.|millioner|milliarder)[ \xa0]kroner\b")
STARTS_WITH_AMOUNT = re.compile(
    r"^(?:\d[\d \xa0]*(?:,\d+)?|en|to|tre|fire|fem|seks|sju|åtte|ni|ti)[ \xa0]"
    r"(?:mill\.|mrd\.|millioner|milliarder)",
    re.IGNORECASE,
)
TRANSFER_END = re.compile(r"\b(?:fra|til) kap\.")
# "kap. 762, post 21", "kap. 732.70", "kap. 781, poster 21 og 79", "kap. 740 post 01"
KAP_REF = re.compile(
    r"\b[Kk]ap\.?\s?(?P<kap>\d{3,4})(?:\.(?P<dotted>\d\d)\b|,?\s?post(?:ene|er)?\s?(?P<post>\d\d))?"
)
_REFERENCE_BEFORE = re.compile(
    r"(?:\bjf\.|\bse\b|\bomtale\w*\b|\bomtalt\b|\bmot tilsvarende\b|\bmot at\b)[^.;]{0,40}$",
    re.IGNORECASE,
)
# "… og redusere kap. 762 tilsvarende": the counterpart of the measure, not its kap
_COUNTERPART_AFTER = re.compile(r"^[^.;]{0,30}\btilsvarende\b")
_FROM_BEFORE = re.compile(r"\bfra\s+$")
_TO_BEFORE = re.compile(r"\btil\s+$")
# "Bo trygt hjemme-reformen⇥⇥325 mill. kroner"
PRIORITY_ITEM = re.compile(r"^(?P<title>[^\t]+?)\s*\t+\s*(?P<amount>[^\t]+)$")
MAX_TITLE = 300


@dataclass(frozen=True, slots=True)
class KapRef:
    """A ``kap. NNN(, post NN)`` named in prose, and which end of a transfer it is."""

    kap: int
    post: int | None
    end: str  # "fra", "til" or "" (not a transfer end)


def find_kap_refs(text: str) -> list[KapRef]:
    """The kap references that name what a measure is about (cross-references skipped)."""
    found = []
    for match in KAP_REF.finditer(text):
        before = text[max(0, match.start() - 60) : match.start()]
        end = "fra" if _FROM_BEFORE.search(before) else "til" if _TO_BEFORE.search(before) else ""
        after = text[match.end() : match.end() + 40]
        if not end and (_REFERENCE_BEFORE.search(before) or _COUNTERPART_AFTER.search(after)):
            continue
        post = match.group("dotted") or match.group("post")
        found.append(KapRef(int(match.group("kap")), int(post) if post else None, end))
    return found


def budget_ends(
    text: str, context: tuple[int | None, int | None]
) -> tuple[int | None, int | None, int | None, int | None]:
    """(kap, post, to_kap, to_post) of a measure's text in its Section's kap/post context."""
    refs = find_kap_refs(text)
    source = next((ref for ref in refs if ref.end == "fra"), None)
    target = next((ref for ref in refs if ref.end == "til"), None)
    if source or target:
        named = source or target
        other = context if context[0] is not None and context != (named.kap, named.post) else None
        kap, post = (source.kap, source.post) if source else other or (None, None)
        to_kap, to_post = (target.kap, target.post) if target else other or (None, None)
        return kap, post, to_kap, to_post
    if refs:
        return refs[0].kap, refs[0].post, None, None
    return context[0], context[1], None, None


def _direction(text: str) -> int:
    """-1 for a cut, +1 for an increase, 0 when the words before (or just after) the first
    amount do not say; a counterpart ("mot tilsvarende reduksjon") never counts."""
    amounts = list(AMOUNT_WORDS.finditer(text))
    if not amounts:
        return 0
    window = text[: amounts[0].end() + _DIRECTION_REACH]
    for match in DIRECTION.finditer(window):
        if window[max(0, match.start() - 12) : match.start()].endswith("tilsvarende "):
            continue
        return -1 if match.group("cut") else 1
    return 0


def signed_amount(text: str, intro: str = "") -> int | None:
    """The first amount in kroner, negative for a cut.

    The text's own words decide (``redusert med 2 mill.``, ``160 mill. kroner i redusert
    bevilgning``); a bare amount item (``160 mill. kroner til …``) that moves nothing takes
    the direction of its intro (``… foreslås bevilgningen redusert med:``).
    """
    amounts = find_amounts(text)
    if not amounts:
        return None
    amount = amounts[0][0]
    direction = _direction(text)
    bare_item = intro and STARTS_WITH_AMOUNT.match(text) and not TRANSFER_END.search(text)
    if direction == 0 and bare_item:
        direction = _direction(intro) or (-1 if CUT.search(intro) else 1)
    return -amount if direction < 0 else amount


def is_list_item(text: str) -> bool:
    """A line that can be an item of a proposing list: it proposes, or its first sentence
    names an amount (a paragraph after the list opens with something else)."""
    sentences = split_sentences(text)
    return bool(PROPOSES.search(text) or (sentences and find_amounts(sentences[0])))


def short_title(text: str) -> str:
    """The first sentence, cut at ``MAX_TITLE`` characters."""
    sentences = split_sentences(text)
    first = sentences[0] if sentences else text
    return first if len(first) <= MAX_TITLE else first[: MAX_TITLE - 1].rstrip() + "…"


# --- budsjettprioritering --------------------------------------------------------------


def priority_measures(
    source: SourceText, outline: Outline, year: int | None
) -> list[ParsedMeasure]:
    """The items of box 2.1: the first box inside the chapter that holds one."""
    boxes = outline.positions(KIND_BOX)
    if not boxes:
        return []
    box = outline.sections[boxes[0]]
    found = []
    for number in range(box.start_line, box.end_line + 1):
        match = PRIORITY_ITEM.match(source.line(number))
        if not match:
            continue
        amounts = find_amounts(match.group("amount"))
        if not amounts:
            continue
        found.append(
            ParsedMeasure(
                section=box.position,
                kind=BUDSJETTPRIORITERING,
                title=normalise_space(match.group("title")),
                text=normalise_space(source.line(number)),
                start_line=number,
                end_line=number,
                amount_nok=amounts[0][0],
                year=year,
            )
        )
    return found


# --- budsjettiltak ---------------------------------------------------------------------


def _innermost(outline: Outline) -> list[int | None]:
    """For every line (index = line number), the position of the deepest Section holding it."""
    owner: list[int | None] = [None] * (len(_all_lines(outline)) + 2)
    for section in outline.sections:  # parents come before children: children overwrite
        for number in range(section.start_line, section.end_line + 1):
            if number < len(owner):
                owner[number] = section.position
    return owner


def _all_lines(outline: Outline) -> range:
    last = max((section.end_line for section in outline.sections), default=0)
    return range(1, last + 1)


def _ancestors(sections: tuple[ParsedSection, ...], position: int) -> Iterable[int]:
    current: int | None = position
    while current is not None:
        yield current
        current = sections[current].parent


def _scope(outline: Outline) -> set[int]:
    """Positions of the Sections whose own text may hold budsjettiltak."""
    sections, kinds = outline.sections, outline.kinds
    parts = [p for p in outline.positions(KIND_PART) if sections[p].number == "II"]
    chapters = [c for c in outline.positions(KIND_CHAPTER) if sections[c].number == "2"]
    roots = set(parts + chapters)
    allowed = set()
    for section in sections:
        chain = list(_ancestors(sections, section.position))
        if not roots.intersection(chain):
            continue
        if any(kinds[p] in REQUEST_KINDS or kinds[p] == KIND_BOX for p in chain):
            continue
        allowed.add(section.position)
    return allowed


def _chapter_two_start(outline: Outline) -> int:
    """Chapter 2's measures start after box 2.1 (its overview restates totals)."""
    boxes = outline.positions(KIND_BOX)
    return outline.sections[boxes[0]].end_line + 1 if boxes else 0


def budget_measures(source: SourceText, outline: Outline, year: int | None) -> list[ParsedMeasure]:
    """Every proposed change with an amount in Del I ch. 2 and Del II (see module docstring)."""
    sections = outline.sections
    allowed = _scope(outline)
    owner = _innermost(outline)
    in_table = table_lines(outline.tables)
    starts = {section.start_line for section in sections}
    first_line = _chapter_two_start(outline)
    found: list[ParsedMeasure] = []
    seen: set[str] = set()
    intro = ""
    for number in _all_lines(outline):
        position = owner[number] if number < len(owner) else None
        line = source.line(number)
        text = normalise_space(line)
        if (
            position is None
            or position not in allowed
            or number < first_line
            or number in in_table
            or number in starts
            or not text
        ):
            intro = ""
            continue
        section = sections[position]
        context = (section.kap, section.post)
        if intro and find_amounts(text) and not text.endswith(":") and is_list_item(text):
            candidates = [text]  # a list item under a proposing intro
        else:
            intro = ""
            candidates = [s for s in split_sentences(text) if PROPOSES.search(s)]
        for candidate in candidates:
            if not find_amounts(candidate) or candidate in seen:
                continue
            seen.add(candidate)
            kap, post, to_kap, to_post = budget_ends(candidate, context)
            found.append(
                ParsedMeasure(
                    section=position,
                    kind=BUDSJETTILTAK,
                    title=short_title(candidate),
                    text=candidate,
                    start_line=number,
                    end_line=number,
                    amount_nok=signed_amount(candidate, intro),
                    kap=kap,
                    post=post,
                    to_kap=to_kap,
                    to_post=to_post,
                    year=year,
                )
            )
        if text.endswith(":") and LIST_INTRO.search(text):
            intro = text
    return found


def parse_measures(
    source: SourceText, outline: Outline, year: int | None
) -> tuple[ParsedMeasure, ...]:
    """Both kinds of measure, in line order."""
    measures = priority_measures(source, outline, year) + budget_measures(source, outline, year)
    return tuple(sorted(measures, key=lambda measure: (measure.start_line, measure.kind)))
