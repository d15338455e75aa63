"""Thin views: parameters in, a selector's rows out, a template or an export renders them."""

import json

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from . import charts, exports, selectors
from .models import BudgetLine, Decision, Document, Measure, Section, SourceFile
from .params import control_character_errors, whole_number
from .search import service as search

PAGE_SIZE = 50
FORMATS = {"", "html", "csv", "json"}


def bad_request(request, messages: list[str]):
    """400 with a plain message: JSON for format=json, else an HTML page."""
    if request.GET.get("format") == "json":
        return HttpResponseBadRequest(
            json.dumps({"error": " ".join(messages)}, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
    body = render_to_string("documents/bad_filter.html", {"messages": messages}, request=request)
    return HttpResponseBadRequest(body)


def filter_errors(filterset) -> list[str]:
    return [
        f"{filterset.form.fields[field].label or field}: {' '.join(errors)}"
        for field, errors in filterset.form.errors.items()
    ]


def filtered_list(request, filterset, *, template, export, extra=None):
    """A list page, or its CSV/JSON export when ``format`` asks for one: the same rows."""
    if errors := control_character_errors(request.GET):
        return bad_request(request, errors)
    output = request.GET.get("format", "")
    if output not in FORMATS:
        return bad_request(
            request, [_("Unknown format “%(format)s”: use csv or json.") % {"format": output}]
        )
    if not filterset.is_valid():
        return bad_request(request, filter_errors(filterset))
    rows = filterset.qs
    if output in {"csv", "json"}:
        spec = export(exports.absolute_urls(request))
        filename = exports.export_filename(spec, request.GET.dict(), output)
        if output == "csv":
            semicolon = request.GET.get("sep") == "semicolon"
            return exports.csv_response(spec, rows, filename=filename, semicolon=semicolon)
        return exports.json_response(spec, rows, filename=filename)
    paginator = Paginator(rows, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page_obj": page,
        "query_string": query.urlencode(),
        "export_query": _with_format(query, "csv"),
        "json_query": _with_format(query, "json"),
    }
    return render(request, template, context | (extra or {}))


def _with_format(query, output: str) -> str:
    query = query.copy()
    query["format"] = output
    return query.urlencode()


def home(request):
    return render(request, "documents/home.html", selectors.collection_overview())


def document_list(request):
    return filtered_list(
        request,
        selectors.document_list_filter(filters=request.GET),
        template="documents/document_list.html",
        export=exports.document_export,
        extra={"kinds": Document.Kind.choices},
    )


def section_list(request):
    return filtered_list(
        request,
        selectors.section_list_filter(filters=request.GET),
        template="documents/section_list.html",
        export=exports.section_export,
    )


def measure_list(request):
    return filtered_list(
        request,
        selectors.measure_list_filter(filters=request.GET),
        template="documents/measure_list.html",
        export=exports.measure_export,
        extra={"kinds": Measure.Kind.choices, "statuses": Measure.Status.choices},
    )


def decision_list(request):
    return filtered_list(
        request,
        selectors.decision_list_filter(filters=request.GET),
        template="documents/decision_list.html",
        export=exports.decision_export,
        extra={"kinds": Decision.Kind.choices},
    )


def budget_line_list(request):
    return filtered_list(
        request,
        selectors.budget_line_list_filter(filters=request.GET),
        template="documents/budgetline_list.html",
        export=exports.budget_export,
    )


def document_detail(request, slug):
    document = get_object_or_404(
        selectors.with_source(Document.objects.visible(), "source"), slug=slug
    )
    outline = selectors.document_outline(document)
    context = {
        "document": document,
        "outline": selectors.outline_tree(outline),
        "section_count": len(outline),
    }
    context |= selectors.document_rows(document)
    return render(request, "documents/document_detail.html", context)


def section_detail(request, pk):
    section = get_object_or_404(
        selectors.with_source(Section.objects.visible().select_related("parent")),
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
        "budget_lines": selectors.budget_lines_for_section(section),
    }
    return render(request, "documents/section_detail.html", context)


def measure_detail(request, pk):
    measure = get_object_or_404(
        selectors.with_source(Measure.objects.visible().select_related("section", "parent")),
        pk=pk,
        document__hidden=False,
    )
    if measure.duplicate_of_id:
        return redirect(measure.duplicate_of)  # merged by a curator: links keep working
    previous, following = selectors.measure_neighbours(measure)
    context = {
        "measure": measure,
        "document": measure.document,
        "ancestors": [*selectors.section_ancestors(measure.section), measure.section]
        if measure.section
        else [],
        "previous": previous,
        "next": following,
    }
    return render(request, "documents/measure_detail.html", context)


def decision_detail(request, pk):
    decision = get_object_or_404(
        selectors.with_source(Decision.objects.visible().select_related("section")),
        pk=pk,
        document__hidden=False,
    )
    if decision.duplicate_of_id:
        return redirect(decision.duplicate_of)
    context = {
        "decision": decision,
        "document": decision.document,
        "occurrences": decision.occurrences.select_related("section"),
        "repeals": decision.repeals.visible(),
        "repealed_by": decision.repealed_by.visible(),
        "budget_lines": selectors.budget_lines_for(decision),
    }
    return render(request, "documents/decision_detail.html", context)


def budget_line_detail(request, pk):
    line = get_object_or_404(
        selectors.with_source(BudgetLine.objects.visible().select_related("section")),
        pk=pk,
        document__hidden=False,
    )
    context = {
        "line": line,
        "document": line.document,
        "explained_in": selectors.section_for_budget_line(line),
        "siblings": selectors.budget_line_siblings(line),
        "decisions": selectors.decisions_for_budget_line(line),
        "measures": selectors.measures_for_budget_line(line),
    }
    return render(request, "documents/budgetline_detail.html", context)


def budget_chart(request):
    """The budget by programme category, or one category's chapters: proposal vs. last year."""
    if errors := control_character_errors(request.GET):
        return bad_request(request, errors)
    documents = list(charts.budget_documents())
    if not documents:
        return render(request, "documents/budget_chart.html", {"documents": [], "bars": []})
    slug = request.GET.get("document") or documents[0].slug
    document = get_object_or_404(Document.objects.visible(), slug=slug)
    category = None
    category_id = request.GET.get("category", "")
    if category_id:
        if whole_number(category_id) is None:
            return bad_request(request, [_("category: not a number.")])
        category = get_object_or_404(Section.objects.visible(), pk=category_id, document=document)
        bars = charts.budget_by_chapter(document, category)
    else:
        bars = charts.budget_by_category(document)
    context = {
        "documents": documents,
        "document": document,
        "category": category,
        "bars": bars,
        "chart_height": len(bars) * charts.ROW_HEIGHT + 10,
    }
    return render(request, "documents/budget_chart.html", context)


def news_chart(request):
    columns, years, peak = charts.news_per_month()
    context = {
        "columns": columns,
        "years": years,
        "peak": peak,
        "ticks": charts.count_ticks(peak),
        "width": len(columns) * 7 + 40,
    }
    return render(request, "documents/news_chart.html", context)


SEARCH_PAGE_SIZE = 20


def search_page(request):
    """Ranked hits over every kind of row, with facets; the same hits as CSV or JSON."""
    if errors := control_character_errors(request.GET):
        return bad_request(request, errors)
    output = request.GET.get("format", "")
    if output not in FORMATS:
        return bad_request(
            request, [_("Unknown format “%(format)s”: use csv or json.") % {"format": output}]
        )
    params, errors = search.read_params(request.GET)
    if errors:
        return bad_request(request, errors)
    if not params.q.strip() and output not in {"csv", "json"}:
        return render(request, "documents/search.html", {"params": params, "outcome": None})
    first_page = output not in {"csv", "json"} and request.GET.get("page", "1") == "1"
    outcome = search.search(params, leading=SEARCH_PAGE_SIZE if first_page else 0)
    if output in {"csv", "json"}:
        if outcome.error:
            return bad_request(request, [outcome.error])
        hits = outcome.with_snippets()  # built as the export streams, in rank order
        spec = exports.search_export(exports.absolute_urls(request))
        filename = exports.export_filename(spec, request.GET.dict(), output)
        if output == "csv":
            return exports.csv_response(
                spec,
                hits,
                filename=filename,
                semicolon=request.GET.get("sep") == "semicolon",
            )
        return exports.json_response(spec, hits, filename=filename)
    paginator = Paginator(outcome.hits, SEARCH_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    outcome.add_snippets(list(page))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "params": params,
        "outcome": outcome,
        "page_obj": page,
        "query_string": query.urlencode(),
        "export_query": _with_format(query, "csv"),
        "json_query": _with_format(query, "json"),
        "facet_links": search.facet_links(query, outcome.facets),
    }
    return render(request, "documents/search.html", context)


ORIGINAL_CONTENT_TYPES = {
    SourceFile.Format.TEXT: "text/plain; charset=utf-8",
    SourceFile.Format.PDF: "application/pdf",
    SourceFile.Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def document_original(request, slug):
    """The ingested file as it came (PDF, DOCX or text); rows link to its pages (#page=N)."""
    document = get_object_or_404(Document.objects.visible().select_related("source"), slug=slug)
    original = document.source.original
    if not original:
        raise Http404(_("The original file of this document was not stored."))
    content_type = ORIGINAL_CONTENT_TYPES[document.source.format]
    response = FileResponse(original.open("rb"), content_type=content_type)
    # inline: a browser opens the PDF at the #page the link names
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=document.source.name
    )
    return response


def _source_text(document: Document) -> str:
    """The text the rows' line numbers count: the source text, or the text read out of a
    PDF or DOCX."""
    source = document.source
    if source.has_extracted_text:
        return source.extracted_text
    if source.original:
        with source.original.open("rb") as handle:
            return handle.read().decode("utf-8-sig", errors="replace")
    raise Http404(_("The source text of this document was not stored."))


def document_text(request, slug):
    """The source text as plain text (what the line numbers count)."""
    document = get_object_or_404(Document.objects.visible().select_related("source"), slug=slug)
    return HttpResponse(_source_text(document), content_type="text/plain; charset=utf-8")


def document_source(request, slug):
    """The source text as a page of numbered lines, each an anchor (``#L2891``);
    ``lines=2891-2895`` marks the lines a row came from."""
    if errors := control_character_errors(request.GET):
        return bad_request(request, errors)
    document = get_object_or_404(Document.objects.visible().select_related("source"), slug=slug)
    first, _dash, last = request.GET.get("lines", "").partition("-")
    first, last = whole_number(first or "0"), whole_number(last or first or "0")
    if first is None or last is None:
        return bad_request(request, [_("lines: write a line range such as 2891-2895.")])
    context = {"document": document, "text": _source_text(document), "first": first, "last": last}
    return render(request, "documents/document_source.html", context)
