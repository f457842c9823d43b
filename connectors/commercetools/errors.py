"""What commercetools answers about credentials and scopes, mapped to typed errors with hints.

Facts: reference/commercetools.md §0.1 and §2 (auth error table), seed 004 "Common Issues".
Only authorization errors live here for now; the API's table comes with the client.
"""

from __future__ import annotations

import re

import requests

from connectors.commercetools.spec import REGION_HINT
from connectors.http.errors import (
    AuthenticationFailed,
    ConnectorError,
    ErrorClass,
    ErrorRule,
    ErrorTable,
    PermissionDenied,
)
from connectors.http.session import ErrorDetails, default_error_parser

CLIENT_HINT = (
    "Check the Client ID and Client Secret: they must be those of an API client in Merchant "
    "Center > Settings > Developer settings > API clients (the secret is shown only once; "
    "create a new API client if it is lost)."
)
SCOPE_HINT = (
    "Every item of the Scope setting must be granted to the API client (Merchant Center > "
    "API clients) and name this project, as permission:projectKey. Fix the Scope setting or "
    "create an API client with those scopes."
)
INSUFFICIENT_SCOPE_HINT = (
    "The API client lacks the scope named in the message. Create an API client with that "
    "scope (or Manage Project) in Merchant Center > API clients, and add it to the Scope "
    "setting."
)
TOKEN_REFUSED_HINT = (
    "commercetools refused the access token even after a new one was fetched. Check that the "
    "API client still exists and that the Auth URL and API URL are of the same region."
)


class InvalidApiDomain(ConnectorError):
    """A commercetools URL without a region (seed 004, Common Issues 1)."""

    code = "invalid_api_domain"
    error_class: ErrorClass = "configuration"
    hint = REGION_HINT


# The token endpoint (client credentials).
TOKEN_ERROR_TABLE: ErrorTable = {
    (401, "invalid_client"): ErrorRule(AuthenticationFailed, CLIENT_HINT, "invalid_client"),
    (401, None): ErrorRule(AuthenticationFailed, CLIENT_HINT, "invalid_client"),
    (400, "invalid_scope"): ErrorRule(AuthenticationFailed, SCOPE_HINT, "invalid_scope"),
}

# API calls: the rows about tokens and scopes (a 401 is first answered by a new token).
API_AUTH_ERROR_TABLE: ErrorTable = {
    (401, "invalid_token"): ErrorRule(AuthenticationFailed, TOKEN_REFUSED_HINT),
    (403, "insufficient_scope"): ErrorRule(
        PermissionDenied, INSUFFICIENT_SCOPE_HINT, "insufficient_scope"
    ),
}

# "Insufficient scope. One of the following scopes is missing: view_orders:shop, manage_orders:shop"
_MISSING = re.compile(r"scopes? (?:is |are )?missing:\s*(?P<scopes>.+)$", re.IGNORECASE)
_SCOPE_ITEM = re.compile(r"[a-z][a-z0-9_]*(?::[A-Za-z0-9_-]+)?")


def missing_scopes(message: str) -> list[str]:
    """The scopes an ``insufficient_scope`` message names, in its order."""
    match = _MISSING.search(message.strip().rstrip("."))
    if not match:
        return []
    return [s for s in re.split(r"[,\s]+", match["scopes"]) if _SCOPE_ITEM.fullmatch(s)]


def error_parser(response: requests.Response) -> ErrorDetails:
    """The shared parser, plus a plain message naming the missing scope for
    ``insufficient_scope``. Use it as the commercetools session's ``error_parser``."""
    details = default_error_parser(response)
    if details.remote_code == "insufficient_scope":
        scopes = missing_scopes(details.message)
        if scopes:
            wanted = scopes[0] if len(scopes) == 1 else "one of " + ", ".join(scopes)
            return ErrorDetails(
                f"The API client lacks the scope {wanted} for this call.",
                details.remote_code,
                details.pointer,
            )
    return details


def token_error(exc: ConnectorError, scope: str) -> ConnectorError:
    """The typed error for a failed token request; unknown ones come back unchanged."""
    if exc.status is None:
        return exc
    rule = TOKEN_ERROR_TABLE.get((exc.status, exc.remote_code)) or TOKEN_ERROR_TABLE.get(
        (exc.status, None)
    )
    if rule is None:
        return exc
    message = exc.message
    if rule.code == "invalid_scope":
        message = f"commercetools refused the requested scope {scope!r}: {exc.message}"
    return rule.error(
        message, status=exc.status, remote_code=exc.remote_code, hint=rule.hint, code=rule.code
    )
