"""The upload, job, replace and delete pages in the admin: who may use them, the limits
checked before any work starts, and what each page shows."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from documents.models import Document, Section, SourceFile
from documents.search import service as search
from ingest import service
from uploads.models import IngestJob

from .test_jobs import run_worker
from .test_reingest import NOTE

pytestmark = pytest.mark.django_db

PDFS = Path(__file__).resolve().parent.parent / "ingest" / "pdfs"
UPLOAD = "/admin/uploads/ingestjob/upload/"


def user_in(group: str) -> User:
    user = User.objects.create_user(group, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def curator(client):
    client.force_login(user_in("curator"))
    return client


@pytest.fixture
def reader(client):
    client.force_login(user_in("reader"))
    return client


def post_files(client, *files, **fields):
    return client.post(UPLOAD, {"files": list(files), **fields})


def errors(response) -> str:
    return " ".join(str(error) for error in response.context["form"].errors.get("files", []))


@pytest.fixture
def note_document(tmp_path, search_index, django_capture_on_commit_callbacks):
    path = tmp_path / "notat-menn.txt"
    path.write_text(NOTE, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        assert not service.ingest(path).failed
    return Document.objects.get()


def test_a_reader_sees_no_upload_button_and_is_refused_every_page(reader, note_document):
    page = reader.get("/admin/documents/document/").content.decode()
    assert "upload-documents" not in page
    change = reader.get(f"/admin/documents/document/{note_document.pk}/change/").content.decode()
    assert "/replace/" not in change and "/remove/" not in change
    job = IngestJob.objects.create(name="x.txt", source_name="x.txt", sha256="0" * 64, size=1)
    for url in (
        UPLOAD,
        "/admin/uploads/ingestjob/",
        f"/admin/uploads/ingestjob/{job.pk}/change/",
        f"/admin/uploads/ingestjob/{job.pk}/progress/",
        f"/admin/documents/document/{note_document.pk}/replace/",
        f"/admin/documents/document/{note_document.pk}/remove/",
    ):
        assert reader.get(url).status_code == 403, url
    upload = SimpleUploadedFile("notat.txt", b"Et notat\n\nMed tekst.\n")
    assert reader.post(UPLOAD, {"files": [upload]}).status_code == 403
    removal = reader.post(f"/admin/documents/document/{note_document.pk}/remove/")
    assert removal.status_code == 403
    assert Document.objects.exists() and IngestJob.objects.count() == 1


def test_a_curator_uploads_and_lands_on_the_job_page_at_once(curator):
    assert "upload-documents" in curator.get("/admin/documents/document/").content.decode()
    response = post_files(
        curator,
        SimpleUploadedFile("notat-menn.txt", NOTE.encode()),
        kind="other",
        title="Menn og fastlegen",
        published="2024-03-15",
    )
    job = IngestJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/uploads/ingestjob/{job.pk}/change/"
    assert job.overrides == {"title": "Menn og fastlegen", "published": "2024-03-15"}
    assert job.kind == "other" and job.uploaded_by.username == "curator"
    page = curator.get(response["Location"]).content.decode()
    assert 'id="job-progress"' in page and "js/job-progress.js" in page
    assert "<script>" not in page  # no inline script: the page works under a strict CSP
    progress = curator.get(f"/admin/uploads/ingestjob/{job.pk}/progress/").json()
    assert progress == {
        "state": "queued",
        "label": "I kø",
        "percent": 0,
        "pages_done": 0,
        "pages_total": 0,
        "finished": False,
    }


def test_several_files_in_one_upload_become_one_job_each(curator):
    response = post_files(
        curator,
        SimpleUploadedFile("a.txt", b"Notat A\n\nTekst.\n"),
        SimpleUploadedFile("b.txt", b"Notat B\n\nTekst.\n"),
    )
    ids = sorted(IngestJob.objects.values_list("pk", flat=True))
    assert len(ids) == 2
    assert response["Location"].endswith(f"?id__in={ids[0]},{ids[1]}")
    assert curator.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("rapport.txt", (PDFS / "white_paper.pdf").read_bytes(), "innholdet er PDF, ikke tekst"),
        ("rapport.pdf", NOTE.encode(), "innholdet er tekst, ikke PDF"),
        ("rapport.docx", NOTE.encode(), "innholdet er tekst, ikke Word (DOCX)"),
        ("rapport.rtf", NOTE.encode(), "bare PDF-, Word- (.docx) og tekstfiler"),
        (
            "kuttet.pdf",
            (PDFS / "truncated.pdf").read_bytes(),
            "kan ikke leses inn: the PDF is trun",
        ),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_before_any_work(curator, name, data, reason):
    response = post_files(curator, SimpleUploadedFile(name, data))
    assert response.status_code == 200
    assert name in errors(response) and reason in errors(response)
    assert not IngestJob.objects.exists()


@override_settings(HELSEDOCS_MAX_UPLOAD_MB=0)
def test_the_size_limit_is_checked_first(curator):
    response = post_files(curator, SimpleUploadedFile("notat.txt", NOTE.encode()))
    assert "notat.txt er 349\xa0byte, mer enn grensen på 0\xa0byte." in errors(response)
    assert not IngestJob.objects.exists()


@override_settings(HELSEDOCS_MAX_UPLOAD_PAGES=2)
def test_the_page_limit_is_checked_first(curator):
    data = (PDFS / "white_paper.pdf").read_bytes()
    response = post_files(curator, SimpleUploadedFile("meld.pdf", data))
    assert "more than the limit of 2" in errors(response)
    assert not IngestJob.objects.exists()


def test_a_duplicate_upload_is_said_to_be_one(curator, note_document):
    response = post_files(curator, SimpleUploadedFile("samme-notat.txt", NOTE.encode()))
    assert response.status_code == 302
    page = curator.get(response["Location"]).content.decode()
    assert (
        "Duplikat: samme-notat.txt har samme innhold som notat-menn.txt; ingenting ble endret."
        in page
    )
    assert not IngestJob.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_curator_deletes_a_document_after_a_confirmation(client, search_index):
    client.force_login(user_in("curator"))
    post_files(client, SimpleUploadedFile("notat-menn.txt", NOTE.encode()))
    run_worker()
    document = Document.objects.get()
    assert search.search(search.SearchParams(q="arbeidsplassen")).hits
    url = f"/admin/documents/document/{document.pk}/remove/"
    page = client.get(url).content.decode()
    assert "5 seksjoner" in page and "Ja, slett det" in page
    assert Document.objects.exists()  # the confirmation page deletes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert not Document.objects.exists() and not Section.objects.exists()
    assert not SourceFile.objects.exists()  # the same file may be uploaded again
    assert not search.search(search.SearchParams(q="arbeidsplassen")).hits
    again = post_files(client, SimpleUploadedFile("notat-menn.txt", NOTE.encode()))
    assert again["Location"].startswith("/admin/uploads/ingestjob/")
