"""``manage.py ingest`` killed (SIGKILL) right after its commit, before its index write.

Run as ``python -m tests.reliability.killed_ingest PATH ...`` with DATABASE_URL and
HELSEDOCS_TEST_INDEX_DIR naming the database and index; the process dies where a power
cut or the OOM killer could strike.
"""

import os
import signal
import sys

import django


def main(paths: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsedocs.settings.test")
    django.setup()
    from django.core.management import call_command

    from documents import indexing

    def killed(**kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    indexing.index_changes = killed
    call_command("ingest", "--no-progress", "-v0", *paths)


if __name__ == "__main__":
    main(sys.argv[1:])
