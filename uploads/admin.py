"""The ingest jobs in the admin: upload, the job page with its live progress, retry."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from uploads import jobs
from uploads.forms import UploadForm
from uploads.models import IngestJob
from uploads.permissions import can_upload
from uploads.progress import progress_payload


@admin.register(IngestJob)
class IngestJobAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "progress", "uploaded_by", "created", "finished"]
    list_filter = ["state"]
    search_fields = ["name", "source_name", "sha256"]
    date_hierarchy = "created"

    def has_module_permission(self, request):
        return can_upload(request.user)

    def has_view_permission(self, request, obj=None):
        return can_upload(request.user)

    def has_add_permission(self, request):
        return can_upload(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # a job is the worker's record; it is retried, never edited

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=gettext_lazy("progress"))
    def progress(self, obj):
        return format_html('<progress max="100" value="{}"></progress>', obj.percent)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("upload/", view(self.upload_view), name="uploads_ingestjob_upload"),
            path("<int:pk>/progress/", view(self.progress_view), name="uploads_ingestjob_progress"),
            path("<int:pk>/retry/", view(self.retry_view), name="uploads_ingestjob_retry"),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return redirect("admin:uploads_ingestjob_upload")

    def _check(self, request):
        if not can_upload(request.user):
            raise PermissionDenied

    def upload_view(self, request):
        self._check(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            created = self._create_jobs(request, form)
            if len(created) == 1:
                return redirect(created[0].get_absolute_url())
            if created:
                url = reverse("admin:uploads_ingestjob_changelist")
                return redirect(f"{url}?id__in={','.join(str(job.pk) for job in created)}")
            return redirect("admin:uploads_ingestjob_upload")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Upload documents"),
            "opts": self.model._meta,
            "form": form,
            "limits": {
                "size": settings.HELSEDOCS_MAX_UPLOAD_MB,
                "pages": settings.HELSEDOCS_MAX_UPLOAD_PAGES,
            },
        }
        return TemplateResponse(request, "admin/uploads/ingestjob/upload.html", context)

    def _create_jobs(self, request, form) -> list[IngestJob]:
        created = []
        for uploaded in form.cleaned_data["files"]:
            job = jobs.submit(
                uploaded,
                kind=form.cleaned_data["kind"],
                overrides=form.overrides(),
                user=request.user,
            )
            if isinstance(job, jobs.Duplicate):
                messages.warning(request, duplicate_message(job))
            else:
                created.append(job)
        return created

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._check(request)
        job = get_object_or_404(IngestJob, pk=object_id)
        context = {
            **self.admin_site.each_context(request),
            "title": job.name,
            "opts": self.model._meta,
            "job": job,
            "progress": progress_payload(job),
            "can_retry": jobs.can_retry(job),
            "documents": job.documents.all(),
        }
        return TemplateResponse(request, "admin/uploads/ingestjob/job.html", context)

    def progress_view(self, request, pk):
        self._check(request)
        return JsonResponse(progress_payload(get_object_or_404(IngestJob, pk=pk)))

    @method_decorator(require_POST)
    def retry_view(self, request, pk):
        self._check(request)
        job = get_object_or_404(IngestJob, pk=pk)
        try:
            jobs.retry(job)
        except jobs.JobError as error:
            messages.error(request, str(error))
        return redirect(job.get_absolute_url())


def duplicate_message(duplicate: jobs.Duplicate) -> str:
    return _("Duplicate: %(name)s has the same content as %(existing)s; nothing changed.") % {
        "name": duplicate.name,
        "existing": duplicate.of,
    }
