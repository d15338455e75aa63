"""Admin pages about one document's file: replace it with a newer one, or delete the
document (with its rows and index entries) after a confirmation page."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from documents.models import Document
from documents.removal import document_delete
from uploads import jobs
from uploads.admin import duplicate_message
from uploads.forms import ReplaceForm
from uploads.permissions import can_upload


def _document(request, pk: int) -> Document:
    if not can_upload(request.user):
        raise PermissionDenied
    return get_object_or_404(Document.objects.select_related("source"), pk=pk)


def _context(request, document: Document, title: str, **extra) -> dict:
    return {
        **admin.site.each_context(request),
        "title": title,
        "opts": Document._meta,
        "original": document,
        "document": document,
        **extra,
    }


def replace_source(request, pk: int):
    document = _document(request, pk)
    form = ReplaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = jobs.submit(form.cleaned_data["file"], user=request.user, replaces=document.source)
        if isinstance(job, jobs.Duplicate):
            messages.warning(request, duplicate_message(job))
            return redirect("admin:documents_document_change", document.pk)
        return redirect(job.get_absolute_url())
    title = _("Replace the source file of %(document)s") % {"document": document}
    context = _context(request, document, title, form=form, source=document.source)
    return TemplateResponse(request, "admin/documents/document/replace_source.html", context)


def remove_document(request, pk: int):
    document = _document(request, pk)
    if request.method == "POST":
        title = str(document)
        source_gone = document_delete(document)
        text = _("%(document)s was deleted with its rows.") % {"document": title}
        if source_gone:
            text += " " + _("Its source file was deleted too.")
        messages.success(request, text)
        return redirect("admin:documents_document_changelist")
    counts = {
        "sections": document.sections.count(),
        "measures": document.measures.count(),
        "decisions": document.decisions.count(),
        "budget_lines": document.budget_lines.count(),
    }
    others = document.source.documents.exclude(pk=document.pk).count()
    title = _("Delete %(document)s") % {"document": document}
    context = _context(request, document, title, counts=counts, others=others)
    return TemplateResponse(request, "admin/documents/document/remove.html", context)
