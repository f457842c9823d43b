"""Factories and helpers for the authorization tests (subscriptions of both connectors, stored
tokens, logged-in clients). The shared ones live in tests/factories.py."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from connectors.http.throttle import LocalThrottle
from connectors.tokens import TokenSet
from subscriptions.models import Subscription
from subscriptions.token_store import store_authorization
from tests.factories import ORO_SECRET, SubscriptionFactory

ORO_URL = "https://shop.oro-cloud.com"
ORO_METADATA = f"{ORO_URL}/.well-known/oauth-authorization-server/admin/oauth2-server"
ORO_AUTHORIZE = f"{ORO_URL}/admin/oauth2-token/authorize"
ORO_TOKEN = f"{ORO_URL}/oauth2-token"
ORO_ORDERS = f"{ORO_URL}/admin/api/orders"

CT_API = "https://api.europe-west1.gcp.commercetools.com"
CT_AUTH = "https://auth.europe-west1.gcp.commercetools.com"
CT_TOKEN = f"{CT_AUTH}/oauth/token"
CT_PROJECT = "mystore"
CT_SECRET = "ct-client-secret-4b1d0e"
CT_API_KEY = "ct-gateway-key-9e8d7c"

# Token values the tests plant and then look for everywhere they must not appear.
ACCESS = "access-token-aaaa-1111"
REFRESH = "refresh-token-rrrr-2222"
NEW_ACCESS = "access-token-bbbb-3333"
NEW_REFRESH = "refresh-token-ssss-4444"
CODE = "authorization-code-cccc-5555"


def oro_subscription(**kw: Any) -> Subscription:
    return SubscriptionFactory(**kw)


def commercetools_subscription(*, api_key: str | None = None, **kw: Any) -> Subscription:
    secrets = {"client_secret": CT_SECRET, **({"api_key": api_key} if api_key else {})}
    return SubscriptionFactory(
        connector="commercetools",
        name=kw.pop("name", None) or f"commercetools - {CT_PROJECT} {Subscription.objects.count()}",
        settings={
            "api_url": CT_API,
            "auth_url": CT_AUTH,
            "project_key": CT_PROJECT,
            "client_id": "ct-client-id",
            "scope": f"manage_project:{CT_PROJECT}",
        },
        secrets=secrets,
        **kw,
    )


def token_set(
    access: str = ACCESS, refresh: str | None = REFRESH, expires_in: float = 3600
) -> TokenSet:
    return TokenSet(
        access_token=access,
        refresh_token=refresh,
        expires_at=datetime.now(UTC) + timedelta(seconds=expires_in),
    )


def authorize_directly(subscription: Subscription, tokens: TokenSet | None = None, user=None):
    """Store a pair as a completed authorization would (no browser)."""
    store_authorization(subscription, tokens or token_set(), user)
    subscription.refresh_from_db()
    return subscription


def token_body(access: str = ACCESS, refresh: str | None = REFRESH, expires_in: int = 3600):
    body: dict[str, Any] = {
        "token_type": "Bearer",
        "expires_in": expires_in,
        "access_token": access,
    }
    if refresh:
        body["refresh_token"] = refresh
    return body


def logged_in(user) -> Client:
    # The portal as users' browsers see it: the host of the default Redirect Url.
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.force_login(user)
    return client


def start_authorization(client: Client, subscription: Subscription) -> dict[str, str]:
    """Click Authorize; return the authorize URL's query parameters."""
    response = client.post(reverse("subscriptions:authorize", args=[subscription.pk]))
    assert response.status_code == 302, response.content[:500]
    location = response["Location"]
    assert location.startswith(ORO_AUTHORIZE + "?")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def change_url(subscription: Subscription) -> str:
    return reverse("admin:subscriptions_subscription_change", args=[subscription.pk])


@pytest.fixture
def local_throttle(monkeypatch) -> LocalThrottle:
    """Unit tests count calls in memory; the shared backends have their own tests."""
    throttle = LocalThrottle()
    monkeypatch.setattr("subscriptions.runtime.get_throttle_backend", lambda: throttle)
    return throttle


__all__ = ["ORO_SECRET"]
