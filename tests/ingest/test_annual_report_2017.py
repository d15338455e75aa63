"""Årsrapport 2017 as wrapped PDF text (seed 001): SEEDS.md "001" and "Decisions in 001 and 002"."""

import re
import time
from datetime import date

import pytest

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.annual_report.wrapped_text import (
    LineKind,
    StreamLine,
    budget_line,
    find_chapter_headings,
    footnote_lines,
    looks_wrapped,
    numbered_heading,
    paragraphs,
    parse_wrapped_report,
    runs_on,
    split_amounts,
    status_of,
)
from ingest.vocabulary import (
    ANMODNINGSVEDTAK,
    ANNUAL_REPORT,
    FERDIG,
    FORSINKET,
    FORSKRIFT,
    I_RUTE,
    IKKE_STARTET,
    INNTEKT,
    LANGSIKTIG_MAL,
    OPPDRAG,
    STYRINGSPARAMETER,
    UTGIFT,
)
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "001_604cd1db9da4de4d.txt"

# SEEDS.md table: chapter -> (first content line, last line of its partition, title)
CHAPTERS = {
    1: (1, 273, "LEDERS BERETNING"),
    2: (274, 449, "INTRODUKSJON TIL VIRKSOMHETEN OG HOVEDTALL"),
    3: (450, 5193, "ÅRETS AKTIVITETER OG RESULTATER"),
    4: (5194, 5252, "STYRING OG KONTROLL I VIRKSOMHETEN"),
    5: (5253, 5301, "VURDERING AV FRAMTIDSUTSIKTER"),
    6: (5302, 6542, "ÅRSREGNSKAP"),
    7: (6543, 6884, "ETATSTYRERS VURDERING AV YTRE OG UNDERLIGGENDE ETATER"),
}
STATUS_LINE = re.compile(r"^\s*(I rute|Ferdig|Forsinket|Ikke startet)\s*$")
INLINE_STATUS_LINE = re.compile(r"^(\s*\S.*?\S)\s{2,}(I rute|Ferdig|Forsinket|Ikke startet)\s*$")
LABEL_LINE = re.compile(r"^\s*(Beskrivelse|Kommentar|Resultatmål:)")


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def document(source) -> ParsedDocument:
    return parse_wrapped_report(source)


def section(document: ParsedDocument, number: str):
    return next(s for s in document.sections if s.number == number)


def measure_at(document: ParsedDocument, start_line: int):
    return next(m for m in document.measures if m.start_line == start_line)


def row_at(document: ParsedDocument, start_line: int):
    return next(b for b in document.budget_lines if b.start_line == start_line)


def last_content_line(source: SourceText, upto: int) -> int:
    return max(n for n in range(1, upto + 1) if source.line(n).strip())


# --- Golden file ---------------------------------------------------------------------------


def test_seed_matches_golden(document, update_golden):
    """The reviewed outline, counts and trap rows of seed 001 stay as they are."""
    starts = {m.start_line: i for i, m in enumerate(document.measures)}
    decisions = {d.start_line: i for i, d in enumerate(document.decisions)}
    rows = {b.start_line: i for i, b in enumerate(document.budget_lines)}
    selected = {
        # 487: comment runs on past chapter 3's heading (503); 1060: title glued to the
        # comment above; 841: standalone title; 851: indented title after a comment;
        # 935: title after a page footer; 964: inline status; 2950: goal without comment;
        # 3394: parameter title after a comment; 4139: target + Avhengighet; 5064: no
        # Oppgaver marker.
        "measures": [
            starts[line] for line in (487, 1060, 841, 851, 935, 964, 2950, 3394, 4139, 5064)
        ],
        # 35: regulation; 403: heading 402 not glued; 720: request decision; 3111: held
        # by an assignment; 4767: "14.desember"; 6612: Stortingets vedtak.
        "decisions": [decisions[line] for line in (35, 403, 720, 3111, 4767, 6612)],
        # 5417: first row; 5425: negative regnskap; 5429: kap 0540 over ten lines;
        # 5470: glued post; 5474: merged amounts; 5490: glued post; 5512: glued note;
        # 5596: no fitting split; 5622: income row without post text.
        "budget_lines": [
            rows[line] for line in (5417, 5425, 5429, 5470, 5474, 5490, 5512, 5596, 5622)
        ],
    }
    assert_golden(
        SEED.removesuffix(".txt"), summarise(document, selected=selected), update=update_golden
    )


# --- Identity ------------------------------------------------------------------------------


def test_identity_comes_from_footer_and_signature(document):
    """Year from the footer, published from the first signature; title from config."""
    assert document.kind == ANNUAL_REPORT
    assert document.title == ""
    assert document.publisher == ""
    assert document.reference == ""
    assert document.slug == ""
    assert document.year == 2017
    assert document.published == date(2018, 4, 12)
    assert document.language == "nb"
    assert (document.start_line, document.end_line) == (1, 6883)


def test_looks_wrapped_needs_the_footer_signature(source):
    """The recogniser keys on the footer, present in 001 and absent from 002."""
    assert looks_wrapped(source)
    assert not looks_wrapped(load_seed("002_6382bfd4d7ccf047.txt"))


def test_whole_seed_parses_fast(source):
    """A whole seed parses in well under two seconds."""
    started = time.perf_counter()
    parse_wrapped_report(source)
    assert time.perf_counter() - started < 2


# --- Sections ------------------------------------------------------------------------------


def test_chapters_follow_the_seeds_table(document, source):
    """Seven chapters with the table's titles and ranges, trailing blank lines excluded."""
    chapters = [s for s in document.sections if s.level == 1]
    assert [s.number for s in chapters] == [str(n) for n in range(1, 8)]
    for chapter in chapters:
        first, partition_end, title = CHAPTERS[int(chapter.number)]
        assert chapter.title == title
        assert chapter.start_line == first
        assert chapter.end_line == last_content_line(source, partition_end)
        assert chapter.parent is None


def test_outline_has_the_numbered_sections_and_no_level_four(document):
    """Levels 2–3 as printed; 3.13 is the highest in chapter 3, x.3 elsewhere."""
    numbers = [s.number for s in document.sections if s.level > 1]
    assert numbers == [
        "2.1", "2.2", "2.3",
        "3.1", "3.2", "3.3", "3.3.1", "3.3.2", "3.3.3", "3.3.4",
        "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10", "3.11", "3.12",
        "3.13", "3.13.1", "3.13.2", "3.13.3", "3.13.4", "3.13.5", "3.13.6",
        "6.1", "7.1", "7.2",
    ]  # fmt: skip
    assert max(s.level for s in document.sections) == 3
    assert section(document, "3.3.3").parent == section(document, "3.3").position
    assert section(document, "3.3.3").start_line == 1943


def test_sections_are_in_document_order_and_nest(document):
    """Positions are document order; every child lies inside its parent's range."""
    for index, current in enumerate(document.sections):
        assert current.position == index
        if current.parent is not None:
            parent = document.sections[current.parent]
            assert parent.position < current.position
            assert parent.start_line <= current.start_line <= current.end_line <= parent.end_line


def test_misplaced_chapter_headings_are_assigned_by_number(document):
    """Chapter 2 owns 2.1 although its heading (316) comes later; 3.1 starts chapter 3."""
    chapter_two = section(document, "2")
    first = section(document, "2.1")
    assert first.parent == chapter_two.position
    assert first.start_line == 274 < 316
    assert chapter_two.text == ""  # its heading is zero-width; 318–327 stay in 2.1
    assert "Helsedirektoratets visjon er: God helse – gode liv." in first.text
    assert section(document, "3.1").parent == section(document, "3").position
    assert section(document, "3.1").start_line == 450 < 503


def test_chapter_heading_never_ends_a_paragraph(document):
    """Sentence 25 continues at 31 past footnote 28 and heading 30."""
    text = section(document, "1").text
    assert "bidra til et godt grunnlag for god helse gjennom livet." in text
    assert "LEDERS BERETNING" not in text
    assert "ÅRETS AKTIVITETER" not in section(document, "3.1").text
    assert "INTRODUKSJON" not in section(document, "2.1").text


def test_false_headings_stay_text(document):
    """'2017. ParkinsonNet' (137), '1. desember 2018.' (3175), lists and table codes are no Sections."""
    starts = {s.start_line for s in document.sections}
    assert not starts & {137, 244, 3175, 3775, 5121}
    assert "2017. ParkinsonNet skal på systematisk" in section(document, "1").text
    assert "714.70 Arbeidslivets" in section(document, "3.13.5").text


def test_unnumbered_headings_and_markers_stay_in_the_parent_text(document):
    """'Risikostyring' (5223) and the block markers are text, not Sections."""
    titles = {s.title for s in document.sections}
    assert not titles & {"Risikostyring", "Langsiktige mål", "Samlet vurdering", "Oppgaver"}
    assert "Risikostyring" in section(document, "4").text
    assert "Strategiske vurderinger" in section(document, "3.3.1").text


def test_footers_and_footnote_text_are_dropped(document):
    """No page footer and no footnote body reaches the section text."""
    everything = "\n".join(s.text for s in document.sections)
    assert "HELSEDIREKTORATET – ÅRSRAPPORT" not in everything
    assert "Healthy Life Years" not in everything
    assert "alvorlige helseproblemer. Samtidig" in section(document, "1").text


def test_footnote_digits_go_in_prose_only(document):
    """'helseproblemer1' loses its digit; 'HelseOmsorg21' keeps its digits."""
    assert "helseproblemer1" not in section(document, "1").text
    assert "HelseOmsorg21" in section(document, "3.11").text
    assert "vedlikehold, overvåkning" in section(document, "3.13.3").text


def test_page_footer_inside_a_sentence_is_zero_width(document):
    """4365 ends with a comma and 4371 goes on: one paragraph across footer 4368."""
    goal = measure_at(document, 4330)
    assert "(resertifiseringer i allmennmedisin), 293 førstegangsgodkjenning" in goal.comment


def test_hyphens_are_decided_on_the_raw_line_end(document):
    """'Helse- ' + 'og' keeps the hyphen, 'utviklings-' + 'arbeid' drops it, 'ISF-' stays."""
    assert "(f. eks: Helse- og omsorgsdepartementet," in section(document, "2.1").text
    assert (
        "kunnskap om kvalitetsutviklingsarbeid i tjenestene" in measure_at(document, 1276).comment
    )
    assert "ISF-ordningen er omfattende endret til 2018" in measure_at(document, 3180).comment


# --- Measures ------------------------------------------------------------------------------


def test_measure_counts(document, source):
    """Every status anchor of chapter 3 is one assignment; goals and parameters as listed."""
    kinds = [m.kind for m in document.measures]
    anchors = [
        n
        for n in range(450, 5194)
        if STATUS_LINE.match(source.line(n))
        or (INLINE_STATUS_LINE.match(source.line(n)) and not LABEL_LINE.match(source.line(n)))
    ]
    assert kinds.count(OPPDRAG) == len(anchors) == 94
    assert kinds.count(LANGSIKTIG_MAL) == 44
    assert kinds.count(STYRINGSPARAMETER) == 29


def test_measures_lie_in_chapter_three_with_year_2017(document):
    """Measures come from chapter 3 only (not 'Våre hovedaktiviteter', 48, nor 'Ombudene anbefaler')."""
    for measure in document.measures:
        owner = document.sections[measure.section]
        assert owner.number.startswith("3.")
        assert owner.start_line <= measure.start_line <= measure.end_line <= owner.end_line
        assert 450 <= measure.start_line <= measure.end_line <= 5193
        assert measure.year == 2017
        assert measure.title


def test_measures_are_in_document_order_and_do_not_overlap(document):
    """One measure ends before the next begins."""
    lines = [(m.start_line, m.end_line) for m in document.measures]
    assert lines == sorted(lines)
    for (_, end), (start, _) in zip(lines, lines[1:], strict=False):
        assert end < start


def test_goal_status_is_unknown(document):
    """The traffic lights are lost images (legend 446–448): goals carry no status."""
    for measure in document.measures:
        if measure.kind in (LANGSIKTIG_MAL, STYRINGSPARAMETER):
            assert measure.status == ""


def test_goal_comment_continues_across_the_chapter_heading(document):
    """Chapter 3's heading (503) cuts the 489 comment, which continues at 504."""
    goal = measure_at(document, 487)
    assert goal.kind == LANGSIKTIG_MAL
    assert goal.title == "God kunnskap om og sunnere levevaner i befolkningen"
    assert goal.end_line == 508
    assert goal.comment.startswith("Helhetlig og koordinert innsats")
    assert "I oppfølgingen av Snakk om det!" in goal.comment
    assert "ÅRETS AKTIVITETER" not in goal.comment


def test_goal_titles_start_at_the_indented_line(document):
    """1060 and 2453 follow a comment without a blank line; the indent starts the title."""
    assert measure_at(document, 1038).end_line == 1059
    assert measure_at(document, 1060).title == (
        "Tilrettelagt tjenestetilbud til personer med demens og deres pårørende"
    )
    assert measure_at(document, 2453).kind == STYRINGSPARAMETER


def test_goals_without_comment(document):
    """An indented paragraph without 'Kommentar' is a goal with no comment (2950–2960)."""
    goals = [m for m in document.measures if m.section == section(document, "3.6").position]
    goals = [m for m in goals if m.kind == LANGSIKTIG_MAL]
    assert [(m.start_line, m.end_line) for m in goals] == [
        (2950, 2950),
        (2954, 2954),
        (2956, 2956),
        (2960, 2960),
    ]
    assert all(m.comment == "" for m in goals)


def test_goal_titles_under_samlet_vurdering_are_no_new_goals(document):
    """576, 605, 725, 737 and 773 repeat goal titles in prose; 3.1 has five goals."""
    starts = {m.start_line for m in document.measures}
    assert not starts & {576, 605, 725, 737, 773}
    in_first = [m for m in document.measures if m.section == section(document, "3.1").position]
    assert [m.start_line for m in in_first if m.kind == LANGSIKTIG_MAL] == [454, 474, 487, 512, 528]


def test_steering_parameter_title_and_comment(document):
    """785 is the title, 787 its 'Kommentar'."""
    parameter = measure_at(document, 785)
    assert parameter.kind == STYRINGSPARAMETER
    assert parameter.title.startswith("Andel av befolkningen som har kjennskap og tillit")
    assert parameter.comment == "Årlig forbrukerundersøkelse i januar gir måltall for kosthold."
    assert parameter.end_line == 787


def test_inline_status_assignment(document):
    """812: title and status on one line; the body splits at its labels."""
    task = measure_at(document, 812)
    assert task.kind == OPPDRAG
    assert task.title == "Ansvar for implementering av program for folkehelsearbeid i kommunene"
    assert task.status == I_RUTE
    assert task.description.startswith("Ansvar for implementering av program")
    assert task.description.endswith("budsjett på OP-503.")
    assert task.comment.startswith("5 (6 før sammenslåing av Aust- og Vest-Agder)")
    assert task.end_line == 821


def test_standalone_status_assignment(document):
    """935–936 is the title of the 938 'I rute' (a page footer sits above it)."""
    task = measure_at(document, 935)
    assert task.title == (
        "Helsedirektoratet skal revidere veilederen Helseeffekter i samfunnsøkonomiske analyser"
    )
    assert task.status == I_RUTE
    assert task.end_line == 946


def test_indented_title_after_a_comment(document):
    """851 follows the 849 comment directly; the comment keeps 850."""
    assert measure_at(document, 841).end_line == 850
    task = measure_at(document, 851)
    assert task.title == (
        "Direktoratet skal i samarbeid med aktuelle etater og forskningsmiljøer følge opp "
        "rapporten Gode liv i Norge"
    )


def test_status_values_and_titles(document):
    """Each printed status maps to its value and is never part of the title."""
    assert measure_at(document, 1303).status == IKKE_STARTET
    assert measure_at(document, 1360).status == FERDIG
    assert measure_at(document, 1889).status == FORSINKET
    for task in document.measures:
        if task.kind == OPPDRAG:
            assert task.status in (I_RUTE, FERDIG, FORSINKET, IKKE_STARTET)
            assert not re.search(r"(I rute|Ferdig|Forsinket|Ikke startet)$", task.title)


def test_target_splits_at_resultatmal(document):
    """'Resultatmål:' starts the target; 'Avhengighet:' goes back to the description."""
    task = measure_at(document, 4139)
    assert task.target == "Leveranse til HOD innen gitt frist."
    assert "Avhengighet: EIEJ, Helseplattformen" in task.description
    assert measure_at(document, 1804).target == (
        "Utforme modell for pilotering av primærhelseteam fra 1.4.2018."
    )


def test_assignments_without_oppgaver_marker_are_flagged(document):
    """3.13.3–3.13.6 lost their 'Oppgaver' marker: assignments, with a warning each."""
    for line in (5064, 5079, 5092, 5146):
        assert measure_at(document, line).kind == OPPDRAG
        assert any(warning.startswith(f"line {line}:") for warning in document.warnings)
    assert len(document.warnings) == 4


def test_styringsparameter_list_in_a_comment_is_no_measure(document):
    """'a) Styringsparameter: …' (5167–5188) belongs to the 5146 comment."""
    task = measure_at(document, 5146)
    assert task.end_line == 5193
    assert "a) Styringsparameter: Andel digitale retningslinjer" in task.comment
    assert not any(5147 <= m.start_line <= 5193 for m in document.measures)


# --- Decisions -----------------------------------------------------------------------------


def test_decisions_follow_the_sentence_rule(document):
    """Kept sentences carry a trigger; the excluded phrases never make one."""
    assert len(document.decisions) == 40
    for decision in document.decisions:
        assert not re.search(
            r"vedtatt (politikk|fremdriftsplan)|vedtatte endringer|WHO har vedtatt", decision.text
        )
        assert not decision.text.startswith(("Kommentar", "Beskrivelse"))
        owner = document.sections[decision.section]
        assert owner.start_line <= decision.start_line <= decision.end_line <= owner.end_line


def test_decision_kinds(document):
    """Anmodningsvedtak 626 is a request decision; a 'Forskrift …' sentence a regulation."""
    request = next(d for d in document.decisions if d.start_line == 720)
    assert request.kind == ANMODNINGSVEDTAK
    assert request.number == "626"
    assert request.session == ""
    regulation = next(d for d in document.decisions if d.start_line == 35)
    assert regulation.kind == FORSKRIFT
    assert regulation.date == date(2017, 1, 1)
    assert regulation.end_line == 37


def test_glued_heading_is_not_part_of_the_decision(document):
    """'Status IA-arbeid' (402) heads its own paragraph; the 403 decision starts after it."""
    decision = next(d for d in document.decisions if d.start_line == 403)
    assert (
        decision.text
        == "IA-handlingsplan for Helsedirektoratet for perioden 2014-2018 ble vedtatt i januar 2015."
    )


def test_day_and_month_take_the_reporting_year(document):
    """'14.desember' (4768) is 14 December 2017."""
    decision = next(d for d in document.decisions if "14.desember" in d.text)
    assert decision.date == date(2017, 12, 14)
    assert decision.date_text == "14.desember"


def test_decisions_link_the_assignment_holding_them(document):
    """A sentence inside an assignment's range points at it; prose outside points nowhere."""
    decision = next(d for d in document.decisions if d.start_line == 3111)
    held_by = document.measures[decision.measure]
    assert held_by.kind == OPPDRAG
    assert held_by.start_line == 3106
    for decision in document.decisions:
        if decision.measure is None:
            continue
        task = document.measures[decision.measure]
        assert task.start_line <= decision.start_line <= decision.end_line <= task.end_line
    assert next(d for d in document.decisions if d.start_line == 403).measure is None


def test_identical_sentences_in_a_section_make_one_decision(document):
    """Rule 4 within a section; the near-identical 552/596 sentences stay two."""
    identities = [(d.section, d.text) for d in document.decisions]
    assert len(identities) == len(set(identities))
    assert {d.start_line for d in document.decisions} >= {552, 596}


# --- Budget lines --------------------------------------------------------------------------


def test_budget_rows_cover_both_tables(document):
    """Expense rows 5417–5600 and income rows 5622–5640, one per (kap, post)."""
    expense = [b for b in document.budget_lines if b.direction == UTGIFT]
    income = [b for b in document.budget_lines if b.direction == INNTEKT]
    assert len(expense) == 88
    assert len(income) == 10
    assert (expense[0].start_line, expense[-1].end_line) == (5417, 5600)
    assert (income[0].start_line, income[-1].end_line) == (5622, 5640)
    keys = [(b.kap, b.post) for b in document.budget_lines]
    assert len(keys) == len(set(keys))
    assert all(b.section == section(document, "6.1").position for b in document.budget_lines)


def test_amounts_satisfy_the_direction_equation(document):
    """tildeling − regnskap = avvik (expense), regnskap − tildeling = avvik (income)."""
    for row in document.budget_lines:
        if row.avvik_nok is None:
            assert row.tildeling_nok == 0
            continue
        if row.direction == UTGIFT:
            assert row.tildeling_nok - row.regnskap_nok == row.avvik_nok
        else:
            assert row.regnskap_nok - row.tildeling_nok == row.avvik_nok


def test_merged_amounts_split_three_ways(document):
    """5474: '4 035 000 314 734 3 720 266' is 4 035 000, 314 734 and 3 720 266."""
    row = row_at(document, 5474)
    assert (row.kap, row.post, row.post_title, row.note) == (734, 70, "Tilskudd", "A,B")
    assert (row.tildeling_nok, row.regnskap_nok, row.avvik_nok) == (4_035_000, 314_734, 3_720_266)


def test_row_without_fitting_split_has_null_difference(document):
    """5596: a 0 tildeling plus a regnskap, the difference NULL (never 0)."""
    row = row_at(document, 5596)
    assert (row.kap, row.post, row.note) == (1633, 1, "")
    assert (row.tildeling_nok, row.regnskap_nok, row.avvik_nok) == (0, 94_937_535, None)


def test_glued_cells(document):
    """Post glued to the kap name (5470), note glued to the post text (5512)."""
    glued_post = row_at(document, 5470)
    assert glued_post.kap_title == "Særskilte tilskudd til psykisk helse og rustiltak - drift"
    assert (glued_post.kap, glued_post.post, glued_post.post_title) == (734, 1, "Driftsutgifter")
    glued_note = row_at(document, 5512)
    assert glued_note.post_title == "Opptrappingsplan habilitering og rehabilitering"
    assert glued_note.note == "A,B"


def test_row_5622_has_no_post_text_and_kap_0540_spans_lines(document):
    """Income row 5622 has no post text; kap 0540 runs over 5429–5438."""
    income = row_at(document, 5622)
    assert (income.kap, income.post, income.post_title) == (3714, 4, "")
    assert income.avvik_nok == -406_305
    spanning = row_at(document, 5429)
    assert (spanning.kap, spanning.post, spanning.end_line) == (540, 25, 5438)
    assert spanning.kap_title == "Medfinansieringsordning for lønnsomme IKT-prosjekter"
    assert (spanning.tildeling_nok, spanning.regnskap_nok, spanning.avvik_nok) == (
        0,
        2_500_000,
        None,
    )


def test_notes_key_figures_and_accounts_are_no_budget_lines(document):
    """Note A/B codes (072001), capital accounts and key figures 2.3 (428–443) stay out."""
    for row in document.budget_lines:
        assert 5417 <= row.start_line <= 5640
    assert not any(row.kap == 7200 or row.kap > 9999 for row in document.budget_lines)


# --- Small functions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("bidra til et godt ", " grunnlag for god helse", True),
        ("(resertifiseringer i allmennmedisin), ", "293 førstegangsgodkjenning", True),
        ("har økt. ", "  I oppfølgingen av", False),
        ("Primærhelsetjenester, 87 ansatte", "Helsedirektoratet inkl. Pasient-", False),
        (None, "grunnlag", False),
        ("tekst", None, False),
    ],
)
def test_runs_on(before, after, expected):
    """A sentence runs on only from an unfinished line into a lower-case or digit start."""
    assert runs_on(before, after) is expected


@pytest.mark.parametrize(
    ("tokens", "direction", "expected"),
    [
        ("4 035 000 314 734 3 720 266", UTGIFT, (4_035_000, 314_734, 3_720_266)),
        ("20 151 000 20 151 000 0", UTGIFT, (20_151_000, 20_151_000, 0)),
        ("0 -67 380 922 67 380 922", UTGIFT, (0, -67_380_922, 67_380_922)),
        ("2 315 000 1 908 695 -406 305", INNTEKT, (2_315_000, 1_908_695, -406_305)),
        ("0 94 937 535", UTGIFT, (0, 94_937_535, None)),
        ("12 34", UTGIFT, None),
        ("", UTGIFT, None),
    ],
)
def test_split_amounts(tokens, direction, expected):
    """The unique split satisfying the direction's equation, else 0 + regnskap, else None."""
    assert split_amounts(tokens.split(), direction) == expected


def test_status_of_anchor_lines():
    """Standalone and inline statuses anchor; a label line never does."""
    assert status_of("I rute ") == (None, I_RUTE)
    assert status_of("  Følge opp Ariansonutvalget  Ikke startet ") == (
        "  Følge opp Ariansonutvalget",
        IKKE_STARTET,
    )
    assert status_of("Kommentar Oppdraget er  Ferdig") is None
    assert status_of("Prosjektet er i rute.") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (" 3.3.3 Psykisk helse og rus ", ((3, 3, 3), "Psykisk helse og rus")),
        ("3.13 Administrative rutiner ", ((3, 13), "Administrative rutiner")),
        ("7.2 Helseøkonomiforvaltningen (Helfo) ", ((7, 2), "Helseøkonomiforvaltningen (Helfo)")),
        ("714.70 Arbeidslivets ", None),
        ("6.4 Ikke en seksjon her", None),
        ("3.14 For høyt nummer", None),
        ("1. desember 2018. ", None),
    ],
)
def test_numbered_heading(line, expected):
    """Levels 2–3 with the second number capped per chapter."""
    assert numbered_heading(line) == expected


def test_chapter_headings_join_a_wrapped_caps_line():
    """'2. INTRODUKSJON …' + 'OG HOVEDTALL'; lists and dates are no chapters."""
    lines = [
        "1. Vi skal gjøre de riktige oppgavene ",
        "2. INTRODUKSJON TIL VIRKSOMHETEN ",
        "OG HOVEDTALL ",
        " Visjoner og verdier  ",
        "1. desember 2018. ",
        " 3. ÅRETS AKTIVITETER OG RESULTATER ",
        "  I oppfølgingen av Snakk om det!",
        "2. INTRODUKSJON IGJEN",
    ]
    headings = find_chapter_headings(lines)
    assert [(h.chapter, h.title, h.first_line, h.last_line) for h in headings] == [
        (2, "INTRODUKSJON TIL VIRKSOMHETEN OG HOVEDTALL", 2, 3),
        (3, "ÅRETS AKTIVITETER OG RESULTATER", 6, 6),
    ]


def test_footnote_block_is_found_after_a_long_blank_line():
    """The separator and the numbered note below it are footnote lines."""
    lines = ["tekst", "", " " * 61, "1 Healthy Life Years Indicator (EU). ", "", "1. LEDERS"]
    assert footnote_lines(lines) == {3, 4}
    assert footnote_lines(["tekst", "    ", "1 ikke en note"]) == set()


def test_paragraphs_split_headings_and_bullets():
    """A short unpunctuated line between sentences heads its own paragraph; bullets split."""
    entries = [
        StreamLine(1, "Dette er en setning. "),
        StreamLine(2, "Status IA-arbeid  "),
        StreamLine(3, "IA-handlingsplan ble vedtatt i januar 2015. "),
        StreamLine(4, "• første punkt "),
        StreamLine(5, "• andre punkt som "),
        StreamLine(6, "fortsetter her "),
        StreamLine(7, "", LineKind.BLANK),
        StreamLine(8, "helse- og omsorgs-"),
        StreamLine(9, "tjenesten. "),
    ]
    found = paragraphs(entries)
    assert [p.text for p in found] == [
        "Dette er en setning.",
        "Status IA-arbeid",
        "IA-handlingsplan ble vedtatt i januar 2015.",
        "• første punkt",
        "• andre punkt som fortsetter her",
        "helse- og omsorgstjenesten.",
    ]
    assert found[4].line_at(len("• andre punkt som f")) == 6
    assert found[5].line_at(0) == 8


def test_budget_line_reads_glued_cells():
    """Kap, glued post and note, and the three amounts of one row."""
    warnings: list[str] = []
    row = budget_line(
        UTGIFT,
        [StreamLine(9, "0761 Forsøk med statlig finansiering av omsorgstjenestene65 Diverse A,B "
                   "1 319 042 000 1 337 866 000 -18 824 000")],
        warnings,
    )  # fmt: skip
    assert row is not None
    assert (row.kap, row.kap_title, row.post, row.post_title, row.note) == (
        761,
        "Forsøk med statlig finansiering av omsorgstjenestene",
        65,
        "Diverse",
        "A,B",
    )
    assert (row.tildeling_nok, row.regnskap_nok, row.avvik_nok) == (
        1_319_042_000,
        1_337_866_000,
        -18_824_000,
    )
    assert warnings == []
    assert budget_line(UTGIFT, [StreamLine(3, "0720 uten post")], warnings) is None
    assert warnings and "without kap or post" in warnings[0]


# --- Bad input -----------------------------------------------------------------------------


def test_empty_text_is_refused():
    """An empty or blank text gives a clear ValueError."""
    with pytest.raises(ValueError, match="empty text"):
        parse_wrapped_report(SourceText.from_text("", name="empty.txt"))
    with pytest.raises(ValueError, match="empty text"):
        parse_wrapped_report(SourceText.from_text(" \n\n  \n", name="blank.txt"))


@pytest.mark.parametrize("other", ["002_6382bfd4d7ccf047.txt", "004_89a39abf184bf37d.txt"])
def test_other_document_families_are_refused(other):
    """Texts without the 2017 page footer are not this parser's."""
    with pytest.raises(ValueError, match="not a wrapped annual report"):
        parse_wrapped_report(load_seed(other))


def test_footer_without_headings_is_refused():
    """A footer alone gives no outline to build."""
    text = "Litt tekst.\nHELSEDIREKTORATET – ÅRSRAPPORT 2017 Side 3 \nMer tekst."
    with pytest.raises(ValueError, match="no chapter or section headings"):
        parse_wrapped_report(SourceText.from_text(text, name="footer.txt"))


def test_truncated_copy_returns_what_it_can(source):
    """The first 3 000 lines give chapters 1–3 and the measures so far, no budget lines."""
    head = SourceText(name="head.txt", lines=source.lines[:3000])
    document = parse_wrapped_report(head)
    assert [s.number for s in document.sections if s.level == 1] == ["1", "2", "3"]
    assert document.budget_lines == ()
    assert document.measures
    assert all(m.end_line <= 3000 for m in document.measures)


def test_truncated_copy_without_footer_is_refused(source):
    """The first 300 lines hold no page footer: a clear ValueError, no IndexError."""
    with pytest.raises(ValueError, match="footer"):
        parse_wrapped_report(SourceText(name="head.txt", lines=source.lines[:300]))


def test_missing_chapter_heading_is_warned(source):
    """Without line 503, chapter 3 exists untitled and the curators are told."""
    lines = list(source.lines)
    lines[502] = ""
    document = parse_wrapped_report(SourceText(name="mangled.txt", lines=tuple(lines)))
    chapter = section(document, "3")
    assert chapter.title == ""
    assert any("chapter 3 has no heading" in warning for warning in document.warnings)


@pytest.mark.parametrize("step", [2, 3, 7])
def test_mangled_copies_never_crash(source, step):
    """Dropping every n-th line or cutting lines short yields a result or a ValueError."""
    dropped = tuple(line for index, line in enumerate(source.lines) if index % step)
    cut = tuple(line[: len(line) // step] for line in source.lines)
    for lines in (dropped, cut):
        try:
            document = parse_wrapped_report(SourceText(name="mangled.txt", lines=lines))
        except ValueError:
            continue
        assert document.kind == ANNUAL_REPORT
