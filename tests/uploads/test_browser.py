"""Uploading in a real Chromium against a Helsedocs that runs as ``make run`` runs it: the
web server and the ingest worker as two processes sharing a (scratch) database, media
folder and search index."""

import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_reingest import NOTE
from .test_worker_killed import manage, project, query

pytestmark = pytest.mark.playwright

ROOT = Path(__file__).resolve().parent.parent.parent
FHI_NOTE = "fhi-notat-2024-menns-bruk-av-primarhelsetjenester.pdf"
PASSWORD = "hemmelig-passord-1"
USERS = f"""
from django.contrib.auth.models import Group, User
for name in ("curator", "reader"):
    user = User.objects.create_user("kari-" + name, password="{PASSWORD}", is_staff=True)
    user.groups.add(Group.objects.get(name=name))
"""
# Records every text the job page's state shows, across reloads: was the page reloaded to
# show progress, or updated in place? (The test's own script, not the application's.)
WATCH_STATE = """
window.addEventListener("DOMContentLoaded", () => {
  const state = document.getElementById("job-state");
  if (!state) return;
  window.recordState(state.textContent.trim(), "load");
  new MutationObserver(() => window.recordState(state.textContent.trim(), "update"))
    .observe(state, { childList: true, characterData: true, subtree: true });
});
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture(scope="module")
def helsedocs(tmp_path_factory):
    """A running Helsedocs (server and worker processes) with a curator and a reader."""
    env = {**project(tmp_path_factory.mktemp("live") / "helsedocs"), "DJANGO_DEBUG": "true"}
    manage(env, "shell", "-c", USERS)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/admin/login/")
        yield {"url": f"http://127.0.0.1:{port}", "env": env}
    finally:
        for process in (worker, server):
            process.terminate()
            process.wait(timeout=30)


def log_in(page, site: str, role: str) -> None:
    page.goto(f"{site}/admin/login/")
    page.fill("input[name=username]", f"kari-{role}")
    page.fill("input[name=password]", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{site}/admin/")


def upload(page, site: str, *files: Path, **fields: str) -> None:
    page.goto(f"{site}/admin/documents/document/")
    page.get_by_role("link", name="Last opp dokumenter").click()
    page.set_input_files("input[name=files]", [str(path) for path in files])
    for name, value in fields.items():
        page.fill(f"[name={name}]", value)
    page.get_by_role("button", name="Last opp og les inn").click()


def test_a_curator_uploads_a_real_pdf_and_a_text_file_and_finds_them(
    page, helsedocs, real_docs, tmp_path, record_property
):
    site = helsedocs["url"]
    seen = []
    page.expose_function("recordState", lambda text, how: seen.append((how, text)))
    page.add_init_script(WATCH_STATE)
    log_in(page, site, "curator")

    started = time.monotonic()
    upload(page, site, real_docs / FHI_NOTE)
    page.wait_for_url(re.compile(r"/admin/uploads/ingestjob/\d+/change/$"))  # at once
    page.locator("#job-state[data-state=done]").wait_for(timeout=120_000)
    upload_to_done = time.monotonic() - started
    record_property("fhi_note_upload_to_done_seconds", round(upload_to_done, 1))
    sys.stderr.write(f"\nFHI note (23 pages): upload to done in {upload_to_done:.1f} s\n")

    # The state moved on in place (no reload) before the one reload that shows the summary.
    updates = [text for how, text in seen if how == "update"]
    assert updates, seen
    assert seen[-1] == ("load", "Ferdig")
    assert all(text != "Ferdig" for text in updates[:-1])
    assert page.locator("#job-progress").get_attribute("value") == "100"
    summary = page.locator("#job-summary tbody td").all_inner_texts()
    assert summary[:4] == [FHI_NOTE, "other", "created", "1"]
    assert int(summary[4]) >= 10  # its sections

    page.locator("#job-documents th a").click()
    assert page.locator("h1").inner_text() == "Menns bruk av primærhelsetjenester"
    page.goto(f"{site}/search/?q=legevakt")
    assert "Menns bruk av primærhelsetjenester" in page.locator("main").inner_text()

    note = tmp_path / "notat-menn.txt"
    note.write_text(NOTE, encoding="utf-8")
    upload(page, site, note, title="Menn og fastlegen", reference="Notat 2024:3")
    page.locator("#job-state[data-state=done]").wait_for(timeout=60_000)
    page.locator("#job-documents th a").click()
    assert page.locator("h1").inner_text() == "Menn og fastlegen"
    page.goto(f"{site}/search/?q=arbeidsplassen")
    assert "Menn og fastlegen" in page.locator("main").inner_text()


def test_a_broken_file_shows_its_reason_and_leaves_nothing_behind(page, helsedocs, tmp_path):
    site, env = helsedocs["url"], helsedocs["env"]
    before = query(
        env, "SELECT COUNT(*), (SELECT COUNT(*) FROM documents_section) FROM documents_document"
    )
    log_in(page, site, "curator")

    broken = tmp_path / "referat.txt"
    broken.write_bytes("Referat fra styremøtet i Helse Sør-Øst\n\nSaker.\n".encode("latin-1"))
    upload(page, site, broken)
    page.locator("#job-state[data-state=failed]").wait_for(timeout=60_000)
    reason = page.locator("#job-state").inner_text()
    assert reason.startswith("Feilet: the file is not UTF-8")
    assert page.get_by_role("button", name="Prøv på nytt").is_visible()

    truncated = tmp_path / "kuttet.pdf"
    data = (ROOT / "tests" / "ingest" / "pdfs" / "white_paper.pdf").read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    upload(page, site, truncated)
    error = page.locator(".errorlist").inner_text()
    assert "kuttet.pdf kan ikke leses inn: the PDF is truncated" in error

    after = query(
        env, "SELECT COUNT(*), (SELECT COUNT(*) FROM documents_section) FROM documents_document"
    )
    assert after == before
    assert query(env, "SELECT COUNT(*) FROM uploads_ingestjob WHERE name = 'kuttet.pdf'") == [(0,)]


def test_a_reader_sees_no_upload_button_and_gets_403(page, helsedocs):
    site = helsedocs["url"]
    log_in(page, site, "reader")
    page.goto(f"{site}/admin/documents/document/")
    assert page.get_by_role("link", name="Last opp dokumenter").count() == 0
    response = page.goto(f"{site}/admin/uploads/ingestjob/upload/")
    assert response.status == 403
    page.console_errors.clear()  # the 403 was asked for
