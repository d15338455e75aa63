"""Reads: the rows each page shows, built from request parameters."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .filters import BudgetLineFilter, DecisionFilter, DocumentFilter, MeasureFilter, SectionFilter
from .models import BudgetLine, Decision, Document, Measure, Section


def _visible_count(model) -> Subquery:
    """Count of a document's visible rows of ``model``, as a correlated subquery.

    Four joined Counts would multiply the rows (sections × measures × ...); a subquery
    per table counts each once.
    """
    rows = (
        model.objects.filter(document=OuterRef("pk"), hidden=False)
        .order_by()
        .values("document")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def document_list_filter(*, filters: Mapping[str, str]) -> DocumentFilter:
    """The FilterSet behind /documents/: visible documents with their visible row counts."""
    queryset = Document.objects.visible().annotate(
        section_count=_visible_count(Section),
        measure_count=_visible_count(Measure),
        decision_count=_visible_count(Decision),
        budget_line_count=_visible_count(BudgetLine),
    )
    return DocumentFilter(filters, queryset=queryset.order_by("-published", "title", "pk"))


# A source file's extracted text (megabytes for a large PDF) and its manifests: only the
# source view and ingest read them, so the pages that link to a source leave them unread.
SOURCE_BULK_FIELDS = ("extracted_text", "manifest", "overrides")


def with_source(queryset: QuerySet, path: str = "document__source") -> QuerySet:
    """``queryset`` with each row's source file joined in, its bulky fields left unread
    (a list's rows link to their source lines: one query, not one per row)."""
    return queryset.select_related(path).defer(*(f"{path}__{name}" for name in SOURCE_BULK_FIELDS))


def section_list_filter(*, filters: Mapping[str, str]) -> SectionFilter:
    """Rows of /sections/ and its exports, in reading order."""
    queryset = with_source(Section.objects.visible().filter(document__hidden=False))
    return SectionFilter(filters, queryset=queryset.order_by("document__slug", "position", "pk"))


def measure_list_filter(*, filters: Mapping[str, str]) -> MeasureFilter:
    """Rows of /measures/ and its exports: document order unless sorted."""
    queryset = Measure.objects.visible().filter(document__hidden=False, duplicate_of=None)
    # A row names its section; the section's text (a chapter's, often long) stays unread.
    queryset = queryset.select_related("document", "section").defer("section__text")
    return MeasureFilter(filters, queryset=queryset.order_by("document__slug", "position", "pk"))


def decision_list_filter(*, filters: Mapping[str, str]) -> DecisionFilter:
    """Rows of /decisions/ and its exports: document order unless sorted."""
    queryset = Decision.objects.visible().filter(document__hidden=False, duplicate_of=None)
    queryset = queryset.select_related("document", "section").defer("section__text")
    return DecisionFilter(filters, queryset=queryset.order_by("document__slug", "position", "pk"))


def newest_budget_proposition() -> Document | None:
    return (
        Document.objects.visible()
        .filter(kind=Document.Kind.BUDGET_PROPOSITION)
        .order_by("-year", "-published", "-pk")
        .first()
    )


def budget_line_list_filter(*, filters: Mapping[str, str]) -> BudgetLineFilter:
    """Rows of /budget/ and its exports: by document, kap and post unless sorted.

    Without a ``document`` parameter the list is the newest budget proposition (what a
    reader of /budget/ wants first), named in ``newest_default``; ``document=`` (empty) is
    every document's lines.
    """
    newest = None if "document" in filters else newest_budget_proposition()
    if newest:
        filters = filters.copy()
        filters["document"] = newest.slug
    queryset = (
        BudgetLine.objects.visible().filter(document__hidden=False).select_related("document")
    )
    filterset = BudgetLineFilter(
        filters, queryset=queryset.order_by("document__slug", "kap", "post", "pk")
    )
    filterset.newest_default = newest  # the page says which document it chose
    return filterset


@dataclass
class OutlineNode:
    section: Section
    children: list[OutlineNode] = field(default_factory=list)


def outline_tree(sections: list[Section]) -> list[OutlineNode]:
    """The outline as nested nodes (sections come in reading order, parents first)."""
    nodes = {section.pk: OutlineNode(section) for section in sections}
    roots = []
    for section in sections:
        parent = nodes.get(section.parent_id)
        (parent.children if parent else roots).append(nodes[section.pk])
    return roots


def document_outline(document: Document) -> list[Section]:
    """The document's visible sections in reading order (the table of contents)."""
    return list(
        document.sections.visible()
        .order_by("position")
        .only(
            "id",
            "document_id",
            "parent_id",
            "level",
            "number",
            "title",
            "position",
            "start_line",
            "end_line",
            "page_start",
            "page_end",
            "kap",
            "post",
        )
    )


def document_rows(document: Document) -> dict[str, QuerySet]:
    """The measures, decisions and budget lines shown on a document's page."""
    return {
        "measures": Measure.objects.visible().filter(document=document).select_related("section"),
        "decisions": Decision.objects.visible().filter(document=document).select_related("section"),
        "budget_lines": BudgetLine.objects.visible().filter(document=document),
    }


def section_neighbours(section: Section) -> tuple[Section | None, Section | None]:
    """The previous and next visible section of the same document in reading order."""
    siblings = Section.objects.visible().filter(document_id=section.document_id)
    previous = siblings.filter(position__lt=section.position).order_by("-position").first()
    following = siblings.filter(position__gt=section.position).order_by("position").first()
    return previous, following


def section_ancestors(section: Section) -> list[Section]:
    """From the top-level section down to the section's parent (for breadcrumbs)."""
    ancestors = []
    parent_id = section.parent_id
    while parent_id is not None:
        parent = Section.objects.only("id", "parent_id", "number", "title").get(pk=parent_id)
        ancestors.append(parent)
        parent_id = parent.parent_id
    return ancestors[::-1]


def collection_overview() -> dict:
    """What the collection holds, for the home page."""
    documents = Document.objects.visible()
    return {
        "documents_by_kind": list(
            documents.values("kind").annotate(count=Count("id")).order_by("kind")
        ),
        "section_count": Section.objects.visible().filter(document__hidden=False).count(),
        "measure_count": Measure.objects.visible().filter(document__hidden=False).count(),
        "decision_count": Decision.objects.visible().filter(document__hidden=False).count(),
        "budget_line_count": BudgetLine.objects.visible().filter(document__hidden=False).count(),
        "latest_news": list(
            documents.filter(kind=Document.Kind.NEWS).order_by("-published", "title")[:8]
        ),
        "main_documents": list(
            documents.exclude(kind=Document.Kind.NEWS).order_by("-year", "title")
        ),
    }


def budget_line_siblings(line: BudgetLine) -> QuerySet[BudgetLine]:
    """The other posts of the same chapter in the same document."""
    return (
        BudgetLine.objects.visible()
        .filter(document_id=line.document_id, kap=line.kap)
        .exclude(pk=line.pk)
        .order_by("post")
    )


def decisions_for_budget_line(line: BudgetLine) -> QuerySet[Decision]:
    """Decisions of the same document that name the line's chapter (and its post, if they name one)."""
    return (
        Decision.objects.visible()
        .filter(document_id=line.document_id, kap=line.kap)
        .filter(Q(post__isnull=True) | Q(post=line.post))
        .order_by("position")
    )


def measures_for_budget_line(line: BudgetLine) -> QuerySet[Measure]:
    """Measures of the same document that name the line's chapter and post."""
    return (
        Measure.objects.visible()
        .filter(document_id=line.document_id)
        .filter(Q(kap=line.kap, post=line.post) | Q(to_kap=line.kap, to_post=line.post))
        .order_by("position")
    )


def budget_lines_for(decision: Decision) -> QuerySet[BudgetLine]:
    """The budget lines a decision names: its chapter's posts, or the one post it names."""
    if decision.kap is None:
        return BudgetLine.objects.none()
    lines = BudgetLine.objects.visible().filter(document_id=decision.document_id, kap=decision.kap)
    if decision.post is not None:
        lines = lines.filter(post=decision.post)
    return lines.order_by("post")


def document_choices() -> list[tuple[str, str]]:
    """(slug, title) of the documents a list can be narrowed to: the large documents, newest
    first (single news items are many and hold no measures, decisions or budget lines)."""
    documents = Document.objects.visible().exclude(kind=Document.Kind.NEWS)
    return list(documents.order_by("-year", "title").values_list("slug", "title"))


def section_for_budget_line(line: BudgetLine) -> Section | None:
    """The section that explains a budget line: the one headed by its post ("Post 70 ..."),
    else its chapter's section."""
    sections = Section.objects.visible().filter(document_id=line.document_id, kap=line.kap)
    return sections.filter(post=line.post).order_by("position").first() or line.section


def budget_lines_for_section(section: Section) -> QuerySet[BudgetLine]:
    """The budget lines a section explains: its post's line, or its chapter's lines."""
    lines = BudgetLine.objects.visible().filter(document_id=section.document_id)
    if section.kap is None:
        return lines.filter(section=section).order_by("kap", "post")
    named = Q(kap=section.kap) & (Q(post=section.post) if section.post is not None else Q())
    return lines.filter(named | Q(section=section)).order_by("kap", "post")


def document_references() -> dict[str, str]:
    """Each document's official reference ("Meld. St. 9 (2023–2024)") and its page."""
    documents = Document.objects.visible().exclude(reference="")
    return {document.reference: document.get_absolute_url() for document in documents}


def measure_neighbours(measure: Measure) -> tuple[Measure | None, Measure | None]:
    """The previous and next visible measure of the same section (the same box)."""
    siblings = Measure.objects.visible().filter(
        document_id=measure.document_id, section_id=measure.section_id, duplicate_of=None
    )
    previous = siblings.filter(position__lt=measure.position).order_by("-position").first()
    following = siblings.filter(position__gt=measure.position).order_by("position").first()
    return previous, following
