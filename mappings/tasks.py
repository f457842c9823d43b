"""django-q2 tasks. Each takes ids only (django-q2 shows arguments in its admin) and is safe to
run twice: delivery is at least once, and the Redis broker does not redeliver a killed task, so
the dispatcher schedule re-enqueues whatever the rows say is due (``mappings.transfers``)."""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid

from django.utils import timezone

from mappings import runner, transfers
from mappings.transfer_models import Transfer

logger = logging.getLogger(__name__)

MAX_DEBOUNCE_SLEEP = 30.0  # a worker never sleeps longer than this (DECISIONS.md)


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_transfer(transfer_id: int) -> str:
    """One continuation of one transfer; enqueues the next when there is more to do."""
    not_before = (
        Transfer.objects.filter(pk=transfer_id, state=Transfer.State.QUEUED)
        .values_list("not_before", flat=True)
        .first()
    )
    if not_before is not None:
        wait = (not_before - timezone.now()).total_seconds()
        if 0 < wait <= MAX_DEBOUNCE_SLEEP:
            time.sleep(wait)  # a debounce or a short pause; longer waits go to the dispatcher
    outcome = runner.run(transfer_id, _owner())
    if outcome == "continue":
        transfers.enqueue(transfer_id)
    elif outcome == "finished":
        transfers.release_followers(transfer_id)
    return outcome


def dispatch() -> int:
    """Every minute: enqueue due transfers and take over those whose worker died."""
    due = transfers.due_transfers()
    for transfer_id in due:
        transfers.enqueue(transfer_id)
    return len(due)


def poll_subscription(subscription_id: int) -> int:
    """The subscription's polling schedule: start its pull transfers (orders)."""
    return len(transfers.start_polls(subscription_id))


def prune_transfer_logs() -> int:
    return transfers.prune_log_lines()
