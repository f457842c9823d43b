"""``ConnectorSession``: the one object connectors call to reach a store.

Every attempt of every call: waits out the subscription's shared pause, takes a Concurrent
Connections lease, is admitted by the API Throttle window, goes through the outbound guard,
is timed out if the store stalls, and is recorded (redacted). Failures become typed errors;
transient ones are retried with backoff when the method is safe to repeat.
"""

from __future__ import annotations

import json as jsonlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from connectors.http.calls import CallCounters, CallRecord, CallRecorder
from connectors.http.errors import (
    ConnectorError,
    DestinationBlocked,
    ErrorTable,
    InvalidResponse,
    RateLimited,
    RequeueLater,
    Throttled,
    TransientError,
    error_from_response,
)
from connectors.http.guard import GuardedAdapter, OutboundGuard, Resolver
from connectors.http.redaction import Redactor, excerpt, shared_redactor
from connectors.http.retry import OVERLOAD_STATUSES, RETRY_STATUSES, RetryPolicy, parse_retry_after
from connectors.http.throttle import ThrottleBackend, ThrottlePolicy

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Timeouts:
    """Seconds; never infinite. ``read`` bounds each wait for bytes, not the whole answer."""

    connect: float = 10.0
    read: float = 60.0

    def __post_init__(self) -> None:
        if not (0 < self.connect < float("inf") and 0 < self.read < float("inf")):
            raise ValueError("timeouts must be positive and finite")


@dataclass(frozen=True)
class ErrorDetails:
    """What a connector's error parser reads out of a failed answer."""

    message: str
    remote_code: str | None = None
    pointer: str | None = None


ErrorParser = Callable[[requests.Response], ErrorDetails]


def default_error_parser(response: requests.Response) -> ErrorDetails:
    """Understands JSON:API ``errors``, commercetools ``message``/``errors`` and OAuth
    ``error``/``error_description``; anything else is described by status and excerpt."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        errors = body.get("errors")
        first = errors[0] if isinstance(errors, list) and errors else {}
        first = first if isinstance(first, dict) else {}
        source = first.get("source") if isinstance(first.get("source"), dict) else {}
        message = (
            first.get("detail")
            or body.get("message")
            or first.get("message")
            or body.get("error_description")
            or first.get("title")
            or body.get("error")
        )
        code = first.get("code") or body.get("error") or first.get("title")
        pointer = source.get("pointer") or first.get("field")
        if message:
            return ErrorDetails(str(message), str(code) if code else None, pointer)
    return ErrorDetails(describe_body(response))


def describe_body(response: requests.Response) -> str:
    host = urlsplit(response.url or "").hostname or "the store"
    text = excerpt(" ".join(response.text.split()), 200) if response.content else "(empty body)"
    kind = response.headers.get("Content-Type", "no content type")
    return f"HTTP {response.status_code} from {host} ({kind}): {text}"


class ConnectorSession:
    """Built from plain values; the Django side supplies the backend, recorder and counters."""

    def __init__(
        self,
        subscription: str,
        *,
        policy: ThrottlePolicy,
        throttle: ThrottleBackend,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        allowed_hosts: Iterable[str] = (),
        resolver: Resolver | None = None,
        redactor: Redactor | None = None,
        recorder: CallRecorder | None = None,
        counters: CallCounters | None = None,
        error_table: ErrorTable | None = None,
        error_parser: ErrorParser = default_error_parser,
        max_throttle_wait: float = 30.0,
        lease_ttl: float = 30.0,
        max_redirects: int = 5,
        excerpt_limit: int = 2000,
        http: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.subscription = subscription
        self.policy = policy
        self.throttle = throttle
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self.guard = OutboundGuard(allowed_hosts, resolver)
        self.redactor = redactor or shared_redactor
        self.recorder = recorder
        self.counters = counters
        self.error_table = error_table
        self.error_parser = error_parser
        self.max_throttle_wait = max_throttle_wait
        # A Concurrent Connections slot is renewed while its call lasts; a worker that dies
        # holding one gives it back after this many seconds.
        self.lease_ttl = lease_ttl
        self.max_redirects = max_redirects
        self.excerpt_limit = excerpt_limit
        self.sleep = sleep
        # An OAuth2Session from requests-oauthlib may be passed in: it gets the same adapter.
        self.http = http or requests.Session()
        self.http.trust_env = False  # proxies from the environment would bypass the guard
        adapter = GuardedAdapter(self.guard, max_retries=0)
        self.http.mount("http://", adapter)
        self.http.mount("https://", adapter)

    def __repr__(self) -> str:
        return f"ConnectorSession({self.subscription!r})"

    # --- public API --------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        *,
        safe_to_retry: bool | None = None,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Send one call; return the successful response or raise a ``ConnectorError``.

        ``safe_to_retry`` overrides the method's default (GET/PUT/PATCH/DELETE yes, POST no):
        pass True for a POST the store deduplicates, False for a PATCH that is not repeatable.
        """
        method = method.upper()
        may_retry = self.retry.may_retry(method, safe_to_retry)
        attempt = 0
        hops = 0
        while True:
            attempt += 1
            response, failure, sent = self._attempt(
                method, url, attempt, params=params, json=json, data=data, headers=headers
            )
            if response is not None and response.status_code in REDIRECT_STATUSES:
                hops += 1
                url, method, json, data = self._follow(response, url, method, json, data, hops)
                params = None  # the Location carries its own query
                attempt -= 1  # a redirect hop is not a failed attempt
                continue
            if response is not None and response.status_code < 400:
                return response

            delay: float | None = None
            if response is not None:
                failure = self._error(response)
                delay = parse_retry_after(response.headers.get("Retry-After"))
                if response.status_code in OVERLOAD_STATUSES:
                    # Slow down every worker of the subscription, not only this one.
                    self.throttle.pause(
                        self.subscription, delay if delay is not None else self._backoff(attempt)
                    )
            assert failure is not None
            retryable = (response is None or response.status_code in RETRY_STATUSES) and (
                may_retry or not sent
            )
            if not retryable or attempt >= self.retry.max_attempts:
                raise self._final(failure, delay)
            if delay is None:
                delay = self._backoff(attempt)
            if delay > self.retry.max_sleep:
                raise self._requeue(delay, failure)
            if response is None or response.status_code not in OVERLOAD_STATUSES:
                self.sleep(delay)  # an overload pause is waited out at the next attempt

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self.request("GET", url, **kw)

    def get_json(self, url: str, **kw: Any) -> Any:
        return self.json_or_error(self.request("GET", url, **kw))

    def json_or_error(self, response: requests.Response) -> Any:
        """The parsed JSON body, or ``InvalidResponse`` naming the status and an excerpt."""
        return json_or_error(response, self.redactor)

    # --- one attempt -----------------------------------------------------------------------

    def _attempt(
        self, method: str, url: str, attempt: int, **kw: Any
    ) -> tuple[requests.Response | None, ConnectorError | None, bool]:
        """One exchange. Returns (response, error when no response, whether it was sent)."""
        self.guard.check_url(url)
        self._wait_for_pause()
        started = time.monotonic()
        waited = 0.0
        throttled = False
        response: requests.Response | None = None
        failure: ConnectorError | None = None
        sent = False
        try:
            with self.throttle.connection(
                self.subscription, self.policy, ttl=self.lease_ttl, max_wait=self.max_throttle_wait
            ) as lease:
                left = self.max_throttle_wait - (time.monotonic() - started)
                window_wait = self.throttle.admit(
                    self.subscription, self.policy.limit, self.policy.seconds, max_wait=left
                )
                waited = time.monotonic() - started
                throttled = lease.waited or window_wait > 0
                sent = True
                try:
                    response = self.http.request(
                        method,
                        url,
                        timeout=(self.timeouts.connect, self.timeouts.read),
                        allow_redirects=False,
                        **kw,
                    )
                except requests.ConnectTimeout as exc:
                    sent = False  # never reached the store: safe to try again for any method
                    failure = TransientError(self._plain(exc, "could not connect in time"))
                except requests.Timeout as exc:
                    failure = TransientError(self._plain(exc, "the answer did not come in time"))
                except requests.ConnectionError as exc:
                    failure = TransientError(self._plain(exc, "the connection failed"))
                except requests.RequestException as exc:  # a broken or cut-off answer
                    failure = TransientError(self._plain(exc, "the answer could not be read"))
        except Throttled:
            self._count(throttled=1, errors=1)
            raise
        except DestinationBlocked as exc:
            self._record(method, url, attempt, kw, None, started, waited, exc)
            self._count(calls=1, errors=1)
            raise
        self._record(method, url, attempt, kw, response, started + waited, waited, failure)
        failed = failure is not None or (response is not None and response.status_code >= 400)
        self._count(calls=1, errors=int(failed), throttled=int(throttled))
        return response, failure, sent

    def _wait_for_pause(self) -> None:
        left = self.throttle.paused_for(self.subscription)
        if left <= 0:
            return
        if left > self.retry.max_sleep:
            raise self._requeue(left, None)
        self._count(throttled=1)
        self.sleep(left)

    # --- helpers ----------------------------------------------------------------------------

    def _follow(
        self, response: requests.Response, url: str, method: str, json: Any, data: Any, hops: int
    ) -> tuple[str, str, Any, Any]:
        location = response.headers.get("Location")
        if not location:
            raise InvalidResponse(f"HTTP {response.status_code} without a Location header.")
        target = urljoin(url, location)
        old, new = urlsplit(url), urlsplit(target)
        if (new.hostname, new.port) != (old.hostname, old.port) or (
            old.scheme == "https" and new.scheme != "https"
        ):
            raise DestinationBlocked(
                f"{old.hostname} redirected to {new.hostname or target!r}; redirects to "
                "another host are not followed. Check the API URL.",
                status=response.status_code,
            )
        if hops > self.max_redirects:
            raise InvalidResponse(f"More than {self.max_redirects} redirects from {old.hostname}.")
        if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
            return target, "GET", None, None
        return target, method, json, data

    def _error(self, response: requests.Response) -> ConnectorError:
        details = self.error_parser(response)
        return error_from_response(
            response.status_code,
            self.redactor.text(details.message),
            remote_code=details.remote_code,
            pointer=details.pointer,
            retry_after=parse_retry_after(response.headers.get("Retry-After")),
            table=self.error_table,
        )

    def _final(self, failure: ConnectorError, delay: float | None) -> ConnectorError:
        # A rate limit that outlasts the in-process sleep becomes a requeue.
        if isinstance(failure, RateLimited) and delay is not None and delay > self.retry.max_sleep:
            return self._requeue(delay, failure)
        return failure

    def _requeue(self, delay: float, cause: ConnectorError | None) -> RequeueLater:
        not_before = datetime.now(UTC) + timedelta(seconds=delay)
        reason = f" ({cause.message})" if cause else ""
        return RequeueLater(
            f"The store asked {self.subscription} to wait {delay:.0f} s{reason}; "
            f"the work resumes after {not_before:%H:%M:%S} UTC.",
            not_before=not_before,
            status=cause.status if cause else None,
        )

    def _backoff(self, attempt: int) -> float:
        return self.retry.backoff(attempt)

    def _plain(self, exc: Exception, what: str) -> str:
        return self.redactor.text(f"{what}: {exc}")

    def _record(
        self,
        method: str,
        url: str,
        attempt: int,
        kw: Mapping[str, Any],
        response: requests.Response | None,
        started: float,
        waited: float,
        failure: ConnectorError | None,
    ) -> None:
        if self.recorder is None:
            return
        body = kw.get("json")
        body = jsonlib.dumps(body, default=str) if body is not None else kw.get("data")
        full_url = requests.Request(method, url, params=kw.get("params")).prepare().url or url
        self.recorder(
            CallRecord(
                subscription=self.subscription,
                method=method,
                url=self.redactor.url(full_url),
                status=response.status_code if response is not None else None,
                duration_ms=round((time.monotonic() - started) * 1000, 3),
                attempt=attempt,
                request_excerpt=self.redactor.excerpt(body, self.excerpt_limit),
                response_excerpt=(
                    self.redactor.excerpt(response.content, self.excerpt_limit)
                    if response is not None
                    else ""
                ),
                error=failure.code if failure else "",
                throttle_wait_ms=round(waited * 1000, 3),
            )
        )

    def _count(self, *, calls: int = 0, errors: int = 0, throttled: int = 0) -> None:
        if self.counters is not None:
            self.counters.incr(self.subscription, calls=calls, errors=errors, throttled=throttled)


def json_or_error(response: requests.Response, redactor: Redactor | None = None) -> Any:
    """Parse a JSON body; an HTML page, an empty or truncated body gives ``InvalidResponse``."""
    if not response.content.strip():
        raise InvalidResponse(
            describe_body(response).replace(
                "(empty body)", "an empty body where JSON was expected"
            ),
            status=response.status_code,
        )
    try:
        return response.json()
    except ValueError:
        message = f"Expected JSON but got {describe_body(response)}"
        raise InvalidResponse(
            redactor.text(message) if redactor else message, status=response.status_code
        ) from None
