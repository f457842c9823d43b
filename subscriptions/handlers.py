"""Signal handlers of the subscriptions app (connected in ``SubscriptionsConfig.ready``)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from subscriptions.models import Subscription


def forget_throttle_state(
    sender: type[Subscription], instance: Subscription, **kwargs: Any
) -> None:
    """A deleted subscription's window, leases and pause go with it (after the commit: a
    rolled-back delete keeps them). Its primary key may be reused by a later subscription."""
    from subscriptions.runtime import throttle_key
    from subscriptions.throttle import get_throttle_backend

    key = throttle_key(instance)
    using = kwargs.get("using")
    transaction.on_commit(lambda: get_throttle_backend().clear(key), using=using)
