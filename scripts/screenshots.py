"""Screenshots of Helsedocs' main pages, for reviewing the UI by eye.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--base URL]
Without --base it serves the project's database itself (run `make run` once first, so the
seeds are ingested) on a free local port, with Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = [
    ("home", "/"),
    ("search", "/search/?q=fastlegen"),
    ("documents", "/documents/"),
    ("document-prop", "/documents/prop-1-s-2024-2025/"),
    ("document-plan", "/documents/meld-st-9-2023-2024/"),
    ("measures", "/measures/?kind=oppdrag"),
    ("decisions", "/decisions/?kind=anmodningsvedtak"),
    ("budget", "/budget/?document=prop-1-s-2024-2025"),
    ("chart-budget", "/charts/budget/"),
    ("chart-news", "/charts/news/"),
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - local server
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server at {url} did not answer")


def shoot(base: str, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width, suffix in ((1280, ""), (390, "-phone")):
            page = browser.new_page(viewport={"width": width, "height": 900})
            for name, path in PAGES:
                if suffix and name not in {"home", "search", "document-plan", "chart-budget"}:
                    continue
                page.goto(base + path)
                target = out / f"{name}{suffix}.png"
                page.screenshot(path=str(target), full_page=False)
                written.append(target)
            page.close()
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--base", help="a running Helsedocs, e.g. http://127.0.0.1:8000")
    args = parser.parse_args()
    server = None
    base = args.base
    if base is None:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=os.environ | {"DJANGO_DEBUG": "false"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        wait_for(base + "/")
        for path in shoot(base.rstrip("/"), args.out):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
