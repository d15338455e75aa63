"""ingest/parsers/white_paper.py on seed 004 (Meld. St. 9 (2023–2024)) and on small inputs."""

from __future__ import annotations

import contextlib
import random
import time
from datetime import date

import pytest

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.white_paper.exported import (
    SourceLines,
    decision_number_in,
    find_list_items,
    footnote_bodies,
    is_heading_shaped,
    is_lead_in,
    is_measure_lead_in,
    parse_white_paper,
    recognise,
    section_text,
    strip_footnotes,
    title_from_summary,
)
from ingest.vocabulary import ANMODNINGSVEDTAK, REGJERINGEN_VIL, WHITE_PAPER
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "004_89a39abf184bf37d.txt"
OTHER_SEEDS = (
    "000_6ef6d4d4d57f5e61.txt",
    "001_604cd1db9da4de4d.txt",
    "002_6382bfd4d7ccf047.txt",
    "003_946f496bfe1dc309.txt",
)

# SEEDS.md 004: chapter number -> (heading line, title as the heading prints it)
CHAPTERS = {
    "1": (1, "Vår felles helsetjeneste"),
    "2": (79, "Utviklingstrekk, utfordringer og muligheter i helse- og omsorgstjenesten"),
    "3": (184, "En helse- og omsorgstjeneste som fremmer forebygging og mestring"),
    "4": (432, "Gode pasientforløp og likeverdig tilgang på tjenester"),
    "5": (699, "God bruk av personell og kompetanse"),
    "6": (
        1016,
        "En kunnskapsbasert og godt ledet tjeneste med god kvalitet og pasient- og brukersikkerhet",
    ),
    "7": (
        1156,
        "En sammenhengende, trygg og helhetlig svangerskaps-, fødsels- og barselomsorg",
    ),
    "8": (1341, "Styring og finansiering av vår felles helsetjeneste"),
    "9": (
        1551,
        "Digitalisering i helse- og omsorgstjenesten – raskere gjennomføring og realisering "
        "av nytte",
    ),
    "10": (1699, "Effekt og gjennomføring"),
    "11": (1777, "Økonomiske og administrative konsekvenser"),
}

# "Regjeringen vil" box title line -> last line of the box (before [Boks slutt] or the
# first leading-space line: 752, 1038, 1358).
REGJERINGEN_VIL_BOXES = {
    186: 213,
    434: 449,
    715: 751,
    1018: 1037,
    1162: 1179,
    1343: 1357,
    1556: 1562,
}


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def document(source: SourceText) -> ParsedDocument:
    (parsed,) = parse_white_paper(source)
    return parsed


def section_at(document: ParsedDocument, line: int):
    """The section whose heading (start) is at ``line``."""
    matches = [section for section in document.sections if section.start_line == line]
    assert len(matches) == 1, f"expected one section starting at {line}, got {matches}"
    return matches[0]


def section_starts(document: ParsedDocument) -> set[int]:
    return {section.start_line for section in document.sections}


def measure_at(document: ParsedDocument, line: int) -> int:
    """Index of the measure on ``line``."""
    matches = [i for i, measure in enumerate(document.measures) if measure.start_line == line]
    assert len(matches) == 1, f"expected one measure on line {line}"
    return matches[0]


# --- Golden ------------------------------------------------------------------------------


def test_seed_matches_golden(document, update_golden):
    """Seed 004 parses to its reviewed golden summary (outline, counts, trap rows in full)."""
    selected = {
        "sections": [
            section_at(document, line).position for line in (126, 462, 1040, 1343, 1461, 1777)
        ],
        "measures": [
            measure_at(document, line)
            for line in (188, 442, 730, 731, 734, 735, 751, 1164, 1166, 1562)
        ],
        "decisions": [0, 1],
    }
    assert_golden(
        SEED.removesuffix(".txt"), summarise(document, selected=selected), update=update_golden
    )


# --- Identity ----------------------------------------------------------------------------


def test_identity_comes_from_the_signature_and_leaves_title_and_reference_to_the_manifest(
    document,
):
    """Published on the tilråding date 1 March 2024; title and reference stay empty."""
    assert document.kind == WHITE_PAPER
    assert document.title == ""
    assert document.reference == ""
    assert document.slug == ""
    assert document.published == date(2024, 3, 1)
    assert document.year == 2024
    assert document.language == "nb"
    assert document.publisher == "Helse- og omsorgsdepartementet"
    assert (document.start_line, document.end_line) == (1, 1825)
    assert document.budget_lines == ()


def test_recognise_accepts_the_seed_and_rejects_the_other_families(source):
    """The closing tilrår:/Tilråding signature marks 004 only; 003's mid-text tilrår: does not."""
    assert recognise(source)
    for name in OTHER_SEEDS:
        assert not recognise(load_seed(name)), name


def test_only_chapter_review_warning_and_box_end_warnings(document):
    """Curators hear about the Sammendrag's misspelt chapter 7 and the three unmarked box ends."""
    assert len(document.warnings) == 4
    assert "fødesels-" in document.warnings[0]
    for line, end in ((715, 752), (1018, 1038), (1343, 1358)):
        assert any(f"line {line} " in w and f"line {end}" in w for w in document.warnings)


# --- Sections ----------------------------------------------------------------------------


def test_chapters_are_the_eleven_of_the_table_numbered_in_order(document):
    """Chapters 1–11 sit at the lines of SEEDS.md, spelt as their headings print them."""
    chapters = [section for section in document.sections if section.level == 1]
    found = {section.number: (section.start_line, section.title) for section in chapters}
    assert found == CHAPTERS
    assert [section.number for section in chapters] == [str(n) for n in range(1, 12)]
    assert all(section.parent is None for section in chapters)


def test_chapters_cover_the_text_up_to_the_signature(document):
    """Chapter N runs to the line before chapter N+1; chapter 11 stops before 1823."""
    chapters = [section for section in document.sections if section.level == 1]
    for chapter, following in zip(chapters, chapters[1:], strict=False):
        assert chapter.end_line < following.start_line
    assert chapters[0].end_line == 78
    assert chapters[-1].end_line == 1822
    assert max(section.end_line for section in document.sections) == 1822


def test_line_thirteen_is_a_sub_heading_of_chapter_one(document):
    """Line 13 names the plan, but it is a level-2 heading inside chapter 1."""
    section = section_at(document, 13)
    assert section.title == "Nasjonal helse- og samhandlingsplan 2024–2027"
    assert section.level == 2
    assert document.sections[section.parent].number == "1"


def test_chapter_eleven_sub_headings_repeat_chapter_titles_but_stay_level_two(document):
    """1782 repeats chapter 4's title and 1818 is 'Digitalisering': both are chapter 11's."""
    chapter_11 = section_at(document, 1777)
    for line in (1782, 1787, 1790, 1794, 1802, 1808, 1818):
        section = section_at(document, line)
        assert section.level == 2
        assert section.parent == chapter_11.position
    assert section_at(document, 1782).title == CHAPTERS["4"][1]


def test_headings_are_level_two_without_numbers(document):
    """Depth below a chapter is not recoverable: every heading is level 2, number ""."""
    for section in document.sections:
        if section.level > 1:
            assert section.number == ""
        if section.level == 2:
            assert document.sections[section.parent].level == 1


def test_list_items_are_not_headings(document):
    """43–45, 48–51 and the chapter 10 goals 1704–1716 are items; 1160 is an item with a period."""
    starts = section_starts(document)
    for line in (43, 44, 45, 48, 49, 50, 51, 1160, *range(1704, 1717), *range(1760, 1764)):
        assert line not in starts, line


def test_ambiguous_lines_after_lists_are_headings(document):
    """137 (a lone line after a colon), 1626 and 1764 (breaking their list's style) are headings."""
    assert section_at(document, 137).title == "Rekruttere og beholde personell"
    assert section_at(document, 1626).title == (
        "Pasienter og pårørende skal kunne medvirke aktivt i egen helse"
    )
    assert section_at(document, 1764).level == 2


def test_captions_lead_ins_labels_and_repeats_are_not_headings(document):
    """805 and 703 follow [image: ]; 89 and 93 are leading-space captions; 90 sits above
    "Kilde:"; 1063 repeats 1061; 224 ends in "for å"; 489 ends in ":"; 1041/1042 are labels."""
    starts = section_starts(document)
    for line in (703, 805, 858, 1146, 89, 90, 93, 585, 1063, 224, 489, 491, 493, 1041, 1042):
        assert line not in starts, line
    assert section_at(document, 1061).end_line == 1066


def test_headings_are_normalised(document):
    """The NBSP of 1389 becomes a space; the leading space of 752 goes."""
    assert (
        section_at(document, 1389).title == "Styring og ansvarsforhold i spesialisthelsetjenesten"
    )
    assert section_at(document, 752).title == (
        "Behovsanalyser og utredning av konsekvenser for personellbehov"
    )


def test_a_heading_ending_in_an_abbreviation_is_a_heading(document):
    """971 ends in "mv.", an abbreviation, not a sentence."""
    assert section_at(document, 971).title.endswith("helsepersonell mv.")


def test_box_title_is_the_nearest_candidate_above_its_end_marker(document):
    """462→465 and 1461→1466 (whose title repeats heading 1450) are child boxes."""
    box = section_at(document, 462)
    assert (box.title, box.start_line, box.end_line) == (
        "Status allmennlegetjenesten per januar 2024",
        462,
        464,
    )
    assert box.level == 3
    assert document.sections[box.parent].start_line == 452

    repeat = section_at(document, 1461)
    assert (
        repeat.title
        == section_at(document, 1450).title
        == ("Finansiering av spesialisthelsetjenesten")
    )
    assert repeat.level == 3
    assert document.sections[repeat.parent].start_line == 1459
    assert repeat.end_line == 1465


def test_box_title_skips_the_colon_labels_inside_the_box(document):
    """The [Boks slutt] at 496 closes the box titled at 485, not at "Listersamarbeidets mål:"."""
    box = section_at(document, 485)
    assert box.title.startswith("Listersamarbeidet – ")
    assert (box.level, box.end_line) == (3, 495)
    assert "Nettverk:" in box.text


def test_enclosing_text_resumes_after_a_box(document):
    """Section 452 owns 466 (after the box 462–464) but not the box's own text."""
    section = section_at(document, 452)
    assert "Regjeringen vil skape en attraktiv og framtidsrettet allmennlegetjeneste" in (
        section.text
    )
    assert "Økningen i antall lister" not in section.text
    assert "Økningen i antall lister" in section_at(document, 462).text


def test_a_float_ending_at_a_leading_space_line_is_no_box(document):
    """327's float ends at the leading-space line 330: its lines stay in section 324's text."""
    section = section_at(document, 324)
    assert 327 not in section_starts(document)
    assert "Rehabiliteringsteam i Stavanger:" in section.text
    assert "Antallet som mottok habilitering" in section.text


def test_regjeringen_vil_boxes_end_at_marker_or_leading_space(document):
    """Boxes 715, 1018 and 1343 lack [Boks slutt] and end before a leading-space line."""
    boxes = {
        section.start_line: section.end_line
        for section in document.sections
        if section.title == "Regjeringen vil"
    }
    assert boxes == REGJERINGEN_VIL_BOXES
    assert section_at(document, 752).level == 2
    assert section_at(document, 1018).level == 2


def test_section_ranges_nest(document):
    """A child's range lies inside its parent's; positions follow document order."""
    for position, section in enumerate(document.sections):
        assert section.position == position
        assert section.start_line <= section.end_line
        if section.parent is not None:
            parent = document.sections[section.parent]
            assert parent.position < position
            assert parent.level == section.level - 1
            assert parent.start_line <= section.start_line <= section.end_line <= parent.end_line


def test_section_text_has_no_footnotes_or_markers(document):
    """References, bodies (19 spans 127–128; 45 holds "[nettdokument]") and markers are gone."""
    for section in document.sections:
        for residue in ("footnoteRef", "[Boks slutt]", "[image:", "Hjorthøj", "Heiberg", "]"):
            assert residue not in section.text, (section.start_line, residue)
    text = section_at(document, 126).text
    assert "av helsetjenester. Undersøkelser om helsekompetanse" in text
    assert "\n\n" in text


def test_section_text_is_its_own_text_only(document):
    """Chapter 3's own text is its opening line 185; the boxes and headings below are apart."""
    chapter_3 = section_at(document, 184)
    assert chapter_3.text.startswith("Det skal være enklere å mestre livet")
    assert "\n\n" not in chapter_3.text
    assert "Regjeringen vil" not in chapter_3.text


# --- Measures ----------------------------------------------------------------------------


def test_regjeringen_vil_bullets_per_box(document):
    """Per box, its lines minus lead-ins: 28−5, 15−1, 36−3, 19−3, 17−3, 14 and 6 lines."""
    counts: dict[int, int] = {}
    for measure in document.measures:
        start = document.sections[measure.section].start_line
        counts[start] = counts.get(start, 0) + 1
    assert counts == {186: 23, 434: 14, 715: 33, 1018: 16, 1162: 14, 1343: 14, 1556: 6}


def test_measures_are_verbatim_bullets_of_their_box(document):
    """Kind regjeringen_vil, year 2024, one line each, title == text, section = the box."""
    for measure in document.measures:
        assert measure.kind == REGJERINGEN_VIL
        assert measure.year == 2024
        assert measure.start_line == measure.end_line
        assert measure.title == measure.text
        assert document.sections[measure.section].title == "Regjeringen vil"
        assert (
            REGJERINGEN_VIL_BOXES[document.sections[measure.section].start_line]
            >= measure.start_line
        )
    assert max(len(measure.title) for measure in document.measures) > 300


def test_lead_ins_are_not_measures(document):
    """187, 193, 201, 207, 435, 716, 1019 and the chapter 7 headers 1163, 1175, 1178."""
    lines = {measure.start_line for measure in document.measures}
    for line in (186, 187, 193, 201, 207, 434, 435, 716, 726, 739, 1019, 1163, 1175, 1178):
        assert line not in lines, line


def test_ved_aa_item_owns_its_lower_case_sub_items(document):
    """730 ends "ved å:" and is a measure; 731–734 point at it; 735 is top-level again."""
    parent = measure_at(document, 730)
    assert document.measures[parent].parent is None
    for line in (731, 732, 733, 734):
        assert document.measures[measure_at(document, line)].parent == parent
    assert document.measures[measure_at(document, 735)].parent is None
    assert sum(measure.parent is not None for measure in document.measures) == 4


def test_identical_bullets_in_two_chapters_are_two_measures(document):
    """442 and 1166 open with the same sentence; each is its own measure."""
    first = document.measures[measure_at(document, 442)]
    second = document.measures[measure_at(document, 1166)]
    assert first.title.lower()[:60] == second.title.lower()[:60]
    assert first.section != second.section


def test_bullets_keep_case_and_final_period(document):
    """1164 keeps its full stop and capital; 188 keeps its lower-case start."""
    assert document.measures[measure_at(document, 1164)].title == (
        "Opprettholde dagens fødetilbud innenfor planperioden, gitt forsvarlig drift."
    )
    assert document.measures[measure_at(document, 188)].title.startswith("be Helsedirektoratet")


def test_lists_outside_regjeringen_vil_boxes_are_not_measures(document):
    """167–179, 817–834 (tillitsreform box) and the chapter 10 lists give no measures."""
    lines = {measure.start_line for measure in document.measures}
    for line in (*range(167, 180), *range(817, 835), *range(1704, 1732), *range(1760, 1764)):
        assert line not in lines, line


# --- Decisions ---------------------------------------------------------------------------


def test_quoted_request_decisions(document):
    """Vedtak 417 (972–973, no date) and vedtak nr. 561 of 12 May 2022 (994–995)."""
    first, second = document.decisions
    assert (first.kind, first.number, first.key, first.date) == (
        ANMODNINGSVEDTAK,
        "417",
        "vedtak-417",
        None,
    )
    assert (first.start_line, first.end_line) == (972, 973)
    assert first.text.startswith("Stortinget ber regjeringen avklare hvilke")
    assert first.session == ""
    assert document.sections[first.section].start_line == 971

    assert (second.number, second.key, second.date) == ("561", "vedtak-561", date(2022, 5, 12))
    assert second.date_text == "12. mai 2022"
    assert (second.start_line, second.end_line) == (994, 995)
    assert second.text.endswith("innen utgangen av 2022.")
    assert document.sections[second.section].start_line == 990


def test_only_quoted_decisions_count(document):
    """572 ("Stortinget vedtatt endringer") and "Lovvedtak 47" make no decision."""
    assert len(document.decisions) == 2
    assert all(decision.number != "47" for decision in document.decisions)


# --- Speed -------------------------------------------------------------------------------


def test_parses_the_seed_quickly(source):
    """The whole seed parses well within two seconds."""
    started = time.perf_counter()
    parse_white_paper(source)
    assert time.perf_counter() - started < 1.0


# --- Small functions ---------------------------------------------------------------------


def test_strip_footnotes_handles_nested_brackets_and_line_breaks():
    """A body may hold "[rapport]" and run over a line break; references vanish too."""
    text = "helse.[footnoteRef:3] Mer. [3: Kilde (2020) Tittel [rapport] side 2]\nNeste"
    assert strip_footnotes(text) == "helse. Mer. \nNeste"
    multi = "Linje[footnoteRef:19] [19: Forfatter\n\tfortsatt]\nNeste"
    assert strip_footnotes(multi, keep_line_breaks=True) == "Linje \n\nNeste"
    assert strip_footnotes(multi) == "Linje \nNeste"


def test_an_unclosed_footnote_body_ends_with_its_line():
    """A mangled body never swallows the lines after it."""
    text = "A [7: ødelagt\nB\nC\nD\nE\nF"
    ((start, end, closed),) = footnote_bodies(text)
    assert not closed
    assert text[start:end] == "[7: ødelagt"
    assert strip_footnotes(text) == "A \nB\nC\nD\nE\nF"


def test_title_from_summary_cuts_before_the_verb_or_full_stop():
    """ "<title> presenterer …", "<title> handler om …", "<title>. <sentence>"."""
    assert title_from_summary("Effekt og gjennomføring inneholder regjeringens plan") == (
        "Effekt og gjennomføring"
    )
    assert title_from_summary("God bruk av personell og kompetanse handler om innsats") == (
        "God bruk av personell og kompetanse"
    )
    assert title_from_summary(
        "Styring og finansiering av vår felles helsetjeneste. Styring og finansieringen skal"
    ) == ("Styring og finansiering av vår felles helsetjeneste")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rekruttere og beholde personell", True),
        ("Hva hindrer tjenestene i å jobbe forebyggende?", True),
        ("#Råbra", True),
        ("«Global Patient Safety Action Plan 2021–2030»", True),
        ("Oppfølging av anmodningsvedtak om autorisasjon mv.", True),
        ("God bruk av personell og kompetanse.", False),
        ("Nettverk:", False),
        ("Forebygging i helse- og omsorgstjenesten omfatter innsats for å", False),
        ("Mål én: Trygt å melde", False),
        ("Kilde: SSB statistikkbank tabellene 10211 og 13599", False),
        ("gjennomføre tillitsreformen", False),
        ("x" * 131, False),
        ("", False),
    ],
)
def test_is_heading_shaped(text, expected):
    """Short, upper-case, no final punctuation, no source/label/lead-in line."""
    assert is_heading_shaped(text) is expected


def test_a_box_title_may_end_in_a_colon():
    """ "Rehabiliteringsteam i Stavanger:" is shaped as a box title, not as a heading."""
    assert is_heading_shaped("Rehabiliteringsteam i Stavanger:", allow_colon=True)
    assert not is_heading_shaped("Rehabiliteringsteam i Stavanger:")


def test_is_lead_in():
    """Lines ending in ":", "gjennom å" or "gjennom" announce a list."""
    assert is_lead_in("Meldingen er bygd opp rundt fire innsatsområder:")
    assert is_lead_in("Regjeringen vil fremme kvinners helse gjennom å")
    assert is_lead_in("… og bidra til et bedre arbeidsmiljø gjennom")
    assert not is_lead_in("Rekruttere og beholde personell")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regjeringen vil:", True),
        ("Regjeringen vil forsterke den forebyggende innsatsen gjennom å", True),
        ("Regjeringen vil inkludere flere i arbeid gjennom", True),
        ("God bruk av personell og kompetanse gjennom følgende tiltak:", True),
        ("Videreføre arbeidet med et fagarbeiderløft ved å:", False),
        ("legge fram en ny strategi om helsekompetanse", False),
        ("Regjeringen vil etablere et teknisk beregningsutvalg", False),
    ],
)
def test_is_measure_lead_in(text, expected):
    """Lead-ins introduce bullets; a "ved å:" item is itself a bullet."""
    assert is_measure_lead_in(text) is expected


def test_decision_number_in():
    """ "Vedtak 417" and "vedtak (nr. 561)" count; "Lovvedtak 47" never does."""
    assert decision_number_in("jf. Lovvedtak 47 (2021–2022), Vedtak 417:") == "417"
    assert decision_number_in("Stortinget fattet følgende vedtak (nr. 561) i komiteen:") == "561"
    assert decision_number_in("jf. Lovvedtak 47 (2021–2022):") == ""


def test_section_text_drops_markers_and_repeats():
    """[Boks slutt] and [image: ] go; a paragraph repeated in a section is kept once."""
    assert section_text(["A.", "[image: ]", "", "B.", "A.", "[Boks slutt]"]) == "A.\n\nB."


def test_list_runs_leave_a_lone_or_style_breaking_last_line_as_heading():
    """After a colon, same-style lines are items; a lone short line is a heading."""
    lines = SourceLines(
        [
            "Tre områder:",
            "Første område",
            "Andre område",
            "Tredje område",
            "Lang brødtekst. " * 20,
            "Seks hovedgrep:",
            "Rekruttere og beholde personell",
            "Lang brødtekst. " * 20,
            "Tre behov:",
            "Behov for oversikt.",
            "Behov for deling.",
            "Pasienter skal kunne medvirke",
            "Lang brødtekst. " * 20,
        ]
    )
    assert find_list_items(lines, lines.count) == {2, 3, 4, 10, 11}


# --- A small white paper -----------------------------------------------------------------

SMALL = "\n".join(
    [
        " Første kapittel",  # 1
        "Innledende tekst om planen.[footnoteRef:1] [1: En kilde.]",  # 2
        "Sammendrag",  # 3
        "Kapittel 2 Andre kapittel presenterer tiltak.",  # 4
        "Kapittel 3 Tredje kapittel handler om mer.",  # 5
        "Andre kapittel",  # 6
        "Regjeringen vil",  # 7
        "Regjeringen vil styrke innsatsen gjennom å",  # 8
        "utrede en ny ordning",  # 9
        "Videreføre et løft ved å:",  # 10
        "vurdere tiltak",  # 11
        "anmode kommunene",  # 12
        "Etablere et register.",  # 13
        "[Boks slutt]",  # 14
        "Et avsnitt etter boksen.",  # 15
        "Et eksempel",  # 16
        "Tekst i eksempelboksen.",  # 17
        "[Boks slutt]",  # 18
        "Stortinget fattet følgende vedtak (nr. 12) den 3. juni 2021:",  # 19
        "«Stortinget ber regjeringen gjøre noe.»",  # 20
        "Tredje kapittel",  # 21
        "Tekst.",  # 22
        "Økonomiske og administrative konsekvenser",  # 23
        "Ingen kostnader.",  # 24
        "Helse- og omsorgsdepartementet",  # 25
        "tilrår:",  # 26
        "Tilråding frå Helse- og omsorgsdepartementet 5. april 2024 om planen blir send "
        "Stortinget.",  # 27
        " ",  # 28
    ]
)


def test_small_white_paper_end_to_end():
    """Chapters, a measure box with a "ved å:" item, an example box and a decision."""
    (document,) = parse_white_paper(SourceText.from_text(SMALL, name="small.txt"))
    assert (document.published, document.year, document.language) == (
        date(2024, 4, 5),
        2024,
        "nn",
    )
    assert (document.start_line, document.end_line) == (1, 27)
    outline = [(s.level, s.number, s.title, s.start_line, s.end_line) for s in document.sections]
    assert outline == [
        (1, "1", "Første kapittel", 1, 5),
        (2, "", "Sammendrag", 3, 5),
        (1, "2", "Andre kapittel", 6, 20),
        (2, "", "Regjeringen vil", 7, 13),
        (2, "", "Et eksempel", 16, 17),
        (1, "3", "Tredje kapittel", 21, 22),
        (1, "4", "Økonomiske og administrative konsekvenser", 23, 24),
    ]
    assert document.sections[0].text == "Innledende tekst om planen."
    assert "Et avsnitt etter boksen." in document.sections[2].text
    assert [(m.start_line, m.parent) for m in document.measures] == [
        (9, None),
        (10, None),
        (11, 1),
        (12, 1),
        (13, None),
    ]
    (decision,) = document.decisions
    assert (decision.number, decision.date, decision.key) == ("12", date(2021, 6, 3), "vedtak-12")
    assert decision.text == "Stortinget ber regjeringen gjøre noe."
    assert document.warnings == ()


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", " ", "\n \n"])
def test_empty_text_is_a_clear_error(text):
    with pytest.raises(ValueError, match="empty text"):
        parse_white_paper(SourceText.from_text(text, name="empty.txt"))


@pytest.mark.parametrize("name", OTHER_SEEDS)
def test_other_document_families_are_a_clear_error(name):
    """News, annual reports and the budget proposition are no white papers."""
    with pytest.raises(ValueError, match="not a white paper"):
        parse_white_paper(load_seed(name))


def test_a_truncated_copy_returns_what_it_could_read(source):
    """Cut at line 900: five chapters, the boxes so far, and warnings for what is missing."""
    truncated = SourceText(name="truncated.txt", lines=source.lines[:900])
    assert not recognise(truncated)
    (document,) = parse_white_paper(truncated)
    assert [s.number for s in document.sections if s.level == 1] == ["1", "2", "3", "4", "5"]
    assert document.published is None and document.year is None
    assert any("signature" in warning for warning in document.warnings)
    assert any("chapter 6" in warning for warning in document.warnings)
    assert len(document.measures) == 23 + 14 + 33


def test_a_copy_without_its_head_keeps_the_signature(source):
    """Without the Sammendrag the first line is the only chapter, with a warning."""
    (document,) = parse_white_paper(SourceText(name="tail.txt", lines=source.lines[1400:]))
    assert document.published == date(2024, 3, 1)
    assert any("Sammendrag" in warning for warning in document.warnings)


def test_an_unclosed_footnote_is_reported_not_swallowed(source):
    """A body without its closing bracket is cut at its line end and named in the warnings."""
    lines = list(source.lines)
    lines.insert(300, "Dette er en setning. [7: ødelagt fotnote uten slutt")
    (document,) = parse_white_paper(SourceText(name="broken.txt", lines=tuple(lines)))
    assert "footnote body at line 301 has no closing bracket; cut at its line end" in (
        document.warnings
    )
    assert len(document.measures) == 120


def test_mangled_copies_never_crash(source):
    """Deleted, cut, shuffled and spurious lines give a document or a ValueError, nothing else."""
    rng = random.Random(4)
    noise = ["[Boks slutt]", "Regjeringen vil", " ", "[image: ]", "[12: åpen", "vedtak:", ""]
    for _ in range(60):
        lines = list(source.lines)
        for _ in range(rng.randint(1, 40)):
            index = rng.randrange(len(lines))
            action = rng.random()
            if action < 0.4:
                del lines[index]
            elif action < 0.6:
                lines.insert(index, rng.choice(noise))
            elif action < 0.8:
                lines[index] = lines[index][: rng.randrange(len(lines[index]) + 1)]
            else:
                window = lines[index : index + 20]
                rng.shuffle(window)
                lines[index : index + 20] = window
        with contextlib.suppress(ValueError):
            parse_white_paper(SourceText(name="mangled.txt", lines=tuple(lines)))
