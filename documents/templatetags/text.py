"""Text cut to a length for a page: the project's built-in filters (settings.TEMPLATES)."""

from django import template
from django.template.defaultfilters import truncatechars

register = template.Library()


@register.filter(is_safe=True)
def shorten(value, length: int) -> str:
    """``truncatechars`` that returns a text that fits at once.

    Django's filter counts every character of the text, whether it fits or not; a search
    page cuts some seventy titles and labels, nearly all of which fit.
    """
    text = str(value)
    return text if len(text) <= int(length) else truncatechars(text, length)
