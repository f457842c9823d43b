"""OroCommerce OAuth: PKCE, the authorize URL, code exchange, rotating refresh, error hints.

Server behaviour follows reference/orocommerce.md §0.1-0.3, §3.1-3.2, §3.5 and §3.6.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
import re
import threading
import time
import traceback
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from responses import matchers

from connectors.http import (
    AuthenticationFailed,
    ConnectorError,
    ConnectorSession,
    DestinationBlocked,
    LocalThrottle,
    MemoryCallRecorder,
    Redactor,
    RetryPolicy,
    ThrottlePolicy,
)
from connectors.orocommerce import auth
from connectors.orocommerce.errors import OAuthUnavailable, error_parser
from connectors.tokens import MemoryTokenStore, NeedsReauthorization, TokenSet

API = "https://shop.example.com"
TOKEN_URL = f"{API}/oauth2-token"
METADATA_URL = f"{API}/.well-known/oauth-authorization-server/admin/oauth2-server"
CLIENT_ID = "oro-client-id-42"
SECRET = "oro-client-secret-5f4e3d2c"
CODE = "def50200-authorization-code-a1b2c3"
VERIFIER = "pkce-verifier-" + "v" * 50
ACCESS_1, REFRESH_1 = "eyJ0eXAi.access-one-111", "def502-refresh-one-111"
ACCESS_2, REFRESH_2 = "eyJ0eXAi.access-two-222", "def502-refresh-two-222"
ALL_SECRETS = (SECRET, CODE, VERIFIER, ACCESS_1, REFRESH_1, ACCESS_2, REFRESH_2)
KEY = "oro-subscription-1"

SETTINGS = auth.OroAuthSettings(
    api_url=API,
    client_id=CLIENT_ID,
    redirect_url="https://portal.example.com/oauth/callback",
    admin_base_path="/admin",
)


def token_body(access: str, refresh: str | None, expires_in: int = 3600) -> dict:
    body = {"token_type": "Bearer", "expires_in": expires_in, "access_token": access}
    if refresh:
        body["refresh_token"] = refresh
    return body


def oauth_error(error: str, description: str, hint: str | None = None) -> dict:
    body = {"error": error, "error_description": description, "message": description}
    if hint:
        body["hint"] = hint
    return body


@pytest.fixture
def recorder() -> MemoryCallRecorder:
    return MemoryCallRecorder()


@pytest.fixture
def session(recorder) -> ConnectorSession:
    return ConnectorSession(
        KEY,
        policy=ThrottlePolicy(limit=500, seconds=60, connections=5),
        throttle=LocalThrottle(),
        retry=RetryPolicy(max_attempts=2, jitter=False),
        redactor=Redactor(),
        recorder=recorder,
        error_parser=error_parser,
        sleep=lambda seconds: None,
    )


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


class TestPkceAndAuthorizeUrl:
    def test_the_challenge_is_the_s256_of_the_verifier(self):
        verifier = auth.new_code_verifier()
        expected = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        assert auth.code_challenge(verifier) == expected.rstrip(b"=").decode()
        assert re.fullmatch(r"[A-Za-z0-9._~-]{43,128}", verifier)  # RFC 7636 §4.1
        assert auth.new_code_verifier() != verifier

    def test_the_authorize_url_is_the_back_office_one_with_scope_state_and_s256(self):
        url = auth.build_authorization_request(SETTINGS, "state-123", VERIFIER)
        parts = urlsplit(url)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
            f"{API}/admin/oauth2-token/authorize"
        )
        assert query == {
            "response_type": "code",
            "client_id": CLIENT_ID,
            "redirect_uri": "https://portal.example.com/oauth/callback",
            "scope": auth.DEFAULT_SCOPE,
            "state": "state-123",
            "code_challenge": auth.code_challenge(VERIFIER),
            "code_challenge_method": "S256",
        }
        assert VERIFIER not in url

    def test_plain_http_is_refused_unless_the_host_is_allowed(self):
        local = dataclasses.replace(SETTINGS, api_url="http://shop.example.com")
        with pytest.raises(DestinationBlocked):
            auth.build_authorization_request(local, "s", VERIFIER)
        url = auth.build_authorization_request(
            local, "s", VERIFIER, allowed_hosts=["shop.example.com"]
        )
        assert url.startswith("http://shop.example.com/admin/oauth2-token/authorize?")

    @pytest.mark.parametrize("path", ["backoffice", "/backoffice/", "", None])
    def test_the_admin_base_path_goes_into_the_authorize_url_only(self, path):
        settings = auth.OroAuthSettings.from_settings(
            {
                "api_url": API + "/",
                "client_id": CLIENT_ID,
                "redirect_url": "https://p.example.com/cb",
                "admin_base_path": path,
            }
        )
        admin = "backoffice" if path and path.strip("/") else "admin"
        assert settings.endpoints == auth.OroEndpoints(
            authorize_url=f"{API}/{admin}/oauth2-token/authorize", token_url=TOKEN_URL
        )


class TestMetadataDiscovery:
    def test_published_metadata_is_preferred(self, session, mocked):
        mocked.get(
            METADATA_URL,
            json={
                "issuer": API,
                "authorization_endpoint": f"{API}/admin/oauth2-token/authorize",
                "token_endpoint": f"{API}/oauth2-token?from=metadata",
                "code_challenge_methods_supported": ["S256"],
            },
        )
        found = auth.discover_endpoints(session, SETTINGS)
        assert found.discovered
        assert found.token_url == f"{API}/oauth2-token?from=metadata"

    def test_older_releases_without_metadata_use_the_built_endpoints(self, session, mocked):
        mocked.get(METADATA_URL, status=404, body="")
        assert auth.discover_endpoints(session, SETTINGS) == SETTINGS.endpoints

    def test_endpoints_on_another_host_are_ignored(self, session, mocked):
        mocked.get(
            METADATA_URL,
            json={
                "authorization_endpoint": "https://evil.example.net/authorize",
                "token_endpoint": "https://evil.example.net/token",
            },
        )
        assert auth.discover_endpoints(session, SETTINGS) == SETTINGS.endpoints


class TestCallback:
    def test_the_code_comes_back_when_state_matches(self):
        assert auth.code_from_callback({"code": CODE, "state": "s1"}, "s1") == CODE

    @pytest.mark.parametrize(
        ("params", "code"),
        [
            ({"code": CODE, "state": "other"}, "state_mismatch"),
            ({"code": CODE}, "state_mismatch"),
            ({"error": "access_denied", "state": "s1"}, "authorization_denied"),
            ({"state": "s1"}, "authorization_refused"),
        ],
    )
    def test_a_wrong_or_refused_answer_is_refused(self, params, code):
        with pytest.raises(AuthenticationFailed) as caught:
            auth.code_from_callback(params, "s1")
        assert caught.value.code == code
        assert "Authorize again" in caught.value.hint


class TestTokenEndpoint:
    def test_the_code_is_exchanged_with_the_verifier_and_the_secret(self, session, mocked):
        mocked.post(
            TOKEN_URL,
            json=token_body(ACCESS_1, REFRESH_1),
            match=[
                matchers.urlencoded_params_matcher(
                    {
                        "grant_type": "authorization_code",
                        "client_id": CLIENT_ID,
                        "client_secret": SECRET,
                        "code": CODE,
                        "code_verifier": VERIFIER,
                        "redirect_uri": SETTINGS.redirect_url,
                    }
                )
            ],
        )
        before = datetime.now(UTC)
        pair = auth.exchange_code(session, SETTINGS, SECRET, CODE, VERIFIER)
        assert (pair.access_token, pair.refresh_token) == (ACCESS_1, REFRESH_1)
        assert before + timedelta(seconds=3590) < pair.expires_at
        assert pair.expires_at <= datetime.now(UTC) + timedelta(seconds=3600)

    def test_a_refresh_returns_the_rotated_pair(self, session, mocked):
        mocked.post(
            TOKEN_URL,
            json=token_body(ACCESS_2, REFRESH_2),
            match=[
                matchers.urlencoded_params_matcher(
                    {
                        "grant_type": "refresh_token",
                        "client_id": CLIENT_ID,
                        "client_secret": SECRET,
                        "refresh_token": REFRESH_1,
                    }
                )
            ],
        )
        pair = auth.refresh(session, SETTINGS, SECRET, REFRESH_1)
        assert (pair.access_token, pair.refresh_token) == (ACCESS_2, REFRESH_2)

    def test_a_refresh_answer_without_a_refresh_token_keeps_the_old_one(self, session, mocked):
        mocked.post(TOKEN_URL, json=token_body(ACCESS_2, None))
        assert auth.refresh(session, SETTINGS, SECRET, REFRESH_1).refresh_token == REFRESH_1

    def test_a_failed_token_call_is_not_repeated(self, session, mocked):
        # The code or refresh token may already be spent: repeating would only hide the cause.
        mocked.post(TOKEN_URL, status=503, body="")
        with pytest.raises(ConnectorError):
            auth.refresh(session, SETTINGS, SECRET, REFRESH_1)
        assert len(mocked.calls) == 1


REFRESH_REFUSED = (401, oauth_error("invalid_request", "The refresh token is invalid."))
ERROR_CASES = [
    # (grant, status, body, error class, code, words in the hint)
    pytest.param(
        "authorization_code",
        401,
        oauth_error("invalid_client", "Client authentication failed"),
        AuthenticationFailed,
        "invalid_client",
        "Web API",
        id="web-api-off-or-bad-client-on-code",
    ),
    pytest.param(
        "refresh_token",
        401,
        oauth_error("invalid_client", "Client authentication failed"),
        AuthenticationFailed,
        "invalid_client",
        "Web API",
        id="web-api-off-or-bad-client-on-refresh",
    ),
    pytest.param(
        "authorization_code",
        400,
        oauth_error(
            "invalid_request",
            "The request is missing a required parameter.",
            "Authorization code has been revoked",
        ),
        AuthenticationFailed,
        "authorization_code_refused",
        "already used or has expired",
        id="code-reused",
    ),
    pytest.param(
        "authorization_code",
        400,
        oauth_error("invalid_grant", "The provided authorization grant is invalid."),
        AuthenticationFailed,
        "authorization_code_refused",
        "Authorize again",
        id="code-invalid-grant",
    ),
    pytest.param(
        "authorization_code",
        400,
        oauth_error(
            "invalid_request",
            "The request is missing a required parameter.",
            "Invalid redirect URI",
        ),
        AuthenticationFailed,
        "redirect_uri_mismatch",
        "Redirect URLs of the",
        id="redirect-uri-mismatch",
    ),
    pytest.param(
        "refresh_token",
        *REFRESH_REFUSED,
        NeedsReauthorization,
        "needs_reauthorization",
        "Authorize again",
        id="refresh-token-invalid",
    ),
    pytest.param(
        "refresh_token",
        400,
        oauth_error("invalid_grant", "The provided authorization grant is invalid."),
        NeedsReauthorization,
        "needs_reauthorization",
        "Authorize again",
        id="refresh-invalid-grant",
    ),
    pytest.param(
        "refresh_token",
        500,
        oauth_error("server_error", "The encryption key does not exist."),
        OAuthUnavailable,
        "oauth_unavailable",
        "OAuth encryption key",
        id="encryption-keys-missing",
    ),
]


class TestTokenErrors:
    @pytest.mark.parametrize(("grant", "status", "body", "cls", "code", "hint"), ERROR_CASES)
    def test_each_refusal_has_its_typed_error_and_hint(
        self, session, mocked, grant, status, body, cls, code, hint
    ):
        mocked.post(TOKEN_URL, status=status, json=body)
        with pytest.raises(cls) as caught:
            if grant == "authorization_code":
                auth.exchange_code(session, SETTINGS, SECRET, CODE, VERIFIER)
            else:
                auth.refresh(session, SETTINGS, SECRET, REFRESH_1)
        assert type(caught.value) is cls
        assert caught.value.code == code
        assert caught.value.error_class == "configuration"
        assert hint in caught.value.hint

    def test_the_mapping_does_not_need_orocommerces_error_parser(self, mocked):
        plain = ConnectorSession(
            KEY,
            policy=ThrottlePolicy(),
            throttle=LocalThrottle(),
            redactor=Redactor(),
            sleep=lambda s: None,
        )
        mocked.post(TOKEN_URL, status=REFRESH_REFUSED[0], json=REFRESH_REFUSED[1])
        with pytest.raises(NeedsReauthorization):
            auth.refresh(plain, SETTINGS, SECRET, REFRESH_1)


class TestTokenLifecycle:
    API_URL = f"{API}/admin/api/products"

    def expired_store(self) -> MemoryTokenStore:
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(ACCESS_1, REFRESH_1, datetime.now(UTC) - timedelta(seconds=5)))
        return store

    def test_the_rotated_pair_is_stored_before_the_new_token_is_used(self, session, mocked):
        store = self.expired_store()
        tokens = auth.token_manager(store, KEY, session, SETTINGS, SECRET)
        api = auth.authorized_session(session, tokens)
        mocked.post(TOKEN_URL, json=token_body(ACCESS_2, REFRESH_2))
        stored_when_used: list[TokenSet | None] = []

        def products(request):
            stored_when_used.append(store.load(KEY))
            return (200, {}, '{"data": []}')

        mocked.add_callback(
            "GET",
            self.API_URL,
            callback=products,
            match=[matchers.header_matcher({"Authorization": f"Bearer {ACCESS_2}"})],
        )
        api.get(self.API_URL)
        assert stored_when_used[0].refresh_token == REFRESH_2
        assert stored_when_used[0].access_token == ACCESS_2

    def test_an_empty_401_refreshes_once_and_the_call_is_resent(self, session, mocked):
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(ACCESS_1, REFRESH_1, datetime.now(UTC) + timedelta(hours=1)))
        api = auth.authorized_session(
            session, auth.token_manager(store, KEY, session, SETTINGS, SECRET)
        )
        mocked.get(
            self.API_URL,
            status=401,
            body="",
            match=[matchers.header_matcher({"Authorization": f"Bearer {ACCESS_1}"})],
        )
        mocked.post(TOKEN_URL, json=token_body(ACCESS_2, REFRESH_2))
        mocked.get(
            self.API_URL,
            json={"data": []},
            match=[matchers.header_matcher({"Authorization": f"Bearer {ACCESS_2}"})],
        )
        assert api.get_json(self.API_URL) == {"data": []}
        assert store.load(KEY).refresh_token == REFRESH_2

    def test_a_refused_refresh_moves_the_subscription_to_needs_reauthorization(
        self, session, mocked
    ):
        store = self.expired_store()
        tokens = auth.token_manager(store, KEY, session, SETTINGS, SECRET)
        mocked.post(TOKEN_URL, status=REFRESH_REFUSED[0], json=REFRESH_REFUSED[1])
        with pytest.raises(NeedsReauthorization):
            tokens.access_token()
        assert store.needs_reauthorization(KEY)
        # No stored pair now: the next caller is told at once, without calling Oro again.
        with pytest.raises(NeedsReauthorization, match="not been authorized"):
            tokens.access_token()
        assert len(mocked.calls) == 1
        assert "refresh token is invalid" in store.reauthorization_reasons[KEY]

    def test_twenty_workers_on_an_expired_token_make_one_refresh_call(self, session, mocked):
        store = self.expired_store()
        tokens = auth.token_manager(store, KEY, session, SETTINGS, SECRET)

        def token_endpoint(request):
            time.sleep(0.1)  # keep the refresh in flight while the other callers arrive
            return (200, {"Content-Type": "application/json"}, _json(ACCESS_2, REFRESH_2))

        mocked.add_callback("POST", TOKEN_URL, callback=token_endpoint)
        start = threading.Barrier(20)
        got: list[str] = []
        failures: list[BaseException] = []

        def worker():
            start.wait()
            try:
                got.append(tokens.access_token())
            except BaseException as exc:  # surfaced by the assertion below
                failures.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert failures == []
        assert len(mocked.calls) == 1
        assert got == [ACCESS_2] * 20
        assert store.load(KEY).refresh_token == REFRESH_2


def _json(access: str, refresh: str) -> str:
    return json.dumps(token_body(access, refresh))


class TestNoSecretsLeak:
    def test_logs_call_records_and_errors_never_show_a_secret(
        self, session, recorder, mocked, caplog
    ):
        for name in ("requests_oauthlib", "oauthlib", "urllib3", "connectors"):
            caplog.set_level(logging.DEBUG, logger=name)
        texts: list[str] = []
        mocked.post(TOKEN_URL, json=token_body(ACCESS_1, REFRESH_1))
        auth.exchange_code(session, SETTINGS, SECRET, CODE, VERIFIER)
        # A server that echoes the refresh token in its refusal, and one in a 500 page.
        mocked.post(
            TOKEN_URL,
            status=401,
            json=oauth_error("invalid_request", f"The refresh token {REFRESH_1} is invalid."),
        )
        mocked.post(TOKEN_URL, status=500, body=f"<html>client_secret={SECRET}</html>")
        for _ in range(2):
            with pytest.raises(ConnectorError) as caught:
                auth.refresh(session, SETTINGS, SECRET, REFRESH_1)
            exc = caught.value
            texts += [str(exc), repr(exc), exc.hint, *traceback.format_exception(exc)]
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(ACCESS_1, REFRESH_1, datetime.now(UTC), "s"))
        texts.append(repr(store.load(KEY)))
        texts += [caplog.text, *(repr(r) for r in recorder.records)]
        assert len(recorder.records) == 3
        assert len(texts) > 6
        leaked = [s for s in ALL_SECRETS if any(s in text for text in texts)]
        assert leaked == []
