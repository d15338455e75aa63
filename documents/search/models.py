"""The PostgreSQL engine's index: one row per searchable row, in the database it describes.

Written in the same transaction as the rows themselves (documents/indexing.py), so search
never disagrees with the data and every app server sees the same index. The table exists
on SQLite too (the model belongs to the app), but only the PostgreSQL engine fills it, and
its GIN index is created on PostgreSQL only (migration 0008).
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexEntry(models.Model):
    """A section, measure, decision, budget line or news item as search sees it.

    ``vector`` holds the project's Norwegian analysis as lexemes (configuration
    ``simple``: nothing is analysed again inside PostgreSQL), weighted A title, B
    headings, C body, D compound parts. The other fields filter, count facets and build
    the hits of the page shown without reading the rows themselves.
    """

    type = models.CharField(_("type"), max_length=20)  # section, measure, ..., news
    object_id = models.BigIntegerField(_("row id"))
    document = models.CharField(_("document slug"), max_length=120)
    kind = models.CharField(_("document kind"), max_length=30)
    year = models.SmallIntegerField(_("year"), null=True)
    date = models.DateField(_("document date"), null=True)
    tags = models.JSONField(_("tag slugs"), default=list)
    title = models.TextField(_("title"))
    document_title = models.TextField(_("document title"))
    section_title = models.TextField(_("section title"), blank=True)
    url = models.CharField(_("URL"), max_length=300)
    body = models.TextField(_("searchable text"))  # what snippets are cut from
    fingerprint = models.CharField(_("repeat fingerprint"), max_length=16, blank=True)
    kap = models.IntegerField(null=True)
    post = models.IntegerField(null=True)
    number = models.CharField(max_length=40, blank=True)
    vector = SearchVectorField()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        constraints = [
            models.UniqueConstraint(
                fields=["type", "object_id"], name="%(app_label)s_%(class)s_one_per_row"
            ),
        ]
        indexes = [GinIndex(fields=["vector"], name="documents_indexentry_vector")]

    def __str__(self):
        return f"{self.type} {self.object_id}: {self.title[:80]}"
