"""Budget propositions read from blocks, on editions the seed parser was not written for.

The two block streams below are in the shape a reader gives for next year's Prop. 1 S of
another ministry and for a Prop. 1 LS (the shapes of the real files in
../shared/real-docs/, cut to what each test needs). What must come out was written down
in each test before the parser was written.
"""

from datetime import date
from decimal import Decimal

import pytest

from ingest import parsers
from ingest.blocks import HEADING, PARAGRAPH, TABLE, Block, ReadDocument, render
from ingest.parsers.budget_tables import ACCOUNTS_COLUMNS, PROPOSITION_COLUMNS, table_columns


def heading(text, level=1):
    return Block(HEADING, text=text, level=level, page=1)


def para(text, page=1):
    return Block(PARAGRAPH, text=text, page=page)


def table(*rows, page=3):
    return Block(TABLE, rows=tuple(tuple(row) for row in rows), page=page)


def laid_out(*blocks, name="prop.pdf") -> ReadDocument:
    placed, source = render(blocks, name=name)
    return ReadDocument(name=name, format="pdf", blocks=placed, source=source, page_count=9)


BUDGET_HEADER = (
    "Kap.",
    "Post",
    "Betegnelse",
    "Regnskap 2024",
    "Saldert budsjett 2025",
    "Forslag 2026",
    "Endring i pst.",
)

NEXT_YEARS_PROP_1_S = laid_out(
    heading("Prop. 1 S"),
    para("(2025 – 2026)"),
    para("Proposisjon til Stortinget (forslag til stortingsvedtak)"),
    heading("FOR BUDSJETTÅRET 2026", level=4),
    para("Kunnskapsdepartementet"),
    para("Tilråding fra Kunnskapsdepartementet 19. september 2025, godkjent i statsråd samme dag."),
    heading("Innhold", level=3),
    para("Del I Innledning . . . . . . . . . . . . . . . . 9"),
    heading("Del I Innledning"),
    heading("1 Hovedprioriteringer", level=2),
    para("Regjeringen foreslår å styrke lærerutdanningen."),
    para("(i 1 000 kr)"),
    table(
        BUDGET_HEADER,
        ("200", "", "Kunnskapsdepartementet", "", "", "", ""),
        ("", "01", "Driftsutgifter", "420 312", "431 500", "445 000", "3,1"),
        (
            "",
            "21",
            "Spesielle driftsutgifter, kan nyttes under post 70",
            "12 000",
            "",
            "13 500",
            "",
        ),
    ),
    heading("Del III Forslag til vedtak"),
    heading("Forslag til vedtak om bevilgning for budsjettåret 2026", level=2),
    para("I"),
    para("Utgifter:"),
    table(("Kap.", "Post", "Formål", "Kroner"), ("200", "01", "Driftsutgifter", "445 000 000")),
    para("II"),
    para("Stortinget samtykker i at Kunnskapsdepartementet i 2026 kan overskride bevilgningen."),
)

PROP_1_LS = laid_out(
    heading("Prop. 1 LS"),
    para("(2025–2026)"),
    para("Proposisjon til Stortinget (forslag til lovvedtak og stortingsvedtak)"),
    heading("FOR BUDSJETTÅRET 2026", level=4),
    para("Skatter og avgifter 2026"),
    heading("1 Hovedtrekk i skatte- og avgiftspolitikken"),
    para("Regjeringen foreslår et skatte- og avgiftsopplegg som gir lettelser."),
    para("Tilråding fra Finansdepartementet 7. oktober 2025, godkjent i statsråd samme dag."),
    heading("A – Forslag til lovvedtak"),
    heading("Forslag", level=2),
    heading("til lov om endringer i skatteloven", level=2),
    para("I"),
    para("I lov 26. mars 1999 nr. 14 om skatt av formue og inntekt gjøres følgende endringer:"),
    para("II"),
    para("Loven trer i kraft straks."),
    heading("B – Forslag til skatte- og avgiftsvedtak"),
    heading("Forslag", level=2),
    heading("til stortingsvedtak om tollavgift for 2026", level=2),
    para("§ 1 Fra 1. januar 2026 skal det betales toll etter tolltariffen."),
    name="prop-1-ls.pdf",
)


def parse(doc):
    result = parsers.parse(doc)
    assert result.kind == "budget_proposition", result.documents[0].warnings
    (document,) = result.documents
    return document


def test_next_years_prop_1_s_of_another_ministry_reads_its_cover():
    document = parse(NEXT_YEARS_PROP_1_S)
    assert document.reference == "Prop. 1 S (2025–2026)"
    assert document.publisher == "Kunnskapsdepartementet"
    assert document.published == date(2025, 9, 19)
    assert document.year == 2026
    assert document.title == (
        "Proposisjon til Stortinget (forslag til stortingsvedtak) for budsjettåret 2026"
    )


def test_the_cover_and_contents_are_no_sections():
    document = parse(NEXT_YEARS_PROP_1_S)
    assert [(s.number, s.title, s.level) for s in document.sections] == [
        ("", "Del I Innledning", 1),
        ("1", "Hovedprioriteringer", 2),
        ("", "Del III Forslag til vedtak", 1),
        ("", "Forslag til vedtak om bevilgning for budsjettåret 2026", 2),
    ]


def test_kap_post_tables_give_budget_lines_in_the_declared_unit():
    document = parse(NEXT_YEARS_PROP_1_S)
    lines = [
        (b.kap, b.post, b.kap_title, b.post_title, b.regnskap_nok, b.saldert_nok, b.forslag_nok)
        for b in document.budget_lines
    ]
    assert lines == [
        (200, 1, "Kunnskapsdepartementet", "Driftsutgifter", 420_312_000, 431_500_000, 445_000_000),
        (
            200,
            21,
            "Kunnskapsdepartementet",
            "Spesielle driftsutgifter, kan nyttes under post 70",
            12_000_000,
            None,  # an empty cell stays empty, never 0
            13_500_000,
        ),
    ]
    assert document.budget_lines[0].endring_pct == Decimal("3.1")
    assert document.sections[document.budget_lines[0].section].title == "Hovedprioriteringer"


def test_romertall_items_of_the_proposed_vedtak_are_decisions():
    document = parse(NEXT_YEARS_PROP_1_S)
    assert [(d.kind, d.number, d.title) for d in document.decisions] == [
        ("romertallsvedtak", "I", "Vedtak om bevilgning for budsjettåret 2026"),
        ("romertallsvedtak", "II", "Vedtak om bevilgning for budsjettåret 2026"),
    ]
    assert document.decisions[1].text.startswith("Stortinget samtykker i at Kunnskapsdepartementet")
    assert "Driftsutgifter\t445 000 000" in document.decisions[0].text


def test_a_prop_ls_reads_its_title_ministry_and_each_proposed_vedtak():
    document = parse(PROP_1_LS)
    assert (document.reference, document.title) == (
        "Prop. 1 LS (2025–2026)",
        "Skatter og avgifter 2026",
    )
    assert (document.publisher, document.published) == ("Finansdepartementet", date(2025, 10, 7))
    decisions = [(d.kind, d.number, d.title, d.text[:30]) for d in document.decisions]
    assert decisions == [
        (
            "romertallsvedtak",
            "I",
            "Lov om endringer i skatteloven",
            "I lov 26. mars 1999 nr. 14 om ",
        ),
        ("romertallsvedtak", "II", "Lov om endringer i skatteloven", "Loven trer i kraft straks."),
        ("annet", "", "Stortingsvedtak om tollavgift for 2026", "§ 1 Fra 1. januar 2026 skal de"),
    ]
    assert len({d.key for d in document.decisions}) == 3
    assert document.budget_lines == ()


@pytest.mark.parametrize(
    ("header", "found"),
    [
        (BUDGET_HEADER, True),
        (("Kap.", "Post", "Endring"), False),  # a change in revenue is no budget line
        (("Tabell", "2024", "2025"), False),
    ],
)
def test_only_tables_with_kap_post_and_amount_columns_are_budget_tables(header, found):
    assert (table_columns(header, PROPOSITION_COLUMNS) is not None) == found


def test_an_annual_reports_appropriation_table_has_its_own_columns():
    header = (
        "Utgiftskapittel", "Kapittelnavn", "Post", "Posttekst", "Note", "Samlet tildeling",
        "Regnskap 2024", "Merutgift (-) og mindreutgift", "Avvik fra tildeling",
    )  # fmt: skip
    columns = table_columns(header, ACCOUNTS_COLUMNS)
    assert (columns.kap, columns.kap_title, columns.post, columns.post_title) == (0, 1, 2, 3)
    assert columns.amounts == {"tildeling_nok": 5, "regnskap_nok": 6, "avvik_nok": 7}
    assert table_columns(header, PROPOSITION_COLUMNS).amounts == {"regnskap_nok": 6}
