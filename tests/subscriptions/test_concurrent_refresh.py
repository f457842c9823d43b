"""Twenty workers meet one expired OroCommerce token: exactly one refresh, and all twenty calls
succeed. The sandbox's OAuth server rotates refresh tokens and refuses a spent one, so a second
refresh would fail a worker and mark the subscription; its refresh-token book is the count.

Threads run on both databases; processes on PostgreSQL (SQLite serves one worker process).

(Module-level imports stay free of Django models: spawned workers import this module before
Django is set up.)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox

WORKERS = 20
DATABASE = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])
ACCEPT = {"Accept": "application/vnd.api+json"}


@pytest.fixture
def oro() -> Iterator[OroSandbox]:
    with OroSandbox.running() as sandbox:
        # A slow token endpoint: every worker reaches the refresh while the first one is still
        # waiting for its answer, so only the lock keeps them from refreshing too.
        sandbox.add_fault("latency", latency=0.5, path_prefix="/oauth2-token", method="POST")
        yield sandbox


@pytest.fixture
def expired_subscription(oro, settings):
    """A subscription authorized on the sandbox whose stored access token has expired."""
    from datetime import UTC, datetime, timedelta

    from connectors.tokens import TokenSet
    from subscriptions.token_store import store_authorization
    from tests.factories import SubscriptionFactory

    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    subscription = SubscriptionFactory(
        settings={
            "api_url": oro.base_url,
            "admin_base_path": "admin",
            "api_version": "6.1",
            "client_id": DEMO_CLIENT_ID,
            "redirect_url": "http://127.0.0.1:8000/oauth/callback/",
        },
        secrets={"client_secret": DEMO_CLIENT_SECRET},
        throttle_limit=500,
        throttle_seconds=1,
        concurrent_connections=5,
    )
    with oro.lock:
        issued = oro.issue_tokens(DEMO_CLIENT_ID, "admin")
    store_authorization(
        subscription,
        TokenSet(
            access_token=issued["access_token"],
            refresh_token=issued["refresh_token"],
            expires_at=datetime.now(UTC) - timedelta(seconds=5),
        ),
        None,
    )
    return subscription


def refreshes(oro: OroSandbox) -> int:
    """Refresh grants the sandbox honoured (each spends one refresh token)."""
    with oro.lock:
        return sum(1 for token in oro._refresh.values() if token["spent"])


def call_api(subscription_pk: int, url: str) -> bool:
    """One worker's call: load the subscription, get a token, read one page."""
    from django.db import connections

    from subscriptions.models import Subscription
    from subscriptions.runtime import authorized_session

    try:
        subscription = Subscription.objects.get(pk=subscription_pk)
        return "data" in authorized_session(subscription).get_json(url, headers=ACCEPT)
    finally:
        connections.close_all()


def run_threads(count: int, subscription_pk: int, url: str) -> dict[str, int]:
    barrier = threading.Barrier(count)
    counts = {"ok": 0, "errors": 0}
    errors: list[str] = []
    lock = threading.Lock()

    def work() -> None:
        barrier.wait()
        try:
            ok = call_api(subscription_pk, url)
        except Exception as exc:  # reported below
            ok = False
            errors.append(repr(exc))
        with lock:
            counts["ok" if ok else "errors"] += 1

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts["messages"] = errors  # type: ignore[assignment]
    return counts


def assert_one_refresh_and_all_succeeded(oro, subscription, counts) -> None:
    from subscriptions.models import AuthStatus, SubscriptionToken

    assert counts["errors"] == 0, counts
    assert counts["ok"] == WORKERS
    assert refreshes(oro) == 1
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.AUTHORIZED
    row = SubscriptionToken.objects.get(subscription=subscription)
    with oro.lock:
        live = [t for t, v in oro._refresh.items() if not v["spent"]]
    assert live == [row.refresh_token]  # the rotated pair was kept


@DATABASE
@pytest.mark.slow
def test_twenty_threads_refresh_once(oro, expired_subscription):
    url = f"{oro.api_url}/orders?page[size]=1"
    counts = run_threads(WORKERS, expired_subscription.pk, url)
    assert_one_refresh_and_all_succeeded(oro, expired_subscription, counts)


# --- processes -------------------------------------------------------------------------------


def process_worker(config: dict[str, Any], barrier: Any, results: Any) -> None:  # pragma: no cover
    """A spawned worker process with a few threads, like a django-q2 worker."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connections

    for alias in ("default", "coordination"):
        connections[alias].settings_dict["NAME"] = config["database"]
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    barrier.wait()
    results.put(run_threads(config["threads"], config["subscription"], config["url"]))


@DATABASE
@pytest.mark.slow
@pytest.mark.postgres
def test_twenty_workers_in_four_processes_refresh_once(oro, expired_subscription):
    from django.db import connections

    if connections["default"].vendor != "postgresql":
        pytest.skip(
            "multi-process guarantees of the token refresh are tested on PostgreSQL (set "
            "DATABASE_URL); SQLite serves a single worker process"
        )
    processes, threads = 4, WORKERS // 4
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes)
    results = ctx.Queue()
    config = {
        "database": connections["default"].settings_dict["NAME"],
        "subscription": expired_subscription.pk,
        "url": f"{oro.api_url}/orders?page[size]=1",
        "threads": threads,
    }
    workers = [
        ctx.Process(target=process_worker, args=(config, barrier, results))
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=180) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    counts = {
        "ok": sum(o["ok"] for o in outcomes),
        "errors": sum(o["errors"] for o in outcomes),
        "messages": [m for o in outcomes for m in o["messages"]],
    }
    assert_one_refresh_and_all_succeeded(oro, expired_subscription, counts)
