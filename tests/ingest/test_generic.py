"""The generic family (kind ``other``) and the text reader, on documents written for it.

Each text below is in the shape of a real kind of document no family claims; what the
parser must extract from it was written down (in the test) before the parser was.
"""

from datetime import date

import pytest

from ingest import parsers
from ingest.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE
from ingest.parsed import SourceText
from ingest.parsers import generic
from ingest.plain_text import is_wrapped, read_text_document
from tests.ingest.golden import SEEDS_DIR, load_seed

# A ministry's letter of allocation as `pdftotext` writes it: hard-wrapped lines, a form
# feed between pages, numbered headings, a bullet list and a TAB table.
LETTER = """Helse- og omsorgsdepartementet

Statsbudsjettet 2026 – tildelingsbrev til Helsetilsynet

Oslo, 18. desember 2025

1 Innledning

Helse- og omsorgsdepartementet viser til Stortingets behandling av
Prop. 1 S (2025–2026) og stiller med dette midler til disposisjon for
Helsetilsynet for 2026.

1.1 Mål for 2026

Departementet ber Helsetilsynet prioritere
- tilsyn med kommunale helse- og omsorgstjenester
- oppfølging av uønskede hendelser
\f
2 Budsjett

Kap.\tPost\tBeløp
721\t01\t180 000 000
721\t21\t2 500 000

3 Rapportering

Helsetilsynet skal rapportere i årsrapporten innen 15. mars 2027.
"""

NYNORSK = """# Rettleiar for kommunane

Kommunane skal sjå til at pasientane får hjelp. Det er ikkje alltid
enkelt, og difor har vi laga denne rettleiaren. Han gjeld frå 1. juli 2025.

## Kva kommunen skal gjere

Kommunen skal vere open om korleis tenestene blir tildelte.
"""

ENGLISH = """Summary of the report

This report describes the use of primary health care services by men in Norway.
The findings are based on data from the registry of the Norwegian Institute of
Public Health, and they show that men use the services less than women.
"""


def generic_parse(text: str, name: str = "doc.txt"):
    doc = read_text_document(SourceText.from_text(text, name=name))
    result = parsers.parse(doc)
    assert result.kind == "other"
    (document,) = result.documents
    return doc, document


def test_the_letter_reads_as_hard_wrapped_paginated_blocks():
    doc = read_text_document(SourceText.from_text(LETTER, name="brev.txt"))
    kinds = [(block.kind, block.level, block.text[:30]) for block in doc.blocks]
    assert kinds == [
        (HEADING, 1, "Helse- og omsorgsdepartementet"),  # a letterhead: the parser knows
        (PARAGRAPH, 0, "Statsbudsjettet 2026 – tildeli"),  # no type size in a text file
        (PARAGRAPH, 0, "Oslo, 18. desember 2025"),
        (HEADING, 1, "1 Innledning"),
        (PARAGRAPH, 0, "Helse- og omsorgsdepartementet"),
        (HEADING, 2, "1.1 Mål for 2026"),
        (PARAGRAPH, 0, "Departementet ber Helsetilsyne"),
        (LIST_ITEM, 1, "tilsyn med kommunale helse- og"),
        (LIST_ITEM, 1, "oppfølging av uønskede hendels"),
        (HEADING, 1, "2 Budsjett"),
        (TABLE, 0, "Kap.\tPost\tBeløp\n721\t01\t180 000"),
        (HEADING, 1, "3 Rapportering"),
        (PARAGRAPH, 0, "Helsetilsynet skal rapportere "),
    ]
    assert doc.page_count == 2
    table = next(block for block in doc.blocks if block.kind == TABLE)
    assert table.rows[1] == ("721", "01", "180 000 000")
    assert (table.page, table.start_line, table.end_line) == (2, 21, 23)
    paragraph = doc.blocks[4]
    assert (paragraph.start_line, paragraph.end_line) == (9, 11)
    assert paragraph.text.endswith(
        "stiller med dette midler til disposisjon for Helsetilsynet for 2026."
    )


def test_the_letter_becomes_a_document_with_its_own_metadata_and_outline():
    _, document = generic_parse(LETTER, "brev.txt")
    assert document.title == "Statsbudsjettet 2026 – tildelingsbrev til Helsetilsynet"
    assert document.publisher == "Helse- og omsorgsdepartementet"
    assert document.published == date(2025, 12, 18)
    assert document.year == 2025
    assert document.language == "nb"
    outline = [(s.number, s.title, s.level, s.parent) for s in document.sections]
    assert outline == [
        ("", "Statsbudsjettet 2026 – tildelingsbrev til Helsetilsynet", 1, None),
        ("1", "Innledning", 1, None),
        ("1.1", "Mål for 2026", 2, 1),
        ("2", "Budsjett", 1, None),
        ("3", "Rapportering", 1, None),
    ]
    goals = document.sections[2]
    assert goals.text == (
        "Departementet ber Helsetilsynet prioritere\n\n"
        "- tilsyn med kommunale helse- og omsorgstjenester\n"
        "- oppfølging av uønskede hendelser"
    )
    assert (
        document.sections[3].text == "Kap.\tPost\tBeløp\n721\t01\t180 000 000\n721\t21\t2 500 000"
    )
    assert (goals.start_line, goals.end_line) == (13, 17)
    introduction = document.sections[1]
    assert (introduction.start_line, introduction.end_line) == (7, 17)


def test_a_nynorsk_guide_is_nynorsk_with_markdown_headings():
    _, document = generic_parse(NYNORSK, "rettleiar.md")
    assert document.title == "Rettleiar for kommunane"
    assert document.language == "nn"
    assert document.published == date(2025, 7, 1)
    assert [s.title for s in document.sections] == [
        "Rettleiar for kommunane",
        "Kva kommunen skal gjere",
    ]


def test_an_english_summary_is_english_and_titled_by_its_heading():
    _, document = generic_parse(ENGLISH, "summary.txt")
    assert document.language == "en"
    assert document.title == "Summary of the report"
    assert document.publisher == ""
    assert document.published is None


# A reading list in Markdown: its table names other bodies' documents and their dates.
READING_LIST = """# Documents to read before the meeting

| file | what it is | source |
|---|---|---|
| `meld-st-1.pdf` | Nasjonalbudsjettet 2026, Finansdepartementet (corrected 14.11.2025) | regjeringen.no |
| `prop-1-ls.pdf` | Skatter, avgifter og toll 2026, Finansdepartementet | regjeringen.no |

Read them in this order; the second is long.
"""


def test_a_table_of_other_documents_gives_no_publisher_or_date():
    """Must extract: the title from the heading; no publisher (Finansdepartementet is named
    only in the table, of other documents), no date (14.11.2025 is another document's)."""
    doc, document = generic_parse(READING_LIST, "reading-list.md")
    assert [block.kind for block in doc.blocks] == [HEADING, TABLE, PARAGRAPH]
    assert doc.blocks[1].rows[0] == ("file", "what it is", "source")
    assert len(doc.blocks[1].rows) == 3  # the |---| rule is no row
    assert document.title == "Documents to read before the meeting"
    assert document.publisher == ""
    assert document.published is None


def test_a_paragraph_per_line_export_is_not_joined():
    lines = [
        "Første avsnitt er en hel setning som står alene på sin linje, og den er så lang at "
        "ingen trykt side har plass til den på én linje.",
        "Andre avsnitt.",
    ]
    assert not is_wrapped(lines)
    doc = read_text_document(SourceText.from_text("\n".join(lines), name="a.txt"))
    assert [block.text for block in doc.blocks] == lines


@pytest.mark.parametrize(
    ("metadata_title", "expected"),
    [
        ("Microsoft Word - notat_v3.docx", ""),
        ("Untitled", ""),
        ("rapport.pdf", ""),
        ("Menns bruk av primærhelsetjenester", "Menns bruk av primærhelsetjenester"),
    ],
)
def test_only_a_meaningful_file_title_counts(metadata_title, expected):
    assert generic.meaningful(metadata_title) == expected


@pytest.mark.parametrize("seed", sorted(path.name for path in SEEDS_DIR.glob("*.txt")))
def test_each_seed_is_claimed_by_its_own_family_alone(seed):
    doc = read_text_document(load_seed(seed))
    bids = parsers.scores(doc)
    claimed = [kind for kind, score in bids.items() if score >= parsers.CLAIM_THRESHOLD]
    assert len(claimed) == 1, bids
    assert parsers.recognise_kind(doc) == claimed[0] != "other"


def test_a_family_that_cannot_read_what_it_claimed_hands_the_file_to_other():
    # A white paper's closing formula, and nothing of a white paper before it.
    text = (
        "Et notat om noe annet\n\nLitt tekst.\n\n"
        "Helse- og omsorgsdepartementet\ntilrår:\n"
        "Tilråding fra Helse- og omsorgsdepartementet 1. mars 2024 om noe blir sendt Stortinget.\n"
    )
    doc = read_text_document(SourceText.from_text(text, name="notat.txt"))
    result = parsers.parse(doc)
    if result.kind == "white_paper":
        pytest.fail("the white paper parser read a note as a white paper")
    assert result.kind == "other"
    assert result.documents[0].warnings[0].startswith("read as another document: the white_paper")


def test_a_forced_kind_does_not_fall_back():
    doc = read_text_document(SourceText.from_text("Bare en linje.\n", name="x.txt"))
    with pytest.raises(ValueError, match="news"):
        parsers.parse(doc, kind="news")
    with pytest.raises(parsers.UnknownKind):
        parsers.parse(doc, kind="letter")
