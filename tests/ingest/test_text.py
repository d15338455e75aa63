"""The shared text steps: whitespace, dates, amounts, sentences and wrapped lines."""

from datetime import date
from decimal import Decimal

import pytest

from ingest.text import (
    Unit,
    drop_repeated_paragraphs,
    find_amounts,
    find_date,
    join_wrapped,
    normalise_space,
    parse_date,
    parse_kroner,
    parse_number,
    slugify_no,
    split_sentences,
    strip_footnote_digits,
    strip_markup,
    table_unit,
    to_kroner,
)


def test_normalise_space_turns_nbsp_and_narrow_nbsp_into_spaces():
    assert (
        normalise_space("  bedre\u202flivskvalitet\xa0for  personer\t ")
        == "bedre livskvalitet for personer"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Signert 1. mars 2017 i Oslo", date(2017, 3, 1)),
        ("gjelder fra 1.1.2017", date(2017, 1, 1)),
        ("datert 01.01.17", date(2017, 1, 1)),
        ("vedtatt 17.juni 2022", date(2022, 6, 17)),
        ("Oslo, 12. april 2018", date(2018, 4, 12)),
    ],
)
def test_norwegian_date_forms(text, expected):
    assert parse_date(text) == expected


def test_a_day_without_year_takes_the_reporting_year():
    assert parse_date("innen 14.desember", default_year=2017) == date(2017, 12, 14)
    assert parse_date("innen 14.desember") is None


def test_seasons_and_account_codes_are_no_dates():
    assert parse_date("høsten 2024") is None
    assert parse_date("konto 65.00.07") is None


def test_find_date_returns_the_first_date_and_its_text():
    assert find_date("fra 1.1.2018 og 1. mars 2017") == (date(2018, 1, 1), "1.1.2018")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2\xa0730 293", Decimal("2730293")),  # NBSP and space mixed in one number
        ("\t2\xa0730 293", Decimal("2730293")),
        ("-5 400", Decimal("-5400")),
        ("5,4", Decimal("5.4")),
        ("", None),
        ("-", None),
    ],
)
def test_parse_number(cell, expected):
    assert parse_number(cell) == expected


def test_parse_number_refuses_text():
    with pytest.raises(ValueError, match="not a number"):
        parse_number("Sum kap. 700")


def test_money_is_whole_kroner_exactly():
    assert to_kroner(Decimal("5.4"), Unit.MILLION) == 5_400_000
    assert parse_kroner("282\xa0495", Unit.THOUSAND) == 282_495_000
    assert parse_kroner("-", Unit.THOUSAND) is None  # empty stays empty, never 0
    with pytest.raises(ValueError):
        to_kroner(Decimal("0.5"), Unit.KRONER)


def test_table_unit_reads_the_caption():
    assert table_unit("(i 1 000 kr)") is Unit.THOUSAND
    assert table_unit("Mill. kroner") is Unit.MILLION
    assert table_unit("Beløp i kroner") is Unit.KRONER


def test_find_amounts_reads_numbers_and_number_words():
    text = "Det foreslås 3\xa0mill. kroner fra kap. 762, og fire mill. kroner og 1,2 mrd. kroner."
    assert [kroner for kroner, _ in find_amounts(text)] == [3_000_000, 4_000_000, 1_200_000_000]
    assert find_amounts("325\xa0millioner kroner")[0][0] == 325_000_000


def test_split_sentences_keeps_abbreviations():
    text = "Det er bl.a. foreslått 5 mill. kroner. Jf. Prop. 1 S kap. 732. «Sitat» følger. Nytt avsnitt!"
    assert split_sentences(text) == [
        "Det er bl.a. foreslått 5 mill. kroner.",
        "Jf. Prop. 1 S kap. 732.",
        "«Sitat» følger.",
        "Nytt avsnitt!",
    ]


def test_join_wrapped_decides_hyphens_on_the_raw_line_end():
    assert join_wrapped(["ulike aktører (Helse- ", "og omsorgsdepartementet)"]) == (
        "ulike aktører (Helse- og omsorgsdepartementet)"
    )
    assert join_wrapped(["kunnskap om kvalitetsutviklings-", "arbeid i kommunene"]) == (
        "kunnskap om kvalitetsutviklingsarbeid i kommunene"
    )
    assert (
        join_wrapped(["finansiert gjennom ISF-", "ordningen"]) == "finansiert gjennom ISF-ordningen"
    )


def test_drop_repeated_paragraphs_keeps_the_first():
    assert drop_repeated_paragraphs(["A b.", "C.", "A\xa0b."]) == ["A b.", "C."]


def test_strip_markup_keeps_the_words():
    assert strip_markup("**Viktig** og *kursiv* [lenke](#x) tekst[7]^[1] <i>her</i>") == (
        "Viktig og kursiv lenke tekst her"
    )
    assert strip_markup("note *") == "note *"  # a lone asterisk is a note mark


def test_strip_footnote_digits_only_after_lower_case_words():
    assert (
        strip_footnote_digits("alvorlige helseproblemer1. Samtidig")
        == "alvorlige helseproblemer. Samtidig"
    )
    assert strip_footnote_digits("HelseOmsorg21 og 2017") == "HelseOmsorg21 og 2017"


def test_slugify_keeps_norwegian_letters_readable():
    assert slugify_no("Årsrapport for Sørlandet – æøå") == "arsrapport-for-sorlandet-aeoa"


def test_slugify_separates_at_dashes():
    assert slugify_no("Meld. St. 1 (2025–2026)") == "meld-st-1-2025-2026"
    assert slugify_no("Prop. 1 LS (2025—2026)") == "prop-1-ls-2025-2026"
