"""A text field stored encrypted (see ``subscriptions.crypto``)."""

from __future__ import annotations

from typing import Any

from django.db import models

from subscriptions import crypto


class EncryptedTextField(models.TextField):
    """Holds plaintext in Python and Fernet ciphertext in the database.

    Decryption failures raise; they never return the ciphertext. Not searchable or
    orderable by value, by design.
    """

    description = "Text encrypted at rest with FIELD_ENCRYPTION_KEYS"

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, where=f"{self.model._meta.label}.{self.name}")

    def to_python(self, value: Any) -> Any:
        return value
