"""Build what the connectors need from a subscription row: its throttle policy and a
``ConnectorSession`` bound to the shared throttle backend, the outbound allow-list and the
process-wide redactor (with this subscription's secrets added)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

from connectors.commercetools import auth as commercetools_auth
from connectors.commercetools import errors as commercetools_errors
from connectors.http.redaction import shared_redactor
from connectors.http.session import ConnectorSession
from connectors.http.throttle import ThrottlePolicy
from connectors.orocommerce import auth as oro_auth
from connectors.orocommerce import errors as oro_errors
from connectors.tokens import AuthorizedSession, TokenStore
from subscriptions.call_counters import shared_counters
from subscriptions.models import Subscription
from subscriptions.services import secret_values
from subscriptions.throttle import get_throttle_backend
from subscriptions.token_store import DatabaseTokenStore, token_key


def throttle_key(subscription: Subscription) -> str:
    """One key per subscription: every worker on every machine counts against it."""
    return f"subscription:{subscription.pk}"


def throttle_policy(subscription: Subscription) -> ThrottlePolicy:
    return ThrottlePolicy(
        limit=subscription.throttle_limit,
        seconds=subscription.throttle_seconds,
        connections=subscription.concurrent_connections,
        batch_executions=subscription.concurrent_batch_executions,
    )


def connector_session(subscription: Subscription, **overrides: Any) -> ConnectorSession:
    """The one way the portal makes calls for a subscription; ``overrides`` go to the session
    (a connector's error table and parser, a call recorder for the transfer log)."""
    for value in secret_values(subscription).values():
        shared_redactor.add(value)
    options: dict[str, Any] = {
        "policy": throttle_policy(subscription),
        "throttle": get_throttle_backend(),
        "allowed_hosts": tuple(settings.OUTBOUND_ALLOWED_HOSTS),
        "redactor": shared_redactor,
        "counters": shared_counters(),
        **overrides,
    }
    return ConnectorSession(throttle_key(subscription), **options)


# -- authorized sessions, one builder per connector ----------------------------------------------


def _orocommerce(
    subscription: Subscription, store: TokenStore, overrides: dict[str, Any]
) -> AuthorizedSession:
    session = connector_session(subscription, error_parser=oro_errors.error_parser, **overrides)
    tokens = oro_auth.token_manager(
        store,
        token_key(subscription),
        session,
        oro_auth.OroAuthSettings.from_settings(subscription.settings),
        secret_values(subscription).get("client_secret"),
    )
    return oro_auth.authorized_session(session, tokens)


def _commercetools(
    subscription: Subscription, store: TokenStore, overrides: dict[str, Any]
) -> AuthorizedSession:
    session = connector_session(
        subscription,
        error_parser=commercetools_errors.error_parser,
        error_table=commercetools_errors.API_ERROR_TABLE,
        **overrides,
    )
    values, secrets = subscription.settings, secret_values(subscription)
    tokens = commercetools_auth.token_manager(
        store,
        token_key(subscription),
        session,
        values["auth_url"],
        values["client_id"],
        secrets.get("client_secret", ""),
        values["scope"],
    )
    return commercetools_auth.authorized_session(session, tokens, secrets.get("api_key"))


AUTHORIZED_SESSIONS: dict[
    str, Callable[[Subscription, TokenStore, dict[str, Any]], AuthorizedSession]
] = {
    "orocommerce": _orocommerce,
    "commercetools": _commercetools,
}


def authorized_session(
    subscription: Subscription, *, store: TokenStore | None = None, **overrides: Any
) -> AuthorizedSession:
    """API calls for a subscription with its bearer token: renewed ahead of expiry and once
    after a 401, single-flight through the database token store; throttled like every call.
    ``overrides`` go to ``connector_session``."""
    try:
        build = AUTHORIZED_SESSIONS[subscription.connector]
    except KeyError:
        raise ValueError(
            f"no authorized session for connector {subscription.connector!r}"
        ) from None
    return build(subscription, store or DatabaseTokenStore(), overrides)
