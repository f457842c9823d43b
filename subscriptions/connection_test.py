"""Test connection: obtain or refresh a token, make one cheap read, report a checklist.

Each item is ok, failed or not checked; the failed one carries the remedy. The mapping reads
the typed errors (``connectors.http.errors``) and the connectors' error codes, so the words are
the same as in transfer logs.

After a successful read a connector may check more (``CHECKS``): OroCommerce reads the orders
entity structure and compares it with the subscription's API version setting (DECISIONS.md
"Settings"). A mismatch is a warning, not a failure: the connection works, but order pulls
would ask for fields the instance names differently.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from connectors.commercetools.errors import InvalidApiDomain
from connectors.http.errors import (
    AuthenticationFailed,
    ConnectorError,
    DestinationBlocked,
    InvalidResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    RequeueLater,
    Throttled,
    TransientError,
)
from connectors.orocommerce.adapters.base import DEFAULT_API_VERSION
from connectors.orocommerce.auth import OroAuthSettings
from connectors.orocommerce.client import build_client
from connectors.orocommerce.errors import OAuthUnavailable
from connectors.tokens import AuthorizedSession, NeedsReauthorization
from subscriptions.models import AuthStatus, Subscription
from subscriptions.runtime import authorized_session
from subscriptions.token_store import authorization_status

logger = logging.getLogger(__name__)

State = Literal["ok", "failed", "not_checked", "warning"]
# The checklist, in the order a call meets each step.
ITEMS: tuple[tuple[str, str], ...] = (
    ("host", "Host reachable"),
    ("tls", "TLS certificate valid"),
    ("credentials", "Credentials accepted"),
    ("scopes", "Scopes sufficient"),
    ("api", "API enabled"),
)
ORDER = [key for key, _ in ITEMS]
# Checks a connector adds after the read (key, label), in the order they run.
EXTRA_ITEMS: dict[str, tuple[tuple[str, str], ...]] = {
    "orocommerce": (("version", "API version matches"),),
}

HOST_HINT = (
    "The portal could not connect. Check the API URL (host name and port) and that the store is "
    "online and reachable from the portal's server (firewall, DNS)."
)
TLS_HINT = (
    "The store's TLS certificate was not accepted (expired, self-signed, or issued for another "
    "host name). Fix the certificate on the store's side, or check the host in the API URL."
)
ORO_NOT_FOUND_HINT = (
    "The API answered 404. Check the API URL and the Admin Base Path (the back-office prefix, "
    "usually admin), and that the Web API is enabled in System > Configuration > General Setup "
    "> Application Settings > Web API."
)
CT_NOT_FOUND_HINT = (
    "The project was not found. Check the Project Key and that the API URL is the region of "
    "the project."
)
NOT_AUTHORIZED_HINT = (
    "Click Authorize on the subscription page and sign in to the store's back-office with a "
    "user allowed to use its API."
)
BUSY_HINT = "The store asked the portal to slow down. Try again in a minute."


@dataclass(frozen=True)
class CheckItem:
    key: str
    label: str
    state: State
    detail: str = ""
    remedy: str = ""


@dataclass
class ConnectionReport:
    subscription: Subscription
    items: list[CheckItem] = field(default_factory=list)
    read: str = ""  # what was read, in words
    valid_until: datetime | None = None

    @property
    def ok(self) -> bool:
        return all(item.state != "failed" for item in self.items)

    @property
    def failed(self) -> CheckItem | None:
        return next((item for item in self.items if item.state == "failed"), None)

    @property
    def warnings(self) -> list[CheckItem]:
        return [item for item in self.items if item.state == "warning"]


# --- per connector: the URL whose scheme decides TLS, and the one cheap read --------------------


def _oro_read(subscription: Subscription, api: AuthorizedSession) -> str:
    oro = OroAuthSettings.from_settings(subscription.settings)
    api.get_json(
        f"{oro.base}/{oro.admin}/api/orders",
        params={"page[size]": "1"},
        headers={"Accept": "application/vnd.api+json"},
    )
    return "one order page from the back-office API"


def _commercetools_read(subscription: Subscription, api: AuthorizedSession) -> str:
    values = subscription.settings
    api.get_json(f"{values['api_url'].rstrip('/')}/{values['project_key']}")
    return f"the project {values['project_key']}"


READS: dict[str, Callable[[Subscription, AuthorizedSession], str]] = {
    "orocommerce": _oro_read,
    "commercetools": _commercetools_read,
}


def _oro_version(subscription: Subscription, api: AuthorizedSession) -> list[CheckItem]:
    """The orders entity structure against the API version setting (one more read)."""
    setting = str(subscription.settings.get("api_version") or DEFAULT_API_VERSION)
    key, label = EXTRA_ITEMS["orocommerce"][0]
    try:
        warnings = build_client(api, subscription.settings).check_version(setting)
    except ConnectorError as exc:
        # The connection itself works (the read succeeded): say what could not be checked.
        return [
            CheckItem(
                key,
                label,
                "warning",
                f"The API version setting ({setting}) could not be checked: {exc.message}",
                exc.hint,
            )
        ]
    if not warnings:
        return [CheckItem(key, label, "ok", f"The instance matches OroCommerce {setting}.")]
    return [CheckItem(key, label, "warning", w.detail, w.remedy) for w in warnings]


CHECKS: dict[str, Callable[[Subscription, AuthorizedSession], list[CheckItem]]] = {
    "orocommerce": _oro_version,
}
NOT_FOUND_HINTS = {"orocommerce": ORO_NOT_FOUND_HINT, "commercetools": CT_NOT_FOUND_HINT}


def run_connection_test(subscription: Subscription, **overrides: object) -> ConnectionReport:
    """Run the check for one subscription (``overrides`` go to the connector session)."""
    report = ConnectionReport(subscription)
    stage = "token"
    try:
        api = authorized_session(subscription, **overrides)
        report.valid_until = _valid_until(api)
        stage = "read"
        report.read = READS[subscription.connector](subscription, api)
        report.valid_until = _valid_until(api)
    except ConnectorError as exc:
        failed, remedy = classify(exc, subscription.connector, stage)
        # Refused before any call (not authorized, or marked earlier): the host was not tried,
        # and the subscription's own status says why.
        reached = not (isinstance(exc, NeedsReauthorization) and exc.status is None)
        message = exc.message
        if not reached:
            subscription.refresh_from_db(fields=["auth_status", "auth_status_reason"])
            message = authorization_status(subscription).text
            if subscription.auth_status == AuthStatus.NOT_AUTHORIZED:
                remedy = NOT_AUTHORIZED_HINT
        report.items = _items(subscription, failed, message, remedy, reached=reached)
        report.items += [
            CheckItem(key, label, "not_checked")
            for key, label in EXTRA_ITEMS.get(subscription.connector, ())
        ]
        logger.info(
            "Test connection of subscription %s failed at %s: %s", subscription.pk, failed, exc.code
        )
        return report
    report.items = _items(subscription, None, "", "")
    check = CHECKS.get(subscription.connector)
    if check is not None:
        report.items += check(subscription, api)
    return report


def _valid_until(api: AuthorizedSession) -> datetime | None:
    api.tokens.access_token()
    stored = api.tokens.store.load(api.tokens.key)
    return stored.expires_at if stored else None


def classify(exc: ConnectorError, connector: str, stage: str) -> tuple[str, str]:
    """(the checklist item that failed, the remedy) for an error of the token or read step."""
    if isinstance(exc, InvalidApiDomain | DestinationBlocked):
        return "host", exc.hint
    if isinstance(exc, TransientError) and exc.status is None:
        text = exc.message.lower()
        if "ssl" in text or "certificate" in text:
            return "tls", TLS_HINT
        return "host", HOST_HINT
    if isinstance(exc, NeedsReauthorization | OAuthUnavailable):
        return "credentials", exc.hint
    if isinstance(exc, AuthenticationFailed):
        if exc.code in ("invalid_scope",):
            return "scopes", exc.hint
        return "credentials", exc.hint
    if isinstance(exc, PermissionDenied):
        return "scopes", exc.hint
    if isinstance(exc, NotFound):
        return "api", NOT_FOUND_HINTS.get(connector, exc.hint)
    if isinstance(exc, RateLimited | Throttled | RequeueLater):
        return "api", BUSY_HINT
    if isinstance(exc, InvalidResponse):
        return "api", exc.hint
    # Anything else the store answered (5xx, unexpected 4xx): the host and TLS worked.
    return ("credentials" if stage == "token" else "api"), exc.hint


def _items(
    subscription: Subscription, failed: str | None, message: str, remedy: str, *, reached=True
) -> list[CheckItem]:
    plain_http = urlsplit(str(subscription.settings.get("api_url", ""))).scheme == "http"
    cut = ORDER.index(failed) if failed else len(ORDER)
    items = []
    for index, (key, label) in enumerate(ITEMS):
        if index < cut:
            if not reached:
                items.append(CheckItem(key, label, "not_checked"))
            elif key == "tls" and plain_http:
                items.append(
                    CheckItem(
                        key,
                        label,
                        "not_checked",
                        "The API URL uses plain http (allowed "
                        "only for hosts in OUTBOUND_ALLOWED_HOSTS).",
                    )
                )
            else:
                items.append(CheckItem(key, label, "ok"))
        elif index == cut:
            items.append(CheckItem(key, label, "failed", message, remedy))
        else:
            items.append(CheckItem(key, label, "not_checked"))
    return items
