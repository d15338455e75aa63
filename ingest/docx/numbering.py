"""List and heading numbers as Word would print them, from ``numbering.xml`` (best effort).

A paragraph's numbering is a ``(numId, ilvl)`` pair; ``numId`` names a ``w:num``, which
points at an abstract definition (possibly through a numbering style: ``numStyleLink`` ->
the style's own ``numId`` -> the abstract holding the levels). Each level has a format
(bullet, decimal, letters, roman, none), a text such as ``"%1.%2"`` or a bullet glyph, a
start value and when it restarts (``lvlRestart``; by default after any level above it).

Counters are kept per abstract definition, so lists sharing one continue each other's
numbers, except that a ``w:num`` carrying a ``startOverride`` counts its levels on its own
(from the override) and prints the levels above as the shared list stands. Not
modelled: ``w:lvlOverride`` level redefinitions, legal numbering (``isLgl``), numbering
restarted by section breaks, and the rarer formats (ordinal, Chinese, …: printed as
decimals).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.docx.ooxml import int_or_none, val, w

BULLET = "bullet"
NONE = "none"
LEVELS = 9
# Symbol and Wingdings glyphs live in the private use area; print what they look like.
_PRIVATE_GLYPHS = {
    "\uf0b7": "•",
    "\uf02d": "–",
    "\uf0a7": "▪",
    "\uf0d8": "➢",
    "\uf076": "❖",
    "\uf0fc": "✓",
    "\uf06e": "■",
    "\uf06c": "●",
    "o": "◦",  # a Courier New "o": Word's default second-level bullet
}
_ROMAN = (
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
)


@dataclass(frozen=True, slots=True)
class Level:
    format: str = "decimal"
    text: str = ""
    start: int = 1
    restart_after: int | None = None  # w:lvlRestart; None = after any level above

    @property
    def is_bullet(self) -> bool:
        return self.format == BULLET


class Numbering:
    """The numbering definitions of one document and the counters of one reading of it."""

    def __init__(self, numbering_element, styles_element) -> None:
        self._abstracts: dict[str, tuple[Level, ...]] = {}
        self._links: dict[str, str] = {}  # numStyleLink style id -> abstract with styleLink
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._style_nums: dict[str, str] = {}  # numbering style id -> its numId
        self._counters: dict[str, list[int | None]] = {}
        if numbering_element is not None:
            self._read_definitions(numbering_element)
        if styles_element is not None:
            for style in styles_element.iterfind(w("style")):
                if style.get(w("type")) == "numbering":
                    numbering = style.find(f"{w('pPr')}/{w('numPr')}")
                    num_id = val(numbering, "numId")
                    if num_id is not None:
                        self._style_nums[style.get(w("styleId"), "")] = num_id

    def _read_definitions(self, element) -> None:
        for abstract in element.iterfind(w("abstractNum")):
            abstract_id = abstract.get(w("abstractNumId"), "")
            levels = [Level()] * LEVELS
            for level in abstract.iterfind(w("lvl")):
                ilvl = int_or_none(level.get(w("ilvl")))
                if ilvl is not None and 0 <= ilvl < LEVELS:
                    levels[ilvl] = _level(level)
            self._abstracts[abstract_id] = tuple(levels)
            link = val(abstract, "styleLink")
            if link:
                self._links[link] = abstract_id
            uses = val(abstract, "numStyleLink")
            if uses:
                self._links.setdefault(f"uses:{abstract_id}", uses)
        for num in element.iterfind(w("num")):
            starts = {}
            for override in num.iterfind(w("lvlOverride")):
                ilvl = int_or_none(override.get(w("ilvl")))
                start = int_or_none(val(override, "startOverride"))
                if ilvl is not None and start is not None:
                    starts[ilvl] = start
            self._nums[num.get(w("numId"), "")] = (val(num, "abstractNumId") or "", starts)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The level definition a paragraph's numbering points at, if any."""
        levels = self._levels(num_id)
        if levels is None or not 0 <= ilvl < LEVELS:
            return None
        return levels[ilvl]

    def _abstract_id(self, num_id: str, depth: int = 0) -> str | None:
        if num_id not in self._nums or depth > 3:
            return None
        abstract_id, _ = self._nums[num_id]
        linked_style = self._links.get(f"uses:{abstract_id}")
        if linked_style is None:
            return abstract_id
        # A style-linked list: the levels live in the abstract that defines the style.
        if linked_style in self._links:
            return self._links[linked_style]
        style_num = self._style_nums.get(linked_style)
        return self._abstract_id(style_num, depth + 1) if style_num else abstract_id

    def _levels(self, num_id: str) -> tuple[Level, ...] | None:
        abstract_id = self._abstract_id(num_id)
        return self._abstracts.get(abstract_id) if abstract_id is not None else None

    def next_label(self, num_id: str, ilvl: int) -> str:
        """Count the paragraph and return its label as printed ("2.1", "a)", "•")."""
        levels = self._levels(num_id)
        if levels is None or not 0 <= ilvl < LEVELS:
            return ""
        level = levels[ilvl]
        if level.format == NONE:
            return level.text
        if level.is_bullet:
            return private_glyph(level.text) or "•"
        _, starts = self._nums[num_id]
        shared = self._counters.setdefault(f"abstract:{self._abstract_id(num_id)}", [None] * LEVELS)
        counters = self._counters.setdefault(f"num:{num_id}", [None] * LEVELS) if starts else shared
        first = starts.get(ilvl, level.start)
        counters[ilvl] = first if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, LEVELS):
            restart_after = levels[deeper].restart_after
            if restart_after is None or (restart_after and ilvl < restart_after):
                counters[deeper] = None
        # A restarted instance ("Tabell" numbers restarted in a copied caption) prints the
        # levels above its own as the list stands: "Tabell 8.1", not "Tabell 1.1".
        printed = [
            own if own is not None else (shared[index] if index < ilvl else None)
            for index, own in enumerate(counters)
        ]
        return _fill(level.text, levels, printed)


def private_glyph(text: str) -> str:
    """A Symbol/Wingdings private-use character as the glyph it prints; other text as is."""
    if len(text) == 1 and "\uf000" <= text <= "\uf0ff":
        return _PRIVATE_GLYPHS.get(text, "•")
    return _PRIVATE_GLYPHS.get(text, text)


def _level(element) -> Level:
    start = int_or_none(val(element, "start"))
    return Level(
        format=val(element, "numFmt") or "decimal",
        text=val(element, "lvlText") or "",
        start=1 if start is None else start,
        restart_after=int_or_none(val(element, "lvlRestart")),
    )


def _fill(template: str, levels: tuple[Level, ...], counters: list[int | None]) -> str:
    """ "%1.%2" with each level's current number in that level's format."""
    text = template
    for ilvl in range(LEVELS - 1, -1, -1):
        placeholder = f"%{ilvl + 1}"
        if placeholder in text:
            value = counters[ilvl] if counters[ilvl] is not None else levels[ilvl].start
            text = text.replace(placeholder, format_number(value, levels[ilvl].format))
    return text


def format_number(value: int, number_format: str) -> str:
    if number_format in ("lowerLetter", "upperLetter"):
        letters = _letters(value)
        return letters.upper() if number_format == "upperLetter" else letters
    if number_format in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if number_format == "upperRoman" else roman
    if number_format == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _letters(value: int) -> str:
    """Word's letters: a..z, then aa..zz, bbb, … (the letter repeated)."""
    if value < 1:
        return str(value)
    letter = chr(ord("a") + (value - 1) % 26)
    return letter * ((value - 1) // 26 + 1)


def _roman(value: int) -> str:
    if value < 1:
        return str(value)
    out = []
    for amount, numeral in _ROMAN:
        while value >= amount:
            out.append(numeral)
            value -= amount
    return "".join(out)
