"""Reading a file into a SourceText, with a clear one-line reason when it cannot be read."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ingest.parsed import SourceText

PDF_MAGIC = b"%PDF-"


class UnreadableSource(ValueError):
    """The file cannot be read as a document; the message says why, in one line."""


@dataclass(frozen=True, slots=True)
class RawFile:
    path: Path
    data: bytes
    name: str  # the source's name: the file name, or the original name of a stored copy

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_pdf(self) -> bool:
        return self.data.lstrip()[:5] == PDF_MAGIC or self.path.suffix.lower() == ".pdf"


def read_raw(path: Path, *, name: str | None = None) -> RawFile:
    try:
        return RawFile(path=path, data=path.read_bytes(), name=name or path.name)
    except OSError as error:
        raise UnreadableSource(f"cannot read the file: {error.strerror or error}") from error


def decode_text(data: bytes, *, name: str) -> SourceText:
    """UTF-8 text (a BOM and CRLF line ends are tolerated) as a SourceText."""
    if not data.strip():
        raise UnreadableSource("the file is empty")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise UnreadableSource("the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in data[:65536]:
        raise UnreadableSource("the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableSource(
            f"the file is not UTF-8 (byte {error.start} is {data[error.start]:#04x}; "
            "latin-1 or Windows-1252?); save it as UTF-8"
        ) from error
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for char in text[:65536] if ord(char) < 32 and char not in "\n\t\f")
    if controls > 0.01 * min(len(text), 65536):
        raise UnreadableSource("the file is binary, not text (too many control characters)")
    return SourceText.from_text(text, name=name)
