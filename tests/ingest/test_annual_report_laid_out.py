"""Another agency's annual report, of another year, in the DFØ template.

The text below is written in the shape of Statens helsetilsyn's Årsrapport 2023 as a
one-paragraph-per-line export (the shape of seed 002, but another agency, year and
wording). What the parser must extract, written down before it was written:

* kind ``annual_report``; title "Årsrapport 2023 – Statens helsetilsyn"; publisher
  Statens helsetilsyn; year 2023; published 1 March 2024 (the leader's signature);
* the six parts as level-1 sections (the contents list is no section), "Mål 1" a
  level-2 section under part III;
* measures: the goal "Mål 1" (``langsiktig_mal``), "Styringsparameter 1.1" and
  "Nøkkeltall 2" with their paragraphs as text, and the two assignments of the Oppdrag
  table with their statuses (ferdig, forsinket);
* the decision sentence "Forskriften ble vedtatt 12. juni 2023 …" (``forskrift``);
* budget lines from the Bevilgningsrapportering table: kap 721 posts 01 and 21 (an
  expense chapter) with tildeling, regnskap and avvik in kroner, and kap 3721 post 02
  (an income chapter).
"""

from datetime import date

from ingest import parsers
from ingest.parsed import SourceText
from ingest.plain_text import read_text_document

REPORT = """Årsrapport 2023

Statens helsetilsyn

Innhold

Leders beretning\t3
Introduksjon til virksomheten og hovedtall\t6
Årets aktiviteter og resultater\t10
Styring og kontroll i virksomheten\t20
Vurdering av framtidsutsikter\t24
Årsregnskap\t26

Leders beretning

Statens helsetilsyn har i 2023 hatt høy aktivitet i tilsynet med helse- og omsorgstjenestene, og vi har styrket arbeidet med alvorlige hendelser.

Oslo, 1. mars 2024

Jo Kittelsen

Introduksjon til virksomheten og hovedtall

Statens helsetilsyn er underlagt Helse- og omsorgsdepartementet og har 130 ansatte fordelt på fire avdelinger.

Årets aktiviteter og resultater

Mål 1: Tilsyn bidrar til trygge og gode tjenester

Tilsynet skal avdekke svikt og bidra til læring i tjenestene.

Styringsparameter 1.1: Saksbehandlingstid for tilsynssaker

Median saksbehandlingstid var 5,1 måneder, mot et mål på 5 måneder.

Forskriften ble vedtatt 12. juni 2023 og gjelder fra 1. januar 2024.

Nøkkeltall 2: Antall tilsynssaker avsluttet

Det ble avsluttet 3 412 tilsynssaker i 2023.

Oppdrag\tStatus\tKommentar
Utrede nytt tilsynsverktøy\tFerdig\tLevert i oktober
Evaluere meldeordningen\tForsinket\tFerdig i 2024

Styring og kontroll i virksomheten

Virksomheten har et internkontrollsystem som er tilpasset risiko og vesentlighet.

Vurdering av framtidsutsikter

Etterspørselen etter tilsyn vil øke i årene som kommer.

Årsregnskap

Bevilgningsrapportering (i kroner)

Utgiftskapittel\tKapittelnavn\tPost\tPosttekst\tSamlet tildeling\tRegnskap 2023\tMerutgift (-) og mindreutgift
721\tStatens helsetilsyn\t01\tDriftsutgifter\t182 000 000\t180 512 300\t1 487 700
721\tStatens helsetilsyn\t21\tSpesielle driftsutgifter\t2 500 000\t2 612 000\t-112 000
Inntektskapittel\tKapittelnavn\tPost\tPosttekst\tSamlet tildeling\tRegnskap 2023\tMerinntekt og mindreinntekt(-)
3721\tStatens helsetilsyn\t02\tDiverse inntekter\t1 000 000\t1 250 000\t250 000
"""


def parsed():
    doc = read_text_document(SourceText.from_text(REPORT, name="arsrapport-2023-helsetilsynet.txt"))
    result = parsers.parse(doc)
    assert result.kind == "annual_report", result.documents[0].warnings
    return result.documents[0]


def test_cover_gives_agency_year_and_title():
    report = parsed()
    assert report.title == "Årsrapport 2023 – Statens helsetilsyn"
    assert (report.publisher, report.year) == ("Statens helsetilsyn", 2023)
    assert report.published == date(2024, 3, 1)


def test_the_template_parts_are_the_top_level():
    report = parsed()
    top = [s.title for s in report.sections if s.level == 1]
    assert top == [
        "Leders beretning",
        "Introduksjon til virksomheten og hovedtall",
        "Årets aktiviteter og resultater",
        "Styring og kontroll i virksomheten",
        "Vurdering av framtidsutsikter",
        "Årsregnskap",
    ]


def test_goals_indicators_and_assignments_are_measures():
    report = parsed()
    measures = [(m.kind, m.number, m.title, m.status) for m in report.measures]
    assert measures == [
        ("langsiktig_mal", "1", "Tilsyn bidrar til trygge og gode tjenester", ""),
        ("styringsparameter", "1.1", "Saksbehandlingstid for tilsynssaker", ""),
        ("nokkeltall", "2", "Antall tilsynssaker avsluttet", ""),
        ("oppdrag", "", "Utrede nytt tilsynsverktøy", "ferdig"),
        ("oppdrag", "", "Evaluere meldeordningen", "forsinket"),
    ]
    assert report.measures[1].text.startswith("Median saksbehandlingstid var 5,1 måneder")
    assert all(m.year == 2023 for m in report.measures)


def test_decision_sentences_are_decisions():
    report = parsed()
    assert [(d.kind, d.date) for d in report.decisions] == [("forskrift", date(2023, 6, 12))]


def test_the_appropriation_table_gives_budget_lines_of_both_directions():
    report = parsed()
    lines = [
        (
            b.kap,
            b.post,
            b.direction,
            b.kap_title,
            b.post_title,
            b.tildeling_nok,
            b.regnskap_nok,
            b.avvik_nok,
        )
        for b in report.budget_lines
    ]
    assert lines == [
        (
            721,
            1,
            "utgift",
            "Statens helsetilsyn",
            "Driftsutgifter",
            182_000_000,
            180_512_300,
            1_487_700,
        ),
        (
            721,
            21,
            "utgift",
            "Statens helsetilsyn",
            "Spesielle driftsutgifter",
            2_500_000,
            2_612_000,
            -112_000,
        ),
        (
            3721,
            2,
            "inntekt",
            "Statens helsetilsyn",
            "Diverse inntekter",
            1_000_000,
            1_250_000,
            250_000,
        ),
    ]
