"""Signal handlers that start or resume transfers (connected in ``MappingsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mappings import scheduling, transfers


def on_records_changed(sender: Any, entity: str, ids: list[int], **kwargs: Any) -> None:
    transfers.records_changed(entity, ids, kwargs.get("origin_subscription_id"))


def on_subscription_created(sender: Any, subscription: Any, **kwargs: Any) -> None:
    scheduling.ensure_poll_schedule(subscription.pk)


def on_subscription_reauthorized(sender: Any, subscription: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: transfers.resume_paused(subscription.pk))


def on_subscription_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    scheduling.drop_poll_schedule(instance.pk)


def on_post_migrate(sender: Any, **kwargs: Any) -> None:
    if kwargs.get("using", "default") == "default":
        scheduling.ensure_portal_schedules()
