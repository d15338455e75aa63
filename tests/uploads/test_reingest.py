"""Re-ingest and a newer file keep a document's identity: the kind and metadata it was
first ingested with are stored with its source, so ids, slugs, URLs and curated fields
survive, for a document ingested from outside seeds/ with its own metadata."""

import hashlib
from datetime import date
from pathlib import Path

import pytest

from documents import curation
from documents.models import Document, Section
from ingest import service
from ingest.service import IngestOptions

pytestmark = pytest.mark.django_db

NOTE = """Menns bruk av fastlege

Notat fra arbeidsgruppen
Oslo, 12. mars 2024

1 Innledning

Menn bruker fastlegen sjeldnere enn kvinner. Dette notatet ser på hvorfor.

2 Funn

2.1 Kontakter per år

Menn hadde i snitt 2,1 kontakter med fastlegen i 2023, kvinner 3,4.

3 Anbefalinger

Kommunene bør nå menn der de er, for eksempel gjennom arbeidsplassen.
"""
OVERRIDES = {
    "title": "Menn og fastlegen",
    "reference": "Notat 2024:3",
    "publisher": "Arbeidsgruppen for likeverdige tjenester",
    "published": "2024-03-15",
}


def write_note(folder: Path, text: str = NOTE, name: str = "notat-menn.txt") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def note(tmp_path, search_index, django_capture_on_commit_callbacks):
    """The note, ingested from its own folder (with a manifest entry giving its slug),
    forced to kind 'other' with the curator's metadata; one section curated."""
    path = write_note(tmp_path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    (tmp_path / "manifest.toml").write_text(
        f'["{sha}"]\nslug = "menn-og-fastlegen"\nlanguage = "nb"\n', encoding="utf-8"
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = service.ingest(path, IngestOptions(kind="other", overrides=OVERRIDES))
    assert outcome.status == "created", outcome.error
    document = Document.objects.get()
    section = document.sections.get(number="2.1")
    section.title = "Legekontakter per år"
    curation.record_overrides(section, ["title"])
    section.save()
    return document


def identity(document: Document) -> dict:
    document = Document.objects.get(pk=document.pk)
    return {
        "pk": document.pk,
        "slug": document.slug,
        "url": document.get_absolute_url(),
        "kind": document.kind,
        "title": document.title,
        "reference": document.reference,
        "publisher": document.publisher,
        "published": document.published,
        "sections": dict(document.sections.values_list("number", "pk")),
        "curated": document.sections.get(number="2.1").title,
    }


def test_overrides_beat_the_parser_and_are_stored_with_the_source(note):
    assert note.slug == "menn-og-fastlegen"  # from its own folder's manifest
    assert note.title == "Menn og fastlegen"  # the parser read "Menns bruk av fastlege"
    assert note.published == date(2024, 3, 15)  # the parser read 12 March
    assert note.reference == "Notat 2024:3"
    source = note.source
    assert source.forced_kind == "other"
    assert source.overrides == OVERRIDES
    assert source.manifest == {"slug": "menn-og-fastlegen", "language": "nb"}


def test_reingest_keeps_the_document(note, django_capture_on_commit_callbacks):
    before = identity(note)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = curation.reingest_document(note)
    assert outcome.status == "unchanged"
    assert identity(note) == before
    assert Document.objects.count() == 1


def test_a_newer_file_replaces_the_source_and_keeps_the_document(
    note, tmp_path, django_capture_on_commit_callbacks
):
    before = identity(note)
    inbox = tmp_path / "inbox"  # elsewhere, without the manifest
    inbox.mkdir()
    newer = write_note(
        inbox,
        NOTE.replace("kvinner 3,4.", "kvinner 3,4.\n\nTallene er foreløpige.")
        + "\n4 Videre arbeid\n\nArbeidsgruppen leverer sin rapport i 2025.\n",
        name="notat-menn-revidert.txt",
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = service.reingest(note.source, path=newer)
    assert outcome.status == "updated", outcome.error
    after = identity(note)
    new_section = after["sections"].pop("4")
    assert after == before  # same ids, slug, URL, metadata and curated title
    assert Section.objects.get(pk=new_section).title == "Videre arbeid"
    source = Document.objects.get(pk=note.pk).source
    assert source.name == "notat-menn.txt"  # the same source, with the newer bytes
    assert source.sha256 == hashlib.sha256(newer.read_bytes()).hexdigest()
    assert "Tallene er foreløpige." in Section.objects.get(pk=before["sections"]["2.1"]).text
