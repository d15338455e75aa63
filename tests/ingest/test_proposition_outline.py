"""Prop. 1 S (seed 003): the outline, the document metadata and the golden summary."""

from __future__ import annotations

from datetime import date

import pytest

from ingest.parsed import SourceText
from ingest.parsers.proposition import parse_proposition, read_cover, recognise, sentence_case
from ingest.parsers.proposition.outline import (
    KIND_BOX,
    announced_count,
    build_outline,
    find_boxes,
    is_weak_candidate,
    list_style,
    parse_outline,
    recognise_strong,
    section_at,
)
from ingest.parsers.proposition.tables import is_blank, read_tables, table_lines
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "003_946f496bfe1dc309.txt"


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def document(source):
    (document,) = parse_proposition(source)
    return document


@pytest.fixture(scope="module")
def outline(source):
    return build_outline(source)


@pytest.fixture(scope="module")
def sections(outline):
    return outline.sections


@pytest.fixture(scope="module")
def by_start(sections):
    """Sections by first line; where two start on one line, the deeper one wins."""
    found = {}
    for section in sections:
        found[section.start_line] = section
    return found


def _index(rows, predicate) -> int:
    return next(index for index, row in enumerate(rows) if predicate(row))


# --- Golden ----------------------------------------------------------------------------


def test_document_matches_golden(document, update_golden):
    """The whole proposition parses to its reviewed golden summary."""
    lines = document.budget_lines
    measures = document.measures
    selected = {
        "budget_lines": [
            _index(lines, lambda b: (b.kap, b.post) == (700, 1)),
            _index(lines, lambda b: (b.kap, b.post) == (704, 1)),
            _index(lines, lambda b: (b.kap, b.post) == (708, 1)),
            _index(lines, lambda b: (b.kap, b.post) == (740, 73)),
            _index(lines, lambda b: (b.kap, b.post) == (761, 21)),
            _index(lines, lambda b: (b.kap, b.post) == (781, 79)),
            _index(lines, lambda b: (b.kap, b.post) == (783, 21)),
            _index(lines, lambda b: (b.kap, b.post) == (3746, 85)),
            _index(lines, lambda b: (b.kap, b.post) == (5572, 74)),
        ],
        "measures": [
            _index(measures, lambda m: m.start_line == 272),
            _index(measures, lambda m: m.start_line == 277),
            _index(measures, lambda m: m.start_line == 293),
            _index(measures, lambda m: m.start_line == 1488),
            _index(measures, lambda m: m.start_line == 1583),
            _index(measures, lambda m: m.start_line == 1897),
            _index(measures, lambda m: m.start_line == 5071),
            _index(measures, lambda m: m.start_line == 7890),
        ],
        "decisions": [0, len(document.decisions) - 1],
    }
    assert_golden(
        SEED.removesuffix(".txt"), summarise(document, selected=selected), update=update_golden
    )


# --- Document metadata -----------------------------------------------------------------


def test_metadata_comes_from_the_cover(document):
    """Title, reference, publisher, approval date and budget year are all read from the text."""
    assert document.kind == "budget_proposition"
    assert document.title == (
        "Proposisjon til Stortinget (forslag til stortingsvedtak) for budsjettåret 2025"
    )
    assert document.reference == "Prop. 1 S (2024–2025)"
    assert document.publisher == "Helse- og omsorgsdepartementet"
    assert document.published == date(2024, 9, 20)
    assert document.year == 2025
    assert document.language == "nb"
    assert document.slug == ""
    assert (document.start_line, document.end_line) == (1, 11509)


def test_the_cover_printed_twice_gives_one_document_and_no_warnings(document):
    """Lines 1–7 repeat as 8–14: one document, one title, and the checks all hold."""
    assert document.title.count("Proposisjon") == 1
    assert document.warnings == ()


def test_recognise_finds_prop_s_near_the_top(source):
    """``Prop. 1 S`` on line 2 marks a budget proposition; the other seeds are not."""
    assert recognise(source)
    for other in (
        "000_6ef6d4d4d57f5e61.txt",
        "002_6382bfd4d7ccf047.txt",
        "004_89a39abf184bf37d.txt",
    ):
        assert not recognise(load_seed(other))


def test_sentence_case_lowers_only_all_caps():
    """The ALL-CAPS fifth cover line is lowered; ordinary text is kept."""
    assert sentence_case("FOR BUDSJETTÅRET 2025") == "for budsjettåret 2025"
    assert sentence_case("Prop. 1 S") == "Prop. 1 S"


def test_read_cover_reads_a_minimal_cover():
    """The cover reader needs only the ministry, Prop line, session and title lines."""
    text = (
        "Kulturdepartementet\nProp. 1 S\n(2023–2024)\nProposisjon til Stortinget\n"
        "FOR BUDSJETTÅRET 2024\nTilråding fra Kulturdepartementet 22. september 2023, \n"
        "godkjent i statsråd samme dag."
    )
    cover = read_cover(SourceText.from_text(text, name="c"))
    assert cover.publisher == "Kulturdepartementet"
    assert cover.reference == "Prop. 1 S (2023–2024)"
    assert cover.title == "Proposisjon til Stortinget for budsjettåret 2024"
    assert cover.year == 2024
    assert cover.published == date(2023, 9, 22)


def test_parse_takes_well_under_two_seconds(source):
    """A whole seed parses fast enough to re-ingest on every start."""
    import time

    started = time.perf_counter()
    parse_proposition(source)
    assert time.perf_counter() - started < 2


# --- Parts and chapters ----------------------------------------------------------------


def test_parts_are_level_one_with_their_ranges(sections):
    """Del I/II/III and Forslag are the four top-level Sections, covering the document."""
    top = [(s.number, s.title, s.start_line, s.end_line) for s in sections if s.level == 1]
    assert top == [
        ("I", "Innledende del", 18, 1298),
        ("II", "Budsjettomtaler", 1299, 8931),
        ("III", "Omtale av særlige tema", 8932, 9926),
        ("", "Forslag", 9927, 11509),
    ]


def test_nine_chapters_are_numbered_by_order(sections):
    """Chapter numbers are not printed: the nine chapters are numbered 1–9 in order."""
    chapters = [
        (s.number, s.start_line, s.title) for s in sections if s.level == 2 and s.number.isdigit()
    ]
    assert chapters == [
        ("1", 20, "Helse- og omsorgspolitikken"),
        ("2", 188, "Profilen i budsjettforslaget"),
        ("3", 356, "Oppfølging av anmodnings- og utredningsvedtak"),
        ("4", 1301, "Nærmere omtale av bevilgningsforslag mv."),
        ("5", 8934, "Spesialisthelsetjenesten"),
        ("6", 9191, "Administrative fellesomtaler"),
        ("7", 9799, "Omtale av lønnsvilkårene mv. til ledere i heleide statlige virksomheter"),
        ("8", 9812, "Omtale av klima- og miljørelevante saker"),
        ("9", 9840, "Oppfølging av FNs bærekraftsmål"),
    ]


def test_spesialisthelsetjenesten_in_chapter_one_is_a_subheading(by_start):
    """Line 34 has chapter 5's title but is a level-3 heading of chapter 1."""
    assert by_start[34].level == 3
    assert by_start[34].title == "Spesialisthelsetjenesten"


def test_programomrader_and_programkategorier(sections):
    """Programområde 10 and 30 are level 3; the categories keep their printed gaps."""
    areas = [
        (s.number, s.start_line)
        for s in sections
        if s.level == 3 and s.title.startswith(("Helse- og omsorg", "Helsetjenester, folketrygden"))
    ]
    assert ("10", 1304) in areas and ("30", 7971) in areas
    categories = [
        s.number for s in sections if s.level == 4 and "." in s.number and s.start_line < 8932
    ]
    assert categories == [
        "10.00",
        "10.10",
        "10.30",
        "10.40",
        "10.60",
        "10.70",
        "10.80",
        "30.10",
        "30.50",
        "30.90",
    ]


def test_table_cell_programomrade_is_no_heading(by_start):
    """Line 191 ``' \\tProgramområde 10 …'`` is a table cell of table 2.1."""
    assert 191 not in by_start


# --- Kaps and posts --------------------------------------------------------------------


def _kap_sections(outline):
    return [outline.sections[p] for p in outline.positions("kap")]


def test_every_budget_kap_has_one_section(outline, source):
    """The 49 printed kap headings plus the three lost ones give 52 level-5 kap Sections."""
    kaps = _kap_sections(outline)
    assert len(kaps) == 52
    assert {s.level for s in kaps} == {5}
    assert all(s.number == str(s.kap) for s in kaps)
    table_kaps = {
        int(row.cell(1).split()[-1])
        for table in read_tables(source)
        for row in table.rows
        if row.cell(1).startswith("Sum kap. ") and row.cell(1).split()[-1].isdigit()
    }
    assert table_kaps <= {s.kap for s in kaps}


def test_lost_kap_headings_get_synthetic_sections(by_start, outline):
    """704, 781 and 783 start at their leading-space lines, titled from the tables."""
    assert outline.lost_kaps == {1895: 704, 7842: 781, 7896: 783}
    for line, kap, title in (
        (1895, 704, "Norsk helsearkiv"),
        (7842, 781, "Forsøk og utvikling mv."),
        (7896, 783, "Personell"),
    ):
        section = by_start[line]
        assert (section.kap, section.number, section.title, section.level) == (
            kap,
            str(kap),
            title,
            5,
        )


def test_synthetic_kaps_own_their_posts(by_start, sections):
    """704's posts 01/21 are not filed under 703, and 783's post 21 not under 781."""
    assert (by_start[1907].kap, by_start[1907].post) == (704, 1)
    assert (by_start[1911].kap, by_start[1911].post) == (704, 21)
    assert (by_start[7846].kap, by_start[7846].post) == (781, 21)
    assert (by_start[7935].kap, by_start[7935].post) == (783, 21)
    kap_703 = next(s for s in sections if s.kap == 703 and s.number == "703")
    assert kap_703.end_line == 1894
    kap_781 = next(s for s in sections if s.number == "781")
    assert kap_781.end_line == 7895


def test_bare_number_cell_is_never_a_kap(by_start, outline):
    """``\t704`` at 8505 is a table cell (an amount), not kap 704."""
    assert 8505 not in by_start
    assert 8505 in table_lines(outline.tables)
    assert next(s for s in outline.sections if s.number == "704").start_line == 1895


def test_sentence_starting_with_kap_is_no_heading(by_start):
    """8596 ``Kap. 2755, post 73 reduseres …`` is prose, not a kap heading."""
    assert 8596 not in by_start


def test_kap_and_post_are_set_on_the_whole_subtree(sections):
    """Every Section inside kap 732 carries kap 732; inside a post, its post too."""
    kap_732 = next(s for s in sections if s.number == "732" and s.level == 5)
    inside = [s for s in sections if kap_732.start_line <= s.start_line <= kap_732.end_line]
    assert len(inside) > 50
    assert {s.kap for s in inside} == {732}
    post_76 = next(s for s in inside if s.number == "76")
    below = [s for s in inside if post_76.start_line < s.start_line <= post_76.end_line]
    assert below and {s.post for s in below} == {76}


def test_wrapped_post_heading_is_joined(by_start):
    """``Post 61 Vertskommunetilskudd –`` continues on the lower-case line 6715."""
    assert by_start[6714].title == "Vertskommunetilskudd – tjenester til innsatte og internerte"
    assert by_start[6714].end_line >= 6715


def test_post_range_heading_keeps_its_printed_number(by_start):
    """``Post 72–75`` is numbered as printed and names no single post."""
    assert (by_start[3340].number, by_start[3340].post, by_start[3340].kap) == ("72–75", None, 732)


# --- Boxes, lists, TOC lines -----------------------------------------------------------


def test_boxes_end_at_rammeslutt_and_are_child_sections(outline):
    """Seven boxes, each ending at its ``Rammeslutt``, titled with the short line before it."""
    boxes = [outline.sections[p] for p in outline.positions(KIND_BOX)]
    assert [(b.start_line, b.end_line) for b in boxes] == [
        (270, 291),
        (2835, 2843),
        (2844, 2852),
        (2853, 2860),
        (2861, 2868),
        (3020, 3026),
        (3477, 3485),
    ]
    assert boxes[0].title == (
        "Regjeringens hovedprioriteringer på Helse- og omsorgsdepartementets område "
        "sammenliknet med saldert budsjett for 2024"
    )
    assert boxes[1].title == "Helse Sør-Øst RHF"
    assert boxes[6].title.endswith("og tjenesteforløpsgrupper (TFG)")
    for box in boxes:
        parent = outline.sections[box.parent]
        assert parent.start_line <= box.start_line and box.end_line <= parent.end_line
        assert "Rammeslutt" not in box.text


def test_box_fact_lines_are_not_headings(by_start):
    """``Antall ansatte/årsverk i 2023: …`` inside the RHF boxes opens nothing."""
    for line in (2836, 2841, 2845, 2850):
        assert line not in by_start


def test_text_resumes_after_a_box(by_start):
    """After box 2.1 the chapter goes on with the heading on line 292."""
    assert by_start[292].title == "Driftsbevilgninger sykehus 2025"
    assert by_start[292].level == 3


def test_lists_after_a_colon_are_not_headings(by_start):
    """The goals at 23–27 and the measures at 322–327 follow ``:`` lines: list items."""
    for line in [*range(23, 28), *range(322, 328), *range(48, 54), *range(69, 73), 168]:
        assert line not in by_start


def test_short_line_before_det_foreslas_is_a_heading_after_a_list(by_start):
    """In chapter 2, 328 is a heading although it follows the 322–327 list."""
    assert by_start[328].title == "Tromsøundersøkelsens åttende datainnsamling"


def test_announced_count_ends_a_list(by_start):
    """``Følgende 7 prosjekter …:`` has seven items; the eighth short line is a heading."""
    for line in range(3671, 3678):
        assert line not in by_start
    assert by_start[3678].title == "Budsjettforslag 2025"


def test_toc_like_lists_are_items_and_their_repeats_headings(by_start):
    """8936–8940, 1717–1721 and 3058–3062 list the headings that follow them."""
    for line in [*range(8936, 8941), *range(1717, 1722), *range(3058, 3063)]:
        assert line not in by_start
    assert (
        by_start[8941].title == "Styrke psykisk helsevern og tverrfaglig spesialisert rusbehandling"
    )
    assert by_start[1722].title == "Oppfølging av helseberedskapsmeldingen"
    assert by_start[1724].title == "Motstandsdyktighet mot sammensatte trusler og krig"
    assert by_start[3063].title == by_start[8941].title


def test_captions_and_debris_are_not_headings(by_start):
    """Table captions (190, 358, 1306) and header debris (``' 2023'``, 2553) open nothing."""
    for line in (190, 358, 1306, 2553, 7897, 9027):
        assert line not in by_start


def test_signature_above_tilrar_is_not_a_heading(by_start, sections):
    """``Helse- og omsorgsdepartementet`` / ``tilrår:`` closes chapter 9 as text."""
    assert 9924 not in by_start
    chapter_9 = next(s for s in sections if s.number == "9" and s.level == 2)
    assert chapter_9.end_line == 9926


# --- Request decisions -----------------------------------------------------------------


def test_sessions_hold_one_section_per_decision(sections, by_start):
    """Eight ``Stortingssesjon`` Sections under chapter 3, each holding its decisions."""
    sessions = [s for s in sections if s.title.startswith("Stortingssesjon")]
    assert [s.start_line for s in sessions] == [821, 970, 1058, 1116, 1216, 1240, 1278, 1293]
    assert {s.level for s in sessions} == {3}
    first = by_start[822]
    assert first.title == "Sikre kvinnehelse i nasjonal helse- og samhandlingsplan"
    assert first.parent == sessions[0].position and first.level == 4
    assert first.text.startswith("Vedtak nr. 3, 5. oktober 2023")
    assert sessions[-1].end_line == 1298


def test_anmodningsvedtak_sections_sit_in_their_kap_or_category(by_start):
    """7493 is category prose (no kap); 7929 belongs to synthetic kap 783."""
    assert by_start[7493].title == "Anmodningsvedtak" and by_start[7493].kap is None
    assert by_start[7929].kap == 783
    assert by_start[7494].title == "Tannhelsebehandling til personer over 85 år"


def test_weak_heading_after_a_decision_block_returns_to_the_post(by_start):
    """6099 closes the Anmodningsvedtak group of post 61 and is a sibling of it."""
    assert by_start[6099].parent == by_start[6068].parent


# --- Forslag ---------------------------------------------------------------------------


def test_romertall_are_level_two_under_forslag(sections):
    """I–IX (VIII twice) are level-2 Sections titled with the line after the numeral."""
    proposal = next(s for s in sections if s.title == "Forslag" and s.level == 1)
    numerals = [(s.number, s.title) for s in sections if s.parent == proposal.position and s.number]
    assert [n for n, _ in numerals] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "VIII",
        "IX",
    ]
    assert numerals[0][1] == "Utgifter og inntekter"
    assert numerals[1][1] == "Merinntektsfullmakter"
    assert numerals[-1][1] == "Oppheving av anmodningsvedtak"


def test_forslag_group_headings_stay_out_of_romertall(by_start):
    """``Andre fullmakter`` (11483) is its own unnumbered Section, not text of IV."""
    for line in (11425, 11483, 11506):
        assert by_start[line].number == "" and by_start[line].level == 2
    assert "Andre fullmakter" not in by_start[11456].text


# --- Ranges and text -------------------------------------------------------------------


def test_ranges_nest_and_end_on_content(sections, source):
    """Every Section lies inside its parent and ends on content (an empty cell ``"\t"``
    is table content, not a blank)."""
    for section in sections:
        assert section.start_line <= section.end_line
        assert not is_blank(source.line(section.end_line))
        if section.parent is not None:
            parent = sections[section.parent]
            assert parent.start_line <= section.start_line <= section.end_line <= parent.end_line
            assert section.level == parent.level + 1
        assert section.position == sections.index(section)


def test_section_text_is_its_own_text(by_start):
    """Kap 700's text holds its table but not post 01's text."""
    kap_700 = by_start[1423]
    assert "Sum kap. 700" in kap_700.text
    assert "Bevilgningen dekker ordinære utgifter til lønn" not in kap_700.text
    assert "Bevilgningen dekker ordinære utgifter til lønn" in by_start[1481].text
    assert not kap_700.text.startswith("Kap. 700")


def test_section_at_finds_the_deepest_section(sections):
    """Line 1897 lies in kap 704; line 272 in box 2.1."""
    assert section_at(sections, 1897).number == "704"
    assert section_at(sections, 272).start_line == 270


# --- Small functions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Spesialisthelsetjenesten", True),
        ("Salgs- og beredskapsprodukter mv.", True),
        ("Det foreslås å videreføre", False),  # proposes: a sentence that lost its stop
        ("Mennesker skal få hjelp.", False),
        ("\tKPAL", False),
        (" 2023", False),
        ("«Sitat uten slutt", False),
        ("beredskap med salg", False),
        ("Drift av nye metoder (7,6\xa0mill. kroner)", False),
        ("Vedtak nr. 3, 5. oktober 2023", False),
        ("x" * 121, False),
    ],
)
def test_weak_heading_shape(line, expected):
    """Short, unpunctuated, upper-case lines without TAB, amount or proposal are candidates."""
    assert is_weak_candidate(line) is expected


def test_list_style_compares_case_and_final_stop():
    """Items share first-letter case and final full stop; ``(NKLM.)`` counts as a stop."""
    assert list_style("Styrke psykisk helsevern.") == ("upper", True)
    assert list_style("nytt sykehus i Drammen") == ("lower", False)
    assert list_style("Nasjonalt kompetansesenter (NKLM.)") == ("upper", True)
    assert list_style("Prop. 100 L (legemiddelberedskap m.m.)") == ("upper", False)


@pytest.mark.parametrize(
    ("intro", "count"),
    [
        ("Regjeringens tre mål er:", 3),
        ("Det er tre store innsatsområder i planen:", 3),
        ("Følgende 7 prosjekter får siste års lånebevilgning i 2024:", 7),
        ("Mål og hovedprioriteringer for budsjettperioden 2025:", None),
    ],
)
def test_announced_count(intro, count):
    """A list intro may announce how many items follow."""
    assert announced_count(intro) == count


def test_recognise_strong_headings_on_small_text():
    """Kap, post, programkategori and the line before a Vedtak date are strong."""
    text = SourceText.from_text(
        "Kap. 700 Helse\nPost 01 Drift\nProgramkategori 10.00 Helse mv.\n"
        "Tittel på vedtaket\nVedtak nr. 3, 5. oktober 2023\nKap. 2755, post 73 reduseres",
        name="s",
    )
    kinds = [
        (h.kind, h.number) if (h := recognise_strong(text, n, in_proposal=False)) else None
        for n in range(1, 7)
    ]
    assert kinds == [
        ("kap", "700"),
        ("post", "01"),
        ("programkategori", "10.00"),
        ("request", ""),
        None,
        None,
    ]


def test_find_boxes_walks_back_to_the_title():
    """The title is the short line after the last paragraph before ``Rammeslutt``."""
    text = SourceText.from_text(
        "Dette er et langt avsnitt som slutter med punktum og hører til kapitlet.\n"
        "Boksens tittel\nInnholdet i boksen er et avsnitt med punktum.\nRammeslutt\nEtter",
        name="b",
    )
    assert find_boxes(text, table_lines(read_tables(text))) == {2: (2, 4)}


# --- Bad input -------------------------------------------------------------------------


def test_empty_text_is_refused():
    """An empty file is not a budget proposition."""
    with pytest.raises(ValueError, match="Prop"):
        parse_proposition(SourceText.from_text("", name="empty.txt"))


def test_other_document_family_is_refused():
    """The white paper (004) is refused with a clear message, not parsed."""
    with pytest.raises(ValueError, match="not a budget proposition"):
        parse_proposition(load_seed("004_89a39abf184bf37d.txt"))


def test_outline_of_text_without_parts_or_kaps_is_refused():
    """parse_outline on prose alone raises a one-line ValueError."""
    with pytest.raises(ValueError, match="Del I/II/III"):
        parse_outline(SourceText.from_text("Prop. 1 S\nBare tekst.", name="p"))


@pytest.mark.parametrize("cut", [18, 300, 1300, 2000, 5000, 9940, 10000])
def test_truncated_copy_parses_with_warnings(source, cut):
    """A truncated copy never raises IndexError: it parses and says what is missing."""
    (document,) = parse_proposition(SourceText(name="cut.txt", lines=source.lines[:cut]))
    assert document.warnings
    for section in document.sections:
        assert section.end_line <= cut


def test_mangled_copy_parses_with_warnings(source):
    """Deleting every 37th line leaves a readable document plus review warnings."""
    lines = tuple(line for number, line in enumerate(source.lines, 1) if number % 37)
    (document,) = parse_proposition(SourceText(name="mangled.txt", lines=lines))
    assert document.sections and document.budget_lines
    assert document.warnings
