"""A job's progress as the job page shows it, and as its JSON endpoint returns it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from uploads.models import IngestJob


def progress_label(job: IngestJob) -> str:
    if job.state == IngestJob.State.READING and job.pages_total:
        return _("Reading page %(done)d of %(total)d") % {
            "done": job.pages_done,
            "total": job.pages_total,
        }
    if job.state == IngestJob.State.FAILED:
        return _("Failed: %(error)s") % {"error": job.error}
    return str(job.get_state_display()).capitalize()


def progress_payload(job: IngestJob) -> dict:
    return {
        "state": job.state,
        "label": progress_label(job),
        "percent": job.percent,
        "pages_done": job.pages_done,
        "pages_total": job.pages_total,
        "finished": job.is_finished,
    }
