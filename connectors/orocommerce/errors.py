"""What OroCommerce's OAuth server answers, mapped to the shared typed errors with plain hints.

Facts: reference/orocommerce.md §0.3 (Web API off gives invalid_client), §3.1-3.2 (the token
endpoint's errors), §3.5 (the OAuth encryption keys); DECISIONS.md "Authorization details".
Only the token endpoint's errors live here for now; the API's table comes with the client.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import requests

from connectors.http.errors import (
    AuthenticationFailed,
    ConnectorError,
    ErrorClass,
    ErrorRule,
    ErrorTable,
)
from connectors.http.session import ErrorDetails, default_error_parser
from connectors.tokens import NeedsReauthorization

WEB_API_HINT = (
    "OroCommerce refused the OAuth client. Check that the Web API is enabled (System > "
    "Configuration > General Setup > Application Settings > Web API; it is off by default), "
    "that the OAuth application is active with grant type Authorization Code, and that Client "
    "Id and Client Secret here are the application's."
)
CODE_REFUSED_HINT = (
    "The authorization code was already used or has expired (codes last 10 minutes and work "
    "once). Click Authorize again."
)
REDIRECT_HINT = (
    "The Redirect Url of the subscription must be exactly one of the Redirect URLs of the "
    "OroCommerce OAuth application (scheme, host, port and path). Fix one of them, then click "
    "Authorize again."
)
ENCRYPTION_KEYS_HINT = (
    "The OroCommerce instance has no OAuth encryption keys, so it cannot issue tokens. Ask the "
    "OroCommerce administrator to generate them (php bin/console oro:oauth-server:generate-keys) "
    "and configure the OAuth encryption key, then click Authorize again."
)


class OAuthUnavailable(ConnectorError):
    """The instance's OAuth server cannot work at all (its keys are missing)."""

    code = "oauth_unavailable"
    error_class: ErrorClass = "configuration"
    hint = ENCRYPTION_KEYS_HINT


Grant = Literal["authorization_code", "refresh_token"]

_CLIENT_REFUSED = ErrorRule(AuthenticationFailed, WEB_API_HINT, "invalid_client")
_CODE_REFUSED = ErrorRule(AuthenticationFailed, CODE_REFUSED_HINT, "authorization_code_refused")
_REFRESH_REFUSED = ErrorRule(NeedsReauthorization)

# (status, OAuth error) -> typed error, per grant. Oro refuses a spent, expired, revoked or
# foreign refresh token with 401 invalid_request ("The refresh token is invalid."), some cases
# with 400 invalid_grant: both mean the authorization is dead.
TOKEN_ERROR_TABLES: Mapping[Grant, ErrorTable] = {
    "authorization_code": {
        (401, "invalid_client"): _CLIENT_REFUSED,
        (400, "invalid_grant"): _CODE_REFUSED,
        (
            400,
            "invalid_request",
        ): _CODE_REFUSED,  # reused code: "Authorization code has been revoked"
    },
    "refresh_token": {
        (401, "invalid_client"): _CLIENT_REFUSED,
        (401, "invalid_request"): _REFRESH_REFUSED,
        (400, "invalid_grant"): _REFRESH_REFUSED,
        (400, "invalid_request"): _REFRESH_REFUSED,
    },
}

# Rules on the message, checked first: the same status and code cover several causes.
_ENCRYPTION_KEYS = "encryption key does not exist"
_REDIRECT = "redirect"


def token_error(exc: ConnectorError, grant: Grant) -> ConnectorError:
    """The typed error for a failed call to the token endpoint (``exc`` as the session raised
    it); errors this table does not know (timeouts, 5xx, 429) come back unchanged."""
    text = exc.message.lower()
    kw = {"status": exc.status, "remote_code": exc.remote_code}
    if _ENCRYPTION_KEYS in text:
        return OAuthUnavailable(exc.message, **kw)
    if exc.status in (400, 401) and _REDIRECT in text:
        return AuthenticationFailed(
            exc.message, hint=REDIRECT_HINT, code="redirect_uri_mismatch", **kw
        )
    if exc.status is None:
        return exc
    table = TOKEN_ERROR_TABLES[grant]
    rule = table.get((exc.status, exc.remote_code))
    if rule is None:
        return exc
    return rule.error(exc.message, hint=rule.hint, code=rule.code, **kw)


def error_parser(response: requests.Response) -> ErrorDetails:
    """Reads OAuth error bodies with Oro's ``hint`` (it says which parameter was wrong), and
    everything else as the shared parser does. Use it as the Oro session's ``error_parser``."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        message = str(body.get("error_description") or body.get("message") or body["error"])
        hint = body.get("hint")
        if isinstance(hint, str) and hint and hint not in message:
            message = f"{message} ({hint})"
        return ErrorDetails(message, body["error"])
    return default_error_parser(response)
