"""Decision sentences of the annual reports (SEEDS.md "Decisions in 001 and 002").

Input: one sentence of report prose (001 splits re-joined blocks, 002 splits each line)
with its line range and section. Output: a :class:`ParsedDecision`, or None when the
sentence records no decision.

Choices where SEEDS.md leaves room:

* The trigger and exclusion patterns are matched case-insensitively, so a
  sentence-initial "Vedtatt" or a lower-case "anmodningsvedtak 626" counts too.
* A sentence is "about a regulation" (kind ``forskrift``) when any of its words contains
  "forskrift" ("spesialistforskrift", "Forskriftene", "blåreseptforskriften").
* ``actor`` is the listed actor named *earliest* in the sentence, not the first one in
  the list's order: in "Helsedirektoratet har etter dialog med HOD besluttet …" the
  subject comes first. Values are canonical: Stortinget, Regjeringen, HOD,
  Helsedirektoratet, Styringsgruppe, EU, kommunene; "Direktoratet for e-helse" is not
  Helsedirektoratet.
* ``title`` is the sentence cut on a word boundary at no more than 120 characters,
  with "…" appended when cut.
* ``key`` is ``<section_key>:<10 hex digits of sha1(normalised sentence)>``: stable
  across runs and re-imports, equal for identical sentences in one section only.
* :func:`dedupe_decisions` keeps the first of identical sentences in a section and
  records each later copy as a :class:`ParsedOccurrence` of it, so no line is lost.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import replace

from ingest.parsed import ParsedDecision, ParsedOccurrence
from ingest.text import MONTHS, find_date, normalise_space
from ingest.vocabulary import ANMODNINGSVEDTAK, ANNET, FORSKRIFT, ROMERTALLSVEDTAK

TITLE_LIMIT = 120

# Rule 1. A bare "vedtak" is no trigger: it names decisions without recording one.
_TRIGGER = re.compile(
    r"\b(?:vedtatt|vedtok|besluttet|trådte i kraft|trådt i kraft|trer i kraft"
    r"|Anmodningsvedtak \d+|anmodningsvedtak fra stortinget|Romertallsvedtak|samtykker i"
    r"|Stortingets (?:behandling|vedtak)|ble innført|innføres fra)\b",
    re.IGNORECASE,
)
_EXCLUDED = re.compile(
    r"vedtatt (?:politikk|fremdriftsplan)|vedtatte endringer|WHO har vedtatt", re.IGNORECASE
)
# The flattened 001 table glues its labels to the sentence that follows them.
_LEADING_LABEL = re.compile(r"^(?:Kommentar|Beskrivelse)\b:?\s*")

_REQUEST_NUMBER = re.compile(r"\bAnmodningsvedtak (\d+)\b", re.IGNORECASE)
_ROMAN_CAPTION = re.compile(r"\bRomertallsvedtak\b", re.IGNORECASE)
_REGULATION_WORD = re.compile(r"forskrift", re.IGNORECASE)
# "Forskrift 13. september 2024 nr. 2149" -> FOR-2024-09-13-2149
_REGULATION_REFERENCE = re.compile(
    rf"\bforskrift\s+(\d{{1,2}})\.\s?({'|'.join(MONTHS)})\s+(\d{{4}})\s+nr\.\s?(\d+)",
    re.IGNORECASE,
)

# Canonical actor -> how the reports name it. Case matters: "EU" is no "eu".
_ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Stortinget", re.compile(r"\b[Ss]torting(?:et|ets)\b")),
    ("Regjeringen", re.compile(r"\b[Rr]egjeringen\b")),
    ("HOD", re.compile(r"\bHOD\b|\bHelse- og omsorgsdepartementet\b|\b[Dd]epartementet\b")),
    (
        "Helsedirektoratet",
        re.compile(r"\bHelsedirektoratet\b|\b[Dd]irektoratet\b(?! for e-helse)|\b[Ll]edelsen\b"),
    ),
    ("Styringsgruppe", re.compile(r"\b[Ss]tyringsgruppen?\b")),
    ("EU", re.compile(r"\bEU\b")),
    ("kommunene", re.compile(r"\b[Kk]ommunene\b")),
)


def is_decision_sentence(sentence: str) -> bool:
    """Rule 1: a trigger phrase, and none of the phrases that only talk about decisions."""
    return bool(_TRIGGER.search(sentence)) and not _EXCLUDED.search(sentence)


def strip_leading_label(sentence: str) -> str:
    """Drop a leading ``Kommentar`` / ``Beskrivelse`` label of the flattened 001 table."""
    return _LEADING_LABEL.sub("", sentence, count=1)


def decision_kind(sentence: str) -> str:
    """Rule 2: the kind a decision sentence records."""
    if _REQUEST_NUMBER.search(sentence):
        return ANMODNINGSVEDTAK
    if _REGULATION_WORD.search(sentence):
        return FORSKRIFT
    if _ROMAN_CAPTION.search(sentence):
        return ROMERTALLSVEDTAK
    return ANNET


def request_number(sentence: str) -> str:
    """The n of "Anmodningsvedtak <n>", or ""."""
    match = _REQUEST_NUMBER.search(sentence)
    return match.group(1) if match else ""


def regulation_reference(sentence: str) -> str:
    """``FOR-yyyy-mm-dd-n`` for "Forskrift <d. måned yyyy> nr. <n>", or ""."""
    match = _REGULATION_REFERENCE.search(sentence)
    if not match:
        return ""
    day, month, year, number = match.groups()
    return f"FOR-{year}-{MONTHS[month.lower()]:02d}-{int(day):02d}-{number}"


def first_actor(sentence: str) -> str:
    """The canonical name of the actor named earliest in the sentence, or ""."""
    found = [
        (match.start(), name)
        for name, pattern in _ACTORS
        if (match := pattern.search(sentence)) is not None
    ]
    return min(found)[1] if found else ""


def cut_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` cut on a word boundary to at most ``limit`` characters, "…" marking a cut."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if " " in head:
        head = head[: head.rindex(" ")]
    return head.rstrip(" ,;:–-") + "…"


def decision_key(section_key: str, sentence: str) -> str:
    """A stable key: the section's key and a short hash of the normalised sentence."""
    digest = hashlib.sha1(normalise_space(sentence).encode("utf-8")).hexdigest()[:10]
    return f"{section_key}:{digest}"


def decision_from_sentence(
    sentence: str,
    *,
    start_line: int,
    end_line: int,
    section: int | None,
    section_key: str,
    default_year: int,
    measure: int | None = None,
) -> ParsedDecision | None:
    """The decision a sentence records (rules 1–3), or None when it records none.

    ``default_year`` completes dates printed without a year ("14.desember");
    ``measure`` is the index of the oppdrag whose body holds the sentence.
    """
    text = strip_leading_label(normalise_space(sentence))
    if not text or not is_decision_sentence(text):
        return None
    found = find_date(text, default_year=default_year)
    return ParsedDecision(
        kind=decision_kind(text),
        section=section,
        title=cut_title(text),
        text=text,
        start_line=start_line,
        end_line=end_line,
        key=decision_key(section_key, text),
        number=request_number(text),
        date=found[0] if found else None,
        date_text=found[1] if found else "",
        actor=first_actor(text),
        reference=regulation_reference(text),
        measure=measure,
    )


def dedupe_decisions(decisions: Iterable[ParsedDecision]) -> list[ParsedDecision]:
    """Rule 4: one decision per identical sentence within a section, the first one kept.

    Later copies become occurrences of the kept decision; copies in other sections stay
    decisions of their own.
    """
    kept: list[ParsedDecision] = []
    index_by_sentence: dict[tuple[int | None, str], int] = {}
    for decision in decisions:
        identity = (decision.section, normalise_space(decision.text))
        if identity not in index_by_sentence:
            index_by_sentence[identity] = len(kept)
            kept.append(decision)
            continue
        index = index_by_sentence[identity]
        first = kept[index]
        copy = ParsedOccurrence(
            section=decision.section,
            start_line=decision.start_line,
            end_line=decision.end_line,
            kap=decision.kap,
            post=decision.post,
        )
        kept[index] = replace(first, occurrences=(*first.occurrences, copy))
    return kept
