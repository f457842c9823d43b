"""``make demo``: its environment, its seeded data, what it prints, and the whole command
started and stopped with Ctrl+C as a user would."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from hub.models import Record
from portal.demo import DEMO_DATABASE, SEED_ORDER, DemoAddresses, demo_environment, instructions
from portal.demo import seed_hub as seed
from sandbox.commercetools import server as ct_sandbox
from sandbox.orocommerce import server as oro_sandbox

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_has_its_own_database_unless_one_is_given():
    env = demo_environment({}, DemoAddresses())
    assert env["DATABASE_URL"] == f"sqlite:///{DEMO_DATABASE}"
    given = demo_environment({"DATABASE_URL": "postgres://db/demo"}, DemoAddresses())
    assert given["DATABASE_URL"] == "postgres://db/demo"


def test_the_sandboxes_are_allowed_and_the_redirect_url_matches_the_portal():
    env = demo_environment(
        {"OUTBOUND_ALLOWED_HOSTS": "shop.lan, localhost", "PORTAL_PUBLIC_URL": "http://x"},
        DemoAddresses(bind="127.0.0.1:8123"),
    )
    assert env["OUTBOUND_ALLOWED_HOSTS"] == "shop.lan,localhost"
    assert env["PORTAL_PUBLIC_URL"] == "http://127.0.0.1:8123"
    listening_everywhere = DemoAddresses(bind="0.0.0.0:8000")
    assert listening_everywhere.portal_url == "http://127.0.0.1:8000"


def test_the_instructions_name_the_sandboxes_demo_credentials():
    text = instructions(DemoAddresses(), "admin", "pw")
    for value in (
        "admin / pw",
        "http://localhost:8201",
        oro_sandbox.DEMO_CLIENT_ID,
        oro_sandbox.DEMO_CLIENT_SECRET,
        f"{oro_sandbox.DEMO_USERNAME} / {oro_sandbox.DEMO_PASSWORD}",
        "http://127.0.0.1:8000/oauth/callback/",
        f"http://localhost:8202/{ct_sandbox.DEMO_PROJECT_KEY}",
        ct_sandbox.DEMO_CLIENT_ID,
        ct_sandbox.DEMO_CLIENT_SECRET,
        f"manage_project:{ct_sandbox.DEMO_PROJECT_KEY}",
    ):
        assert value in text


@pytest.mark.django_db
def test_the_demo_data_imports_cleanly_and_only_once():
    reports = seed()
    assert [r.entity for r in reports] == list(SEED_ORDER)
    assert all(r.ok and r.created == r.rows > 0 for r in reports), [r.summary() for r in reports]
    boot = Record.objects.get(entity="product", key="DEMO-BOOT-S3").data
    assert boot["type"] == "configurable"
    assert Record.objects.filter(entity="product", key__in=boot["variants"]).count() == 2
    again = seed()
    assert all(r.unchanged == r.rows for r in again)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code < 500
    except requests.RequestException:
        return False


@pytest.mark.slow
def test_one_command_starts_everything_and_ctrl_c_stops_it(tmp_path):
    portal, oro, ct = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    marker = env["DATABASE_URL"]  # inherited by everything the demo starts
    env["Q_WORKERS"] = "1"
    log = tmp_path / "demo.log"
    command = [sys.executable, "manage.py", "demo", "--bind", f"127.0.0.1:{portal}"]
    command += ["--oro-port", str(oro), "--commercetools-port", str(ct)]
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        urls = [
            f"http://127.0.0.1:{portal}/admin/login/",
            f"http://localhost:{oro}/__sandbox__/stats",
            f"http://localhost:{ct}/__sandbox__/stats",
        ]
        deadline = time.monotonic() + 120
        # The worker cluster logs "Q Cluster" once it runs; on a busy machine that can come
        # after the web server answers.
        while not all(answers(url) for url in urls) or "Q Cluster" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.5)
        printed = log.read_text()
        assert "log in as admin / switchboard-demo" in printed
        assert "8 rows of product: 8 created" in printed
        assert "Q Cluster" in printed  # the worker runs beside the web server

        assert len(started_with(marker)) >= 5  # demo, 2 sandboxes, web server, worker cluster

        os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C in the terminal sends
        process.wait(timeout=60)
        left = started_with(marker)
        assert not left, f"still running after Ctrl+C: {left}"
        assert not any(answers(url) for url in urls), "something is still listening"
    finally:
        for pid in started_with(marker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def started_with(marker: str) -> dict[int, str]:
    """Every process whose environment holds ``marker``: the demo and all it started, however
    deep (the worker cluster's own processes too)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found[int(entry.name)] = (
                    (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                )
        except OSError:  # gone meanwhile, or not ours to read
            continue
    return found
