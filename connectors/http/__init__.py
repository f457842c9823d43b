"""The shared HTTP layer every connector calls through (issue 5).

Throttle, retry, outbound guard, redaction and the typed errors. No Django here.
"""

from connectors.http.calls import (
    CallCounters,
    CallRecord,
    CallRecorder,
    MemoryCallRecorder,
    MemoryCounters,
)
from connectors.http.errors import (
    AuthenticationFailed,
    Conflict,
    ConnectorError,
    DestinationBlocked,
    ErrorRule,
    InvalidData,
    InvalidResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    RemoteError,
    RequeueLater,
    Throttled,
    TransientError,
    error_from_response,
)
from connectors.http.guard import OutboundGuard, check_url
from connectors.http.redaction import Redactor, install_log_redaction, shared_redactor
from connectors.http.retry import RetryPolicy, parse_retry_after
from connectors.http.session import ConnectorSession, ErrorDetails, Timeouts, json_or_error
from connectors.http.throttle import Lease, LocalThrottle, ThrottleBackend, ThrottlePolicy

__all__ = [
    "AuthenticationFailed",
    "CallCounters",
    "CallRecord",
    "CallRecorder",
    "Conflict",
    "ConnectorError",
    "ConnectorSession",
    "DestinationBlocked",
    "ErrorDetails",
    "ErrorRule",
    "InvalidData",
    "InvalidResponse",
    "Lease",
    "LocalThrottle",
    "MemoryCallRecorder",
    "MemoryCounters",
    "NotFound",
    "OutboundGuard",
    "PermissionDenied",
    "RateLimited",
    "Redactor",
    "RemoteError",
    "RequeueLater",
    "RetryPolicy",
    "ThrottleBackend",
    "ThrottlePolicy",
    "Throttled",
    "Timeouts",
    "TransientError",
    "check_url",
    "error_from_response",
    "install_log_redaction",
    "json_or_error",
    "parse_retry_after",
    "shared_redactor",
]
