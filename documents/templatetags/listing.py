"""Sortable column headers: the same URL with ``sort`` toggled, and the column's aria-sort."""

from django import template

from documents import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def sort_url(context, column: str) -> str:
    """This list's URL sorted by ``column``, descending if it is already ascending."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["sort"] = f"-{column}" if query.get("sort") == column else column
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def sort_state(context, column: str) -> str:
    current = context["request"].GET.get("sort", "")
    if current == column:
        return "ascending"
    if current == f"-{column}":
        return "descending"
    return "none"


@register.simple_tag
def document_choices() -> list[tuple[str, str]]:
    """The documents a list's ``document`` filter offers, by title."""
    return selectors.document_choices()
