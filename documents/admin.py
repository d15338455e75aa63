"""The admin as a curation surface: correct, hide, review, tag and merge parsed rows.

Rows arrive only through the ingest, so nothing parsed is added here. A curator's change
to a curated field is recorded as an override (``edited_fields``), shown beside the
parsed value, and survives re-ingest; every change is in the history and can be
reverted; every save or delete reaches the search index after the commit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from . import curation, exports
from .indexing import index_on_commit
from .models import (
    BudgetLine,
    Decision,
    DecisionOccurrence,
    Document,
    Measure,
    Section,
    SourceFile,
    Synonym,
    Tag,
)

admin.site.site_header = _("Helsedocs curation")
admin.site.site_title = _("Helsedocs")
admin.site.index_title = _("Curation")

SOURCE_FIELDS = ("start_line", "end_line", "page_start", "page_end")
BOOKKEEPING = ("edited_fields", "parsed_comparison", "review_reason_shown")

# The import stores its review reasons in English (documents/services.py); the admin shows
# them in the curator's language. Parser warnings (a document's reasons) stay as written.
REVIEW_REASONS = {
    "No longer found in the source at the last ingest.": _(
        "No longer found in the source at the last ingest."
    ),
    "The parser found no section for this measure.": _(
        "The parser found no section for this measure."
    ),
    "The parser found no date for this request decision.": _(
        "The parser found no date for this request decision."
    ),
}
SOURCE_CHANGED = re.compile(r"The source changed “(?P<field>\w+)” under a curator's edit\.")


def shown_reason(line: str) -> str:
    if changed := SOURCE_CHANGED.fullmatch(line):
        return _("The source changed “%(field)s” under a curator's edit.") % changed.groupdict()
    return str(REVIEW_REASONS.get(line, line))


CURATION_FIELDS = ("tags", "hidden", "reviewed", "needs_review", "curator_note")


def curation_layout(editable: Sequence[str], readonly: Sequence[str]) -> list[str]:
    """A change form's fields: what curators edit first, then what the parser read."""
    form_names = [name.removesuffix("_id") for name in editable]  # section_id -> section
    return [*form_names, *CURATION_FIELDS, *readonly, *SOURCE_FIELDS, *BOOKKEEPING]


class ReviewFilter(admin.SimpleListFilter):
    """The review queue and the curation state, from the QuerySet's own methods."""

    title = _("review")
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("needs review")),
            ("reviewed", _("reviewed")),
            ("edited", _("edited by hand")),
            ("merged", _("merged into another row")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "pending":
            return queryset.needs_review()
        if value == "reviewed":
            return queryset.filter(reviewed=True)
        if value == "edited":
            return queryset.edited_by_hand()
        if value == "merged" and hasattr(queryset.model, "duplicate_of"):
            return queryset.exclude(duplicate_of=None)
        return queryset


class CuratedAdmin(SimpleHistoryAdmin):
    """Common behaviour of the parsed rows' admins."""

    show_facets = admin.ShowFacets.ALWAYS
    list_per_page = 50
    export = None  # documents.exports function giving the public CSV columns
    actions = [
        "mark_reviewed",
        "hide",
        "unhide",
        "restore_parsed",
        "export_csv",
        "export_csv_semicolon",
    ]

    def has_add_permission(self, request, obj=None):
        return False  # a row exists because a parser found it

    def has_delete_permission(self, request, obj=None):
        # Curators hide rather than delete: a deleted row would come back at the next
        # ingest without its curation. Superusers may still delete.
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *SOURCE_FIELDS, *BOOKKEEPING]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            # Checkboxes: filter_horizontal's widget labels bare <span>s (axe
            # aria-prohibited-attr) and speaks English in the bokmål admin.
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("parsed value vs. curated value"))
    def parsed_comparison(self, obj):
        if obj is None or not obj.edited_fields:
            return "—"
        rows = [
            (name, obj.parsed_values.get(name, ""), getattr(obj, name))
            for name in obj.edited_fields
        ]
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("field"),
            _("parsed"),
            _("curated"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.display(description=_("why review"))
    def review_reason_shown(self, obj):
        lines = (obj.review_reason or "").splitlines() if obj else []
        return format_html_join("", "{}<br>", ((shown_reason(line),) for line in lines)) or "—"

    @admin.display(description=_("public page"))
    def public_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("view"))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        in_transaction = transaction.get_connection().in_atomic_block
        if obj is not None and request.method == "POST" and in_transaction:
            # A save locks its row until it commits: an import running meanwhile waits for
            # the curator's edit (and sees it) or has committed before it is read here.
            obj = type(obj).objects.select_for_update().get(pk=obj.pk)
        return obj

    def save_model(self, request, obj, form, change):
        if change:
            new = curation.record_overrides(obj, form.changed_data)
            if new:
                obj._change_reason = _("Curated: %(fields)s") % {"fields": ", ".join(new)}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # The last step of a save (tags and inlines included): the one index update of it.
        super().save_related(request, form, formsets, change)
        index_on_commit(rows=[form.instance])

    def delete_model(self, request, obj):
        index_on_commit(removed=[obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        index_on_commit(removed=list(queryset))
        super().delete_queryset(request, queryset)

    @admin.action(description=_("Mark selected rows as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        for row in queryset:
            curation.mark_reviewed(row)
        self.message_user(request, _("%(count)d rows marked reviewed.") % {"count": len(queryset)})

    @admin.action(
        description=_("Hide selected rows from pages, exports and search"), permissions=["change"]
    )
    def hide(self, request, queryset):
        for row in queryset:
            curation.set_hidden(row, hidden=True)
        self.message_user(request, _("%(count)d rows hidden.") % {"count": len(queryset)})

    @admin.action(description=_("Show selected rows again"), permissions=["change"])
    def unhide(self, request, queryset):
        for row in queryset:
            curation.set_hidden(row, hidden=False)
        self.message_user(request, _("%(count)d rows shown.") % {"count": len(queryset)})

    @admin.action(
        description=_("Restore the parsed values (drop the overrides)"), permissions=["change"]
    )
    def restore_parsed(self, request, queryset):
        restored = sum(bool(curation.restore_parsed(row)) for row in queryset)
        self.message_user(
            request, _("%(count)d rows restored to their parsed values.") % {"count": restored}
        )

    @admin.action(description=_("Export selected rows as CSV"), permissions=["view"])
    def export_csv(self, request, queryset, *, semicolon=False):
        spec = self.export(exports.absolute_urls(request))
        filename = exports.export_filename(spec, {"selected": str(queryset.count())}, "csv")
        # In the model's own order (a document's rows as its source has them), not by id:
        # an import inserts a level of the outline at a time.
        rows = queryset.order_by(*queryset.model._meta.ordering, "pk")
        return exports.csv_response(spec, rows, filename=filename, semicolon=semicolon)

    @admin.action(
        description=_("Export selected rows as CSV for Norwegian Excel (semicolons)"),
        permissions=["view"],
    )
    def export_csv_semicolon(self, request, queryset):
        return self.export_csv(request, queryset, semicolon=True)


class MergeMixin:
    """The merge action of measures and decisions."""

    @admin.action(
        description=_("Merge selected duplicates into the first one"), permissions=["change"]
    )
    def merge_duplicates(self, request, queryset):
        try:
            keep = curation.merge_duplicates(list(queryset))
        except curation.CurationError as error:
            self.message_user(request, str(error), level=messages.ERROR)
            return None
        self.message_user(
            request,
            ngettext(
                "%(count)d row merged into “%(keep)s”.",
                "%(count)d rows merged into “%(keep)s”.",
                len(queryset) - 1,
            )
            % {"count": len(queryset) - 1, "keep": keep},
        )
        return None


class SectionInline(admin.TabularInline):
    """The document's top-level sections; the full outline is one click away."""

    model = Section
    fk_name = "document"
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["number", "title", "level", "hidden", "reviewed"]
    # Read-only: a table cell's unlabelled input fails axe (label-title-only); a section
    # is corrected on its own page, one click away.
    readonly_fields = fields
    verbose_name_plural = _("top-level sections")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(level=1).order_by("position")


class MeasureInline(admin.TabularInline):
    model = Measure
    fk_name = "section"
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    fields = ["kind", "number", "title", "status", "hidden", "reviewed"]
    readonly_fields = fields  # as SectionInline


class DecisionOccurrenceInline(admin.TabularInline):
    model = DecisionOccurrence
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["section", "kap", "post", "start_line", "end_line", "page_start", "page_end"]
    readonly_fields = fields


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    list_display = [
        "__str__",
        "kind",
        "year",
        "published",
        "language",
        "hidden",
        "reviewed",
        "needs_review",
        "public_link",
    ]
    list_filter = [ReviewFilter, "kind", "year", "language", "hidden", "tags"]
    search_fields = ["title", "reference", "slug", "summary"]
    date_hierarchy = "published"
    readonly_fields = [
        "slug",
        "kind",
        "source",
        "source_file",
        "source_sha256",
        "parser_version",
        "first_imported",
        "last_imported",
        "source_start_line",
        "source_end_line",
        "sections_link",
    ]
    fields = [
        "title",
        "reference",
        "publisher",
        "published",
        "year",
        "language",
        "summary",
        "tags",
        "hidden",
        "reviewed",
        "needs_review",
        "curator_note",
        "sections_link",
        "slug",
        "kind",
        "source",
        "source_file",
        "source_sha256",
        "parser_version",
        "first_imported",
        "last_imported",
        "source_start_line",
        "source_end_line",
        *BOOKKEEPING,
    ]
    inlines = [SectionInline]
    export = staticmethod(exports.document_export)
    actions = [*CuratedAdmin.actions, "reingest"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, *BOOKKEEPING]

    @admin.display(description=_("all sections"))
    def sections_link(self, obj):
        url = reverse("admin:documents_section_changelist") + f"?document__id__exact={obj.pk}"
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _("Open the outline (%(count)s sections)") % {"count": obj.sections.count()},
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    @admin.action(description=_("Re-ingest from the stored source file"), permissions=["change"])
    def reingest(self, request, queryset):
        sources = {document.source_id: document for document in queryset}
        for document in sources.values():
            try:
                outcome = curation.reingest_document(document)
            except curation.CurationError as error:
                self.message_user(request, f"{document}: {error}", level=messages.ERROR)
                continue
            conflicts = len(outcome.stats.conflicts) if outcome.stats else 0
            self.message_user(
                request,
                _(
                    "%(source)s re-ingested: %(status)s, %(conflicts)d curated fields changed in the source."
                )
                % {
                    "source": document.source.name,
                    "status": outcome.status,
                    "conflicts": conflicts,
                },
            )


@admin.register(Section)
class SectionAdmin(CuratedAdmin):
    list_display = [
        "__str__",
        "document",
        "level",
        "kap",
        "post",
        "hidden",
        "reviewed",
        "needs_review",
        "public_link",
    ]
    list_filter = [ReviewFilter, "document__kind", "level", "hidden", "tags", "document"]
    search_fields = ["title", "number", "text"]
    list_select_related = ["document"]
    readonly_fields = ["document", "parent", "position", "level", "number", "kap", "post"]
    fields = curation_layout(Section.CURATED_FIELDS, readonly_fields)
    inlines = [MeasureInline]
    export = staticmethod(exports.section_export)


class MeasureForm(forms.ModelForm):
    def clean_section(self):
        section = self.cleaned_data["section"]
        if section is not None and section.document_id != self.instance.document_id:
            raise forms.ValidationError(_("Choose a section of the measure's own document."))
        return section


@admin.register(Measure)
class MeasureAdmin(MergeMixin, CuratedAdmin):
    form = MeasureForm
    list_display = [
        "__str__",
        "document",
        "kind",
        "status",
        "amount_nok",
        "year",
        "hidden",
        "reviewed",
        "needs_review",
        "public_link",
    ]
    list_filter = [ReviewFilter, "kind", "status", "year", "kap", "hidden", "tags", "document"]
    search_fields = ["title", "text", "number"]
    list_select_related = ["document"]
    readonly_fields = [
        "document",
        "parent",
        "position",
        "kind",
        "description",
        "comment",
        "target",
        "year",
        "duplicate_of",
    ]
    fields = curation_layout(Measure.CURATED_FIELDS, readonly_fields)
    raw_id_fields = ["section"]  # a document has hundreds of sections: an id, checked below
    export = staticmethod(exports.measure_export)
    actions = [*CuratedAdmin.actions, "merge_duplicates"]


@admin.register(Decision)
class DecisionAdmin(MergeMixin, CuratedAdmin):
    list_display = [
        "__str__",
        "document",
        "kind",
        "session",
        "date",
        "status",
        "reporting_closed",
        "kap",
        "hidden",
        "needs_review",
        "public_link",
    ]
    list_filter = [
        ReviewFilter,
        "kind",
        "status",
        "session",
        "reporting_closed",
        "kap",
        "hidden",
        "tags",
        "document",
    ]
    search_fields = ["title", "text", "number", "follow_up"]
    list_select_related = ["document"]
    date_hierarchy = "date"
    readonly_fields = [
        "document",
        "section",
        "measure",
        "position",
        "kind",
        "session",
        "number",
        "date_text",
        "origin",
        "reporting_closed",
        "actor",
        "reference",
        "kap",
        "post",
        "amount_nok",
        "items",
        "duplicate_of",
        "repeals",
    ]
    fields = curation_layout(Decision.CURATED_FIELDS, readonly_fields)
    inlines = [DecisionOccurrenceInline]
    export = staticmethod(exports.decision_export)
    actions = [*CuratedAdmin.actions, "merge_duplicates"]


@admin.register(BudgetLine)
class BudgetLineAdmin(CuratedAdmin):
    list_display = [
        "__str__",
        "document",
        "kap",
        "post",
        "saldert_nok",
        "forslag_nok",
        "tildeling_nok",
        "regnskap_nok",
        "hidden",
        "needs_review",
        "public_link",
    ]
    list_filter = [ReviewFilter, "direction", "hidden", "document", "kap"]
    search_fields = ["kap_title", "post_title", "=kap"]
    list_select_related = ["document"]
    readonly_fields = [
        "document",
        "section",
        "position",
        "kap",
        "post",
        "note",
        "direction",
        "regnskap_nok",
        "saldert_nok",
        "forslag_nok",
        "endring_pct",
        "vedtak_nok",
        "tildeling_nok",
        "avvik_nok",
        "vedtak_line",
    ]
    fields = [
        "kap_title",
        "post_title",
        "hidden",
        "reviewed",
        "needs_review",
        "curator_note",
        *readonly_fields,
        *SOURCE_FIELDS,
        *BOOKKEEPING,
    ]
    export = staticmethod(exports.budget_export)


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "usage"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description=_("rows tagged"))
    def usage(self, obj):
        return (
            obj.documents.count()
            + obj.sections.count()
            + obj.measures.count()
            + obj.decisions.count()
        )


@admin.register(Synonym)
class SynonymAdmin(SimpleHistoryAdmin):
    list_display = ["term", "synonyms", "two_way", "note"]
    search_fields = ["term", "synonyms"]
    list_filter = ["two_way"]


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "sha256", "parser_version", "page_count", "last_imported"]
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

    def has_add_permission(self, request):
        return False
