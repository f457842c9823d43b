"""Encryption at rest for secrets and tokens: ``cryptography``'s MultiFernet on the dedicated
keys in FIELD_ENCRYPTION_KEYS (the first encrypts, all decrypt).

A value that no key decrypts raises ``DecryptionFailed``: it is never handed on as if the
ciphertext were the value (some encrypted-field packages do exactly that).
"""

from __future__ import annotations

import functools

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed


class DecryptionFailed(Exception):
    """Stored ciphertext that none of FIELD_ENCRYPTION_KEYS can open."""


@functools.cache
def _keyring(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: set at least one key (generate one with "
            "`python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())'`)."
        )
    fernets = []
    for position, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.strip().encode()))
        except (ValueError, TypeError):
            # Name the position, never the key.
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS item {position} is not a Fernet key (32 url-safe "
                "base64-encoded bytes)."
            ) from None
    return MultiFernet(fernets), fernets[0]


def keyring() -> tuple[MultiFernet, Fernet]:
    """(all keys, the primary key)."""
    return _keyring(tuple(k for k in settings.FIELD_ENCRYPTION_KEYS if k.strip()))


def encrypt(plaintext: str) -> str:
    return keyring()[0].encrypt(plaintext.encode()).decode()


def decrypt(token: str, *, where: str = "a stored secret") -> str:
    try:
        return keyring()[0].decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionFailed(
            f"Cannot decrypt {where}: none of FIELD_ENCRYPTION_KEYS opens it. Restore the key "
            "that encrypted it (keep old keys listed after the new one until "
            "`manage.py rotate_encryption_keys` has run)."
        ) from None


def is_current(token: str) -> bool:
    """True when the primary key already encrypts this value (rotation leaves it alone)."""
    try:
        keyring()[1].decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def rotate(token: str, *, where: str = "a stored secret") -> str:
    try:
        return keyring()[0].rotate(token.encode()).decode()
    except InvalidToken:
        raise DecryptionFailed(
            f"Cannot rotate {where}: none of FIELD_ENCRYPTION_KEYS opens it."
        ) from None


def _reset(setting: str, **kwargs: object) -> None:
    if setting == "FIELD_ENCRYPTION_KEYS":
        _keyring.cache_clear()


setting_changed.connect(_reset)
