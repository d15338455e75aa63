"""Reading order on a page: columns within horizontal bands (a recursive XY-cut).

The input is the page's pieces as boxes: runs of text (a row's text up to a wide gap),
tables and figures. The output is the pieces in groups, in reading order: a group is
one column of one band, read top to bottom.

How a region is cut:

1. **Gutter**: the white x-range between columns, found over the region's *narrow*
   pieces (narrower than ``NARROW`` of the region): a full-width heading or table
   crosses the gutter and must not hide it, and neither may a chart's axis labels
   (pieces shorter than ``MIN_PIECE_CHARS``, placed by their middle). The x-range may
   be crossed by some narrow pieces too, up to ``GUTTER_NOISE`` of their characters (a
   centred heading, a table's caption and cells below the columns), which then span
   it; a table or figure crossing it spans it too, and so does a piece alone on its
   rows (a title above two columns of a few lines, whose characters would outweigh the
   allowance). It is a gutter only when running text stands on both
   sides: lines of ``LONG_LINE_CHARS`` characters each (beside a chart's labels,
   perhaps), at least ``MIN_COLUMN_PIECES`` on one side and ``MIN_BESIDE_PIECES`` on
   the other (the last lines of a column in a box, a chart's legend beside a column);
   so the cells of a table set without rulings (amounts, short labels) and list
   bullets are not taken for columns.
2. If no piece crosses the gutter, the region splits there: the left part is read
   before the right, each cut again (three columns are two cuts). But where a wide
   white gap (``BAND_GAP``) cuts off a band of many pieces and hardly any running text
   (a chart's labels below two columns of a box), the region is cut across there first.
3. Otherwise the pieces crossing it span the columns: the region is cut into
   horizontal slabs (pieces overlapping in y form a slab), and each slab holding a
   spanning piece is a band of its own, while consecutive slabs without one form one
   band. Each band is cut again: a full-width heading or table above two columns reads
   before them, and the columns below read one after the other.
4. A region with no gutter is cut across at its wide white gaps (``BAND_GAP``), if a
   part then has columns: a figure set as text above two columns hides their gutter.
5. A region still without columns may hold a few rows set in pairs: two captions side
   by side under a figure, each a few lines of text (``paired_rows``). Their lines are
   too short and too few to make a gutter of the region, whose labels cross it anyway;
   but row after row of exactly two pieces of text with one white x-range between
   them is two columns: that band reads left then right, where it stands.

Before any of this the page is cut across at the top and bottom edges of each drawn
frame that spans the columns (a box set across the page, two columns of its own inside):
the box reads whole where it stands, and the page's columns below it after it. Without
the frame's edges its columns and the page's would share one gutter, and the left
column of the box would read on into the page's left column.

Pure geometry: no fonts, no text beyond a character count.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

NARROW = 0.6  # of the region's width: wider pieces span columns
GUTTER_NOISE = 0.1  # share of the narrow pieces' characters that may cross a gutter
MIN_GUTTER = 7.0  # points
MIN_PIECE_CHARS = 4  # shorter text (an axis label, a page number) never spans columns
MIN_COLUMN_PIECES = 3
MIN_BESIDE_PIECES = 2  # long lines beside a column of running text: a column too
LONG_LINE_CHARS = 25  # a line of running text in a column holds this many characters
SLAB_OVERLAP = 1.0  # points of y-overlap that put two pieces in one slab
BAND_GAP = 1.2  # text-line heights of white that cut a region across
MIN_PAIRED_CHARS = 20  # each piece of a paired row is text, not an amount or a label
PAIRED_WIDTHS = 2.0  # the wider piece of a paired row is at most this much wider


@dataclass(frozen=True, slots=True)
class Box:
    x0: float
    x1: float
    top: float
    bottom: float
    chars: int  # characters of text (0 for a table or figure)
    key: Hashable  # the caller's name for the piece


def reading_groups(
    boxes: Sequence[Box], frames: Sequence[tuple[float, float]] = ()
) -> list[list[Box]]:
    """The pieces in reading order: groups (a column of a band), each top to bottom.

    ``frames`` are the (top, bottom) edges of drawn frames that span the columns.
    """
    return [
        sorted(group, key=lambda box: (box.top, box.x0))
        for part in split_at_frames(list(boxes), frames)
        for group in _cut(part)
        if group
    ]


def split_at_frames(boxes: list[Box], frames: Sequence[tuple[float, float]]) -> list[list[Box]]:
    """The pieces cut across at each frame edge no piece straddles, top to bottom; only
    on a page set in columns (a one-column page reads top to bottom anyway)."""
    if not frames or find_gutter(boxes) is None:
        return [boxes]
    edges = sorted({edge for frame in frames for edge in frame})
    cuts = [y for y in edges if not any(box.top + 1 < y < box.bottom - 1 for box in boxes)]
    if not cuts:
        return [boxes]
    parts: list[list[Box]] = [[] for _ in range(len(cuts) + 1)]
    for box in boxes:
        middle = (box.top + box.bottom) / 2
        parts[sum(middle > y for y in cuts)].append(box)
    return [part for part in parts if part]


def _cut(boxes: list[Box]) -> list[list[Box]]:
    if len(boxes) < 2 * MIN_COLUMN_PIECES:
        return [boxes]
    gutter = find_gutter(boxes)
    if gutter is not None:
        crossing = [box for box in boxes if box.x0 < gutter < box.x1 and not is_short(box)]
        if not crossing:
            parts = split_at_gaps(boxes)
            if len(parts) > 1 and any(is_label_band(part) for part in parts):
                return [group for part in parts for group in _cut(part)]
            left = [box for box in boxes if (box.x0 + box.x1) / 2 < gutter]
            right = [box for box in boxes if (box.x0 + box.x1) / 2 >= gutter]
            return _cut(left) + _cut(right)
        bands = bands_around(boxes, set(map(id, crossing)))
        if len(bands) > 1:
            return with_bands_joined([_cut(band) for band in bands])
    parts = split_at_gaps(boxes)
    if len(parts) > 1:
        cuts = [_cut(part) for part in parts]
        if any(len(groups) > 1 for groups in cuts):
            return with_bands_joined(cuts)
    return split_at_paired_rows(boxes)


def split_at_paired_rows(boxes: list[Box]) -> list[list[Box]]:
    """The region as the slabs above its run of paired rows (``paired_rows``), that
    run's left and right column, and the slabs below; the region whole without one."""
    slabs = slabs_of(boxes)
    found = paired_rows(slabs)
    if found is None:
        return [boxes]
    first, last, gutter = found
    band = [box for slab in slabs[first : last + 1] for box in slab]
    left = [box for box in band if (box.x0 + box.x1) / 2 < gutter]
    right = [box for box in band if (box.x0 + box.x1) / 2 >= gutter]
    above = [box for slab in slabs[:first] for box in slab]
    below = [box for slab in slabs[last + 1 :] for box in slab]
    cuts = [_cut(above)] if above else []
    cuts.append([left, right])
    if below:
        cuts.append(_cut(below))
    return with_bands_joined(cuts)


def paired_rows(slabs: Sequence[list[Box]]) -> tuple[int, int, float] | None:
    """The first and last slab of the first run of at least ``MIN_COLUMN_PIECES``
    consecutive slabs that each hold exactly two pieces of text (``is_pair``), all with
    one white x-range of ``MIN_GUTTER`` between their left and right pieces, and the
    middle of that range; or None."""
    run: list[tuple[float, float]] = []  # each paired slab's white x-range, in the run
    for index, slab in enumerate([*slabs, []]):
        pair = sorted(slab, key=lambda box: box.x0)
        white = (pair[0].x1, pair[1].x0) if len(pair) == 2 else (0.0, 0.0)
        start = max([white[0], *(x0 for x0, _ in run)])
        end = min([white[1], *(x1 for _, x1 in run)])
        paired = len(pair) == 2 and is_pair(*pair)
        if paired and end - start >= MIN_GUTTER:
            run.append(white)
            continue
        if len(run) >= MIN_COLUMN_PIECES:
            shared = max(x0 for x0, _ in run), min(x1 for _, x1 in run)
            return index - len(run), index - 1, sum(shared) / 2
        run = [white] if paired and white[1] - white[0] >= MIN_GUTTER else []
    return None


def is_pair(left: Box, right: Box) -> bool:
    """Two lines of text of about one width: a caption's line beside another's. A
    table's row set without rulings pairs a label with an amount, or a wide text with a
    short one."""
    narrower, wider = sorted((left.x1 - left.x0, right.x1 - right.x0))
    chars = min(left.chars, right.chars)
    return chars >= MIN_PAIRED_CHARS and wider <= PAIRED_WIDTHS * narrower


def with_bands_joined(cuts: Sequence[list[list[Box]]]) -> list[list[Box]]:
    """The groups of the parts a region was cut into across (bands, or parts between
    wide white gaps), top to bottom, where consecutive parts without columns read as one
    group: the rows of a table set across the page above two columns are one column of
    the page, not a band each."""
    groups: list[list[Box]] = []
    joinable = False  # the last group is a part without columns
    for part in cuts:
        if len(part) == 1 and joinable:
            groups[-1] = groups[-1] + part[0]
        else:
            groups.extend(part)
        joinable = len(part) == 1
    return groups


def find_gutter(boxes: Sequence[Box]) -> float | None:
    """The middle of the widest white x-range between two columns of text, or None."""
    lo = min(box.x0 for box in boxes)
    hi = max(box.x1 for box in boxes)
    pieces = [box for box in boxes if not is_short(box)]
    narrow = [box for box in pieces if box.x1 - box.x0 < NARROW * (hi - lo)]
    if len(narrow) < 2 * MIN_COLUMN_PIECES or 2 * len(narrow) < len(pieces):
        return None
    best: tuple[float, float] | None = None
    # A piece alone on its rows (a box's centred title above two short columns) spans
    # the gutter if it crosses it: only pieces set beside others can hide one.
    beside = [box for slab in slabs_of(narrow) if len(slab) > 1 for box in slab]
    allowed = GUTTER_NOISE * sum(box.chars for box in beside)
    for start, end in quiet_ranges(beside, allowed):
        if end - start < MIN_GUTTER or (best and end - start <= best[1] - best[0]):
            continue
        left = [box for box in narrow if box.x1 <= start]
        right = [box for box in narrow if box.x0 >= end]
        if are_columns(left, right):
            best = (start, end)
    if best is None:
        return None
    # Inside the white range, the gutter is where the fewest characters reach into it
    # (a justified line may run a point or two past the others).
    start, end = least_covered(narrow, *best)
    return (start + end) / 2


def least_covered(boxes: Sequence[Box], lo: float, hi: float) -> tuple[float, float]:
    """The widest x-range within ``lo``..``hi`` crossed by the fewest characters."""
    depth = sum(box.chars for box in boxes if box.x0 <= lo < box.x1)
    events = sorted(
        [(box.x0, box.chars) for box in boxes if lo < box.x0 < hi]
        + [(box.x1, -box.chars) for box in boxes if lo < box.x1 < hi]
    )
    best = (float("inf"), 0.0, lo, hi)
    start = lo
    for x, step in [*events, (hi, 0)]:
        if x > start:
            best = min(best, (depth, -(x - start), start, x))
        depth += step
        start = x
    return best[2], best[3]


def is_short(box: Box) -> bool:
    """A few characters of text (a table or figure has none: it is never short)."""
    return 0 < box.chars < MIN_PIECE_CHARS


def quiet_ranges(boxes: Sequence[Box], allowed: float) -> list[tuple[float, float]]:
    """x-ranges inside the boxes' extent where the text crossing them holds at most
    ``allowed`` characters (a table or figure weighs nothing: it may span columns)."""
    events = sorted(
        [(box.x0, box.chars) for box in boxes] + [(box.x1, -box.chars) for box in boxes]
    )
    ranges = []
    depth = 0
    quiet_from: float | None = None
    for x, step in events:
        depth += step
        if depth <= allowed and quiet_from is None:
            quiet_from = x
        elif depth > allowed and quiet_from is not None:
            ranges.append((quiet_from, x))
            quiet_from = None
    return ranges  # the range after the last box never closes: the margin is no gutter


def are_columns(left: Sequence[Box], right: Sequence[Box]) -> bool:
    """Running text on both sides of a white x-range: ``MIN_COLUMN_PIECES`` long lines
    on one, ``MIN_BESIDE_PIECES`` on the other. A column may end two lines into a box
    or stand beside a chart whose legend is its only long text; a table's amounts and a
    list's bullets are no long lines."""
    fewer, more = sorted((long_lines(left), long_lines(right)))
    return fewer >= MIN_BESIDE_PIECES and more >= MIN_COLUMN_PIECES


def is_label_band(part: Sequence[Box]) -> bool:
    """Many pieces and hardly any running text: a chart's labels set across the columns
    below (or above) them. The columns' gutter runs through it, but its halves read on
    into neither column, so the region is cut across at the white gaps around it."""
    return len(part) >= 2 * MIN_COLUMN_PIECES and long_lines(part) < MIN_BESIDE_PIECES


def long_lines(side: Sequence[Box]) -> int:
    return sum(1 for box in side if box.chars >= LONG_LINE_CHARS)


def slabs_of(boxes: Sequence[Box]) -> list[list[Box]]:
    """Horizontal slabs, top to bottom: pieces overlapping in y share one."""
    slabs: list[list[Box]] = []
    bottom = 0.0
    for box in sorted(boxes, key=lambda b: b.top):
        if slabs and box.top < bottom - SLAB_OVERLAP:
            slabs[-1].append(box)
            bottom = max(bottom, box.bottom)
        else:
            slabs.append([box])
            bottom = box.bottom
    return slabs


def split_at_gaps(boxes: Sequence[Box]) -> list[list[Box]]:
    """The region cut at white horizontal gaps wider than ``BAND_GAP`` text lines."""
    heights = sorted(box.bottom - box.top for box in boxes if box.chars)
    if not heights:
        return [list(boxes)]
    wide = BAND_GAP * heights[len(heights) // 2]
    parts: list[list[Box]] = []
    bottom = None
    for slab in slabs_of(boxes):
        top = min(box.top for box in slab)
        if bottom is None or top - bottom >= wide:
            parts.append([])
        parts[-1].extend(slab)
        bottom = (
            max(box.bottom for box in slab)
            if bottom is None
            else max(bottom, max(box.bottom for box in slab))
        )
    return parts


def bands_around(boxes: Sequence[Box], spanning: set[int]) -> list[list[Box]]:
    """Horizontal bands: each slab holding a spanning piece alone, the slabs between
    them together."""
    slabs = slabs_of(boxes)
    bands: list[list[Box]] = []
    open_band = False  # the last band gathers slabs without a spanning piece
    for slab in slabs:
        if any(id(box) in spanning for box in slab):
            bands.append(slab)
            open_band = False
        elif open_band:
            bands[-1].extend(slab)
        else:
            bands.append(list(slab))
            open_band = True
    return bands
