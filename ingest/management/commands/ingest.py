"""manage.py ingest PATH [PATH ...]: parse files and folders into the knowledge base."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from documents import indexing
from ingest import service
from ingest import vocabulary as v
from ingest.pipeline import FileOutcome, collect_paths

COLUMNS = ("documents", "sections", "measures", "decisions", "budget_lines")
# Warnings listed per file at the default verbosity; -v 2 lists them all.
WARNINGS_SHOWN = 10


class Command(BaseCommand):
    help = (
        "Ingest text (.txt, .md), PDF (.pdf) and Word (.docx) files, or every such file in a "
        "folder. The kind of each document is recognised from its content; a document no "
        "family claims is kind 'other'. Files whose content and parser are unchanged are "
        "skipped. Each file's warnings are listed (the first ten; -v 2 lists all). A file "
        "that fails is reported with the reason; the others go on, and the exit status is 1. "
        "--enqueue hands the files to the background worker (manage.py db_worker) instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
        parser.add_argument(
            "--kind",
            choices=v.DOCUMENT_KINDS,
            help="force the document kind instead of recognising it",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and report, but write nothing"
        )
        parser.add_argument(
            "--force", action="store_true", help="re-import files even when they are unchanged"
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar (for logs)")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue each file as an ingest job for the background worker, and return",
        )

    def handle(
        self, *args, paths, kind, dry_run, force, no_progress, enqueue, verbosity, **options
    ):
        missing = [str(path) for path in paths if not path.exists()]
        if missing:
            raise CommandError(f"no such file or folder: {', '.join(missing)}")
        files = collect_paths(paths)
        if not files:
            raise CommandError("no .txt, .md, .pdf or .docx files found")
        if enqueue:
            if dry_run or force:
                raise CommandError("--enqueue cannot be combined with --dry-run or --force")
            return self.enqueue(files, kind=kind)
        options = service.IngestOptions(kind=kind, dry_run=dry_run, force=force)
        outcomes: list[FileOutcome] = []
        bar = tqdm(
            files,
            desc="Ingest",
            unit="file",
            file=sys.stderr,
            disable=no_progress or verbosity == 0,
            dynamic_ncols=True,
        )
        for path in bar:
            bar.set_postfix_str(path.name)

            def progress(stage, done, total, name=path.name):
                pages = f" {done}/{total}" if total else ""
                bar.set_postfix_str(f"{name}: {stage}{pages}")

            outcome = service.ingest(path, options, progress=progress)
            outcomes.append(outcome)
            if outcome.failed:
                bar.write(self.style.ERROR(f"FAILED {path}: {outcome.error}"))
            elif verbosity:
                shown = outcome.warnings if verbosity > 1 else outcome.warnings[:WARNINGS_SHOWN]
                for warning in shown:
                    bar.write(self.style.WARNING(f"{path.name}: {warning}"))
                if len(shown) < len(outcome.warnings):
                    more = len(outcome.warnings) - len(shown)
                    bar.write(self.style.WARNING(f"{path.name}: … and {more} more (-v 2)"))
        bar.close()
        if any(o.status in ("created", "updated") for o in outcomes):
            self.merge_index_segments(verbosity)
        if verbosity:
            self.stdout.write(self.summary(outcomes))
        failed = [o for o in outcomes if o.failed]
        if failed:
            raise CommandError(f"{len(failed)} of {len(outcomes)} files failed", returncode=1)

    def merge_index_segments(self, verbosity: int) -> None:
        """Few search index segments after a batch: searches cost per segment."""
        started = time.perf_counter()
        merged = indexing.merge_index_segments()
        if merged and verbosity:
            seconds = time.perf_counter() - started
            self.stdout.write(f"search index: {merged} segments merged away ({seconds:.1f} s)")

    def enqueue(self, files, *, kind):
        from uploads import jobs

        for path in files:
            job = jobs.enqueue_path(path, kind=kind or "")
            if isinstance(job, jobs.Duplicate):
                self.stdout.write(f"{path}: duplicate of {job.of}, nothing queued")
            else:
                self.stdout.write(f"{path}: queued as ingest job {job.pk}")

    def summary(self, outcomes: list[FileOutcome]) -> str:
        header = ("file", "kind", "status", *COLUMNS, "warnings", "seconds")
        rows = [header]
        for outcome in outcomes:
            counts = outcome.counts()
            cells = [str(counts[c]) if outcome.documents else "-" for c in COLUMNS]
            rows.append(
                (
                    outcome.path.name,
                    outcome.kind or "-",
                    outcome.status,
                    *cells,
                    str(len(outcome.warnings)),
                    f"{outcome.seconds:.2f}",
                )
            )
        totals = {c: sum(o.counts()[c] for o in outcomes) for c in COLUMNS}
        statuses = {
            s: sum(o.status == s for o in outcomes)
            for s in ("created", "updated", "unchanged", "parsed", "failed")
        }
        rows.append(
            (
                "total",
                "",
                "",
                *(str(totals[c]) for c in COLUMNS),
                str(sum(len(o.warnings) for o in outcomes)),
                f"{sum(o.seconds for o in outcomes):.2f}",
            )
        )
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines = []
        for index, row in enumerate(rows):
            lines.append(
                "  ".join(
                    cell.ljust(w) if i < 3 else cell.rjust(w)
                    for i, (cell, w) in enumerate(zip(row, widths, strict=True))
                )
            )
            if index == 0 or index == len(rows) - 2:
                lines.append("  ".join("-" * w for w in widths))
        lines.append(
            ", ".join(
                f"{count} {status}"
                for status, count in statuses.items()
                if count or status != "parsed"
            )
        )
        for outcome in outcomes:
            if outcome.failed:
                lines.append(f"failed: {outcome.path}: {outcome.error}")
            if outcome.stats and outcome.stats.conflicts:
                lines.append(
                    f"{outcome.path.name}: {len(outcome.stats.conflicts)} curated fields changed in the source (flagged for review)"
                )
            if outcome.stats and outcome.stats.elsewhere:
                lines.append(
                    f"{outcome.path.name}: {len(outcome.stats.elsewhere)} news items already "
                    f"in from another file, kept as they are: "
                    + ", ".join(outcome.stats.elsewhere[:WARNINGS_SHOWN])
                )
        return "\n".join(lines)
