"""What search finds: sections, measures, decisions, budget lines and news items.

Every index has the same fields, so one query ranks all types together and facets count
across them. Field names carry the analysis (documents/search/whoosh.py):
``text``/``title`` are Norwegian-stemmed, ``*_parts`` hold compound parts (lower boost,
so "beredskap" finds "helseberedskap" without drowning exact matches), ``*_exact`` are
unstemmed for names and quoted phrases.
"""

import hashlib

from haystack import indexes

from ingest.text import normalise_space

from .models import BudgetLine, Decision, Document, Measure, Section

TITLE_BOOST = 3.0
PARTS_BOOST = 0.4
MIN_REPEAT_LENGTH = 80


def fingerprint(text: str) -> str:
    """Identical normalised text gives the same fingerprint: repeats collapse into one hit."""
    return hashlib.sha1(normalise_space(text).lower().encode()).hexdigest()[:16]


class RowIndex(indexes.SearchIndex):
    """The fields every searchable row has."""

    text = indexes.CharField(document=True, use_template=True)
    text_parts = indexes.CharField(boost=PARTS_BOOST)
    title = indexes.CharField(boost=TITLE_BOOST)
    title_exact = indexes.CharField(boost=TITLE_BOOST)
    type = indexes.CharField(faceted=True)
    kind = indexes.CharField(faceted=True)
    document = indexes.CharField(faceted=True)
    year = indexes.IntegerField(faceted=True, null=True)
    tags = indexes.MultiValueField(faceted=True, null=True)
    document_title = indexes.CharField(indexed=False)
    section_title = indexes.CharField(indexed=False, null=True)
    fingerprint = indexes.CharField(indexed=False)
    url = indexes.CharField(indexed=False)
    # Stored for "named rows first" (documents.search.service): a query naming kap/post or a vedtak number.
    kap = indexes.IntegerField(indexed=False, null=True)
    post = indexes.IntegerField(indexed=False, null=True)
    number = indexes.CharField(indexed=False, null=True)

    TYPE = ""

    def get_updated_field(self):
        return None

    def prepare_type(self, obj):
        return self.TYPE

    def prepare_title(self, obj):
        return self.title_of(obj)

    def prepare_title_exact(self, obj):
        return self.title_of(obj)

    def prepare_kind(self, obj):
        return obj.document.kind

    def prepare_document(self, obj):
        return obj.document.slug

    def prepare_year(self, obj):
        return obj.document.year

    def prepare_document_title(self, obj):
        return obj.document.title

    def prepare_section_title(self, obj):
        section = getattr(obj, "section", None)
        return section.title if section else ""

    def prepare_text_parts(self, obj):
        # The same words as ``text``; the field's analyzer splits the compounds.
        return self.prepared_data["text"]

    def prepare_fingerprint(self, obj):
        # Only a substantial body counts as a repeat; short headings may share words.
        body = self.body_of(obj)
        return fingerprint(body) if len(body) >= MIN_REPEAT_LENGTH else ""

    def body_of(self, obj) -> str:
        return getattr(obj, "text", "") or ""

    def prepare_url(self, obj):
        return obj.get_absolute_url()

    def date_of(self, obj):
        """The document's date (the PostgreSQL engine filters and sorts by it)."""
        return obj.document.published

    def title_of(self, obj) -> str:
        return obj.title

    def prepare_tags(self, obj):
        tags = getattr(obj, "tags", None)
        return [tag.slug for tag in tags.all()] if tags is not None else []

    def prepare_kap(self, obj):
        return getattr(obj, "kap", None)

    def prepare_post(self, obj):
        return getattr(obj, "post", None)

    def prepare_number(self, obj):
        return getattr(obj, "number", "") or ""

    def visible_rows(self, model):
        rows = model.objects.visible().filter(document__hidden=False).select_related("document")
        return rows.prefetch_related("tags") if hasattr(model, "tags") else rows


class SectionIndex(RowIndex, indexes.Indexable):
    TYPE = "section"

    def get_model(self):
        return Section

    def index_queryset(self, using=None):
        # A news item's single section repeats the item: the news index has it.
        return (
            self.visible_rows(Section)
            .exclude(document__kind=Document.Kind.NEWS)
            .select_related("parent")
        )

    def title_of(self, obj):
        return f"{obj.number} {obj.title}".strip()

    def prepare_section_title(self, obj):
        return obj.parent.title if obj.parent_id else ""


class MeasureIndex(RowIndex, indexes.Indexable):
    TYPE = "measure"

    def get_model(self):
        return Measure

    def index_queryset(self, using=None):
        return self.visible_rows(Measure).filter(duplicate_of=None).select_related("section")


class DecisionIndex(RowIndex, indexes.Indexable):
    TYPE = "decision"

    def get_model(self):
        return Decision

    def index_queryset(self, using=None):
        return self.visible_rows(Decision).filter(duplicate_of=None).select_related("section")

    def title_of(self, obj):
        return str(obj)


class BudgetLineIndex(RowIndex, indexes.Indexable):
    TYPE = "budgetline"

    def get_model(self):
        return BudgetLine

    def index_queryset(self, using=None):
        return self.visible_rows(BudgetLine).select_related("section")

    def title_of(self, obj):
        return f"Kap. {obj.kap} post {obj.post:02d} {obj.post_title} ({obj.kap_title})"


class NewsIndex(RowIndex, indexes.Indexable):
    TYPE = "news"

    def get_model(self):
        return Document

    def index_queryset(self, using=None):
        return Document.objects.visible().filter(kind=Document.Kind.NEWS).prefetch_related("tags")

    def prepare_kind(self, obj):
        return obj.kind

    def prepare_document(self, obj):
        return obj.slug

    def prepare_year(self, obj):
        return obj.year

    def prepare_document_title(self, obj):
        return obj.title

    def prepare_section_title(self, obj):
        return ""

    def body_of(self, obj):
        return obj.summary

    def date_of(self, obj):
        return obj.published
