"""A stub store over HTTP for tests where django-q2 really runs transfers in other processes.

The store keeps customer groups by name and finds by name before it creates, as the real
adapters do, so a record sent twice is still one remote object. It counts every create, and can
answer slowly so that a test has time to kill a worker mid-transfer.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import requests

from connectors.adapters import PullPage, PushOutcome


class StubStore(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = latency
        self.lock = threading.Lock()
        self.groups: dict[str, dict[str, Any]] = {}
        self.writes = 0
        self.orders = [{"id": str(n), "number": f"SO-{n}"} for n in range(1, 8)]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: StubStore
    disable_nagle_algorithm = True

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        document = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        time.sleep(self.server.latency)
        with self.server.lock:
            self.server.writes += 1
            found = self.server.groups.get(document["name"])
            action = "updated" if found else "created"
            if found is None:
                found = self.server.groups[document["name"]] = {
                    "id": str(len(self.server.groups) + 1)
                }
            found.update(document)
        self._send({"id": found["id"], "action": action})

    def do_GET(self) -> None:
        after = int(self.path.rsplit("after=", 1)[-1]) if "after=" in self.path else 0
        page = [o for o in self.server.orders if int(o["id"]) > after][:3]
        self._send({"data": page})


@contextmanager
def running_stub_store(latency: float = 0.0) -> Iterator[StubStore]:
    server = StubStore(latency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


class StubAdapter:
    """Pushes customer groups and pulls orders from a ``StubStore`` (in a worker process)."""

    def __init__(self, url: str) -> None:
        self.url = url

    def push(self, document: dict[str, Any], known: Any) -> PushOutcome:
        body = requests.post(f"{self.url}/groups", json=document, timeout=30).json()
        return PushOutcome(body["action"], body["id"])

    def pull_page(self, window: Any, cursor: dict[str, Any] | None) -> PullPage:
        after = (cursor or {}).get("after", 0)
        data = requests.get(f"{self.url}/orders?after={after}", timeout=30).json()["data"]
        return PullPage(data, {"after": int(data[-1]["id"])} if data else None)
