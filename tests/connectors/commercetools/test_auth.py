"""commercetools client credentials: the token call, caching, one re-issue after a 401, errors.

Server behaviour follows reference/commercetools.md §0.1-§2 and seed 004 "Common Issues".
"""

from __future__ import annotations

import base64
import logging
import traceback
from datetime import UTC, datetime, timedelta

import pytest
import responses
from responses import matchers

from connectors.commercetools import auth
from connectors.commercetools.errors import (
    API_AUTH_ERROR_TABLE,
    InvalidApiDomain,
    error_parser,
    missing_scopes,
)
from connectors.http import (
    AuthenticationFailed,
    ConnectorSession,
    LocalThrottle,
    MemoryCallRecorder,
    PermissionDenied,
    Redactor,
    RetryPolicy,
    ThrottlePolicy,
)
from connectors.tokens import MemoryTokenStore, TokenSet

AUTH_URL = "https://auth.europe-west1.gcp.commercetools.com"
TOKEN_URL = f"{AUTH_URL}/oauth/token"
API_URL = "https://api.europe-west1.gcp.commercetools.com/mystore"
CLIENT_ID = "ct-client-id-77"
SECRET = "ct-client-secret-Zq9Xw8Vu7"
SCOPE = "manage_products:mystore view_orders:mystore"
TOKEN_1 = "ct-access-token-one-1111"
TOKEN_2 = "ct-access-token-two-2222"
API_KEY = "gateway-api-key-3c4d5e"
BASIC = "Basic " + base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
KEY = "ct-subscription-1"


def token_body(token: str, expires_in: int = 172800) -> dict:
    return {"access_token": token, "token_type": "Bearer", "expires_in": expires_in, "scope": SCOPE}


def ct_error(status: int, code: str, message: str) -> dict:
    return {
        "statusCode": status,
        "message": message,
        "errors": [{"code": code, "message": message}],
        "error": code,
        "error_description": message,
    }


TOKEN_REQUEST = [
    matchers.header_matcher({"Authorization": BASIC}),
    matchers.urlencoded_params_matcher({"grant_type": "client_credentials", "scope": SCOPE}),
]


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
        error_table=API_AUTH_ERROR_TABLE,
        sleep=lambda seconds: None,
    )


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def manager(session, store=None):
    return auth.token_manager(
        store or MemoryTokenStore(), KEY, session, AUTH_URL, CLIENT_ID, SECRET, SCOPE
    )


class TestFetchToken:
    def test_basic_auth_client_credentials_and_scope(self, session, mocked):
        mocked.post(TOKEN_URL, json=token_body(TOKEN_1), match=TOKEN_REQUEST)
        before = datetime.now(UTC)
        pair = auth.fetch_token(session, AUTH_URL, CLIENT_ID, SECRET, SCOPE)
        assert pair.access_token == TOKEN_1
        assert pair.refresh_token is None
        assert pair.scope == SCOPE
        assert pair.expires_at >= before + timedelta(hours=48)

    @pytest.mark.parametrize(
        "url", ["https://auth.commercetools.com", "https://api.commercetools.com/"]
    )
    def test_a_host_without_region_is_refused_before_any_call(self, session, mocked, url):
        with pytest.raises(InvalidApiDomain) as caught:
            auth.fetch_token(session, url, CLIENT_ID, SECRET, SCOPE)
        assert caught.value.error_class == "configuration"
        assert "api.us-central1.gcp.commercetools.com" in caught.value.hint

    def test_wrong_client_credentials_point_to_merchant_center(self, session, mocked):
        mocked.post(
            TOKEN_URL,
            status=401,
            json=ct_error(
                401,
                "invalid_client",
                "Please provide valid client credentials using HTTP Basic Authentication.",
            ),
        )
        with pytest.raises(AuthenticationFailed) as caught:
            auth.fetch_token(session, AUTH_URL, CLIENT_ID, SECRET, SCOPE)
        assert caught.value.code == "invalid_client"
        assert "Merchant Center" in caught.value.hint
        assert "API clients" in caught.value.hint

    def test_an_invalid_scope_is_named(self, session, mocked):
        mocked.post(
            TOKEN_URL,
            status=400,
            json=ct_error(400, "invalid_scope", "Malformed parameter: scope: Invalid scope."),
        )
        with pytest.raises(AuthenticationFailed) as caught:
            auth.fetch_token(session, AUTH_URL, CLIENT_ID, SECRET, SCOPE)
        assert caught.value.code == "invalid_scope"
        assert "manage_products:mystore view_orders:mystore" in caught.value.message
        assert "Scope setting" in caught.value.hint


class TestCachingAndReissue:
    def test_the_token_is_cached_until_shortly_before_expiry(self, session, mocked):
        mocked.post(TOKEN_URL, json=token_body(TOKEN_1), match=TOKEN_REQUEST)
        tokens = manager(session)
        assert [tokens.access_token() for _ in range(3)] == [TOKEN_1] * 3
        assert len(mocked.calls) == 1

    def test_a_token_about_to_expire_is_replaced(self, session, mocked):
        store = MemoryTokenStore()
        soon = datetime.now(UTC) + timedelta(seconds=auth.DEFAULT_SKEW_SECONDS - 10)
        store.put(KEY, TokenSet(TOKEN_1, None, soon, SCOPE))
        mocked.post(TOKEN_URL, json=token_body(TOKEN_2), match=TOKEN_REQUEST)
        assert manager(session, store).access_token() == TOKEN_2
        assert store.load(KEY).access_token == TOKEN_2

    def test_a_401_gets_one_new_token_and_one_retry_with_the_api_key(self, session, mocked):
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(TOKEN_1, None, datetime.now(UTC) + timedelta(hours=40), SCOPE))
        api = auth.authorized_session(session, manager(session, store), api_key=API_KEY)
        mocked.get(
            f"{API_URL}/products",
            status=401,
            json=ct_error(401, "invalid_token", "invalid_token"),
            match=[matchers.header_matcher({"Authorization": f"Bearer {TOKEN_1}"})],
        )
        mocked.post(TOKEN_URL, json=token_body(TOKEN_2), match=TOKEN_REQUEST)
        mocked.get(
            f"{API_URL}/products",
            json={"results": []},
            match=[
                matchers.header_matcher(
                    {"Authorization": f"Bearer {TOKEN_2}", "X-Api-Key": API_KEY}
                )
            ],
        )
        assert api.get_json(f"{API_URL}/products") == {"results": []}
        assert len(mocked.calls) == 3

    def test_no_api_key_header_unless_configured(self, session, mocked):
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(TOKEN_1, None, datetime.now(UTC) + timedelta(hours=40), SCOPE))
        api = auth.authorized_session(session, manager(session, store))
        mocked.get(f"{API_URL}/products", json={"results": []})
        api.get(f"{API_URL}/products")
        assert "X-Api-Key" not in mocked.calls[0].request.headers


class TestInsufficientScope:
    MESSAGE = "Insufficient scope. One of the following scopes is missing: manage_orders:mystore"

    def test_the_missing_scopes_are_read_from_the_message(self):
        assert missing_scopes(self.MESSAGE) == ["manage_orders:mystore"]
        assert missing_scopes(
            "Insufficient scope. One of the following scopes is missing: view_orders:s, "
            "manage_orders:s."
        ) == ["view_orders:s", "manage_orders:s"]
        assert missing_scopes("Something else.") == []

    def test_a_403_names_the_missing_scope(self, session, mocked):
        store = MemoryTokenStore()
        store.put(KEY, TokenSet(TOKEN_1, None, datetime.now(UTC) + timedelta(hours=40), SCOPE))
        api = auth.authorized_session(session, manager(session, store))
        mocked.post(
            f"{API_URL}/orders/import",
            status=403,
            json=ct_error(403, "insufficient_scope", self.MESSAGE),
        )
        with pytest.raises(PermissionDenied) as caught:
            api.request("POST", f"{API_URL}/orders/import", json={})
        assert caught.value.code == "insufficient_scope"
        assert "manage_orders:mystore" in caught.value.message
        assert "Merchant Center" in caught.value.hint


class TestNoSecretsLeak:
    def test_logs_call_records_and_errors_never_show_a_secret(
        self, session, recorder, mocked, caplog
    ):
        for name in ("requests_oauthlib", "oauthlib", "urllib3", "connectors"):
            caplog.set_level(logging.DEBUG, logger=name)
        texts: list[str] = []
        store = MemoryTokenStore()
        api = auth.authorized_session(session, manager(session, store), api_key=API_KEY)
        mocked.post(TOKEN_URL, json=token_body(TOKEN_1))
        mocked.get(f"{API_URL}/products", status=401, body="")
        mocked.post(
            TOKEN_URL,
            status=401,
            json=ct_error(401, "invalid_client", f"Bad credentials {CLIENT_ID}:{SECRET}"),
        )
        with pytest.raises(AuthenticationFailed) as caught:
            api.get(f"{API_URL}/products")
        exc = caught.value
        texts += [str(exc), repr(exc), exc.hint, *traceback.format_exception(exc)]
        texts += [caplog.text, repr(store.load(KEY)), *(repr(r) for r in recorder.records)]
        assert len(recorder.records) == 3
        secrets = (SECRET, TOKEN_1, API_KEY, BASIC.removeprefix("Basic "))
        assert [s for s in secrets if any(s in text for text in texts)] == []
