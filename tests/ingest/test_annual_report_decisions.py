"""Decision sentences of the annual reports: SEEDS.md "Decisions in 001 and 002", rules 1–4."""

from datetime import date

import pytest

from ingest.parsed import ParsedDecision
from ingest.parsers.annual_report.decisions import (
    cut_title,
    decision_from_sentence,
    decision_key,
    decision_kind,
    dedupe_decisions,
    first_actor,
    is_decision_sentence,
    regulation_reference,
    request_number,
    strip_leading_label,
)
from ingest.vocabulary import ANMODNINGSVEDTAK, ANNET, FORSKRIFT, ROMERTALLSVEDTAK


def decide(sentence: str, *, section: int | None = 4, section_key: str = "s4", **extra):
    return decision_from_sentence(
        sentence,
        start_line=10,
        end_line=10,
        section=section,
        section_key=section_key,
        default_year=2017,
        **extra,
    )


# --- Rule 1: which sentences are decisions ------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "IA-handlingsplan for Helsedirektoratet ble vedtatt i januar 2015.",
        "Høsten 2024 vedtok direktoratet Policy for virksomhetsstyring.",
        "Det er besluttet at konsekvenser for personellbruk skal etterspørres.",
        "Ny spesialistforskrift trådte i kraft 1. mars 2017.",
        "Endringene er trådt i kraft i EU-landene.",
        "Del 2 og 3 trer i kraft fra 1. mars 2019.",
        "Helsedirektoratet har levert svar på Anmodningsvedtak 626 Utrede bindende minimumsnorm.",
        "Oppdraget inngår i oppfølging av anmodningsvedtak fra stortinget i 2023.",
        "Romertallsvedtak",
        "Stortinget samtykker i at departementet kan føre utgifter uten bevilgning.",
        "Tilsagnsrammen er etter Stortingets behandling av revidert nasjonalbudsjett 900 plasser.",
        "Det ble innført et nytt sanksjonsmiddel.",
        "Nytt refusjonssystem innføres fra 1.1.18.",
    ],
)
def test_trigger_phrases_make_a_decision(sentence):
    """Each trigger phrase of rule 1 marks a decision sentence."""
    assert is_decision_sentence(sentence)
    assert decide(sentence) is not None


@pytest.mark.parametrize(
    "sentence",
    [
        "Helsedirektoratet skal sikre at vedtatt politikk settes i verk.",
        "Arbeidet koordineres i tråd med vedtatt fremdriftsplan.",
        "Tiltakene følger opp vedtatte endringer i loven.",
        "Handlingsplanen som WHO har vedtatt på NCD ble lansert i november 2017.",
        "Etter vedtak i styret ble arbeidet startet.",  # a bare "vedtak" is no trigger
        "Læringsmål for spesialitetene er under utarbeidelse.",
        "",
    ],
)
def test_excluded_and_plain_sentences_are_no_decisions(sentence):
    """Exclusions win over triggers, and a bare "vedtak" triggers nothing."""
    assert decide(sentence) is None


def test_leading_labels_are_stripped():
    """A leading Kommentar/Beskrivelse label of the 001 table is no part of the text."""
    assert strip_leading_label("Kommentar HOD har besluttet at oppgaven utsettes.") == (
        "HOD har besluttet at oppgaven utsettes."
    )
    assert strip_leading_label("Beskrivelse: Det er vedtatt.") == "Det er vedtatt."
    assert strip_leading_label("Kommentarene ble vedtatt.") == "Kommentarene ble vedtatt."
    decision = decide("Kommentar HOD har besluttet at oppgaven utsettes til 2018.")
    assert decision.text == "HOD har besluttet at oppgaven utsettes til 2018."
    assert decision.actor == "HOD"


# --- Rule 2: kinds -------------------------------------------------------------------------


def test_request_decision_names_its_number():
    """A sentence naming "Anmodningsvedtak <n>" is an anmodningsvedtak n without session."""
    decision = decide("Helsedirektoratet har levert svar på Anmodningsvedtak 626 Utrede normen.")
    assert decision.kind == ANMODNINGSVEDTAK
    assert decision.number == "626"
    assert decision.session == ""


def test_request_decision_without_number_is_annet():
    """A request decision named without its number ("fra stortinget") is annet."""
    decision = decide("Oppdraget følger opp anmodningsvedtak fra stortinget i 2023 om modeller.")
    assert decision.kind == ANNET
    assert decision.number == ""


def test_regulation_with_date_and_number_gets_a_reference():
    """A regulation named by date and number gets FOR-yyyy-mm-dd-n (002 line 104)."""
    decision = decide(
        "Det ble innført et nytt sanksjonsmiddel med Forskrift 13. september 2024 nr. 2149 "
        "om illeggelse og utmåling av overtredelsesgebyr etter alkoholloven."
    )
    assert decision.kind == FORSKRIFT
    assert decision.reference == "FOR-2024-09-13-2149"
    assert decision.date == date(2024, 9, 13)
    assert decision.date_text == "13. september 2024"


def test_sentence_about_a_regulation_is_forskrift_without_reference():
    """A sentence about a regulation is a forskrift even without its number."""
    decision = decide("Forskriftene ble vedtatt og trådte i kraft 1. januar 2018.")
    assert decision.kind == FORSKRIFT
    assert decision.reference == ""
    assert decision.date == date(2018, 1, 1)


def test_kind_order():
    """A numbered request decision outranks a regulation; the caption gives romertall."""
    assert decision_kind("Anmodningsvedtak 12 om forskrift ble vedtatt.") == ANMODNINGSVEDTAK
    assert decision_kind("Romertallsvedtak") == ROMERTALLSVEDTAK
    assert decision_kind("Stortinget samtykker i at departementet kan føre utgifter.") == ANNET


def test_small_extractors():
    """Number and reference extractors read only their own patterns."""
    assert request_number("anmodningsvedtak 45 og 46") == "45"
    assert request_number("anmodningsvedtaket") == ""
    assert regulation_reference("forskrift 1. juli 2017 nr. 9") == "FOR-2017-07-01-9"
    assert regulation_reference("forskrift om pakkeforløp") == ""


# --- Rule 3: fields ------------------------------------------------------------------------


def test_date_without_year_takes_the_reporting_year():
    """A day and month without a year ("14.desember") take the reporting year (rule 4)."""
    decision = decide("De første 10 spesialitetene ble vedtatt 14.desember.")
    assert decision.date == date(2017, 12, 14)
    assert decision.date_text == "14.desember"


def test_season_gives_no_date():
    """A season ("høsten 2024") gives no date."""
    decision = decide("Høsten 2024 vedtok direktoratet Policy for virksomhetsstyring.")
    assert decision.date is None
    assert decision.date_text == ""


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        (
            "Stortinget samtykker i at Helse- og omsorgsdepartementet kan føre utgifter.",
            "Stortinget",
        ),
        ("Etter Stortingets behandling ble rammen økt.", "Stortinget"),
        ("Regjeringen har vedtatt et mål.", "Regjeringen"),
        ("HOD har besluttet at oppgaven utsettes.", "HOD"),
        ("Departementet besluttet å utsette saken.", "HOD"),
        ("Høsten 2024 vedtok direktoratet en policy.", "Helsedirektoratet"),
        ("Ledelsen i Helsedirektoratet har vedtatt å anskaffe BHT.", "Helsedirektoratet"),
        ("Styringsgruppen for programmet har vedtatt en ny strategi.", "Styringsgruppe"),
        ("Nye EU-forordninger ble vedtatt i 2017.", "EU"),
        ("Planen er vedtatt i kommunene.", "kommunene"),
        ("Direktoratet for e-helse ble vedtatt nedlagt.", ""),
        ("Det ble innført et nytt sanksjonsmiddel.", ""),
    ],
)
def test_actor_is_the_earliest_listed_actor(sentence, actor):
    """The actor is the listed actor named first in the sentence, by canonical name."""
    assert first_actor(sentence) == actor


def test_actor_prefers_the_subject_over_list_order():
    """The earliest-named actor wins, not the first one in the rule's list."""
    assert first_actor("Helsedirektoratet har etter dialog med HOD besluttet dette.") == (
        "Helsedirektoratet"
    )


def test_title_is_cut_on_a_word_boundary():
    """Long sentences give a title of at most 120 characters ending in a whole word."""
    sentence = "Det ble besluttet " + " ".join(["helsefellesskapene"] * 12) + "."
    title = cut_title(sentence)
    assert len(title) <= 120
    assert title.endswith("helsefellesskapene…")
    assert cut_title("Kort setning ble vedtatt.") == "Kort setning ble vedtatt."


def test_fields_pass_through():
    """Lines, section and the holding measure are those given; text is normalised."""
    decision = decision_from_sentence(
        "Planen  ble\xa0vedtatt i januar 2015. ",
        start_line=403,
        end_line=404,
        section=7,
        section_key="1.4",
        default_year=2017,
        measure=3,
    )
    assert isinstance(decision, ParsedDecision)
    assert (decision.start_line, decision.end_line) == (403, 404)
    assert (decision.section, decision.measure) == (7, 3)
    assert decision.text == "Planen ble vedtatt i januar 2015."
    assert decision.title == decision.text


def test_key_is_stable_and_depends_on_section_and_normalised_text():
    """The key is section key plus a short hash that ignores spacing differences."""
    key = decision_key("3.2", "Planen ble vedtatt.")
    assert key == decision_key("3.2", " Planen  ble\xa0vedtatt. ")
    assert key.startswith("3.2:")
    assert len(key) == len("3.2:") + 10
    assert key != decision_key("3.3", "Planen ble vedtatt.")
    assert key != decision_key("3.2", "Planen ble vedtatt i fjor.")


# --- Rule 4: duplicates ---------------------------------------------------------------------


def test_identical_sentences_in_one_section_give_one_decision():
    """The first copy is kept; a later copy in the same section becomes an occurrence."""
    first = decide("Det er besluttet at rapporten skal publiseres.", section=2)
    second = decision_from_sentence(
        "Det er besluttet at rapporten skal publiseres.",
        start_line=20,
        end_line=20,
        section=2,
        section_key="s4",
        default_year=2017,
    )
    other = decide("Planen ble vedtatt.", section=2)
    kept = dedupe_decisions([first, other, second])
    assert [decision.text for decision in kept] == [first.text, other.text]
    assert kept[0].start_line == 10
    assert [(o.start_line, o.section) for o in kept[0].occurrences] == [(20, 2)]


def test_identical_sentences_in_different_sections_stay_apart():
    """Repeats across sections are real decisions of their own."""
    first = decide("Det er besluttet at rapporten skal publiseres.", section=2, section_key="a")
    again = decide("Det er besluttet at rapporten skal publiseres.", section=3, section_key="b")
    kept = dedupe_decisions([first, again])
    assert kept == [first, again]
    assert kept[0].key != kept[1].key


def test_dedupe_of_nothing_is_empty():
    """No decisions in, none out."""
    assert dedupe_decisions([]) == []
    assert dedupe_decisions(iter(())) == []
