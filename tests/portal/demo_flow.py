"""Helpers for the demo-data tests: the demo's hub data, Push all, every transfer run to its end."""

from __future__ import annotations

from mappings import runner, transfers
from mappings.transfer_models import Transfer
from portal.demo import seed_hub
from subscriptions.models import Subscription


def run_to_end(transfer: Transfer) -> Transfer:
    outcome = runner.run(transfer.pk, "worker-1")
    while outcome == "continue":
        outcome = runner.run(transfer.pk, "worker-1")
    transfer.refresh_from_db()
    return transfer


def push_all_demo_data(subscription: Subscription) -> list[Transfer]:
    """What a demo user does: the demo's hub data, then "Push all" on the subscription, each
    transfer of the chain run in turn (as the worker would, one after the other)."""
    for report in seed_hub():
        assert report.ok, report
    chain = transfers.push_all(subscription.mapping_collections.all())
    return [run_to_end(transfer) for transfer in chain]


def failures(done: list[Transfer]) -> list[str]:
    return [
        f"{line.entity} {line.record_key}: {line.message}"
        for transfer in done
        for line in transfer.lines.filter(status="failed")
    ]
