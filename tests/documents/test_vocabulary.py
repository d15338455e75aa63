"""The search vocabulary grows with what is ingested: compounds split and "did you mean"
suggests from a new document's words as from the seeds' (documents.search.vocabulary).

Runs on either engine: Whoosh with SQLite, the PostgreSQL engine with PostgreSQL.
"""

import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from documents import indexing
from documents.indexing import index_import, index_on_commit
from documents.models import Document, Vocabulary, VocabularyRecount, VocabularyWord
from documents.removal import document_delete
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
TITLE = "Kvantedatamaskiner i helsetjenesten"

# An earlier document that names one quantum compound only: alone it teaches no part.
EARLIER_NOTE = """Notat om beregningsmodeller

Helseforetakene vurderer kvanteberegning i planleggingen av kapasitet.
"""
NOTE = "Notat om beregningsmodeller"


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
    vocabulary.activate()  # as each request does
    return [hit.document_title for hit in search.search(search.SearchParams(q=q)).hits]


def test_the_shipped_lexicon_does_not_split_the_new_words():
    """Without the new document nothing splits: the tests below show the database's part."""
    assert analysis.split_compound("kvanteberegning") == ["kvanteberegning"]
    assert analysis.split_compound("kvantedatamaskinene") == ["kvantedatamaskinene"]


def test_a_new_documents_compounds_split_and_its_parts_find_it(ingest):
    ingest("kvante.txt", QUANTUM_REPORT)
    assert TITLE in found("kvante")
    assert TITLE in found("datamaskin")  # in kvantedatamaskiner, kvantedatamaskinene
    assert TITLE in found("beregning")  # in kvanteberegning only
    assert analysis.split_compound("kvanteberegning") == ["kvante", "beregning"]
    assert Vocabulary.objects.get(pk=1).key == analysis.lexicon().key != ""


def test_a_misspelt_word_of_the_new_document_gets_a_suggestion(ingest):
    ingest("kvante.txt", QUANTUM_REPORT)
    vocabulary.activate()
    outcome = search.search(search.SearchParams(q="kvanteteknolgi"))
    assert not outcome.hits
    assert outcome.suggestion == "kvanteteknologi"


def test_rows_indexed_earlier_are_analysed_again_when_the_lexicon_learns_a_part(ingest):
    ingest("notat.txt", EARLIER_NOTE)
    assert NOTE not in found("kvante")
    outcome = ingest("kvante.txt", QUANTUM_REPORT)
    # The note was indexed before "kvante" was known; the second import indexed it again.
    note = Document.objects.get(title=NOTE)
    assert outcome.stats.reanalysed == [note.pk]
    assert NOTE in found("kvante")


def test_a_search_in_another_process_follows_the_published_lexicon(ingest):
    """No signal tells a process of another's import: each request reads the key."""
    ingest("kvante.txt", QUANTUM_REPORT)
    vocabulary.forget_lexicons()  # as a process that has not searched since
    assert analysis.lexicon().key == ""
    assert TITLE in found("beregning")
    assert analysis.lexicon().key == Vocabulary.objects.get(pk=1).key


def test_a_curators_save_only_marks_the_document_and_a_repair_counts_it(
    ingest, django_capture_on_commit_callbacks
):
    """Counting a whole document on each save made admin saves during an ingest slow: a
    save (``index_on_commit``, as the admin's) marks the document; another file's import
    leaves it, check_index --repair counts it."""
    ingest("notat.txt", EARLIER_NOTE)
    note = Document.objects.get(title=NOTE)
    section = note.sections.get(title=NOTE)
    words = VocabularyWord.objects.count()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        section.text = "Kvanteoptikk og kvantefysikk."
        section.save()
        index_on_commit(rows=[section])
    assert VocabularyWord.objects.count() == words
    assert list(VocabularyRecount.objects.values_list("document_id", flat=True)) == [note.pk]
    call_command("check_index")  # a mark is no drift
    ingest("kvante.txt", QUANTUM_REPORT)
    assert VocabularyRecount.objects.filter(document=note).exists()
    call_command("check_index", "--repair")
    assert VocabularyWord.objects.filter(document=note, word="kvanteoptikk").exists()
    assert not VocabularyRecount.objects.exists()
    call_command("check_index")


def test_deleting_a_document_takes_its_words_away_at_the_next_publish(
    ingest, capsys, django_capture_on_commit_callbacks
):
    ingest("notat.txt", EARLIER_NOTE)
    with_the_note = Vocabulary.objects.get(pk=1).key
    ingest("kvante.txt", QUANTUM_REPORT)
    report = Document.objects.get(title=TITLE)
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(report)
    assert not VocabularyWord.objects.filter(document_id=report.pk).exists()
    # The index keeps the lexicon it was written with until a repair or an import publishes.
    call_command("check_index")
    assert "(lexicon not yet published)" in capsys.readouterr().out
    call_command("check_index", "--repair")
    assert Vocabulary.objects.get(pk=1).key == with_the_note
    assert NOTE not in found("kvante")
    assert search.search(search.SearchParams(q="kvanteteknolgi")).suggestion == ""


def test_check_index_recounts_a_vocabulary_that_drifted(ingest, capsys):
    ingest("notat.txt", EARLIER_NOTE)
    ingest("kvante.txt", QUANTUM_REPORT)
    call_command("check_index")
    VocabularyWord.objects.all().delete()  # written past the imports: drift
    with pytest.raises(CommandError, match="drifted"):
        call_command("check_index")
    assert "2 documents whose search vocabulary differs" in capsys.readouterr().out
    call_command("check_index", "--repair")
    call_command("check_index")
    assert NOTE in found("kvante")


def test_a_failed_import_leaves_the_vocabulary_as_it_was(ingest, monkeypatch, tmp_path):
    ingest("notat.txt", EARLIER_NOTE)
    before = Vocabulary.objects.get(pk=1).key
    note_import = indexing.note_import

    def count_then_fail(stats):
        note_import(stats)
        raise RuntimeError("the import fails after its words were counted")

    monkeypatch.setattr(indexing, "note_import", count_then_fail)
    path = tmp_path / "kvante.txt"
    path.write_text(QUANTUM_REPORT, encoding="utf-8")
    assert ingest_file(path, after_commit=index_import).failed
    assert Vocabulary.objects.get(pk=1).key == before
    assert not VocabularyWord.objects.filter(word="kvanteteknologi").exists()
    assert TITLE not in found("kvante")
    assert analysis.lexicon().key == before  # the rolled-back lexicon is not used


def test_each_thread_analyses_with_its_own_lexicon():
    """An import inside its uncommitted transaction and a search beside it in another
    thread of the process must not swap each other's lexicon."""
    learnt = vocabulary.lexicon_of({"kvanteberegning": 2, "kvanteteknologi": 2})
    analysis.use_lexicon(learnt)
    seen = []
    other = threading.Thread(target=lambda: seen.append(analysis.split_compound("kvanteberegning")))
    other.start()
    other.join()
    assert seen == [["kvanteberegning"]]  # the shipped lexicon
    assert analysis.split_compound("kvanteberegning") == ["kvante", "beregning"]


@pytest.mark.slow
def test_a_real_white_papers_compounds_split_by_its_own_words(
    search_index, real_docs, django_capture_on_commit_callbacks
):
    """Nasjonalbudsjettet 2026 (Meld. St. 1), far from the health seeds: "karbonprising"
    stays whole with the shipped lexicon, and once the paper is ingested it splits into
    karbon + prising (both learnt from the paper), so "prising" finds the section that only
    says "karbonprising"."""
    assert analysis.split_compound("karbonprising") == ["karbonprising"]
    with django_capture_on_commit_callbacks(execute=True):
        outcome = ingest_file(
            real_docs / "meld-st-1-2025-2026-nasjonalbudsjettet.pdf", after_commit=index_import
        )
    assert not outcome.failed, outcome.error
    assert vocabulary.activate().key
    assert analysis.split_compound("karbonprising") == ["karbon", "prising"]
    vocabulary.activate()
    hits = search.search(search.SearchParams(q="prising")).hits
    assert any(hit.title.startswith("4.6.4 Fremskriving av norske utslipp") for hit in hits), [
        hit.title for hit in hits
    ]
