"""The decisions of Prop. 1 S (2024–2025): anmodningsvedtak and romertallsvedtak.

Input: the :class:`~ingest.parsed.SourceText` of the proposition and the sections
``parse_outline`` found in it. Output: a tuple of :class:`~ingest.parsed.ParsedDecision`,
the request decisions of Del I in document order, then the romertall decisions of
"Forslag". :func:`read_decisions` returns the same decisions with the warnings for the
curators' review queue; :func:`parse_decisions` returns the decisions alone.

Anmodningsvedtak (SEEDS.md 003, "Decisions (a)"):

* One decision per ``Vedtak nr. <n>, <date>`` block of Del I (between the first
  ``Stortingssesjon (…)`` heading and ``Del II``), keyed ``"<session>/<number>"``: numbers
  recur across sessions. A block runs from its title line (the line before the date line)
  to the line before the next title, session heading or ``Del II``.
* ``text`` is the quote as printed, guillemets included, one line per source line so the
  ``a. b. c.`` items of a quote stay on lines of their own. A quote printed without
  guillemets (7932) is the single line after the date line.
* ``origin`` is the sentence holding ``… ble/er truffet`` on the line after the quote; the
  rest of that line opens ``follow_up``, which holds every later line, one per line. One
  block (615, 2017–2018) has no origin: its follow-up starts right after the quote and a
  warning says so.
* ``status`` is read from ``follow_up`` only, because quotes also say "komme tilbake til
  Stortinget". When a follow-up uses several status phrases, the last one wins: the
  conclusion of a follow-up comes last ("… vil komme tilbake …" then "Anmodningsvedtaket
  anses som fulgt opp.").
* ``reporting_closed`` comes from table 3.1 (Ja/Nei), which is authoritative. The table's
  Stikkord is kept in the title when it says something else than the block title:
  ``"<block title> (stikkord: <Stikkord>)"``; ParsedDecision has no field of its own for it.
* ``kap``/``post`` come from the first ``kap. NNN(, post NN)`` in the block, else from the
  section holding the decision's Del II copy (category prose before the first kap has no
  kap).
* Del II prints some blocks again under ``Anmodningsvedtak`` headings, without a session.
  Each copy is matched to its Del I decision by (number, date) and becomes a
  :class:`~ingest.parsed.ParsedOccurrence`; a copy ends at the first blank, table, strong
  heading or heading-like line after its origin, since Del II prose carries on after it.
* ``section`` is the innermost outline section whose line range holds the block's first
  line.

Romertallsvedtak (SEEDS.md 003, "Decisions (b)"):

* One decision per numeral line (``^[IVX]+$``) after the ``Forslag`` heading, keyed
  ``"romertall-<sequence>"`` (1-based) because ``VIII`` is printed twice; ``number`` is the
  numeral. A decision runs to the line before the next numeral or group heading (a short
  line without final punctuation right before a numeral, e.g. ``Andre fullmakter``).
* ``title`` is the line after the numeral without a trailing colon; for I, whose next line
  is the caption ``Utgifter:`` and which also holds ``Inntekter:``, it is
  ``Utgifter og inntekter``.
* ``text`` is everything after the title line: prose lines as they are, table rows as one
  line each, cells joined by ``" | "`` (a cell's wrapped lines by ``" – "``; empty cells
  left out).
* ``items`` are the post rows of the tables (I, III, IV: ``"kap. 710, post 21 Spesielle
  driftsutgifter: 173,1 mill. kroner"``; amounts as printed, ``kroner`` added where the
  table states kroner in its header), the pairs of II (``"kap. 704 post 21 mot kap. 3704
  post 02"``) and the ``post NN …`` lines of VI.
* ``kap`` is set only when exactly one kap is named in the text and items, ``post`` only
  when in addition exactly one post is named (VIII's second decision names kap 745 and
  kap 3745, so it has none).
* ``repeals`` of IX are the ``(number, date)`` pairs of its ``Vedtak nr. …`` sentence; a
  pair that matches no request decision gives a warning.
* ``section`` is the innermost outline section holding the numeral line.

Table 3.1 is read with :mod:`ingest.parsers.proposition.tables`. Every table row should
have a decision and every decision a row; each mismatch is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from ingest.parsed import ParsedDecision, ParsedOccurrence, ParsedSection, SourceText
from ingest.parsers.proposition.tables import Row, Table, is_table_start, read_tables
from ingest.text import find_date, normalise_space, split_sentences
from ingest.vocabulary import (
    ANMODNINGSVEDTAK,
    FORESLATT_OPPHEVET,
    FULGT_OPP,
    ROMERTALLSVEDTAK,
    UNDER_OPPFOLGING,
)

# SEEDS.md: the date line of a request decision. The "$" keeps romertall IX (11509) out.
DATE_LINE = re.compile(
    r"^Vedtak(?: nr\.)? ?(?P<number>\d+),? ?(?P<date>\d{1,2}\. ?[a-zæøå]+ \d{4})\s*$"
)
SESSION_LINE = re.compile(r"^Stortingssesjon \((?P<first>\d{4})[–-](?P<last>\d{4})\)\s*$")
SESSION_CELL = re.compile(r"^(?P<first>\d{4})\s*[–-]\s*(?P<last>\d{4})$")
DEL_II_LINE = re.compile(r"^Del II\s*$")
FORSLAG_LINE = re.compile(r"^Forslag\s*$")
NUMERAL_LINE = re.compile(r"^[IVX]+$")

# "Vedtaket ble truffet …", "Vedtak 645 og 646 ble truffet …", "Vedtaket er truffet …"
ORIGIN_LINE = re.compile(r"^Vedtak\w*\b.*?\b(?:ble|er) truffet\b")
# A quote printed without guillemets still opens with the Storting's formula.
BARE_QUOTE = re.compile(r"^Stortinget ber\b")

# Headings that open a section in Del II (SEEDS.md 003 "Strong headings").
STRONG_HEADING = re.compile(
    r"^(?:Del (?:I|II|III)$|Programområde \d\d |Programkategori \d\d\.\d\d "
    r"|Kap\. \d{3,4} [A-ZÆØÅ]|Post(?:ene)? \d\d(?:–\d\d)? |Stortingssesjon \(|Anmodningsvedtak$"
    r"|Mål(?: for)? 20\d\d$)"
)
HEADING_MAX_LENGTH = 120
FINAL_PUNCTUATION = tuple(".:;,!?»")

# Status phrases of a follow-up (SEEDS.md 003 "Fields").
STATUS_PATTERNS = (
    (FULGT_OPP, re.compile(r"\b(?:anses|ansees) som fulgt opp\b|\ber fulgt opp\b")),
    (UNDER_OPPFOLGING, re.compile(r"\bkommer? tilbake til [Ss]tortinget\b")),
    (FORESLATT_OPPHEVET, re.compile(r"\bforeslås opphevet\b|\boppheves\b")),
)

KAP_POST = re.compile(r"\bkap\.?\s?(?P<kap>\d{3,4})\b(?:,?\s?post(?:ene|er)?\s?(?P<post>\d\d)\b)?")
POST_NAMED = re.compile(r"\bpost(?:ene|er)?\s(?P<posts>\d\d(?:(?:,\s?|\s og\s)\d\d)*)\b")
# IX: "Vedtak nr. 9, 6. oktober 2020, nr. 702, 25. februar 2021 og 987, 25. mai 2021 oppheves."
REPEALED = re.compile(r"(?:nr\.\s?)?(?P<number>\d+),\s?(?P<date>\d{1,2}\.\s?[a-zæøå]+ \d{4})")

# Sentence pieces that split_sentences cut after an abbreviation it does not know, such
# as the misprint "lnnst. 488 S" (1047): a short lower-case word with a full stop
# followed by a number never ends a sentence here.
_CUT_AFTER_ABBREVIATION = re.compile(r"\b[a-zæøå]{1,5}\.$")

YES_NO = {"ja": True, "nei": False}


@dataclass(frozen=True, slots=True)
class DecisionsResult:
    """The decisions of one proposition and what the parser was unsure of."""

    decisions: tuple[ParsedDecision, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One printed request-decision block: title, date line, quote, origin, follow-up."""

    start_line: int
    end_line: int
    date_line: int
    title: str
    number: str
    date: date | None
    date_text: str
    text: str
    origin: str
    follow_up: str


@dataclass(frozen=True, slots=True)
class TableEntry:
    """One row of table 3.1."""

    session: str
    number: str
    stikkord: str
    reporting_closed: bool | None
    line: int


# --- Entry points ------------------------------------------------------------------------


def parse_decisions(
    source: SourceText, sections: Sequence[ParsedSection]
) -> tuple[ParsedDecision, ...]:
    """The anmodningsvedtak and romertallsvedtak of the proposition."""
    return read_decisions(source, sections).decisions


def read_decisions(source: SourceText, sections: Sequence[ParsedSection]) -> DecisionsResult:
    """The decisions with the warnings for the review queue.

    Raises ValueError when the text holds neither request-decision blocks nor a
    ``Forslag`` with romertall decisions.
    """
    warnings: list[str] = []
    requests = _request_decisions(source, sections, warnings)
    numbered = _romertall_decisions(source, sections, requests, warnings)
    if not requests and not numbered:
        raise ValueError("no anmodningsvedtak blocks and no romertall decisions found")
    return DecisionsResult(requests + numbered, tuple(warnings))


# --- Anmodningsvedtak --------------------------------------------------------------------


def _request_decisions(
    source: SourceText, sections: Sequence[ParsedSection], warnings: list[str]
) -> tuple[ParsedDecision, ...]:
    lines = source.lines
    region = _del_i_region(lines, warnings)
    if region is None:
        warnings.append("no 'Stortingssesjon (…)' heading: no anmodningsvedtak read")
        return ()
    first, last = region
    decisions = _unique_keys(
        [
            _decision_from_block(block, session, sections)
            for session, block in _del_i_blocks(lines, first, last, warnings)
        ],
        warnings,
    )
    decisions = _link_del_ii_copies(lines, last + 1, decisions, sections, warnings)
    table = _table_3_1(source, first, warnings)
    decisions = _apply_table_3_1(decisions, table, warnings)
    _check_status_against_table(decisions, warnings)
    return tuple(decisions)


def _del_i_region(lines: Sequence[str], warnings: list[str]) -> tuple[int, int] | None:
    """First and last line of the Del I blocks: first session heading to before Del II."""
    first = next((number for number, line in enumerate(lines, 1) if SESSION_LINE.match(line)), None)
    if first is None:
        return None
    for number in range(first + 1, len(lines) + 1):
        line = lines[number - 1]
        if DEL_II_LINE.match(line) or FORSLAG_LINE.match(line):
            if not DEL_II_LINE.match(line):
                warnings.append(
                    f"no 'Del II' after line {first}: Del I blocks end at line {number}"
                )
            return first, number - 1
    warnings.append(f"no 'Del II' after line {first}: Del I blocks run to the end of the text")
    return first, len(lines)


def _del_i_blocks(
    lines: Sequence[str], first: int, last: int, warnings: list[str]
) -> list[tuple[str, Block]]:
    """(session, block) for every date line of Del I."""
    session_lines = {n for n in range(first, last + 1) if SESSION_LINE.match(lines[n - 1])}
    date_lines = [n for n in range(first, last + 1) if DATE_LINE.match(lines[n - 1])]
    # A block ends before the next block's title, the next session heading or Del II.
    boundaries = sorted(session_lines | {n - 1 for n in date_lines} | {last + 1})
    blocks = []
    for date_line in date_lines:
        session = _session_before(lines, session_lines, date_line)
        start = _block_start(lines, date_line, session_lines)
        end = next(b for b in boundaries if b > date_line) - 1
        block = _read_block(lines, start, date_line, end, stop_at_headings=False)
        if not block.title:
            warnings.append(f"anmodningsvedtak at line {date_line}: no title line before it")
        if not block.origin:
            warnings.append(
                f"anmodningsvedtak {session}/{block.number} (line {date_line}): "
                "no 'Vedtaket ble truffet' origin sentence"
            )
        if block.date is None:
            warnings.append(f"anmodningsvedtak at line {date_line}: unreadable date")
        blocks.append((session, block))
    return blocks


def _session_before(lines: Sequence[str], session_lines: set[int], line: int) -> str:
    """The session of the nearest session heading above ``line``, with an en dash."""
    heading = max((number for number in session_lines if number < line), default=None)
    if heading is None:
        return ""
    match = SESSION_LINE.match(lines[heading - 1])
    return f"{match['first']}–{match['last']}" if match else ""


def _block_start(lines: Sequence[str], date_line: int, headings: set[int]) -> int:
    """The title line before a date line, or the date line itself when there is none."""
    title_line = date_line - 1
    if title_line < 1 or title_line in headings or not normalise_space(lines[title_line - 1]):
        return date_line
    if DATE_LINE.match(lines[title_line - 1]):
        return date_line
    return title_line


def _read_block(
    lines: Sequence[str], start: int, date_line: int, last: int, *, stop_at_headings: bool
) -> Block:
    """Read one block; with ``stop_at_headings`` it ends at the first non-prose line."""
    match = DATE_LINE.match(lines[date_line - 1])
    found = find_date(match["date"]) if match else None
    quote_end = _quote_end(lines, date_line + 1, last)
    quote = [normalise_space(lines[n - 1]) for n in range(date_line + 1, quote_end + 1)]
    origin, follow_up_lines, end = "", [], quote_end
    next_line = quote_end + 1
    if next_line <= last and ORIGIN_LINE.match(normalise_space(lines[next_line - 1])):
        origin, rest = _split_origin(normalise_space(lines[next_line - 1]))
        if rest:
            follow_up_lines.append(rest)
        end = next_line
        next_line += 1
    for line_number in range(next_line, last + 1):
        if stop_at_headings and _ends_copy(lines, line_number):
            break
        paragraph = normalise_space(lines[line_number - 1])
        if paragraph:
            follow_up_lines.append(paragraph)
            end = line_number
    return Block(
        start_line=start,
        end_line=max(end, date_line),
        date_line=date_line,
        title=normalise_space(lines[start - 1]) if start < date_line else "",
        number=match["number"] if match else "",
        date=found[0] if found else None,
        date_text=found[1] if found else "",
        text="\n".join(part for part in quote if part),
        origin=origin,
        follow_up="\n".join(follow_up_lines),
    )


def _quote_end(lines: Sequence[str], first: int, last: int) -> int:
    """The last line of the quote that starts at ``first`` (``first - 1`` when there is none).

    Guillemets nest («ensomhet» inside a quote), so the quote ends where they balance. A
    quote left open ends before the origin line, or after its first line.
    """
    if first > last:
        return first - 1
    opening = normalise_space(lines[first - 1])
    if not opening.startswith("«"):
        return first if BARE_QUOTE.match(opening) else first - 1
    depth = 0
    for number in range(first, last + 1):
        line = lines[number - 1]
        if number > first and ORIGIN_LINE.match(normalise_space(line)):
            return number - 1
        depth += line.count("«") - line.count("»")
        if depth <= 0:
            return number
    return first


def _split_origin(line: str) -> tuple[str, str]:
    """The origin sentence(s) of a line, up to the one saying "truffet", and the rest."""
    sentences = _sentences(line)
    for index, sentence in enumerate(sentences):
        if "truffet" in sentence:
            return " ".join(sentences[: index + 1]), " ".join(sentences[index + 1 :])
    return line, ""


def _sentences(text: str) -> list[str]:
    """split_sentences, re-joining pieces cut after an unknown abbreviation before a number."""
    joined: list[str] = []
    for piece in split_sentences(text):
        if joined and _CUT_AFTER_ABBREVIATION.search(joined[-1]) and piece[:1].isdigit():
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return joined


def _ends_copy(lines: Sequence[str], number: int) -> bool:
    """True at the first line after a Del II copy: blank, table, heading or next title."""
    line = lines[number - 1]
    text = normalise_space(line)
    if not text or is_table_start(line):
        return True
    if STRONG_HEADING.match(text) or DATE_LINE.match(text):
        return True
    if number < len(lines) and DATE_LINE.match(lines[number]):
        return True
    return len(text) <= HEADING_MAX_LENGTH and not text.endswith(FINAL_PUNCTUATION)


def _decision_from_block(
    block: Block, session: str, sections: Sequence[ParsedSection]
) -> ParsedDecision:
    kap, post = _explicit_kap_post(f"{block.text}\n{block.origin}\n{block.follow_up}")
    return ParsedDecision(
        kind=ANMODNINGSVEDTAK,
        section=_innermost_section(sections, block.start_line),
        title=block.title,
        text=block.text,
        start_line=block.start_line,
        end_line=block.end_line,
        key=f"{session}/{block.number}",
        session=session,
        number=block.number,
        date=block.date,
        date_text=block.date_text,
        origin=block.origin,
        follow_up=block.follow_up,
        status=status_of(block.follow_up),
        kap=kap,
        post=post,
    )


def _unique_keys(decisions: list[ParsedDecision], warnings: list[str]) -> list[ParsedDecision]:
    """Drop a block whose (session, number) was already read: the key must stay unique.

    Only a damaged text repeats a key (a lost session heading files a block under the
    session before it, where its number may already exist).
    """
    seen: dict[str, int] = {}
    unique = []
    for decision in decisions:
        if decision.key in seen:
            warnings.append(
                f"anmodningsvedtak {decision.key} at line {decision.start_line} repeats the "
                f"key of line {seen[decision.key]}: left out"
            )
            continue
        seen[decision.key] = decision.start_line
        unique.append(decision)
    return unique


def status_of(follow_up: str) -> str:
    """The request-decision status a follow-up states; the last phrase wins ("" if none)."""
    found = [
        (match.start(), status)
        for status, pattern in STATUS_PATTERNS
        for match in pattern.finditer(follow_up)
    ]
    return max(found)[1] if found else ""


def _explicit_kap_post(text: str) -> tuple[int | None, int | None]:
    """The first ``kap. NNN(, post NN)`` of a text."""
    match = KAP_POST.search(text)
    if match is None:
        return None, None
    return int(match["kap"]), int(match["post"]) if match["post"] else None


def _link_del_ii_copies(
    lines: Sequence[str],
    first: int,
    decisions: list[ParsedDecision],
    sections: Sequence[ParsedSection],
    warnings: list[str],
) -> list[ParsedDecision]:
    """Attach each Del II copy to its Del I decision by (number, date)."""
    last = next(
        (n - 1 for n in range(first, len(lines) + 1) if FORSLAG_LINE.match(lines[n - 1])),
        len(lines),
    )
    by_number_date: dict[tuple[str, date | None], list[int]] = {}
    for index, decision in enumerate(decisions):
        by_number_date.setdefault((decision.number, decision.date), []).append(index)
    occurrences: dict[int, list[ParsedOccurrence]] = {}
    for date_line in range(first, last + 1):
        if not DATE_LINE.match(lines[date_line - 1]):
            continue
        start = _block_start(lines, date_line, set())
        block = _read_block(lines, start, date_line, last, stop_at_headings=True)
        matches = by_number_date.get((block.number, block.date), [])
        if not matches:
            warnings.append(
                f"Del II copy of Vedtak nr. {block.number}, {block.date_text} "
                f"(line {date_line}) matches no Del I block"
            )
            continue
        if len(matches) > 1:
            warnings.append(
                f"Del II copy at line {date_line}: (number, date) matches {len(matches)} "
                "Del I blocks; linked to the first"
            )
        section = _innermost_section(sections, block.start_line)
        kap, post = _budget_place(sections, section)
        occurrences.setdefault(matches[0], []).append(
            ParsedOccurrence(section, block.start_line, block.end_line, kap, post)
        )
    linked = []
    for index, decision in enumerate(decisions):
        copies = tuple(occurrences.get(index, ()))
        kap, post = decision.kap, decision.post
        if kap is None:
            placed = next((copy for copy in copies if copy.kap is not None), None)
            if placed is not None:
                kap, post = placed.kap, placed.post
        linked.append(replace(decision, occurrences=copies, kap=kap, post=post))
    return linked


# --- Table 3.1 ---------------------------------------------------------------------------


def _table_3_1(source: SourceText, before: int, warnings: list[str]) -> list[TableEntry]:
    """The rows of table 3.1 (Sesjon | Vedtak nr. | Stikkord | Rapportering avsluttes)."""
    table = next(
        (t for t in read_tables(source, 1, before - 1) if _is_table_3_1(t)),
        None,
    )
    if table is None:
        warnings.append("table 3.1 (Sesjon | Vedtak nr. | …) not found: reporting_closed unknown")
        return []
    entries = []
    for row in table.rows[1:]:
        entry = _table_entry(row)
        if entry is None:
            warnings.append(f"table 3.1 row at line {row.start_line} unreadable: {row.texts}")
        else:
            entries.append(entry)
    return entries


def _is_table_3_1(table: Table) -> bool:
    if not table.rows:
        return False
    header = table.rows[0]
    return header.cell(0) == "Sesjon" and header.cell(1).startswith("Vedtak nr")


def _table_entry(row: Row) -> TableEntry | None:
    session = SESSION_CELL.match(row.cell(0))
    number = row.cell(1)
    if session is None or not number.isdigit():
        return None
    return TableEntry(
        session=f"{session['first']}–{session['last']}",
        number=number,
        stikkord=row.cell(2),
        reporting_closed=YES_NO.get(row.cell(3).lower()),
        line=row.start_line,
    )


def _apply_table_3_1(
    decisions: list[ParsedDecision], table: list[TableEntry], warnings: list[str]
) -> list[ParsedDecision]:
    """reporting_closed and Stikkord from table 3.1; a warning for every unmatched key."""
    if not table:
        return decisions
    entries: dict[str, TableEntry] = {}
    for entry in table:
        key = f"{entry.session}/{entry.number}"
        if key in entries:
            warnings.append(
                f"table 3.1 lists {key} twice (lines {entries[key].line}, {entry.line})"
            )
        else:
            entries[key] = entry
    for entry in table:
        if entry.reporting_closed is None:
            warnings.append(f"table 3.1 line {entry.line}: reporting column is neither Ja nor Nei")
    keys = {decision.key for decision in decisions}
    for key, entry in entries.items():
        if key not in keys:
            warnings.append(f"table 3.1 row {key} (line {entry.line}) has no decision block")
    applied = []
    for decision in decisions:
        entry = entries.get(decision.key)
        if entry is None:
            warnings.append(
                f"anmodningsvedtak {decision.key} (line {decision.start_line}) is not in table 3.1"
            )
            applied.append(decision)
            continue
        applied.append(
            replace(
                decision,
                title=title_with_stikkord(decision.title, entry.stikkord),
                reporting_closed=entry.reporting_closed,
            )
        )
    return applied


def title_with_stikkord(title: str, stikkord: str) -> str:
    """The block title, with the table's Stikkord added when it says something else
    (spacing, punctuation and case aside)."""
    if not stikkord or _comparable(stikkord) in _comparable(title):
        return title
    if not title:
        return stikkord
    return f"{title} (stikkord: {stikkord})"


def _comparable(text: str) -> str:
    """Letters and digits only, case-folded: "§7" and "§ 7", "Ikke-møtt gebyr" and
    "Ikke møtt-gebyr" say the same."""
    return re.sub(r"\W+", "", text.casefold())


def _check_status_against_table(decisions: list[ParsedDecision], warnings: list[str]) -> None:
    """Warn where the text's status, or a Del II copy, contradicts the table's Ja/Nei.

    Del II reprints only the decisions whose reporting ends.
    """
    for decision in decisions:
        closed, status = decision.reporting_closed, decision.status
        if decision.occurrences and closed is False:
            warnings.append(
                f"anmodningsvedtak {decision.key} is reprinted in Del II although table 3.1 "
                "says its reporting continues"
            )
        if closed is None or not status:
            continue
        if closed != (status in (FULGT_OPP, FORESLATT_OPPHEVET)):
            warnings.append(
                f"anmodningsvedtak {decision.key}: status {status} but table 3.1 says "
                f"reporting {'ends' if closed else 'continues'}"
            )


# --- Romertallsvedtak --------------------------------------------------------------------


def _romertall_decisions(
    source: SourceText,
    sections: Sequence[ParsedSection],
    requests: Sequence[ParsedDecision],
    warnings: list[str],
) -> tuple[ParsedDecision, ...]:
    lines = source.lines
    forslag = next((n for n in range(len(lines), 0, -1) if FORSLAG_LINE.match(lines[n - 1])), None)
    if forslag is None:
        warnings.append("no 'Forslag' heading: no romertall decisions read")
        return ()
    numerals = [n for n in range(forslag + 1, len(lines) + 1) if NUMERAL_LINE.match(lines[n - 1])]
    if not numerals:
        warnings.append(f"no romertall numerals after 'Forslag' (line {forslag})")
        return ()
    tables = read_tables(source, forslag + 1, len(lines))  # for the group-heading check only
    decisions = []
    for sequence, numeral_line in enumerate(numerals, 1):
        limit = numerals[sequence] - 1 if sequence < len(numerals) else len(lines)
        end = _romertall_end(lines, numeral_line, limit, tables)
        decisions.append(
            _romertall_decision(source, sequence, numeral_line, end, sections, requests, warnings)
        )
    return tuple(decisions)


def _romertall_end(
    lines: Sequence[str], numeral_line: int, limit: int, tables: Sequence[Table]
) -> int:
    """The last line of a romertall decision: no trailing blanks, no group heading."""
    end = _last_non_blank(lines, numeral_line, limit)
    in_table = any(t.start_line <= end <= t.end_line for t in tables)
    if end > numeral_line + 1 and not in_table and _is_group_heading(lines[end - 1]):
        end = _last_non_blank(lines, numeral_line, end - 1)
    return end


def _last_non_blank(lines: Sequence[str], first: int, last: int) -> int:
    while last > first and not normalise_space(lines[last - 1]):
        last -= 1
    return last


def _is_group_heading(line: str) -> bool:
    """A short line without final punctuation, such as ``Andre fullmakter``."""
    text = normalise_space(line)
    return (
        bool(text)
        and not line.startswith("\t")
        and len(text) <= HEADING_MAX_LENGTH
        and not text.endswith(FINAL_PUNCTUATION)
    )


def _romertall_decision(
    source: SourceText,
    sequence: int,
    numeral_line: int,
    end: int,
    sections: Sequence[ParsedSection],
    requests: Sequence[ParsedDecision],
    warnings: list[str],
) -> ParsedDecision:
    lines = source.lines
    numeral = lines[numeral_line - 1].strip()
    title_line = normalise_space(lines[numeral_line]) if numeral_line < end else ""
    # A caption such as "Utgifter:" is no title of its own: the text keeps it.
    body_start = numeral_line + (1 if title_line.endswith(":") else 2)
    # Read within the decision's own lines, so no table runs on into the next numeral.
    own_tables = read_tables(source, body_start, end)
    text_lines = _romertall_text(lines, body_start, end, own_tables)
    items = _romertall_items(lines, body_start, end, own_tables)
    text = "\n".join(text_lines)
    kap, post = _single_kap_post("\n".join((text, *items)))
    repeals = _repeals(text, requests, numeral, warnings)
    if not title_line:
        warnings.append(f"romertall {numeral} (line {numeral_line}): no title line")
    return ParsedDecision(
        kind=ROMERTALLSVEDTAK,
        section=_innermost_section(sections, numeral_line),
        title=_romertall_title(title_line, text_lines),
        text=text,
        start_line=numeral_line,
        end_line=end,
        key=f"romertall-{sequence}",
        number=numeral,
        kap=kap,
        post=post,
        items=tuple(items),
        repeals=repeals,
    )


def _romertall_title(title_line: str, text_lines: Sequence[str]) -> str:
    """The line after the numeral; I's caption "Utgifter:" stands for both of its tables."""
    title = title_line.rstrip(":").strip()
    if title == "Utgifter" and "Inntekter:" in text_lines:
        return "Utgifter og inntekter"
    return title


def _romertall_text(
    lines: Sequence[str], first: int, last: int, tables: Sequence[Table]
) -> list[str]:
    """Prose lines and one line per table row, in source order."""
    text: list[str] = []
    number = first
    while number <= last:
        table = next((t for t in tables if t.start_line == number), None)
        if table is not None:
            text.extend(line for row in table.rows if (line := row_text(row)))
            number = table.end_line + 1
            continue
        line = normalise_space(lines[number - 1])
        if line:
            text.append(line)
        number += 1
    return text


def row_text(row: Row) -> str:
    """A table row as one readable line: non-empty cells joined by " | "."""
    return " | ".join(cell for raw in row.cells if (cell := cell_text(raw)))


def cell_text(raw: str) -> str:
    """A raw cell, normalised; its wrapped lines joined by " – " (kap title – post title)."""
    return " – ".join(part for piece in raw.split("\n") if (part := normalise_space(piece)))


def _romertall_items(
    lines: Sequence[str], first: int, last: int, tables: Sequence[Table]
) -> list[str]:
    """Post rows of the tables, the pairs of II and ``post NN …`` lines of the prose."""
    items: list[str] = []
    for table in tables:
        items.extend(_table_items(table))
    inside = {n for t in tables for n in range(t.start_line, t.end_line + 1)}
    for number in range(first, last + 1):
        line = normalise_space(lines[number - 1])
        if number not in inside and re.match(r"^post \d\d\b", line):
            items.append(line)
    return items


def _table_items(table: Table) -> list[str]:
    """Items of one fullmakt or appropriation table."""
    if not table.rows:
        return []
    if all(cell.startswith("kap.") for row in table.rows[1:] for cell in row.texts if cell):
        # II: "overskride bevilgningen under" kap. A … "mot tilsvarende merinntekter under" kap. B …
        return [" mot ".join(row.texts) for row in table.rows[1:] if any(row.texts)]
    kroner_header = "Kroner" in table.rows[0].texts
    items, kap = [], None
    for row in table.rows[1:]:
        if re.fullmatch(r"\d{3,4}", row.cell(0)):
            kap = int(row.cell(0))
        post = row.cell(1)
        if kap is None or not re.fullmatch(r"\d\d", post):
            continue
        amount = next((cell for cell in row.texts[3:] if cell), "")
        if amount and kroner_header and not re.search(r"[A-Za-zæøå]", amount):
            amount = f"{amount} kroner"
        title = cell_text(row.cells[2]) if len(row.cells) > 2 else ""
        items.append(f"kap. {kap}, post {post} {title}" + (f": {amount}" if amount else ""))
    return items


def _single_kap_post(text: str) -> tuple[int | None, int | None]:
    """kap (and post) only when exactly one is named."""
    kaps = {int(match["kap"]) for match in KAP_POST.finditer(text)}
    if len(kaps) != 1:
        return None, None
    posts = {
        post for match in POST_NAMED.finditer(text) for post in re.findall(r"\d\d", match["posts"])
    }
    return kaps.pop(), int(posts.pop()) if len(posts) == 1 else None


def _repeals(
    text: str, requests: Sequence[ParsedDecision], numeral: str, warnings: list[str]
) -> tuple[tuple[str, date | None], ...]:
    """(number, date) of the request decisions a ``Vedtak nr. … oppheves.`` repeals."""
    repealed = []
    for sentence in _sentences(text.replace("\n", " ")):
        if not re.search(r"\boppheves\b", sentence) or not sentence.startswith("Vedtak"):
            continue
        for match in REPEALED.finditer(sentence):
            found = find_date(match["date"])
            repealed.append((match["number"], found[0] if found else None))
    known = {(decision.number, decision.date) for decision in requests}
    for number, when in repealed:
        if requests and (number, when) not in known:
            warnings.append(
                f"romertall {numeral} repeals Vedtak nr. {number} ({when}), "
                "which matches no request decision"
            )
    return tuple(repealed)


# --- Sections ----------------------------------------------------------------------------


def _innermost_section(sections: Sequence[ParsedSection], line: int) -> int | None:
    """Position of the deepest section whose line range holds ``line``."""
    best: ParsedSection | None = None
    for section in sections:
        if section.start_line <= line <= section.end_line and (
            best is None or section.level >= best.level
        ):
            best = section
    return best.position if best else None


def _budget_place(
    sections: Sequence[ParsedSection], position: int | None
) -> tuple[int | None, int | None]:
    """kap and post of a section or its nearest ancestor that sets them."""
    by_position = {section.position: section for section in sections}
    kap = post = None
    seen: set[int] = set()
    while position is not None and position in by_position and position not in seen:
        seen.add(position)
        section = by_position[position]
        if post is None and section.post is not None:
            post = section.post
        if section.kap is not None:
            kap = section.kap
            break
        position = section.parent
    return kap, post if kap is not None else None
