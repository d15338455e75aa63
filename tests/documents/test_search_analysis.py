"""Norwegian analysis on real words from the seeds (SEEDS.md "Search behaviour")."""

import time
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import settings as examples
from hypothesis import strategies as st

from documents.search import analysis as sa
from documents.search.analysis import (
    compound_head,
    compound_parts,
    exact_terms,
    expand_coordinations,
    norwegian_terms,
    nynorsk_to_bokmal,
    split_compound,
    stem,
)
from tests.conftest import SEEDS_DIR


def same_terms(a: str, b: str) -> bool:
    return norwegian_terms(a) == norwegian_terms(b)


def finds(query: str, document: str) -> bool:
    """Does the query word's term occur among the document's main or decompounded terms?"""
    (term,) = norwegian_terms(query)
    return term in norwegian_terms(document) or term in compound_parts(document)


# -- Norwegian stemming -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "inflected"),
    [
        ("kostråd", "kostrådene"),
        ("døgnplasser", "døgnplassene"),
        ("Guldvog", "Guldvogs"),
        ("tjenester", "tjenestene"),
        ("legemiddel", "legemidlene"),
        ("folkehelse", "folkehelsen"),
    ],
)
def test_inflected_forms_share_a_term(base, inflected):
    """Singular, plural, definite and genitive forms index as one term."""
    assert same_terms(base, inflected)


@pytest.mark.parametrize("form", ["fastlege", "fastlegen", "fastleger", "fastlegane", "fastlegar"])
def test_fastlege_is_not_overstemmed_to_fast(form):
    """Every form of fastlege stems to fastlege, apart from fast/faste."""
    assert norwegian_terms(form) == ["fastlege"]
    assert norwegian_terms("slår fast at faste stillinger")[1:3] == ["fast", "fast"]


def test_demens_is_not_overstemmed_to_dem():
    """demens and demensen share a term that is not "dem"."""
    assert norwegian_terms("demens") == norwegian_terms("demensen") == ["demens"]


def test_helse_compounds_keep_helse():
    """Snowball cuts "els" inside a compound (folkehelse -> folkeh); the head is protected."""
    assert norwegian_terms("folkehelse tannhelsen") == ["folkehelse", "tannhelse"]


def test_helseloven_is_not_helse():
    """Snowball cuts "lov" off helseloven; the law keeps its own term."""
    assert stem("helseloven") == "helselov" != stem("helse")


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("protonsenter", "protonsenteret"),
        ("sykehjem", "sykehjemmet"),
        ("veileder", "veilederen"),
        ("kompetansesenter", "kompetansesentrene"),
        ("legemiddel", "legemidler"),
    ],
)
def test_understemmed_pairs_share_a_term(short, long):
    """Snowball stems these apart (protonsent/protonsenter, sykehjem/sykehjemm ...)."""
    assert same_terms(short, long)


def test_stem_needs_a_known_word_before_a_protected_head():
    """gleder is no g + leder, produsenter no produ + senter: Snowball keeps them."""
    assert stem("gleder") == sa.snowball_stem("gleder")
    assert same_terms("produsent", "produsenter")
    assert stem("kolleger") == stem("kollega") != stem("lege")


# -- Tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("KI i helsetjenesten", ["ki", "helsetjenest"]),
        ("EU og EØS", ["eu", "eøs"]),
        ("HOD, RHF, ISF, BPA og TSB", ["hod", "rhf", "isf", "bpa", "tsb"]),
    ],
)
def test_two_letter_tokens_and_acronyms_are_kept(text, terms):
    """Short acronyms are words here, not noise."""
    assert norwegian_terms(text) == terms


def test_grouped_numbers_are_one_token():
    """2\\xa0000 is one number, also with mixed separators (003:8066)."""
    assert norwegian_terms("2\xa0000 kroner") == ["2000", "kron"]
    assert norwegian_terms("\t2\xa0730 293") == ["2730293"]
    assert norwegian_terms("5,4 mill. i 2024") == ["5,4", "mill", "2024"]
    assert norwegian_terms("1.1.2017") == ["1.1.2017"]


def test_a_year_and_an_amount_stay_apart():
    """Only one- to three-digit groups start a grouped number."""
    assert norwegian_terms("i 2023 200 pasienter") == ["2023", "200", "pasient"]


def test_nbsp_and_case_are_normalised():
    """NBSP and narrow NBSP separate words; case does not matter."""
    assert norwegian_terms("Nasjonal\xa0helse\u202fPLAN") == ["nasjonal", "helse", "plan"]


def test_ikke_is_not_a_stop_word():
    """Oppdrag "ikke startet" needs its ikke."""
    assert norwegian_terms("ikke startet") == ["ikk", "start"]
    assert norwegian_terms("og i på til av for") == []


def test_exact_terms_keep_words_as_written():
    """The exact analysis only lower-cases."""
    assert exact_terms("Sjukehus og Fastlegane") == ["sjukehus", "og", "fastlegane"]


# -- Bokmål / nynorsk -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bokmal", "nynorsk"),
    [
        ("sykehus", "sjukehus"),
        ("tjenester", "tenester"),
        ("tilskudd", "tilskot"),
        ("veileder", "rettleiar"),
        ("veilederen", "rettleiaren"),
        ("retningslinje", "retningsline"),
        ("retningslinjen", "retningslina"),
        ("sykehjem", "sjukeheim"),
        ("ikke", "ikkje"),
        ("tilskuddsordning", "tilskotsordning"),
        ("tilskuddsordningene", "tilskotsordningane"),
        ("spesialisthelsetjenesten", "spesialisthelsetenesta"),
        ("helseforetak", "helseføretak"),
        ("sykehuspasienter", "sjukehuspasientar"),
        ("fastleger", "fastlegar"),
        ("innbyggere", "innbyggarar"),
        ("forebygging", "førebygging"),
        ("kosthold", "kosthald"),
        ("hjemmesykehus", "heimesjukehus"),
    ],
)
def test_nynorsk_maps_to_bokmal(bokmal, nynorsk):
    """Nynorsk words of seed 000, inside compounds too, index like their bokmål pairs."""
    assert same_terms(bokmal, nynorsk)


def test_nynorsk_mapping_inside_compounds():
    """The root is replaced where it stands in the compound."""
    assert nynorsk_to_bokmal("tilskotsordning") == "tilskuddsordning"
    assert nynorsk_to_bokmal("akutthjelpartenesta") == "akutthjelpertjenesta"


@pytest.mark.parametrize(
    "word",
    ["trondheim", "alzheimer", "retningslinje", "tjenestene", "sykehus", "heimevernet", "linje"],
)
def test_bokmal_words_pass_the_nynorsk_mapping(word):
    """Bokmål (and names holding "heim") come through unchanged; mapping twice is a no-op."""
    if word != "heimevernet":
        assert nynorsk_to_bokmal(word) == word
    assert nynorsk_to_bokmal(nynorsk_to_bokmal(word)) == nynorsk_to_bokmal(word)


# -- Compounds --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("beredskapsfinansiering", ["beredskap", "finansiering"]),
        ("helseberedskapen", ["helse", "beredskapen"]),
        ("fastlegeordningen", ["fastlege", "ordningen"]),
        ("spesialisthelsetjenesten", ["spesialist", "helse", "tjenesten"]),
        ("tilskuddsordning", ["tilskudd", "ordning"]),
        ("protonsenteret", ["proton", "senteret"]),
        ("kunnskapsgrunnlag", ["kunnskap", "grunnlag"]),
        ("beredskap", ["beredskap"]),
        ("samhandling", ["samhandling"]),
        ("behandling", ["behandling"]),
    ],
)
def test_split_compound(word, parts):
    """Known parts from the corpus lexicon, linking s dropped; plain words stay whole."""
    assert split_compound(word) == parts


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("beredskap", "helseberedskapen"),
        ("beredskap", "beredskapsfinansiering"),
        ("fastlege", "fastlegeordningen"),
        ("helsetjenesten", "spesialisthelsetjenesten"),
        ("tilskudd", "tilskotsordningar"),
        ("sykehus", "universitetssjukehus"),
    ],
)
def test_a_word_finds_compounds_holding_it(query, document):
    """The decompounded field holds every run of neighbouring parts."""
    assert finds(query, document)


@pytest.mark.parametrize(
    ("query", "document"),
    [("fastlege", "slår fast"), ("fastlege", "faste stillinger"), ("demens", "dem")],
)
def test_no_match_through_overstemming(query, document):
    """A GP search does not hit "slår fast"."""
    assert not finds(query, document)


def test_compound_parts_field_terms():
    """Each word gives its own term first, then its parts and part runs."""
    assert compound_parts("helseberedskapen") == ["helseberedskap", "helse", "beredskap"]
    assert "helsetjenest" in compound_parts("spesialisthelsetjenesten")


def test_compound_head():
    """The head is what follows the first part, so it can itself be a compound."""
    assert compound_head("omsorgstjenesten") == "tjenesten"
    assert compound_head("spesialisthelsetjenesten") == "helsetjenesten"
    assert compound_head("beredskap") is None


# -- X- og Y<head> ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("helse- og omsorgstjenesten", "helsetjenesten omsorgstjenesten"),
        ("Helse- og omsorgsdepartementet", "helsedepartementet omsorgsdepartementet"),
        ("psykisk helse– og rusarbeid", "psykisk helsearbeid rusarbeid"),
        ("kommune- og spesialisthelsetjenesten", "kommunehelsetjenesten spesialisthelsetjenesten"),
        ("helse-, omsorgs- og sosialtjenester", "helsetjenester omsorgstjenester sosialtjenester"),
        ("helse- og omsorgstenesta", "helsetjenesta omsorgstenesta"),
        ("HPV-test og screening", "HPV-test og screening"),
    ],
)
def test_coordination_expands(text, expanded):
    """X- og Y<head> stands for X<head> and Y<head>; a plain hyphen is left alone."""
    assert expand_coordinations(text) == expanded


def test_coordination_terms():
    """The analyzer indexes the expanded words at the conjuncts' places."""
    assert norwegian_terms("helse- og omsorgstjenesten") == ["helsetjenest", "omsorgstjenest"]
    assert same_terms("helse- og omsorgstjenesten", "helsetjenesten og omsorgstjenesten")


def test_coordination_with_an_unknown_last_word_stays():
    """No head can be found in a word that is not a compound, so nothing is invented."""
    assert expand_coordinations("helse- og rus") == "helse- og rus"
    assert norwegian_terms("helse- og rus") == ["helse", "rus"]


@examples(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "b", "æ", "1", "_", "-", "–", ",", "\n", "\u00a0", " ", "og ", "e-"])
        | st.sampled_from(["eller ", "Helse", "omsorgstjenesten"]),
        max_size=30,
    ).map("".join)
)
def test_coordinations_are_found_where_the_full_pattern_finds_them(text):
    """The pattern is tried only after a hanging hyphen; it finds what trying it at every
    letter finds, here on texts of hyphens, dashes, commas, spaces and connectors."""
    spans = [match.span() for match in sa._coordination_matches(text)]
    assert spans == [match.span() for match in sa._COORDINATION_RE.finditer(text)]


def test_coordinations_in_the_seeds_are_found_where_the_full_pattern_finds_them():
    text = (SEEDS_DIR / "004_89a39abf184bf37d.txt").read_text(encoding="utf-8")
    found = [match.span() for match in sa._coordination_matches(text)]
    assert len(found) > 100
    assert found == [match.span() for match in sa._COORDINATION_RE.finditer(text)]


def test_highlighted_words_are_those_of_the_analysis():
    """``spans_of_terms`` reads terms off the written tokens; it marks exactly the words
    whose analysed terms are wanted, coordinations and single letters included."""
    text = (SEEDS_DIR / "004_89a39abf184bf37d.txt").read_text(encoding="utf-8")
    for start in range(0, 200_000, 2_000):
        stretch = text[start : start + 2_000]
        for wanted in ({"helsetjenest"}, {"omsorg", "beredskap"}, {"pasient", "e"}):
            expected = [
                (token.start, token.end)
                for token in sa.word_tokens(stretch)
                if not frozenset(wanted).isdisjoint(sa.compound_terms(token.text))
                and token.text not in sa.STOP_WORDS
            ]
            assert sa.spans_of_terms(stretch, frozenset(wanted)) == expected


# -- Synonyms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("Fylkesmannen", "statsforvalteren"),
        ("Statsforvalteren", "fylkesmannen"),
        ("HOD", "helse- og omsorgsdepartementet"),
        ("KI", "kunstig intelligens"),
        ("Hdir", "helsedirektoratet"),
    ],
)
@pytest.mark.django_db
def test_synonyms(word, other):
    """Renamed bodies and acronyms find each other (the table the migrations seed)."""
    from documents.search.synonyms import synonym_table

    assert other in [found.lower() for found in synonym_table().synonyms(word)]


@pytest.mark.parametrize(
    ("right", "wrong"),
    [
        ("helsefellesskapene", "helsefelleskapene"),
        ("Helsedirektoratet", "Hesledirektoratet"),
        ("fastleger", "fastlegger"),
    ],
)
def test_misspellings_in_the_sources_are_corrected(right, wrong):
    """002-004 misspell these; both spellings index alike."""
    assert same_terms(right, wrong)


def test_a_misspelling_fix_leaves_other_words_alone():
    """felleskapitler (felles + kapitler) is not a misspelt fellesskap."""
    assert sa.fix_misspelling("felleskapitler") == "felleskapitler"


# -- The lexicon and speed --------------------------------------------------------------


def test_shipped_lexicon_matches_the_seeds():
    """search_lexicon.txt is what build_lexicon makes of seeds/*.txt (regenerate if not)."""
    built = sa.build_lexicon(sorted(SEEDS_DIR.glob("*.txt")))
    assert sa.read_lexicon() == built


def test_lexicon_leaves_out_words_cut_by_a_hyphen():
    """beredskaps- of "beredskaps- og ..." and halves of a PDF line break are not words."""
    text = "beredskaps- og krisearbeid, spesia-\nlister og helse"
    assert Counter(sa.lexicon_words(text)) == Counter(["krisearbeid", "helse"])


def test_whole_corpus_analyses_in_seconds():
    """About 3 MB of seeds take seconds, not minutes, for both fields."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]
    started = time.perf_counter()
    total = sum(len(norwegian_terms(t)) + len(compound_parts(t)) for t in texts)
    assert total > 500_000
    assert time.perf_counter() - started < 60


def test_stemming_in_many_threads_at_once_gives_the_same_stems():
    """gunicorn threads stem at the same time; each thread has a Snowball stemmer of its own."""
    from concurrent.futures import ThreadPoolExecutor

    words = [f"{stem}{ending}" for stem in ("sykehus", "lege", "pasient", "tjeneste")
             for ending in ("ene", "ane", "er", "ens", "ets", "het", "ingen")] * 40  # fmt: skip
    expected = [sa.snowballstemmer.stemmer("norwegian").stemWord(word) for word in words]
    for _ in range(3):  # a shared stemmer goes wrong in most rounds of this size
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(sa.snowball_stem.__wrapped__, words)) == expected


def test_a_one_letter_prefix_keeps_a_synonym_to_its_own_word():
    """A synonym key keeps the "e" of "e-helse" (the analysis leaves single letters out): it
    must not make every search for "helse" search Direktoratet for e-helse too."""
    table = sa.SynonymTable([["Direktoratet for e-helse", "e-helse", "ehelse"]])
    assert table.synonyms("helse") == ()
    assert set(table.synonyms("e-helse")) == {"Direktoratet for e-helse", "ehelse"}
    assert "e-helse" in table.synonyms("Direktoratet for e-helse")
