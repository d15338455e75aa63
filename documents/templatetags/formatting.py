"""Numbers as Norwegians write them: 1 234 567 kr, 12 345,6 mill. kr, −3,2 %."""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def mill(value) -> str:
    """Kroner shown in millions with one decimal."""
    if value is None or value == "":
        return ""
    millions = (Decimal(value) / 1_000_000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return number_format(millions, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def kroner(value) -> str:
    if value is None or value == "":
        return ""
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)
