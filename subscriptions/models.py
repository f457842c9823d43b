from __future__ import annotations

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from connectors.base import Connector
from connectors.registry import choices as connector_choices
from connectors.registry import get_connector
from connectors.spec import THROTTLE_RANGES
from subscriptions.fields import EncryptedTextField


def _range(field: str) -> list:
    low, high = THROTTLE_RANGES[field]
    return [MinValueValidator(low), MaxValueValidator(high)]


class AuthStatus(models.TextChoices):
    NOT_AUTHORIZED = "not_authorized", "Not authorized yet"
    AUTHORIZED = "authorized", "Authorized"
    NEEDS_REAUTHORIZATION = "needs_reauthorization", "Needs reauthorization"


class Subscription(models.Model):
    """One installed connector: its settings, throttle and (separately) its credentials."""

    connector = models.CharField(max_length=50, choices=connector_choices())
    name = models.CharField(
        max_length=200, unique=True, help_text='A unique name, e.g. "OroCommerce - Production".'
    )
    version = models.CharField(max_length=20, help_text="The connector version to run.")
    # Non-secret settings, keyed by the connector spec's setting keys. Secrets live in
    # Credential rows, encrypted.
    settings = models.JSONField(default=dict, blank=True)

    throttle_limit = models.PositiveIntegerField(
        "API Throttle Limit",
        validators=_range("throttle_limit"),
        help_text="The maximum number of API requests allowed within the throttle window. A "
        "lower value (for example, 5) is useful during initial setup; a higher value (up to "
        "500) suits ongoing and high-volume operations.",
    )
    throttle_seconds = models.PositiveIntegerField(
        "API Throttle Seconds",
        validators=_range("throttle_seconds"),
        help_text="The length of the throttle window, in seconds, over which the limit is "
        "measured (1 to 3600).",
    )
    concurrent_connections = models.PositiveSmallIntegerField(
        "Concurrent Connections",
        validators=_range("concurrent_connections"),
        help_text="The maximum number of simultaneous API connections the subscription will "
        "process (1 to 10).",
    )
    concurrent_batch_executions = models.PositiveSmallIntegerField(
        "Concurrent Batch Executions",
        validators=_range("concurrent_batch_executions"),
        help_text="The maximum number of simultaneous batch transfers the integration will run "
        "at once (1 to 10).",
    )

    # Authorization state (the tokens themselves live encrypted in SubscriptionToken). The
    # reason is plain words from the store's refusal, never a secret.
    auth_status = models.CharField(
        "Authorization",
        max_length=30,
        choices=AuthStatus.choices,
        default=AuthStatus.NOT_AUTHORIZED,
    )
    auth_status_reason = models.TextField(blank=True, default="")
    auth_status_changed_at = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": low, f"{name}__lte": high}),
                name=f"subscription_{name}_range",
            )
            for name, (low, high) in THROTTLE_RANGES.items()
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def connector_descriptor(self) -> Connector:
        return get_connector(self.connector)


class Credential(models.Model):
    """One secret setting of a subscription (client secret, API key), encrypted at rest.

    Kept apart from ``Subscription`` so that roles without the credential permissions never
    load, see or change it.
    """

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="credentials"
    )
    key = models.CharField(max_length=50)
    value = EncryptedTextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="credential_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.key} of {self.subscription_id}"

    def __repr__(self) -> str:  # never the value
        return f"<Credential {self.key} of subscription {self.subscription_id}>"


from subscriptions.counter_models import *  # noqa: E402,F403
from subscriptions.throttle_models import *  # noqa: E402,F403
from subscriptions.token_models import *  # noqa: E402,F403
