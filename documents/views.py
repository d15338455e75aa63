"""Thin views: parameters in, a selector's rows out, a template renders them."""

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import selectors
from .models import BudgetLine, Decision, Document, Measure, Section

PAGE_SIZE = 50


def bad_filter_response(request, filterset):
    """400 with the form's own words for what is wrong with the filter values."""
    messages = [
        f"{filterset.form.fields[field].label or field}: {' '.join(errors)}"
        for field, errors in filterset.form.errors.items()
    ]
    body = render_to_string("documents/bad_filter.html", {"messages": messages}, request=request)
    return HttpResponseBadRequest(body)


def filtered_list(request, filterset, *, template, extra=None):
    if not filterset.is_valid():
        return bad_filter_response(request, filterset)
    paginator = Paginator(filterset.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filterset": filterset, "page_obj": page, "query_string": query.urlencode()}
    return render(request, template, context | (extra or {}))


def home(request):
    return render(request, "documents/home.html", selectors.collection_overview())


def document_list(request):
    filterset = selectors.document_list_filter(filters=request.GET)
    return filtered_list(
        request,
        filterset,
        template="documents/document_list.html",
        extra={"kinds": Document.Kind.choices},
    )


def document_detail(request, slug):
    document = get_object_or_404(Document.objects.visible(), slug=slug)
    context = {"document": document, "outline": selectors.document_outline(document)}
    context |= selectors.document_rows(document)
    return render(request, "documents/document_detail.html", context)


def section_list(request):
    filterset = selectors.section_list_filter(filters=request.GET)
    return filtered_list(request, filterset, template="documents/section_list.html")


def section_detail(request, pk):
    section = get_object_or_404(
        Section.objects.visible().select_related("document", "parent"),
        pk=pk,
        document__hidden=False,
    )
    previous, following = selectors.section_neighbours(section)
    context = {
        "section": section,
        "document": section.document,
        "ancestors": selectors.section_ancestors(section),
        "children": section.children.visible().order_by("position"),
        "previous": previous,
        "next": following,
        "measures": section.measures.visible(),
        "decisions": section.decisions.visible(),
    }
    return render(request, "documents/section_detail.html", context)


def measure_detail(request, pk):
    measure = get_object_or_404(
        Measure.objects.visible().select_related("document", "section", "parent"), pk=pk
    )
    return render(
        request, "documents/measure_detail.html", {"measure": measure, "document": measure.document}
    )


def decision_detail(request, pk):
    decision = get_object_or_404(
        Decision.objects.visible().select_related("document", "section"), pk=pk
    )
    context = {
        "decision": decision,
        "document": decision.document,
        "occurrences": decision.occurrences.select_related("section"),
    }
    return render(request, "documents/decision_detail.html", context)


def budget_line_detail(request, pk):
    line = get_object_or_404(
        BudgetLine.objects.visible().select_related("document", "section"), pk=pk
    )
    siblings = (
        BudgetLine.objects.visible()
        .filter(document=line.document, kap=line.kap)
        .exclude(pk=line.pk)
    )
    context = {
        "line": line,
        "document": line.document,
        "siblings": siblings,
        "title": _("Budget line"),
    }
    return render(request, "documents/budgetline_detail.html", context)
