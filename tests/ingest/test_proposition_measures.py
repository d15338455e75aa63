"""Prop. 1 S (seed 003): budsjettprioritering (box 2.1) and budsjettiltak measures."""

from __future__ import annotations

import pytest

from ingest.parsed import SourceText
from ingest.parsers.proposition import parse_proposition
from ingest.parsers.proposition.measures import (
    KapRef,
    budget_ends,
    find_kap_refs,
    is_list_item,
    parse_measures,
    short_title,
    signed_amount,
)
from ingest.parsers.proposition.outline import KIND_BOX, build_outline
from ingest.parsers.proposition.tables import table_lines
from tests.ingest.golden import load_seed

SEED = "003_946f496bfe1dc309.txt"


@pytest.fixture(scope="module")
def source() -> SourceText:
    return load_seed(SEED)


@pytest.fixture(scope="module")
def outline(source):
    return build_outline(source)


@pytest.fixture(scope="module")
def measures(source, outline):
    return parse_measures(source, outline, 2025)


@pytest.fixture(scope="module")
def priorities(measures):
    return [m for m in measures if m.kind == "budsjettprioritering"]


@pytest.fixture(scope="module")
def tiltak(measures):
    return [m for m in measures if m.kind == "budsjettiltak"]


def _at(measures, line):
    found = [m for m in measures if m.start_line == line]
    assert found, f"no measure on line {line}"
    return found[0]


# --- budsjettprioritering --------------------------------------------------------------


def test_box_2_1_gives_nineteen_priorities(priorities, outline):
    """Each item of box 2.1 (lines 272–290) is one measure in the box Section."""
    assert [m.start_line for m in priorities] == list(range(272, 291))
    box = outline.sections[outline.positions(KIND_BOX)[0]]
    assert {m.section for m in priorities} == {box.position}
    assert all(m.year == 2025 and m.start_line == m.end_line for m in priorities)


@pytest.mark.parametrize(
    ("line", "title", "amount"),
    [
        (272, "Driftsbevilgning sykehus", 5_468_000_000),
        (273, "Bo trygt hjemme-reformen", 325_000_000),
        (277, "Tromsøundersøkelsen", 12_500_000),
        (286, "Tiltak for digital inkludering og opplæring for eldre", 5_000_000),  # plain space
        (290, "Saksbehandling i Norsk pasientskadeerstatning", 4_000_000),
    ],
)
def test_priority_title_and_amount(priorities, line, title, amount):
    """``title⇥⇥amount mill. kroner``: the title before the TABs, the amount in kroner."""
    measure = _at(priorities, line)
    assert (measure.title, measure.amount_nok) == (title, amount)


def test_only_box_2_1_holds_measures(tiltak, outline):
    """No budsjettiltak comes from a box (the RHF fact boxes name amounts too)."""
    boxes = [outline.sections[p] for p in outline.positions(KIND_BOX)]
    for measure in tiltak:
        assert not any(b.start_line <= measure.start_line <= b.end_line for b in boxes)


# --- budsjettiltak: where ----------------------------------------------------------------


def test_measures_lie_inside_their_sections(measures, outline):
    """Every measure's line range is inside the range of the Section it points at."""
    for measure in measures:
        section = outline.sections[measure.section]
        assert section.start_line <= measure.start_line <= measure.end_line <= section.end_line


def test_tiltak_come_from_chapter_two_after_the_box_and_del_ii(tiltak):
    """Nothing from chapter 1, the chapter 2 overview, chapter 3 or Del III/Forslag."""
    for measure in tiltak:
        assert 292 <= measure.start_line <= 355 or 1299 <= measure.start_line <= 8931


def test_no_tiltak_from_tables_or_decision_blocks(tiltak, outline):
    """Table rows and request-decision blocks (quotes, follow-ups) give no measures."""
    in_table = table_lines(outline.tables)
    blocks = [
        (s.start_line, s.end_line)
        for s, kind in zip(outline.sections, outline.kinds, strict=True)
        if kind in ("requests", "request", "session")
    ]
    for measure in tiltak:
        assert measure.start_line not in in_table
        assert not any(a <= measure.start_line <= b for a, b in blocks)


def test_every_tiltak_proposes_and_names_an_amount(tiltak):
    """Each has an amount; sentences propose, list items sit under a proposing intro."""
    assert len(tiltak) > 600
    for measure in tiltak:
        assert measure.amount_nok
        assert measure.year == 2025


def test_verbatim_repeat_is_one_measure_at_first_occurrence(tiltak, source):
    """292–307 is reprinted at 3000–3015: the 5,784 mrd. sentence is measured once, at 293."""
    assert source.line(3001) == source.line(293)
    found = [m for m in tiltak if m.text.startswith("Det foreslås å øke de ordinære, frie")]
    assert [m.start_line for m in found] == [293]
    assert found[0].amount_nok == 5_784_000_000
    assert not [m for m in tiltak if 3001 <= m.start_line <= 3015]


def test_videreforing_without_amount_is_no_measure(tiltak):
    """``… foreslås videreført …:`` (3188) has no amount: only its items are measures."""
    assert all(m.start_line != 3188 for m in tiltak)
    assert _at(tiltak, 3189).amount_nok == 269_500_000


# --- budsjettiltak: amounts, kap and post ----------------------------------------------


def test_transfer_from_kap_762_to_synthetic_kap_704(tiltak):
    """1897: ``3 mill. kroner fra kap. 762, post 21 til …`` under kap 704's lost heading."""
    measure = _at(tiltak, 1897)
    assert measure.amount_nok == 3_000_000
    assert (measure.kap, measure.post, measure.to_kap, measure.to_post) == (762, 21, 704, None)


def test_transfer_named_to_before_from(tiltak):
    """5071 names ``til kap. 745, post 01`` before ``fra kap. 740, post 10``."""
    measure = _at(tiltak, 5071)
    assert (measure.kap, measure.post, measure.to_kap, measure.to_post) == (740, 10, 745, 1)
    assert measure.amount_nok == 10_000_000


def test_list_items_under_vesentlige_endringsforslag(tiltak):
    """1484–1488 are items of the ``Vesentlige endringsforslag …:`` list under post 01."""
    assert [m.start_line for m in tiltak if 1484 <= m.start_line <= 1488] == [
        1484,
        1485,
        1486,
        1487,
        1488,
    ]
    assert (_at(tiltak, 1484).kap, _at(tiltak, 1484).post) == (700, 1)
    last = _at(tiltak, 1488)
    assert (last.kap, last.post, last.to_kap, last.to_post) == (701, 21, 700, 1)


def test_cuts_are_negative(tiltak):
    """``foreslås redusert med 62,8 mill.`` and a bare item under ``… redusert med:``."""
    assert _at(tiltak, 1888).amount_nok == -62_800_000
    assert (
        _at(tiltak, 1583).amount_nok == -1_600_000
    )  # "1,6 mill. kroner til å styrke andre tiltak"
    assert _at(tiltak, 1576).amount_nok == 119_100_000  # under "… økt med:"


def test_number_words_and_millioner(tiltak):
    """``fire mill. kroner`` (7890) and ``2 millioner kroner`` (7881) are amounts."""
    assert _at(tiltak, 7890).amount_nok == 4_000_000
    assert _at(tiltak, 7881).amount_nok == 2_000_000


def test_context_kap_and_post_fill_in(tiltak):
    """Without a kap reference the enclosing Section gives kap/post (synthetic 781 too)."""
    assert (_at(tiltak, 7843).kap, _at(tiltak, 7843).post) == (781, None)
    assert (_at(tiltak, 7848).kap, _at(tiltak, 7848).post) == (781, 21)
    assert (_at(tiltak, 329).kap, _at(tiltak, 329).post) == (None, None)


def test_cross_reference_is_not_the_measures_kap(tiltak):
    """4537 ends ``jf. nærmere omtale under kap. 710, post 23``: it stays kap 740 post 01."""
    measure = _at(tiltak, 4537)
    assert (measure.kap, measure.post) == (740, 1)


# --- Small functions -------------------------------------------------------------------


def test_find_kap_refs_forms():
    """``kap. 732.70``, ``poster 21 og 79``, ``Kap. 2755, post 73`` and transfer ends."""
    assert find_kap_refs("midler over kap. 732.70 til") == [KapRef(732, 70, "")]
    assert find_kap_refs("over kap. 781, poster 21 og 79, foreslås") == [KapRef(781, 21, "")]
    assert find_kap_refs("Kap. 2755, post 73 reduseres") == [KapRef(2755, 73, "")]
    assert find_kap_refs("flytte 3 mill. kroner fra kap. 762, post 21 til kap. 704 post 01") == [
        KapRef(762, 21, "fra"),
        KapRef(704, 1, "til"),
    ]
    assert find_kap_refs("jf. nærmere omtale under kap. 710, post 23") == []
    assert find_kap_refs("mot tilsvarende økning på kap. 3710, post 03") == []
    assert find_kap_refs("og redusere kap. 762 tilsvarende") == []


def test_budget_ends_fills_the_missing_end_from_context():
    """A transfer naming one end takes the other from the Section, unless they coincide."""
    assert budget_ends("2,6 mill. kroner til kap. 700, post 01", (701, 21)) == (701, 21, 700, 1)
    assert budget_ends("12,3 mill. kroner fra kap. 701, post 21", (701, 21)) == (
        701,
        21,
        None,
        None,
    )
    assert budget_ends("Bevilgningen foreslås økt med 5 mill. kroner", (714, 21)) == (
        714,
        21,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("text", "intro", "amount"),
    [
        ("Bevilgningen foreslås redusert med 6 mill. kroner.", "", -6_000_000),
        ("160 mill. kroner i redusert bevilgning.", "", -160_000_000),
        ("25 mill. kroner i økt bevilgning knyttet til nedjustering av refusjon.", "", 25_000_000),
        (
            "1,6 mill. kroner til å styrke andre tiltak",
            "foreslås bevilgningen redusert med:",
            -1_600_000,
        ),
        (
            "73,0 mill. kroner til kap. 732, post 72",
            "Samlet reduseres refusjonene, slik:",
            73_000_000,
        ),
        (
            "Det foreslås å bevilge 0,3 mill. kroner mot tilsvarende reduksjon over kap. 765",
            "",
            300_000,
        ),
        ("Ingen beløp her.", "", None),
    ],
)
def test_signed_amount(text, intro, amount):
    """Own words first, then a bare item's intro; counterparts and transfers stay positive."""
    assert signed_amount(text, intro) == amount


def test_list_item_and_title_helpers():
    """A paragraph that opens without an amount is no list item; titles are one sentence."""
    assert is_list_item("119,1 mill. kroner til Digital samhandling steg 2")
    assert not is_list_item("Helsedirektoratet etablerte en ordning. Den har 331 mill. kroner.")
    assert short_title("Første setning. Andre setning.") == "Første setning."
    assert len(short_title("x" * 400)) == 300


def test_measures_of_a_truncated_copy(source):
    """Cut inside Del II: the measures read so far, no crash."""
    (document,) = parse_proposition(SourceText(name="cut.txt", lines=source.lines[:2000]))
    assert len([m for m in document.measures if m.kind == "budsjettprioritering"]) == 19
    assert all(m.end_line <= 2000 for m in document.measures)
