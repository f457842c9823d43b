"""The OroCommerce endpoint inventory, read from the client's ``@endpoint`` declarations.

The OAuth calls are made by ``auth.py`` as plain functions; they are declared here, next to
the client's, with the base seed 001 gives them ([Base URL without /api] = the API Url).
"""

from __future__ import annotations

from connectors.endpoints import BaseRule, Endpoint, declared_on
from connectors.orocommerce.client import OroClient, api_base_url

INSTANCE = "[Base URL without /api]"

BASE_RULES: tuple[BaseRule, ...] = (
    BaseRule(
        "[Base URL]",
        "API Url + Admin Base Path + /api (seed 001), for example "
        "https://yourdomain.oro-cloud.com/admin/api; Admin Base Path is admin when left blank.",
        lambda settings: api_base_url(settings["api_url"], settings.get("admin_base_path")),
    ),
    BaseRule(
        INSTANCE,
        "The API Url alone, without the Admin Base Path, as seed 001 defines it, for example "
        "https://yourdomain.oro-cloud.com: the token route has no /admin "
        "(reference/orocommerce.md §0.2). {adminBasePath} is the Admin Base Path setting.",
        lambda settings: str(settings["api_url"]).rstrip("/"),
    ),
)

OAUTH: tuple[Endpoint, ...] = (
    Endpoint(
        "GET",
        "/{adminBasePath}/oauth2-token/authorize",
        seed="001: Authorize",
        reason="the back-office authorize route carries the Admin Base Path; the seed's "
        "un-prefixed /oauth2-token/authorize is the storefront's (reference/orocommerce.md §0.1)",
        base=INSTANCE,
        name="auth.build_authorization_request",
    ),
    Endpoint(
        "POST",
        "/oauth2-token",
        seed="001: Token Exchange",
        base=INSTANCE,
        name="auth.exchange_code, auth.refresh",
    ),
    Endpoint(
        "GET",
        "/.well-known/oauth-authorization-server/{adminBasePath}/oauth2-server",
        reason="metadata discovery (RFC 8414) finds the authorize and token URLs on releases "
        "that publish them (6.0.8+, 6.1.7+, 7.0+; reference/orocommerce.md §3.6)",
        base=INSTANCE,
        name="auth.discover_endpoints",
    ),
)


def inventory() -> list[Endpoint]:
    """Every call the OroCommerce connector can make, in declaration order."""
    return [*OAUTH, *declared_on(OroClient)]
