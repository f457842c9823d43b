"""The shared core of the sandboxes: a threaded HTTP server, a tiny router, faults and counters.

Standard library only, and nothing of Switchboard's: the sandboxes stand in for real stores, so they
must not share the portal's code (or its bugs).
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

CONTROL_PREFIX = "/__sandbox__"


@dataclass
class Request:
    method: str
    path: str
    query: list[tuple[str, str]]
    headers: dict[str, str]  # lower-cased names
    body: bytes
    params: dict[str, str] = field(default_factory=dict)  # from the route pattern

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def arg(self, name: str, default: str | None = None) -> str | None:
        for key, value in self.query:
            if key == name:
                return value
        return default

    def args(self, name: str) -> list[str]:
        return [value for key, value in self.query if key == name]

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any, content_type: str = "application/json") -> Response:
        return cls(status, json.dumps(payload).encode(), {"Content-Type": content_type})

    @classmethod
    def html(cls, status: int, text: str) -> Response:
        return cls(status, text.encode(), {"Content-Type": "text/html; charset=utf-8"})

    @classmethod
    def redirect(cls, location: str) -> Response:
        return cls(302, b"", {"Location": location})


DROP = Response(-1)  # close the socket without answering

Handler = Callable[[Request], Response]


class Router:
    """Routes by method and a path pattern with `{name}` placeholders (one segment each)."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), handler))

    def match(self, method: str, path: str) -> tuple[Handler | None, dict[str, str], bool]:
        """Returns (handler, params, path_known); path_known tells 405 from 404."""
        known = False
        for route_method, regex, handler in self._routes:
            found = regex.match(path)
            if found:
                known = True
                if route_method == method:
                    return handler, found.groupdict(), True
        return None, {}, known


# ---------------------------------------------------------------- faults


FAULT_KINDS = {"latency", "status", "drop"}


@dataclass
class Fault:
    """One injected fault. `count=None` means every matching request until cleared."""

    kind: str  # latency | status | drop
    status: int = 503
    latency: float = 0.0
    retry_after: int | None = None
    path_prefix: str = ""
    method: str | None = None
    count: int | None = None

    def matches(self, request: Request) -> bool:
        if self.method and self.method.upper() != request.method:
            return False
        return request.path.startswith(self.path_prefix)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        kind = data.get("kind")
        if kind not in FAULT_KINDS:
            raise ValueError(f"kind must be one of {sorted(FAULT_KINDS)}")
        fault = cls(
            kind=kind,
            status=int(data.get("status", 503)),
            latency=float(data.get("latency", 0.0)),
            retry_after=None if data.get("retry_after") is None else int(data["retry_after"]),
            path_prefix=str(data.get("path_prefix", "")),
            method=data.get("method"),
            count=None if data.get("count") is None else int(data["count"]),
        )
        if fault.kind == "status" and not 400 <= fault.status <= 599:
            raise ValueError("status must be 4xx or 5xx")
        return fault

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# ---------------------------------------------------------------- counters


class RequestStats:
    """Counts request starts in a sliding window and requests in flight.

    The largest count of starts in any window of `window` seconds is reached in a window ending at a
    start, so checking at each start gives the exact maximum, not an estimate.
    """

    def __init__(self, window: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self.window = window
        self.reset()

    def reset(self, window: float | None = None) -> None:
        with self._lock:
            if window is not None:
                self.window = float(window)
            self._starts: deque[float] = deque()
            self.total = 0
            self.max_in_window = 0
            self.in_flight = 0
            self.max_in_flight = 0

    def started(self) -> None:
        with self._lock:
            now = self._clock()
            self._starts.append(now)
            while self._starts and self._starts[0] <= now - self.window:
                self._starts.popleft()
            self.total += 1
            self.max_in_window = max(self.max_in_window, len(self._starts))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def finished(self) -> None:
        with self._lock:
            self.in_flight -= 1

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "window_seconds": self.window,
                "total": self.total,
                "max_in_window": self.max_in_window,
                "in_flight": self.in_flight,
                "max_in_flight": self.max_in_flight,
            }


# ---------------------------------------------------------------- server


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (or a dropped-connection fault) is not a server error.
        pass


class Sandbox:
    """Base of both sandboxes: subclasses register their routes in `self.router`."""

    name = "sandbox"

    def __init__(self, host: str = "127.0.0.1", port: int = 0, stats_window: float = 1.0) -> None:
        self.host = host
        self.port = port
        self.router = Router()
        self.stats = RequestStats(stats_window)
        self._faults: list[Fault] = []
        self._faults_lock = threading.Lock()
        self._clock_offset = 0.0
        self._server: _QuietServer | None = None
        self._thread: threading.Thread | None = None
        self.lock = threading.RLock()  # guards the in-memory data

    # --- time: tests move the sandbox clock instead of sleeping
    def now(self) -> float:
        return time.time() + self._clock_offset

    def advance(self, seconds: float) -> None:
        """Moves this sandbox's clock forward (token and code expiry), without sleeping."""
        self._clock_offset += seconds

    # --- faults
    def add_fault(self, kind: str, **options: Any) -> Fault:
        fault = Fault.from_json({"kind": kind, **options})
        with self._faults_lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._faults_lock:
            self._faults.clear()

    def faults(self) -> list[Fault]:
        with self._faults_lock:
            return list(self._faults)

    def expire_tokens(self) -> int:
        """Forces every current access token to expire; returns how many. Subclasses implement."""
        raise NotImplementedError

    def _take_faults(self, request: Request) -> list[Fault]:
        taken = []
        with self._faults_lock:
            for fault in list(self._faults):
                if fault.matches(request):
                    taken.append(fault)
                    if fault.count is not None:
                        fault.count -= 1
                        if fault.count <= 0:
                            self._faults.remove(fault)
        return taken

    # --- lifecycle
    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> Sandbox:
        self._server = _QuietServer((self.host, self.port), _make_handler(self))
        self.port = self._server.server_address[1]
        # a short poll interval makes stop() (and so each test) quick
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"{self.name}-sandbox",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def describe(self) -> str:
        """What the command line prints at start: URLs and demo credentials (no real secrets)."""
        return f"{self.name} sandbox on {self.base_url}"

    def serve_forever(self) -> None:
        self._server = _QuietServer((self.host, self.port), _make_handler(self))
        self.port = self._server.server_address[1]
        print(self.describe(), flush=True)
        try:
            self._server.serve_forever()
        finally:
            self._server.server_close()

    @classmethod
    @contextlib.contextmanager
    def running(cls, **options: Any) -> Iterator[Any]:
        """`with OroSandbox.running() as sb:` serves on a free port of 127.0.0.1 in a thread."""
        sandbox = cls(**options)
        sandbox.start()
        try:
            yield sandbox
        finally:
            sandbox.stop()

    # --- dispatch
    def handle(self, request: Request) -> Response:
        if request.path.startswith(CONTROL_PREFIX + "/") or request.path == CONTROL_PREFIX:
            return self._control(request)
        self.stats.started()
        try:
            for fault in self._take_faults(request):
                if fault.kind == "latency":
                    time.sleep(fault.latency)
                elif fault.kind == "drop":
                    return DROP
                elif fault.kind == "status":
                    return self.fault_response(fault)
            handler, params, known = self.router.match(request.method, request.path)
            if handler is None:
                return self.not_found(request) if not known else Response(405)
            request.params = params
            return handler(request)
        finally:
            self.stats.finished()

    def fault_response(self, fault: Fault) -> Response:
        headers = {}
        if fault.retry_after is not None:
            headers["Retry-After"] = str(fault.retry_after)
        response = Response.json(
            fault.status, {"message": "injected fault", "status": fault.status}
        )
        response.headers.update(headers)
        return response

    def not_found(self, request: Request) -> Response:
        return Response.json(404, {"message": "not found"})

    def _control(self, request: Request) -> Response:
        path = request.path[len(CONTROL_PREFIX) :]
        try:
            if path == "/faults" and request.method == "GET":
                return Response.json(200, {"faults": [f.to_json() for f in self.faults()]})
            if path == "/faults" and request.method == "POST":
                data = request.json()
                items = data if isinstance(data, list) else [data]
                added = []
                for item in items:
                    if item.get("kind") == "expire_tokens":
                        added.append({"kind": "expire_tokens", "expired": self.expire_tokens()})
                    else:
                        added.append(self.add_fault(**item).to_json())
                return Response.json(201, {"faults": added})
            if path == "/faults" and request.method == "DELETE":
                self.clear_faults()
                return Response(204)
            if path == "/stats" and request.method == "GET":
                return Response.json(200, self.stats.snapshot())
            if path == "/stats" and request.method in ("DELETE", "POST"):
                window = request.arg("window")
                self.stats.reset(float(window) if window else None)
                return Response(204)
        except (ValueError, TypeError, json.JSONDecodeError) as exc:
            return Response.json(400, {"message": str(exc)})
        return Response.json(404, {"message": "unknown control endpoint"})


def _make_handler(sandbox: Sandbox) -> type[BaseHTTPRequestHandler]:
    class _Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = f"switchboard-{sandbox.name}-sandbox"
        # Headers and body go out as separate writes; without this, Nagle + delayed ACK add
        # ~40 ms to every answer on a kept-alive connection.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass  # quiet; tokens can sit in request lines of badly behaved clients

        def _dispatch(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            request = Request(
                method=self.command,
                path=parts.path,
                query=parse_qsl(parts.query, keep_blank_values=True),
                headers={k.lower(): v for k, v in self.headers.items()},
                body=body,
            )
            try:
                response = sandbox.handle(request)
            except Exception:  # a sandbox bug must still answer, like a real 500
                response = Response.json(500, {"message": "sandbox internal error"})
            if response is DROP:
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            self.send_response(response.status)
            for name, value in response.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = do_HEAD = do_OPTIONS = _dispatch

    return _Handler
