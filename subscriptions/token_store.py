"""``DatabaseTokenStore``: the ``connectors.tokens.TokenStore`` on the encrypted token row.

Single-flight refresh across processes and machines: ``locked`` opens a transaction and locks
the subscription's token row (``SELECT ... FOR UPDATE`` on PostgreSQL; on SQLite the
transaction starts IMMEDIATE, which takes the database's write lock), and the pair is re-read
inside. A saved pair is committed when the block exits, before the new token is used
(DECISIONS.md "Authorization details").

Keys are ``token_key(subscription)``: ``"subscription:<pk>"``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from connectors.tokens import TokenSet
from subscriptions.models import AuthStatus, Subscription, SubscriptionToken
from subscriptions.signals import subscription_reauthorized

logger = logging.getLogger(__name__)

KEY_PREFIX = "subscription:"


def token_key(subscription: Subscription) -> str:
    return f"{KEY_PREFIX}{subscription.pk}"


def subscription_id(key: str) -> int:
    if not key.startswith(KEY_PREFIX):
        raise ValueError(f"not a subscription token key: {key!r}")
    return int(key.removeprefix(KEY_PREFIX))


def _usable(row: SubscriptionToken | None, status: str | None) -> TokenSet | None:
    if row is None or status != AuthStatus.AUTHORIZED:
        return None
    return row.token_set()


class DatabaseTokenStore:
    """One token row per subscription, on the ``default`` database."""

    def __repr__(self) -> str:
        return "DatabaseTokenStore()"

    def load(self, key: str) -> TokenSet | None:
        """The stored pair; None when never authorized or when it needs reauthorization."""
        row = (
            SubscriptionToken.objects.filter(subscription_id=subscription_id(key))
            .select_related("subscription")
            .only(
                "access_token", "refresh_token", "expires_at", "scope", "subscription__auth_status"
            )
            .first()
        )
        return _usable(row, row.subscription.auth_status if row else None)

    @contextmanager
    def locked(self, key: str) -> Iterator[_LockedToken]:
        pk = subscription_id(key)
        with transaction.atomic():
            row, _ = SubscriptionToken.objects.select_for_update().get_or_create(subscription_id=pk)
            yield _LockedToken(row)

    def mark_needs_reauthorization(self, key: str, reason: str) -> None:
        """Durable on its own (its own transaction when called outside one, as TokenManager
        does). Drops the refused pair; ``reason`` is the store's words, already redacted."""
        pk = subscription_id(key)
        with transaction.atomic():
            set_status(pk, AuthStatus.NEEDS_REAUTHORIZATION, reason)
            row = SubscriptionToken.objects.select_for_update().filter(subscription_id=pk).first()
            if row is not None:
                row.forget()
                row.save(update_fields=["access_token", "refresh_token", "expires_at"])
        logger.warning("Subscription %s needs reauthorization: %s", pk, reason)


class _LockedToken:
    """The ``TokenHandle`` of one locked row."""

    def __init__(self, row: SubscriptionToken) -> None:
        self.row = row

    def load(self) -> TokenSet | None:
        status = (
            Subscription.objects.filter(pk=self.row.subscription_id)
            .values_list("auth_status", flat=True)
            .first()
        )
        return _usable(self.row, status)

    def save(self, tokens: TokenSet) -> None:
        self.row.fill(tokens)
        self.row.refreshed_at = timezone.now()
        self.row.save()
        # A client-credentials token (commercetools) makes the subscription authorized too.
        set_status(self.row.subscription_id, AuthStatus.AUTHORIZED, "", only_if_changed=True)


def set_status(pk: int, status: str, reason: str, *, only_if_changed: bool = False) -> int:
    rows = Subscription.objects.filter(pk=pk)
    if only_if_changed:
        rows = rows.exclude(auth_status=status)
    return rows.update(
        auth_status=status, auth_status_reason=reason[:2000], auth_status_changed_at=timezone.now()
    )


def store_authorization(
    subscription: Subscription, tokens: TokenSet, user: AbstractBaseUser | None
) -> bool:
    """Keep the pair a completed authorization returned and mark the subscription authorized.

    Returns True when it was a reauthorization (then ``subscription_reauthorized`` is sent after
    the commit, so handlers see the new state).
    """
    with transaction.atomic():
        previous = (
            Subscription.objects.select_for_update()
            .filter(pk=subscription.pk)
            .values_list("auth_status", flat=True)
            .get()
        )
        row, _ = SubscriptionToken.objects.select_for_update().get_or_create(
            subscription_id=subscription.pk
        )
        row.fill(tokens)
        now = timezone.now()
        row.authorized_at = now
        row.refreshed_at = None
        row.authorized_by = user if user is not None and user.pk else None
        row.save()
        set_status(subscription.pk, AuthStatus.AUTHORIZED, "")
        reauthorized = previous == AuthStatus.NEEDS_REAUTHORIZATION
        if reauthorized:
            transaction.on_commit(
                lambda: subscription_reauthorized.send(
                    sender=Subscription, subscription=subscription, user=user
                )
            )
    subscription.refresh_from_db(
        fields=["auth_status", "auth_status_reason", "auth_status_changed_at"]
    )
    return reauthorized


def valid_until(subscription: Subscription) -> datetime | None:
    """When the stored access token expires (never the token itself)."""
    return (
        SubscriptionToken.objects.filter(subscription=subscription)
        .values_list("expires_at", flat=True)
        .first()
    )


@dataclass(frozen=True)
class AuthorizationStatus:
    status: str
    label: str  # the badge
    text: str  # the sentence on the subscription page


def authorization_status(subscription: Subscription) -> AuthorizationStatus:
    """What the pages say about a subscription's authorization; never a token."""
    status = subscription.auth_status
    if status == AuthStatus.NEEDS_REAUTHORIZATION:
        reason = subscription.auth_status_reason or "the store refused the stored authorization"
        return AuthorizationStatus(
            status, "Needs reauthorization", f"Needs reauthorization: {reason}"
        )
    if status == AuthStatus.AUTHORIZED:
        until = valid_until(subscription)
        text = (
            f"Authorized, access token valid until {until:%Y-%m-%d %H:%M} UTC"
            if until
            else "Authorized"
        )
        return AuthorizationStatus(status, "Authorized", text)
    if subscription.connector_descriptor.auth_kind == "client_credentials":
        text = "Not authorized yet: Test connection fetches the first token."
    else:
        text = "Not authorized yet: click Authorize and sign in to the store."
    return AuthorizationStatus(status, "Not authorized yet", text)
