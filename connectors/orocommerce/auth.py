"""OroCommerce OAuth 2.0: Authorization Code with PKCE (S256), code exchange, rotating refresh.

URLs (reference/orocommerce.md §0.1-0.2, §3.6): the back-office authorize endpoint carries the
Admin Base Path, ``<api_url>/<admin>/oauth2-token/authorize``; the token endpoint does not,
``<api_url>/oauth2-token``. Newer releases publish both in RFC 8414 metadata, which is preferred
when present.

The request bodies and PKCE values come from oauthlib (the engine under requests-oauthlib);
the HTTP goes through the subscription's ``ConnectorSession`` so token calls are throttled,
guarded and recorded with secrets masked. ``OAuth2Session.fetch_token`` is not used: it sends
outside the throttle and logs the token response at DEBUG.
"""

from __future__ import annotations

import hmac
import logging
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from oauthlib.common import add_params_to_uri
from oauthlib.oauth2 import WebApplicationClient

from connectors.http.errors import (
    AuthenticationFailed,
    ConnectorError,
    InvalidResponse,
    RateLimited,
)
from connectors.http.guard import check_url
from connectors.http.session import ConnectorSession
from connectors.orocommerce.errors import Grant, token_error
from connectors.orocommerce.spec import normalise_admin_base_path
from connectors.tokens import (
    AuthorizedSession,
    NeedsReauthorization,
    Refresher,
    TokenManager,
    TokenSet,
    TokenStore,
    read_token_response,
)

logger = logging.getLogger(__name__)

# Oro declares no OAuth scopes (its OpenAPI lists `scopes: {}`) and its scope repository accepts
# any name, but seed 001 says the authorize request carries one: we name the API we use.
DEFAULT_SCOPE = "rest_json_api"
FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
NOT_AUTHORIZED = "The subscription has not been authorized in OroCommerce yet."


@dataclass(frozen=True)
class OroEndpoints:
    authorize_url: str
    token_url: str
    discovered: bool = False  # True when read from the instance's metadata


@dataclass(frozen=True)
class OroAuthSettings:
    """The subscription settings OAuth needs (seed 000 names); the secret is passed apart."""

    api_url: str
    client_id: str
    redirect_url: str
    admin_base_path: str = "admin"
    scope: str = DEFAULT_SCOPE

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> OroAuthSettings:
        return cls(
            api_url=str(values["api_url"]),
            client_id=str(values["client_id"]),
            redirect_url=str(values["redirect_url"]),
            admin_base_path=str(values.get("admin_base_path") or ""),
        )

    @property
    def base(self) -> str:
        return self.api_url.rstrip("/")

    @property
    def admin(self) -> str:
        return normalise_admin_base_path(self.admin_base_path)

    @property
    def endpoints(self) -> OroEndpoints:
        """The endpoints built from the settings (no network)."""
        return OroEndpoints(
            authorize_url=f"{self.base}/{self.admin}/oauth2-token/authorize",
            token_url=f"{self.base}/oauth2-token",
        )

    @property
    def metadata_url(self) -> str:
        # RFC 8414 §3: the issuer's path goes after the well-known segment (§3.6).
        return f"{self.base}/.well-known/oauth-authorization-server/{self.admin}/oauth2-server"


def discover_endpoints(session: ConnectorSession, settings: OroAuthSettings) -> OroEndpoints:
    """The endpoints from the instance's metadata when it publishes them (6.0.8+, 6.1.7+, 7.0+),
    else the built ones. Endpoints on another host than the API Url are ignored (mix-up and
    SSRF defence, RFC 9700 §4.4)."""
    built = settings.endpoints
    try:
        body = session.get_json(settings.metadata_url)
    except RateLimited:
        raise
    except ConnectorError as exc:
        if exc.status is None and not isinstance(exc, InvalidResponse):
            raise  # the host is unreachable: the token call would fail the same way
        return built  # older releases answer 404; a proxy page is not metadata either
    if not isinstance(body, dict):
        return built
    authorize, token = body.get("authorization_endpoint"), body.get("token_endpoint")
    if not (isinstance(authorize, str) and isinstance(token, str)):
        return built
    home = _origin(settings.base)
    if _origin(authorize) != home or _origin(token) != home:
        logger.warning(
            "Ignoring OAuth metadata of %s: its endpoints are on another host", settings.base
        )
        return built
    return OroEndpoints(authorize_url=authorize, token_url=token, discovered=True)


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname, parts.port


# --- PKCE and state ---------------------------------------------------------------------------


def new_code_verifier() -> str:
    """A fresh PKCE verifier (RFC 7636 §4.1; 64 characters). Keep it server-side by state."""
    return WebApplicationClient(None).create_code_verifier(64)


def code_challenge(code_verifier: str) -> str:
    """The S256 challenge of a verifier: BASE64URL(SHA256(verifier)) without padding."""
    return WebApplicationClient(None).create_code_challenge(code_verifier, "S256")


def new_state() -> str:
    """A one-time, unguessable ``state`` (CSRF protection, RFC 9700 §2.1)."""
    return secrets.token_urlsafe(32)


# --- the three steps --------------------------------------------------------------------------


def build_authorization_request(
    settings: OroAuthSettings,
    state: str,
    code_verifier: str,
    endpoints: OroEndpoints | None = None,
    *,
    allowed_hosts: Iterable[str] = (),
) -> str:
    """The URL to send the user's browser to (back-office login and consent).

    https only, except for ``allowed_hosts`` (OUTBOUND_ALLOWED_HOSTS, e.g. a local sandbox):
    the same rule as every server-side call. oauthlib's own https check is global (an
    environment variable), so the URL is assembled here from the RFC 6749 §4.1.1 parameters.
    """
    authorize_url = (endpoints or settings.endpoints).authorize_url
    check_url(authorize_url, allowed_hosts)
    params = [
        ("response_type", "code"),
        ("client_id", settings.client_id),
        ("redirect_uri", settings.redirect_url),
        *([("scope", settings.scope)] if settings.scope else []),
        ("state", state),
        ("code_challenge", code_challenge(code_verifier)),
        ("code_challenge_method", "S256"),
    ]
    return add_params_to_uri(authorize_url, params)


def code_from_callback(params: Mapping[str, str], expected_state: str) -> str:
    """The authorization code from the redirect's query, after checking ``state``.

    Raises ``AuthenticationFailed`` when the user denied access, the server reported an error,
    or the answer does not belong to the request we started.
    """
    state = params.get("state") or ""
    if not expected_state or not hmac.compare_digest(state, expected_state):
        raise AuthenticationFailed(
            "The authorization answer does not match the request this portal started.",
            code="state_mismatch",
            hint="The answer is stale or was not started here. Click Authorize again.",
        )
    error = params.get("error")
    if error == "access_denied":
        raise AuthenticationFailed(
            "Access was denied on the OroCommerce consent page.",
            code="authorization_denied",
            remote_code=error,
            hint="Click Authorize again and choose Allow on the OroCommerce page.",
        )
    if error:
        description = params.get("error_description") or error
        raise AuthenticationFailed(
            f"OroCommerce refused the authorization: {description}",
            code="authorization_refused",
            remote_code=error,
        )
    code = params.get("code")
    if not code:
        raise AuthenticationFailed(
            "The authorization answer carries no code.",
            code="authorization_refused",
            hint="Click Authorize again.",
        )
    return code


def exchange_code(
    session: ConnectorSession,
    settings: OroAuthSettings,
    client_secret: str | None,
    code: str,
    code_verifier: str,
    endpoints: OroEndpoints | None = None,
) -> TokenSet:
    """Trade the authorization code for the first token pair."""
    body = WebApplicationClient(settings.client_id).prepare_request_body(
        code=code,
        redirect_uri=settings.redirect_url,
        include_client_id=True,
        code_verifier=code_verifier,
        **({"client_secret": client_secret} if client_secret else {}),
    )
    return _token_call(
        session,
        (endpoints or settings.endpoints).token_url,
        body,
        "authorization_code",
        hide=(client_secret, code, code_verifier),
    )


def refresh(
    session: ConnectorSession,
    settings: OroAuthSettings,
    client_secret: str | None,
    refresh_token: str,
    endpoints: OroEndpoints | None = None,
) -> TokenSet:
    """Trade the refresh token for a new pair. Oro rotates: the old refresh token is spent now,
    so the caller must save the new pair before using it (``TokenManager`` does)."""
    body = WebApplicationClient(settings.client_id).prepare_refresh_body(
        refresh_token=refresh_token,
        client_id=settings.client_id,
        **({"client_secret": client_secret} if client_secret else {}),
    )
    return _token_call(
        session,
        (endpoints or settings.endpoints).token_url,
        body,
        "refresh_token",
        hide=(client_secret, refresh_token),
        previous_refresh_token=refresh_token,
    )


def _token_call(
    session: ConnectorSession,
    token_url: str,
    body: str,
    grant: Grant,
    *,
    hide: tuple[str | None, ...],
    previous_refresh_token: str | None = None,
) -> TokenSet:
    session.redactor.add(*hide)
    try:
        # Never repeated: codes and refresh tokens are single use.
        response = session.request("POST", token_url, data=body, headers=FORM, safe_to_retry=False)
    except ConnectorError as exc:
        raise token_error(exc, grant) from exc
    return read_token_response(
        session, response, store="OroCommerce", previous_refresh_token=previous_refresh_token
    )


# --- wiring for workers ----------------------------------------------------------------------


def refresher(
    session: ConnectorSession,
    settings: OroAuthSettings,
    client_secret: str | None,
    endpoints: OroEndpoints | None = None,
) -> Refresher:
    """The ``TokenManager`` refresher: refresh with the stored refresh token."""

    def renew(current: TokenSet | None) -> TokenSet:
        if current is None or not current.refresh_token:
            raise NeedsReauthorization(NOT_AUTHORIZED)
        return refresh(session, settings, client_secret, current.refresh_token, endpoints)

    return renew


def token_manager(
    store: TokenStore,
    key: str,
    session: ConnectorSession,
    settings: OroAuthSettings,
    client_secret: str | None,
    *,
    skew_seconds: float = 60,
    endpoints: OroEndpoints | None = None,
) -> TokenManager:
    return TokenManager(
        store,
        key,
        refresher(session, settings, client_secret, endpoints),
        skew_seconds,
        redactor=session.redactor,
    )


def authorized_session(session: ConnectorSession, tokens: TokenManager) -> AuthorizedSession:
    """API calls with the bearer token; an empty-body 401 renews it once and resends."""
    return AuthorizedSession(session, tokens)
