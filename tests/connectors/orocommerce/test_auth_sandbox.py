"""The OroCommerce OAuth code against the sandbox's OAuth server (real HTTP on 127.0.0.1).

The unit tests stub each answer; these check that the pieces fit a server that behaves like
Oro (reference/orocommerce.md §3): metadata, code exchange, rotation, spent tokens.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from connectors.http import (
    AuthenticationFailed,
    ConnectorSession,
    LocalThrottle,
    Redactor,
    ThrottlePolicy,
)
from connectors.orocommerce import auth
from connectors.orocommerce.errors import error_parser
from connectors.tokens import MemoryTokenStore, NeedsReauthorization
from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox

REDIRECT = "http://127.0.0.1:8000/oauth/callback"
KEY = "oro-sandbox-subscription"


@pytest.fixture
def oro() -> Iterator[OroSandbox]:
    with OroSandbox.running(admin_prefix="backoffice") as sb:
        yield sb


@pytest.fixture
def oro_settings(oro) -> auth.OroAuthSettings:
    return auth.OroAuthSettings(
        api_url=oro.base_url,
        client_id=DEMO_CLIENT_ID,
        redirect_url=REDIRECT,
        admin_base_path="/backoffice",
    )


@pytest.fixture
def session() -> ConnectorSession:
    return ConnectorSession(
        KEY,
        policy=ThrottlePolicy(),
        throttle=LocalThrottle(),
        allowed_hosts=["127.0.0.1"],
        redactor=Redactor(),
        error_parser=error_parser,
    )


def authorize(oro: OroSandbox, session, oro_settings) -> tuple[str, str]:
    """The browser part, done by the sandbox's helper: returns (code, verifier)."""
    verifier = auth.new_code_verifier()
    url = auth.build_authorization_request(
        oro_settings, auth.new_state(), verifier, allowed_hosts=["127.0.0.1"]
    )
    login = requests.get(url, timeout=5)
    assert login.status_code == 200 and 'name="password"' in login.text
    return oro.grant_code(REDIRECT, auth.code_challenge(verifier)), verifier


def test_discovery_finds_the_back_office_endpoints(oro, session, oro_settings):
    found = auth.discover_endpoints(session, oro_settings)
    assert found.discovered
    assert (found.authorize_url, found.token_url) == (oro.authorize_url, oro.token_url)
    assert (found.authorize_url, found.token_url) == (
        oro_settings.endpoints.authorize_url,
        oro_settings.endpoints.token_url,
    )


def test_authorize_exchange_use_and_rotate(oro, session, oro_settings):
    code, verifier = authorize(oro, session, oro_settings)
    first = auth.exchange_code(session, oro_settings, DEMO_CLIENT_SECRET, code, verifier)
    store = MemoryTokenStore()
    store.put(KEY, first)
    tokens = auth.token_manager(store, KEY, session, oro_settings, DEMO_CLIENT_SECRET)
    api = auth.authorized_session(session, tokens)
    accept = {"Accept": "application/vnd.api+json"}
    assert "data" in api.get_json(f"{oro.api_url}/products", headers=accept)

    # A 401 on the old token (here: simulated) rotates the pair once.
    second = tokens.after_unauthorized(first.access_token)
    assert second != first.access_token
    assert store.load(KEY).refresh_token not in (None, first.refresh_token)
    assert "data" in api.get_json(f"{oro.api_url}/products", headers=accept)

    # The first refresh token is spent now: Oro refuses it, which means "authorize again".
    with pytest.raises(NeedsReauthorization):
        auth.refresh(session, oro_settings, DEMO_CLIENT_SECRET, first.refresh_token)


def test_a_code_works_once(oro, session, oro_settings):
    code, verifier = authorize(oro, session, oro_settings)
    auth.exchange_code(session, oro_settings, DEMO_CLIENT_SECRET, code, verifier)
    with pytest.raises(AuthenticationFailed) as caught:
        auth.exchange_code(session, oro_settings, DEMO_CLIENT_SECRET, code, verifier)
    assert caught.value.code == "authorization_code_refused"


def test_with_the_web_api_off_the_hint_says_where_to_enable_it(oro, session, oro_settings):
    code, verifier = authorize(oro, session, oro_settings)
    oro.api_feature_enabled = False
    with pytest.raises(AuthenticationFailed) as caught:
        auth.exchange_code(session, oro_settings, DEMO_CLIENT_SECRET, code, verifier)
    assert caught.value.code == "invalid_client"
    assert "Application Settings > Web API" in caught.value.hint
