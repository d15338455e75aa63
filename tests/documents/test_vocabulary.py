"""The search vocabulary grows with what is ingested: compounds split and "did you mean"
suggests from a new document's words as from the seeds' (documents.search.vocabulary)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from documents.indexing import index_import, index_on_commit
from documents.models import Document, VocabularyVersion, VocabularyWord
from documents.search import analysis, vocabulary
from documents.search import service as search
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db

# "kvante" is no word of the seeds: it becomes a compound part once a document uses it
# before several heads (beregning, teknologi, datamaskin).
QUANTUM_REPORT = """Kvantedatamaskiner i helsetjenesten

Rapporten drøfter hvordan kvantedatamaskiner kan brukes i helsetjenesten.

Kvantedatamaskinene kan gjøre kvanteberegning av molekyler raskere enn dagens maskiner.
Sykehusene bør følge kvanteteknologi tett, og en kvantedatamaskin kan bli nyttig for
kvanteberegning i legemiddelforskning. Kvanteteknologi krever ny kompetanse.
"""

# An earlier document that names one quantum compound only: alone it teaches no part.
EARLIER_NOTE = """Notat om beregningsmodeller

Helseforetakene vurderer kvanteberegning i planleggingen av kapasitet.
"""


@pytest.fixture
def ingest(search_index, tmp_path, django_capture_on_commit_callbacks):
    """Ingest a text file as ``manage.py ingest`` does: the index is written after commit."""

    def ingest(name: str, text: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with django_capture_on_commit_callbacks(execute=True):
            outcome = ingest_file(path, after_commit=index_import)
        assert not outcome.failed, outcome.error
        return outcome

    return ingest


def found(q: str) -> list[str]:
    return [hit.document_title for hit in search.search(search.SearchParams(q=q)).hits]


def test_the_shipped_lexicon_does_not_split_the_new_words():
    """Without the new document, nothing would split: the tests below show the database's part."""
    assert analysis.split_compound("kvanteberegning") == ["kvanteberegning"]
    assert analysis.split_compound("kvantedatamaskinene") == ["kvantedatamaskinene"]


def test_a_new_documents_compounds_split_and_its_parts_find_it(ingest):
    ingest("kvante.txt", QUANTUM_REPORT)
    title = "Kvantedatamaskiner i helsetjenesten"
    assert title in found("kvante")
    assert title in found("datamaskin")  # in kvantedatamaskiner, kvantedatamaskinene
    assert title in found("beregning")  # in kvanteberegning only
    assert analysis.split_compound("kvanteberegning") == ["kvante", "beregning"]
    assert VocabularyVersion.objects.get(pk=1).key == analysis.lexicon().key != ""


def test_a_misspelt_word_of_the_new_document_gets_a_suggestion(ingest):
    ingest("kvante.txt", QUANTUM_REPORT)
    outcome = search.search(search.SearchParams(q="kvanteteknolgi"))
    assert not outcome.hits
    assert outcome.suggestion == "kvanteteknologi"
    assert search.search(search.SearchParams(q="kvanteteknologi")).hits


def test_rows_indexed_earlier_are_analysed_again_when_the_lexicon_learns_a_part(ingest):
    ingest("notat.txt", EARLIER_NOTE)
    assert "Notat om beregningsmodeller" not in found("kvante")
    ingest("kvante.txt", QUANTUM_REPORT)
    # The note was indexed before "kvante" was known; the second import re-indexed it.
    assert "Notat om beregningsmodeller" in found("kvante")


def test_deleting_the_document_takes_its_words_away_again(
    ingest, django_capture_on_commit_callbacks
):
    ingest("notat.txt", EARLIER_NOTE)
    with_the_note = VocabularyVersion.objects.get(pk=1).key
    ingest("kvante.txt", QUANTUM_REPORT)
    assert VocabularyVersion.objects.get(pk=1).key != with_the_note
    report = Document.objects.get(title="Kvantedatamaskiner i helsetjenesten")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        index_on_commit(removed=[report])
        report.delete()
    assert not VocabularyWord.objects.filter(document_id=report.pk).exists()
    assert VocabularyVersion.objects.get(pk=1).key == with_the_note
    assert "Notat om beregningsmodeller" not in found("kvante")
    assert search.search(search.SearchParams(q="kvanteteknolgi")).suggestion == ""


def test_a_search_in_another_process_follows_the_vocabulary(ingest):
    """No signal tells a process of another's import: each search checks the version row."""
    ingest("kvante.txt", QUANTUM_REPORT)
    vocabulary.forget_lexicons()  # as a process that has not searched since
    assert analysis.lexicon().key == ""
    assert "Kvantedatamaskiner i helsetjenesten" in found("beregning")
    assert analysis.lexicon().key != ""


def test_check_index_recounts_a_vocabulary_that_drifted(ingest, capsys):
    ingest("notat.txt", EARLIER_NOTE)
    ingest("kvante.txt", QUANTUM_REPORT)
    call_command("check_index")
    VocabularyWord.objects.all().delete()  # written past the index: drift
    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    assert "2 documents whose search vocabulary" in capsys.readouterr().out
    call_command("check_index", "--repair")
    call_command("check_index")
    assert "Notat om beregningsmodeller" in found("kvante")
