"""Re-encrypt every encrypted value with the first key of FIELD_ENCRYPTION_KEYS.

Idempotent and batched: values the first key already encrypts are left alone, so a second run
changes nothing. After it has run, the old keys can be removed from the list.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connections, router, transaction

from subscriptions import crypto
from subscriptions.fields import EncryptedTextField

BATCH = 500


def encrypted_columns() -> list[tuple[Any, EncryptedTextField]]:
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, EncryptedTextField)
    ]


def rotate_all(batch_size: int = BATCH) -> dict[str, int]:
    """Returns {"model.field": rows re-encrypted}."""
    changed: dict[str, int] = {}
    for model, field in encrypted_columns():
        alias = router.db_for_write(model)
        connection = connections[alias]
        qn = connection.ops.quote_name
        table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
        label = f"{model._meta.label}.{field.name}"
        count, last_pk = 0, None
        while True:
            with transaction.atomic(using=alias), connection.cursor() as cursor:
                # Raw SQL: the ORM would decrypt on read and re-encrypt on write.
                where = f"WHERE {qn(pk)} > %s " if last_pk is not None else ""
                cursor.execute(
                    f"SELECT {qn(pk)}, {qn(column)} FROM {qn(table)} {where}"  # noqa: S608
                    f"ORDER BY {qn(pk)} LIMIT %s",
                    [last_pk, batch_size] if last_pk is not None else [batch_size],
                )
                rows = cursor.fetchall()
                for row_pk, token in rows:
                    if token and not crypto.is_current(token):
                        new = crypto.rotate(token, where=f"{label} (row {row_pk})")
                        cursor.execute(
                            f"UPDATE {qn(table)} SET {qn(column)} = %s WHERE {qn(pk)} = %s",  # noqa: S608
                            [new, row_pk],
                        )
                        count += 1
            if len(rows) < batch_size:
                break
            last_pk = rows[-1][0]
        changed[label] = count
    return changed


class Command(BaseCommand):
    help = "Re-encrypt all secrets and tokens with the first key in FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = rotate_all(options["batch_size"])
        except crypto.DecryptionFailed as exc:
            raise CommandError(str(exc)) from None
        for label, count in changed.items():
            self.stdout.write(f"{label}: {count} re-encrypted")
