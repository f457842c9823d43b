"""What commercetools answers about credentials and scopes, mapped to typed errors with hints.

Facts: reference/commercetools.md §0.1 and §2 (auth error table), seed 004 "Common Issues".
The API's own error body is ``{statusCode, message, errors: [{code, message, ...}]}`` (§3.6);
``API_ERROR_TABLE`` maps its codes to the shared typed errors, and ``error_parser`` names the
field, value or missing scope the body carries so the message says what to fix.
"""

from __future__ import annotations

import re
from typing import Any

import requests

from connectors.commercetools.spec import REGION_HINT
from connectors.http.errors import (
    AuthenticationFailed,
    Conflict,
    ConnectorError,
    ErrorClass,
    ErrorRule,
    ErrorTable,
    InvalidData,
    NotFound,
    PermissionDenied,
    TransientError,
    error_from_response,
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


class ProjectKeyMismatch(ConnectorError):
    """The API URL's path names another project than the Project Key (seed 002 vs 004)."""

    code = "project_key_mismatch"
    error_class: ErrorClass = "configuration"
    hint = (
        "Give the API URL either without a path or with this project's key as its only path "
        "segment (https://api.us-central1.gcp.commercetools.com/mystorename), and make the "
        "Project Key match it."
    )


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
    """The shared parser, plus: a plain message naming the missing scope for
    ``insufficient_scope``; the field (and value) of a data error; the other errors of a body
    that holds several. Use it as the commercetools session's ``error_parser``."""
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
    errors = _api_errors(response)
    if not errors:
        return details
    first = errors[0]
    field = _field_of(first)
    message = _describe(first) or details.message
    others = [_describe(e) for e in errors[1:4]]
    if others:
        message += " Also: " + " ".join(o for o in others if o)
    return ErrorDetails(message, details.remote_code, field or details.pointer)


def _api_errors(response: requests.Response) -> list[dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    return [e for e in errors if isinstance(e, dict)] if isinstance(errors, list) else []


# "version: Missing required value" (InvalidJsonInput's detailedErrorMessage)
_DETAILED_FIELD = re.compile(r"^(?P<field>[A-Za-z_][\w.\[\]]*):\s")


def _field_of(error: dict[str, Any]) -> str | None:
    if isinstance(error.get("field"), str):
        return error["field"]
    detailed = error.get("detailedErrorMessage")
    if isinstance(detailed, str):
        match = _DETAILED_FIELD.match(detailed)
        if match:
            return match["field"]
    return None


def _describe(error: dict[str, Any]) -> str:
    """One error in plain words, with what its extra fields say (field, value, allowed)."""
    message = str(error.get("message") or error.get("code") or "").strip()
    extra: list[str] = []
    field = _field_of(error)
    if field and f"'{field}'" not in message and field not in message:
        extra.append(f"field {field}")
    for name, label in (
        ("invalidValue", "value"),
        ("duplicateValue", "duplicate value"),
        ("allowedValues", "allowed"),
        ("detailedErrorMessage", "detail"),
        ("currentVersion", "current version"),
    ):
        if name in error and str(error[name]) not in message:
            extra.append(
                f"{label} {error[name]!r}" if name != "currentVersion" else f"{label} {error[name]}"
            )
    if error.get("code") == "ReferencedResourceNotFound":
        what = error.get("typeId", "record")
        ident = error.get("key") or error.get("id")
        if ident and str(ident) not in message:
            extra.append(f"{what} {ident!r}")
    return f"{message} ({'; '.join(extra)})" if extra else message


IDS_HINT = (
    "A product, category, customer group or other record the call names does not exist in "
    "commercetools (wrong key, or deleted there). Check the key in the mapping, or create the "
    "record first; ids are always looked up before they are referenced."
)
FORMAT_HINT = (
    "commercetools refused a value: correct the field named in the message or its mapping. "
    "Dates must be ISO 8601 (2026-01-10T06:51:25.896Z), prices and quantities valid integers "
    "or decimals, attributes of the type the product type declares."
)
DUPLICATE_HINT = (
    "Another record in commercetools already has this unique value (key, email, order number "
    "or SKU). Link the existing record, or change the value in the mapping."
)
CONCURRENT_HINT = (
    "The record was changed in commercetools while it was being updated; the portal re-read "
    "it and retried, and the next run reconciles it."
)
OVERLOAD_HINT = (
    "commercetools is scaling or over capacity; the call was retried with backoff and the "
    "transfer continues later."
)

_DATA_CODES = (
    "InvalidInput",
    "InvalidField",
    "RequiredField",
    "InvalidJsonInput",
    "InvalidOperation",
    "MoneyOverflow",
    "InvalidDateRange",
    "DuplicatePriceScope",
    "DuplicateStandalonePriceScope",
    "OverlappingStandalonePriceValidity",
    "DuplicateVariantValues",
    "DuplicateAttributeValue",
)

# API calls: every (status, code) of §3.6 the portal meets, on top of the auth rows.
API_ERROR_TABLE: ErrorTable = {
    **API_AUTH_ERROR_TABLE,
    **{(400, code): ErrorRule(InvalidData, FORMAT_HINT) for code in _DATA_CODES},
    (400, "DuplicateField"): ErrorRule(Conflict, DUPLICATE_HINT, "duplicate_field"),
    (400, "ReferencedResourceNotFound"): ErrorRule(NotFound, IDS_HINT, "referenced_not_found"),
    (404, "ResourceNotFound"): ErrorRule(NotFound, IDS_HINT),
    (404, None): ErrorRule(NotFound, IDS_HINT),
    (409, "ConcurrentModification"): ErrorRule(
        Conflict, CONCURRENT_HINT, "concurrent_modification"
    ),
    (502, None): ErrorRule(TransientError, OVERLOAD_HINT),
    (503, None): ErrorRule(TransientError, OVERLOAD_HINT),
}


def api_error(exc: ConnectorError) -> ConnectorError:
    """The typed error ``API_ERROR_TABLE`` gives a failed API call, whatever table the session
    was built with; errors without a row (throttle, network, redirects) come back unchanged."""
    if exc.status is None:
        return exc
    rule = API_ERROR_TABLE.get((exc.status, exc.remote_code)) or API_ERROR_TABLE.get(
        (exc.status, None)
    )
    if rule is None or (
        type(exc) is rule.error
        and exc.code == (rule.code or rule.error.code)
        and exc.hint == (rule.hint or rule.error.hint)
    ):
        return exc
    mapped = error_from_response(
        exc.status,
        exc.message,
        remote_code=exc.remote_code,
        pointer=getattr(exc, "pointer", None),
        table=API_ERROR_TABLE,
    )
    mapped.__cause__ = exc
    return mapped


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
