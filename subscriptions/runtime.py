"""Build what the connectors need from a subscription row: its throttle policy and a
``ConnectorSession`` bound to the shared throttle backend, the outbound allow-list and the
process-wide redactor (with this subscription's secrets added)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from connectors.http.redaction import shared_redactor
from connectors.http.session import ConnectorSession
from connectors.http.throttle import ThrottlePolicy
from subscriptions.models import Subscription
from subscriptions.services import secret_values
from subscriptions.throttle import get_throttle_backend


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
        **overrides,
    }
    return ConnectorSession(throttle_key(subscription), **options)
