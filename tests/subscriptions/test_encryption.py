"""Secrets are encrypted at rest with FIELD_ENCRYPTION_KEYS; rotation re-encrypts; a wrong key
fails loudly and never hands ciphertext on as the value."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from subscriptions import crypto
from subscriptions.checks import check_encryption_keys, check_keys_open_stored_secrets
from subscriptions.management.commands.rotate_encryption_keys import rotate_all
from subscriptions.models import Credential
from tests.factories import ORO_SECRET, SubscriptionFactory

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()


def raw_values() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT value FROM subscriptions_credential ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_the_database_row_holds_no_plaintext(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    SubscriptionFactory()
    [stored] = raw_values()
    assert ORO_SECRET not in stored
    assert Fernet(KEY_A.encode()).decrypt(stored.encode()).decode() == ORO_SECRET


def test_a_wrong_key_fails_loudly_instead_of_returning_ciphertext(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    subscription = SubscriptionFactory()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    with pytest.raises(crypto.DecryptionFailed) as caught:
        Credential.objects.get(subscription=subscription).value  # noqa: B018
    assert "subscriptions.Credential.value" in str(caught.value)
    assert KEY_A not in str(caught.value) and KEY_B not in str(caught.value)
    [error] = check_keys_open_stored_secrets()
    assert error.id == "subscriptions.E002"


def test_missing_or_malformed_keys_are_configuration_errors(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS is empty"):
        crypto.encrypt("x")
    assert check_encryption_keys()[0].id == "subscriptions.E001"
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A, "not-a-key"]
    with pytest.raises(ImproperlyConfigured, match="item 2 is not a Fernet key") as caught:
        crypto.encrypt("x")
    assert KEY_A not in str(caught.value)


def test_every_listed_key_decrypts_and_the_first_encrypts(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    old = SubscriptionFactory()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    new = SubscriptionFactory(secrets={"client_secret": "new-one"})
    assert old.credentials.get().value == ORO_SECRET
    assert crypto.is_current(raw_values()[1]) and not crypto.is_current(raw_values()[0])
    assert new.credentials.get().value == "new-one"


def test_rotation_re_encrypts_everything_then_the_old_key_can_go(settings):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    secrets = [f"secret-{n}" for n in range(7)]
    for value in secrets:
        SubscriptionFactory(secrets={"client_secret": value})
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    assert rotate_all(batch_size=3)["subscriptions.Credential.value"] == 7
    assert rotate_all(batch_size=3)["subscriptions.Credential.value"] == 0  # idempotent
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B]
    assert sorted(c.value for c in Credential.objects.all()) == sorted(secrets)


def test_rotation_command_reports_per_field(settings, capsys):
    settings.FIELD_ENCRYPTION_KEYS = [KEY_A]
    SubscriptionFactory()
    settings.FIELD_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    call_command("rotate_encryption_keys")
    assert "subscriptions.Credential.value: 1 re-encrypted" in capsys.readouterr().out


def test_credential_repr_never_shows_the_value(settings):
    subscription = SubscriptionFactory()
    credential = subscription.credentials.get()
    assert ORO_SECRET not in repr(credential) and ORO_SECRET not in str(credential)
