"""The typed errors every connector raises, each with a plain-words hint for the user.

A connector maps what its store answered to one of these classes; the transfer log stores the
``code``, the ``error_class`` (what kind of remedy) and the ``hint`` (the remedy in words).
Connectors extend the default table with their own ``(status, remote code)`` rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

ErrorClass = Literal["configuration", "data", "transient", "rate_limited"]


class ConnectorError(Exception):
    """Base of every connector failure. Messages never contain secrets (see redaction)."""

    code: str = "connector_error"
    error_class: ErrorClass = "transient"
    hint: str = "Try again later; if it keeps failing, contact support with the transfer log."

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        hint: str | None = None,
        code: str | None = None,
        remote_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.remote_code = remote_code
        if hint is not None:
            self.hint = hint
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, status={self.status!r})"


class AuthenticationFailed(ConnectorError):
    code = "authentication_failed"
    error_class: ErrorClass = "configuration"
    hint = "The store refused the credentials: authorize the subscription again or fix them."


class PermissionDenied(ConnectorError):
    code = "permission_denied"
    error_class: ErrorClass = "configuration"
    hint = "The API user lacks a permission for this call: grant it in the store, then retry."


class NotFound(ConnectorError):
    code = "not_found"
    error_class: ErrorClass = "data"
    hint = "The record does not exist in the store (it may have been deleted there)."


class InvalidData(ConnectorError):
    code = "invalid_data"
    error_class: ErrorClass = "data"
    hint = "The store refused a value: correct the field named in the message or its mapping."

    def __init__(
        self, message: str, *, pointer: str | None = None, field: str | None = None, **kw: Any
    ) -> None:
        super().__init__(message, **kw)
        self.pointer = pointer
        # The plain field name, derived from a JSON pointer such as /data/attributes/sku.
        self.field = field or (pointer.rstrip("/").rsplit("/", 1)[-1] if pointer else None)


class Conflict(ConnectorError):
    code = "conflict"
    error_class: ErrorClass = "data"
    hint = "The record changed or already exists in the store; the next run will reconcile it."


class RateLimited(ConnectorError):
    code = "rate_limited"
    error_class: ErrorClass = "rate_limited"
    hint = "The store asked us to slow down; the transfer continues automatically."

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.retry_after = retry_after


class TransientError(ConnectorError):
    code = "transient"
    error_class: ErrorClass = "transient"
    hint = "The store or the network failed for a moment; the transfer retries automatically."


class RemoteError(ConnectorError):
    code = "remote_error"
    error_class: ErrorClass = "transient"
    hint = "The store failed with an internal error; if it repeats, report it to the store's admin."


class Throttled(ConnectorError):
    """The subscription's own throttle kept this call waiting longer than allowed."""

    code = "throttled"
    error_class: ErrorClass = "rate_limited"
    hint = (
        "The subscription's API Throttle Limit or Concurrent Connections are all in use; "
        "the call will be retried later. Raise the limits if the store allows it."
    )


class RequeueLater(ConnectorError):
    """Work must wait longer than a worker may sleep: put the task back, due at not_before."""

    code = "requeue_later"
    error_class: ErrorClass = "rate_limited"
    hint = "The store asked us to wait; the transfer resumes automatically at the time shown."

    def __init__(self, message: str, *, not_before: datetime, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.not_before = not_before


class DestinationBlocked(ConnectorError):
    code = "destination_blocked"
    error_class: ErrorClass = "configuration"
    hint = (
        "The address is not a public internet address. If this store really runs on your "
        "network, add its host name to OUTBOUND_ALLOWED_HOSTS."
    )


class InvalidResponse(ConnectorError):
    code = "invalid_response"
    error_class: ErrorClass = "transient"
    hint = (
        "The store answered with something that is not its API's JSON (often a proxy or "
        "maintenance page). Check the API URL; if it is right, retry later."
    )


@dataclass(frozen=True)
class ErrorRule:
    """One row of a connector's error table."""

    error: type[ConnectorError]
    hint: str | None = None
    code: str | None = None


# status -> class, for answers no connector-specific row matches.
DEFAULT_STATUS_TABLE: Mapping[int, type[ConnectorError]] = {
    400: InvalidData,
    401: AuthenticationFailed,
    403: PermissionDenied,
    404: NotFound,
    405: RemoteError,
    409: Conflict,
    410: NotFound,
    412: Conflict,
    413: InvalidData,
    415: RemoteError,
    422: InvalidData,
    429: RateLimited,
    500: RemoteError,
    501: RemoteError,
    502: TransientError,
    503: TransientError,
    504: TransientError,
}

ErrorTable = Mapping[tuple[int, str | None], ErrorRule]


def classify_status(status: int) -> type[ConnectorError]:
    """The default class for an HTTP status (4xx/5xx families fall back sensibly)."""
    if status in DEFAULT_STATUS_TABLE:
        return DEFAULT_STATUS_TABLE[status]
    if 400 <= status < 500:
        return InvalidData
    return RemoteError if status < 502 or status > 504 else TransientError


def error_from_response(
    status: int,
    message: str,
    *,
    remote_code: str | None = None,
    pointer: str | None = None,
    retry_after: float | None = None,
    table: ErrorTable | None = None,
) -> ConnectorError:
    """Build the typed error for a failed answer.

    A connector's ``table`` is consulted first by ``(status, remote_code)``, then by
    ``(status, None)``; otherwise the default status table decides.
    """
    rule = None
    if table:
        rule = table.get((status, remote_code)) or table.get((status, None))
    cls = rule.error if rule else classify_status(status)
    kw: dict[str, Any] = {"status": status, "remote_code": remote_code}
    if rule and rule.hint:
        kw["hint"] = rule.hint
    if rule and rule.code:
        kw["code"] = rule.code
    if issubclass(cls, InvalidData):
        return cls(message, pointer=pointer, **kw)
    if issubclass(cls, RateLimited):
        return cls(message, retry_after=retry_after, **kw)
    return cls(message, **kw)
