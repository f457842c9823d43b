"""A local HTTP server that counts what reaches it: the judge of the throttle's promises.

Threaded stdlib server on 127.0.0.1. Each request waits ``latency`` seconds and answers a small
JSON body. It records when each request started (its own clock) and the most requests it ever
had in flight at once. In-flight ends just before the answer is written, so a client that has
its answer can never see the server still counting it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.latency = latency
        self.lock = threading.Lock()
        self.starts: list[float] = []
        self.in_flight = 0
        self.max_in_flight = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def reset(self) -> None:
        with self.lock:
            self.starts.clear()
            self.in_flight = 0
            self.max_in_flight = 0

    def max_in_window(self, seconds: float) -> int:
        """The most request starts seen in any interval of ``seconds`` (half-open)."""
        with self.lock:
            starts = sorted(self.starts)
        best = 0
        first = 0
        for last, t in enumerate(starts):
            while starts[first] <= t - seconds:
                first += 1
            best = max(best, last - first + 1)
        return best


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; without this, Nagle + delayed ACK add ~40 ms.
    disable_nagle_algorithm = True
    server: CountingServer

    def _serve(self) -> None:
        server = self.server
        with server.lock:
            server.starts.append(time.monotonic())
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        if server.latency:
            time.sleep(server.latency)
        body = json.dumps({"ok": True}).encode()
        with server.lock:
            server.in_flight -= 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


@contextmanager
def counting_server(latency: float = 0.0) -> Iterator[CountingServer]:
    server = CountingServer(latency)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
