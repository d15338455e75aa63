"""A curator saving a measure in the admin again and again until a stop file appears.

Run as ``python -m tests.reliability.admin_saves STOP_FILE`` with DATABASE_URL naming the
database an ingest is writing to; writes one JSON line: each save's status and seconds.
"""

import json
import os
import sys
import time
from pathlib import Path


def main(stop: Path) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helsedocs.settings.test")
    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import setup_test_environment

    from documents.models import Measure

    setup_test_environment()  # the test client's host is allowed
    user = User.objects.create_superuser("kari", password="x")
    client = Client(raise_request_exception=False)
    client.force_login(user)
    measure = Measure.objects.order_by("pk").first()
    url = f"/admin/documents/measure/{measure.pk}/change/"
    saves = []
    while not stop.exists():
        data = {
            "title": measure.title,
            "text": measure.text,
            "number": measure.number,
            "status": measure.status,
            "amount_nok": "" if measure.amount_nok is None else measure.amount_nok,
            "curator_note": f"save {len(saves)}",
        }
        started = time.monotonic()
        response = client.post(url, data)
        saves.append((response.status_code, round(time.monotonic() - started, 3)))
        time.sleep(0.05)
    measure.refresh_from_db()
    sys.stdout.write(json.dumps({"saves": saves, "note": measure.curator_note}) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
