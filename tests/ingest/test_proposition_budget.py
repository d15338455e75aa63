"""Prop. 1 S (seed 003): TAB tables, budget lines and the four ingest checks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

import pytest

from ingest.parsed import SourceText
from ingest.parsers.proposition import parse_proposition
from ingest.parsers.proposition.budget import (
    SUM_KAP,
    check_category_totals,
    check_table_sums,
    check_vedtak_matches_proposal,
    check_vedtak_totals,
    endring_pct,
    read_appropriations,
    read_category_kaps,
    read_kap_ranges,
    read_kap_tables,
)
from ingest.parsers.proposition.tables import (
    is_table_start,
    read_tables,
    table_after,
    table_containing,
)
from ingest.text import Unit, parse_kroner
from tests.ingest.golden import load_seed

SEED = "003_946f496bfe1dc309.txt"


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def tables(source):
    return read_tables(source)


@pytest.fixture(scope="module")
def document(source):
    (document,) = parse_proposition(source)
    return document


@pytest.fixture(scope="module")
def lines(document):
    return document.budget_lines


@pytest.fixture(scope="module")
def by_key(lines):
    return {(line.kap, line.post): line for line in lines}


# --- Tables ----------------------------------------------------------------------------


def _text(raw: str) -> SourceText:
    return SourceText.from_text(raw, name="t.txt")


def test_tab_lines_start_cells_and_plain_lines_continue_them():
    """``⇥Regnskap`` + ``2023`` is one cell; one blank ends a row; two end the table."""
    table_text = _text(
        "Kap. 700 Helse\n\tKPAL\n\t\n\t(i 1 000 kr)\n\n\tPost\n\tRegnskap\n2023\n\n"
        "\t01\n\tDrift\n\t282\xa0495\n\n\n1\tFotnote"
    )
    (table,) = read_tables(table_text)
    assert (table.start_line, table.end_line) == (2, 12)
    assert [row.cells for row in table.rows] == [
        ("KPAL", "", "(i 1 000 kr)"),
        ("Post", "Regnskap\n2023"),
        ("01", "Drift", "282\xa0495"),
    ]
    assert [(row.start_line, row.end_line) for row in table.rows] == [(2, 4), (6, 8), (10, 12)]
    assert table.rows[1].cell(1) == "Regnskap 2023"
    assert table.rows[0].cell(7) == ""  # a short row never raises IndexError


def test_code_line_opens_a_table_and_is_kept_apart():
    """``04J1xt2`` starts table 3.1 but is not one of its cells."""
    (table,) = read_tables(_text("Oversikt\n04J1xt2\n\tSesjon \n\tVedtak nr.\n\n\t2023–2024\n\t3"))
    assert table.code == "04J1xt2"
    assert table.rows[0].texts == ("Sesjon", "Vedtak nr.")


def test_space_tab_line_opens_a_table_but_a_mid_line_tab_does_not():
    """``' \\tProgramområde'`` starts a table; ``'1\\tFotnote'`` and box items do not."""
    assert is_table_start(" \tProgramområde 10 Helse og omsorg")
    assert is_table_start("\t")
    assert not is_table_start("1\tBegrepet volumvekst")
    assert not is_table_start("Bo trygt hjemme-reformen\t\t325\xa0mill. kroner")


def test_table_window_and_lookups(tables):
    """Tables can be read in a window and found around or after a line."""
    kap_700 = table_containing(tables, 1446)
    assert kap_700 is not None and (kap_700.start_line, kap_700.end_line) == (1424, 1449)
    assert table_containing(tables, 1452) is None
    assert table_after(tables, 1450).start_line == 1490
    assert table_after(tables, 99999) is None
    assert kap_700.row_at(1447).cell(1) == "Sum kap. 700"


def test_unclosed_table_ends_at_the_window():
    """A table still open when the text ends stops at its last non-blank line."""
    (table,) = read_tables(_text("\tA\n\tB\n\n\tC"))
    assert table.end_line == 4
    assert read_tables(_text("")) == ()


def test_seed_has_fifty_per_kap_tables(tables):
    """Fifty tables hold a ``Sum kap. N`` row; ``Sum kap. 2711, post 76`` is not one."""
    kaps = [
        int(SUM_KAP.match(row.cell(1)).group(1))
        for table in tables
        for row in table.rows
        if SUM_KAP.match(row.cell(1))
    ]
    assert len(kaps) == len(set(kaps)) == 50
    assert 704 not in kaps and 781 not in kaps and 783 in kaps


# --- Budget lines ----------------------------------------------------------------------


def test_one_line_per_table_post_plus_the_lost_tables_from_vedtak(lines, tables):
    """167 table rows plus kap 704 (posts 01, 21) and 781 (21, 79) from vedtak I."""
    table_rows = sum(len(kap_table.lines) for kap_table in read_kap_tables(tables))
    assert table_rows == 167
    assert len(lines) == 171
    assert len({(line.kap, line.post) for line in lines}) == 171


def test_posts_sum_to_the_sum_kap_row_per_column(lines, tables):
    """Σ lines of each table = its ``Sum kap.`` row, read here straight from the table."""
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        for index, value in enumerate((line.regnskap_nok, line.saldert_nok, line.forslag_nok)):
            sums[line.kap][index] += value or 0
    checked = 0
    for table in tables:
        for row in table.rows:
            match = SUM_KAP.match(row.cell(1))
            if match:
                printed = [parse_kroner(row.cell(i), Unit.THOUSAND) or 0 for i in (2, 3, 4)]
                assert sums[int(match.group(1))] == printed, row.start_line
                checked += 1
    assert checked == 50


def test_appropriations_equal_the_proposal_in_kroner(lines, source):
    """The 136 post rows of vedtak I (two-digit cells in 9932–11372) each appropriate
    exactly their line's Forslag 2025 ×1 000, and every proposed post has one."""
    post_rows = [
        n
        for n in range(9932, 11373)
        if source.line(n).strip("\t").isdigit() and len(source.line(n)) == 3
    ]
    with_vedtak = [line for line in lines if line.vedtak_line is not None]
    assert len(post_rows) == len(with_vedtak) == 136
    for line in with_vedtak:
        assert line.vedtak_nok == line.forslag_nok, (line.kap, line.post)
    for line in lines:
        assert (line.forslag_nok is None) == (line.vedtak_line is None), (line.kap, line.post)


def test_kap_700_line_reads_the_table_row(by_key):
    """Kap 700 post 01: lines 1439–1443, amounts ×1 000, vedtak at 9950."""
    line = by_key[(700, 1)]
    assert (line.start_line, line.end_line) == (1439, 1443)
    assert (line.regnskap_nok, line.saldert_nok, line.forslag_nok) == (
        282_495_000,
        299_351_000,
        323_186_000,
    )
    assert line.endring_pct == Decimal("8.0")
    assert (line.vedtak_nok, line.vedtak_line) == (323_186_000, 9950)
    assert line.kap_title == "Helse- og omsorgsdepartementet"


def test_lost_tables_come_from_vedtak_with_null_history(by_key, document):
    """704 and 781 have no table: vedtak I gives the amount, history stays NULL."""
    for kap, post, amount, row in (
        (704, 1, 75_603_000, 10055),
        (704, 21, 9_359_000, 10062),
        (781, 21, 17_988_000, 10790),
        (781, 79, 63_952_000, 10797),
    ):
        line = by_key[(kap, post)]
        assert (line.regnskap_nok, line.saldert_nok, line.endring_pct) == (None, None, None)
        assert line.vedtak_nok == line.forslag_nok == amount
        assert line.start_line == line.vedtak_line == row
        section = document.sections[line.section]
        assert (section.kap, section.number, section.level) == (kap, str(kap), 5)


def test_kap_783_table_without_header_is_read_by_its_sum_row(by_key, document):
    """783 lost its header (``' 2023'`` debris) but its Sum row names the kap."""
    line = by_key[(783, 61)]
    assert (line.start_line, line.forslag_nok) == (7906, 288_915_000)
    assert document.sections[line.section].start_line == 7896


def test_empty_cells_are_null_never_zero(by_key):
    """5572/74 has no Regnskap 2023; 761/21 no Forslag 2025; 708/01 only a Regnskap."""
    assert by_key[(5572, 74)].regnskap_nok is None
    assert by_key[(761, 21)].forslag_nok is None and by_key[(761, 21)].vedtak_nok is None
    assert (by_key[(708, 1)].saldert_nok, by_key[(708, 1)].forslag_nok) == (None, None)


def test_endring_pct_edge_rules(by_key):
    """Saldert empty → 100.0; Forslag empty → −100.0; both empty → 0.0."""
    assert by_key[(3746, 85)].endring_pct == Decimal("100.0")
    assert by_key[(761, 21)].endring_pct == Decimal("-100.0")
    assert by_key[(708, 1)].endring_pct == Decimal("0.0")


def test_negative_regnskap_and_mixed_separators(by_key):
    """``-25`` is minus 25 000 kr; ``2\\xa0730 293`` (line 8066) mixes NBSP and space."""
    assert by_key[(740, 73)].regnskap_nok == -25_000
    assert by_key[(2711, 70)].regnskap_nok == 2_730_293_000
    assert by_key[(2711, 70)].start_line == 8064


def test_post_titles_keep_their_legal_flags(by_key):
    """Post titles stay raw: ``, kan\\xa0overføres`` and ``, overslagsbevilgning`` are kept."""
    assert by_key[(703, 21)].post_title == "Spesielle driftsutgifter, kan\xa0overføres"
    assert by_key[(732, 76)].post_title == "Innsatsstyrt finansiering, overslagsbevilgning"


def test_direction_follows_the_cover_ranges(lines):
    """Kaps 3700–3748, 5572 and 5631 are income; everything else expense."""
    for line in lines:
        income = 3700 <= line.kap <= 3748 or line.kap in (5572, 5631)
        assert line.direction == ("inntekt" if income else "utgift"), line.kap


def test_lines_point_at_their_kap_section(lines, document):
    """Each line's Section is its kap's level-5 Section and holds the line's kap."""
    for line in lines:
        section = document.sections[line.section]
        assert (section.level, section.kap, section.number) == (5, line.kap, str(line.kap))


def test_endring_pct_reproduces_every_programkategori_value(tables):
    """ROUND_HALF_UP on the Sum kap. totals gives each PIKL ``Endring i pst.`` cell."""
    kap_totals = {kap_table.kap: kap_table.totals for kap_table in read_kap_tables(tables)}
    checked = 0
    for table in tables:
        if not table.rows or table.rows[0].cell(0) != "PIKL":
            continue
        for row in table.rows:
            if row.cell(0).isdigit() and int(row.cell(0)) in kap_totals:
                _, saldert, forslag = kap_totals[int(row.cell(0))]
                assert endring_pct(saldert, forslag) == Decimal(row.cell(5).replace(",", ".")), (
                    row.start_line
                )
                checked += 1
    assert checked >= 30


# --- Small functions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("saldert", "forslag", "expected"),
    [
        (299_351_000, 323_186_000, "8.0"),
        (2_000, 2_001, "0.1"),  # 0.05 rounds half up, not to even
        (2_000, 1_999, "-0.1"),
        (None, 5_000, "100.0"),
        (0, 5_000, "100.0"),
        (5_000, None, "-100.0"),
        (None, None, "0.0"),
    ],
)
def test_endring_pct(saldert, forslag, expected):
    """(Forslag − Saldert) / Saldert × 100, one decimal, half up."""
    assert endring_pct(saldert, forslag) == Decimal(expected)


def test_kap_ranges_come_from_cover_lines_six_and_seven(source):
    """``700–783 og 2711–2790`` are expense kaps, ``3700–3748, 5572 og 5631`` income."""
    ranges = read_kap_ranges(source)
    assert ranges.expense == ((700, 783), (2711, 2790))
    assert ranges.income == ((3700, 3748), (5572, 5572), (5631, 5631))
    assert ranges.direction(3745) == "inntekt"
    assert ranges.direction(1000) is None


def test_vedtak_rows_carry_kap_totals_on_the_last_post(source, tables):
    """Vedtak I: 701's total is on post 73 only; amounts are kroner."""
    rows = [item for item in read_appropriations(source, tables) if item.kap == 701]
    assert [item.post for item in rows] == [21, 60, 70, 73]
    assert [item.kap_total_nok for item in rows] == [None, None, None, 511_799_000]
    assert rows[0].amount_nok == 322_597_000
    assert rows[0].label == "Utgifter"


# --- The four ingest checks ------------------------------------------------------------


def test_all_four_checks_hold_on_the_seed(source, tables, lines):
    """Σ posts = Sum kap.; PIKL = Sum kap.; vedtak total = Σ posts; vedtak = forslag."""
    kap_tables = read_kap_tables(tables)
    assert check_table_sums(kap_tables) == []
    assert check_category_totals(kap_tables, read_category_kaps(tables)) == []
    assert check_vedtak_totals(read_appropriations(source, tables)) == []
    assert check_vedtak_matches_proposal(lines) == []


def test_checks_report_each_broken_figure(source, tables, lines):
    """A changed figure gives one readable problem per failing check."""
    kap_tables = read_kap_tables(tables)
    first = kap_tables[0]
    broken_table = replace(first, totals=(first.totals[0], first.totals[1], 1))
    assert check_table_sums([broken_table]) == [
        f"kap 700: posts sum to 323186000 forslag, 'Sum kap.' (line {first.sum_row.start_line}) says 1"
    ]
    assert check_category_totals([broken_table], read_category_kaps(tables))
    items = list(read_appropriations(source, tables))
    items[0] = replace(items[0], kap_total_nok=1)
    assert check_vedtak_totals(items) == [
        "kap 700: vedtak I posts sum to 323186000, kap total says 1"
    ]
    wrong = replace(lines[0], vedtak_nok=1)
    assert check_vedtak_matches_proposal([wrong]) == [
        "kap 700 post 01: vedtak 1 != forslag 323186000 (line 1439)"
    ]


def test_truncated_copy_without_vedtak_warns(source):
    """Cut before Forslag: lines have no vedtak, and a warning says so."""
    (document,) = parse_proposition(SourceText(name="cut.txt", lines=source.lines[:9000]))
    assert all(line.vedtak_nok is None for line in document.budget_lines)
    assert any("vedtak I" in warning for warning in document.warnings)
