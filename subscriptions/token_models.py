"""The encrypted token pair of a subscription (``subscriptions.token_store`` reads and writes it).

One row per subscription. OroCommerce keeps an access token and a rotating refresh token here;
commercetools caches its client-credentials access token (no refresh token). Tokens are
encrypted at rest and never shown: pages show only ``expires_at``.
"""

from __future__ import annotations

from django.conf import settings as django_settings
from django.db import models

from connectors.tokens import TokenSet
from subscriptions.fields import EncryptedTextField

__all__ = ["SubscriptionToken"]


class SubscriptionToken(models.Model):
    subscription = models.OneToOneField(
        "subscriptions.Subscription", on_delete=models.CASCADE, related_name="token"
    )
    access_token = EncryptedTextField(blank=True, default="")
    refresh_token = EncryptedTextField(blank=True, default="")
    expires_at = models.DateTimeField(null=True, blank=True)
    scope = models.CharField(max_length=2000, blank=True, default="")
    authorized_at = models.DateTimeField(null=True, blank=True)
    authorized_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    refreshed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "subscription token"

    def __str__(self) -> str:
        return f"token of subscription {self.subscription_id}"

    def __repr__(self) -> str:  # never a token
        return f"<SubscriptionToken of subscription {self.subscription_id}>"

    def token_set(self) -> TokenSet | None:
        """The stored pair, or None when there is none."""
        if not self.access_token or self.expires_at is None:
            return None
        return TokenSet(
            access_token=self.access_token,
            refresh_token=self.refresh_token or None,
            expires_at=self.expires_at,
            scope=self.scope,
        )

    def fill(self, tokens: TokenSet) -> None:
        self.access_token = tokens.access_token
        self.refresh_token = tokens.refresh_token or ""
        self.expires_at = tokens.expires_at
        self.scope = tokens.scope[:2000]

    def forget(self) -> None:
        """Drop a dead pair: a refused refresh token must never be offered again."""
        self.access_token = ""
        self.refresh_token = ""
        self.expires_at = None
