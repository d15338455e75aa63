"""The Whoosh side: schema, a real index in a temp dir, safe queries and Norwegian highlights."""

import random
import time

import pytest
from haystack import indexes
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.models import SearchResult
from whoosh import index as whoosh_index
from whoosh.analysis import StemmingAnalyzer
from whoosh.fields import NUMERIC

from documents.search.analysis import compound_parts, norwegian_terms
from documents.search.highlight import highlight, highlight_terms
from documents.search.query import (
    ERROR_EMPTY,
    ERROR_ONLY_EXCLUDED,
    ERROR_TOO_LONG,
    ParsedQuery,
    parse_user_query,
)
from documents.search.whoosh import (
    COMPOUND_PARTS,
    NORWEGIAN,
    NorwegianWhooshEngine,
    NorwegianWhooshSearchBackend,
    whoosh_query,
)
from tests.conftest import SEEDS_DIR

# The query parser reads the curators' synonym table from the database.
pytestmark = pytest.mark.django_db

FIELDS = {
    "text": indexes.CharField(document=True, index_fieldname="text"),
    "text_parts": indexes.CharField(index_fieldname="text_parts"),
    "title": indexes.CharField(index_fieldname="title", boost=2.0),
    "title_exact": indexes.CharField(index_fieldname="title_exact"),
    "year": indexes.IntegerField(index_fieldname="year"),
}

# Sentences as the seeds write them (000 mixes nynorsk in).
DOCUMENTS = {
    "gp": "Fastlegane får eit tilskot for kvar pasient dei har på lista si.",
    "preparedness": "Helseberedskapen skal styrkes, og beredskapsfinansiering vurderes.",
    "hospital": "Ventetiden på sykehus gikk ned i 2023.",
    "fast": "Regjeringen slår fast at faste stillinger er viktig.",
    "specialist": "Ventetida i spesialisthelsetjenesten auka med seks dagar.",
    "ministry": "Helse- og omsorgsdepartementet fordeler midler til kommunene.",
    "script": "Teksten <script>alert(1)</script> om fastlegen skal vises som tekst.",
}


def make_backend(tmp_path, **options) -> NorwegianWhooshSearchBackend:
    backend = NorwegianWhooshSearchBackend("default", PATH=str(tmp_path / "unused"), **options)
    backend.content_field_name, backend.schema = backend.build_schema(FIELDS)
    return backend


@pytest.fixture
def backend(tmp_path):
    return make_backend(tmp_path)


@pytest.fixture
def index_dir(tmp_path, backend):
    path = tmp_path / "index"
    path.mkdir()
    index = whoosh_index.create_in(str(path), backend.schema)
    with index.writer() as writer:
        for key, text in DOCUMENTS.items():
            writer.add_document(
                id=f"documents.section.{key}",
                django_ct="documents.section",
                django_id=key,
                text=text,
                text_parts=text,
                year=2024,
            )
    return path


@pytest.fixture
def search(index_dir, backend):
    """Run a user query the way the backend does: parse_user_query, then its parser."""
    index = whoosh_index.open_dir(str(index_dir))
    parser = backend.query_parser()
    with index.searcher() as searcher:

        def run(q: str) -> list[str]:
            parsed = parse_user_query(q)
            if parsed.error:
                return []
            hits = searcher.search(parser.parse(whoosh_query(parsed)), limit=None)
            return [hit["django_id"] for hit in hits]

        yield run


# -- Schema -----------------------------------------------------------------------------


def test_text_fields_get_analyzers_by_name(backend):
    """Main fields are Norwegian, _parts decompounded, _exact lower-cased only."""
    schema = backend.schema
    assert list(schema["text"].process_text("Fastlegane")) == ["fastlege"]
    assert list(schema["title"].process_text("sjukehus")) == ["sykehus"]
    parts = schema["text_parts"].process_text("helseberedskapen", mode="index")
    assert list(parts) == ["helseberedskap", "helse", "beredskap"]
    assert list(schema["title_exact"].process_text("Sjukehus")) == ["sjukehus"]
    assert isinstance(schema["year"], NUMERIC)
    assert backend.content_field_name == "text"


def test_a_field_naming_its_analyzer_keeps_it(tmp_path):
    """An analyzer set on the haystack field wins over the name convention."""
    backend = NorwegianWhooshSearchBackend("default", PATH=str(tmp_path))
    fields = {"text": indexes.CharField(document=True, analyzer=StemmingAnalyzer())}
    fields["text"].set_instance_name("text")
    _, schema = backend.build_schema(fields)
    assert list(schema["text"].process_text("fastlegen")) == ["fastlegen"]


def test_default_search_fields(backend):
    """The document field, its _parts sibling at half weight, and boosted fields."""
    assert backend.search_fields() == {"text": 1.0, "title": 1.0, "text_parts": 0.5}


def test_a_boosted_parts_field_keeps_its_own_weight(tmp_path):
    """A _parts field weighted in the index is not weighted again at query time."""
    backend = NorwegianWhooshSearchBackend("default", PATH=str(tmp_path))
    fields = {
        "text": indexes.CharField(document=True, index_fieldname="text"),
        "text_parts": indexes.CharField(index_fieldname="text_parts", boost=0.4),
        "title_exact": indexes.CharField(index_fieldname="title_exact", boost=3.0),
    }
    backend.content_field_name, backend.schema = backend.build_schema(fields)
    assert backend.search_fields() == {"text": 1.0, "title_exact": 1.0, "text_parts": 1.0}


def test_search_fields_from_settings(tmp_path):
    """SEARCH_FIELDS in the connection settings replaces the default (unknown names go)."""
    backend = make_backend(tmp_path, SEARCH_FIELDS={"text": 1.0, "title": 3.0, "nope": 1.0})
    assert backend.search_fields() == {"text": 1.0, "title": 3.0}


def test_engine_uses_the_norwegian_backend():
    """HAYSTACK_CONNECTIONS names documents.search.whoosh.NorwegianWhooshEngine."""
    assert NorwegianWhooshEngine.backend is NorwegianWhooshSearchBackend
    assert NorwegianWhooshEngine.query is WhooshSearchQuery


def test_index_reopens_with_its_stored_schema(index_dir):
    """Whoosh pickles the schema into the index; the analyzers load back."""
    schema = whoosh_index.open_dir(str(index_dir)).schema
    assert list(schema["text"].process_text("fastlegane")) == ["fastlege"]


def test_whoosh_analyzers_agree_with_the_pure_functions():
    """The Whoosh analyzers give exactly norwegian_terms and compound_parts."""
    text = (SEEDS_DIR / "000_6ef6d4d4d57f5e61.txt").read_text(encoding="utf-8")[:40_000]
    assert [t.text for t in NORWEGIAN(text)] == norwegian_terms(text)
    assert [t.text for t in COMPOUND_PARTS(text, mode="index")] == compound_parts(text)


def test_english_stemming_leaves_fastlegen_alone():
    """The stock analyzer is no use here: the reason for this module."""
    assert [t.text for t in StemmingAnalyzer()("fastlegen")] == ["fastlegen"]


# -- Searching a real index -------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fastlegen", {"gp", "script"}),
        ("beredskap", {"preparedness"}),
        ("beredskapsfinansiering", {"preparedness"}),
        ("sjukehus", {"hospital"}),
        ("tilskudd", {"gp"}),
        ("helsetjenesten", {"specialist"}),
        ("spesialisthelsetenesta", {"specialist"}),
        ("omsorgsdepartementet", {"ministry"}),
        ("HOD", {"ministry"}),
        ('"helse- og omsorgsdepartementet"', {"ministry"}),
        ("ventetiden -sykehus", {"specialist"}),
        ("sykehus OR spesialisthelsetjenesten", {"hospital", "specialist"}),
        ("2023", {"hospital"}),
    ],
)
def test_queries_find_norwegian_forms(search, query, expected):
    """Inflections, compounds, nynorsk and the X- og Y expansion match in a real index."""
    assert set(search(query)) == expected


def test_fastlege_does_not_match_slaar_fast(search):
    """A GP search does not hit "slår fast" or "faste stillinger"."""
    assert "fast" not in search("fastlege")


def test_a_whole_word_match_ranks_above_a_part_match(search):
    """ "fast" is also the first part of fastlege, but "slår fast" comes first."""
    assert search("fast")[0] == "fast"


HOSTILE = [
    '"unbalanced',
    'fastlege"',
    '"fastlege',
    "((helse",
    "helse))",
    "(",
    "AND",
    "OR",
    "NOT",
    "-",
    "--",
    "- -",
    '"',
    '""',
    '-""',
    "NOT NOT helse",
    "helse OR OR",
    "helse AND",
    "x" * 10_000,
    "\x00\x01\x1b[31mhelse\x7f",
    "\u202e\u200bhelse\ufeff",
    "text:fastlege",
    "*",
    "?else",
    "helse^5",
    "[a TO z]",
    "{} <> ~2",
    "a:b:c",
    "\\",
    "'",
    "'helse",
    "helse~",
    "😷 sykehus",
    "django_ct:documents.section",
    "« helse »",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(search, backend, query):
    """Each gives a message or a query the parser takes and the index runs."""
    parsed = parse_user_query(query)
    assert isinstance(parsed, ParsedQuery)
    assert bool(parsed.error) != bool(parsed.groups)
    if parsed.groups:
        assert backend.query_parser().parse(whoosh_query(parsed)) is not None
    search(query)


def test_random_queries_never_raise(search):
    """Random mixes of Whoosh syntax, words and control characters never raise."""
    alphabet = list("()[]{}\"'*?~^:+-!&|\\/ \t\n\x00\x1b\u200b«»") + [
        "AND ",
        "OR ",
        "NOT ",
        "helse",
        "fastlege",
        "og",
        "2 000",
        "sjukehus",
        "- og omsorg",
    ]
    rng = random.Random(20240315)
    for _ in range(300):
        query = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 20)))
        parse_user_query(query)
        search(query)


def test_query_messages():
    """The user is told in plain bokmål what is wrong."""
    assert parse_user_query("").error == ERROR_EMPTY
    assert parse_user_query("   \x00 ").error == ERROR_EMPTY
    assert parse_user_query("x" * 10_000).error == ERROR_TOO_LONG
    assert parse_user_query("-helse").error == ERROR_ONLY_EXCLUDED
    assert parse_user_query("AND").error
    assert parse_user_query(None).error == ERROR_EMPTY


def test_query_syntax():
    """Words are quoted phrases; OR groups, NOT excludes; Whoosh syntax is plain text."""
    assert whoosh_query(parse_user_query("fastlegen")) == '"fastlegen"'
    assert whoosh_query(parse_user_query("helse- og omsorgstjenesten")) == (
        '"helsetjenesten" AND "omsorgstjenesten"'
    )
    assert whoosh_query(parse_user_query("sykehus -demens")) == '"sykehus" AND NOT "demens"'
    assert whoosh_query(parse_user_query("text:fast*")) == '("text" AND fast*)'
    assert whoosh_query(parse_user_query("Sjukehus*")) == "sykehus*"
    assert whoosh_query(parse_user_query("he*")) == '"he"'
    assert whoosh_query(parse_user_query("2 000 kroner")) == '"2000" AND "kroner"'
    # From the curators' synonym table (seeded by a migration).
    assert (
        whoosh_query(parse_user_query("Fylkesmannen")).lower()
        == '("fylkesmannen" OR "statsforvalteren")'.lower()
    )


# -- Highlighting -----------------------------------------------------------------------


def test_highlight_marks_the_surface_form():
    """A query for fastlegen marks "Fastlegane" as written."""
    html = highlight(DOCUMENTS["gp"], "fastlegen")
    assert html.startswith("<mark>Fastlegane</mark> får eit tilskot")


def test_highlight_escapes_before_marking():
    """Markup in the text is shown as text; only the marks are HTML."""
    html = highlight(DOCUMENTS["script"], "fastlegen")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>" not in html
    assert "<mark>fastlegen</mark>" in html


def test_highlight_marks_compounds_and_nynorsk():
    """beredskap marks Helseberedskapen; sjukehus marks sykehus."""
    assert "<mark>Helseberedskapen</mark>" in highlight(DOCUMENTS["preparedness"], "beredskap")
    assert "<mark>sykehus</mark>" in highlight(DOCUMENTS["hospital"], "sjukehus")


def test_highlight_does_not_mark_fast_for_fastlege():
    """slår fast is no match for fastlege, so nothing is marked."""
    assert "<mark>" not in highlight(DOCUMENTS["fast"], "fastlege")


def test_highlight_leaves_out_excluded_words():
    """-sykehus is not a word the user wants to see marked."""
    html = highlight(DOCUMENTS["hospital"], "ventetiden -sykehus")
    assert "<mark>Ventetiden</mark>" in html
    assert "<mark>sykehus</mark>" not in html


def test_highlight_cuts_a_window_around_the_matches():
    """Long text gives a snippet around the first matches, cut at spaces, with ellipses."""
    text = "Innledning " * 60 + "Fastlegane har ansvar. " + "Avslutning " * 60
    html = highlight(text, "fastlegen", size=120)
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Fastlegane</mark>" in html
    assert len(html) < 180


def test_highlight_of_a_long_text_with_many_matches_is_fast():
    """Thousands of matches in a long text still give one snippet quickly."""
    text = "Fastlegane og helsa. " * 20_000
    started = time.perf_counter()
    html = highlight(text, "fastlegen")
    assert html.count("<mark>") > 5
    assert time.perf_counter() - started < 10


def test_highlight_of_empty_text():
    """No text gives an empty snippet."""
    assert highlight(None, "helse") == ""
    assert highlight("", "helse") == ""


def test_highlight_terms_from_haystack_query_string():
    """Field filters haystack adds to the query string are not highlighted."""
    assert highlight_terms('("fastlegen" AND NOT "fast") AND document:(prop-2024)') == {"fastlege"}


def test_backend_results_are_highlighted_in_norwegian(monkeypatch, backend):
    """The backend replaces haystack's English highlighting with the Norwegian one."""
    result = SearchResult("documents", "section", 1, 1.0, text=DOCUMENTS["gp"])

    def stock_results(self, raw_page, **kwargs):
        assert kwargs["highlight"] is False
        return {"results": [result], "hits": 1, "facets": {}, "spelling_suggestion": None}

    monkeypatch.setattr(WhooshSearchBackend, "_process_results", stock_results)
    backend._process_results(None, highlight=True, query_string='"fastlegen"')
    assert result.highlighted["text"][0].startswith("<mark>Fastlegane</mark>")


@pytest.mark.parametrize(
    ("segments", "start"),
    [
        ([(400, 0), (341, 0)], None),  # two of a tier wait for a third
        ([(400, 0), (341, 0), (422, 0)], 0),  # the seeds' first three files
        ([(1163, 0), (2029, 0), (447, 0)], None),  # an upload never rewrites the big ones
        ([(5, 0), (1, 0), (1, 0), (1, 0)], 1),  # three small uploads merge
        ([(3, 0), (3, 0), (1, 0), (1, 0), (1, 0)], 0),  # ... and complete the tier above
        ([(1163, 500), (2029, 0), (447, 0)], 0),  # deleted entries in the statistics
        ([(1163, 0), (2029, 2029), (447, 0)], None),  # an emptied segment is only dropped
    ],
)
def test_segments_merge_in_tiers_newest_first(segments, start):
    from documents.search.whoosh import merge_start

    assert merge_start(segments) == start
