"""The OroCommerce sandbox: OAuth 2.0 server (reference/orocommerce.md §3) and back-office API."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..core import Request, Response, Sandbox
from .jsonapi import JsonApi
from .schema import DEFAULT_VERSION, schema_for
from .seed import DEMO_ORG, localize_for_version, seed
from .store import Store

# Demo values, not secrets: printed in sandbox/README.md and on the login page.
DEMO_CLIENT_ID = "sandbox-demo-client"
DEMO_CLIENT_SECRET = "sandbox-demo-secret"
DEMO_USERNAME = "admin"
DEMO_PASSWORD = "sandbox-demo-password"
SESSION_COOKIE = "oro_sandbox_session"  # not "sessionid": cookies ignore ports


@dataclass
class OAuthClient:
    client_id: str
    secret: str | None  # None for a public client
    redirect_uris: list[str] = field(default_factory=list)  # empty: any loopback http URI
    organization: str = DEMO_ORG
    skip_consent: bool = False

    def redirect_allowed(self, uri: str) -> bool:
        if self.redirect_uris:
            return uri in self.redirect_uris
        parts = urlsplit(uri)
        return parts.scheme in ("http", "https") and parts.hostname in (
            "127.0.0.1",
            "localhost",
            "::1",
        )

    def __repr__(self) -> str:
        return f"OAuthClient({self.client_id!r})"  # never the secret


def _oauth_error(status: int, error: str, description: str, hint: str | None = None) -> Response:
    body = {"error": error, "error_description": description, "message": description}
    if hint:
        body["hint"] = hint
    response = Response.json(status, body)
    if error == "invalid_client":
        response.headers["WWW-Authenticate"] = 'Basic realm="OAuth"'
    return response


class OroSandbox(Sandbox):
    name = "orocommerce"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        api_version: str = DEFAULT_VERSION,
        admin_prefix: str = "admin",
        redirect_uris: list[str] | None = None,
        access_token_lifetime: int = 3600,
        refresh_token_lifetime: int = 2592000,
        auth_code_lifetime: int = 600,
        api_feature_enabled: bool = True,
        stats_window: float = 1.0,
    ) -> None:
        super().__init__(host, port, stats_window)
        self.api_version = api_version
        self.admin_prefix = admin_prefix.strip("/")
        self.access_token_lifetime = access_token_lifetime
        self.refresh_token_lifetime = refresh_token_lifetime
        self.auth_code_lifetime = auth_code_lifetime
        self.api_feature_enabled = api_feature_enabled
        self.store = Store(schema_for(api_version))
        seed(self.store)
        localize_for_version(self.store, api_version)
        self.store.link_all_inverses()
        self.clients = {
            DEMO_CLIENT_ID: OAuthClient(
                DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, list(redirect_uris or [])
            )
        }
        self.users = {DEMO_USERNAME: DEMO_PASSWORD}
        self._sessions: dict[str, str] = {}  # session cookie -> username
        self._codes: dict[str, dict[str, Any]] = {}
        self._access: dict[str, dict[str, Any]] = {}
        self._refresh: dict[str, dict[str, Any]] = {}
        self.api = JsonApi(self)
        prefix = f"/{self.admin_prefix}"
        self.router.add("GET", f"{prefix}/oauth2-token/authorize", self.authorize)
        self.router.add("POST", f"{prefix}/oauth2-token/authorize", self.authorize)
        self.router.add("POST", "/oauth2-token", self.token)
        for method in ("GET", "POST", "PATCH", "DELETE"):
            self.router.add(method, f"{prefix}/api/.*", self.api.handle)
        self.router.add(
            "GET", f"/.well-known/oauth-authorization-server{prefix}/oauth2-server", self.metadata
        )

    # ------------------------------------------------------------ URLs
    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/{self.admin_prefix}/oauth2-token/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth2-token"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/{self.admin_prefix}/api"

    def describe(self) -> str:
        return "\n".join(
            [
                f"OroCommerce sandbox (API version {self.api_version}) on {self.base_url}",
                f"  API URL:        {self.base_url}   (Admin Base Path: {self.admin_prefix})",
                f"  authorize URL:  {self.authorize_url}",
                f"  token URL:      {self.token_url}",
                f"  demo client:    {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}",
                f"  demo login:     {DEMO_USERNAME} / {DEMO_PASSWORD}",
                f"  control:        {self.base_url}/__sandbox__/faults, /__sandbox__/stats",
            ]
        )

    # ------------------------------------------------------------ tokens
    def authenticate(self, request: Request) -> dict[str, Any] | None:
        if request.arg("access_token"):
            return None  # a token in the query string is rejected (§3.4)
        header = request.header("authorization")
        if not header.startswith("Bearer "):
            return None
        token = self._access.get(header[7:].strip())
        if token is None or token["expires_at"] <= self.now():
            return None
        return token

    def expire_tokens(self) -> int:
        with self.lock:
            for token in self._access.values():
                token["expires_at"] = 0
            return len(self._access)

    def issue_tokens(
        self, client_id: str, user: str | None, with_refresh: bool = True
    ) -> dict[str, Any]:
        access = secrets.token_urlsafe(32)
        self._access[access] = {
            "client_id": client_id,
            "user": user,
            "org": self.clients[client_id].organization,
            "expires_at": self.now() + self.access_token_lifetime,
        }
        body: dict[str, Any] = {
            "token_type": "Bearer",
            "expires_in": self.access_token_lifetime,
            "access_token": access,
        }
        if with_refresh:
            refresh = secrets.token_urlsafe(48)
            self._refresh[refresh] = {
                "client_id": client_id,
                "user": user,
                "expires_at": self.now() + self.refresh_token_lifetime,
                "spent": False,
            }
            body["refresh_token"] = refresh
        return body

    # ------------------------------------------------------------ authorize (login + consent)
    def authorize(self, request: Request) -> Response:
        params = dict(request.query)
        form = request.form() if request.method == "POST" else {}
        params.update({k: v for k, v in form.items() if k not in ("username", "password", "grant")})
        client = self.clients.get(params.get("client_id", ""))
        if client is None:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        redirect_uri = params.get("redirect_uri") or (client.redirect_uris[:1] or [""])[0]
        if not redirect_uri or not client.redirect_allowed(redirect_uri):
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        if params.get("response_type") != "code":
            return _oauth_error(
                400,
                "unsupported_response_type",
                "The authorization server does not support obtaining an authorization "
                "code using this method.",
            )
        challenge = params.get("code_challenge")
        method = params.get("code_challenge_method", "plain")
        if client.secret is None and not challenge:
            return _oauth_error(
                400,
                "invalid_request",
                "The request is missing a required parameter.",
                "Check the `code_challenge` parameter",
            )
        if challenge and method != "S256":
            return _oauth_error(
                400,
                "invalid_request",
                "The request is missing a required parameter.",
                "Plain code challenge method is not allowed for this client",
            )
        user = self._sessions.get(self._cookie(request))
        if request.method == "POST" and "username" in form:
            if self.users.get(form["username"]) != form.get("password"):
                return self._login_page(params, "Invalid user name or password.")
            session = secrets.token_urlsafe(24)
            with self.lock:
                self._sessions[session] = form["username"]
            response = (
                self._consent_page(params)
                if not client.skip_consent
                else self._grant(params, redirect_uri, form["username"])
            )
            response.headers["Set-Cookie"] = (
                f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; SameSite=Lax"
            )
            return response
        if user is None:
            return self._login_page(params)
        if request.method == "POST" and "grant" in form:
            if form["grant"] != "allow":
                query = {
                    "error": "access_denied",
                    "error_description": (
                        "The resource owner or authorization server denied the request."
                    ),
                }
                if params.get("state"):
                    query["state"] = params["state"]
                return Response.redirect(self._with_query(redirect_uri, query))
            return self._grant(params, redirect_uri, user)
        return (
            self._consent_page(params)
            if not client.skip_consent
            else self._grant(params, redirect_uri, user)
        )

    def grant_code(
        self,
        redirect_uri: str,
        code_challenge: str | None,
        client_id: str = DEMO_CLIENT_ID,
        user: str = DEMO_USERNAME,
    ) -> str:
        """An authorization code as if `user` had logged in and consented (for tests that exercise
        the token exchange, not the HTML pages)."""
        params = {"client_id": client_id, "redirect_uri": redirect_uri}
        if code_challenge:
            params["code_challenge"] = code_challenge
        location = self._grant(params, redirect_uri, user).headers["Location"]
        return location.split("code=", 1)[1].split("&", 1)[0]

    def _grant(self, params: dict[str, str], redirect_uri: str, user: str) -> Response:
        code = secrets.token_urlsafe(32)
        with self.lock:
            self._codes[code] = {
                "client_id": params["client_id"],
                "redirect_uri": redirect_uri,
                "redirect_given": bool(params.get("redirect_uri")),
                "challenge": params.get("code_challenge"),
                "user": user,
                "expires_at": self.now() + self.auth_code_lifetime,
                "used": False,
            }
        query = {"code": code}
        if params.get("state"):
            query["state"] = params["state"]
        return Response.redirect(self._with_query(redirect_uri, query))

    @staticmethod
    def _with_query(uri: str, query: dict[str, str]) -> str:
        return uri + ("&" if "?" in uri else "?") + urlencode(query)

    @staticmethod
    def _cookie(request: Request) -> str:
        for part in request.header("cookie").split(";"):
            name, _, value = part.strip().partition("=")
            if name == SESSION_COOKIE:
                return value
        return ""

    def _hidden(self, params: dict[str, str]) -> str:
        return "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in params.items()
        )

    def _login_page(self, params: dict[str, str], error: str = "") -> Response:
        message = f'<p class="error">{html.escape(error)}</p>' if error else ""
        return Response.html(
            200 if not error else 400,
            f"""<!doctype html>
<html><head><title>Login - OroCommerce sandbox</title></head><body>
<h1>OroCommerce sandbox: back-office login</h1>{message}
<p>Demo credentials: <code>{DEMO_USERNAME}</code> / <code>{DEMO_PASSWORD}</code></p>
<form method="post" action="/{self.admin_prefix}/oauth2-token/authorize">{self._hidden(params)}
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Log in</button></form></body></html>""",
        )

    def _consent_page(self, params: dict[str, str]) -> Response:
        client = html.escape(params.get("client_id", ""))
        return Response.html(
            200,
            f"""<!doctype html>
<html><head><title>Authorize - OroCommerce sandbox</title></head><body>
<h1>Authorize application</h1><p>The application <strong>{client}</strong> asks to access the
back-office API on your behalf.</p>
<form method="post" action="/{self.admin_prefix}/oauth2-token/authorize">{self._hidden(params)}
<button type="submit" name="grant" value="allow">Allow</button>
<button type="submit" name="grant" value="deny">Deny</button></form></body></html>""",
        )

    # ------------------------------------------------------------ token endpoint
    def token(self, request: Request) -> Response:
        content_type = request.header("content-type").split(";")[0].strip()
        try:
            params = request.json() if content_type == "application/json" else request.form()
        except ValueError:
            params = {}
        params = {k: str(v) for k, v in (params or {}).items()}
        grant = params.get("grant_type")
        if not grant:
            return _oauth_error(
                400,
                "unsupported_grant_type",
                "The authorization grant type is not supported by the authorization server.",
                "Check that all required parameters have been provided",
            )
        client = self.clients.get(params.get("client_id", ""))
        if client is None or not self.api_feature_enabled:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        if client.secret is not None and not secrets.compare_digest(
            params.get("client_secret", ""), client.secret
        ):
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        with self.lock:
            if grant == "authorization_code":
                return self._code_grant(client, params)
            if grant == "refresh_token":
                return self._refresh_grant(client, params)
            if grant == "client_credentials":
                return Response.json(
                    200, self.issue_tokens(client.client_id, None, with_refresh=False)
                )
        return _oauth_error(
            400,
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server.",
        )

    def _code_grant(self, client: OAuthClient, params: dict[str, str]) -> Response:
        code = self._codes.get(params.get("code", ""))
        if code is None or code["client_id"] != client.client_id:
            return _oauth_error(
                400,
                "invalid_request",
                "The request is missing a required parameter.",
                "Cannot decrypt the authorization code",
            )
        if code["used"]:
            return _oauth_error(
                400,
                "invalid_request",
                "The request is missing a required parameter.",
                "Authorization code has been revoked",
            )
        if code["expires_at"] <= self.now():
            return _oauth_error(
                400,
                "invalid_request",
                "The request is missing a required parameter.",
                "Authorization code has expired",
            )
        if code["redirect_given"] and params.get("redirect_uri") != code["redirect_uri"]:
            return _oauth_error(401, "invalid_client", "Client authentication failed")
        if code["challenge"]:
            verifier = params.get("code_verifier", "")
            if not verifier:
                return _oauth_error(
                    400,
                    "invalid_request",
                    "The request is missing a required parameter.",
                    "Check the `code_verifier` parameter",
                )
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(
                b"="
            )
            if not secrets.compare_digest(digest.decode(), code["challenge"]):
                return _oauth_error(
                    400,
                    "invalid_grant",
                    "The provided authorization grant is invalid, expired, revoked, does "
                    "not match the redirection URI used in the authorization request, or "
                    "was issued to another client.",
                    "Failed to verify `code_verifier`.",
                )
        code["used"] = True  # single use, whatever happens next
        return Response.json(200, self.issue_tokens(client.client_id, code["user"]))

    def _refresh_grant(self, client: OAuthClient, params: dict[str, str]) -> Response:
        token = self._refresh.get(params.get("refresh_token", ""))

        def invalid(hint: str) -> Response:
            return _oauth_error(401, "invalid_request", "The refresh token is invalid.", hint)

        if token is None:
            return invalid("Cannot decrypt the refresh token")
        if token["client_id"] != client.client_id:
            return invalid("Token is not linked to client")
        if token["spent"]:
            return invalid("Token has been revoked")
        if token["expires_at"] <= self.now():
            return invalid("Token has expired")
        token["spent"] = True  # refresh tokens rotate and are single use (§3.2)
        return Response.json(200, self.issue_tokens(client.client_id, token["user"]))

    def metadata(self, request: Request) -> Response:
        return Response.json(
            200,
            {
                "issuer": self.base_url,
                "authorization_endpoint": self.authorize_url,
                "token_endpoint": self.token_url,
                "response_types_supported": ["code"],
                "grant_types_supported": [
                    "authorization_code",
                    "client_credentials",
                    "refresh_token",
                ],
                "code_challenge_methods_supported": ["S256"],
            },
        )

    def not_found(self, request: Request) -> Response:
        return Response(404)

    def fault_response(self, fault: Any) -> Response:
        response = super().fault_response(fault)
        if fault.status >= 500 or fault.status == 429:
            payload = {
                "errors": [
                    {
                        "status": str(fault.status),
                        "title": "injected fault",
                        "detail": "The sandbox was told to fail this request.",
                    }
                ]
            }
            response.body = json.dumps(payload).encode()
            response.headers["Content-Type"] = "application/vnd.api+json"
        return response
