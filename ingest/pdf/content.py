"""pdfminer's content-stream interpreter, faster, with the same result.

Two thirds of reading a page went to pdfminer turning its content stream into
operators (a byte-at-a-time tokenizer that logs every token) and each glyph into an
``LTChar`` the reader only copies four numbers from. Here:

* ``FastInterpreter`` splits a page's content streams into operands and operators
  with one regular expression per token and calls the operator methods through a
  cached table. It yields exactly the objects pdfminer's ``PDFContentParser`` yields;
  where that parser does something unusual (an inline image, a ``#`` in a name, a
  token running from one content stream into the next, a keyword inside an array,
  an unbalanced bracket, an unterminated string) the page goes through pdfminer's own
  ``execute`` instead, so such pages read as before.
* ``GlyphDevice`` makes a :class:`~ingest.pdf.lines.Glyph` for each upright glyph of a
  horizontal font straight away (top-down coordinates, the same arithmetic as
  ``LTChar`` and ``pages.drawn_fast`` in the same order), into the layout tree where
  the ``LTChar`` stood; drawings, images, figures and vertical fonts are pdfminer's.
"""

from __future__ import annotations

import binascii
import logging
import re
from collections.abc import Sequence

from pdfminer import settings
from pdfminer.converter import PDFPageAggregator
from pdfminer.pdffont import PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import (
    KEYWORD_ARRAY_BEGIN,
    KEYWORD_ARRAY_END,
    KWD,
    LIT,
    PSKeyword,
    keyword_name,
    literal_name,
)
from pdfminer.utils import choplist

from ingest.pdf.lines import Glyph, glyph_text, quarter_turn

_pdfinterp_log = logging.getLogger("pdfminer.pdfinterp")
_pdfdevice_log = logging.getLogger("pdfminer.pdfdevice")

# pdfminer reads a stream 4096 bytes at a time; one quirk of its string escapes
# (a backslash, CR, LF split across two reads) depends on where a read ends.
_BUFSIZ = 4096

# One token, after white space, in the order pdfminer's ``_parse_main`` tries them.
_TOKEN = re.compile(
    rb"""[ \t\n\r\f\v]*+(?:
      (?P<num>[-+0-9][0-9]*+(?:\.[0-9]*+)?+|\.[0-9]*+)
    | %[^\r\n]*+
    | /(?P<name>[^\#/%\[\]()<>{}\s]*+)(?P<namehash>\#)?
    | (?P<kw>[A-Za-z][^\#/%\[\]()<>{}\s]*+)
    | \((?P<plain>[^()\\]*+)\)
    | (?P<string>\()
    | (?P<dopen><<)
    | <(?P<hex>[0-9A-Fa-f \t\n\r\f\v]*+)(?P<hexend>[^0-9A-Fa-f \t\n\r\f\v])?
    | (?P<dclose>>>)
    | >
    | \x00
    | \[(?P<array>(?:[ \t\n\r\f\v]*+(?:<[0-9A-Fa-f]*+>|\([^()\\]*+\)
        |[-+]?[0-9]++(?:\.[0-9]*+)?+|[-+]?\.[0-9]++))*+)[ \t\n\r\f\v]*+\]
    | (?P<single>.)
    )""",
    re.VERBOSE | re.DOTALL,
)
# The items of a simple array (a TJ operator's): hex strings, plain strings, numbers.
_ITEM = re.compile(rb"(<[0-9A-Fa-f]*>)|(\([^()\\]*\))|([-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]+)")
_END_STRING = re.compile(rb"[()\\]")
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.")
_OCTAL = b"01234567"
_ESCAPES = {
    ord("b"): 8,
    ord("t"): 9,
    ord("n"): 10,
    ord("f"): 12,
    ord("r"): 13,
    ord("("): 40,
    ord(")"): 41,
    ord("\\"): 92,
}
_TRUE, _FALSE = KWD(b"true"), KWD(b"false")
_INLINE = (KWD(b"BI"), KWD(b"ID"))  # pdfminer's parser treats these itself
_PROC = (KWD(b"{"), KWD(b"}"))


class Unusual(Exception):
    """Content pdfminer's own parser must read (see the module docstring)."""


def tokenize(streams: Sequence[bytes]) -> list[object]:
    """The top-level objects of the streams, as ``PDFContentParser.nextobject`` gives
    them (operands and operator keywords); ``Unusual`` where it would differ."""
    objects: list[object] = []
    last = len(streams) - 1
    for index, data in enumerate(streams):
        if index < last and data[-1:] in (b"<", b">", b"/"):
            raise Unusual("a token may run on into the next stream")
        _tokenize_one(data, objects)
    return objects


def _tokenize_one(data: bytes, out: list[object]) -> None:
    match = _TOKEN.match
    size = len(data)
    pos = 0
    # open arrays and dictionaries: (kind, their items so far)
    context: list[tuple[str, list[object]]] = []
    target = out
    while pos < size:
        m = match(data, pos)
        if m is None:
            break  # only white space left
        pos = m.end()
        kind = m.lastgroup
        if kind is None:
            continue  # white space at the end, a comment, a lone ">" or a NUL
        if kind == "num":
            text = m.group("num")
            try:
                value: object = float(text) if b"." in text else int(text)
            except ValueError:
                continue  # "-" or ".": pdfminer drops it
            target.append(value)
        elif kind == "kw":
            word = m.group("kw")
            if word == b"true":
                target.append(True)
            elif word == b"false":
                target.append(False)
            else:
                keyword = KWD(word)
                if context or keyword in _INLINE:
                    raise Unusual("a keyword inside an array, or an inline image")
                target.append(keyword)
        elif kind == "name":
            raw = m.group("name")
            try:
                name: str | bytes = str(raw, "utf-8")
            except UnicodeDecodeError:
                name = raw
            target.append(LIT(name))
        elif kind == "namehash":
            raise Unusual("a # escape in a name")
        elif kind == "plain":
            target.append(m.group("plain"))
        elif kind == "string":
            value, pos = _read_string(data, pos)
            target.append(value)
        elif kind == "hex" or kind == "hexend":
            if m.group("hexend") is None:
                raise Unusual("an unterminated hex string")
            pos = m.start("hexend")  # the end mark is read as a token of its own
            digits = _SPACE.sub(b"", m.group("hex"))
            if len(digits) % 2 == 0:
                target.append(binascii.unhexlify(digits))
            else:
                target.append(_HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), digits))
        elif kind == "array":  # an array of strings and numbers only, as TJ takes
            items: list[object] = []
            for hexa, plain, number in _ITEM.findall(m.group("array")):
                if hexa:
                    digits = hexa[1:-1]
                    if len(digits) % 2 == 0:
                        items.append(binascii.unhexlify(digits))
                    else:
                        items.append(_HEX_PAIR.sub(lambda p: bytes((int(p.group(0), 16),)), digits))
                elif plain:
                    items.append(plain[1:-1])
                else:
                    items.append(float(number) if b"." in number else int(number))
            target.append(items)
        elif kind == "dopen":
            context.append(("d", target))
            target = []
        elif kind == "dclose":
            if not context or context[-1][0] != "d":
                raise Unusual("an unbalanced >>")
            objs = target
            target = context.pop()[1]
            if len(objs) % 2 != 0:
                raise Unusual("an odd dictionary")  # pdfminer raises PSSyntaxError
            target.append({literal_name(k): v for (k, v) in choplist(2, objs) if v is not None})
        else:  # a single-character keyword
            keyword = KWD(m.group("single"))
            if keyword is KEYWORD_ARRAY_BEGIN:
                context.append(("a", target))
                target = []
            elif keyword is KEYWORD_ARRAY_END:
                if not context or context[-1][0] != "a":
                    raise Unusual("an unbalanced ]")
                objs = target
                target = context.pop()[1]
                target.append(objs)
            elif keyword in _PROC or context:
                raise Unusual("a procedure, or a keyword inside an array")
            else:
                target.append(keyword)
    if context:
        raise Unusual("an array or dictionary open at the end of a stream")


def _read_string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its "(", as pdfminer's ``_parse_string`` reads
    it; the string and where it ends."""
    out = bytearray()
    depth = 1
    size = len(data)
    search = _END_STRING.search
    while True:
        m = search(data, pos)
        if m is None:
            raise Unusual("an unterminated string")
        end = m.start()
        out += data[pos:end]
        mark = data[end]
        pos = end + 1
        if mark == 0x28:  # (
            depth += 1
            out.append(0x28)
        elif mark == 0x29:  # )
            depth -= 1
            if not depth:
                return bytes(out), pos
            out.append(0x29)
        else:  # a backslash
            digits = 0
            code = 0
            while pos < size and digits < 3 and data[pos] in _OCTAL:
                code = code * 8 + data[pos] - 0x30
                digits += 1
                pos += 1
            if digits:
                if code >= 256:
                    raise Unusual("an octal escape above 255")  # pdfminer asserts
                out.append(code)
                continue
            if pos >= size:
                raise Unusual("a string ending in a backslash")
            char = data[pos]
            if char in _ESCAPES:
                out.append(_ESCAPES[char])
            elif (
                char == 0x0D
                and pos + 1 < size
                and data[pos + 1] == 0x0A
                and (pos + 1) % _BUFSIZ  # pdfminer sees the LF only in the same read
            ):
                pos += 1
            pos += 1


# keyword -> (operator function, its argument count), or None: no such operator
_Dispatch = dict[PSKeyword, "tuple[object, int] | None"]


class FastInterpreter(PDFPageInterpreter):
    """``PDFPageInterpreter`` with a faster ``execute`` (see the module docstring)."""

    _operators: _Dispatch = {}

    def execute(self, streams: Sequence[object]) -> None:
        valid: list[PDFStream] = []
        self.stream_ids.clear()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_stream_ids:
                return super().execute(streams)  # pdfminer warns and skips: let it
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        try:
            objects = tokenize([stream.get_data() for stream in valid])
        except Exception:  # Unusual, or a stream that cannot be decoded
            return super().execute(streams)
        operators = self._operators
        stack = self.argstack
        for obj in objects:
            if type(obj) is not PSKeyword:
                stack.append(obj)
                continue
            try:
                found = operators[obj]
            except KeyError:
                found = operators[obj] = self._operator(obj)
            if found is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {keyword_name(obj)!r}")
                continue
            func, nargs = found
            if nargs:
                args = stack[-nargs:]
                del stack[-nargs:]
                if len(args) == nargs:
                    func(self, *args)
            else:
                func(self)

    def pop(self, n: int) -> list[object]:
        """As pdfminer's, in place: ``execute`` holds the stack (operators such as
        ``scn`` pop their own operands)."""
        if n == 0:
            return []
        x = self.argstack[-n:]
        del self.argstack[-n:]
        return x

    @classmethod
    def _operator(cls, keyword: PSKeyword) -> tuple[object, int] | None:
        name = keyword_name(keyword)
        method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
        func = getattr(cls, method, None)
        if func is None:
            return None
        return func, func.__code__.co_argcount - 1


class GlyphDevice(PDFPageAggregator):
    """``PDFPageAggregator`` (no layout analysis) that makes a ``Glyph`` for each upright
    glyph of a horizontal font where it would have made an ``LTChar``; a glyph turned a
    quarter (a margin stamp set sideways) goes to ``turned``, which the caller empties.

    Set ``height`` and ``shift`` (the page's height and media-box bottom, as pdfplumber
    has them) before each page.
    """

    def __init__(self, rsrcmgr) -> None:
        super().__init__(rsrcmgr, laparams=None)
        self.height = 0.0
        self.shift = 0.0
        self.turned: list[Glyph] = []
        # font -> {a string's bytes: (text, width, is a space) of each of its glyphs}
        self._strings: dict[PDFFont, dict[bytes, tuple[tuple[str, float, bool], ...]]] = {}
        # font -> {cid: (text, width, is a space)}: one tuple per glyph, shared by strings
        self._cids: dict[PDFFont, dict[int, tuple[str, float, bool]]] = {}

    def _glyphs(self, font: PDFFont, data: bytes) -> tuple[tuple[str, float, bool], ...]:
        """What ``render_char`` looks up for each glyph of a string: its text (as
        pdfminer names an unmapped one), its width, whether it is a word space."""
        cids = self._cids.get(font)
        if cids is None:
            cids = self._cids[font] = {}
        found = []
        for cid in font.decode(data):
            entry = cids.get(cid)
            if entry is None:
                try:
                    text = font.to_unichr(cid)
                    assert isinstance(text, str), str(type(text))
                    text = glyph_text(text, font.fontname)
                except PDFUnicodeNotDefined:
                    text = self.handle_undefined_char(font, cid)
                entry = cids[cid] = (text, font.char_width(cid), cid == 32)
            found.append(entry)
        return tuple(found)

    def render_string_horizontal(
        self,
        seq,
        matrix,
        pos,
        font,
        fontsize,
        scaling,
        charspace,
        wordspace,
        rise,
        dxscale,
        ncs,
        graphicstate,
    ):
        (x, y) = pos
        needcharspace = False
        (a, b, c, d, e, f) = matrix
        upright = a * d * scaling > 0 and b * c <= 0
        turn = 0 if upright else quarter_turn(matrix)
        descent = font.get_descent() * fontsize
        low = descent + rise
        high = descent + rise + fontsize
        fontname = font.fontname
        height = self.height
        shift = self.shift
        add = self.cur_item._objs.append
        strings = self._strings.get(font)
        if strings is None:
            strings = self._strings[font] = {}
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                glyphs = strings.get(obj)
                if glyphs is None:
                    glyphs = strings[obj] = self._glyphs(font, obj)
                for text, textwidth, space in glyphs:
                    if needcharspace:
                        x += charspace
                    adv = textwidth * fontsize * scaling
                    if upright:
                        # LTChar: the glyph's box (0, low, adv, high) through the matrix
                        # translated to (x, y); the same arithmetic in the same order,
                        # min() and max() written out (they keep the first of equals).
                        te = x * a + y * c + e
                        tf = x * b + y * d + f
                        x0 = a * 0 + c * low + te  # left, bottom
                        y0 = b * 0 + d * low + tf
                        left2 = a * 0 + c * high + te  # left, top
                        top2 = b * 0 + d * high + tf
                        right1 = a * adv + c * low + te  # right, bottom
                        bottom2 = b * adv + d * low + tf
                        right2 = a * adv + c * high + te  # right, top
                        top1 = b * adv + d * high + tf
                        x1 = x0
                        if left2 < x0:
                            x0 = left2
                        if right1 < x0:
                            x0 = right1
                        if right2 < x0:
                            x0 = right2
                        if left2 > x1:
                            x1 = left2
                        if right1 > x1:
                            x1 = right1
                        if right2 > x1:
                            x1 = right2
                        y1 = y0
                        if bottom2 < y0:
                            y0 = bottom2
                        if top1 < y0:
                            y0 = top1
                        if top2 < y0:
                            y0 = top2
                        if bottom2 > y1:
                            y1 = bottom2
                        if top1 > y1:
                            y1 = top1
                        if top2 > y1:
                            y1 = top2
                        add(
                            Glyph(
                                text,
                                fontname,
                                float(y1 - y0),
                                float(x0),
                                float(x1),
                                height - y1 + shift,
                                height - y0 + shift,
                                height - tf + shift,
                            )
                        )
                    elif turn and text.strip():
                        # The glyph's box as above, its corners through the matrix.
                        te = x * a + y * c + e
                        tf = x * b + y * d + f
                        xs = (c * low + te, c * high + te, a * adv + c * low + te)
                        ys = (d * low + tf, d * high + tf, b * adv + d * low + tf)
                        xs += (a * adv + c * high + te,)
                        ys += (b * adv + d * high + tf,)
                        self.turned.append(
                            Glyph(
                                text,
                                fontname,
                                float(max(xs) - min(xs)),  # the type's height lies along x
                                float(min(xs)),
                                float(max(xs)),
                                height - max(ys) + shift,
                                height - min(ys) + shift,
                                height - tf + shift,
                                turned=turn,
                            )
                        )
                    x += adv
                    if space and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                _pdfdevice_log.warning(
                    "Cannot render horizontal string because "
                    "%r is not a valid int, float or bytes.",
                    obj,
                )
        return (x, y)
