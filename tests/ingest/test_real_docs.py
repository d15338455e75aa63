"""Every real published file in ../shared/real-docs/ becomes one useful document.

What each must give was written down from its cover, its bookmarks and its page images
(``pdftoppm -r 50 -f N -l N -png``) before the parsers were generalised:

* the FHI note: kind ``other``, titled "Menns bruk av primærhelsetjenester" (cover and
  title page), published by Folkehelseinstituttet (colophon, page 3), 2024, chapters
  1 Innledning, 2 Metode, 3 Resultater, 4 Diskusjon;
* Meld. St. 1 (2025–2026): a white paper titled "Nasjonalbudsjettet 2026" by
  Finansdepartementet, approved 7 October 2025; chapter 3 "Budsjettpolitikken" opens on
  page 38 with 3.1 beside it in the right column;
* Prop. 1 LS (2025–2026): a budget proposition titled "Skatter og avgifter 2026" by
  Finansdepartementet, approved 7 October 2025, for 2026; its chapters numbered from
  "1 Hovedtrekk i skatte- og avgiftspolitikken"; its proposed vedtak (Del II's
  "Forslag til …") are decisions, among them the customs duty for 2026;
* the files that break naive readers each read into one ``other`` document, or stop
  with a one-line reason (the encrypted one).
"""

from datetime import date

import pytest

from ingest import parsers
from ingest.sources import UnreadableSource

FHI = "fhi-notat-2024-menns-bruk-av-primarhelsetjenester.pdf"
NASJONALBUDSJETTET = "meld-st-1-2025-2026-nasjonalbudsjettet.pdf"
PROP_1_LS = "prop-1-ls-2025-2026-skatter-avgifter-toll.pdf"


@pytest.fixture(scope="module")
def parsed(read_real):
    """name -> (kind, the one document), parsed once per module."""
    results = {}

    def parse(name):
        if name not in results:
            result = parsers.parse(read_real(name))
            assert len(result.documents) == 1
            results[name] = (result.kind, result.documents[0])
        return results[name]

    return parse


def chapters(document):
    return [(s.number, s.title) for s in document.sections if s.level == 1 and s.number]


def test_the_fhi_note_is_an_other_document_with_its_own_metadata(parsed):
    kind, note = parsed(FHI)
    assert kind == "other"
    assert (note.title, note.publisher, note.year) == (
        "Menns bruk av primærhelsetjenester",
        "Folkehelseinstituttet",
        2024,
    )
    assert chapters(note)[:4] == [
        ("1", "Innledning"),
        ("2", "Metode"),
        ("3", "Resultater"),
        ("4", "Diskusjon"),
    ]
    assert all(s.start_line <= s.end_line for s in note.sections)


def test_nasjonalbudsjettet_is_a_white_paper_read_from_its_cover_and_headings(parsed, read_real):
    kind, paper = parsed(NASJONALBUDSJETTET)
    assert kind == "white_paper"
    assert (paper.reference, paper.title, paper.publisher, paper.published) == (
        "Meld. St. 1 (2025–2026)",
        "Nasjonalbudsjettet 2026",
        "Finansdepartementet",
        date(2025, 10, 7),
    )
    numbers = [number for number, _ in chapters(paper)]
    assert numbers[:6] == ["1", "2", "3", "4", "5", "6"]
    source = read_real(NASJONALBUDSJETTET).source
    chapter = next(s for s in paper.sections if s.level == 1 and s.number == "3")
    assert chapter.title == "Budsjettpolitikken"
    assert source.page_range(chapter.start_line, chapter.start_line)[0] == 38
    first = next(s for s in paper.sections if s.number == "3.1")
    assert (first.parent, first.level) == (paper.sections.index(chapter), 2)


def test_nasjonalbudsjettet_keeps_headings_set_on_two_lines(parsed):
    """Must extract (pages 89-100, checked against the page images): 4.5 and 4.6 with
    their numbered subsections, two-line headings ("4.5.1 Statens lånebehov og
    målsettingen for" / "gjeldsforvaltningen") whole, at level 3."""
    _, paper = parsed(NASJONALBUDSJETTET)
    numbered = {s.number: (s.level, s.title) for s in paper.sections if s.number}
    assert numbered["4.5.1"] == (3, "Statens lånebehov og målsettingen for gjeldsforvaltningen")
    assert numbered["4.5.3"] == (3, "Valg av løpetid for statsgjeldsporteføljen")
    assert numbered["4.6.4"] == (
        3,
        "Fremskriving av norske utslipp og opptak av klimagasser til 2040",
    )
    assert [n for n in numbered if n.startswith("4.5.")] == [f"4.5.{i}" for i in range(1, 6)]


def test_nasjonalbudsjettet_reads_each_box_whole(parsed):
    """Must extract (pages 45-46, 81, checked against the page images): a box set across
    both columns above the page's own columns (Boks 4.1, p. 81) is one section, read before
    4.3 starts below it; a box going on over the page ("Boks 3.2 forts.", past the page's
    footnotes) is one section too."""
    _, paper = parsed(NASJONALBUDSJETTET)
    titles = [(s.number, s.title) for s in paper.sections]
    assert len(titles) == len(set(titles))
    box = next(s for s in paper.sections if s.title == "Fakturaordning med QR-kode")
    after = next(s for s in paper.sections if s.number == "4.3")
    assert paper.sections[box.parent].number == "4.2"
    assert box.end_line < after.start_line


def test_prop_1_ls_is_a_budget_proposition_with_its_proposed_vedtak(parsed):
    kind, prop = parsed(PROP_1_LS)
    assert kind == "budget_proposition"
    assert (prop.reference, prop.title, prop.publisher, prop.published, prop.year) == (
        "Prop. 1 LS (2025–2026)",
        "Skatter og avgifter 2026",
        "Finansdepartementet",
        date(2025, 10, 7),
        2026,
    )
    titles = [title for _, title in chapters(prop)]
    assert titles[0] == "Hovedtrekk i skatte- og avgiftspolitikken"
    assert "Formuesskatt" in titles
    vedtak = [d.title for d in prop.decisions]
    assert "Stortingsvedtak om tollavgift for 2026" in vedtak


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("robustness/issue-982-example.pdf", "Creativity in Machine Learning"),
        ("robustness/federal-register-2020-17221.pdf", None),
        ("robustness/issue-71-duplicate-chars-2.pdf", None),
        ("robustness/issue-316-example.pdf", None),
        ("robustness/scotus-transcript-p1.pdf", None),
        ("robustness/malformed-from-issue-932.pdf", None),
    ],
)
def test_files_that_break_naive_readers_become_one_document(parsed, name, title):
    kind, document = parsed(name)
    assert kind == "other"
    assert document.title and document.sections
    if title:
        assert document.title == title


def test_the_encrypted_file_stops_with_a_one_line_reason(read_real):
    with pytest.raises(UnreadableSource) as raised:
        read_real("robustness/password-example.pdf")
    assert "\n" not in str(raised.value) and "password" in str(raised.value)
