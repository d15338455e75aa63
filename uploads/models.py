"""An ingest job: one uploaded file on its way into the knowledge base."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents.models import Document, SourceFile
from ingest import vocabulary as v


class IngestJobQuerySet(models.QuerySet):
    def running(self):
        return self.filter(state__in=IngestJob.RUNNING)


class IngestJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        READING = "reading", _("reading")
        IMPORTING = "importing", _("importing")
        INDEXING = "indexing", _("indexing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    RUNNING = (State.READING, State.IMPORTING, State.INDEXING)
    FINISHED = (State.DONE, State.FAILED)

    file = models.FileField(_("uploaded file"), upload_to="uploads/%Y/%m/")
    name = models.CharField(_("file name"), max_length=255, help_text=_("As uploaded."))
    source_name = models.CharField(
        _("source name"),
        max_length=255,
        help_text=_("The source file the job creates or updates."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    kind = models.CharField(
        _("forced kind"),
        max_length=30,
        blank=True,
        choices=[(k, k) for k in v.DOCUMENT_KINDS],
        help_text=_("Empty: recognised from the content."),
    )
    overrides = models.JSONField(_("metadata overrides"), default=dict, blank=True)
    replaces = models.ForeignKey(
        SourceFile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replacement_jobs",
        verbose_name=_("replaces the file of"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.QUEUED)
    pages_done = models.PositiveIntegerField(_("pages read"), default=0)
    pages_total = models.PositiveIntegerField(_("pages"), default=0)
    summary = models.JSONField(
        _("summary"), default=dict, blank=True, help_text=_("Status and row counts.")
    )
    warnings = models.JSONField(
        _("warnings"), default=list, blank=True, help_text=_("Each with its page, if any.")
    )
    error = models.CharField(_("error"), max_length=500, blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="ingest_jobs", verbose_name=_("documents")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="ingest_jobs",
        verbose_name=_("uploaded by"),
    )
    created = models.DateTimeField(_("uploaded"), auto_now_add=True)
    started = models.DateTimeField(_("started"), null=True, blank=True)
    updated = models.DateTimeField(_("last progress"), auto_now=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = IngestJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingest job")
        verbose_name_plural = _("ingest jobs")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("admin:uploads_ingestjob_change", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.state in self.FINISHED

    @property
    def percent(self) -> int:
        """How far the job has come, for the progress bar (reading is most of the work)."""
        if self.state == self.State.DONE:
            return 100
        if self.state == self.State.INDEXING:
            return 95
        if self.state == self.State.IMPORTING:
            return 80
        if self.state == self.State.READING and self.pages_total:
            return 5 + 75 * self.pages_done // self.pages_total
        return 0 if self.state == self.State.QUEUED else 5
