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


class VocabularyWord(models.Model):
    """A word of a document as search analyses it, and how often it counts for the lexicon.

    One row per (document, word) over the document's searchable rows, rewritten by every
    index write of the document (``documents.search.vocabulary``). ``count`` is how often
    the word stands whole in the text (``analysis.lexicon_words``), the lexicon's evidence;
    a word analysed but never whole (cut by a hyphen) has 0. ``document_id`` is no foreign
    key: the index write drops a deleted document's words itself, so it sees them go.
    """

    document_id = models.BigIntegerField(_("document id"))
    word = models.CharField(_("word"), max_length=100, db_index=True)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary words")
        constraints = [
            models.UniqueConstraint(
                fields=["document_id", "word"], name="%(app_label)s_%(class)s_one_per_document"
            ),
        ]

    def __str__(self):
        return f"{self.word} ({self.count} in document {self.document_id})"


class VocabularyVersion(models.Model):
    """One row: the key of the lexicon the index is analysed with (see ``vocabulary``).

    Searches read it to know whether their cached lexicon is current; index writes lock
    it, so two writers never change the vocabulary at once.
    """

    key = models.CharField(_("lexicon key"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("search vocabulary version")
        verbose_name_plural = _("search vocabulary versions")

    def __str__(self):
        return self.key or "shipped lexicon"
