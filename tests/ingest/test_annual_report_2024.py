"""Årsrapport 2024 (seed 002), the one-paragraph-per-line profile: SEEDS.md "002"."""

import re
import time
from datetime import date

import pytest

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.annual_report import parse_annual_report, recognise
from ingest.parsers.annual_report.accounts import drop_repeated_budget_keys
from ingest.parsers.annual_report.paragraph_text import (
    budget_lines,
    clean_line,
    clean_table_line,
    find_title,
    indicator_target,
    is_heading_line,
    paragraphs,
    parse_paragraph_report,
    roman_decision_block,
    signature_lines,
    table_of_contents,
)
from ingest.vocabulary import (
    AKTIVITET,
    ANNET,
    ANNUAL_REPORT,
    FORSKRIFT,
    INNTEKT,
    NOKKELTALL,
    ROMERTALLSVEDTAK,
    STYRINGSPARAMETER,
    UTGIFT,
    VURDERINGSKRITERIUM,
)
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "002_6382bfd4d7ccf047.txt"
SUB_HEADINGS = {
    "Status og utvikling på målområdet",
    "Styringsindikatorer",
    "Sentrale aktiviteter",
    "Sentrale aktiviteter i direktoratet",
    "Måloppnåelse",
}
INDICATOR_LINE = re.compile(r"^(Styringsparameter|Nøkkeltall|Vurderingskriterie) (\d+):\s*(.+)$")


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def report(source) -> ParsedDocument:
    return parse_paragraph_report(source)


def section_at(report: ParsedDocument, line: int):
    """The section whose heading is on ``line``."""
    (found,) = [section for section in report.sections if section.start_line == line]
    return found


def innermost_section(report: ParsedDocument, line: int):
    holders = [s for s in report.sections if s.start_line <= line <= s.end_line]
    return holders[-1]


def measure_at(report: ParsedDocument, line: int):
    (found,) = [measure for measure in report.measures if measure.start_line == line]
    return found


def budget_line_at(report: ParsedDocument, line: int):
    (found,) = [row for row in report.budget_lines if row.start_line == line]
    return found


# --- Golden summary -------------------------------------------------------------------------


def test_parse_matches_golden(report, update_golden):
    """The 2024 report parses to its reviewed golden summary."""
    selected = {
        # 508 first indicator; 558 and 2077 run straight into their text; 643 first
        # activity; 773 activity with bullets; 1208 stops at the Tabell caption 1212;
        # 1223 numbered with a gap; 2098/2102/2137 Helfo prestasjonsmål targets.
        "measures": [0, 6, 13, 36, 60, 61, 128, 130, 131, 135],
        # 50 entry into force; 104 forskrift; 749 request decision without number;
        # 2282 season only; 2284 dated; 2936 the Romertallsvedtak block.
        "decisions": [0, 1, 7, 10, 11, 13],
        # 2549 first row; 2558 printed 1 kr off; 2572 regnskap "-"; 2622 the "i 70"
        # shift; 2637 scrambled; 2638 no amounts; 2644 no note; 2652/2659 income.
        "budget_lines": [0, 9, 21, 67, 80, 81, 87, 88, 95],
    }
    assert_golden(
        SEED.removesuffix(".txt"), summarise(report, selected=selected), update=update_golden
    )


def test_parses_fast(source):
    """The whole seed parses in well under two seconds."""
    started = time.perf_counter()
    parse_paragraph_report(source)
    assert time.perf_counter() - started < 1.5


# --- Identity -------------------------------------------------------------------------------


def test_identity_comes_from_the_text(report):
    """Title from line 3, signature date 2502, publisher from the colophon's 'Utgitt av'."""
    assert report.kind == ANNUAL_REPORT
    assert report.title == "Årsrapport 2024"
    assert report.year == 2024
    assert report.published == date(2025, 3, 1)
    assert report.publisher == "Helsedirektoratet"
    assert report.language == "nb"
    assert report.reference == ""
    assert report.slug == ""
    assert (report.start_line, report.end_line) == (3, 3436)


def test_nothing_is_flagged_for_review_but_the_scrambled_row(report):
    """Only row 2637 needs a curator: the målområder count matches, every table closes."""
    assert report.warnings
    assert all("2637" in warning for warning in report.warnings)


# --- Sections -------------------------------------------------------------------------------


def test_chapters_are_found_where_seeds_md_lists_them(report):
    """Seven chapters at the listed lines, numbered 1–7, in the headings' spelling."""
    chapters = [s for s in report.sections if s.level == 1]
    assert [(c.number, c.start_line) for c in chapters] == [
        ("1", 24),
        ("2", 254),
        ("3", 494),
        ("4", 2266),
        ("5", 2392),
        ("6", 2424),
        ("7", 3211),
    ]
    assert chapters[0].title == "Leders beretning"
    assert chapters[4].title == "Vurdering av framtidssutsikter"  # the TOC has "framtidssikter"
    assert all(chapter.parent is None for chapter in chapters)


def test_toc_and_colophon_are_no_sections(report):
    """Lines 3–20 and the colophon (3402–3436) hold no section; chapter 7 ends at 3400."""
    assert min(s.start_line for s in report.sections) == 24
    assert max(s.end_line for s in report.sections) == 3400
    assert section_at(report, 3211).end_line == 3400


def test_false_chapters_do_not_open_chapters(report):
    """'1. desember 2023 …' (2290) and the POBO list '1. Økonomi …' (3379) are prose."""
    starts = {s.start_line for s in report.sections}
    assert 2290 not in starts
    assert 3379 not in starts
    assert "1. desember 2023 publiserte" in innermost_section(report, 2290).text
    assert "1. Økonomi trumfer" in innermost_section(report, 3379).text


def test_stray_headings_never_open_chapters(report):
    """2094 stays text of the last målområde; 3363 is only a heading inside chapter 7."""
    assert 2094 not in {s.start_line for s in report.sections}
    holder = innermost_section(report, 2094)
    assert holder.title == "Status og utvikling på målområdet"
    assert "Etatstyrers vurdering av underliggende etater" in holder.text
    stray = section_at(report, 3363)
    assert stray.level == 2
    assert report.sections[stray.parent].number == "7"


def test_malomrader_match_the_number_of_overordnede_mal(report, source):
    """Chapter 3 has one level-2 section per overordnet mål stated at 2274 (14)."""
    stated = int(re.search(r"(\d+) overordnede mål", source.line(2274)).group(1))
    chapter_3 = section_at(report, 494).position
    goals = [s for s in report.sections if s.parent == chapter_3]
    assert len(goals) == stated == 14
    assert all(s.level == 2 and s.number == "" for s in goals)
    # A målområde is the line two above its "Status og utvikling på målområdet".
    for goal in goals:
        assert source.line(goal.start_line + 2) == "Status og utvikling på målområdet"
    assert goals[0].title == "Folkehelsearbeidet er kunnskapsbasert og tverrsektorielt"
    assert goals[0].start_line == 496


def test_level_three_holds_only_the_four_sub_headings(report):
    """Level 3 exists only under målområder and only with the four sub-heading titles."""
    level_3 = [s for s in report.sections if s.level == 3]
    assert {s.title for s in level_3} == SUB_HEADINGS
    for section in level_3:
        parent = report.sections[section.parent]
        assert parent.level == 2
        assert report.sections[parent.parent].number == "3"
    assert max(s.level for s in report.sections) == 3


def test_not_every_malomrade_has_all_four_sub_headings(report):
    """Beredskap (1478) has no Styringsindikatorer."""
    goal = section_at(report, 1478)
    children = [s.title for s in report.sections if s.parent == goal.position]
    assert "Styringsindikatorer" not in children
    assert len(children) == 3


def test_navigation_headings_of_other_chapters(report):
    """Short standalone lines followed by a longer one head level-2 sections elsewhere."""
    assert section_at(report, 26).title == "Leders forord"
    assert section_at(report, 256).title == "Omtale av virksomhet og samfunnsoppdrag"
    assert section_at(report, 2546).title == "Bevilgningsrapportering 31.12.2024"
    assert section_at(report, 3214).title == "Helfo"
    for section in report.sections:
        if section.level == 2 and report.sections[section.parent].number != "3":
            assert "\t" not in section.title
            assert not section.title.startswith(("- ", "Figur", "Tabell"))
            assert len(section.title) <= 120


def test_signature_lines_are_no_headings(report):
    """The leader's signature (54–58) and the accounts signature (2502–2505) are text."""
    starts = {s.start_line for s in report.sections}
    assert starts.isdisjoint({54, 56, 58, 2502, 2504, 2505})
    assert "Konstituert helsedirektør" in section_at(report, 26).text


def test_section_ranges_exclude_trailing_blanks(report, source):
    """Every section starts at its heading and ends on a non-blank line, children inside."""
    for section in report.sections:
        assert source.line(section.end_line).strip()
        assert source.line(section.start_line).strip()
        if section.parent is not None:
            parent = report.sections[section.parent]
            assert parent.start_line < section.start_line <= section.end_line <= parent.end_line


# --- Section text ---------------------------------------------------------------------------


def test_markup_is_stripped_from_text(report):
    """**x** (450), [x](#) (98), [7] (440), ^[1] (2488), <i> (2690) and Kolonne cells go."""
    texts = "\n".join(section.text for section in report.sections)
    assert not re.search(r"\*\*\w[^*\n]*\*\*", texts)  # "avgiftsfri**" is a note mark
    assert "](#)" not in texts
    assert "^[" not in texts
    assert "<i>" not in texts
    assert not re.search(r"Kolonne\d", texts)  # prose "Kolonnen samlet tildeling" stays
    assert "-----" not in texts
    assert "energieffektiv" in innermost_section(report, 450).text
    assert "på Helsedirektoratets hjemmesider. Denne" in innermost_section(report, 98).text
    assert "(mill. kroner)\t9 707" in innermost_section(report, 440).text
    assert "Konto\tTekst\t2024" in innermost_section(report, 2690).text


def test_note_marks_and_glued_digits_are_kept(report):
    """A lone * (3057) is a note mark; 'diabetes type2' (571) is no footnote."""
    assert "Pensjonsutgifter*\t117 059 301" in innermost_section(report, 3057).text
    assert "diabetes type2" in innermost_section(report, 571).text


def test_page_break_split_is_one_paragraph(report):
    """86/88: '… i omfang og' + 'kompleksitet. …' are one paragraph."""
    text = innermost_section(report, 86).text
    assert "Prosjektene varierer i omfang og kompleksitet. Spesielt" in text


def test_lettered_items_are_not_merged(report):
    """1522–1528: 'c)' continues on 1526, but 'd)' stays its own paragraph."""
    text = innermost_section(report, 1524).text
    assert "\n\nc) Norm for informasjonssikkerhet" in text
    assert "kompetanseheving gjennom webinarer" in text
    assert "\n\nd) Gap-analysen" in text
    assert "\n\na og b) Helsedirektoratet" in text


def test_repeated_paragraph_is_dropped_within_a_section(report, source):
    """1857 repeats 1855 in one section: the text holds it once."""
    assert source.line(1855) == source.line(1857)
    assert innermost_section(report, 1855).text.count(source.line(1855)) == 1


def test_repeats_across_sections_are_kept(report, source):
    """1086 (Sentrale aktiviteter) reappears in Måloppnåelse (1128–1160): kept in both."""
    phrase = "Alle ni piloter har utviklet lokal samarbeidsmodell"
    assert phrase in innermost_section(report, 1128).text
    activities = innermost_section(report, 1086)
    goal_reached = innermost_section(report, 1128)
    assert activities.position != goal_reached.position
    assert "tjenestesamhandlingsoppdraget" in activities.text
    assert "tjenestesamhandlingsoppdraget" in goal_reached.text


def test_headings_are_not_in_their_own_text(report):
    """A section's text starts after its heading line."""
    chapter_2 = section_at(report, 254)
    assert not chapter_2.text.startswith("2. Introduksjon")
    first = section_at(report, 256)
    assert first.text.startswith("Helsedirektoratets samfunnsoppdrag er")


# --- Measures -------------------------------------------------------------------------------


def test_indicators_match_every_printed_indicator_line(report, source):
    """Each 'Styringsparameter|Nøkkeltall|Vurderingskriterie <n>:' line gives one measure."""
    printed = [
        (number, INDICATOR_LINE.match(raw))
        for number, raw in enumerate(source.lines, start=1)
        if INDICATOR_LINE.match(raw)
    ]
    indicators = [m for m in report.measures if m.kind != AKTIVITET]
    assert [(m.start_line, m.number) for m in indicators] == [
        (number, match.group(2)) for number, match in printed
    ]
    kinds = {"Styringsparameter": STYRINGSPARAMETER, "Nøkkeltall": NOKKELTALL}
    kinds["Vurderingskriterie"] = VURDERINGSKRITERIUM
    assert [m.kind for m in indicators] == [kinds[match.group(1)] for _, match in printed]


def test_no_oppdrag_and_no_statuses(report):
    """The 2024 report counts assignments only in prose: no oppdrag, no status."""
    assert {m.kind for m in report.measures} == {
        AKTIVITET,
        NOKKELTALL,
        STYRINGSPARAMETER,
        VURDERINGSKRITERIUM,
    }
    assert all(m.status == "" for m in report.measures)


def test_lookalike_lines_are_no_indicators(report):
    """419, 2236 and 3244 lack the colon and give no measure."""
    starts = {m.start_line for m in report.measures}
    assert starts.isdisjoint({419, 2236, 3244})


def test_indicator_numbers_keep_their_gaps(report):
    """Målområde 1172 prints Nøkkeltall 2–4 without a Nøkkeltall 1: never renumbered."""
    goal = section_at(report, 1172)
    inside = [
        m
        for m in report.measures
        if m.kind == NOKKELTALL and goal.start_line <= m.start_line <= goal.end_line
    ]
    assert [m.number for m in inside] == ["2", "3", "4"]


def test_same_title_in_two_malomrader_gives_two_measures(report):
    """'Antall kommuner med frisklivs-, lærings- og mestringstilbud' (883, 1417)."""
    title = "Antall kommuner med frisklivs-, lærings- og mestringstilbud"
    assert [m.start_line for m in report.measures if m.title == title] == [883, 1417]


def test_indicator_text_stops_at_a_table_caption(report):
    """Styringsparameter 2 (1208) ends before 'Tabell 3-1' (1212)."""
    measure = measure_at(report, 1208)
    assert measure.end_line == 1210
    assert "Tabell 3-1" not in measure.text
    assert "Retningslinjer" not in measure.text


def test_indicator_running_into_its_text(report):
    """'Vurderingskriterie 1:' (2077) has its text on the very next line (2078)."""
    measure = measure_at(report, 2077)
    assert measure.kind == VURDERINGSKRITERIUM
    assert measure.number == "1"
    assert measure.title.startswith("I hvilken grad Helsedirektoratets publisering")
    assert measure.text.startswith("Det gjennomføres ikke systematiske")
    assert measure.end_line == 2080


def test_helfo_values_stay_in_text_and_give_targets(report):
    """2100 stays in the text of Styringsparameter 1; its prestasjonsmål is the target."""
    measure = measure_at(report, 2098)
    assert measure.title == "Andel skriftlige svar via chat (%)"
    assert measure.text == "Løsningsgrad i Chatbot: 97,6% (prestasjonsmål 90%)"
    assert measure.target == "90%"
    assert measure_at(report, 2102).target == "60,0%; 60%"
    assert measure_at(report, 2133).target == "80%"


def test_activities_are_short_heading_lines_under_sentrale_aktiviteter(report):
    """'Nye nasjonale kostråd' (673) is an activity running to the next one (679)."""
    measure = measure_at(report, 673)
    assert measure.kind == AKTIVITET
    assert measure.title == "Nye nasjonale kostråd"
    assert measure.end_line == 677
    assert measure.number == ""
    for activity in (m for m in report.measures if m.kind == AKTIVITET):
        section = report.sections[activity.section]
        assert section.title.startswith("Sentrale aktiviteter")
        assert len(activity.title) <= 80
        assert not INDICATOR_LINE.match(activity.title)


def test_bullet_only_activity_block_gives_no_activity(report):
    """Sentrale aktiviteter 540–552 holds prose and bullets only."""
    assert not [m for m in report.measures if 540 <= m.start_line <= 552]


def test_measures_sit_in_level_three_sections_of_the_report_year(report):
    """Every measure belongs to its enclosing level-3 section and to 2024."""
    for measure in report.measures:
        section = report.sections[measure.section]
        assert section.level == 3
        assert section.start_line < measure.start_line <= measure.end_line <= section.end_line
        assert measure.year == 2024


# --- Decisions ------------------------------------------------------------------------------


def test_romertallsvedtak_block_is_one_decision(report):
    """Caption 2936, sentence 2938 and the six '- post NN' bullets: one decision, kap 740."""
    (roman,) = [d for d in report.decisions if d.kind == ROMERTALLSVEDTAK]
    assert (roman.start_line, roman.end_line) == (2936, 2945)
    assert roman.kap == 740
    assert roman.actor == "Stortinget"
    assert roman.items[0] == "post 60 Oppgjørsordning gjesteinnbyggeroppgjør for fastleger"
    assert len(roman.items) == 6
    assert roman.text.startswith("Stortinget samtykker i at Helse- og omsorgsdepartementet")
    others = [d for d in report.decisions if d is not roman]
    assert not [d for d in others if 2936 <= d.start_line <= 2945]


def test_regulation_sentence_on_a_page_break_line(report):
    """104 continues 102 after a page break and names Forskrift 13. september 2024 nr. 2149."""
    (regulation,) = [d for d in report.decisions if d.kind == FORSKRIFT]
    assert regulation.start_line == regulation.end_line == 104
    assert regulation.reference == "FOR-2024-09-13-2149"
    assert regulation.date == date(2024, 9, 13)


def test_excluded_phrases_give_no_decisions(report):
    """'vedtatt politikk' (265, 2436) is no decision; a bare 'vedtak' (90) neither."""
    lines = {d.start_line for d in report.decisions}
    assert lines.isdisjoint({90, 265, 2436})


def test_decision_sentences_are_whole_sentences_of_one_line(report, source):
    """A decision's text is one sentence of its line, with a section and a stable key."""
    for decision in report.decisions:
        if decision.kind == ROMERTALLSVEDTAK:
            continue
        assert decision.start_line == decision.end_line
        assert decision.text in clean_line(source.line(decision.start_line))
        assert decision.section is not None
        assert decision.key.count(":") == 1
    assert len({d.key for d in report.decisions}) == len(report.decisions)


def test_entry_into_force_is_dated(report):
    """'trådte i kraft 1. april 2024' (2284) is annet, dated 2024-04-01."""
    (decision,) = [d for d in report.decisions if d.start_line == 2284]
    assert decision.kind == ANNET
    assert decision.date == date(2024, 4, 1)
    assert decision.date_text == "1. april 2024"


# --- Budget lines ---------------------------------------------------------------------------


def test_budget_rows_are_the_kap_rows_of_both_tables(report, source):
    """Every kap row of 2548–2647 (expense) and 2651–2660 (income), headers skipped."""
    kap_row = re.compile(r"^\d{4}\t")
    expense = [n for n in range(2548, 2648) if kap_row.match(source.line(n))]
    income = [n for n in range(2651, 2661) if kap_row.match(source.line(n))]
    assert [b.start_line for b in report.budget_lines] == expense + income
    assert all(b.direction == UTGIFT for b in report.budget_lines[: len(expense)])
    assert all(b.direction == INNTEKT for b in report.budget_lines[len(expense) :])
    assert len(income) == 8
    assert all(b.start_line == b.end_line for b in report.budget_lines)


def test_kap_and_post_are_a_natural_key(report):
    """No (kap, post) repeats in the 2024 tables, so none is dropped."""
    keys = [(b.kap, b.post) for b in report.budget_lines]
    assert len(keys) == len(set(keys))


def test_i_70_shift(report):
    """2622: post cell 'i 70' is post 70; the kap title comes from the unshifted 2621."""
    row = budget_line_at(report, 2622)
    assert (row.kap, row.post) == (2755, 70)
    assert row.kap_title == "Helsetjenester i kommunene mv."
    assert row.post_title == "Allmennlegehjelp"
    assert row.tildeling_nok == 7_361_500_000
    assert row.avvik_nok == -10_396_974
    assert budget_line_at(report, 2626).post == 75


def test_amounts_are_as_printed_and_dashes_are_null(report):
    """2558 is 1 kr off and stays so; '-' and empty cells are NULL, never 0."""
    row = budget_line_at(report, 2558)
    assert (row.tildeling_nok, row.regnskap_nok, row.avvik_nok) == (15_527_000, 15_256_822, 270_179)
    assert budget_line_at(report, 2572).regnskap_nok is None
    authorisation = budget_line_at(report, 2633)
    assert authorisation.tildeling_nok is None
    assert authorisation.regnskap_nok == 124_516
    assert authorisation.note == "B"
    empty = budget_line_at(report, 2638)
    assert (empty.tildeling_nok, empty.regnskap_nok, empty.avvik_nok) == (None, None, None)


def test_scrambled_row_is_stored_as_printed_and_flagged(report):
    """Row 2637 keeps its printed cells; a warning sends it to review."""
    row = budget_line_at(report, 2637)
    assert (row.kap, row.post) == (605, 22)
    assert row.kap_title == "Arbeids- velferdsetaten og"
    assert row.post_title == "Forsknings- utredningsaktiviteter og"
    assert any("2637" in warning for warning in report.warnings)


def test_notes_and_kap_numbers(report):
    """'0701' is kap 701; note 'A/B' is stored as 'A,B'; a missing note is ''."""
    first = report.budget_lines[0]
    assert (first.kap, first.post, first.note) == (701, 21, "A,B")
    assert first.kap_title == "E-helse, helseregistre mv."
    assert budget_line_at(report, 2644).note == ""
    income = budget_line_at(report, 2652)
    assert (income.kap, income.post, income.avvik_nok) == (3714, 4, -144_757)


def test_tables_outside_the_appropriation_report_give_no_rows(report):
    """Oppgjørsvirksomhet (2664–2671), notes A/B and Tabell 2-4 / 7-1 are no budget lines."""
    assert all(2549 <= b.start_line <= 2659 for b in report.budget_lines)


def test_budget_lines_sit_in_their_table_sections(report):
    """Expense rows belong to 'Bevilgningsrapportering 31.12.2024', income to the next."""
    expense = report.sections[budget_line_at(report, 2549).section]
    income = report.sections[budget_line_at(report, 2652).section]
    assert expense.title == "Bevilgningsrapportering 31.12.2024"
    assert income.title == "Inntektskapitler"


# --- Package entry point --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("seed", "expected"),
    [
        ("000_6ef6d4d4d57f5e61.txt", False),
        ("001_604cd1db9da4de4d.txt", True),
        ("002_6382bfd4d7ccf047.txt", True),
        ("003_946f496bfe1dc309.txt", False),
        ("004_89a39abf184bf37d.txt", False),
    ],
)
def test_recognise_either_profile(seed, expected):
    """Annual reports of both profiles are recognised, other families are not."""
    assert recognise(load_seed(seed)) is expected


def test_entry_point_sends_the_2024_report_to_the_paragraph_reader(source, report):
    """parse_annual_report gives a one-document tuple equal to the paragraph reader's."""
    (document,) = parse_annual_report(source)
    assert document == report


def test_entry_point_sends_wrapped_text_to_the_wrapped_reader(monkeypatch):
    """A source that looks wrapped goes to wrapped_text.parse_wrapped_report."""
    from ingest.parsers.annual_report import wrapped_text

    sentinel = ParsedDocument(kind=ANNUAL_REPORT, title="", start_line=1, end_line=1)
    monkeypatch.setattr(wrapped_text, "looks_wrapped", lambda source: True)
    monkeypatch.setattr(wrapped_text, "parse_wrapped_report", lambda source: sentinel)
    assert parse_annual_report(SourceText.from_text("x", name="x.txt")) == (sentinel,)


# --- Small functions on inline text ---------------------------------------------------------


def test_find_title_and_toc():
    """The title line gives the year; the TOC is the run of 'title⇥page' lines."""
    lines = ["", "", "Årsrapport 2024", "", "Innhold", "", "Innhold\t1", "Leders beretning\t3", ""]
    assert find_title(lines) == (2, "Årsrapport 2024", 2024)
    assert table_of_contents(lines, 2) == (["Innhold", "Leders beretning"], 7)
    with pytest.raises(ValueError, match="Årsrapport"):
        find_title(["Prop. 1 S", "(2024–2025)"])


def test_clean_line_and_table_line():
    """Prose is normalised and unmarked; table rows keep cells, lose placeholders."""
    assert clean_line("Alle **offentlige  anskaffelser** [her](#)[7]^[1].") == (
        "Alle offentlige anskaffelser her."
    )
    assert clean_table_line("Kolonne1\tKapitalkontoer\tKolonne3") == "\tKapitalkontoer"
    assert clean_table_line("<i>Konto</i>\t<i>Tekst</i>\t2024\t\t") == "Konto\tTekst\t2024"
    assert clean_table_line("Pensjonsutgifter*\t117 059 301") == "Pensjonsutgifter*\t117 059 301"


def test_heading_test_on_small_texts():
    """Short, unpunctuated, followed by a longer line in upper case: a heading."""
    lines = [
        "",
        "Internkontroll",
        "",
        "Internkontroll skal gi en rimelig sikkerhet for drift.",
        "",
        "Vi har gjort dette:",
        "",
        "Figur 1 Organisasjonskart",
        "",
        "Et langt avsnitt som følger etter figuren her.",
        "",
        "Kort linje",
        "",
        "fortsettelse av et avsnitt etter sideskift her",
        "",
    ]
    test = {
        index: is_heading_line(lines, index, stop=len(lines), signatures=frozenset())
        for index in (1, 5, 7, 11)
    }
    assert test == {1: True, 5: False, 7: False, 11: False}


def test_signature_lines_are_found():
    """Names above 'Konstituert helsedirektør', the title and 'Oslo, <date>' are signature."""
    lines = [
        "Takk.",
        "",
        "Oslo, 1. mars 2025",
        "",
        "Mariann Hornnes",
        "Konstituert helsedirektør",
        "",
    ]
    assert signature_lines(lines) == frozenset({2, 4, 5})


def test_paragraphs_merge_page_breaks_but_not_list_items():
    """A lower-case continuation joins its paragraph; 'd)' does not."""
    lines = [
        "Prosjektene varierer i omfang og",
        "",
        "kompleksitet. Spesielt sakene.",
        "",
        "c) Norm for sikkerhet med fokus på kurs",
        "",
        "d) Gap-analysen er gjennomført.",
        "",
        "A\t1\t2",
        "B\t3\t4",
    ]
    found = paragraphs(lines, 1, len(lines))
    assert [(p.start_line, p.end_line) for p in found] == [(1, 3), (5, 5), (7, 7), (9, 10)]
    assert found[0].text == "Prosjektene varierer i omfang og kompleksitet. Spesielt sakene."
    assert found[3].is_table
    assert found[3].text == "A\t1\t2\nB\t3\t4"


def test_indicator_target():
    """Every prestasjonsmål value in order; 'prestasjonsmålet' is no target."""
    text = "Andel: 50,2% (prestasjonsmål 60,0%)\n\nAndel: 62% (prestasjonsmål: 60%)"
    assert indicator_target(text) == "60,0%; 60%"
    assert indicator_target("innen prestasjonsmålet for året") == ""


def test_roman_decision_block():
    """Caption, sentence and the following bullets form the block."""
    lines = [
        "Romertallsvedtak",
        "",
        "Stortinget samtykker i at departementet kan føre utgifter over kap. 740 på poster:",
        "",
        "- post 60 Oppgjør A",
        "- post 61 Oppgjør B",
        "",
        "Netto mellomregning føres ved årets slutt.",
    ]
    start, end, sentence, bullets = roman_decision_block(lines, 1, len(lines))
    assert (start, end) == (1, 6)
    assert sentence.startswith("Stortinget samtykker i")
    assert bullets == ("post 60 Oppgjør A", "post 61 Oppgjør B")


def test_budget_lines_from_inline_rows():
    """Shifted post cells, dashes and notes are read as the tables print them."""
    lines = [
        "2755\tHelsetjenester i kommunene mv.\t62\tFastlønn\tA/B\t605 000\t557 000\t48 000\t\t",
        "2755\tHelsetjenester kommunene mv.\ti 70\tAllmennlegehjelp\tA\t7 000\t7 100\t-100\t\t",
        "0500\tKommunal\t21\tDrift\tB\t-\t124 516\t\t\t",
        "0501\tNoe\tpost\tTekst\tB\t1\t1\t0",
        "0502\tNoe\t21\tTekst\tB\tx\t1\t0",
    ]
    warnings: list[str] = []
    rows = budget_lines(lines, [1, 2, 3, 4, 5], direction=UTGIFT, warnings=warnings)
    assert [(r.kap, r.post) for r in rows] == [(2755, 62), (2755, 70), (500, 21), (502, 21)]
    assert rows[1].kap_title == "Helsetjenester i kommunene mv."
    assert rows[0].note == "A,B"
    assert (rows[2].tildeling_nok, rows[2].regnskap_nok, rows[2].avvik_nok) == (None, 124_516, None)
    assert rows[3].tildeling_nok is None
    assert len(warnings) == 2
    assert "line 4" in warnings[0] and "line 5" in warnings[1]


def test_repeated_budget_key_keeps_the_first_row():
    """A second (kap, post) is dropped and reported."""
    lines = ["0701\tA\t21\tX\tA\t1\t1\t0", "0701\tA\t21\tY\tA\t2\t2\t0"]
    warnings: list[str] = []
    rows = budget_lines(lines, [1, 2], direction=UTGIFT, warnings=warnings)
    kept = drop_repeated_budget_keys(rows, warnings)
    assert [row.post_title for row in kept] == ["X"]
    assert warnings == ["line 2: kap 701 post 21 repeats line 1; the later row is dropped"]


# --- Bad input ------------------------------------------------------------------------------


def test_empty_text_is_refused():
    """Empty text has no title: a clear ValueError."""
    with pytest.raises(ValueError, match="no 'Årsrapport <year>' title"):
        parse_paragraph_report(SourceText.from_text("", name="empty.txt"))


def test_other_document_family_is_refused():
    """Prop. 1 S is no annual report."""
    with pytest.raises(ValueError, match="Årsrapport"):
        parse_paragraph_report(load_seed("003_946f496bfe1dc309.txt"))


def test_title_without_chapters_is_refused():
    """A title and nothing else: no chapters to read."""
    with pytest.raises(ValueError, match="no chapters"):
        parse_paragraph_report(SourceText.from_text("\n\nÅrsrapport 2024\n\nTekst.", name="x"))


@pytest.mark.parametrize("keep", [12, 21])
def test_copy_cut_inside_the_toc_is_refused(source, keep):
    """Cut before chapter 1 and every numbered chapter, the text is refused clearly."""
    truncated = SourceText(name="truncated.txt", lines=source.lines[:keep])
    with pytest.raises(ValueError, match="no chapters found"):
        parse_paragraph_report(truncated)


@pytest.mark.parametrize("keep", [30, 600, 1500, 2550, 2936, 3300])
def test_truncated_copy_reads_what_it_can(source, keep):
    """A truncated report parses to what it holds and flags what is missing."""
    truncated = SourceText(name="truncated.txt", lines=source.lines[:keep])
    document = parse_paragraph_report(truncated)
    assert document.title == "Årsrapport 2024"
    assert document.warnings
    assert all(section.end_line <= keep for section in document.sections)
    if keep < 2502:
        assert document.published is None
    assert document.publisher == ""


def test_copy_without_tabs_or_blank_lines_does_not_crash(source):
    """Mangled text (TABs to spaces, every other blank line gone) still parses or refuses."""
    mangled = [line.replace("\t", " ") for line in source.lines]
    mangled = [line for index, line in enumerate(mangled) if line or index % 2]
    document = parse_paragraph_report(SourceText(name="mangled.txt", lines=tuple(mangled)))
    assert any("budget" in warning for warning in document.warnings)
