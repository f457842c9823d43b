"""Browser tests: Playwright driving Debian's chromium against a live portal, a real django-q2
worker cluster and in-process sandboxes.

The portal listens on 127.0.0.1 and the sandboxes on localhost: a browser keeps cookies per
host name, not per port, so the sandbox's login page never touches the portal's session
(DECISIONS.md "Tests and CI"). Skipped, with the reason, only where no browser can run: the
``playwright`` package or ``/usr/bin/chromium`` missing (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connections

from sandbox.orocommerce import OroSandbox

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "var" / "browser-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where chromium's own sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# pytest-django's live_server reads this; the sandboxes take localhost (see above).
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


@pytest.fixture
def page(transactional_db, live_server, monkeypatch) -> Iterator[object]:
    """A fresh chromium tab. Started after the database and the live server, and closed
    before them: Playwright's sync API keeps an event loop running in this thread while it
    is open, and Django refuses database calls next to a running loop unless told they are
    safe, which they are here (the test's own ORM calls are plain synchronous code)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: pip install -r requirements-dev.txt")
    if not CHROMIUM.exists():
        pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium (as .ci/run does)")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # a laptop
        context.set_default_timeout(20_000)
        try:
            yield context.new_page()
        finally:
            # Django keeps connections per thread and per context: the ones the test opened
            # while Playwright ran are not those pytest-django closes, and an open one would
            # keep PostgreSQL from dropping the test database at the end of the run.
            connections.close_all()
            context.close()
            browser.close()


class Screenshots:
    """One numbered screenshot per step, kept under var/browser-artifacts/<test>/."""

    def __init__(self, page, folder: Path) -> None:
        self.page = page
        self.folder = folder
        self.taken: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.png"):
            old.unlink()

    def __call__(self, step: str) -> Path:
        name = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.folder / f"{len(self.taken) + 1:02d}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.taken.append(path)
        return path


@pytest.fixture
def shot(page, request) -> Screenshots:
    return Screenshots(page, ARTIFACTS / request.node.name)


@pytest.fixture
def oro_sandbox() -> Iterator[OroSandbox]:
    with OroSandbox.running(host="localhost") as sandbox:
        yield sandbox


def database_url() -> str:
    """The test database, as a URL for the worker process's settings."""
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{db['USER']}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker(transactional_db, request) -> Iterator[subprocess.Popen]:
    """A real ``manage.py qcluster`` on the test database: the transfers the pages start run
    exactly as in production (broker, worker process, runner, HTTP layer, sandbox)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "OUTBOUND_ALLOWED_HOSTS": "localhost",
        "Q_WORKERS": "1",
        "Q_TIMEOUT": "60",
        "Q_RETRY": "120",
    }
    if django_settings.REDIS_URL:
        env["REDIS_URL"] = django_settings.REDIS_URL
    else:
        env.pop("REDIS_URL", None)
    log = ARTIFACTS / request.node.name / "qcluster.log"  # kept beside the screenshots
    log.parent.mkdir(parents=True, exist_ok=True)
    log.unlink(missing_ok=True)
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopping it stops its workers
        )
    process.log = log  # type: ignore[attr-defined]
    try:
        yield process
    finally:
        stop_group(process)


def stop_group(process: subprocess.Popen, timeout: float = 20) -> None:
    """Stop the cluster and every process of its group, and wait until all are gone: a worker
    still closing its database connection would keep the test database from being dropped."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=timeout)
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)  # anyone left in the group?
        except ProcessLookupError:
            return
        time.sleep(0.1)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
