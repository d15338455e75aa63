"""Ingest jobs: progress from the service, a queued job run by the real worker command
(django-tasks-db's db_worker, in this process), failures that write nothing, retries,
duplicates."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from documents.models import Document, Section, SourceFile
from ingest import service
from uploads import jobs
from uploads.models import IngestJob

from .test_reingest import NOTE

PDFS = Path(__file__).resolve().parent.parent / "ingest" / "pdfs"


def run_worker() -> None:
    """The worker as ``make run`` starts it, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def upload(name: str, data: bytes, **options):
    return jobs.submit(SimpleUploadedFile(name, data), **options)


@pytest.mark.django_db(transaction=True)  # committed, so the index is written in its turn
def test_the_service_reports_each_stage_and_the_pages_read(tmp_path, search_index):
    path = tmp_path / "white_paper.pdf"
    path.write_bytes((PDFS / "white_paper.pdf").read_bytes())
    seen = []
    outcome = service.ingest(path, progress=lambda *event: seen.append(event))
    assert outcome.status == "created", outcome.error
    pages = [(done, total) for stage, done, total in seen if stage == service.READING and total]
    total = pages[-1][1]
    assert total > 1 and pages[-1] == (total, total)
    assert [done for done, _ in pages] == sorted(done for done, _ in pages)
    stages = list(dict.fromkeys(stage for stage, *_ in seen))
    assert stages == [service.READING, service.IMPORTING, service.INDEXING, service.DONE]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_queued_upload_to_done(search_index, django_user_model):
    curator = django_user_model.objects.create_user("kari", is_staff=True)
    job = upload(
        "notat-menn.txt",
        NOTE.encode(),
        kind="other",
        overrides={"title": "Menn og fastlegen", "reference": "Notat 2024:3"},
        user=curator,
    )
    assert job.state == IngestJob.State.QUEUED
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    assert not Document.objects.exists()  # nothing happens until a worker takes it

    run_worker()

    job.refresh_from_db()
    assert job.state == IngestJob.State.DONE, job.error
    assert job.attempts == 1 and job.started and job.finished
    assert job.summary["status"] == "created"
    assert job.summary["counts"] == {
        "documents": 1,
        "sections": 5,
        "measures": 0,
        "decisions": 0,
        "budget_lines": 0,
    }
    document = job.documents.get()
    assert document.title == "Menn og fastlegen"
    assert document.reference == "Notat 2024:3"
    assert document.source.name == "notat-menn.txt"
    assert document.source.forced_kind == "other"
    assert document.source.original.read().decode() == NOTE
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_says_why_writes_nothing_and_can_be_retried(search_index):
    job = upload("referat.txt", "Møtereferat fra styret i Helse Sør-Øst".encode("latin-1"))
    run_worker()
    job.refresh_from_db()
    assert job.state == IngestJob.State.FAILED
    assert "not UTF-8" in job.error and "\n" not in job.error
    assert not Document.objects.exists() and not SourceFile.objects.exists()
    assert not Section.objects.exists()
    assert jobs.can_retry(job)

    jobs.retry(job)
    job.refresh_from_db()
    assert job.state == IngestJob.State.QUEUED and job.error == ""
    run_worker()
    job.refresh_from_db()
    assert job.state == IngestJob.State.FAILED and job.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_duplicate_upload_is_said_to_be_one_and_changes_nothing(search_index):
    first = upload("notat-menn.txt", NOTE.encode())
    again = upload("kopi av notatet.txt", NOTE.encode())  # still queued: already on its way
    assert isinstance(again, jobs.Duplicate) and again.of == first
    run_worker()
    later = upload("notat.txt", NOTE.encode())  # ingested by now
    assert isinstance(later, jobs.Duplicate)
    assert later.of == SourceFile.objects.get()
    assert IngestJob.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db
def test_an_upload_never_silently_replaces_a_source_of_the_same_name():
    first = upload("notat.txt", NOTE.encode())
    second = upload("notat.txt", (NOTE + "\nTillegg.\n").encode())
    assert (first.source_name, second.source_name) == ("notat.txt", "notat-2.txt")


@pytest.mark.django_db(transaction=True)
def test_a_newer_file_queued_for_a_source_updates_the_same_document(search_index):
    upload("notat-menn.txt", NOTE.encode(), overrides={"reference": "Notat 2024:3"})
    run_worker()
    document = Document.objects.get()
    sections = dict(document.sections.values_list("number", "pk"))
    newer = NOTE + "\n4 Videre arbeid\n\nRapporten kommer i 2025.\n"
    job = upload("notat-menn-v2.txt", newer.encode(), replaces=document.source)
    assert job.source_name == "notat-menn.txt"
    run_worker()
    job.refresh_from_db()
    assert job.state == IngestJob.State.DONE, job.error
    assert job.summary["status"] == "updated"
    assert list(job.documents.all()) == [document]
    again = Document.objects.get()
    assert (again.pk, again.slug, again.reference) == (document.pk, document.slug, "Notat 2024:3")
    now = dict(again.sections.values_list("number", "pk"))
    assert now.pop("4") and now == sections
