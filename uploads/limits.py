"""What an upload must be before any work starts: small enough, what its extension says,
and (a PDF) few enough pages. Each check answers with a message for the curator."""

from __future__ import annotations

from pathlib import Path, PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ingest.readers import file_format
from ingest.sources import RawFile, UnreadableSource

# What each extension promises, as ingest.readers tells formats by their first bytes.
EXTENSION_FORMATS = {".pdf": "pdf", ".docx": "docx", ".txt": "text", ".md": "text"}
FORMAT_NAMES = {"pdf": "PDF", "docx": "Word (DOCX)", "text": gettext_lazy("text")}


def check_upload(uploaded: UploadedFile) -> None:
    """Raise ValidationError saying why ``uploaded`` cannot be ingested."""
    name = PurePath(uploaded.name).name
    limit = settings.HELSEDOCS_MAX_UPLOAD_MB * 1024 * 1024
    if uploaded.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s, more than the limit of %(limit)s.")
            % {"name": name, "size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    expected = EXTENSION_FORMATS.get(PurePath(name).suffix.lower())
    if expected is None:
        raise ValidationError(
            _("%(name)s: only PDF, Word (.docx) and text (.txt, .md) files can be ingested.")
            % {"name": name}
        )
    data = read_all(uploaded)
    # The format by content alone: a name without an extension leaves the bytes to decide.
    actual = file_format(RawFile(path=Path("upload"), data=data, name="upload"))
    if actual != expected:
        raise ValidationError(
            _(
                "%(name)s is not what its extension says: its content is %(actual)s, not %(expected)s."
            )
            % {"name": name, "actual": FORMAT_NAMES[actual], "expected": FORMAT_NAMES[expected]}
        )
    if actual == "pdf":
        check_pages(name, data)


def check_pages(name: str, data: bytes) -> None:
    from ingest.pdf.checks import check_bytes, count_pages

    try:
        check_bytes(data)
        count_pages(data, max_pages=settings.HELSEDOCS_MAX_UPLOAD_PAGES)
    except UnreadableSource as error:
        raise ValidationError(
            _("%(name)s cannot be ingested: %(reason)s") % {"name": name, "reason": error}
        ) from error


def read_all(uploaded: UploadedFile) -> bytes:
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    return data
