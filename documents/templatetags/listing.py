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


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query with ``changes`` made (an empty value removes the parameter) and
    back on page 1."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value in ("", None):
            query.pop(name, None)
        else:
            query[name] = value
    return "?" + query.urlencode()


@register.simple_tag
def page_numbers(page) -> list:
    """The page numbers to offer: the first and last, and two on each side of this one;
    ``Paginator.ELLIPSIS`` where some are left out."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
