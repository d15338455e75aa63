"""Text cut to a length for a page: the project's built-in filters (settings.TEMPLATES)."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.translation import get_language

register = template.Library()


@register.filter(is_safe=True)
def shorten(value, length: int) -> str:
    """``truncatechars`` that returns a text that fits at once, and remembers its cuts.

    Django's filter counts every character of the text, whether it fits or not; a search
    page cuts some seventy titles and labels, nearly all of which fit, and the titles that
    do not (a long document title over each of its hits) repeat.
    """
    # A plain str, never a SafeString: a remembered cut must not carry one caller's
    # "safe" mark to another (the template engine marks the result as the input was).
    text = str.__str__(str(value))
    if len(text) <= int(length):
        return text
    return _cut(text, int(length), get_language())  # the ellipsis is translated


@lru_cache(maxsize=4096)
def _cut(text: str, length: int, language: str) -> str:
    return truncatechars(text, length)
