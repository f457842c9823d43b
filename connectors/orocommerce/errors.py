"""What OroCommerce's OAuth server answers, mapped to the shared typed errors with plain hints.

Facts: reference/orocommerce.md §0.3 (Web API off gives invalid_client), §3.1-3.2 (the token
endpoint's errors), §3.5 (the OAuth encryption keys); DECISIONS.md "Authorization details".
The API's errors (§1.9: ``errors[]`` with string ``status``, a lowercase ``title``, ``detail``
and ``source.pointer`` or ``source.parameter``; 400 for validation, never 422; 403 for the
organization or ACL) are read by ``error_parser`` and given their hints by ``api_error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import requests

from connectors.http.errors import (
    AuthenticationFailed,
    ConnectorError,
    ErrorClass,
    ErrorRule,
    ErrorTable,
    InvalidData,
    NotFound,
    PermissionDenied,
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
    """Reads OAuth error bodies with Oro's ``hint`` (it says which parameter was wrong), the
    API's ``errors[]`` (every error, not only the first), and everything else as the shared
    parser does. Use it as the Oro session's ``error_parser``."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("errors"), list) and body["errors"]:
        return jsonapi_error_details(body["errors"])
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        message = str(body.get("error_description") or body.get("message") or body["error"])
        hint = body.get("hint")
        if isinstance(hint, str) and hint and hint not in message:
            message = f"{message} ({hint})"
        return ErrorDetails(message, body["error"])
    return default_error_parser(response)


# --- the back-office API --------------------------------------------------------------------

ORGANIZATION_HINT = (
    "OroCommerce refused access to this record (403). The OAuth application belongs to one "
    "organization and acts with the role of the user who authorized it: the record belongs to "
    "another organization, or that role cannot view or edit this kind of record. Check the OAuth "
    "application's organization and the role's permissions (System > User Management > Roles), "
    "then retry."
)
RESOURCE_HINT = (
    "OroCommerce does not offer this resource through its API (404 resource not accessible): "
    "the feature may be disabled, or the instance runs another version than the subscription's "
    "OroCommerce API version setting."
)


def field_hint(field: str) -> str:
    return (
        f"OroCommerce refused the value of {field}. Correct it in the record, or fix the "
        "mapping that fills this field, then push again."
    )


def jsonapi_error_details(errors: list[Any]) -> ErrorDetails:
    """One message for all of ``errors[]``: "title: detail (at pointer)" joined by "; "."""
    parts: list[str] = []
    first_title: str | None = None
    first_pointer: str | None = None
    for error in errors:
        if not isinstance(error, dict):
            continue
        title, detail = error.get("title"), error.get("detail")
        source = error.get("source") if isinstance(error.get("source"), dict) else {}
        where = source.get("pointer") or source.get("parameter")
        text = ": ".join(str(p) for p in (title, detail) if p) or "error"
        parts.append(f"{text} (at {where})" if where else text)
        first_title = first_title or (str(error.get("code") or title or "") or None)
        if first_pointer is None and source.get("pointer"):
            first_pointer = str(source["pointer"])
    return ErrorDetails(
        "; ".join(parts) or "OroCommerce answered with an error.", first_title, first_pointer
    )


def pointer_field(pointer: str, body: Mapping[str, Any] | None = None) -> str:
    """A plain field name for a JSON pointer: ``/data/attributes/sku`` -> ``sku``;
    ``/included/2/attributes/value`` -> ``productprices.value`` when the request body is known."""
    parts = [p for p in pointer.split("/") if p]
    name = parts[-1] if parts else pointer
    if parts and parts[-1].isdigit() and len(parts) >= 2:
        name = parts[-2]  # /data/relationships/names/data/0 -> names
        if name == "data" and len(parts) >= 3:
            name = parts[-3]
    if name == "data" and len(parts) >= 2:
        name = parts[-2]
    if len(parts) >= 2 and parts[0] == "included" and parts[1].isdigit():
        included = (body or {}).get("included") or []
        index = int(parts[1])
        if index < len(included) and isinstance(included[index], dict):
            return f"{included[index].get('type')}.{name}"
        return f"included record {index}: {name}"
    return name


def api_error(exc: ConnectorError, body: Mapping[str, Any] | None = None) -> ConnectorError:
    """The API error with Oro's hints; ``body`` is the request body, to name included fields."""
    kw: dict[str, Any] = {"status": exc.status, "remote_code": exc.remote_code}
    title = (exc.remote_code or "").lower()
    if exc.status == 403:
        return PermissionDenied(exc.message, hint=ORGANIZATION_HINT, **kw)
    if exc.status == 404 and "resource not accessible" in title:
        return NotFound(exc.message, hint=RESOURCE_HINT, code="resource_not_accessible", **kw)
    if exc.status == 400 and isinstance(exc, InvalidData) and exc.pointer:
        field = pointer_field(exc.pointer, body)
        return InvalidData(
            f"{field}: {exc.message}",
            pointer=exc.pointer,
            field=field,
            hint=field_hint(field),
            **kw,
        )
    return exc
