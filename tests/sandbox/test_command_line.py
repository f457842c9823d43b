"""`python -m sandbox ...` runs a sandbox as its own process, for the demo."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest
import requests


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
@pytest.mark.parametrize("store", ["orocommerce", "commercetools"])
def test_the_command_line_serves_a_sandbox_with_a_fault_from_its_arguments(store):
    port = free_port()
    fault = '{"kind": "status", "status": 502, "count": 1}'
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", store, "--port", str(port), "--fault", fault],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        assert f"http://127.0.0.1:{port}" in banner
        deadline = time.monotonic() + 10
        while True:
            try:
                first = requests.get(f"http://127.0.0.1:{port}/anything", timeout=2)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline
                time.sleep(0.05)
        assert first.status_code == 502
        stats = requests.get(f"http://127.0.0.1:{port}/__sandbox__/stats", timeout=2).json()
        assert stats["total"] == 1
    finally:
        process.terminate()
        process.wait(timeout=10)
