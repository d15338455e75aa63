"""Admin registration of every model (the full curation surface comes with the curation work)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, Decision, DecisionOccurrence, Document, Measure, Section, SourceFile

admin.site.site_header = _("Helsedocs curation")
admin.site.site_title = _("Helsedocs")

SOURCE_FIELDS = ["start_line", "end_line", "page_start", "page_end", "parsed_values"]


class ParsedRowAdmin(admin.ModelAdmin):
    """Rows come from the ingest: never added here, only corrected, hidden and reviewed."""

    show_facets = admin.ShowFacets.ALLOW
    list_per_page = 50

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(ParsedRowAdmin):
    list_display = ["__str__", "kind", "year", "published", "language", "hidden", "reviewed"]
    list_filter = ["kind", "year", "language", "hidden", "reviewed", "needs_review"]
    search_fields = ["title", "reference", "slug"]
    date_hierarchy = "published"
    readonly_fields = [
        "slug",
        "source_file",
        "source_sha256",
        "parser_version",
        "first_imported",
        "last_imported",
        "source",
        "source_start_line",
        "source_end_line",
        "parsed_values",
    ]


@admin.register(Section)
class SectionAdmin(ParsedRowAdmin):
    list_display = ["__str__", "document", "level", "kap", "post", "hidden", "reviewed"]
    list_filter = ["document__kind", "level", "hidden", "reviewed", "needs_review", "document"]
    search_fields = ["title", "number", "text"]
    raw_id_fields = ["parent", "document"]
    readonly_fields = ["document", "parent", "position", "level", *SOURCE_FIELDS]


@admin.register(Measure)
class MeasureAdmin(ParsedRowAdmin):
    list_display = ["__str__", "document", "kind", "status", "year", "hidden", "reviewed"]
    list_filter = ["kind", "status", "year", "hidden", "reviewed", "needs_review", "document"]
    search_fields = ["title", "text", "number"]
    raw_id_fields = ["section", "parent", "duplicate_of"]
    readonly_fields = ["document", "position", *SOURCE_FIELDS]


class DecisionOccurrenceInline(admin.TabularInline):
    model = DecisionOccurrence
    extra = 0
    can_delete = False
    fields = ["section", "kap", "post", "start_line", "end_line", "page_start", "page_end"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ParsedRowAdmin):
    list_display = [
        "__str__",
        "document",
        "kind",
        "session",
        "date",
        "status",
        "reporting_closed",
        "hidden",
    ]
    list_filter = [
        "kind",
        "status",
        "session",
        "reporting_closed",
        "hidden",
        "reviewed",
        "needs_review",
        "document",
    ]
    search_fields = ["title", "text", "number"]
    date_hierarchy = "date"
    raw_id_fields = ["section", "measure", "duplicate_of", "repeals"]
    readonly_fields = ["document", "position", *SOURCE_FIELDS]
    inlines = [DecisionOccurrenceInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(ParsedRowAdmin):
    list_display = ["__str__", "document", "kap", "post", "forslag_nok", "regnskap_nok", "hidden"]
    list_filter = ["direction", "hidden", "reviewed", "needs_review", "document"]
    search_fields = ["kap_title", "post_title", "=kap"]
    raw_id_fields = ["section"]
    readonly_fields = [
        "document",
        "position",
        "kap",
        "post",
        "regnskap_nok",
        "saldert_nok",
        "forslag_nok",
        "endring_pct",
        "vedtak_nok",
        "tildeling_nok",
        "avvik_nok",
        "vedtak_line",
        *SOURCE_FIELDS,
    ]


@admin.register(DecisionOccurrence)
class DecisionOccurrenceAdmin(ParsedRowAdmin):
    list_display = ["__str__", "kap", "post", "start_line", "end_line"]
    raw_id_fields = ["decision", "section"]


@admin.register(SourceFile)
class SourceFileAdmin(ParsedRowAdmin):
    list_display = ["name", "kind", "sha256", "parser_version", "last_imported"]
    readonly_fields = [
        "name",
        "sha256",
        "size",
        "kind",
        "parser_version",
        "original",
        "page_count",
        "first_imported",
        "last_imported",
    ]
