"""The database token store: what TokenManager relies on (load, locked, save, the mark)."""

from __future__ import annotations

import pytest
from django.db import connection

from connectors.tokens import TokenManager
from subscriptions.models import AuthStatus, SubscriptionToken
from subscriptions.token_store import (
    DatabaseTokenStore,
    authorization_status,
    subscription_id,
    token_key,
)
from tests.subscriptions.factories import (
    ACCESS,
    NEW_ACCESS,
    NEW_REFRESH,
    REFRESH,
    authorize_directly,
    commercetools_subscription,
    oro_subscription,
    token_set,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def store() -> DatabaseTokenStore:
    return DatabaseTokenStore()


def test_keys_name_the_subscription():
    subscription = oro_subscription()
    assert subscription_id(token_key(subscription)) == subscription.pk
    with pytest.raises(ValueError):
        subscription_id("tenant:1")


def test_nothing_is_loaded_before_an_authorization(store):
    subscription = oro_subscription()
    assert store.load(token_key(subscription)) is None
    with store.locked(token_key(subscription)) as handle:
        assert handle.load() is None


def test_an_authorization_is_loaded_back(store):
    subscription = authorize_directly(oro_subscription())
    tokens = store.load(token_key(subscription))
    assert (tokens.access_token, tokens.refresh_token) == (ACCESS, REFRESH)
    with store.locked(token_key(subscription)) as handle:
        assert handle.load() == tokens


def test_tokens_are_encrypted_at_rest_and_never_in_a_repr(store):
    subscription = authorize_directly(oro_subscription())
    row = SubscriptionToken.objects.get(subscription=subscription)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM subscriptions_subscriptiontoken WHERE id=%s",
            [row.pk],
        )
        access, refresh = cursor.fetchone()
    assert ACCESS not in access and REFRESH not in refresh
    assert ACCESS not in repr(row) and ACCESS not in str(row)
    assert ACCESS not in repr(store.load(token_key(subscription)))


def test_save_under_the_lock_is_committed_and_authorizes_a_client_credentials_subscription(store):
    subscription = commercetools_subscription()
    with store.locked(token_key(subscription)) as handle:
        handle.save(token_set(NEW_ACCESS, None))
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.AUTHORIZED
    row = SubscriptionToken.objects.get(subscription=subscription)
    assert (row.access_token, row.refresh_token, row.refreshed_at is not None) == (
        NEW_ACCESS,
        "",
        True,
    )
    assert store.load(token_key(subscription)).refresh_token is None


def test_the_mark_drops_the_pair_and_says_why(store):
    subscription = authorize_directly(oro_subscription())
    store.mark_needs_reauthorization(token_key(subscription), "The refresh token is invalid.")
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.NEEDS_REAUTHORIZATION
    assert subscription.auth_status_reason == "The refresh token is invalid."
    assert subscription.auth_status_changed_at is not None
    assert store.load(token_key(subscription)) is None
    row = SubscriptionToken.objects.get(subscription=subscription)
    assert (row.access_token, row.refresh_token, row.expires_at) == ("", "", None)
    status = authorization_status(subscription)
    assert status.text == "Needs reauthorization: The refresh token is invalid."


def test_the_manager_refreshes_a_stale_token_once_and_keeps_a_fresh_one(store):
    subscription = authorize_directly(oro_subscription(), token_set(expires_in=-5))
    calls = []

    def refresher(current):
        calls.append(current.refresh_token)
        return token_set(NEW_ACCESS, NEW_REFRESH)

    manager = TokenManager(store, token_key(subscription), refresher)
    assert manager.access_token() == NEW_ACCESS
    assert manager.access_token() == NEW_ACCESS
    assert calls == [REFRESH]
    assert store.load(token_key(subscription)).refresh_token == NEW_REFRESH


def test_status_texts():
    oro = oro_subscription()
    ct = commercetools_subscription()
    assert authorization_status(oro).text.startswith("Not authorized yet: click Authorize")
    assert "Test connection fetches" in authorization_status(ct).text
    authorize_directly(oro)
    assert authorization_status(oro).text.startswith("Authorized, access token valid until 20")


def test_key_rotation_re_encrypts_tokens_too(settings):
    from cryptography.fernet import Fernet

    from subscriptions.management.commands.rotate_encryption_keys import rotate_all

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    oro = authorize_directly(oro_subscription())
    authorize_directly(commercetools_subscription(), token_set(NEW_ACCESS, None))  # no refresh
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    changed = rotate_all()
    assert changed["subscriptions.SubscriptionToken.access_token"] == 2
    assert changed["subscriptions.SubscriptionToken.refresh_token"] == 1
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert DatabaseTokenStore().load(token_key(oro)).refresh_token == REFRESH
