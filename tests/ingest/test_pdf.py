"""ingest/pdf/: generated PDFs of each document family parse like their text twins.

The fixtures in ``tests/ingest/pdfs/`` are typeset by ``scripts/make_test_pdfs.py`` from
slices of the seeds (``families.json``); the *text twin* of a PDF is the same slice read
as text. The PDF's blocks, written out in the family's text profile
(``ingest.profiles``), and the twin go through the family parser and are compared field
by field.

Reviewed differences between the parse of a PDF and of its text twin (the comparison
below normalises exactly these and nothing else):

* Line numbers: a PDF line is a whole paragraph, so ``start_line``/``end_line`` and
  warnings that quote line numbers differ; pages are checked instead.
* NBSP: the PDF prints NBSP with the space glyph (reportlab, as Word does), so raw table
  cells such as ``kan\\xa0overføres`` come back with a plain space. Text fields are
  compared whitespace-normalised.
* A table cell that wraps in the PDF (a long vedtak I post title in Prop. 1 S) comes back
  as a cell with a continuation line; the romertall I decision joins cell lines with
  " – ", so its text gains one " – " (``DECISION_TEXT_WRAPS``).
* Blank lines the text exports carry (after the white paper's footnote bodies, between
  the 2024 report's table pieces, a third blank after a Prop. 1 S table) are not in a
  PDF; ``\\t\\t`` becomes ``\\t`` and the `` \\t`` debris of a lost table header ``\\t``.
  None of the parsers' results depend on them.
* The 2017 report's double spaces at line ends collapse to one trailing space.
* The news listing (seed 000) has no PDF: it is a web page, and its parser anchors on the
  HTML card's whitespace (16-space date lines), which no PDF has.

``HELSEDOCS_WHOLE_PDFS=1`` also typesets each *whole* seed (a few hundred pages; needs
reportlab and pyphen) and compares it with the seed the same way.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pytest

from ingest import parsers
from ingest.blocks import FOOTNOTE, TABLE, ReadDocument
from ingest.parsed import ParsedDocument, SourceText
from ingest.pdf import MAX_PAGES, read_pdf
from ingest.pdf.blocks import build_blocks, cell_lines, join_pair
from ingest.pdf.checks import count_pages
from ingest.pdf.columns import Box, find_gutter, reading_groups
from ingest.pdf.layout import analyse
from ingest.pdf.lines import (
    Glyph,
    build_lines,
    glyph_text,
    make_line,
    quarter_turn,
    sideways_lines,
    split_runs,
    split_segments,
)
from ingest.pdf.model import PageContent, PageLine, Region, Segment
from ingest.pdf.pages import extract_pages
from ingest.pdf.tables import unruled_tables, with_sideways
from ingest.profiles import render_profile
from ingest.sources import UnreadableSource
from ingest.text import normalise_space

ROOT = Path(__file__).resolve().parents[2]
PDFS = Path(__file__).resolve().parent / "pdfs"
RECIPES = {
    name: recipe
    for name, recipe in json.loads((PDFS / "families.json").read_text(encoding="utf-8")).items()
    if not name.startswith("_")
}
FAMILIES = tuple(RECIPES)
# The seed export each fixture's family parser reads.
PROFILE = {
    "white_paper": "white_paper",
    "budget_proposition": "proposition",
    "annual_report_2024": "paragraphs",
    "annual_report_2017": "wrapped",
}

# The romertall I decision of the Prop. 1 S fixture: one post title wraps in its cell.
DECISION_TEXT_WRAPS = {("budget_proposition", "romertall-1")}
_LINE_NUMBER = re.compile(r"\blines? \d+(?:[–-]\d+)?")


# --- Reading the fixtures once --------------------------------------------------------------


@cache
def text_twin(family: str) -> SourceText:
    recipe = RECIPES[family]
    lines = (ROOT / "seeds" / recipe["seed"]).read_text(encoding="utf-8").split("\n")
    picked = [line for first, last in recipe["slices"] for line in lines[first - 1 : last]]
    return SourceText.from_text("\n".join(picked), name=f"{family}.txt")


@cache
def pdf_of(family: str) -> ReadDocument:
    return read_pdf((PDFS / f"{family}.pdf").read_bytes(), name=f"{family}.pdf")


@cache
def profiled(family: str) -> SourceText:
    """The PDF's blocks in the text layout of the family's seed export."""
    return render_profile(pdf_of(family), PROFILE[family])


def recognised(source: SourceText) -> str:
    """The first family with an export-text parser (most specific first) that
    recognises the text."""
    return next(
        family.kind
        for family in parsers.FAMILIES
        if family.text_parser and family.load().recognise(source)
    )


def parse_as(source: SourceText, kind: str) -> ParsedDocument:
    family = parsers.FAMILY_BY_KIND[kind]
    documents = getattr(family.load(), family.text_parser)(source)
    assert len(documents) == 1
    return documents[0]


@cache
def parsed(family: str, source_kind: str) -> tuple[str, ParsedDocument]:
    source = text_twin(family) if source_kind == "text" else profiled(family)
    kind = recognised(source)
    return kind, parse_as(source, kind)


@cache
def pdftotext_pages(family: str) -> tuple[str, ...]:
    """poppler's text of each page: an independent witness of what is on which page."""
    result = subprocess.run(
        ["pdftotext", "-q", str(PDFS / f"{family}.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return tuple(normalise_space(page) for page in result.stdout.split("\f"))


def plain(text: str) -> str:
    return normalise_space(text)


# --- What is compared ---------------------------------------------------------------------------


def outline(document: ParsedDocument) -> list[tuple]:
    return [(s.level, s.number, plain(s.title), s.parent, s.kap, s.post) for s in document.sections]


def measures(document: ParsedDocument) -> list[tuple]:
    return [
        (
            m.kind,
            plain(m.title),
            plain(m.text),
            plain(m.description),
            plain(m.comment),
            plain(m.target),
            m.status,
            m.amount_nok,
            m.kap,
            m.post,
            m.to_kap,
            m.to_post,
            m.year,
            m.section,
            m.parent,
        )
        for m in document.measures
    ]


def decisions(document: ParsedDocument, family: str) -> list[tuple]:
    rows = []
    for d in document.decisions:
        wraps = (family, d.key) in DECISION_TEXT_WRAPS
        text = unwrap(d.text) if wraps else plain(d.text)
        items = tuple(unwrap(item) if wraps else plain(item) for item in d.items)
        rows.append(
            (
                d.kind,
                d.key,
                d.session,
                d.number,
                d.date,
                plain(d.title),
                text,
                plain(d.origin),
                plain(d.follow_up),
                d.status,
                d.reporting_closed,
                d.actor,
                d.kap,
                d.post,
                d.amount_nok,
                d.section,
                d.measure,
                items,
                d.repeals,
                len(d.occurrences),
            )
        )
    return rows


def unwrap(text: str) -> str:
    """A decision text whose table cells the decision parser joined with " – ": a cell
    that wraps in the PDF adds one, so all are dropped on both sides."""
    return plain(text).replace(" – ", " ")


def budget_lines(document: ParsedDocument) -> list[tuple]:
    return [
        (
            b.kap,
            b.post,
            plain(b.kap_title),
            plain(b.post_title),
            b.note,
            b.direction,
            b.regnskap_nok,
            b.saldert_nok,
            b.forslag_nok,
            b.endring_pct,
            b.vedtak_nok,
            b.tildeling_nok,
            b.avvik_nok,
            b.section,
        )
        for b in document.budget_lines
    ]


def identity(document: ParsedDocument) -> tuple:
    return (
        document.kind,
        plain(document.title),
        document.reference,
        document.publisher,
        document.published,
        document.year,
        document.language,
    )


def warnings_without_lines(document: ParsedDocument) -> list[str]:
    return [_LINE_NUMBER.sub("line N", warning) for warning in document.warnings]


# --- Each family: the PDF parses like its text twin ------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_is_recognised_as_its_family(family):
    """The PDF's blocks in its profile are recognised as the same kind as its text twin."""
    assert parsed(family, "pdf")[0] == parsed(family, "text")[0] == RECIPES[family]["kind"]


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_has_the_same_identity(family):
    """Title, reference, publisher, dates and language come out the same."""
    assert identity(parsed(family, "pdf")[1]) == identity(parsed(family, "text")[1])


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_has_the_same_outline(family):
    """Section titles, numbers, levels and nesting are those of the text twin."""
    text, pdf = parsed(family, "text")[1], parsed(family, "pdf")[1]
    assert outline(text), "the slice must hold sections to compare"
    assert outline(pdf) == outline(text)


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_has_the_same_measures(family):
    """Every measure, with its kind, texts, status, amount and kap/post."""
    assert measures(parsed(family, "pdf")[1]) == measures(parsed(family, "text")[1])


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_has_the_same_decisions(family):
    """Every decision (request decisions, romertall, sentences), field by field."""
    text, pdf = parsed(family, "text")[1], parsed(family, "pdf")[1]
    assert decisions(pdf, family) == decisions(text, family)


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_has_the_same_budget_lines(family):
    """Budget lines read from the PDF's ruled tables carry the same amounts."""
    assert budget_lines(parsed(family, "pdf")[1]) == budget_lines(parsed(family, "text")[1])


@pytest.mark.parametrize("family", FAMILIES)
def test_pdf_raises_the_same_parser_warnings(family):
    """The parser is unsure of the same things (line numbers aside)."""
    text, pdf = parsed(family, "text")[1], parsed(family, "pdf")[1]
    assert warnings_without_lines(pdf) == warnings_without_lines(text)


def test_fixtures_exercise_every_row_type():
    """Between them the fixtures hold measures, decisions and budget lines of every family
    that has them (so the comparisons above compare something)."""
    counts = {
        family: (
            len(parsed(family, "text")[1].measures),
            len(parsed(family, "text")[1].decisions),
            len(parsed(family, "text")[1].budget_lines),
        )
        for family in FAMILIES
    }
    assert all(m > 0 and d > 0 for m, d, _ in counts.values())
    assert all(counts[f][2] > 0 for f in ("budget_proposition", "annual_report_2024"))
    assert counts["annual_report_2017"][2] > 0


def compare(text: ParsedDocument, pdf: ParsedDocument, family: str) -> None:
    assert identity(pdf) == identity(text)
    assert outline(pdf) == outline(text)
    assert measures(pdf) == measures(text)
    assert decisions(pdf, family) == decisions(text, family)
    assert budget_lines(pdf) == budget_lines(text)
    assert warnings_without_lines(pdf) == warnings_without_lines(text)


def load_generator():
    spec = importlib.util.spec_from_file_location(
        "make_test_pdfs", ROOT / "scripts" / "make_test_pdfs.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # typesets the four whole seeds (about a minute)
@pytest.mark.parametrize("family", FAMILIES)
def test_whole_seed_as_pdf_parses_like_the_seed(family, tmp_path):
    """The whole seed, typeset and read back, parses as the seed does."""
    path = load_generator().render_whole(family, tmp_path / f"{family}.pdf")
    recipe = RECIPES[family]
    seed = (ROOT / "seeds" / recipe["seed"]).read_text(encoding="utf-8")
    text = parse_as(SourceText.from_text(seed, name=recipe["seed"]), recipe["kind"])
    doc = read_pdf(path.read_bytes(), name=path.name)
    pdf = parse_as(render_profile(doc, PROFILE[family]), recipe["kind"])
    compare(text, pdf, family)


# --- Pages ---------------------------------------------------------------------------------------


def page_ranges(document: ParsedDocument, source: SourceText) -> list[tuple[str, int, int]]:
    rows = [
        *(("section", s.start_line, s.end_line) for s in document.sections),
        *(("measure", m.start_line, m.end_line) for m in document.measures),
        *(("decision", d.start_line, d.end_line) for d in document.decisions),
        *(("budget line", b.start_line, b.end_line) for b in document.budget_lines),
    ]
    return [(what, *source.page_range(start, end)) for what, start, end in rows]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_row_has_a_page_range(family):
    """Sections, measures, decisions and budget lines all map to pages of the PDF."""
    source = profiled(family)
    assert len(source.pages) == len(source.lines)
    for what, first, last in page_ranges(parsed(family, "pdf")[1], source):
        assert first is not None and last is not None, what
        assert 1 <= first <= last <= pdf_of(family).page_count, (what, first, last)


@pytest.mark.parametrize("family", FAMILIES)
def test_pages_follow_the_document_order(family):
    """Line pages never go back: the stream reads the pages in order."""
    pages = profiled(family).pages
    assert list(pages) == sorted(pages)
    assert pages[0] == 1


def first_word(text: str) -> str:
    words = [word for word in re.findall(r"[^\W\d_]{4,}", text)]
    return words[0] if words else ""


# poppler-utils comes with `make test` (scripts/system-deps.sh test).
@pytest.mark.parametrize("family", FAMILIES)
def test_a_row_starts_on_the_page_that_prints_it(family):
    """poppler finds each measure's and budget line's first word on the page the reader
    gives as the row's first page, and each section's title within its page range (the
    2017 report's misplaced chapter headings come after their sections' first lines)."""
    document = parsed(family, "pdf")[1]
    source = profiled(family)
    pages = pdftotext_pages(family)
    rows = [
        *((m.title, m.start_line, m.start_line) for m in document.measures),
        *((b.post_title, b.start_line, b.start_line) for b in document.budget_lines),
        *((s.title, s.start_line, s.end_line) for s in document.sections),
    ]
    checked = 0
    for title, start, end in rows:
        word = first_word(title)
        if not word:
            continue
        first, last = source.page_range(start, end)
        assert any(word in pages[page - 1] for page in range(first, last + 1)), (title, first)
        checked += 1
    assert checked >= 10


# --- Running headers, footers, page numbers, hyphenation -------------------------------------------


def nonblank(lines) -> list[str]:
    return [plain(line) for line in lines if plain(line)]


def test_white_paper_lines_are_the_text_lines():
    """The white paper comes back line for line: no running header, footer or page number
    was left in, no hyphen or footnote mark either (the text's footnote markup aside)."""
    text = [
        re.sub(r"\[footnoteRef:\d+\]|\[\d+: .*?\]", "", line)
        for line in text_twin("white_paper").lines
    ]
    assert nonblank(profiled("white_paper").lines) == nonblank(text)


@pytest.mark.parametrize("family", FAMILIES)
def test_running_headers_and_page_numbers_are_gone(family):
    """No running header is left, and no bare number the text twin does not have."""
    header = plain(" ".join(RECIPES[family]["header"]).replace("{page}", ""))
    lines = nonblank(profiled(family).lines)
    if family != "annual_report_2017":
        assert not any(header in line for line in lines)
    twin_numbers = {line for line in nonblank(text_twin(family).lines) if line.isdigit()}
    assert {line for line in lines if line.isdigit()} <= twin_numbers
    assert pdf_of(family).running, "the running lines are reported"


def test_wrapped_profile_keeps_one_footer_for_its_parser():
    """The 2017 report keeps a single copy of its footer, as the last line: its parser
    knows the report and its year only from it."""
    lines = profiled("annual_report_2017").lines
    footers = [line for line in lines if "ÅRSRAPPORT 2017 Side" in line]
    assert footers == [lines[-1]]
    assert pdf_of("annual_report_2017").running[-1] == lines[-1]


@dataclass(frozen=True)
class Break:
    page: int
    head: str  # the word part before the hyphen
    tail: str  # the first word of the next printed line


@cache
def body_lines(family: str) -> tuple[tuple[int, str], ...]:
    """(page, text) of every printed body line: running lines and footnotes left out."""
    data = (PDFS / f"{family}.pdf").read_bytes()
    pages = extract_pages(data, count_pages(data, max_pages=MAX_PAGES), workers=1)
    layout = analyse(pages)
    return tuple(
        (page.number, line.text)
        for page in pages
        for index, line in enumerate(page.lines)
        if (page.number, index) not in layout.removed
    )


def hyphen_breaks(family: str, *, across_pages: bool) -> list[Break]:
    """Line-end hyphens between lower-case letters in the printed body text."""
    body = body_lines(family)
    breaks = []
    for (page, text), (next_page, following) in zip(body, body[1:], strict=False):
        if (next_page != page) != across_pages:
            continue
        match = re.search(r"([a-zæøå]+)-$", text)
        tail = re.match(r"([a-zæøå]+)", following)
        if match and tail:
            breaks.append(Break(page, match.group(1), tail.group(1)))
    return breaks


@pytest.mark.parametrize("across_pages", [False, True], ids=["in a page", "across pages"])
@pytest.mark.parametrize("family", ["white_paper", "budget_proposition", "annual_report_2024"])
def test_hyphenated_words_are_joined(family, across_pages):
    """A word the typesetter broke at a line (or page) end is whole again, spelt as the
    text twin spells it, and no broken half is left at a line end."""
    breaks = hyphen_breaks(family, across_pages=across_pages)
    assert breaks, "the fixture must hyphenate"
    stream = "\n".join(profiled(family).lines)
    twin = "\n".join(text_twin(family).lines)
    for found in breaks:
        joined, kept = found.head + found.tail, f"{found.head}-{found.tail}"
        if found.tail in ("og", "eller"):
            spelt = f"{found.head}- {found.tail}"  # a suspended compound: "helse- og"
        else:
            spelt = kept if kept in twin and joined not in twin else joined
        assert spelt in stream, found
        assert f"{found.head}-\n" not in stream, found


def test_suspended_compound_keeps_its_hyphen_and_space():
    """ "Helse-" at a line end followed by "og …" stays "Helse- og"."""
    words = analyse([]).words
    assert join_pair("for Helse-", "og omsorgsdepartementet", words) == (
        "for Helse- og omsorgsdepartementet"
    )
    assert join_pair("kvalitets-", "arbeid i", words) == "kvalitetsarbeid i"
    assert join_pair("ISF-", "ordningen", words) == "ISF-ordningen"


def test_footnotes_leave_the_text_and_are_kept():
    """The white paper's footnote bodies are footnote blocks with their numbers, and not
    in the profile's text."""
    pdf = pdf_of("white_paper")
    bodies = {
        number: plain(body)
        for line in text_twin("white_paper").lines
        for number, body in re.findall(r"\[(\d+): (.*?)\]", line)
    }
    found = {note.label: plain(note.text) for note in pdf.blocks if note.kind == FOOTNOTE}
    assert bodies and found == bodies
    lines = set(nonblank(profiled("white_paper").lines))
    assert not any(body in lines for body in bodies.values())


def test_headings_are_reported_with_levels():
    """Headings keep a line of their own; their type size gives their level."""
    pdf = pdf_of("budget_proposition")
    headings = {(h.level, h.text) for h in pdf.headings()}
    assert (1, "Innledende del") in headings
    assert any(text == "Kap. 700 Helse- og omsorgsdepartementet" for _, text in headings)
    for heading in pdf.headings():
        assert pdf.source.lines[heading.start_line - 1] == heading.text


def test_tables_are_read_by_cell_and_written_as_tab_cells():
    """A ruled table is a table block of cells (a TAB row per line in the stored text);
    the Prop. 1 S profile writes it as TAB cells, one row per blank-separated group."""
    pdf = pdf_of("budget_proposition")
    kap_700 = next(
        t
        for t in pdf.blocks
        if t.kind == TABLE and any("Sum kap. 700" in cell for row in t.rows for cell in row)
    )
    row = ("01", "Driftsutgifter", "282 495", "299 351", "323 186")
    assert row in kap_700.rows
    assert "\t".join(row) in pdf.source.lines[kap_700.start_line - 1 : kap_700.end_line]
    lines = profiled("budget_proposition").lines
    assert "\t01" in lines and "\tDriftsutgifter" in lines


# --- Speed-ups give the same result --------------------------------------------------------------


def test_fast_path_reads_like_pdfplumber():
    """The pdfminer path and pdfplumber's object dicts give the very same text."""
    data = (PDFS / "white_paper.pdf").read_bytes()
    fast = read_pdf(data, name="w.pdf", workers=1, fast=True)
    slow = read_pdf(data, name="w.pdf", workers=1, fast=False)
    assert fast == slow


def test_process_pool_reads_like_one_process():
    """Pages read in parallel come back in order and identical."""
    data = (PDFS / "budget_proposition.pdf").read_bytes()
    assert read_pdf(data, name="b.pdf", workers=2) == read_pdf(data, name="b.pdf", workers=1)


# --- Nasty PDFs: a clear one-line error, or a warning and nothing lost -------------------------------


def read_fixture(name: str, **options) -> ReadDocument:
    return read_pdf((PDFS / name).read_bytes(), name=name, **options)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_pdf.pdf", "not a PDF: the file is an HTML page"),
        ("truncated.pdf", "the PDF is truncated"),
        ("encrypted.pdf", "the PDF is encrypted with a password"),
        ("zero_pages.pdf", "the PDF has no pages"),
        ("scanned_only.pdf", "no text layer (scanned images?); OCR is not supported"),
        ("many_pages.pdf", "the PDF has 5,000 pages, more than the limit of 3,000"),
    ],
)
def test_unreadable_pdf_raises_one_clear_line(name, message):
    with pytest.raises(UnreadableSource) as raised:
        read_fixture(name)
    text = str(raised.value)
    assert message in text
    assert "\n" not in text and len(text) < 200


def test_empty_file_and_other_formats_are_named():
    """A file that is no PDF says what it looks like."""
    with pytest.raises(UnreadableSource, match="the file is empty"):
        read_pdf(b"", name="empty.pdf")
    with pytest.raises(UnreadableSource, match="a ZIP archive"):
        read_pdf(b"PK\x03\x04rest of a docx", name="report.pdf")
    with pytest.raises(UnreadableSource, match="text starting 'Årsrapport 2024"):
        read_pdf("Årsrapport 2024\nRapport\n".encode(), name="report.pdf")


def blank_pdf() -> bytes:
    """A valid one-page PDF whose page draws nothing."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_pdf_of_blank_pages_has_no_text():
    """Blank pages (no text, no images) are no scan: the message says so."""
    with pytest.raises(UnreadableSource, match="^the PDF has no text on any page$"):
        read_pdf(blank_pdf(), name="blank.pdf")


def test_page_limit_is_a_parameter():
    """The same three-page PDF is refused under a two-page limit."""
    with pytest.raises(UnreadableSource, match="3 pages, more than the limit of 2"):
        read_fixture("damaged_page.pdf", max_pages=2)


def assert_pages_1_and_3_kept(pdf: ReadDocument) -> None:
    stream = "\n".join(pdf.source.lines)
    assert "Side 1 av testdokumentet" in stream and "Side 3 av testdokumentet" in stream
    assert "Side 2 av testdokumentet" not in stream
    assert set(pdf.source.pages) == {1, 3}
    assert pdf.page_count == 3


def test_scanned_page_is_a_warning_naming_it():
    """A page that is only an image: the warning names it and says OCR is not supported;
    the pages around it are read."""
    pdf = read_fixture("scanned_page.pdf")
    assert pdf.warnings == (
        "no text layer on page 2 (scanned images?); OCR is not supported, so its text is missing",
    )
    assert_pages_1_and_3_kept(pdf)


def test_page_that_fails_to_parse_is_noticed(caplog):
    """pdfplumber returns the page empty and pdfminer only logs; the reader warns, naming
    the page, and keeps the others."""
    with caplog.at_level(logging.WARNING, logger="pdfminer"):
        pdf = read_fixture("damaged_page.pdf")
    assert any(record.name.startswith("pdfminer") for record in caplog.records)
    assert pdf.warnings == (
        "page 2 could not be read (its content stream is missing); its text is missing",
    )
    assert_pages_1_and_3_kept(pdf)


def test_page_with_garbled_stream_is_noticed():
    """A content stream that decodes to nothing (pdfminer says nothing) is noticed too."""
    pdf = read_fixture("garbled_page.pdf")
    assert pdf.warnings == (
        "page 2 could not be read (its content stream is damaged); its text is missing",
    )
    assert_pages_1_and_3_kept(pdf)


def test_fixtures_stay_small():
    """Checked-in fixtures stay well under 1 MB each and about 5 MB together."""
    sizes = [path.stat().st_size for path in PDFS.glob("*.pdf")]
    assert max(sizes) < 400_000
    assert sum(sizes) < 5_000_000


# --- The file readers read a PDF with this reader ----------------------------------------------------


def test_a_pdf_file_is_read_by_the_pdf_reader():
    """``ingest.readers.read_document`` gives the PDF's blocks, text, pages and page count."""
    from ingest.readers import read_document
    from ingest.sources import read_raw

    read = read_document(read_raw(PDFS / "white_paper.pdf"))
    assert read.format == "pdf"
    assert read == pdf_of("white_paper")


# --- Tables set without rulings ---------------------------------------------------------------------


def printed_line(top: float, *cells: tuple[float, str], size: float = 10.0) -> PageLine:
    segments = tuple(Segment(x, x + 6 * len(text), text) for x, text in cells)
    return PageLine(
        top=top,
        bottom=top + size,
        baseline=top + 0.8 * size,
        x0=segments[0].x0,
        x1=segments[-1].x1,
        size=size,
        bold=False,
        segments=segments,
    )


def test_table_without_rulings_is_read_by_row_and_a_wrapped_row_stays_one():
    """Lines split by tab stops into three cells are a table's rows; a line close below a
    row with text in its first column only is that row wrapping; dot leaders go."""
    lines = [
        printed_line(100, (50, "Post"), (250, "2025"), (350, "2026")),
        printed_line(112, (50, "Driftsutgifter ......"), (250, "282 495"), (350, "299 351")),
        printed_line(124, (50, "Spesielle driftsutgifter,"), (250, "1 200"), (350, "1 300")),
        printed_line(134, (50, "kan overføres")),
        printed_line(146, (50, "Sum"), (250, "283 695"), (350, "300 651")),
        printed_line(170, (50, "Teksten går videre under tabellen.")),
    ]
    [(first, last, table)] = unruled_tables(lines)
    assert (first, last) == (0, 4)
    assert table.rows == (
        ("Post", "2025", "2026"),
        ("Driftsutgifter", "282 495", "299 351"),
        ("Spesielle driftsutgifter,\nkan overføres", "1 200", "1 300"),
        ("Sum", "283 695", "300 651"),
    )


def test_table_header_over_several_lines_is_one_row_read_cell_by_cell():
    """A header set over three lines above rows set further apart (the header's last
    line and a line above it with one cell, the lines of each cell bottom-aligned) is
    one row, each cell its own lines top to bottom; a title over the last two columns
    heads the first of them. The caption, further above and wider, stays out."""
    lines = [
        printed_line(60, (50, "Tabell 1.3 Det strukturelle budsjettoverskuddet. Mill. kroner")),
        printed_line(80, (150, "Overføringer"), (300, "Strukturelt overskudd")),
        printed_line(92, (150, "fra banken"), (300, "Mill. kr"), (380, "Prosent")),
        printed_line(104, (100, "Olje-"), (150, "(B)"), (300, "(F)"), (380, "av BNP")),
        printed_line(
            120, (50, "2000"), (100, "-7 943"), (150, "1 281"), (300, "-14 071"), (380, "-1,2")
        ),
        printed_line(
            136, (50, "2001"), (100, "-1 640"), (150, "2 514"), (300, "-15 473"), (380, "-1,3")
        ),
        printed_line(
            152, (50, "2002"), (100, "-62 392"), (150, "-8 342"), (300, "-30 325"), (380, "-2,4")
        ),
    ]
    [(first, last, table)] = unruled_tables(lines)
    assert (first, last) == (1, 6)
    assert table.rows == (
        (
            "",
            "Olje-",
            "Overføringer\nfra banken\n(B)",
            "Strukturelt overskudd\nMill. kr\n(F)",
            "Prosent\nav BNP",
        ),
        ("2000", "-7 943", "1 281", "-14 071", "-1,2"),
        ("2001", "-1 640", "2 514", "-15 473", "-1,3"),
        ("2002", "-62 392", "-8 342", "-30 325", "-2,4"),
    )


def test_table_label_that_wraps_above_its_figures_is_one_row():
    """Rows set apart, each label wrapping over lines set close together with the
    figures on its last line (after dot leaders): one row per label. A row's last
    cells set as a line of their own on its baseline (past the page's text edge) are
    still that row's cells."""
    lines = [
        printed_line(100, (50, "Saldert"), (250, "Endring"), (350, "Revidert")),
        printed_line(120, (50, "A. Inntekter utenom petroleums-")),
        printed_line(132, (60, "inntekter ........"), (250, "1 577 359"), (350, "3 947")),
        printed_line(150, (60, "Renteinntekter ....."), (250, "47 087"), (350, "-2 197")),
        printed_line(168, (50, "B. Utgifter utenom petroleums-")),
        printed_line(180, (60, "virksomhet ......."), (250, "2 023 203")),
        printed_line(180, (350, "51 841")),
        printed_line(198, (60, "Renteutgifter ......"), (250, "18 300"), (350, "574")),
    ]
    [(first, last, table)] = unruled_tables(lines)
    assert (first, last) == (0, 7)
    assert table.rows == (
        ("Saldert", "Endring", "Revidert"),
        ("A. Inntekter utenom petroleums-\ninntekter", "1 577 359", "3 947"),
        ("Renteinntekter", "47 087", "-2 197"),
        ("B. Utgifter utenom petroleums-\nvirksomhet", "2 023 203", "51 841"),
        ("Renteutgifter", "18 300", "574"),
    )


def test_a_word_broken_over_a_table_cells_lines_is_whole_where_the_document_spells_it():
    """A cell keeps its printed lines, but a word broken over two of them is whole,
    decided by how the document prints it elsewhere; a break it does not decide (a
    label wrapped at a hyphen that stands in the text) stays."""
    words = Counter({"petroleumsinntekter": 3, "fastlands-norge": 2})
    assert cell_lines("A. Inntekter utenom petroleums-\ninntekter", words) == (
        "A. Inntekter utenom petroleumsinntekter"
    )
    assert cell_lines("Prosent av\nFastlands-\nNorge", words) == "Prosent av\nFastlands-Norge"
    assert cell_lines("Forsknings-\nutredningsaktiviteter og", words) == (
        "Forsknings-\nutredningsaktiviteter og"
    )


def test_table_cells_set_closer_than_a_tab_stop_stay_apart():
    """A table's columns set so evenly that a line of its header looks like a justified
    line (one segment over three columns): its cells, cut at every gap of half an em,
    still fall into their columns."""
    header = replace(
        printed_line(100, (50, "Post"), (150, "kapitalen underskudd kapitalen")),
        cells=(
            Segment(50, 74, "Post"),
            Segment(150, 204, "kapitalen"),
            Segment(214, 280, "underskudd"),
            Segment(290, 344, "kapitalen"),
        ),
    )
    rows = [
        printed_line(
            118 + 18 * row, (50, str(2000 + row)), (170, "1,5"), (250, "2,5"), (320, "3,5")
        )
        for row in range(3)
    ]
    [(_, _, table)] = unruled_tables([header, *rows])
    assert table.rows[0] == ("Post", "kapitalen", "underskudd", "kapitalen")


# --- Footnotes ------------------------------------------------------------------------------------


def test_a_bold_run_in_title_that_breaks_a_word_goes_on_in_the_next_line():
    """A numbered item's bold title broken at "ekstra-" goes on in a line of mostly
    regular text, set in under the number: one paragraph, the word whole. A bold line
    that breaks no word stays apart from the regular text under it."""
    body = [printed_line(300 + 12 * row, (50, "Brødtekst " * 6)) for row in range(20)]
    item = [
        replace(printed_line(100, (50, "1. Vurdering av om det er behov for ekstra-")), bold=True),
        printed_line(112, (66, "ordinære tiltak: Det innebærer å få klarhet")),
        printed_line(124, (66, "i hvilket problem som skal løses.")),
        replace(printed_line(148, (50, "En mellomtittel uten brudd")), bold=True),
        printed_line(160, (50, "og tekst under den.")),
    ]
    page = PageContent(number=1, width=595.0, height=842.0, lines=(*item, *body))
    blocks = build_blocks([page], analyse([page]), {})
    assert [block.text for block in blocks[:3]] == [
        "1. Vurdering av om det er behov for ekstraordinære tiltak: Det innebærer å få "
        "klarhet i hvilket problem som skal løses.",
        "En mellomtittel uten brudd",
        "og tekst under den.",
    ]


def test_footnotes_set_in_columns_read_column_by_column():
    """A footnote area under two columns holds two columns of notes: the left column's
    notes come first, each whole, then the right column's (not line across line). A
    mark set apart, just left of its note's first line, opens that note."""
    body = [printed_line(100 + 12 * row, (50, "Brødtekst " * 6)) for row in range(20)]
    notes = [
        printed_line(600, (50, "1 Den første noten begynner her"), size=8.0),
        printed_line(610, (50, "og går videre i venstre spalte."), size=8.0),
        replace(printed_line(599, (290, "2"), size=5.0), column=1),
        replace(printed_line(600, (300, "Den andre noten står i"), size=8.0), column=1),
        replace(printed_line(610, (300, "høyre spalte, hel."), size=8.0), column=1),
    ]
    page = PageContent(
        number=1,
        width=595.0,
        height=842.0,
        lines=(*body, *notes),
        rules=(Region(590.0, 590.5, 50.0, 120.0),),
    )
    layout = analyse([page])
    assert [(note.number, note.lines) for note in layout.footnotes] == [
        ("1", ("Den første noten begynner her", "og går videre i venstre spalte.")),
        ("2", ("Den andre noten står i", "høyre spalte, hel.")),
    ]


# --- Glyphs ---------------------------------------------------------------------------------------


def test_a_ligature_glyph_reads_as_its_letters_and_a_soft_hyphen_as_a_hyphen():
    """One glyph for "fi", "fl", "ff", "ffi", "ffl" reads as those letters, a drawn soft
    hyphen as a hyphen; other text is left as it is."""
    assert glyph_text("\ufb01") == "fi"
    assert glyph_text("\ufb02") == "fl"
    assert glyph_text("\ufb00") == "ff"
    assert glyph_text("\ufb03") == "ffi"
    assert glyph_text("\ufb04") == "ffl"
    assert glyph_text("\xad") == "-"
    assert glyph_text("æ") == "æ"


def test_a_dingbat_fonts_picture_reads_as_a_bullet():
    """A dingbat font's glyph whose code is a letter, a cent sign or a private-use code
    (InDesign's "h" for Wingdings3's square, Word's U+F0A7) shows a picture: it reads as
    a bullet. A code that names a picture (Zapf Dingbats' square as U+25A0) stays, and
    a letter in any other font is a letter."""
    assert glyph_text("h", "EWVNYY+Wingdings3") == "\u2022"
    assert glyph_text("\xa2", "Wingdings2") == "\u2022"
    assert glyph_text("\uf0a7", "Wingdings-Regular") == "\u2022"
    assert glyph_text("\u25a0", "ZapfDingbats") == "\u25a0"
    assert glyph_text(" ", "Wingdings3") == " "
    assert glyph_text("h", "WarnockPro-Regular") == "h"


def test_text_turned_a_quarter_reads_in_its_own_direction():
    """A stamp set sideways in a margin (turned left, reading upward, as arXiv's; or
    turned right, reading downward) is one line per x-position, its words apart where
    the glyphs leave a gap; an upright or a slanted matrix is no quarter turn."""
    assert quarter_turn((0.0, 5.0, -5.0, 0.0, 22.0, 18.0)) == 1
    assert quarter_turn((0.0, -1.0, 1.0, 0.0, 0.0, 0.0)) == -1
    assert quarter_turn((1.0, 0.0, 0.0, 1.0, 0.0, 0.0)) == 0
    assert quarter_turn((0.7, 0.7, -0.7, 0.7, 0.0, 0.0)) == 0

    def stack(text: str, x: float, turned: int) -> list[Glyph]:
        glyphs, y = [], 700.0
        for letter in text:
            if letter != " ":  # a word space is a gap of one letter
                top, bottom = (y - 5, y) if turned > 0 else (800 - y, 805 - y)
                glyphs.append(
                    Glyph(letter, "Serif", 10.0, x, x + 10, top, bottom, 0.0, turned=turned)
                )
            y -= 5
        return glyphs

    lines = sideways_lines(stack("arXiv v1 [cs]", 20.0, 1) + stack("down here", 560.0, -1))
    assert [line.text for line in lines] == ["arXiv v1 [cs]", "down here"]


def test_text_turned_in_a_table_cell_is_the_cells_text():
    """A row label set sideways in a table's first cell is that cell's text, its lines
    left to right; a turned glyph outside the cell is not."""
    label = [
        Glyph(letter, "Serif", 8.0, x, x + 8, 200 - 5 * i, 205 - 5 * i, 0.0, turned=1)
        for x, word in ((20.0, "Causes"), (30.0, "rares"))
        for i, letter in enumerate(word)
    ]
    outside = [Glyph("x", "Serif", 8.0, 300, 308, 190, 195, 0.0, turned=1)]
    assert with_sideways("", (10, 150, 50, 250), label + outside) == "Causes\nrares"
    assert with_sideways("upright", (10, 150, 50, 250), outside) == "upright"


def test_a_drawn_space_kerned_away_is_no_word_space():
    """issue-71 draws a space after each "fi" ligature and kerns it back, so "n" starts
    where "fi" ends: the page shows "définir", one word. A drawn space with room of its
    own stays a word space, also beside a mark glued on from the line above."""

    def glyph(text: str, x0: float, x1: float, size: float = 10.0, top: float = 100.0):
        return Glyph(text, "Serif", size, x0, x1, top, top + size, top + size)

    kerned = [
        glyph("d", 164.6, 170.7),
        glyph("é", 170.7, 176.2),
        glyph("fi", 176.2, 181.2),
        glyph(" ", 178.8, 181.6),
        glyph("n", 181.3, 186.9),
    ]
    assert [segment.text for segment in split_segments(kerned, 10.0)] == ["défin"]
    spaced = [
        glyph("r", 282.1, 285.1),
        glyph("", 285.0, 287.9, size=5.0),  # a subscript of the line above, as a mark
        glyph(" ", 285.1, 287.6),
        glyph("c", 287.6, 292.1),
    ]
    assert [segment.text for segment in split_segments(spaced, 10.0)] == ["r c"]


def test_a_subscript_stays_in_its_line_not_the_next_one():
    """issue-71 sets "HCO3" and "UNa + UK" with subscripts that hang so low they touch
    the top of the next line (tight leading). A subscript reads in its own line, right
    after its letters; the next line keeps its own words and no mark."""

    def glyphs(text: str, x: float, top: float, size: float) -> list[Glyph]:
        width = 0.5 * size
        return [
            Glyph(
                letter,
                "Sans",
                size,
                x + width * i,
                x + width * (i + 1),
                top,
                top + size,
                top + 0.8 * size,
            )
            for i, letter in enumerate(text)
        ]

    upper = glyphs("TAu = U", 100.0, 100.0, 9.0) + glyphs(" + U", 136.0, 100.0, 9.0)
    subscripts = glyphs("Na", 131.5, 106.0, 5.0) + glyphs("K", 154.0, 106.0, 5.0)
    lower = glyphs("rente de plus", 100.0, 111.5, 9.0)
    lines, _ = build_lines(upper + subscripts + lower)
    assert [line.text for line in lines] == ["TAu = UNa + UK", "rente de plus"]
    assert lines[1].marks == ()


def row_glyphs(words: list[tuple[float, str]], size: float = 10.0) -> list[Glyph]:
    """Glyphs of one row: each word from its x, each letter 5 points wide."""
    glyphs = []
    for x, word in words:
        for i, letter in enumerate(word):
            x0 = x + 5 * i
            glyphs.append(Glyph(letter, "Serif", size, x0, x0 + 5, 100, 110, 110))
    return glyphs


def words_at(start: float, gap: float, words: list[str]) -> list[tuple[float, str]]:
    placed = []
    for word in words:
        placed.append((start, word))
        start += 5 * len(word) + gap
    return placed


def test_a_justified_lines_wide_word_spaces_are_no_tab_stops():
    """A loosely justified line stretches every word space alike, here to a whole em
    (wider than a tab stop's minimum): it stays one run and one segment. Beside it, across
    a gutter twice as wide, the other column's line is a run of its own; a table's cells
    set three ems apart stay cells even where two gaps are alike."""
    left = words_at(58, 10.0, ["med", "2005.", "Virksomheter", "med", "kvotepliktige"])
    right = words_at(58 + 230 + 20, 4.0, ["for", "perioden", "Etter"])
    justified = row_glyphs(left)
    assert [len(run.glyphs) for run in split_runs(justified, 0)] == [len(justified)]
    (segment,) = split_segments(justified, 10.0)
    assert segment.text == "med 2005. Virksomheter med kvotepliktige"

    row = row_glyphs(left + right)
    runs = split_runs(row, 0)
    assert ["".join(g.text for g in run.glyphs) for run in runs] == [
        "med2005.Virksomhetermedkvotepliktige",
        "forperiodenEtter",
    ]
    cells = row_glyphs(words_at(60, 30.0, ["Sysselsatte", "68,1", "68,9"]))
    assert [s.text for s in split_segments(cells, 10.0)] == ["Sysselsatte", "68,1", "68,9"]


def test_a_line_with_tab_stops_keeps_its_cells_where_its_gaps_look_stretched():
    """A table header's line: a tab stop, then three words set 1.3 em apart alike, as
    a justified line's spaces can be. The words stay one segment, but the line keeps
    its cells, cut at every gap of half an em, for a table to read."""
    glyphs = row_glyphs(words_at(50, 0, ["Post"]) + words_at(150, 13.0, ["kap", "und", "kap"]))
    line = make_line(glyphs)
    assert [s.text for s in line.segments] == ["Post", "kap und kap"]
    assert [s.text for s in line.cells] == ["Post", "kap", "und", "kap"]
    plain = make_line(row_glyphs(words_at(50, 3.0, ["kap", "und", "kap"])))
    assert plain.cells == ()


def column_lines(x0: float, x1: float, tops: list[float], chars: int) -> list[Box]:
    return [Box(x0, x1, top, top + 10, chars, ("line", x0, top)) for top in tops]


def test_two_long_lines_beside_a_column_make_a_column_of_their_own():
    """Two columns in a box where the right one ends after two long lines (and a short
    last one), or a chart's legend beside a column: still two columns. A table's amounts
    beside the same labels are no column."""
    left = column_lines(67, 289, [113, 126, 139, 152], 45)
    right = column_lines(307, 528, [113, 126], 45) + column_lines(307, 330, [139], 5)
    gutter = find_gutter(left + right)
    assert gutter is not None and 289 <= gutter <= 307
    amounts = column_lines(400, 430, [113, 126, 139, 152], 5)
    assert find_gutter(left + amounts) is None
    one_line = column_lines(307, 528, [113], 45) + column_lines(307, 330, [126, 139], 5)
    assert find_gutter(left + one_line) is None


def test_a_centred_title_above_two_short_columns_spans_their_gutter():
    """A box's title centred above two columns of four lines (more characters than the
    gutter may hold): the title reads first, then the left column, then the right one,
    not line across line."""
    title = [Box(168, 428, 95, 105, 50, ("title",))]
    left = column_lines(67, 289, [113, 126, 139, 152], 45)
    right = column_lines(307, 528, [113, 126, 139], 45) + column_lines(307, 333, [152], 5)
    groups = reading_groups(title + left + right)
    assert [[box.key for box in group] for group in groups] == [
        [("title",)],
        [box.key for box in left],
        [box.key for box in right],
    ]


def test_a_charts_labels_below_two_short_columns_read_after_them():
    """A box's two columns (four lines and two) above a chart across the box: the axis
    values and years stand on both sides of the columns' gutter, below a white gap.
    The left column reads, then the right one, then the chart's labels: no half of the
    chart reads on into a column."""
    left = column_lines(67, 289, [113, 126, 139, 152], 45)
    right = column_lines(307, 528, [113, 126], 45)
    axes = column_lines(80, 88, [192, 211, 229, 247], 2) + column_lines(
        507, 516, [192, 211, 229, 247], 2
    )
    years = [Box(x, x + 20, 353, 362, 4, ("year", x)) for x in (155, 240, 317, 407, 490)]
    groups = reading_groups(left + right + axes + years)
    assert groups[0] == left
    assert groups[1] == right
    assert {box.key for group in groups[2:] for box in group} == {box.key for box in axes + years}


def test_two_captions_side_by_side_under_a_figure_read_one_after_the_other():
    """Two captions of four short lines, centred side by side under a figure whose
    labels stand above them across their gutter: the left caption reads whole, then
    the right one, not line across line; the text below reads after both."""
    labels = [
        Box(x, x + 60, y, y + 9, 7, ("label", x, y))
        for x in (206, 250, 334)
        for y in (223, 260, 296)
    ]
    left = column_lines(178, 266, [323, 333, 343, 353], 22)
    right = column_lines(318, 404, [323, 333, 343, 353], 22)
    below = [Box(227, 439, 370, 380, 46, ("figure caption",))]
    groups = reading_groups(labels + left + right + below)
    keys = [box.key for group in groups for box in group]
    assert keys[-9:] == [box.key for box in left + right + below]


def test_a_label_and_its_amount_in_rows_are_no_two_captions():
    """Rows of a table set without rulings (a label, an amount far right) are not
    taken for captions side by side: each row still reads label then amount."""
    rows = [
        [
            Box(70, 158 + 40 * i, y, y + 10, 20 + 5 * i, ("label", y)),
            Box(465, 532, y, y + 10, 20, ("amount", y)),
        ]
        for i, y in enumerate((100, 113, 126))
    ]
    groups = reading_groups([box for row in rows for box in row])
    assert [box.key for group in groups for box in group] == [
        box.key for row in rows for box in row
    ]
