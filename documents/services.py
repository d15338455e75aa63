"""Writes: bring the database in line with a parse, keeping every curator's edit.

``source_import`` writes all documents parsed from one file in one transaction. Rows are
matched by natural key, so ids and URLs survive a re-import; a field a curator edited is
never overwritten, and when the source changes under such a field the row is flagged for
review with both values kept (``parsed_values`` holds the parser's). Parsing happens
before, outside the transaction (ingest.pipeline).

A curator may save a row while an import runs. The import locks the rows it reads
(``select_for_update``; the admin locks the row it saves the same way), so it sees a
curator's committed edit or makes the curator wait; and it writes only the fields it
changed (``update_fields``), never a whole row read earlier.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from ingest.parsed import (
    ParsedBudgetLine,
    ParsedDecision,
    ParsedDocument,
    ParsedMeasure,
    ParsedSection,
    SourceText,
)
from ingest.text import normalise_space

from .models import (
    BudgetLine,
    Curated,
    Decision,
    DecisionOccurrence,
    Document,
    Measure,
    Section,
    SourceFile,
)

STALE_REASON = "No longer found in the source at the last ingest."


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """The file a parse came from."""

    name: str
    sha256: str
    size: int
    kind: str
    parser_version: str
    text: SourceText
    page_count: int | None = None
    format: str = "text"  # SourceFile.Format: what the text was read out of
    # What the file was ingested with besides its bytes (see SourceFile), kept for re-ingest.
    forced_kind: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportStats:
    """What one import did, per table: created / updated / unchanged / deleted rows."""

    documents: Counter = field(default_factory=Counter)
    rows: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    conflicts: list[str] = field(default_factory=list)
    # News items another file brought in first (overlapping listings): kept as they are.
    elsewhere: list[str] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)
    removed: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    # Other documents the import's new words may make analyse otherwise: indexed again
    # with its own (documents.search.vocabulary).
    reanalysed: list[int] = field(default_factory=list)

    def count(self, table: str, outcome: str) -> None:
        self.rows[table][outcome] += 1

    def totals(self, table: str) -> int:
        """Rows of ``table`` the source now holds (created + updated + unchanged)."""
        counter = self.rows[table]
        return counter["created"] + counter["updated"] + counter["unchanged"]


# --- Values ------------------------------------------------------------------------------


def _comparable(value: Any) -> Any:
    """The JSON form used in ``parsed_values`` and for comparing old and new values."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


REVIEW_FIELDS = ("needs_review", "reviewed", "review_reason")


def apply_parsed(row: Curated, values: dict[str, Any], stats: ImportStats, table: str) -> set[str]:
    """Set parsed ``values`` on ``row`` unless a curator owns the field; the fields changed.

    A curated field keeps the curator's value; if the parser now reads something else
    than it did when the curator edited, the row is flagged for review.
    """
    changed: set[str] = set()
    curated = set(row.edited_fields or ())
    parsed_values = dict(row.parsed_values or {})
    for name, value in values.items():
        if name in row.CURATED_FIELDS:
            new = _comparable(value)
            if name in curated:
                old = parsed_values.get(name)
                if old != new and row.pk is not None:
                    row.needs_review = True
                    row.reviewed = False
                    reason = f"The source changed “{name}” under a curator's edit."
                    if reason not in row.review_reason:
                        row.review_reason = f"{row.review_reason}\n{reason}".strip()
                    stats.conflicts.append(f"{table} {row.pk}: {name} changed in the source")
                    changed.update(REVIEW_FIELDS)
                if old != new:
                    parsed_values[name] = new
                    changed.add("parsed_values")
                continue
            if parsed_values.get(name) != new:
                parsed_values[name] = new
                changed.add("parsed_values")
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed.add(name)
    row.parsed_values = parsed_values
    return changed


INGEST_REASON = "ingest"


def _save(row: models.Model, changed: set[str], stats: ImportStats, table: str) -> None:
    """Save an existing row's changed fields (new rows: ``_Writer``)."""
    row._change_reason = INGEST_REASON  # the history tells ingest from curator edits
    if changed:
        row.save(update_fields=changed)
        stats.count(table, "updated")
    else:
        stats.count(table, "unchanged")


def _create(model: type[models.Model], rows: list[models.Model]) -> None:
    """Insert new rows with one statement per batch, then their history rows the same way.

    ``save()`` would write each row and then, through django-simple-history's post_save,
    its historical row (building a history manager class each time): most of the cost of
    a cold ingest's writes. ``bulk_history_create`` writes the rows post_save would: type
    "+", the row's values, its ``_change_reason`` and the request's user, if any. Nothing
    else hooks these models' saves (no ``save()`` override or receiver; haystack's signal
    processor is the base one, which does nothing), and the database's own rules, the
    section trigger included, check a bulk insert like any other.
    """
    for row in rows:
        row._change_reason = INGEST_REASON
    model._default_manager.bulk_create(rows)
    # PostgreSQL and SQLite >= 3.35 return the new ids (INSERT … RETURNING): the history
    # rows and the rows pointing at these ones need them.
    if any(row.pk is None for row in rows):
        raise RuntimeError(
            f"the database returned no ids for new {model.__name__} rows: the ingest needs"
            " PostgreSQL or SQLite 3.35 or newer"
        )
    model.history.bulk_history_create(rows)


class _Writer:
    """Writes one table's rows of a document: a changed existing row at once (only the
    fields that changed), new rows held back and inserted in bulk by ``flush``.

    Written row by row in document order, the database would pass through the same
    states, plus some of the new rows: a unique key (a natural key or position another
    row gives up on its way) cannot clash where it did not then. An existing row under a
    held-back parent needs the parent's id: it flushes first.
    """

    def __init__(self, model: type[models.Model], stats: ImportStats, table: str):
        self.model, self.stats, self.table = model, stats, table
        self.pending: list[tuple[models.Model, models.Model | None]] = []

    def add(self, row: models.Model, changed: set[str], parent: models.Model | None = None):
        """``parent``: the row's parent in the same table (sections, measures), new or not."""
        if row.pk is None:
            self.pending.append((row, parent))
            return
        if parent is not None and parent.pk is None:
            self.flush()
            row.parent_id = parent.pk
            changed.add("parent_id")  # a new id: not what the row pointed at before
        _save(row, changed, self.stats, self.table)

    def flush(self) -> None:
        """Insert the held-back rows, one bulk insert per depth of the tree: a row goes in
        once its parent has an id (parents come before their children)."""
        while self.pending:
            ready = [
                (row, parent)
                for row, parent in self.pending
                if parent is None or parent.pk is not None
            ]
            if not ready:
                raise RuntimeError(f"new {self.table} rows under a parent that is never written")
            for row, parent in ready:
                if parent is not None:
                    row.parent_id = parent.pk
            _create(self.model, [row for row, _parent in ready])
            self.stats.rows[self.table]["created"] += len(ready)
            self.pending = [(row, parent) for row, parent in self.pending if row.pk is None]


TABLES = {
    Document: "documents",
    Section: "sections",
    Measure: "measures",
    Decision: "decisions",
    BudgetLine: "budget_lines",
}


def _is_curated(row: models.Model) -> bool:
    if not isinstance(row, Curated):
        return False
    return bool(row.edited_fields or row.reviewed or row.curator_note or row.hidden)


def _retire(rows: Iterable[Curated], stats: ImportStats, table: str) -> None:
    """Rows the source no longer has: delete plain ones, flag curated ones for review.

    A delete cascades (a document's rows, a measure's items): a row whose delete would
    take a curated row along is kept and flagged too, and every row deleted is reported
    so the index drops it.
    """
    for row in rows:
        collector = Collector(using=row._state.db)
        collector.collect([row])
        cascade = [item for items in collector.data.values() for item in items]
        if any(_is_curated(item) for item in cascade):
            if not row.needs_review or STALE_REASON not in row.review_reason:
                row.needs_review = True
                row.review_reason = f"{row.review_reason}\n{STALE_REASON}".strip()
                row.save(update_fields=["needs_review", "review_reason"])
            stats.count(table, "kept_stale")
        else:
            for item in cascade:
                if type(item) in TABLES:
                    stats.removed[TABLES[type(item)]].append(item.pk)
            collector.delete()
            stats.count(table, "deleted")


def _key_hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode()).hexdigest()[:24]


def _ordinal_keys(labels: Sequence[str]) -> list[str]:
    """Make labels unique by appending #2, #3 … to repeats, in order."""
    seen: Counter = Counter()
    keys = []
    for label in labels:
        seen[label] += 1
        keys.append(label if seen[label] == 1 else f"{label}#{seen[label]}")
    return keys


def section_keys(sections: Sequence[ParsedSection]) -> list[str]:
    """Natural keys of sections: the path of (number, title) labels from the top.

    Stable when sections elsewhere in the document come or go; a repeated label under
    the same parent is told apart by its ordinal.
    """
    labels = []
    for section in sections:
        if section.parent is not None and section.parent >= section.position:
            raise ValueError(f"section {section.position} comes before its parent {section.parent}")
        labels.append(f"{section.parent}|{section.number}|{normalise_space(section.title).lower()}")
    # The ordinal is taken among siblings (same parent position), so it is local.
    ordinals = _ordinal_keys(labels)
    keys: list[str] = []
    for section, label in zip(sections, ordinals, strict=True):
        own = label.split("|", 1)[1]
        parent_key = keys[section.parent] if section.parent is not None else ""
        keys.append(_key_hash(parent_key, own))
    return keys


def measure_keys(measures: Sequence[ParsedMeasure], section_key_list: Sequence[str]) -> list[str]:
    labels = []
    for measure in measures:
        section_key = section_key_list[measure.section] if measure.section is not None else ""
        identity = measure.number or normalise_space(measure.title).lower()[:300]
        parent = "" if measure.parent is None else str(measure.parent)
        labels.append(
            _key_hash(measure.kind, section_key, identity, parent, str(measure.kap or ""))
        )
    return _ordinal_keys(labels)


def decision_keys(decisions: Sequence[ParsedDecision]) -> list[str]:
    return _ordinal_keys([decision.key[:280] for decision in decisions])


class RowMatcher:
    """Finds the existing row for a parsed one: by natural key, else by its place.

    A key embeds the row's title or text, so a corrected sentence in the source gives a
    new key. The fallback matches it to the unclaimed row with the same place (e.g. the
    same section and kind) and ordinal, so the row keeps its id and its curation, and a
    curated field is flagged rather than orphaned.
    """

    def __init__(self, rows: Iterable[Any], place: Callable[[Any], Any]):
        rows = sorted(rows, key=lambda row: row.position)
        self.by_key = {row.key: row for row in rows}
        self.by_place: dict[tuple[Any, int], Any] = {}
        ordinals: Counter = Counter()
        for row in rows:
            spot = place(row)
            self.by_place[(spot, ordinals[spot])] = row
            ordinals[spot] += 1
        self.parsed_ordinals: Counter = Counter()
        self.taken: set[int] = set()

    def take(self, key: str, place: Any) -> Any | None:
        ordinal = self.parsed_ordinals[place]
        self.parsed_ordinals[place] += 1
        row = self.by_key.get(key)
        if row is None or row.pk in self.taken:
            row = self.by_place.get((place, ordinal))
            if row is not None and (row.pk in self.taken or self.by_key.get(row.key) is not row):
                row = None
        if row is not None:
            self.taken.add(row.pk)
            self.by_key.pop(row.key, None)
        return row

    def leftover(self) -> list[Any]:
        return [row for row in self.by_place.values() if row.pk not in self.taken]


# --- Import ------------------------------------------------------------------------------


def _pk(rows: Sequence[models.Model], index: int | None) -> int | None:
    return rows[index].pk if index is not None else None


def _pages(text: SourceText, start: int, end: int) -> dict[str, int | None]:
    page_start, page_end = text.page_range(start, end)
    return {"page_start": page_start, "page_end": page_end}


def _import_sections(
    document: Document, parsed: ParsedDocument, source: SourceInfo, stats: ImportStats, new: bool
) -> tuple[list[Section], list[str]]:
    keys = section_keys(parsed.sections)
    existing = [] if new else list(document.sections.select_for_update())
    # Positions are unique per document: when sections moved, park the existing ones out
    # of the way first, since a section can move to a position another row still holds.
    new_positions = {
        key: parsed_section.position
        for key, parsed_section in zip(keys, parsed.sections, strict=True)
    }
    if any(new_positions.get(row.key, -1) != row.position for row in existing):
        offset = 1_000_000
        Section.objects.filter(document=document).update(position=models.F("position") + offset)
        for row in existing:
            row.position += offset
    matcher = RowMatcher(existing, place=lambda row: (row.parent_id, row.level))
    writer = _Writer(Section, stats, "sections")
    rows: list[Section] = []
    for parsed_section, key in zip(parsed.sections, keys, strict=True):
        parent = rows[parsed_section.parent] if parsed_section.parent is not None else None
        parent_id = parent.pk if parent else None
        # A new parent is held back by the writer, without an id yet: its children's
        # place is one no existing row has, as the id it gets will be.
        place = ("new", parsed_section.parent) if parent and parent_id is None else parent_id
        row = matcher.take(key, (place, parsed_section.level)) or Section(document=document)
        values = {
            "key": key,
            "parent_id": parent_id,  # None for a new parent: the writer sets it
            "position": parsed_section.position,
            "level": parsed_section.level,
            "number": parsed_section.number,
            "title": parsed_section.title,
            "text": parsed_section.text,
            "start_line": parsed_section.start_line,
            "end_line": parsed_section.end_line,
            "kap": parsed_section.kap,
            "post": parsed_section.post,
            **_pages(source.text, parsed_section.start_line, parsed_section.end_line),
        }
        writer.add(row, apply_parsed(row, values, stats, "sections"), parent)
        rows.append(row)
    writer.flush()
    _retire_sections(matcher.leftover(), document, stats)
    return rows, keys


def _retire_sections(rows: Iterable[Section], document: Document, stats: ImportStats) -> None:
    stale = list(rows)
    if not stale:
        return
    # Kept stale sections need a free position at the end and must not point at a
    # parent that is about to go.
    last = (
        document.sections.exclude(pk__in=[row.pk for row in stale]).aggregate(
            models.Max("position")
        )["position__max"]
        or 0
    )
    for offset, row in enumerate(sorted(stale, key=lambda r: r.position), start=1):
        Section.objects.filter(pk=row.pk).update(position=last + offset, parent=None)
        row.position, row.parent = last + offset, None
    _retire(stale, stats, "sections")


def _import_measures(
    document: Document,
    parsed: ParsedDocument,
    sections: Sequence[Section],
    section_key_list: Sequence[str],
    source: SourceInfo,
    stats: ImportStats,
    new: bool,
) -> list[Measure]:
    keys = measure_keys(parsed.measures, section_key_list)
    existing = [] if new else document.measures.select_for_update()
    matcher = RowMatcher(existing, place=lambda row: (row.section_id, row.kind))
    writer = _Writer(Measure, stats, "measures")
    rows: list[Measure] = []
    for position, (measure, key) in enumerate(zip(parsed.measures, keys, strict=True)):
        section_id = _pk(sections, measure.section)
        row = matcher.take(key, (section_id, measure.kind)) or Measure(document=document)
        values = {
            "key": key,
            "section_id": section_id,
            "parent_id": _pk(rows, measure.parent),  # None for a new parent: the writer sets it
            "position": position,
            "kind": measure.kind,
            "number": measure.number,
            "title": measure.title,
            "text": measure.text,
            "description": measure.description,
            "comment": measure.comment,
            "target": measure.target,
            "status": measure.status,
            "amount_nok": measure.amount_nok,
            "kap": measure.kap,
            "post": measure.post,
            "to_kap": measure.to_kap,
            "to_post": measure.to_post,
            "year": measure.year,
            "start_line": measure.start_line,
            "end_line": measure.end_line,
            **_pages(source.text, measure.start_line, measure.end_line),
        }
        if measure.section is None and row.pk is None:
            row.needs_review = True
            row.review_reason = "The parser found no section for this measure."
        parent = rows[measure.parent] if measure.parent is not None else None
        writer.add(row, apply_parsed(row, values, stats, "measures"), parent)
        rows.append(row)
    writer.flush()
    _retire(matcher.leftover(), stats, "measures")
    return rows


def _import_decisions(
    document: Document,
    parsed: ParsedDocument,
    sections: Sequence[Section],
    measures: Sequence[Measure],
    source: SourceInfo,
    stats: ImportStats,
    new: bool,
) -> None:
    keys = decision_keys(parsed.decisions)
    existing = [] if new else document.decisions.select_for_update()
    matcher = RowMatcher(existing, place=lambda row: (row.section_id, row.kind))
    writer = _Writer(Decision, stats, "decisions")
    rows: list[Decision] = []
    for position, (decision, key) in enumerate(zip(parsed.decisions, keys, strict=True)):
        section_id = _pk(sections, decision.section)
        row = matcher.take(key, (section_id, decision.kind)) or Decision(document=document)
        values = {
            "key": key,
            "section_id": section_id,
            "measure_id": _pk(measures, decision.measure),
            "position": position,
            "kind": decision.kind,
            "session": decision.session,
            "number": decision.number,
            "date": decision.date,
            "date_text": decision.date_text,
            "title": decision.title,
            "text": decision.text,
            "origin": decision.origin,
            "follow_up": decision.follow_up,
            "status": decision.status,
            "reporting_closed": decision.reporting_closed,
            "actor": decision.actor,
            "reference": decision.reference,
            "kap": decision.kap,
            "post": decision.post,
            "amount_nok": decision.amount_nok,
            "items": list(decision.items),
            "start_line": decision.start_line,
            "end_line": decision.end_line,
            **_pages(source.text, decision.start_line, decision.end_line),
        }
        if (
            row.pk is None
            and decision.kind == Decision.Kind.ANMODNINGSVEDTAK
            and decision.date is None
        ):
            row.needs_review = True
            row.review_reason = "The parser found no date for this request decision."
        writer.add(row, apply_parsed(row, values, stats, "decisions"))
        rows.append(row)
    writer.flush()
    for row, decision in zip(rows, parsed.decisions, strict=True):
        _sync_occurrences(row, decision, sections, source)
    _retire(matcher.leftover(), stats, "decisions")
    _link_repeals(rows, parsed.decisions)


def _sync_occurrences(
    row: Decision, decision: ParsedDecision, sections: Sequence[Section], source: SourceInfo
) -> None:
    """Occurrences carry no curation: replace them when they differ."""
    wanted = [
        {
            "section_id": sections[o.section].pk if o.section is not None else None,
            "kap": o.kap,
            "post": o.post,
            "start_line": o.start_line,
            "end_line": o.end_line,
            **_pages(source.text, o.start_line, o.end_line),
        }
        for o in decision.occurrences
    ]
    fields = ["section_id", "kap", "post", "start_line", "end_line", "page_start", "page_end"]
    current = list(row.occurrences.order_by("start_line").values(*fields))
    if current != sorted(wanted, key=lambda o: o["start_line"]):
        row.occurrences.all().delete()
        DecisionOccurrence.objects.bulk_create(
            DecisionOccurrence(decision=row, **values) for values in wanted
        )


def _link_repeals(rows: Sequence[Decision], decisions: Sequence[ParsedDecision]) -> None:
    """Point a repealing decision (Prop. 1 S romertall IX) at the request decisions it names."""
    by_number_date = {
        (row.number, row.date): row for row in rows if row.kind == Decision.Kind.ANMODNINGSVEDTAK
    }
    for row, decision in zip(rows, decisions, strict=True):
        targets = [by_number_date[key] for key in decision.repeals if key in by_number_date]
        if {t.pk for t in targets} != set(row.repeals.values_list("pk", flat=True)):
            row.repeals.set(targets)


def _import_budget_lines(
    document: Document,
    parsed: ParsedDocument,
    sections: Sequence[Section],
    source: SourceInfo,
    stats: ImportStats,
    new: bool,
) -> None:
    existing = (
        {}
        if new
        else {(row.kap, row.post): row for row in document.budget_lines.select_for_update()}
    )
    writer = _Writer(BudgetLine, stats, "budget_lines")
    for position, line in enumerate(parsed.budget_lines):
        key = (line.kap, line.post)
        row = existing.pop(key, None) or BudgetLine(document=document, kap=line.kap, post=line.post)
        values = _budget_values(line, sections) | {"position": position}
        values |= _pages(source.text, line.start_line, line.end_line)
        writer.add(row, apply_parsed(row, values, stats, "budget_lines"))
    writer.flush()
    _retire(existing.values(), stats, "budget_lines")


def _budget_values(line: ParsedBudgetLine, sections: Sequence[Section]) -> dict[str, Any]:
    return {
        "section_id": _pk(sections, line.section),
        "kap_title": line.kap_title,
        "post_title": line.post_title,
        "note": line.note,
        "direction": line.direction,
        "regnskap_nok": line.regnskap_nok,
        "saldert_nok": line.saldert_nok,
        "forslag_nok": line.forslag_nok,
        "endring_pct": line.endring_pct,
        "vedtak_nok": line.vedtak_nok,
        "tildeling_nok": line.tildeling_nok,
        "avvik_nok": line.avvik_nok,
        "vedtak_line": line.vedtak_line,
        "start_line": line.start_line,
        "end_line": line.end_line,
    }


def _document_values(
    parsed: ParsedDocument, source: SourceInfo, source_row: SourceFile
) -> dict[str, Any]:
    return {
        "kind": parsed.kind,
        "title": parsed.title,
        "reference": parsed.reference,
        "publisher": parsed.publisher,
        "published": parsed.published,
        "year": parsed.year,
        "language": parsed.language,
        "summary": parsed.summary,
        "source_id": source_row.pk,
        "source_file": source.name,
        "source_sha256": source.sha256,
        "source_start_line": parsed.start_line,
        "source_end_line": parsed.end_line,
        "parser_version": source.parser_version,
    }


def slug_for(parsed: ParsedDocument, source_row: SourceFile) -> tuple[Document | None, str]:
    """The row this source's document updates (locked) or None for a new one, and its slug.

    Where a document of another file holds the parsed slug, two files hold documents of
    the same title (a note and its revision, two agencies' reports of one name): the new
    one takes the first free ``slug-2``, ``slug-3`` … and keeps it at every re-ingest.
    """
    for number in itertools.count(1):
        slug = parsed.slug if number == 1 else f"{parsed.slug}-{number}"
        document = Document.objects.select_for_update().filter(slug=slug).first()
        if document is None or document.source_id == source_row.pk:
            return document, slug
    raise AssertionError("unreachable")


def document_import(
    *, parsed: ParsedDocument, source: SourceInfo, source_row: SourceFile, stats: ImportStats
) -> Document | None:
    """Write one parsed document and its rows; call inside ``source_import``'s transaction.

    A news item that another file already brought in (listings overlap) stays as that
    file has it: None, noted in ``stats.elsewhere``.
    """
    if not parsed.slug:
        raise ValueError("a parsed document needs a slug before import")
    if parsed.kind == "news":
        held = Document.objects.filter(slug=parsed.slug).exclude(source=source_row).first()
        if held is not None:
            stats.elsewhere.append(f"{parsed.slug} (from {held.source_file})")
            return None
    document, slug = slug_for(parsed, source_row)
    document = document or Document(slug=slug)
    now = timezone.now()
    changed = apply_parsed(
        document, _document_values(parsed, source, source_row), stats, "documents"
    )
    is_new = document.pk is None
    if is_new:
        document.first_imported = now
        if parsed.warnings:
            document.needs_review = True
            document.review_reason = "\n".join(parsed.warnings)[:10_000]
    document.last_imported = now
    document._change_reason = INGEST_REASON
    document.save(update_fields=None if is_new else {*changed, "last_imported"})
    stats.documents["created" if is_new else "updated" if changed else "unchanged"] += 1
    # A document created just now has no rows to read (and lock) yet.
    sections, keys = _import_sections(document, parsed, source, stats, is_new)
    measures = _import_measures(document, parsed, sections, keys, source, stats, is_new)
    _import_decisions(document, parsed, sections, measures, source, stats, is_new)
    _import_budget_lines(document, parsed, sections, source, stats, is_new)
    stats.document_ids.append(document.pk)
    return document


def _extracted_text(source: SourceInfo) -> str:
    """The text read out of a PDF or DOCX (what its line numbers count); a text file is
    its own source."""
    return "\n".join(source.text.lines) if source.format != "text" else ""


def source_import(
    *,
    documents: Sequence[ParsedDocument],
    source: SourceInfo,
    before_commit: Callable[[ImportStats], Any] | None = None,
    on_commit: Callable[[ImportStats], None] | None = None,
) -> ImportStats:
    """Write every document parsed from one file, atomically.

    Documents that came from this file before and are no longer in it (a news item
    taken off the listing) are deleted unless curated, then only flagged.
    ``before_commit`` runs inside the transaction once everything is written (noting the
    change in the index journal), ``on_commit`` after it commits (the index update).
    Two imports that take the same new slug at once (two workers on PostgreSQL, two
    files of one title) cannot both commit: the one that loses runs again and takes the
    next free slug.
    """
    for attempt in range(1, SLUG_RACE_ATTEMPTS + 1):
        try:
            return _source_import_once(documents, source, before_commit, on_commit)
        except IntegrityError as error:
            if "slug" not in str(error) or attempt == SLUG_RACE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")


SLUG_RACE_ATTEMPTS = 3


def _source_import_once(
    documents: Sequence[ParsedDocument],
    source: SourceInfo,
    before_commit: Callable[[ImportStats], Any] | None,
    on_commit: Callable[[ImportStats], None] | None,
) -> ImportStats:
    stats = ImportStats()
    now = timezone.now()
    with transaction.atomic():
        source_row, created = SourceFile.objects.select_for_update().get_or_create(
            name=source.name,
            defaults={
                "sha256": source.sha256,
                "size": source.size,
                "kind": source.kind,
                "parser_version": source.parser_version,
                "page_count": source.page_count,
                "format": source.format,
                "extracted_text": _extracted_text(source),
                "forced_kind": source.forced_kind,
                "manifest": source.manifest,
                "overrides": source.overrides,
                "first_imported": now,
                "last_imported": now,
            },
        )
        if not created:
            source_row.sha256 = source.sha256
            source_row.size = source.size
            source_row.kind = source.kind
            source_row.parser_version = source.parser_version
            source_row.page_count = source.page_count
            source_row.format = source.format
            source_row.extracted_text = _extracted_text(source)
            source_row.forced_kind = source.forced_kind
            source_row.manifest = source.manifest
            source_row.overrides = source.overrides
            source_row.last_imported = now
            source_row.save()
        parsed_slugs: set[str] = set()
        kept: set[str] = set()
        for parsed in documents:
            if parsed.slug in parsed_slugs:
                raise ValueError(f"the source yields two documents with slug {parsed.slug!r}")
            parsed_slugs.add(parsed.slug)
            document = document_import(
                parsed=parsed, source=source, source_row=source_row, stats=stats
            )
            if document is not None:
                kept.add(document.slug)
        gone = source_row.documents.select_for_update().exclude(slug__in=kept)
        _retire(gone, stats, "documents")
        if before_commit is not None:
            before_commit(stats)
        if on_commit is not None:
            transaction.on_commit(partial(on_commit, stats))
    return stats
