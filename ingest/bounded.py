"""Reading a file within limits: size, pages, unpacked size, time and memory.

A hostile or broken file must not take the machine with it: a 1 MB PDF can inflate to
gigabytes, a DOCX is a zip. So a PDF or DOCX is read in a worker process of its own (a
process group, so the PDF reader's page workers go with it) with a memory ceiling, and
stopped when it runs past its time or its page count passes the limit. A file over a
limit fails with a one-line reason before anything is written. The limits are the
``INGEST_LIMITS`` setting.

Left for later: a ceiling on one PDF stream's decompressed size inside the reader (here
the memory ceiling stops such a file).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.conf import settings

from ingest.blocks import ReadDocument
from ingest.readers import file_format, read_document
from ingest.sources import RawFile, UnreadableSource

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    file_bytes: int  # the file as it comes
    unpacked_bytes: int  # a DOCX's content once unzipped
    pages: int
    seconds: float  # to read one file
    memory_bytes: int  # the reading worker's address space on top of what it starts with

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(**settings.INGEST_LIMITS)


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"


def check_file_size(path: Path, limits: Limits) -> None:
    """Refuse a file over the size limit before reading it into memory."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # read_raw gives the reason
    if size > limits.file_bytes:
        raise UnreadableSource(
            f"the file is {_mb(size)}, over the limit of {_mb(limits.file_bytes)}"
        )


def check_unpacked_size(raw: RawFile, limits: Limits) -> None:
    """A DOCX (a zip) whose parts unpack to more than the limit is refused unopened."""
    try:
        with zipfile.ZipFile(BytesIO(raw.data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        return  # the DOCX reader says what is wrong with it
    if unpacked > limits.unpacked_bytes:
        raise UnreadableSource(
            f"the file unpacks to {_mb(unpacked)}, over the limit of {_mb(limits.unpacked_bytes)}"
        )


def _address_space() -> int:
    with Path("/proc/self/statm").open() as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def _worker(raw: RawFile, limits: Limits, pipe) -> None:
    """In the worker process: read, sending page progress and then the result or the reason."""
    os.setpgrp()  # the PDF reader's own page workers join this group, and go with it
    ceiling = _address_space() + limits.memory_bytes
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    try:
        document = read_document(raw, on_page=lambda done, total: pipe.send(("page", done, total)))
        pipe.send(("done", document))
    except UnreadableSource as error:
        pipe.send(("unreadable", str(error)))
    except MemoryError:
        pipe.send(("unreadable", f"reading needs more than {_mb(limits.memory_bytes)} of memory"))
    except Exception as error:  # a reader bug: reported like any other failure
        pipe.send(("error", f"{type(error).__name__}: {error}"))


def read_within_limits(
    raw: RawFile, *, on_page: Callable[[int, int], None] | None = None
) -> ReadDocument:
    """The file read as ``read_document`` reads it, or UnreadableSource when over a limit."""
    limits = Limits.from_settings()
    format_ = file_format(raw)
    if format_ == "text":
        return read_document(raw)  # decoding is linear in the size, which is bounded already
    if format_ == "docx":
        check_unpacked_size(raw, limits)
    receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
    worker = multiprocessing.get_context("fork").Process(
        target=_worker, args=(raw, limits, sender), daemon=False
    )
    worker.start()
    sender.close()
    deadline = time.monotonic() + limits.seconds
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not receiver.poll(left):
                raise UnreadableSource(
                    f"reading took longer than the limit of {limits.seconds:g} s"
                )
            try:
                message = receiver.recv()
            except EOFError:
                raise UnreadableSource(
                    "the reader stopped without an answer (out of memory?)"
                ) from None
            match message:
                case ("page", done, total):
                    if total > limits.pages:
                        raise UnreadableSource(
                            f"the file has {total} pages, over the limit of {limits.pages}"
                        )
                    if on_page is not None:
                        on_page(done, total)
                case ("done", document):
                    return document
                case ("unreadable", reason):
                    raise UnreadableSource(reason)
                case ("error", reason):
                    raise RuntimeError(reason)
    finally:
        _stop(worker)
        receiver.close()


def _stop(worker) -> None:
    """End the worker and every process it started (its page workers)."""
    if worker.pid is not None:
        # Gone already, or stopped before it made its group: then the kill below does it.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(worker.pid, signal.SIGKILL)
    worker.kill()
    worker.join()
