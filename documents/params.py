"""Request parameters as the public pages accept them: ASCII digits, no control characters.

``str.isdigit()`` is true for "²" and "٢", and ``int()`` reads "٢٠٢٤" as 2024: a number
in a URL is ASCII digits only, and not so long that a database integer overflows. A
control character (NUL above all, which PostgreSQL refuses in any string) has no business
in a parameter; it is refused before any query is built.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from django.utils.translation import gettext as _

# Nine digits fit every integer column, on SQLite and PostgreSQL alike.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}", re.ASCII)


def whole_number(text: str) -> int | None:
    """The number written in ``text`` (ASCII digits only), else None."""
    return int(text) if _WHOLE_NUMBER.fullmatch(text) else None


def has_control_character(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" for char in text)


def control_character_errors(query: Mapping[str, str]) -> list[str]:
    """A message for each parameter whose name or value holds a control character."""
    lists = query.lists() if hasattr(query, "lists") else ((k, [v]) for k, v in query.items())
    return [
        _("%(name)s: control characters are not allowed.")
        % {"name": name if not has_control_character(name) else "?"}
        for name, values in lists
        if has_control_character(name) or any(has_control_character(v) for v in values)
    ]
