"""Subscription business logic that the admin, commands and tasks call."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from connectors.spec import SettingsContext
from subscriptions.models import Credential, Subscription
from subscriptions.signals import subscription_created

# The OAuth callback path; the Redirect Url default is PORTAL_PUBLIC_URL + this path.
OAUTH_CALLBACK_PATH = "/oauth/callback/"


def settings_context() -> SettingsContext:
    return SettingsContext(
        portal_callback_url=settings.PORTAL_PUBLIC_URL + OAUTH_CALLBACK_PATH,
        outbound_allowed_hosts=tuple(settings.OUTBOUND_ALLOWED_HOSTS),
        resolve_hosts=settings.SETTINGS_RESOLVE_HOSTS,
    )


def stored_secret_dates(subscription: Subscription | None) -> dict[str, datetime]:
    """Which secrets are stored and when they were set; never loads (decrypts) a value."""
    if subscription is None or subscription.pk is None:
        return {}
    rows = Credential.objects.filter(subscription=subscription).values_list("key", "updated_at")
    return dict(rows)


def secret_values(subscription: Subscription) -> dict[str, str]:
    """The decrypted secrets, for the connector at call time only."""
    return {c.key: c.value for c in subscription.credentials.all()}


@transaction.atomic
def save_subscription(
    subscription: Subscription,
    *,
    values: dict[str, Any],
    secret_keys: tuple[str, ...],
    clear_secrets: frozenset[str] = frozenset(),
    created: bool,
    create_default_mappings: bool = False,
) -> Subscription:
    """Store settings and secrets. A secret given as None keeps the stored value."""
    subscription.settings = {k: v for k, v in values.items() if k not in secret_keys}
    subscription.save()
    for key in secret_keys:
        new_value = values.get(key)
        if key in clear_secrets:
            Credential.objects.filter(subscription=subscription, key=key).delete()
        elif new_value:
            credential = Credential.objects.filter(subscription=subscription, key=key).only(
                "pk"
            ).first() or Credential(subscription=subscription, key=key)
            credential.value = new_value
            credential.save()
    if created:
        subscription_created.send(
            sender=Subscription,
            subscription=subscription,
            create_default_mappings=create_default_mappings,
        )
    return subscription
