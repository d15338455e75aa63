"""Which rows a list shows: one FilterSet per list, shared by its page, CSV and JSON.

Unknown values of a vocabulary filter (``kind=foo``, an unknown ``document`` slug) give
an empty list; a value of the wrong type (``year=abc``) makes the FilterSet invalid, and
the view answers 400 with the form's message.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Document, Section


class DocumentFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter(field_name="kind", label=_("Kind"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))

    class Meta:
        model = Document
        fields = ["kind", "year", "q"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(reference__icontains=value) | Q(summary__icontains=value)
        )


class SectionFilter(django_filters.FilterSet):
    document = django_filters.CharFilter(field_name="document__slug", label=_("Document"))
    level = django_filters.NumberFilter(field_name="level", label=_("Level"))
    q = django_filters.CharFilter(method="filter_text", label=_("Text"))

    class Meta:
        model = Section
        fields = ["document", "level", "q"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))
