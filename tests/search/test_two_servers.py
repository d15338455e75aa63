"""Two app servers on one PostgreSQL: what one writes, the other finds at once.

Each server is a gunicorn process of its own on a loopback port, reading the test
database (committed rows: a transactional test). The PostgreSQL engine keeps its index
in that database, written in the edit's own transaction, and every server checks the
synonym table's version on each search, so neither has anything to catch up on.
"""

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from documents.indexing import index_documents
from documents.models import Synonym
from tests import factories
from tests.reliability.test_hide_unhide import change_form_data

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "to-servere-ett-passord"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a PostgreSQL DATABASE_URL"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def servers(transactional_db):
    """Two gunicorn servers on the test database, each with one worker process."""
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    environment = os.environ | {
        "DATABASE_URL": database,
        "DJANGO_SETTINGS_MODULE": "helsedocs.settings.base",
        "DJANGO_DEBUG": "false",
    }
    processes, bases = [], []
    for _ in range(2):
        port = _free_port()
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "helsedocs.wsgi",
                    "-b",
                    f"127.0.0.1:{port}",
                    "-w",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=environment,
            )  # fmt: skip
        )
        bases.append(f"http://127.0.0.1:{port}")
    try:
        for base in bases:
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(base + "/search/", timeout=5).read()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def found(base: str, q: str) -> set[tuple[str, int]]:
    url = f"{base}/search/?q={urllib.parse.quote(q)}&format=json"
    with urllib.request.urlopen(url, timeout=30) as response:
        return {(hit["type"], hit["id"]) for hit in json.loads(response.read())}


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def logged_in(base: str) -> urllib.request.OpenerDirector:
    """A browser-like session on ``base``, logged in to the admin as the curator."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    page = opener.open(f"{base}/admin/login/").read().decode()
    data = {"username": "kurator", "password": PASSWORD, "csrfmiddlewaretoken": _csrf(page)}
    opener.open(f"{base}/admin/login/?next=/admin/", urllib.parse.urlencode(data).encode())
    return opener


def test_a_curators_edit_through_one_server_is_found_through_the_other_at_once(
    servers, client, django_user_model
):
    first, second = servers
    curator = django_user_model.objects.create_superuser("kurator", "k@example.org")
    # The servers run the base settings' hashers, not the test settings' fast one.
    curator.password = PBKDF2PasswordHasher().encode(PASSWORD, "kuratorsalt")
    curator.save()
    plan = factories.document("plan", title="Helseplanen")
    section = factories.section(plan, 0, title="Beredskap", text="Helseberedskapen skal styrkes.")
    index_documents([plan.pk])
    assert ("section", section.pk) in found(second, "helseberedskap")
    assert found(second, "kystradio") == set()

    url = f"/admin/documents/section/{section.pk}/change/"
    client.force_login(curator)
    data = change_form_data(client, url) | {"title": "Kystradioen"}
    session = logged_in(first)
    data["csrfmiddlewaretoken"] = _csrf(session.open(first + url).read().decode())
    session.open(first + url, urllib.parse.urlencode(data, doseq=True).encode()).read()

    assert ("section", section.pk) in found(second, "kystradio")


def test_a_synonym_saved_elsewhere_applies_on_both_servers_at_once(servers):
    plan = factories.document("plan", title="Helseplanen")
    section = factories.section(plan, 0, title="Sykehus", text="Sykehusene i nord.")
    index_documents([plan.pk])
    first, second = servers
    assert found(first, "lasarett") == found(second, "lasarett") == set()  # both cache the table

    Synonym.objects.create(term="lasarett", synonyms="sykehus")  # a third process

    assert ("section", section.pk) in found(first, "lasarett")
    assert ("section", section.pk) in found(second, "lasarett")
