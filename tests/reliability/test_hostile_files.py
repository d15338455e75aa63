"""Hostile and broken files: bounded time and memory, a one-line reason, nothing left behind.

Each file goes through ``ingest_file`` as ``manage.py ingest`` sends it, with limits set
low enough for a test; afterwards no row, no stored original and no reading process may
remain.
"""

import multiprocessing
import resource
import time
import zlib
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from documents.models import Document, SourceFile
from ingest.pipeline import ingest_file

pytestmark = pytest.mark.django_db

PDFS = Path(__file__).resolve().parent.parent / "ingest" / "pdfs"
MB = 1024 * 1024


@pytest.fixture
def limits(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # originals of earlier tests are not ours
    settings.INGEST_LIMITS = {
        "file_bytes": 2 * MB,
        "unpacked_bytes": 4 * MB,
        "pages": 20,
        "seconds": 30.0,
        "memory_bytes": 200 * MB,
    }
    return settings.INGEST_LIMITS


def pdf_file(objects: list[bytes]) -> bytes:
    """A PDF of ``objects`` (numbered from 1, the first the catalog) with its xref table."""
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body


def flate_stream(packed: bytes) -> bytes:
    return (
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"
    )


def inflating_pdf(unpacked: int) -> bytes:
    """A one-page PDF whose content stream is small on disk and ``unpacked`` bytes inflated."""
    packer = zlib.compressobj(9)
    chunk = b" " * MB
    packed = b"".join(packer.compress(chunk) for _ in range(unpacked // MB)) + packer.flush()
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            flate_stream(packed),
        ]
    )


def slow_pdf(pages: int) -> bytes:
    """``pages`` full pages of text that share one content stream: a small file, long to read.

    A real file's reading time shrinks as the reader gets faster; this one is a few seconds
    of work on any machine (400 pages of 70 lines), far over the test's limit.
    """
    line = b"(Helse og omsorg i kommunene er en viktig del av velferden) ' "
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 3 0 R >> >> >>"
    )
    kids = b" ".join(b"%d 0 R" % (5 + index) for index in range(pages))
    return pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            flate_stream(zlib.compress(b"BT /F1 9 Tf 11 TL 40 800 Td " + line * 70 + b"ET")),
            *[page] * pages,
        ]
    )


def stored_originals(name: str) -> list[Path]:
    return [p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.name.endswith(name)]


def ingest_and_check_nothing_is_left(path: Path, *, seconds: float) -> str:
    started = time.monotonic()
    outcome = ingest_file(path)
    elapsed = time.monotonic() - started
    assert outcome.failed, outcome.status
    assert elapsed < seconds, f"{path.name} took {elapsed:.1f} s"
    assert "\n" not in outcome.error and outcome.error
    assert not SourceFile.objects.exists()
    assert not Document.objects.exists()
    assert stored_originals(path.name) == []
    assert multiprocessing.active_children() == []
    return outcome.error


def test_a_huge_text_file_is_refused_unread(tmp_path, limits):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Helse og omsorg.\n" * (3 * MB // 17))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = ingest_and_check_nothing_is_left(path, seconds=2)
    assert error == "the file is 3.0 MB, over the limit of 2.0 MB"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 10_000  # KiB


def test_a_pdf_that_inflates_past_the_memory_limit_is_stopped(tmp_path, limits):
    path = tmp_path / "inflating.pdf"
    path.write_bytes(inflating_pdf(512 * MB))
    assert path.stat().st_size < 2 * MB
    error = ingest_and_check_nothing_is_left(path, seconds=30)
    assert "memory" in error.lower()


def test_a_pdf_that_reads_too_long_is_stopped(tmp_path, limits):
    limits["seconds"] = 0.5
    limits["pages"] = 10_000  # its pages are not what stops it
    path = tmp_path / "slow.pdf"
    path.write_bytes(slow_pdf(400))
    error = ingest_and_check_nothing_is_left(path, seconds=5)
    assert error == "reading took longer than the limit of 0.5 s"


def test_a_pdf_over_the_page_limit_is_stopped(tmp_path, limits):
    limits["pages"] = 5
    path = tmp_path / "white_paper.pdf"
    path.write_bytes((PDFS / "white_paper.pdf").read_bytes())
    error = ingest_and_check_nothing_is_left(path, seconds=20)
    assert error == "the file has 16 pages, over the limit of 5"


def test_a_docx_that_unpacks_past_the_limit_is_refused_unopened(tmp_path, limits):
    import zipfile

    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (8 * MB))
    error = ingest_and_check_nothing_is_left(path, seconds=5)
    assert error == "the file unpacks to 8.0 MB, over the limit of 4.0 MB"


@pytest.mark.parametrize("name", ["encrypted.pdf", "truncated.pdf", "not_a_pdf.pdf"])
def test_a_broken_pdf_gets_its_readers_reason_from_the_worker(tmp_path, limits, name):
    path = tmp_path / name
    path.write_bytes((PDFS / name).read_bytes())
    ingest_and_check_nothing_is_left(path, seconds=20)


def test_a_good_pdf_still_comes_in_through_the_worker(tmp_path, limits):
    path = tmp_path / "white_paper.pdf"
    path.write_bytes((PDFS / "white_paper.pdf").read_bytes())
    outcome = ingest_file(path)
    assert outcome.status == "created", outcome.error
    assert SourceFile.objects.get().page_count == 16
    assert len(stored_originals("white_paper.pdf")) == 1
    assert multiprocessing.active_children() == []
