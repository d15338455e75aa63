"""Ingest jobs: an upload stored and queued, run by the worker, retried after a failure.

The upload is kept in the configured storage (shared by several app servers), so any
worker can read it; the job row and its queue entry are written in one transaction, so
there is never a job without a task or a task without a job. The job notes its progress
as the ingest reports it; the import itself is one transaction, so a job that fails, or
a worker killed in the middle, leaves nothing partial behind and can be retried.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from documents.models import Document, SourceFile
from ingest import service
from ingest.overrides import clean_overrides
from ingest.pipeline import FileOutcome
from uploads.models import IngestJob

STAGE_STATES = {
    service.READING: IngestJob.State.READING,
    service.IMPORTING: IngestJob.State.IMPORTING,
    service.INDEXING: IngestJob.State.INDEXING,
}
# Page progress is written at most this often (a 300-page PDF reads in seconds).
PROGRESS_INTERVAL = 0.5
PAGE = re.compile(r"\bpages? (\d+)")


class JobError(ValueError):
    """A request about a job that cannot be carried out; the message is for the curator."""


def sha256_of(uploaded: File) -> str:
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Duplicate:
    """An upload whose content is already in (or on its way): nothing is done with it."""

    name: str
    of: SourceFile | IngestJob


def submit(
    uploaded: File,
    *,
    kind: str = "",
    overrides: dict | None = None,
    user=None,
    replaces: SourceFile | None = None,
) -> IngestJob | Duplicate:
    """A job for the upload, or Duplicate when its content is already known."""
    sha256 = sha256_of(uploaded)
    existing = duplicate_of(sha256)
    if existing is not None:
        return Duplicate(name=PurePath(uploaded.name).name, of=existing)
    return create_job(
        uploaded, sha256=sha256, kind=kind, overrides=overrides, user=user, replaces=replaces
    )


def enqueue_path(path: Path, *, kind: str = "") -> IngestJob | Duplicate:
    """Queue a file on disk (``manage.py ingest --enqueue``)."""
    with path.open("rb") as handle:
        return submit(File(handle, name=path.name), kind=kind)


def duplicate_of(sha256: str) -> SourceFile | IngestJob | None:
    """The source already holding this content, or the job already bringing it in."""
    source = SourceFile.objects.filter(sha256=sha256).first()
    if source is not None:
        return source
    return IngestJob.objects.filter(sha256=sha256).exclude(state=IngestJob.State.FAILED).first()


def free_source_name(name: str) -> str:
    """``name``, or ``name-2``, ``name-3`` …: an upload never silently replaces another
    source that happens to share its file name (replacing is asked for explicitly)."""
    path = PurePath(name)
    candidate, number = path.name, 1
    while (
        SourceFile.objects.filter(name=candidate).exists()
        or IngestJob.objects.filter(source_name=candidate, replaces=None).exists()
    ):
        number += 1
        candidate = f"{path.stem}-{number}{path.suffix}"
    return candidate


def create_job(
    uploaded: File,
    *,
    sha256: str,
    kind: str = "",
    overrides: dict | None = None,
    user=None,
    replaces: SourceFile | None = None,
) -> IngestJob:
    """Store the upload and queue its ingest (the limits were checked by the form)."""
    name = PurePath(uploaded.name).name
    job = IngestJob(
        name=name,
        source_name=replaces.name if replaces else free_source_name(name),
        sha256=sha256,
        size=uploaded.size,
        kind=kind or "",
        overrides=clean_overrides(overrides or {}),
        replaces=replaces,
        uploaded_by=user,
    )
    job.file.save(f"{sha256[:12]}-{name}", uploaded, save=False)
    try:
        with transaction.atomic():
            job.save()
            _enqueue(job)
    except BaseException:
        job.file.delete(save=False)  # no job row: the stored file would be an orphan
        raise
    return job


def _enqueue(job: IngestJob) -> None:
    from uploads.tasks import ingest_job

    ingest_job.enqueue(job.pk)


def is_stale(job: IngestJob) -> bool:
    """Whether a running job's worker is gone: no progress for longer than allowed."""
    limit = timedelta(minutes=settings.HELSEDOCS_JOB_STALE_MINUTES)
    return job.state in IngestJob.RUNNING and job.updated < timezone.now() - limit


def can_retry(job: IngestJob) -> bool:
    return job.state == IngestJob.State.FAILED or is_stale(job)


@transaction.atomic
def retry(job: IngestJob) -> IngestJob:
    """Queue a failed (or abandoned) job again, from a clean slate."""
    job = IngestJob.objects.select_for_update().get(pk=job.pk)
    if not can_retry(job):
        raise JobError("only a failed job, or one whose worker stopped, can be retried")
    job.state = IngestJob.State.QUEUED
    job.pages_done = job.pages_total = 0
    job.summary, job.warnings, job.error = {}, [], ""
    job.started = job.finished = None
    job.save()
    job.documents.clear()
    _enqueue(job)
    return job


def run(job_id: int) -> str:
    """Run a queued job (in the worker); returns its final state."""
    with transaction.atomic():
        job = IngestJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state != IngestJob.State.QUEUED:
            return job.state if job else "gone"  # a stale queue entry: nothing to do
        job.state = IngestJob.State.READING
        job.started = timezone.now()
        job.attempts += 1
        job.save(update_fields=["state", "started", "attempts", "updated"])
    try:
        with service.local_copy(job.file, name=job.name) as path:
            progress = _Progress(job)
            if job.replaces is not None:
                outcome = service.reingest(job.replaces, path=path, progress=progress)
            else:
                options = service.IngestOptions(
                    kind=job.kind or None, overrides=job.overrides, source_name=job.source_name
                )
                outcome = service.ingest(path, options, progress=progress)
    except Exception as error:  # the stored upload is gone or unreadable
        outcome = FileOutcome(path=PurePath(job.name), status="failed", error=str(error))
    _finish(job, outcome)
    return job.state


class _Progress:
    """The ingest's progress callback: the job's state and pages, written as they change."""

    def __init__(self, job: IngestJob):
        self.job = job
        self.written = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        state = STAGE_STATES.get(stage)
        if state is None:
            return  # done: written with the summary
        now = time.monotonic()
        if state == self.job.state and done < total and now - self.written < PROGRESS_INTERVAL:
            return
        self.written = now
        self.job.state = state
        if state == IngestJob.State.READING:
            self.job.pages_done, self.job.pages_total = done, total
        IngestJob.objects.filter(pk=self.job.pk).update(
            state=state,
            pages_done=self.job.pages_done,
            pages_total=self.job.pages_total,
            updated=timezone.now(),
        )


def _finish(job: IngestJob, outcome: FileOutcome) -> None:
    job.finished = timezone.now()
    if outcome.failed:
        job.state = IngestJob.State.FAILED
        job.error = " ".join(outcome.error.split())[:500]
        job.save()
        return
    job.state = IngestJob.State.DONE
    job.pages_done = job.pages_total
    job.summary = {
        "status": outcome.status,
        "kind": outcome.kind,
        "counts": outcome.counts(),
        "seconds": round(outcome.seconds, 2),
        "conflicts": len(outcome.stats.conflicts) if outcome.stats else 0,
    }
    job.warnings = [{"page": page_of(text), "text": text} for text in outcome.warnings]
    job.save()
    documents = Document.objects.filter(source__name=job.source_name)
    job.documents.set(documents)


def page_of(warning: str) -> int | None:
    """The first page a warning names ("page 12 could not be read …"), if any."""
    match = PAGE.search(warning)
    return int(match.group(1)) if match else None
