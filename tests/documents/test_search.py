"""/search/: Norwegian matching over real rows, facets, safe snippets, odd input, index upkeep."""

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from documents import curation
from documents.indexing import index_documents, index_import, recount_vocabulary
from documents.models import Document, Measure
from documents.search import service as search
from documents.search.postgres import PostgresHits
from ingest.pipeline import ingest_file
from tests import factories

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"


def titles(q: str, **filters) -> list[str]:
    return [hit.title for hit in search.search(search.SearchParams(q=q, **filters)).hits]


@pytest.fixture
def small(search_index):
    """A handful of rows with the words the tests look for, indexed."""
    doc = factories.document("plan", title="Helseplanen", year=2024)
    rows = [
        ("Fastlegane i kommunane", "Fastlegane har fått fleire pasientar."),
        ("Beredskap", "Helseberedskapen skal styrkes, og beredskapsfinansiering vurderes."),
        ("Sykehus i nord", "Sykehusene i Nord-Norge trenger flere leger."),
        ("Slår fast", "Regjeringen slår fast at faste stillinger er viktige."),
        ("Farlig tekst", "<script>alert(1)</script> om fastlegen"),
    ]
    for position, (title, text) in enumerate(rows):
        factories.section(doc, position, title=title, text=text, key=f"s{position}")
    factories.measure(doc, 0, title="Styrke fastlegeordningen", kind="regjeringen_vil")
    recount_vocabulary([doc.pk])  # its words, as an import counts them
    index_documents([doc.pk])
    return doc


def test_inflections_compounds_and_nynorsk_match(small):
    assert "Fastlegane i kommunane" in titles("fastlegen")
    assert "Styrke fastlegeordningen" in titles("fastlege")
    assert "Beredskap" in titles("helseberedskap")
    assert "Sykehus i nord" in titles("sjukehus")


def test_fastlege_does_not_find_slar_fast(small):
    assert "Slår fast" not in titles("fastlege")


def test_title_matches_rank_above_body_matches(small):
    assert titles("beredskap")[0] == "Beredskap"


def test_snippets_mark_the_surface_form_and_escape_the_text(small, client):
    body = client.get("/search/?q=fastlegen").content.decode()
    assert "<mark>Fastlegane</mark>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


def test_facets_count_and_narrow(small, client):
    outcome = search.search(search.SearchParams(q="fastlege"))
    assert dict(outcome.facets["type"]) == {"section": 2, "measure": 1}
    assert dict(outcome.facets["document"]) == {"plan": 3}
    assert dict(outcome.facets["year"]) == {"2024": 3}
    assert titles("fastlege", type="measure") == ["Styrke fastlegeordningen"]
    assert titles("fastlege", document="other") == []
    page = client.get("/search/?q=fastlege&type=measure").content.decode()
    assert 'aria-current="true"' in page


@pytest.mark.parametrize(
    "q",
    [
        '"fastlege',
        "(fastlege",
        "fastlege)",
        "AND",
        "-",
        "OR",
        "NOT fastlege",
        "*",
        "title:x",
        "fastlege" * 1250,
        "a" * 10_000,
        "}{][",
        "<script>",
    ],
)
def test_odd_queries_get_a_message_or_results_never_a_500(small, client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    json_response = client.get("/search/", {"q": q, "format": "json"})
    assert json_response.status_code in (200, 400)
    if json_response.status_code == 400:
        assert "error" in json.loads(json_response.content)


def test_a_too_long_query_is_explained(small, client):
    body = client.get("/search/", {"q": "a" * 10_000}).content.decode()
    assert 'role="alert"' in body


def test_bad_year_answers_400(small, client):
    assert client.get("/search/?q=x&year=abc").status_code == 400
    response = client.get("/search/?q=x&year=abc&format=json")
    assert response.status_code == 400 and "error" in json.loads(response.content)


def test_did_you_mean_when_nothing_is_found(small, client):
    body = client.get("/search/?q=fastlgen").content.decode()
    assert 'href="?q=fastlegen"' in body


def test_csv_and_json_hold_every_hit_in_rank_order(small, client):
    page_ids = [hit.id for hit in client.get("/search/?q=fastlege").context["page_obj"]]
    csv_text = b"".join(client.get("/search/?q=fastlege&format=csv").streaming_content).decode()
    rows = [line.split(",") for line in csv_text.strip().split("\r\n")]
    assert rows[0] == [
        "\ufeffrank",
        "type",
        "id",
        "document",
        "title",
        "section_title",
        "snippet",
        "score",
        "url",
    ]
    assert [int(row[2]) for row in rows[1:]] == page_ids
    data = json.loads(b"".join(client.get("/search/?q=fastlege&format=json").streaming_content))
    assert [row["id"] for row in data] == page_ids
    assert all("<mark>" not in row["snippet"] for row in data)


def test_index_follows_commits_not_rollbacks(small, django_capture_on_commit_callbacks):
    measure = Measure.objects.get(title="Styrke fastlegeordningen")
    with pytest.raises(RuntimeError), transaction.atomic():
        curation.set_hidden(measure, hidden=True)
        raise RuntimeError("rolled back")
    assert "Styrke fastlegeordningen" in titles("fastlege")
    with django_capture_on_commit_callbacks(execute=True):
        curation.set_hidden(Measure.objects.get(pk=measure.pk), hidden=True)
    assert "Styrke fastlegeordningen" not in titles("fastlege")
    with django_capture_on_commit_callbacks(execute=True):
        curation.set_hidden(Measure.objects.get(pk=measure.pk), hidden=False)
    assert "Styrke fastlegeordningen" in titles("fastlege")


def test_rebuild_index_rebuilds_from_the_database(small):
    small.sections.get(title="Beredskap").delete()  # the index still has it
    call_command("rebuild_index", interactive=False, verbosity=0)
    assert "Beredskap" not in titles("beredskap")
    assert "Fastlegane i kommunane" in titles("fastlegen")


def test_a_seed_is_searchable_after_ingest(
    search_index, tmp_path, django_capture_on_commit_callbacks
):
    shutil.copy(SEEDS / "004_89a39abf184bf37d.txt", tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ingest_file(tmp_path / "004_89a39abf184bf37d.txt", after_commit=index_import)
    assert not outcome.failed, outcome.error
    outcome = search.search(search.SearchParams(q="Regjeringen vil fastlegeordningen"))
    assert outcome.hits and outcome.hits[0].document == "meld-st-9-2023-2024"
    assert {value for value, _ in outcome.facets["type"]} <= set(search.TYPES)


def test_check_index_finds_and_repairs_drift(small, capsys):
    from django.core.management.base import CommandError

    call_command("check_index")
    Measure.objects.filter(title="Styrke fastlegeordningen").update(
        hidden=True
    )  # no on_commit: drift
    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    call_command("check_index", "--repair")
    call_command("check_index")
    assert "Styrke fastlegeordningen" not in titles("fastlege")
    assert "1 stale" in capsys.readouterr().out


def test_facets_stay_right_when_a_later_segment_lacks_a_column(small):
    """A document without a year, indexed by itself, makes a Whoosh segment without a
    year column; the counts of the rows before and after it must not shift."""
    undated = factories.document("udatert", title="Notat uten år", year=None)
    factories.section(undated, 0, title="Fastlegenotat", text="Fastlegen har mange pasienter.")
    index_documents([undated.pk])
    dated = factories.document("senere", title="Plan 2025", year=2025)
    factories.section(dated, 0, title="Fastlegeplan", text="Fastlegen i 2025.")
    index_documents([dated.pk])
    outcome = search.search(search.SearchParams(q="fastlege"))
    assert dict(outcome.facets["year"]) == {"2024": 3, "2025": 1}
    assert dict(outcome.facets["document"]) == {"plan": 3, "udatert": 1, "senere": 1}
    assert titles("fastlege", year=2025) == ["Fastlegeplan"]


def test_an_index_written_by_an_older_version_is_written_anew(small, search_index, capsys):
    """The Whoosh index notes the shape of its entries; one of another shape (no such
    note: written before the facet columns) is drift that --repair writes anew."""
    from django.core.management.base import CommandError

    if not hasattr(search_index, "written_in_current_format"):
        pytest.skip("the PostgreSQL engine's index is a table that migrations shape")
    format_file = Path(search_index.path) / "helsedocs-format"
    format_file.unlink()
    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    assert "older version" in capsys.readouterr().out
    call_command("check_index", "--repair")
    assert format_file.exists()
    call_command("check_index")
    search_index.index = search_index.index.refresh()
    assert len(search_index.index._segments()) == 1
    assert "Fastlegane i kommunane" in titles("fastlegen")


def test_a_synonym_added_by_a_curator_applies_to_the_next_search(small):
    from documents.models import Synonym

    assert "Sykehus i nord" not in titles("lasarett")
    Synonym.objects.create(term="lasarett", synonyms="sykehus")
    assert "Sykehus i nord" in titles("lasarett")


def test_a_synonym_edited_through_another_process_applies_to_the_next_search(small):
    """No signal tells a process of another's save: the cached table is checked against
    the table's version (its newest history row) on each search."""
    from documents.models import Synonym

    synonym = Synonym.objects.create(term="lasarett", synonyms="klinikk")
    assert "Sykehus i nord" not in titles("lasarett")
    synonym.synonyms = "sykehus"
    synonym.save()  # the row count stays; the history moves
    assert "Sykehus i nord" in titles("lasarett")


def test_an_export_excerpt_starts_just_before_the_first_match():
    """Exports carry plain excerpts found without word-by-word analysis: the text from
    shortly before the first match, cut at spaces, a cut shown with "…"."""
    text = "Innledning om planen. " * 30 + "Fastlegane  har fått fleire pasientar. " * 20
    cut = search.excerpt(text, frozenset({"fastleg"}), size=120)
    assert cut.startswith("… ") and cut.endswith(" …")
    assert "Fastlegane har fått" in cut and "  " not in cut
    body = cut[2:-2]
    assert len(body) <= 120 and body in " ".join(text.split())
    assert search.excerpt("Kort tekst.", frozenset({"fastleg"})) == "Kort tekst."
    assert search.excerpt("Fastlegen.", frozenset({"fastleg"})) == "Fastlegen."


def _first_in_lowered(text: str, stems: tuple[str, ...]) -> int:
    lowered = text.lower()
    found = [position for stem in stems if (position := lowered.find(stem)) >= 0]
    return min(found) if found else -1


def test_an_excerpt_finds_the_first_match_where_the_lower_cased_text_has_it():
    """Excerpts look for the first match in the lower-cased text a stretch at a time: the
    same place as in the whole text lower-cased, at the stretches' edges too, and in a
    text whose lower case changes its length ("İ") or hangs on the letters around it."""
    seed = min(SEEDS.glob("*.txt")).read_text(encoding="utf-8")
    edge = search.LOWER_STRETCH
    texts = [seed, seed[len(seed) // 2 :], "İstanbul " * 300 + "Helse", "ΑΣ ΣΑ " * 300 + "Helse"]
    # A longer stem starting in the overlap but running past it, a shorter one after it.
    texts += ["q" * shift + "ABCDEF og helse" for shift in range(edge - 8, edge + 8)]
    for text in texts:
        for stems in (("helse",), ("fastle", "beredsk"[:6]), ("abcdef", "cd"), ("xyzzy",), ()):
            assert search.first_stem_at(text, stems) == _first_in_lowered(text, stems)
    assert "zebraleg" not in seed.lower()
    long = seed[:30_000] + " Zebralegen   sier  nei. " + seed[30_000:]
    cut = search.excerpt(long, frozenset({"zebraleg"}))
    assert cut.startswith("… ") and "Zebralegen sier nei." in cut and cut.endswith(" …")


def test_pages_of_one_search_follow_the_export_order(search_index, client):
    """Pages read one by one (the later ones from the matches kept with the index view)
    show every hit once, in the order of the export; a change to the index shows at once."""
    document = factories.document("lang", title="Lang plan")
    for position in range(45):
        words = "fastlegen " * (position % 7 + 1)
        text = f"Tiltak {position}: {words}og kommunene."
        factories.section(document, position, title=f"Tiltak {position}", text=text)
    index_documents([document.pk])
    shown = []
    for page in (1, 2, 3):
        response = client.get("/search/", {"q": "fastlege", "page": page})
        shown += [hit.id for hit in response.context["page_obj"]]
    csv_text = b"".join(client.get("/search/?q=fastlege&format=csv").streaming_content).decode()
    exported = [int(row.split(",")[2]) for row in csv_text.strip().split("\r\n")[1:]]
    assert shown == exported and len(set(shown)) == 45
    factories.section(document, 45, title="Tiltak 45", text="Fastlegen og legevakten.")
    index_documents([document.pk])
    assert len(search.search(search.SearchParams(q="fastlege")).hits) == 46


def test_threads_searching_at_once_agree(small):
    """Each thread has its own Whoosh searcher; the columns of the same segments are shared."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL index is in this test's open transaction, unseen by threads")

    def facets_and_count():
        outcome = search.search(search.SearchParams(q="fastlege"))
        return len(outcome.hits), tuple(outcome.facets["type"])

    def in_a_thread(_):
        try:
            return facets_and_count()
        finally:
            connections.close_all()  # this thread's own connection

    expected = facets_and_count()
    assert expected == (3, (("section", 2), ("measure", 1)))
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert set(pool.map(in_a_thread, range(16))) == {expected}


@pytest.fixture
def many(search_index):
    """45 rows about the same words in two documents, one paragraph printed six times in each."""
    plan = factories.document("plan", title="Helseplanen", year=2024)
    report = factories.document("report", title="Årsrapporten", year=2023)
    shared = (
        "Fastlegen skal ha færre pasienter på listen, og legevakten skal styrkes i hele landet."
    )
    for position in range(30):
        text = (
            shared
            if position < 6
            else f"Fastlegen og legevakten, del {position}. " * (1 + position % 4)
        )
        factories.section(
            plan, position, title=f"Fastlegen {position}", text=text, key=f"p{position}"
        )
    for position in range(15):
        text = shared if position < 6 else f"Legevakten i kommunen, avsnitt {position}."
        factories.section(
            report, position, title=f"Legevakt {position}", text=text, key=f"r{position}"
        )
    index_documents([plan.pk, report.pk])
    return plan


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_a_first_page_read_with_the_counts_is_the_page_read_after_them(many, sort):
    """The PostgreSQL engine reads a search page's first hits with the facet counts, in
    one statement: the same hits, repeats, total and counts as read one after the other."""
    params = search.SearchParams(q="legevakten", sort=sort)
    apart, together = search.search(params), search.search(params, leading=20)

    def shown(outcome, start, stop):
        return [
            (hit.type, hit.id, [(other.type, other.id) for other in hit.also_in])
            for hit in outcome.hits[start:stop]
        ]

    assert len(apart.hits) == len(together.hits) == 34  # 45 rows, 12 copies shown once
    assert together.facets == apart.facets
    assert shown(together, 0, 20) == shown(apart, 0, 20)
    assert any(also for _type, _id, also in shown(together, 0, 20))  # the repeats
    assert shown(together, 20, 40) == shown(apart, 20, 40)  # later pages read apart


@pytest.fixture
def repeated(search_index):
    """One paragraph about "legevakten", printed 90 times and found before all the rest,
    and 30 other rows that mention it once."""
    plan = factories.document("plan", title="Helseplanen", year=2024)
    best = "Legevakten, legevakten og legevakten: legevakten skal styrkes i hele landet i år."
    for position in range(90):
        factories.section(plan, position, title="Legevakten", text=best, key=f"b{position}")
    for position in range(90, 120):
        text = f"Kommunen har ansvar for mange tjenester, blant dem legevakten ({position})."
        factories.section(
            plan, position, title=f"Avsnitt {position}", text=text, key=f"o{position}"
        )
    index_documents([plan.pk])
    return plan


def test_a_first_page_among_matches_that_repeat_each_other_is_read_whole(repeated):
    """The PostgreSQL engine looks for the first page's rows among the best matches; where
    those are all one paragraph, the page is read again in full: the same 20 hits."""
    params = search.SearchParams(q="legevakten")
    apart, together = search.search(params), search.search(params, leading=20)
    if isinstance(together.hits, PostgresHits):
        assert len(together.hits.leading) < 20  # the best matches held too few rows

    def shown(outcome):
        return [(hit.type, hit.id, len(hit.also_in)) for hit in outcome.hits[0:20]]

    assert len(together.hits) == len(apart.hits) == 31
    assert shown(together) == shown(apart)
    assert shown(together)[0][2] == 89  # the paragraph's other copies


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_and_export_of_a_sorted_search_agree(many, client, sort):
    """A search's collapsed order is kept with its matches, and sorted by the documents'
    dates at each request: the pages (a repeated paragraph under "also in") and the
    export list the same hits in the same order, a repeat never on a row of its own."""
    Document.objects.filter(slug="plan").update(published=date(2023, 3, 1))
    Document.objects.filter(slug="report").update(published=date(2024, 6, 1))
    index_documents(list(Document.objects.values_list("pk", flat=True)))
    shown, repeats = [], []
    for page in (1, 2):
        response = client.get("/search/", {"q": "legevakten", "sort": sort, "page": page})
        for hit in response.context["page_obj"]:
            shown.append((hit.type, hit.id, hit.document))
            repeats += [(other.type, other.id) for other in hit.also_in]
    csv_text = b"".join(
        client.get("/search/", {"q": "legevakten", "sort": sort, "format": "csv"}).streaming_content
    ).decode()
    exported = [tuple(row.split(",")[1:4]) for row in csv_text.strip().split("\r\n")[1:]]
    assert [(kind, str(id_), slug) for kind, id_, slug in shown] == exported
    assert len(shown) == 34 and len(repeats) == 11  # 12 copies of one paragraph, shown once
    assert not {(kind, str(id_)) for kind, id_ in repeats} & {row[:2] for row in exported}
    if sort != "relevance":
        newest_first = sort == "newest"
        slugs = [slug for _type, _id, slug in shown]
        first, last = ("report", "plan") if newest_first else ("plan", "report")
        assert slugs == sorted(slugs, key=lambda slug: slug != first)
        assert slugs[0] == first and slugs[-1] == last


def test_a_slice_shorter_than_the_named_rows_holds_only_them(search_index):
    """Rows a query names by number that its words do not find come first; a slice that
    ends among them holds just those rows, on either engine."""
    plan = factories.document("plan", title="Helseplanen", year=2024)
    for post in range(70, 76):
        factories.budget_line(plan, kap=732, post=post, position=post, post_title="Tilskudd")
    for position in range(5):
        factories.section(plan, position, text="Sykehus får midler over kap. 732 i år.")
    index_documents([plan.pk])
    hits = search.search(search.SearchParams(q="sykehus kap. 732")).hits
    assert [hit.type for hit in hits[0:3]] == ["budgetline"] * 3
    assert [hit.type for hit in hits[0:20]] == ["budgetline"] * 6 + ["section"] * 5
    assert len(hits) == 11
