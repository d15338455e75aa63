"""Which rows a list shows: one FilterSet per list, shared by its page, CSV and JSON.

Unknown values of a vocabulary filter (``kind=foo``, an unknown ``document`` slug) give
an empty list; a value of the wrong type (``year=abc``, ``reporting_closed=maybe``) makes
the FilterSet invalid, and the view answers 400 with the form's message.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import BudgetLine, Decision, Document, Measure, Section
from .params import whole_number


def text_filter(*fields: str):
    """A ``q`` filter: every word must occur in one of ``fields`` (case-insensitive)."""

    def filter_text(queryset, name, value):
        for word in value.split()[:20]:
            condition = Q()
            for field in fields:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset

    return django_filters.CharFilter(method=filter_text, label=_("Text"))


class SessionField(forms.CharField):
    """A Storting session: 2023–2024 with an en dash; a hyphen is accepted too."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        value = value.replace("-", "–").replace("—", "–").strip()
        first, _sep, second = value.partition("–")
        years = (whole_number(first), whole_number(second))
        if len(first) != 4 or len(second) != 4 or None in years:
            raise forms.ValidationError(_("Write a session as two years, e.g. 2023–2024."))
        return value


class SessionFilter(django_filters.CharFilter):
    field_class = SessionField


class WholeNumberField(forms.CharField):
    """A whole number in ASCII digits: ``2024``, never ``²⁰²⁴``, ``٢٠٢٤`` or ``2024.5``."""

    def clean(self, value):
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        number = whole_number(value)
        if number is None:
            raise forms.ValidationError(_("Write a whole number, e.g. 2024."))
        return number


class WholeNumberFilter(django_filters.Filter):
    field_class = WholeNumberField


class BooleanWordField(forms.CharField):
    """``true`` / ``false`` (also ja/nei, 1/0); anything else is a clear error."""

    TRUE, FALSE = {"true", "ja", "1", "yes"}, {"false", "nei", "0", "no"}

    def clean(self, value):
        value = (super().clean(value) or "").strip().lower()
        if not value:
            return None
        if value in self.TRUE:
            return True
        if value in self.FALSE:
            return False
        raise forms.ValidationError(_("Use true or false."))


class BooleanWordFilter(django_filters.Filter):
    field_class = BooleanWordField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting with the primary key as the last key, so a page and its export agree on ties."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "pk") if value else qs


def ordering(*names: str, **fields: str):
    """A ``sort`` parameter over the given columns (their CSV names); "-" descends.

    ``fields`` names a column whose model field differs: ``document="document__title"``.
    """
    pairs = [(name, name) for name in names] + [(field, name) for name, field in fields.items()]
    return StableOrderingFilter(fields=pairs, label=_("Sort"))


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind", label=_("Kind"))
    year = WholeNumberFilter(field_name="year", label=_("Year"))
    q = text_filter("title", "reference", "summary")
    sort = ordering(
        "published",
        "title",
        "year",
        "kind",
        sections="section_count",
        measures="measure_count",
        decisions="decision_count",
        budget_lines="budget_line_count",
    )

    tag = django_filters.CharFilter(field_name="tags__slug", label=_("Tag"))

    class Meta:
        model = Document
        fields = ["kind", "year"]


class SectionFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label=_("Document"))
    level = WholeNumberFilter(field_name="level", label=_("Level"))
    q = text_filter("title", "text")
    sort = ordering("title", "level", "start_line", document="document__title")

    tag = django_filters.CharFilter(field_name="tags__slug", label=_("Tag"))

    class Meta:
        model = Section
        fields = ["document", "level"]


class MeasureFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label=_("Document"))
    kind = django_filters.CharFilter(field_name="kind", label=_("Kind"))
    status = django_filters.CharFilter(field_name="status", label=_("Status"))
    kap = WholeNumberFilter(field_name="kap", label=_("Kap."))
    year = WholeNumberFilter(field_name="year", label=_("Year"))
    q = text_filter("title", "text", "description", "comment")
    sort = ordering(
        "amount_nok",
        "kap",
        "title",
        "year",
        "kind",
        "status",
        section="section__title",
        document="document__title",
    )

    tag = django_filters.CharFilter(field_name="tags__slug", label=_("Tag"))

    class Meta:
        model = Measure
        fields = ["document", "kind", "status", "kap", "year"]


class DecisionFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label=_("Document"))
    kind = django_filters.CharFilter(field_name="kind", label=_("Kind"))
    session = SessionFilter(field_name="session", label=_("Session"))
    number = django_filters.CharFilter(field_name="number", label=_("Number"))
    reporting_closed = BooleanWordFilter(field_name="reporting_closed", label=_("Reporting closed"))
    kap = WholeNumberFilter(field_name="kap", label=_("Kap."))
    q = text_filter("title", "text", "follow_up", "number")
    sort = ordering("date", "session", "kap", "title", "kind", document="document__title")

    tag = django_filters.CharFilter(field_name="tags__slug", label=_("Tag"))

    class Meta:
        model = Decision
        fields = ["document", "kind", "session", "reporting_closed", "kap"]


class BudgetLineFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label=_("Document"))
    kap = WholeNumberFilter(field_name="kap", label=_("Kap."))
    post = WholeNumberFilter(field_name="post", label=_("Post"))
    q = text_filter("kap_title", "post_title")
    sort = ordering(
        "kap",
        "post",
        "forslag_nok",
        "saldert_nok",
        "endring_pct",
        "regnskap_nok",
        "tildeling_nok",
        title="post_title",
        document="document__title",
    )

    class Meta:
        model = BudgetLine
        fields = ["document", "kap", "post"]
