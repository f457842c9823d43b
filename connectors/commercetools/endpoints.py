"""The commercetools connector's endpoint inventory (``manage.py connector_endpoints
commercetools``): the client's declared calls plus the token request. The seeds list no
commercetools calls, so every entry states its reason."""

from __future__ import annotations

from connectors.commercetools.client import CommercetoolsClient
from connectors.endpoints import BaseRule, Endpoint, declared_on

BASE_RULES: tuple[BaseRule, ...] = (
    BaseRule(
        "[API URL]",
        "The API URL setting without the project key, for example "
        "https://api.us-central1.gcp.commercetools.com; {projectKey} is the Project Key setting "
        "(taken from the API URL's path or the scope when left blank).",
        lambda settings: str(settings["api_url"]).rstrip("/"),
    ),
    BaseRule(
        "[Auth URL]",
        "The Auth URL setting; when left blank, derived from the API URL's region "
        "(api.<region>.commercetools.com becomes auth.<region>.commercetools.com).",
        lambda settings: str(settings["auth_url"]).rstrip("/"),
    ),
)

TOKEN = Endpoint(
    "POST",
    "/oauth/token",
    reason="client-credentials access token (seed 004: exchanged at the auth_url)",
    base="[Auth URL]",
    name="fetch_token",
)


def inventory() -> list[Endpoint]:
    return [TOKEN, *declared_on(CommercetoolsClient)]
