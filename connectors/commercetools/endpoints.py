"""The commercetools connector's endpoint inventory (``manage.py connector_endpoints
commercetools``): the client's declared calls plus the token request. The seeds list no
commercetools calls, so every entry states its reason."""

from __future__ import annotations

from connectors.commercetools.client import CommercetoolsClient
from connectors.endpoints import Endpoint, declared_on

TOKEN = Endpoint(
    "POST",
    "/oauth/token",
    reason="client-credentials access token (seed 004: exchanged at the auth_url)",
    base="[Auth URL]",
    name="fetch_token",
)


def inventory() -> list[Endpoint]:
    return [TOKEN, *declared_on(CommercetoolsClient)]
