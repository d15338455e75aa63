"""WordprocessingML names and small attribute readers shared by the DOCX reader's modules."""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The Clark name of a ``w:`` element or attribute ("w:p" -> "{…main}p")."""
    return f"{{{W_NS}}}{tag}"


def mc(tag: str) -> str:
    return f"{{{MC_NS}}}{tag}"


def val(element, tag: str) -> str | None:
    """The ``w:val`` of the child ``w:<tag>`` of ``element``; None when either is missing."""
    if element is None:
        return None
    child = element.find(w(tag))
    return None if child is None else child.get(w("val"))


def int_or_none(text: str | None) -> int | None:
    """An integer attribute, or None where it is missing or malformed (a damaged file)."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def is_on(element) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:pageBreakBefore w:val="0"/>``) that is set."""
    return element is not None and element.get(w("val"), "true") not in ("0", "false", "off")
