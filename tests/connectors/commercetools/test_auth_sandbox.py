"""The commercetools token code against the sandbox's auth server (real HTTP on 127.0.0.1)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connectors.commercetools import auth
from connectors.commercetools.errors import API_AUTH_ERROR_TABLE, error_parser
from connectors.http import (
    AuthenticationFailed,
    ConnectorSession,
    LocalThrottle,
    PermissionDenied,
    Redactor,
    ThrottlePolicy,
)
from connectors.tokens import MemoryTokenStore
from sandbox.commercetools import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PROJECT_KEY,
    CommercetoolsSandbox,
)

KEY = "ct-sandbox-subscription"


@pytest.fixture
def ct() -> Iterator[CommercetoolsSandbox]:
    with CommercetoolsSandbox.running(client_permissions=["view_products", "view_orders"]) as sb:
        yield sb


@pytest.fixture
def session() -> ConnectorSession:
    return ConnectorSession(
        KEY,
        policy=ThrottlePolicy(),
        throttle=LocalThrottle(),
        allowed_hosts=["127.0.0.1"],
        redactor=Redactor(),
        error_parser=error_parser,
        error_table=API_AUTH_ERROR_TABLE,
    )


def scope(*permissions: str) -> str:
    return " ".join(f"{p}:{DEMO_PROJECT_KEY}" for p in permissions)


def test_a_token_is_cached_and_replaced_after_a_401(ct, session):
    store = MemoryTokenStore()
    tokens = auth.token_manager(
        store, KEY, session, ct.auth_url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, scope("view_orders")
    )
    api = auth.authorized_session(session, tokens)
    orders = f"{ct.api_url}/{DEMO_PROJECT_KEY}/orders"
    api.get_json(orders)
    first = store.load(KEY).access_token
    api.get_json(orders)
    assert store.load(KEY).access_token == first  # cached, not fetched again

    ct.expire_tokens()  # the server forgets it before its announced expiry
    assert "results" in api.get_json(orders)
    assert store.load(KEY).access_token != first


def test_a_scope_the_client_lacks_is_named(ct, session):
    with pytest.raises(AuthenticationFailed) as caught:
        auth.fetch_token(
            session, ct.auth_url, DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, scope("manage_orders")
        )
    assert caught.value.code == "invalid_scope"
    assert f"manage_orders:{DEMO_PROJECT_KEY}" in caught.value.message


def test_a_call_outside_the_token_scope_names_the_missing_scope(ct, session):
    tokens = auth.token_manager(
        MemoryTokenStore(),
        KEY,
        session,
        ct.auth_url,
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
        scope("view_products"),
    )
    api = auth.authorized_session(session, tokens)
    with pytest.raises(PermissionDenied) as caught:
        api.get(f"{ct.api_url}/{DEMO_PROJECT_KEY}/orders")
    assert caught.value.code == "insufficient_scope"
    assert "view_orders" in caught.value.message


def test_a_wrong_secret_points_to_merchant_center(ct, session):
    with pytest.raises(AuthenticationFailed) as caught:
        auth.fetch_token(session, ct.auth_url, DEMO_CLIENT_ID, "not-the-secret", scope())
    assert caught.value.code == "invalid_client"
    assert "Merchant Center" in caught.value.hint
