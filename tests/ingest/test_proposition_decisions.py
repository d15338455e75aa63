"""Decisions of Prop. 1 S (2024–2025): SEEDS.md 003 "Decisions (a)" and "Decisions (b)"."""

import re
from datetime import date

import pytest

from ingest.parsed import ParsedDocument, SourceText
from ingest.parsers.proposition.decisions import (
    DATE_LINE,
    cell_text,
    parse_decisions,
    read_decisions,
    row_text,
    status_of,
    title_with_stikkord,
)
from ingest.parsers.proposition.outline import parse_outline
from ingest.parsers.proposition.tables import Row
from ingest.vocabulary import (
    ANMODNINGSVEDTAK,
    BUDGET_PROPOSITION,
    FORESLATT_OPPHEVET,
    FULGT_OPP,
    ROMERTALLSVEDTAK,
    UNDER_OPPFOLGING,
)
from tests.ingest.golden import assert_golden, load_seed, summarise

SEED = "003_946f496bfe1dc309.txt"


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def sections(source):
    return parse_outline(source)


@pytest.fixture(scope="module")
def result(source, sections):
    return read_decisions(source, sections)


@pytest.fixture(scope="module")
def decisions(result):
    return result.decisions


@pytest.fixture(scope="module")
def by_key(decisions):
    return {decision.key: decision for decision in decisions}


@pytest.fixture(scope="module")
def requests(decisions):
    return [d for d in decisions if d.kind == ANMODNINGSVEDTAK]


@pytest.fixture(scope="module")
def numbered(decisions):
    return [d for d in decisions if d.kind == ROMERTALLSVEDTAK]


def source_lines(source, first, last):
    return [(n, source.line(n)) for n in range(first, last + 1)]


# --- Golden --------------------------------------------------------------------------------

GOLDEN_KEYS = (
    "2023–2024/66",  # copied into category prose (7494), no kap
    "2023–2024/87",  # explicit kap. 732, post 70
    "2023–2024/542",  # Stikkord differs from the block title; Del II copy under a kap
    "2023–2024/614",  # "kap. 760, post 21 og post 61"
    "2021–2022/832",  # Del II copy dated "17.juni 2022" (7506)
    "2020–2021/876",  # "Vedtak nr. 876 4. mai 2021" (1183)
    "2019–2020/611",  # "Vedtak 611, 26. mai 2020" (1223)
    "2018–2019/20",  # quote with a.–d. items
    "2017–2018/615",  # no origin sentence
    "2020–2021/987",  # proposed repealed by IX
    "romertall-2",  # II: kap pairs
    "romertall-4",  # IV: wrapped Betegnelse cells
    "romertall-9",  # the second VIII
    "romertall-10",  # IX repeals
)


def test_decisions_match_golden(source, sections, result, update_golden):
    """The decisions of the seed parse to their reviewed golden summary.

    Sections appear by title and range, not position, so the golden file stays valid
    while the outline gains or loses sections elsewhere.
    """
    document = ParsedDocument(
        kind=BUDGET_PROPOSITION,
        title="",
        start_line=1,
        end_line=max(d.end_line for d in result.decisions),
        decisions=result.decisions,
        warnings=result.warnings,
    )
    keys = [d.key for d in result.decisions]
    summary = summarise(document, selected={"decisions": [keys.index(k) for k in GOLDEN_KEYS]})
    for row in summary["selected_decisions"].values():
        row["section"] = describe_section(sections, row["section"])
        for copy in row["occurrences"]:
            copy["section"] = describe_section(sections, copy["section"])
    summary["index"] = [index_row(d, sections) for d in result.decisions]
    summary["warning_texts"] = list(result.warnings)
    assert_golden("003_decisions", summary, update=update_golden)


def describe_section(sections, position) -> str | None:
    if position is None:
        return None
    section = sections[position]
    return f"{section.number} {section.title} ({section.start_line}-{section.end_line})".strip()


def index_row(decision, sections) -> str:
    closed = {True: "Ja", False: "Nei", None: "-"}[decision.reporting_closed]
    budget = f"kap {decision.kap}" + (f" post {decision.post}" if decision.post else "")
    copies = "; ".join(
        f"{o.start_line}-{o.end_line}" + (f" kap {o.kap}" if o.kap else " no kap")
        for o in decision.occurrences
    )
    return (
        f"{decision.key} {decision.start_line}-{decision.end_line} "
        f"{decision.status or '-'} {closed} {budget if decision.kap else '-'} "
        f"in [{describe_section(sections, decision.section)}]"
        + (f" copies: {copies}" if copies else "")
    )


# --- Anmodningsvedtak: SEEDS.md facts -----------------------------------------------------


def table_3_1_row_count(source) -> int:
    """Rows of table 3.1 counted straight from the text: one session cell per row."""
    caption = next(
        n for n, line in enumerate(source.lines, 1) if line.startswith("Oversikt over anm")
    )
    first_session = next(
        n for n, line in enumerate(source.lines, 1) if line.startswith("Stortingssesjon (")
    )
    return sum(
        1 for line in source.lines[caption:first_session] if re.fullmatch(r"\t\d{4}–\d{4}\s*", line)
    )


def test_one_request_decision_per_table_3_1_row(source, requests):
    """Table 3.1 has 91 rows and Del I prints 91 blocks: one decision each."""
    assert table_3_1_row_count(source) == 91
    assert len(requests) == 91
    del_i_date_lines = [
        n
        for n in range(821, 1299)
        if re.match(r"^Vedtak(?: nr\.)? ?\d+,? ?\d+\. ?[a-z]+ \d{4}$", source.line(n))
    ]
    assert [d.start_line + 1 for d in requests] == del_i_date_lines


def test_every_request_decision_has_session_number_and_date(requests):
    """Session with an en dash, a number and a date: the natural key is complete."""
    for decision in requests:
        assert re.fullmatch(r"\d{4}–\d{4}", decision.session), decision.key
        assert decision.number.isdigit(), decision.key
        assert isinstance(decision.date, date), decision.key
        assert decision.date_text, decision.key
        assert decision.key == f"{decision.session}/{decision.number}"


def test_keys_are_unique_although_numbers_recur(decisions, by_key):
    """Vedtak 692 exists in 2023–2024 and in 2020–2021; the session keeps them apart."""
    assert len({d.key for d in decisions}) == len(decisions)
    assert by_key["2023–2024/692"].date == date(2024, 6, 4)
    assert by_key["2020–2021/692"].date == date(2021, 2, 25)
    assert by_key["2022–2023/44"].date != by_key["2018–2019/44"].date


def test_table_and_blocks_agree_without_warnings(result):
    """Every table 3.1 row has a block and every block a row; the only warning is line 1286."""
    assert result.warnings == (
        "anmodningsvedtak 2017–2018/615 (line 1286): no 'Vedtaket ble truffet' origin sentence",
    )


def test_reporting_closed_comes_from_table_3_1(by_key):
    """Ja/Nei of table 3.1, stripped of spaces ('\\tJa ', '\\t Nei')."""
    assert by_key["2023–2024/3"].reporting_closed is True
    assert by_key["2023–2024/121"].reporting_closed is False
    assert by_key["2020–2021/702"].reporting_closed is True  # '\tJa ' (line 695)
    assert by_key["2017–2018/468"].reporting_closed is False  # '\t Nei'


def test_unusual_date_lines(by_key):
    """1183 lacks the comma, 1223 lacks "nr.", 7506 has no space after the day's dot."""
    assert by_key["2020–2021/876"].date == date(2021, 5, 4)
    assert by_key["2020–2021/876"].start_line == 1182
    assert by_key["2019–2020/611"].date == date(2020, 5, 26)
    assert by_key["2019–2020/611"].start_line == 1222
    copy = by_key["2021–2022/832"].occurrences
    assert [(o.start_line, o.end_line) for o in copy] == [(7505, 7509)]


def test_date_line_regex_keeps_romertall_ix_out():
    """The "$" of the date regex rejects 11509, which goes on after the first date."""
    assert DATE_LINE.match("Vedtak nr. 876 4. mai 2021")
    assert DATE_LINE.match("Vedtak 611, 26. mai 2020")
    assert DATE_LINE.match("Vedtak nr. 832, 17.juni 2022")
    assert not DATE_LINE.match(
        "Vedtak nr. 9, 6. oktober 2020, nr. 702, 25. februar 2021 og 987, 25. mai 2021 oppheves."
    )
    assert not DATE_LINE.match("Vedtak 645 og 646 ble truffet under behandlingen av Dokument 146 S")


def test_block_ranges_run_to_the_next_title_session_or_del_ii(by_key):
    """A block spans title to last follow-up line; the last one ends before Del II (1299)."""
    assert (by_key["2023–2024/3"].start_line, by_key["2023–2024/3"].end_line) == (822, 826)
    assert by_key["2023–2024/908"].end_line == 969  # 970 is "Stortingssesjon (2022–2023)"
    assert (by_key["2015–2016/627"].start_line, by_key["2015–2016/627"].end_line) == (1294, 1298)


def test_block_fields(by_key):
    """Title, quote, origin and follow-up of the first block (822–826)."""
    decision = by_key["2023–2024/3"]
    assert decision.title == "Sikre kvinnehelse i nasjonal helse- og samhandlingsplan"
    assert decision.text.startswith("«Stortinget ber regjeringen sikre at kvinnehelse")
    assert decision.text.endswith("blir behandlet i Stortinget.»")
    assert (
        decision.origin
        == "Vedtaket ble truffet i forbindelse med Trontaledebatten 5. oktober 2023."
    )
    assert decision.follow_up.startswith("Regjeringen viser til plan for arbeidet med kvinnehelse")
    assert decision.date_text == "5. oktober 2023"


def test_quote_keeps_its_items_and_nested_guillemets(by_key):
    """Quote 1243–1247 keeps a.–d. on lines of their own; «ensomhet» does not end quote 1253."""
    lines = by_key["2018–2019/20"].text.split("\n")
    assert len(lines) == 5
    assert [line[:2] for line in lines[1:]] == ["a.", "b.", "c.", "d."]
    assert lines[-1].endswith("diagnoser.»")
    assert by_key["2018–2019/25"].text.endswith("tas inn i folkehelseloven § 7.»")
    assert by_key["2018–2019/25"].origin.startswith("Vedtaket ble truffet ved Stortingets møte")


def test_origin_runs_on_into_the_follow_up(by_key):
    """The origin line of 830 carries the first follow-up sentence."""
    decision = by_key["2023–2024/66"]
    assert decision.origin == (
        "Vedtaket ble truffet ved behandling av Prop. 1 S (2023–2024), jf. Innst. 16 S (2023–2024)."
    )
    assert decision.follow_up.startswith("Med vedtaket ble rammen til fylkeskommunen økt")


def test_origin_survives_the_misprinted_abbreviation(by_key):
    """'lnnst. 488 S' (1047) does not end the origin sentence."""
    decision = by_key["2022–2023/825"]
    assert decision.origin.endswith("jf. lnnst. 488 S (2022–2023).")
    assert decision.follow_up.startswith("Vedtaket er fulgt opp i Prop. 102 S")


def test_origin_variants(by_key, requests):
    """ "Vedtak 645 og 646 ble truffet", "Vedtak 876 ble truffet", "Vedtaket er truffet"; 615 has none."""
    assert by_key["2020–2021/645"].origin.startswith("Vedtak 645 og 646 ble truffet")
    assert by_key["2020–2021/876"].origin.startswith("Vedtak 876 ble truffet")
    assert by_key["2020–2021/84"].origin.startswith("Vedtaket er truffet")
    missing = [d.key for d in requests if not d.origin]
    assert missing == ["2017–2018/615"]
    assert by_key["2017–2018/615"].follow_up.startswith("Helsedirektoratet fikk i tildelingsbrevet")


def test_status_from_the_follow_up(by_key, requests):
    """Status phrases of the follow-up; the quote's "komme tilbake" does not count."""
    assert by_key["2023–2024/66"].status == FULGT_OPP  # "anses som fulgt opp"
    assert by_key["2022–2023/825"].status == FULGT_OPP  # "ansees som fulgt opp"
    assert by_key["2022–2023/938"].status == FULGT_OPP  # "Vedtaket er fulgt opp"
    assert by_key["2023–2024/121"].status == UNDER_OPPFOLGING
    assert by_key["2020–2021/987"].status == FORESLATT_OPPHEVET  # "… 987 oppheves"
    assert by_key["2020–2021/9"].status == FORESLATT_OPPHEVET  # "foreslås opphevet"
    # Its quote says "komme tilbake til Stortinget", its follow-up says it is done.
    assert by_key["2023–2024/542"].status == FULGT_OPP
    # "er fulgt opp …" then "Regjeringen vil komme tilbake til Stortinget": still open.
    assert by_key["2020–2021/726"].status == UNDER_OPPFOLGING
    # The status agrees with table 3.1 wherever the text states one.
    for decision in requests:
        if decision.status:
            closed = decision.status in (FULGT_OPP, FORESLATT_OPPHEVET)
            assert closed == decision.reporting_closed, decision.key


def test_title_keeps_a_different_stikkord(by_key):
    """The block title leads; table 3.1's Stikkord follows when it says something else."""
    assert by_key["2023–2024/542"].title == (
        "Nordisk samarbeid om legemidler "
        "(stikkord: Produksjon og lagring av legemidler og smittevernutstyr i Norden)"
    )
    assert by_key["2023–2024/66"].title == "Tannhelsebehandling til personer over 85 år"


def test_explicit_kap_and_post(by_key):
    """kap. 732, post 70 (842) and kap. 760, post 21 og post 61 (905) name the budget line."""
    assert (by_key["2023–2024/87"].kap, by_key["2023–2024/87"].post) == (732, 70)
    assert (by_key["2023–2024/614"].kap, by_key["2023–2024/614"].post) == (760, 21)
    assert (by_key["2020–2021/986"].kap, by_key["2020–2021/986"].post) == (765, 21)


# --- Del II copies ----------------------------------------------------------------------


def test_del_ii_copies_are_occurrences_not_decisions(requests):
    """35 Del II blocks (the 35 Ja rows) link to their Del I decisions, which keep their range."""
    copies = [(d, o) for d in requests for o in d.occurrences]
    assert len(copies) == 35
    assert all(d.reporting_closed for d, _ in copies)
    assert sum(1 for d in requests if d.reporting_closed) == 35
    assert all(d.end_line < 1299 < o.start_line for d, o in copies)
    assert all(d.session for d in requests)


def test_copy_matches_by_number_and_date(by_key):
    """6880 (Vedtak nr. 692, 25. februar 2021) is the 2020–2021 decision, not the 2023–2024 one."""
    assert [o.start_line for o in by_key["2020–2021/692"].occurrences] == [6880]
    assert by_key["2023–2024/692"].occurrences == ()


def test_copies_in_category_prose_have_no_kap(by_key, sections):
    """The 7493–7509 Anmodningsvedtak block lies before the first kap of its category."""
    for key, start, end in (
        ("2023–2024/66", 7494, 7499),
        ("2022–2023/938", 7500, 7504),
        ("2021–2022/832", 7505, 7509),
    ):
        (copy,) = by_key[key].occurrences
        assert (copy.start_line, copy.end_line) == (start, end)
        assert copy.kap is None
        assert copy.section is not None


def test_copies_under_a_kap_carry_it(by_key, sections, source):
    """A copy inside a kap section takes that kap, and so does a decision naming none."""
    (copy,) = by_key["2023–2024/542"].occurrences
    assert (copy.start_line, copy.end_line) == (1745, 1750)
    kap_heading = max(
        n for n in range(1, 1745) if re.match(r"^Kap\. \d{3,4} [A-ZÆØÅ]", source.line(n))
    )
    kap = int(source.line(kap_heading).split()[1])
    assert copy.kap == kap
    assert by_key["2023–2024/542"].kap == kap


def test_copy_ends_at_the_next_heading(by_key):
    """Copies end before "Post 21 …" (1756), a weak heading (6890) or "Kap. 770 …" (7510)."""
    assert by_key["2023–2024/543"].occurrences[0].end_line == 1755
    assert by_key["2020–2021/693"].occurrences[0].end_line == 6889
    assert by_key["2021–2022/416"].occurrences[0].end_line == 7934  # quote without «»


# --- Sections ----------------------------------------------------------------------------


def test_every_decision_lies_inside_its_section(decisions, sections):
    """Each decision's range sits inside the range of the section it points to."""
    for decision in decisions:
        assert decision.section is not None, decision.key
        section = sections[decision.section]
        assert section.start_line <= decision.start_line, decision.key
        assert decision.end_line <= section.end_line, decision.key
        for copy in decision.occurrences:
            holder = sections[copy.section]
            assert holder.start_line <= copy.start_line <= holder.end_line


def test_request_decisions_sit_in_del_i_chapter_3(requests, sections):
    """The section of a Del I block descends from chapter 3 (356–1298)."""
    for decision in requests:
        section = sections[decision.section]
        while section.parent is not None and section.start_line > 356:
            section = sections[section.parent]
        assert section.start_line <= 356 <= section.end_line, decision.key


# --- Romertallsvedtak --------------------------------------------------------------------


def test_one_romertall_decision_per_numeral(numbered):
    """Ten numerals I … IX, VIII printed twice; keyed by sequence, numbered by numeral."""
    assert [d.number for d in numbered] == [
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
    assert [d.key for d in numbered] == [f"romertall-{n}" for n in range(1, 11)]
    assert [d.start_line for d in numbered] == [
        9931,
        11376,
        11426,
        11456,
        11484,
        11487,
        11497,
        11500,
        11503,
        11507,
    ]


def test_group_headings_are_not_decisions(numbered):
    """11425, 11483 and 11506 head groups: they end no decision's range or text."""
    ends = {d.key: d.end_line for d in numbered}
    assert ends["romertall-2"] == 11424
    assert ends["romertall-4"] == 11480
    assert ends["romertall-9"] == 11505
    assert ends["romertall-10"] == 11509
    texts = "\n".join(d.text for d in numbered)
    assert "Andre fullmakter" not in texts and "Andre vedtak" not in texts


def test_romertall_titles(numbered):
    """The line after the numeral; I stands for Utgifter and Inntekter."""
    assert [d.title for d in numbered[:4]] == [
        "Utgifter og inntekter",
        "Merinntektsfullmakter",
        "Bestillingsfullmakt",
        "Tilsagnsfullmakt",
    ]
    assert numbered[8].title == "Fullmakt til å overskride bevilgning"


def test_vedtak_i_items_are_its_post_rows(numbered, source):
    """One item per post row of both vedtak I tables, the amount in kroner."""
    items = numbered[0].items
    post_cells = [
        n
        for n in range(9931, 11373)
        if re.fullmatch(r"\t\d\d", source.line(n)) and source.line(n - 1) == "\t"
    ]
    assert len(items) == len(post_cells) > 100
    assert items[0] == "kap. 700, post 01 Driftsutgifter: 323 186 000 kroner"
    assert items[-1] == "kap. 5631, post 86 Utbytte: 2 000 kroner"
    assert "Sum departementets utgifter | 294 265 927 000" in numbered[0].text.split("\n")


def test_fullmakt_tables_read_as_lines(numbered):
    """II pairs each kap with its income kap; III and IV list posts with their limits."""
    pairs = numbered[1].items
    assert len(pairs) == 13
    assert pairs[0] == "kap. 704 post 21 mot kap. 3704 post 02"
    assert "kap. 740 postene 01 og 21 mot kap. 3740 postene 02 og 04" in pairs
    assert numbered[2].items == (
        "kap. 710, post 21 Spesielle driftsutgifter: 173,1 mill. kroner",
        "kap. 710, post 22 Salgs- og beredskapsprodukter m.m.: 47,4 mill. kroner",
        "kap. 710, post 23 Vaksinasjonsprogram for voksne og risikogrupper: 675 mill. kroner",
    )
    assert numbered[3].items[0] == (
        "kap. 760, post 63 Kommunale helse- og omsorgstjenester – "
        "Investeringstilskudd til heldøgns omsorgsplasser: 5 944,6 mill. kroner"
    )
    assert "Kap. | Post | Betegnelse | Samlet ramme" in numbered[2].text.split("\n")


def test_romertall_kap_only_when_exactly_one_is_named(numbered):
    """III names only kap 710, VI only kap 740; VIII (2) names 745 and 3745, so none."""
    budget = {d.key: (d.kap, d.post) for d in numbered}
    assert budget["romertall-3"] == (710, None)
    assert budget["romertall-6"] == (740, None)
    assert budget["romertall-9"] == (None, None)
    assert budget["romertall-1"] == (None, None)
    assert budget["romertall-2"] == (None, None)
    assert budget["romertall-5"] == (None, None)


def test_vi_items_are_its_post_lines(numbered):
    """VI lists six "post NN …" lines of kap 740."""
    assert numbered[5].items[0] == "post 60 Oppgjørsordning gjesteinnbyggeroppgjør for fastleger"
    assert len(numbered[5].items) == 6


def test_ix_repeals_link_by_number_and_date(numbered, by_key):
    """IX repeals 9, 702 and 987, each found by (number, date) and proposed repealed."""
    repeals = numbered[9].repeals
    assert repeals == (
        ("9", date(2020, 10, 6)),
        ("702", date(2021, 2, 25)),
        ("987", date(2021, 5, 25)),
    )
    for number, when in repeals:
        (match,) = [
            d
            for d in by_key.values()
            if d.kind == ANMODNINGSVEDTAK and (d.number, d.date) == (number, when)
        ]
        assert match.status == FORESLATT_OPPHEVET


def test_romertall_sections_hold_their_numerals(numbered, sections):
    """Each numeral lies in a section of Forslag (9927–)."""
    for decision in numbered:
        section = sections[decision.section]
        assert section.start_line >= 9927, decision.key


# --- Small functions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("follow_up", "status"),
    [
        ("Anmodningsvedtaket anses som fulgt opp.", FULGT_OPP),
        ("Anmodningsvedtaket ansees som fulgt opp.", FULGT_OPP),
        ("Vedtakene er fulgt opp med endringer i loven.", FULGT_OPP),
        ("Regjeringen vil komme tilbake til Stortinget på egnet måte.", UNDER_OPPFOLGING),
        ("Departementet kommer tilbake til stortinget.", UNDER_OPPFOLGING),
        ("Anmodningsvedtak nr. 9 foreslås opphevet.", FORESLATT_OPPHEVET),
        ("Regjeringen foreslår at vedtak nr. 987 oppheves.", FORESLATT_OPPHEVET),
        ("Er fulgt opp delvis. Regjeringen vil komme tilbake til Stortinget.", UNDER_OPPFOLGING),
        ("Regjeringen vil komme tilbake til Stortinget. Vedtaket anses som fulgt opp.", FULGT_OPP),
        ("Arbeidet pågår.", ""),
        ("", ""),
    ],
)
def test_status_of(follow_up, status):
    """The last status phrase of a follow-up decides; none gives ""."""
    assert status_of(follow_up) == status


def test_title_with_stikkord():
    """A Stikkord already in the title (case, spacing and punctuation aside) adds nothing."""
    assert title_with_stikkord("Sikkerhetshjem", "Sikkerhetshjem") == "Sikkerhetshjem"
    assert title_with_stikkord("Stortingsmelding om BPA", "stortingsmelding om bpa") == (
        "Stortingsmelding om BPA"
    )
    assert title_with_stikkord("Grønn resept", "Økt bruk av grønn resept") == (
        "Grønn resept (stikkord: Økt bruk av grønn resept)"
    )
    assert title_with_stikkord("Ensomhet i loven § 7", "Ensomhet i loven §7") == (
        "Ensomhet i loven § 7"
    )
    assert title_with_stikkord("Ikke-møtt gebyr", "Ikke møtt-gebyr") == "Ikke-møtt gebyr"
    assert title_with_stikkord("", "Tobakksskadeloven") == "Tobakksskadeloven"
    assert title_with_stikkord("Tobakksskadeloven", "") == "Tobakksskadeloven"


def test_row_and_cell_text():
    """Empty cells vanish, NBSPs become spaces, a wrapped cell joins with a dash."""
    row = Row(
        1, 5, ("760", "63", "Kommunale tjenester\nTilskudd", "", "5\xa0944,6\xa0mill. kroner")
    )
    assert row_text(row) == "760 | 63 | Kommunale tjenester – Tilskudd | 5 944,6 mill. kroner"
    assert cell_text("\xa0") == ""
    assert cell_text("kap. 3710 post 03 ") == "kap. 3710 post 03"


MINI = """Oversikt over anmodnings- og utredningsvedtak, ordnet etter sesjon og nummer
04J1xt2
\tSesjon
\tVedtak nr.
\tStikkord
\tRapportering avsluttes (Ja/Nei)

\t2023–2024
\t5
\tEt stikkord
\tJa

\t2022–2023
\t5
\tAnnet stikkord
\t Nei


Stortingssesjon (2023–2024)
Første tittel
Vedtak nr. 5, 1. mars 2024
«Stortinget ber regjeringen om «noe».»
Vedtaket ble truffet ved behandling av Prop. 1 S (2023–2024). Det foreslås bevilget på kap. 732, post 70.
Anmodningsvedtaket anses som fulgt opp.
Stortingssesjon (2022–2023)
Andre tittel
Vedtak 5, 2.mars 2023
«Stortinget ber regjeringen
a.\tgjøre noe
b.\tgjøre mer.»
Regjeringen vil komme tilbake til Stortinget på egnet måte.
Del II
Anmodningsvedtak
Første tittel
Vedtak nr. 5, 1. mars 2024
«Stortinget ber regjeringen om «noe».»
Vedtaket ble truffet ved behandling av Prop. 1 S (2023–2024).
Post 21 Spesielle driftsutgifter
Forslag
I
Utgifter:
Stortinget samtykker i noe.
Andre vedtak
II
Oppheving av anmodningsvedtak
Vedtak nr. 5, 1. mars 2024 oppheves.
"""


def test_a_small_proposition_end_to_end():
    """Two sessions share number 5; the Del II copy links by date; II repeals the first."""
    result = read_decisions(SourceText.from_text(MINI, name="mini.txt"), ())
    first, second, one, two = result.decisions
    assert (first.key, first.start_line, first.end_line) == ("2023–2024/5", 20, 24)
    assert first.title == "Første tittel (stikkord: Et stikkord)"
    assert first.text == "«Stortinget ber regjeringen om «noe».»"
    assert first.origin == "Vedtaket ble truffet ved behandling av Prop. 1 S (2023–2024)."
    assert first.follow_up.split("\n") == [
        "Det foreslås bevilget på kap. 732, post 70.",
        "Anmodningsvedtaket anses som fulgt opp.",
    ]
    assert (first.kap, first.post, first.status, first.reporting_closed) == (
        732,
        70,
        FULGT_OPP,
        True,
    )
    assert [(o.start_line, o.end_line) for o in first.occurrences] == [(34, 37)]
    assert (second.key, second.date, second.reporting_closed) == (
        "2022–2023/5",
        date(2023, 3, 2),
        False,
    )
    assert second.text.split("\n")[1:] == ["a. gjøre noe", "b. gjøre mer.»"]
    assert second.origin == ""
    assert second.occurrences == ()
    assert (one.number, one.title, one.end_line) == ("I", "Utgifter", 42)
    assert (two.number, two.repeals) == ("II", (("5", date(2024, 3, 1)),))
    assert result.warnings == (
        "anmodningsvedtak 2022–2023/5 (line 27): no 'Vedtaket ble truffet' origin sentence",
    )


def test_table_mismatch_is_a_warning():
    """A table row without a block, and a block without a row, each give a warning."""
    text = MINI.replace("Vedtak 5, 2.mars 2023", "Vedtak 6, 2.mars 2023")
    result = read_decisions(SourceText.from_text(text, name="mini.txt"), ())
    assert "table 3.1 row 2022–2023/5 (line 13) has no decision block" in result.warnings
    assert any(w.startswith("anmodningsvedtak 2022–2023/6 ") for w in result.warnings)


# --- Bad input ---------------------------------------------------------------------------


def test_empty_text_is_a_value_error():
    """No blocks and no Forslag: nothing this parser can read."""
    with pytest.raises(ValueError, match="no anmodningsvedtak"):
        parse_decisions(SourceText.from_text("", name="empty.txt"), ())


def test_another_document_family_is_a_value_error():
    """The white paper (004) has no decision blocks and no Forslag."""
    with pytest.raises(ValueError, match="no anmodningsvedtak"):
        parse_decisions(load_seed("004_89a39abf184bf37d.txt"), ())


def test_truncated_copy_keeps_what_it_read(source):
    """Cut inside Del II: the Del I blocks remain; missing parts become warnings."""
    cut = SourceText(name="cut.txt", lines=source.lines[:3000])
    result = read_decisions(cut, ())
    assert len([d for d in result.decisions if d.kind == ANMODNINGSVEDTAK]) == 91
    assert "no 'Forslag' heading: no romertall decisions read" in result.warnings


@pytest.mark.parametrize("length", [*range(1, 11510, 397), 819, 1250, 11400, 11460, 11508])
def test_truncated_copies_never_crash(source, length):
    """Any prefix of the seed gives decisions or a clear ValueError, never an IndexError."""
    cut = SourceText(name="cut.txt", lines=source.lines[:length])
    try:
        result = read_decisions(cut, ())
    except ValueError as error:
        assert "no anmodningsvedtak" in str(error)
        return
    assert all(d.start_line <= d.end_line <= length for d in result.decisions)


def test_mangled_copy_never_crashes(source):
    """Every fifth line dropped: still no crash, and the damage shows in the warnings."""
    lines = tuple(line for n, line in enumerate(source.lines, 1) if n % 5)
    result = read_decisions(SourceText(name="mangled.txt", lines=lines), ())
    assert result.decisions
    assert result.warnings


def test_whole_seed_parses_fast(source, sections):
    """Well under the 2-second budget."""
    import time

    started = time.perf_counter()
    parse_decisions(source, sections)
    assert time.perf_counter() - started < 0.5
