"""Glyphs -> printed lines, in reading order.

1. Over-printed glyphs ("fake bold": the same character drawn again a hair to the
   side) are dropped, as pdfplumber's ``dedupe_chars`` does: same text within
   ``DUPLICATE_DISTANCE`` of a glyph already kept on the line.
2. Glyphs group into baseline rows; a short row of small glyphs raised beside a line
   (a superscript whose rise is in the text matrix) joins that line.
3. A row splits into runs where a gap is wider than ``SEGMENT_GAP``: the pieces of a
   row that spans two columns, or a table's cells. A gap as wide as a word space beside
   it is no such break: a justified line stretches all its spaces alike.
4. The runs, with the page's tables and figures, are put in reading order by
   ``ingest.pdf.columns`` (column by column within each horizontal band).
5. The runs of one row inside one reading group make one printed line: superscript
   marks (footnote references) leave its text, its segments keep tab stops apart. A
   run in a side margin (outside the x-extent of the page's long runs) is a line of
   its own, so a margin label or page number can be told from the body beside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from operator import attrgetter, itemgetter
from statistics import median

from ingest.pdf.columns import Box, reading_groups
from ingest.pdf.model import PageLine, Region, Segment

SAME_BASELINE = 0.2  # chars whose baselines differ by less (x size) are on one row
SUPERSCRIPT_RATIO = 0.85  # a raised run this much smaller than its line is a mark
WORD_GAP = 0.15  # an undrawn gap wider than this (x size) is a word space
# A drawn space that leaves no more room than this (x size) between the glyphs either
# side is kerned away: no word space ("défi nir", a space after a ligature overprinted).
KERNED_SPACE = 0.05
SEGMENT_GAP = 0.9  # a gap wider than this (x size) separates columns or a tab stop
# ... unless it is a justified line's stretched word space: no wider than this (x size;
# Meld. St. 1 stretches spaces to 1.2, its gutter is 1.9) and within STRETCH_TOLERANCE
# (of its width) of the word spaces beside it (``segment_starts``).
MAX_STRETCHED_SPACE = 1.5
# A gap this wide (x size) may part a table's cells: a word space is a third of it, and
# a table without rulings sets its columns at least this far apart (Meld. St. 1: 0.75).
CELL_GAP = 0.5
STRETCH_TOLERANCE = 0.15
DUPLICATE_DISTANCE = 1.0  # points: an over-printed glyph lies this close to its twin
LONG_RUN_CHARS = 25  # a run of running text, whose extent marks the page's text area
MARGIN_GAP = 6.0  # points outside the text area: the side margin
SPANNING_FRAME = 0.8  # of the running text's width: a drawn box across the columns

_BOLD_WORDS = ("bold", "black", "heavy", "semibold", "demibold")
# Glyphs whose text is not what the page shows. A typographic ligature, one glyph for
# two or three letters, reads as those letters: the stored text is searched letter by
# letter ("difﬁculties" would not match). A drawn soft hyphen (U+00AD, a discretionary
# break some typesetters encode) is a hyphen on the page: at a line end it is decided
# like any hyphen there (``ingest.pdf.blocks``).
_SPELT_OUT = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\xad": "-",
    }
)
# Fonts of pictures (bullets, arrows, boxes), whose codes are no characters: InDesign
# maps Wingdings3's square bullet to "h", Word its bullets to the private-use area.
_DINGBAT_FONTS = ("wingdings", "webdings", "dingbats")
BULLET = "\u2022"
_x0 = attrgetter("x0")
_baseline = attrgetter("baseline")


@dataclass(slots=True)
class Glyph:
    """One drawn character, in top-down page coordinates."""

    text: str  # "" for a superscript mark taken out of the text (kept as glue)
    fontname: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float  # the text matrix's baseline; a superscript's rise shows in ``bottom``
    overprinted: bool = False  # drawn twice to look bold ("fake bold")
    turned: int = 0  # set sideways: 1 turned left (reads upward), -1 turned right


def quarter_turn(matrix: Sequence[float]) -> int:
    """1 for a text matrix turned a quarter left (the text reads upward), -1 for one
    turned right (it reads downward), 0 for any other."""
    a, b, c, d = matrix[:4]
    scale = max(abs(b), abs(c))
    if not scale or abs(a) > 1e-3 * scale or abs(d) > 1e-3 * scale or b * c >= 0:
        return 0
    return 1 if b > 0 else -1


def glyph_text(text: str, fontname: str = "") -> str:
    """The text a glyph reads as: a ligature spelt out ("ﬁ" -> "fi"), a soft hyphen a
    hyphen, and a dingbat font's picture a bullet, unless its code names a picture
    (``names_picture``): the page shows a square, not the "h" InDesign maps it to, and
    as a bullet it can open a list item."""
    if fontname and text.strip() and is_dingbat_font(fontname):
        return text if all(map(names_picture, text)) else BULLET
    return text.translate(_SPELT_OUT)


@cache
def is_dingbat_font(fontname: str) -> bool:
    name = fontname.lower()
    return any(word in name for word in _DINGBAT_FONTS)


def names_picture(char: str) -> bool:
    """A bullet, or a character of Unicode's blocks of arrows, shapes, symbols and
    dingbats (U+2190-U+2BFF): a code a dingbat font may map its picture to (Zapf
    Dingbats' square as U+25A0). A letter, a cent sign or a private-use code names none."""
    return char == BULLET or "\u2190" <= char <= "\u2bff"


@cache
def is_bold(fontname: str) -> bool:
    name = (fontname or "").lower()
    return any(word in name for word in _BOLD_WORDS)


def build_lines(
    glyphs: Sequence[Glyph], obstacles: Sequence[Region] = (), frames: Sequence[Region] = ()
) -> tuple[list[PageLine], list[int]]:
    """The page's printed lines in reading order, and the reading group of each obstacle
    (a table or figure, which stands in the reading order as one piece). ``frames`` are
    the page's drawn boxes: one that spans the running text's width reads whole where it
    stands (``ingest.pdf.columns``)."""
    rows = merge_raised(cluster_by_baseline(glyphs))
    runs = [run for row, cluster in enumerate(rows) for run in split_runs(dedupe(cluster), row)]
    boxes = [
        Box(run.x0, run.x1, run.top, run.bottom, run.chars, ("run", index))
        for index, run in enumerate(runs)
    ]
    boxes += [
        Box(region.x0, region.x1, region.top, region.bottom, 0, ("obstacle", index))
        for index, region in enumerate(obstacles)
    ]
    lines: list[PageLine] = []
    obstacle_groups = [0] * len(obstacles)
    margins = text_edges(runs)
    spanning = [
        (frame.top, frame.bottom)
        for frame in frames
        if margins and frame.x1 - frame.x0 >= SPANNING_FRAME * (margins[1] - margins[0])
    ]
    for group, members in enumerate(reading_groups(boxes, spanning)):
        by_row: dict[tuple[int, int], list[Glyph]] = {}
        for kind, index in (box.key for box in members):
            if kind == "obstacle":
                obstacle_groups[index] = group
            else:
                run = runs[index]
                by_row.setdefault((run.row, margin_side(run, margins)), []).extend(run.glyphs)
        for row in sorted(by_row):
            line = make_line(by_row[row])
            if line is not None:
                lines.append(replace(line, column=group))
    return lines, obstacle_groups


def sideways_lines(glyphs: Sequence[Glyph]) -> list[PageLine]:
    """Lines of text set sideways (a margin stamp, a label turned along a table's side),
    left to right: the glyphs of one x-position and turn, in their reading direction,
    each run of them up to a gap wider than a word space one word. Such a line reads
    before the page's other lines (``ingest.pdf.pages``)."""
    stacks: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (g.turned, (g.x0 + g.x1) / 2)):
        last = stacks[-1][-1] if stacks else None
        middle = (glyph.x0 + glyph.x1) / 2
        if (
            last is not None
            and last.turned == glyph.turned
            and abs(middle - (last.x0 + last.x1) / 2) <= SAME_BASELINE * max(glyph.size, 1.0)
        ):
            stacks[-1].append(glyph)
        else:
            stacks.append([glyph])
    lines = []
    for stack in stacks:
        upward = stack[0].turned > 0
        stack.sort(key=lambda g: -g.bottom if upward else g.top)
        size = median(g.size for g in stack)
        text = stack[0].text
        for before, glyph in zip(stack, stack[1:], strict=False):
            gap = (before.top - glyph.bottom) if upward else (glyph.top - before.bottom)
            text += (" " if gap > WORD_GAP * size else "") + glyph.text
        x0, x1, top, bottom = _extent(stack)
        lines.append(
            PageLine(
                top=top,
                bottom=bottom,
                baseline=bottom,
                x0=x0,
                x1=x1,
                size=size,
                bold=False,
                segments=(Segment(x0, x1, " ".join(text.split())),),
            )
        )
    return sorted(lines, key=lambda line: line.x0)


def text_edges(runs: Sequence[Run]) -> tuple[float, float] | None:
    """Where the page's running text stands: the x-extent of its long runs."""
    long = [run for run in runs if run.chars >= LONG_RUN_CHARS]
    if not long:
        return None
    return min(run.x0 for run in long), max(run.x1 for run in long)


def margin_side(run: Run, edges: tuple[float, float] | None) -> int:
    """-1 for a run in the left margin, 1 in the right one, 0 inside the text: a margin
    label on a body line's baseline stays a line of its own."""
    if edges is None:
        return 0
    if run.x1 < edges[0] - MARGIN_GAP:
        return -1
    if run.x0 > edges[1] + MARGIN_GAP:
        return 1
    return 0


def cluster_by_baseline(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    clusters: list[list[Glyph]] = []
    current: list[Glyph] = []
    current_base = 0.0
    for glyph in sorted(glyphs, key=_baseline):
        size = glyph.size
        if current and abs(glyph.baseline - current_base) <= SAME_BASELINE * (
            1.0 if size < 1.0 else size  # max(size, 1.0), written out: the hot loop
        ):
            current.append(glyph)
        else:
            current = [glyph]
            current_base = glyph.baseline
            clusters.append(current)
    return clusters


def without_twins(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """The page's glyphs with each over-printed twin dropped (``dedupe`` row by row), for
    the readers of a page other than its lines (a table's cells)."""
    return [glyph for row in cluster_by_baseline(glyphs) for glyph in dedupe(row)]


def dedupe(glyphs: list[Glyph]) -> list[Glyph]:
    """The row without over-printed twins (the same text within ``DUPLICATE_DISTANCE``);
    the glyph kept is marked as over-printed: it looks bold."""
    kept: list[Glyph] = []
    for glyph in sorted(glyphs, key=_x0):
        text = glyph.text
        if text.strip():
            top, x0 = glyph.top, glyph.x0
            for other in kept[-4:]:
                if (
                    other.text == text
                    and abs(other.top - top) <= DUPLICATE_DISTANCE
                    and x0 - other.x0 <= DUPLICATE_DISTANCE
                ):
                    other.overprinted = True  # the twin
                    break
            else:
                kept.append(glyph)
            continue
        kept.append(glyph)
    return kept


@dataclass(slots=True)
class Run:
    """Glyphs of one row without a gap wider than ``SEGMENT_GAP`` between them."""

    row: int
    glyphs: list[Glyph]
    x0: float
    x1: float
    top: float
    bottom: float
    chars: int


def split_runs(glyphs: list[Glyph], row: int) -> list[Run]:
    """The row's runs, left to right (``glyphs`` sorted by x0); spaces stay in a run."""
    starts = segment_starts(gaps_between_words(glyphs))
    if not starts:  # most rows of a one-column page
        runs = [make_run(glyphs, row)]
    else:
        bounds = zip([0, *starts], [*starts, len(glyphs)], strict=True)
        runs = [make_run(glyphs[start:end], row) for start, end in bounds]
    return [run for run in runs if run.chars]


def gaps_between_words(
    glyphs: Sequence[Glyph], size: float | None = None
) -> list[tuple[int, float, float]]:
    """Each white gap wider than ``WORD_GAP`` between two visible glyphs (``glyphs``
    sorted by x0): the index of the glyph after it, its width and the type size it is
    measured in (``size``, or that glyph's own). A mark (text "") is glue."""
    gaps: list[tuple[int, float, float]] = []
    end: float | None = None  # where the last visible glyph (or mark) so far ends
    for index, glyph in enumerate(glyphs):
        text = glyph.text
        if text and not text.strip():
            continue
        x1 = glyph.x1
        if end is None:
            if text:
                end = x1
            continue
        if text:
            gap = glyph.x0 - end
            unit = glyph.size if size is None else size
            if gap > WORD_GAP * (1.0 if unit < 1.0 else unit):  # max(unit, 1.0)
                gaps.append((index, gap, unit))
        if x1 > end:
            end = x1
    return gaps


def segment_starts(gaps: Sequence[tuple[int, float, float]]) -> list[int]:
    """Where a new segment (a column's piece of a row, a table's cell) starts: after a
    gap wider than ``SEGMENT_GAP`` of the type, unless it is a justified line's stretched
    word space. A justifying typesetter widens every space of a line alike; a gutter or a
    tab stop stands out from the spaces around it.

    So first the gaps that are surely breaks: wider than ``MAX_STRETCHED_SPACE``, or
    unlike both gaps beside them (a gutter between two lines' spaces). Between those, each
    piece is one line's text: a wide gap in it is a break unless it is as wide as the
    piece's median gap (a bibliography label's tab beside a narrow gutter is as wide as
    the gutter, but unlike the piece's spaces)."""
    wide = [k for k, (_, width, size) in enumerate(gaps) if width > SEGMENT_GAP * max(size, 1.0)]
    if not wide:
        return []
    cuts = {k for k in wide if not could_stretch(gaps, k)}
    bounds = [-1, *sorted(cuts), len(gaps)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = gaps[start + 1 : end]
        if not piece:
            continue
        typical = median(width for _, width, _ in piece)
        cuts.update(
            k
            for k in wide
            if start < k < end and abs(gaps[k][1] - typical) > STRETCH_TOLERANCE * gaps[k][1]
        )
    return [gaps[k][0] for k in sorted(cuts)]


def could_stretch(gaps: Sequence[tuple[int, float, float]], k: int) -> bool:
    """The gap no wider than a stretched word space, and as wide as one beside it."""
    width, size = gaps[k][1], gaps[k][2]
    return width <= MAX_STRETCHED_SPACE * max(size, 1.0) and any(
        abs(width - gaps[other][1]) <= STRETCH_TOLERANCE * width
        for other in (k - 1, k + 1)
        if 0 <= other < len(gaps)
    )


def make_run(glyphs: list[Glyph], row: int) -> Run:
    visible = [g for g in glyphs if g.text.strip()]
    x0, x1, top, bottom = _extent(visible or glyphs)
    return Run(row=row, glyphs=glyphs, x0=x0, x1=x1, top=top, bottom=bottom, chars=len(visible))


def _extent(glyphs: Sequence[Glyph]) -> tuple[float, float, float, float]:
    """min x0, max x1, min top, max bottom: min() and max() in one pass (the first of
    equal values kept, as they keep it)."""
    first = glyphs[0]
    x0, x1, top, bottom = first.x0, first.x1, first.top, first.bottom
    for g in glyphs:
        if g.x0 < x0:
            x0 = g.x0
        if g.x1 > x1:
            x1 = g.x1
        if g.top < top:
            top = g.top
        if g.bottom > bottom:
            bottom = g.bottom
    return x0, x1, top, bottom


def merge_raised(clusters: list[list[Glyph]]) -> list[list[Glyph]]:
    """A short cluster of small glyphs drawn raised beside a line (a superscript whose
    rise is in the text matrix) joins that line, where ``split_marks`` takes it out.
    One hanging in the lower half of a line, beside its letters (a subscript: "HCO3",
    "UNa"), joins that line as text; with tight leading it also touches the top of the
    line below, which is not its line."""
    bands = [band_of(cluster) for cluster in clusters]
    merged: list[list[Glyph]] = []
    for index, cluster in enumerate(clusters):
        top, bottom, size = bands[index]
        host = None
        letters = sum(1 for g in cluster if g.text.strip())
        if letters <= 12:
            host = subscript_host(cluster, index, clusters, bands)
        if host is None and letters <= 4:
            for other, (o_top, o_bottom, o_size) in enumerate(bands):
                if (
                    other != index
                    and size < SUPERSCRIPT_RATIO * o_size
                    and o_top - 1 <= bottom <= o_bottom
                    and top < o_top + 0.5 * o_size
                ):
                    host = other
                    break
        if host is None:
            merged.append(cluster)
        else:
            clusters[host].extend(cluster)
    return merged


def subscript_host(
    cluster: list[Glyph],
    index: int,
    clusters: list[list[Glyph]],
    bands: list[tuple[float, float, float]],
) -> int | None:
    """The line a short cluster of small glyphs hangs from as subscripts: its middle in
    the lower half of the line's band, each of its glyphs set right after a letter of
    the line or of the cluster ("U" "Na" + "U" "K")."""
    top, bottom, size = bands[index]
    middle = (top + bottom) / 2
    for other, (o_top, o_bottom, o_size) in enumerate(bands):
        if (
            other != index
            and size < SUPERSCRIPT_RATIO * o_size
            and o_top + 0.5 * o_size <= middle <= o_bottom
        ):
            letters = [g for g in (*clusters[other], *cluster) if g.text.strip()]
            if all(
                any(abs(o.x1 - g.x0) < 0.5 * o_size for o in letters if o is not g)
                for g in cluster
                if g.text.strip()
            ):
                return other
    return None


def band_of(cluster: Sequence[Glyph]) -> tuple[float, float, float]:
    glyphs = [g for g in cluster if g.text.strip()] or list(cluster)
    _, _, top, bottom = _extent(glyphs)
    return top, bottom, max(g.size for g in glyphs)


def make_line(glyphs: list[Glyph]) -> PageLine | None:
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    counts: dict[float, int] = {}  # Counter(...).most_common(1), without the Counter
    for g in visible:
        key = round(g.size, 1)
        counts[key] = counts.get(key, 0) + 1
    size = max(counts.items(), key=itemgetter(1))[0]
    glyphs, marks = split_marks(glyphs, size)
    glyphs.sort(key=lambda g: (g.x0, g.top))
    visible = [g for g in glyphs if g.text.strip()]
    if not visible:
        return None
    segments = split_segments(glyphs, size)
    gaps, first_x1 = word_gaps(glyphs)
    cells = ()
    if len(segments) > 1 and sum(gap >= CELL_GAP * size for gap in gaps) >= len(segments):
        cells = tuple(split_segments(glyphs, size, cell_gap=CELL_GAP))
    bold = sum(1 for g in visible if g.overprinted or is_bold(g.fontname))
    return PageLine(
        top=min(g.top for g in visible),
        bottom=max(g.bottom for g in visible),
        baseline=median(g.baseline for g in visible),
        x0=segments[0].x0,
        x1=segments[-1].x1,
        size=size,
        bold=bold * 2 > len(visible),
        segments=tuple(segments),
        marks=tuple(marks),
        trailing_space=not glyphs[-1].text.strip(),
        first_gap=gaps[0] if gaps else 0.0,
        first_x1=first_x1,
        word_gap=median(gaps[1:]) if len(gaps) > 1 else 0.0,
        cells=cells if len(cells) > len(segments) else (),
    )


def split_marks(glyphs: list[Glyph], size: float) -> tuple[list[Glyph], list[str]]:
    """Superscript glyphs (smaller, raised above the line's type) leave the text as marks.

    pdfminer leaves a text rise out of the glyph matrix, so such a superscript shares its
    line's baseline and shows only in its raised ``bottom``.
    """
    full = [g.bottom for g in glyphs if g.text.strip() and g.size >= size - 0.05]
    if not full:
        return glyphs, []
    line_bottom = median(full)
    ordered = sorted(glyphs, key=_x0)
    raised_below = line_bottom - 0.15 * size
    small = SUPERSCRIPT_RATIO * size
    if not any(
        g.size < small and g.bottom < raised_below and g.text.strip() and g.text != BULLET
        for g in ordered
    ):
        return ordered, []  # no marks (most lines)
    kept: list[Glyph] = []
    marks: list[str] = []
    previous_was_mark = False
    for glyph in ordered:
        raised = glyph.bottom < line_bottom - 0.15 * size
        # A bullet set smaller than its line, its middle on the type's, is no mark.
        if (
            glyph.text.strip()
            and glyph.text != BULLET
            and glyph.size < SUPERSCRIPT_RATIO * size
            and raised
        ):
            if previous_was_mark:
                marks[-1] += glyph.text
            else:
                marks.append(glyph.text)
            previous_was_mark = True
            # The mark's place stays, textless, so the words around it are not spaced.
            kept.append(replace(glyph, text=""))
            continue
        kept.append(glyph)
        previous_was_mark = False
    return kept, marks


def word_gaps(glyphs: Sequence[Glyph]) -> tuple[list[float], float]:
    """The gaps between the words of a line, left to right (drawn spaces included), and
    where its first word ends."""
    gaps: list[float] = []
    first_x1 = 0.0
    last_x1: float | None = None
    seen_space = False
    for glyph in glyphs:
        if not glyph.text:  # a mark: glue
            last_x1 = glyph.x1 if last_x1 is not None else None
            continue
        if not glyph.text.strip():
            seen_space = last_x1 is not None
            continue
        if last_x1 is not None:
            gap = glyph.x0 - last_x1
            if seen_space or gap > WORD_GAP * glyph.size:
                if not gaps:
                    first_x1 = last_x1
                gaps.append(gap)
        last_x1 = glyph.x1
        seen_space = False
    return gaps, first_x1


def split_segments(
    glyphs: Sequence[Glyph], size: float, *, cell_gap: float | None = None
) -> list[Segment]:
    """Text runs of a line; a gap wider than ``SEGMENT_GAP`` starts a new one, unless it
    is a stretched word space (``segment_starts``). With ``cell_gap`` (x size), every gap
    that wide starts one: the line's cells."""
    starts: set[int] | None = None  # measured at the line's first wide gap (most have none)
    wide = (SEGMENT_GAP if cell_gap is None else cell_gap) * size
    segments: list[Segment] = []
    text: list[str] = []
    start = end = letter_end = 0.0
    pending_space = False
    for index, glyph in enumerate(glyphs):
        if not glyph.text:  # a mark: glue
            end = max(end, glyph.x1)
            continue
        if not glyph.text.strip():
            pending_space = bool(text)
            continue
        if text:
            gap = glyph.x0 - end
            if gap > wide:
                if starts is None and cell_gap is None:
                    starts = set(segment_starts(gaps_between_words(glyphs, size)))
                if cell_gap is not None or index in starts:
                    segments.append(Segment(start, end, "".join(text)))
                    text = []
                else:
                    text.append(" ")
            elif gap > WORD_GAP * size or (
                pending_space and glyph.x0 - letter_end > KERNED_SPACE * size
            ):
                text.append(" ")
        if not text:
            start = glyph.x0
            end = glyph.x1
        text.append(glyph.text)
        end = max(end, glyph.x1)
        letter_end = max(letter_end, glyph.x1)  # a glued-on mark is no letter
        pending_space = False
    if text:
        segments.append(Segment(start, end, "".join(text)))
    return segments
