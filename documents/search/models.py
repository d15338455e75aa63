"""Search's own tables: the PostgreSQL engine's index, and the search vocabulary.

The index (``IndexEntry``): one row per searchable row, in the database it describes.
Written in the same transaction as the rows themselves (documents/indexing.py), so search
never disagrees with the data and every app server sees the same index. The table exists
on SQLite too (the model belongs to the app), but only the PostgreSQL engine fills it, and
its GIN index is created on PostgreSQL only (migration 0008).

The vocabulary (``Vocabulary``, ``VocabularyWord``, ``VocabularyRecount``): the words of
what is ingested, which the compound splitter and "did you mean" learn from
(documents/search/vocabulary.py).
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


class Vocabulary(models.Model):
    """One row: the lexicon the search index is analysed with (``documents.search.vocabulary``).

    ``words`` are the words the database adds to the shipped lexicon, with their counts,
    as last published; ``key`` is their digest ("" for none). The words are kept here, not
    derived from ``VocabularyWord`` on each read, so every process analyses with exactly
    the lexicon the index was written with, whatever has been counted since. Publishing
    locks this row, so two writers never change the lexicon at once.
    """

    key = models.CharField(_("lexicon key"), max_length=64, blank=True)
    words = models.JSONField(_("added words"), default=dict)

    class Meta:
        verbose_name = _("search vocabulary")
        verbose_name_plural = _("search vocabularies")

    def __str__(self):
        return self.key or "shipped lexicon"


class VocabularyWord(models.Model):
    """A word of a document's searchable rows and how often it stands whole there.

    ``count`` is the lexicon's evidence (``analysis.lexicon_words``); 0 marks a word that
    is analysed but never whole (cut by a hyphen, or a coordination's possible expansion),
    kept so that a lexicon change can find the documents it may analyse otherwise.
    """

    # No database constraint: an import's insert would wait on a document row another
    # transaction holds. Django still deletes a deleted document's words (CASCADE).
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the unique constraint below begins with it
        db_constraint=False,
    )
    word = models.CharField(_("word"), max_length=100, db_index=True)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("search vocabulary word")
        verbose_name_plural = _("search vocabulary words")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "word"], name="%(app_label)s_%(class)s_one_per_document"
            ),
        ]

    def __str__(self):
        return f"{self.word} ({self.count} in document {self.document_id})"


class VocabularyRecount(models.Model):
    """A document a curator changed since its words were counted: counted again by its
    next import or ``check_index --repair`` (an admin save only leaves this mark, so it
    stays as fast as before). Not unique and no database constraint, so a save's mark
    never waits on an import's lock."""

    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="+", db_constraint=False
    )

    class Meta:
        verbose_name = _("search vocabulary recount")
        verbose_name_plural = _("search vocabulary recounts")

    def __str__(self):
        return f"document {self.document_id}"
