"""The knowledge base: documents and the rows parsed from them.

Rows arrive only through the ingest (``documents.services.document_import``); curators
correct, hide and review them in the admin. Every parsed row keeps the 1-based line range
of the source text it came from, and for a PDF source its page range.

Curation: each model lists its ``CURATED_FIELDS``. ``edited_fields`` records which of
them a curator changed by hand; ``parsed_values`` holds what the parser last said for
them, so a re-ingest keeps the curator's value and flags the row for review when the
source changed underneath it.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ingest import vocabulary as v

MIN_YEAR, MAX_YEAR = 1900, 2100


class CuratedQuerySet(models.QuerySet):
    def visible(self):
        """Rows the public may see: not hidden by a curator."""
        return self.filter(hidden=False)

    def needs_review(self):
        return self.filter(needs_review=True, reviewed=False)

    def edited_by_hand(self):
        return self.exclude(edited_fields=[])


class Tag(models.Model):
    """A theme curators attach to documents, sections, measures and decisions."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="%(app_label)s_%(class)s_unique_slug"),
            models.UniqueConstraint(fields=["name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self):
        return self.name


class Synonym(models.Model):
    """Words search treats as one: bokmål/nynorsk pairs, renamed bodies, abbreviations."""

    term = models.CharField(_("term"), max_length=120, help_text=_("As users type it, e.g. HOD."))
    synonyms = models.TextField(
        _("synonyms"),
        help_text=_(
            "Comma-separated words or phrases that mean the same, e.g. Helse- og omsorgsdepartementet."
        ),
    )
    two_way = models.BooleanField(
        _("both ways"), default=True, help_text=_("Also expand each synonym to the term.")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("synonym")
        verbose_name_plural = _("synonyms")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["term"], name="%(app_label)s_%(class)s_unique_term")
        ]

    def __str__(self):
        return f"{self.term} = {self.synonyms}"

    def synonym_list(self) -> list[str]:
        return [word.strip() for word in self.synonyms.split(",") if word.strip()]


class Curated(models.Model):
    """Fields every curated row has."""

    CURATED_FIELDS: tuple[str, ...] = ()

    hidden = models.BooleanField(
        _("hidden"),
        default=False,
        help_text=_("Hidden rows are left out of pages, exports and search."),
    )
    reviewed = models.BooleanField(_("reviewed"), default=False)
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_(
            "Set by the ingest when the parser was unsure or the source changed under a curator's edit."
        ),
    )
    review_reason = models.TextField(_("why review"), blank=True)
    curator_note = models.TextField(_("curator's note"), blank=True)
    edited_fields = models.JSONField(
        _("edited by hand"),
        default=list,
        blank=True,
        help_text=_("Fields a curator changed; a re-ingest leaves them alone."),
    )
    parsed_values = models.JSONField(
        _("parsed values"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_("What the parser last read for the curated fields."),
    )

    objects = CuratedQuerySet.as_manager()
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class SourceRange(models.Model):
    """Where in the source a row was read: lines of the text, pages of a PDF."""

    start_line = models.PositiveIntegerField(_("first source line"), editable=False)
    end_line = models.PositiveIntegerField(_("last source line"), editable=False)
    page_start = models.PositiveIntegerField(_("first page"), null=True, blank=True, editable=False)
    page_end = models.PositiveIntegerField(_("last page"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def line_range(self) -> str:
        if self.start_line == self.end_line:
            return str(self.start_line)
        return f"{self.start_line}–{self.end_line}"


def _lines_in_order(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(
            condition=Q(end_line__gte=F("start_line")) & Q(start_line__gte=1),
            name=f"{prefix}_lines_in_order",
        ),
        models.CheckConstraint(
            condition=Q(page_start__isnull=True) | Q(page_end__gte=F("page_start")),
            name=f"{prefix}_pages_in_order",
        ),
    ]


def _budget_numbers(prefix: str, *, kap_required: bool = False) -> list[models.BaseConstraint]:
    kap = Q(kap__gte=1) & Q(kap__lte=9999)
    return [
        models.CheckConstraint(
            condition=kap if kap_required else Q(kap__isnull=True) | kap, name=f"{prefix}_kap_range"
        ),
        models.CheckConstraint(
            condition=Q(post__isnull=True) | (Q(post__gte=0) & Q(post__lte=99)),
            name=f"{prefix}_post_range",
        ),
    ]


class SourceFile(models.Model):
    """One ingested file: its bytes' hash, the parser that read it, and the stored original."""

    class Format(models.TextChoices):
        TEXT = "text", _("text")
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"

    name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    kind = models.CharField(
        _("document kind"), max_length=30, choices=[(k, k) for k in v.DOCUMENT_KINDS]
    )
    parser_version = models.CharField(_("parser version"), max_length=40)
    format = models.CharField(
        _("format"), max_length=10, choices=Format, default=Format.TEXT, editable=False
    )
    original = models.FileField(_("original file"), upload_to="sources/", blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # What the file was ingested with besides its bytes, so a re-ingest or a newer file
    # for the same source reads it the same way and updates the same documents.
    forced_kind = models.CharField(
        _("forced kind"),
        max_length=30,
        blank=True,
        choices=[(k, k) for k in v.DOCUMENT_KINDS],
        help_text=_("The kind given at ingest; empty when it was recognised from the content."),
    )
    manifest = models.JSONField(
        _("manifest entry"),
        default=dict,
        blank=True,
        help_text=_("The manifest's metadata for the file when it was first ingested."),
    )
    overrides = models.JSONField(
        _("metadata overrides"),
        default=dict,
        blank=True,
        help_text=_(
            "Title, reference, publisher and date given at ingest; they beat the parser's."
        ),
    )
    extracted_text = models.TextField(
        _("extracted text"),
        blank=True,
        help_text=_("For a PDF or DOCX: the text its rows' line numbers refer to."),
    )
    first_imported = models.DateTimeField(_("first imported"))
    last_imported = models.DateTimeField(_("last imported"))

    class Meta:
        verbose_name = _("source file")
        verbose_name_plural = _("source files")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="%(app_label)s_%(class)s_unique_name")
        ]

    def __str__(self):
        return self.name

    @property
    def is_pdf(self) -> bool:
        return self.format == self.Format.PDF

    @property
    def has_extracted_text(self) -> bool:
        """Whether the rows' line numbers count a text read out of the file (PDF, DOCX)
        rather than the file itself."""
        return self.format != self.Format.TEXT


class Document(Curated):
    class Kind(models.TextChoices):
        NEWS = v.NEWS, _("news item")
        ANNUAL_REPORT = v.ANNUAL_REPORT, _("annual report")
        BUDGET_PROPOSITION = v.BUDGET_PROPOSITION, _("budget proposition")
        WHITE_PAPER = v.WHITE_PAPER, _("white paper")
        OTHER = v.OTHER, _("other document")

    class Language(models.TextChoices):
        BOKMAL = "nb", _("Norwegian Bokmål")
        NYNORSK = "nn", _("Norwegian Nynorsk")
        ENGLISH = "en", _("English")

    CURATED_FIELDS = ("title", "reference", "publisher", "published", "summary")

    slug = models.SlugField(_("slug"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    title = models.CharField(_("title"), max_length=500)
    reference = models.CharField(
        _("reference"),
        max_length=100,
        blank=True,
        help_text=_("Official reference, e.g. Prop. 1 S (2024–2025)."),
    )
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)],
        help_text=_("The year the document is about: the reporting or budget year."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.BOKMAL
    )
    summary = models.TextField(_("summary"), blank=True)
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="%(class)ss", verbose_name=_("tags")
    )

    source = models.ForeignKey(
        SourceFile, models.PROTECT, related_name="documents", verbose_name=_("source file")
    )
    source_file = models.CharField(_("source file"), max_length=255, editable=False)
    source_sha256 = models.CharField(_("source SHA-256"), max_length=64, editable=False)
    source_start_line = models.PositiveIntegerField(
        _("first source line"), default=1, editable=False
    )
    source_end_line = models.PositiveIntegerField(_("last source line"), default=1, editable=False)
    parser_version = models.CharField(
        _("parser version"), max_length=40, blank=True, editable=False
    )
    first_imported = models.DateTimeField(_("first imported"), null=True, editable=False)
    last_imported = models.DateTimeField(_("last imported"), null=True, editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published", "title"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="%(app_label)s_%(class)s_unique_slug"),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | (Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR)),
                name="%(app_label)s_%(class)s_year_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=v.DOCUMENT_KINDS), name="%(app_label)s_%(class)s_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "year"], name="documents_doc_kind_year"),
            models.Index(fields=["published"], name="documents_doc_published"),
        ]

    def __str__(self):
        return self.reference or self.title

    def get_absolute_url(self):
        return reverse("documents:document-detail", kwargs={"slug": self.slug})


class Section(Curated, SourceRange):
    CURATED_FIELDS = ("title", "text")

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="sections", verbose_name=_("document")
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent section"),
    )
    key = models.CharField(
        _("natural key"), max_length=300, editable=False, help_text=_("Stable across re-ingests.")
    )
    position = models.PositiveIntegerField(_("position in document"), editable=False)
    level = models.PositiveSmallIntegerField(
        _("level"), help_text=_("1 is the document's top level.")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    # Some headings are whole sentences (the SDG targets of Prop. 1 S run to 530 characters).
    title = models.CharField(_("title"), max_length=1000)
    text = models.TextField(
        _("text"), blank=True, help_text=_("The section's own text, without subsections.")
    )
    kap = models.PositiveIntegerField(_("budget chapter (kap)"), null=True, blank=True)
    post = models.PositiveIntegerField(_("budget post"), null=True, blank=True)
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="%(class)ss", verbose_name=_("tags")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"], name="%(app_label)s_%(class)s_natural_key"
            ),
            models.UniqueConstraint(
                fields=["document", "position"], name="%(app_label)s_%(class)s_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=12),
                name="%(app_label)s_%(class)s_level_range",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")), name="%(app_label)s_%(class)s_not_own_parent"
            ),
            *_lines_in_order("%(app_label)s_%(class)s"),
            *_budget_numbers("%(app_label)s_%(class)s"),
        ]
        indexes = [models.Index(fields=["document", "level"], name="documents_section_doc_level")]

    def __str__(self):
        return f"{self.number} {self.title}".strip()

    def get_absolute_url(self):
        return reverse("documents:section-detail", kwargs={"pk": self.pk})


class Measure(Curated, SourceRange):
    class Kind(models.TextChoices):
        REGJERINGEN_VIL = v.REGJERINGEN_VIL, _("the government will")
        OPPDRAG = v.OPPDRAG, _("assignment")
        LANGSIKTIG_MAL = v.LANGSIKTIG_MAL, _("long-term goal")
        STYRINGSPARAMETER = v.STYRINGSPARAMETER, _("steering parameter")
        NOKKELTALL = v.NOKKELTALL, _("key figure")
        VURDERINGSKRITERIUM = v.VURDERINGSKRITERIUM, _("assessment criterion")
        AKTIVITET = v.AKTIVITET, _("activity")
        BUDSJETTPRIORITERING = v.BUDSJETTPRIORITERING, _("budget priority")
        BUDSJETTILTAK = v.BUDSJETTILTAK, _("budget measure")

    class Status(models.TextChoices):
        I_RUTE = v.I_RUTE, _("on track")
        FERDIG = v.FERDIG, _("completed")
        FORSINKET = v.FORSINKET, _("delayed")
        IKKE_STARTET = v.IKKE_STARTET, _("not started")

    # kap/post and section too: a budget measure the parser left without a chapter, or put
    # in the wrong box, is corrected by hand (the import writes section_id, so that name).
    CURATED_FIELDS = (
        "title",
        "text",
        "number",
        "status",
        "amount_nok",
        "kap",
        "post",
        "to_kap",
        "to_post",
        "section_id",
    )

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="measures", verbose_name=_("document")
    )
    section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("section"),
    )
    parent = models.ForeignKey(
        "self",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("parent measure"),
    )
    key = models.CharField(_("natural key"), max_length=300, editable=False)
    position = models.PositiveIntegerField(_("position in document"), editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.TextField(_("title"))
    text = models.TextField(_("text"), blank=True)
    description = models.TextField(_("description"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    target = models.TextField(_("target"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True)
    amount_nok = models.BigIntegerField(_("amount (NOK)"), null=True, blank=True)
    kap = models.PositiveIntegerField(_("kap"), null=True, blank=True)
    post = models.PositiveIntegerField(_("post"), null=True, blank=True)
    to_kap = models.PositiveIntegerField(_("to kap"), null=True, blank=True)
    to_post = models.PositiveIntegerField(_("to post"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
        help_text=_("Set when a curator merged this measure into another."),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="%(class)ss", verbose_name=_("tags")
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"], name="%(app_label)s_%(class)s_natural_key"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=v.MEASURE_KINDS), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=v.OPPDRAG_STATUSES),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(year__isnull=True) | (Q(year__gte=MIN_YEAR) & Q(year__lte=MAX_YEAR)),
                name="%(app_label)s_%(class)s_year_range",
            ),
            *_lines_in_order("%(app_label)s_%(class)s"),
            *_budget_numbers("%(app_label)s_%(class)s"),
        ]
        indexes = [
            models.Index(fields=["kind", "status"], name="documents_measure_kind_status"),
            models.Index(fields=["kap", "post"], name="documents_measure_kap_post"),
            models.Index(fields=["year"], name="documents_measure_year"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.title).chars(80)}"

    def get_absolute_url(self):
        return reverse("documents:measure-detail", kwargs={"pk": self.pk})


class Decision(Curated, SourceRange):
    class Kind(models.TextChoices):
        ANMODNINGSVEDTAK = v.ANMODNINGSVEDTAK, _("request decision")
        ROMERTALLSVEDTAK = v.ROMERTALLSVEDTAK, _("numbered decision (roman numeral)")
        FORSKRIFT = v.FORSKRIFT, _("regulation")
        ANNET = v.ANNET, _("other decision")

    class Status(models.TextChoices):
        FULGT_OPP = v.FULGT_OPP, _("followed up")
        UNDER_OPPFOLGING = v.UNDER_OPPFOLGING, _("being followed up")
        FORESLATT_OPPHEVET = v.FORESLATT_OPPHEVET, _("proposed repealed")

    CURATED_FIELDS = ("title", "text", "status", "follow_up", "date")

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="decisions", verbose_name=_("document")
    )
    section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("section"),
    )
    measure = models.ForeignKey(
        Measure,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("measure"),
        help_text=_("The assignment whose text holds the decision."),
    )
    key = models.CharField(_("natural key"), max_length=300, editable=False)
    position = models.PositiveIntegerField(_("position in document"), editable=False)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    session = models.CharField(
        _("Storting session"), max_length=9, blank=True, help_text=_("e.g. 2023–2024")
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    date_text = models.CharField(_("date as printed"), max_length=60, blank=True)
    title = models.TextField(_("title"))
    text = models.TextField(_("text"), blank=True)
    origin = models.TextField(_("origin"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, blank=True)
    reporting_closed = models.BooleanField(_("reporting closed"), null=True, blank=True)
    actor = models.CharField(_("actor"), max_length=100, blank=True)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    kap = models.PositiveIntegerField(_("kap"), null=True, blank=True)
    post = models.PositiveIntegerField(_("post"), null=True, blank=True)
    amount_nok = models.BigIntegerField(_("amount (NOK)"), null=True, blank=True)
    items = models.JSONField(_("items"), default=list, blank=True)
    repeals = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="repealed_by", verbose_name=_("repeals")
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="%(class)ss", verbose_name=_("tags")
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "key"], name="%(app_label)s_%(class)s_natural_key"
            ),
            models.UniqueConstraint(
                fields=["document", "session", "number"],
                condition=Q(kind=v.ANMODNINGSVEDTAK) & ~Q(session=""),
                name="%(app_label)s_%(class)s_unique_request_decision",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=v.DECISION_KINDS), name="%(app_label)s_%(class)s_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="") | Q(status__in=v.DECISION_STATUSES),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(session="") | Q(session__regex=r"^[0-9]{4}–[0-9]{4}$"),
                name="%(app_label)s_%(class)s_session_format",
            ),
            *_lines_in_order("%(app_label)s_%(class)s"),
            *_budget_numbers("%(app_label)s_%(class)s"),
        ]
        indexes = [
            models.Index(fields=["kind", "session"], name="documents_decision_kind_sess"),
            models.Index(fields=["kap", "post"], name="documents_decision_kap_post"),
        ]

    def __str__(self):
        title = Truncator(self.title).chars(90)
        if self.kind == self.Kind.ANMODNINGSVEDTAK and self.number:
            prefix = f"Vedtak nr. {self.number}" + (f" ({self.session})" if self.session else "")
            return f"{prefix}: {title}"
        if self.kind == self.Kind.ROMERTALLSVEDTAK:
            return f"{self.number}: {title}"
        return title

    def get_absolute_url(self):
        return reverse("documents:decision-detail", kwargs={"pk": self.pk})


class DecisionOccurrence(SourceRange):
    """Another place where a decision is printed, e.g. its repeat in Del II of Prop. 1 S."""

    decision = models.ForeignKey(
        Decision, models.CASCADE, related_name="occurrences", verbose_name=_("decision")
    )
    section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="decision_occurrences",
        verbose_name=_("section"),
    )
    kap = models.PositiveIntegerField(_("kap"), null=True, blank=True)
    post = models.PositiveIntegerField(_("post"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision occurrence")
        verbose_name_plural = _("decision occurrences")
        ordering = ["decision", "start_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "start_line"], name="%(app_label)s_%(class)s_natural_key"
            ),
            *_lines_in_order("%(app_label)s_%(class)s"),
            *_budget_numbers("%(app_label)s_%(class)s"),
        ]

    def __str__(self):
        return f"{self.decision} @ {self.line_range}"


class BudgetLine(Curated, SourceRange):
    class Direction(models.TextChoices):
        UTGIFT = v.UTGIFT, _("expense")
        INNTEKT = v.INNTEKT, _("income")

    CURATED_FIELDS = ("kap_title", "post_title")

    document = models.ForeignKey(
        Document, models.CASCADE, related_name="budget_lines", verbose_name=_("document")
    )
    section = models.ForeignKey(
        Section,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("section"),
    )
    position = models.PositiveIntegerField(_("position in document"), editable=False)
    kap = models.PositiveIntegerField(_("kap"))
    kap_title = models.CharField(_("chapter title"), max_length=500, blank=True)
    post = models.PositiveIntegerField(_("post"))
    post_title = models.CharField(
        _("post title"),
        max_length=500,
        blank=True,
        help_text=_("As printed, with flags such as “kan overføres”."),
    )
    note = models.CharField(_("note"), max_length=20, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction, default=Direction.UTGIFT
    )
    regnskap_nok = models.BigIntegerField(_("accounts (NOK)"), null=True, blank=True)
    saldert_nok = models.BigIntegerField(_("balanced budget (NOK)"), null=True, blank=True)
    forslag_nok = models.BigIntegerField(_("proposal (NOK)"), null=True, blank=True)
    endring_pct = models.DecimalField(
        _("change (%)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    vedtak_nok = models.BigIntegerField(_("appropriation decision (NOK)"), null=True, blank=True)
    tildeling_nok = models.BigIntegerField(_("allocation (NOK)"), null=True, blank=True)
    avvik_nok = models.BigIntegerField(_("deviation (NOK)"), null=True, blank=True)
    vedtak_line = models.PositiveIntegerField(
        _("appropriation line"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["document", "kap", "post"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "kap", "post"], name="%(app_label)s_%(class)s_natural_key"
            ),
            *_lines_in_order("%(app_label)s_%(class)s"),
            *_budget_numbers("%(app_label)s_%(class)s", kap_required=True),
        ]
        indexes = [models.Index(fields=["kap", "post"], name="documents_budget_kap_post")]

    def __str__(self):
        return f"Kap. {self.kap} post {self.post:02d} {self.post_title}".strip()

    def get_absolute_url(self):
        return reverse("documents:budgetline-detail", kwargs={"pk": self.pk})


# Search's own tables (the PostgreSQL engine's index, the vocabulary) live with the search package.
from .search.models import (  # noqa: E402, F401
    IndexEntry,
    Vocabulary,
    VocabularyRecount,
    VocabularyWord,
)
