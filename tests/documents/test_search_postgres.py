"""The PostgreSQL engine: tsvector and tsquery text from the Norwegian analysis, and (on a
PostgreSQL DATABASE_URL) what PostgreSQL makes of them."""

import pytest
from django.db import connection

from documents.search.postgres import compile_tsquery, entry_vector
from documents.search.query import parse_user_query

pytestmark = pytest.mark.django_db  # the query parser reads the synonym table

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a PostgreSQL DATABASE_URL"
)


def test_vector_weights_title_headings_body_and_compound_parts():
    vector = entry_vector(title="Beredskap", headings="Helse", body="Helseberedskapen styrkes.")
    assert vector == "'beredskap':1A,5D 'helse':3B,5D 'helseberedskap':5C 'styrk':6C"


def test_vector_keeps_the_places_of_stop_words():
    """``og`` stores nothing but keeps its place, so a phrase's distances hold."""
    assert entry_vector(title="", headings="", body="sykehus og hôpital") == (
        "'hus':3D 'hôpital':5C 'syk':3D 'sykehus':3C"
    )


@pytest.mark.parametrize(
    ("q", "tsquery"),
    [
        ("fastlegen", "'fastlege'"),
        ("sjukehus -demens", "'sykehus' & !'demens'"),
        ("sykehus OR fastlege", "('sykehus' | 'fastlege')"),
        ('"helse og omsorg"', "('helse' <2> 'omsorg')"),
        ("helsedir*", "'helsedir':*"),
        ("fastlege helsedir*", "'fastlege' & 'helsedir':*"),
    ],
)
def test_queries_compile_to_tsquery(q, tsquery):
    assert compile_tsquery(parse_user_query(q)) == tsquery


@on_postgres
@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("beredskap", True),  # a compound part
        ("helseberedskapen", True),
        ('"styrkes beredskap"', False),  # not in that order
        ("helse -styrkes", False),
        ("helsebered*", True),
    ],
)
def test_postgresql_reads_both_and_matches(q, found):
    vector = entry_vector(title="Beredskap", headings="Helse", body="Helseberedskapen styrkes.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::tsvector @@ %s::tsquery", [vector, compile_tsquery(parse_user_query(q))]
        )
        assert cursor.fetchone()[0] is found


@on_postgres
def test_an_index_write_leaves_no_pending_gin_entries(search_index):
    """New entries are merged into the GIN index at once: a search never reads through
    a pending list (15 ms of a 0.2 ms search after the seeds)."""
    from documents.indexing import index_documents
    from documents.search.postgres import VECTOR_INDEX
    from tests import factories

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
    document = factories.document("plan", title="Helseplanen")
    for position in range(40):
        factories.section(document, position, title=f"Del {position}", text="Fastlegen " * 50)
    assert index_documents([document.pk]) == 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT pending_tuples FROM pgstatginindex(%s::regclass)", [VECTOR_INDEX])
        assert cursor.fetchone()[0] == 0


@on_postgres
def test_vectors_are_kept_in_the_entries_rows():
    """A search tests and ranks the vector of every match: stored MAIN, a vector stays in
    its row rather than in the TOAST table, and the display columns leave the row first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute WHERE attrelid = "
            "'documents_indexentry'::regclass AND attname IN ('vector', 'body')"
        )
        assert dict(cursor.fetchall()) == {"vector": "m", "body": "x"}
