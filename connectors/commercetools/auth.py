"""commercetools client credentials (reference/commercetools.md §2, seed 004).

``POST <auth_url>/oauth/token`` with HTTP Basic auth (client id : client secret),
``grant_type=client_credentials`` and the scope. Tokens last 48 h by default and come without a
refresh token: the ``TokenManager`` caches one per subscription until shortly before it expires
and fetches a new one after a 401 on an API call.

The body comes from oauthlib's ``BackendApplicationClient`` (what requests-oauthlib sends);
the HTTP goes through the subscription's ``ConnectorSession`` (throttled, guarded, redacted).
"""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from oauthlib.oauth2 import BackendApplicationClient

from connectors.commercetools.errors import InvalidApiDomain, token_error
from connectors.commercetools.spec import API_KEY_HEADER, COMMERCETOOLS_DOMAIN, REGION_HOST
from connectors.http.errors import ConnectorError
from connectors.http.session import ConnectorSession
from connectors.tokens import (
    AuthorizedSession,
    Refresher,
    TokenManager,
    TokenSet,
    TokenStore,
    read_token_response,
)

# Renew this long before expiry: a transfer started just before expiry should not meet a 401.
DEFAULT_SKEW_SECONDS = 300
# commercetools' default lifetime, used only if a response leaves expires_in out.
DEFAULT_LIFETIME = 172800


def check_region_host(url: str) -> None:
    """Refuse a commercetools host without a region (``auth.commercetools.com``)."""
    host = (urlsplit(url).hostname or "").lower()
    if host.endswith(COMMERCETOOLS_DOMAIN) and not REGION_HOST.match(host):
        raise InvalidApiDomain(f"Invalid API Domain: {host} has no region.")


def token_url(auth_url: str) -> str:
    return f"{auth_url.rstrip('/')}/oauth/token"


def basic_auth(client_id: str, client_secret: str) -> str:
    """The Authorization header value (RFC 7617), as requests' HTTPBasicAuth builds it."""
    pair = f"{client_id}:{client_secret}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")


def fetch_token(
    session: ConnectorSession,
    auth_url: str,
    client_id: str,
    client_secret: str,
    scope: str,
) -> TokenSet:
    """A new access token for ``scope`` (space-separated ``permission:projectKey`` items)."""
    check_region_host(auth_url)
    authorization = basic_auth(client_id, client_secret)
    session.redactor.add(client_secret, authorization.removeprefix("Basic "))
    body = BackendApplicationClient(client_id).prepare_request_body(
        scope=scope or None, include_client_id=False
    )
    try:
        response = session.request(
            "POST",
            token_url(auth_url),
            data=body,
            headers={
                "Authorization": authorization,
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
            },
            # Asking again for a client-credentials token has no side effect.
            safe_to_retry=True,
        )
    except ConnectorError as exc:
        raise token_error(exc, scope) from exc
    return read_token_response(
        session,
        response,
        store="commercetools",
        requested_scope=scope,
        default_lifetime=DEFAULT_LIFETIME,
    )


def refresher(
    session: ConnectorSession, auth_url: str, client_id: str, client_secret: str, scope: str
) -> Refresher:
    """The ``TokenManager`` refresher: there is no refresh token, so fetch a new token."""

    def renew(current: TokenSet | None) -> TokenSet:
        return fetch_token(session, auth_url, client_id, client_secret, scope)

    return renew


def token_manager(
    store: TokenStore,
    key: str,
    session: ConnectorSession,
    auth_url: str,
    client_id: str,
    client_secret: str,
    scope: str,
    *,
    skew_seconds: float = DEFAULT_SKEW_SECONDS,
) -> TokenManager:
    return TokenManager(
        store,
        key,
        refresher(session, auth_url, client_id, client_secret, scope),
        skew_seconds,
        redactor=session.redactor,
    )


def api_headers(api_key: str | None) -> dict[str, str]:
    """Headers every API call carries: the optional gateway API key (DECISIONS.md)."""
    return {API_KEY_HEADER: api_key} if api_key else {}


def authorized_session(
    session: ConnectorSession, tokens: TokenManager, api_key: str | None = None
) -> AuthorizedSession:
    """API calls with the bearer token (and X-Api-Key when set); a 401 gets one new token and
    one resend."""
    if api_key:
        session.redactor.add(api_key)
    return AuthorizedSession(session, tokens, api_headers(api_key))
