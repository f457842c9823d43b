"""The database throttle: what it promises beyond the shared contract.

(The contract itself, and the multi-process proof, run in ``tests/connectors/http``.)
"""

from __future__ import annotations

import time

import pytest
from django.db import connections, transaction

from connectors.http import Lease
from connectors.http.redis_throttle import RedisThrottle
from subscriptions.throttle import DatabaseThrottle, get_throttle_backend

DATABASE = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


def rows(model_name: str):
    """The throttle's rows, as the coordination connection sees them.

    (Models are looked up late: the multi-process tests import this module's fixture into
    modules that spawned workers import before Django is set up.)
    """
    from django.apps import apps

    return apps.get_model("subscriptions", model_name).objects.using("coordination")


def other_worker():
    """A second connection to the coordination database: what another worker sees."""
    return connections.create_connection("coordination")


def on_postgresql() -> bool:
    return connections["coordination"].vendor == "postgresql"


@DATABASE
def test_a_start_is_visible_to_other_workers_at_once_even_inside_a_transaction():
    if not on_postgresql():
        pytest.skip("SQLite has one writer: inside a transaction the throttle joins it")
    throttle = DatabaseThrottle()
    other = other_worker()
    try:
        with transaction.atomic():  # the caller's own transaction on "default"
            assert throttle.try_start("sub", 5, 60) == 0.0
            with other.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM subscriptions_throttlestart")
                assert cursor.fetchone()[0] == 1
    finally:
        other.close()


@DATABASE
def test_on_sqlite_a_caller_inside_a_transaction_is_not_blocked_by_its_own_write_lock():
    """A token refresh holds SQLite's write lock while it calls the store: its throttle calls
    join that transaction instead of waiting for the lock on a second connection."""
    if on_postgresql():
        pytest.skip("PostgreSQL locks rows, not the whole database")
    throttle = DatabaseThrottle()
    with transaction.atomic():  # BEGIN IMMEDIATE: this connection holds the write lock
        assert throttle.try_start("sub", 1, 60) == 0.0
        assert throttle.try_start("sub", 1, 60) > 0
        assert throttle.try_acquire("sub:connections", 1, ttl=5) is not None
    assert throttle.try_start("sub", 1, 60) > 0  # committed with the caller's transaction


@DATABASE
def test_no_row_lock_is_held_after_admission():
    if not on_postgresql():
        pytest.skip("row locks are PostgreSQL's; SQLite serialises whole transactions")
    throttle = DatabaseThrottle()
    other = other_worker()
    try:
        with transaction.atomic():
            throttle.try_start("sub", 5, 60)
            throttle.try_acquire("sub:connections", 2, ttl=5)
            with other.cursor() as cursor:
                # NOWAIT fails at once if any worker still holds a lock on the key rows.
                cursor.execute("BEGIN")
                cursor.execute("SELECT key FROM subscriptions_throttlekey FOR UPDATE NOWAIT")
                assert len(cursor.fetchall()) == 2
                cursor.execute("ROLLBACK")
    finally:
        other.close()


@DATABASE
def test_starts_older_than_the_window_are_pruned_on_admission():
    throttle = DatabaseThrottle(margin=0)
    for _ in range(3):
        assert throttle.try_start("sub", 5, 1) == 0.0
    throttle.try_start("other", 5, 1)
    time.sleep(1.05)
    assert throttle.try_start("sub", 5, 1) == 0.0
    assert rows("ThrottleStart").filter(key="sub").count() == 1
    assert rows("ThrottleStart").filter(key="other").count() == 1


@DATABASE
def test_starts_are_stamped_with_the_database_clock(monkeypatch):
    """Workers whose clocks disagree still share one window."""
    throttle = DatabaseThrottle()
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: 1_000_000.0)  # this worker's clock is wrong
        assert throttle.try_start("sub", 1, 60) == 0.0
    stamped = rows("ThrottleStart").get(key="sub").started_at
    assert abs(stamped - throttle.now()) < 5
    assert throttle.try_start("sub", 1, 60) > 50  # a worker with a good clock waits


@DATABASE
def test_a_lower_limit_applies_at_once():
    throttle = DatabaseThrottle()
    for _ in range(4):
        throttle.try_start("sub", 4, 60)
    assert throttle.try_start("sub", 2, 60) > 50  # the user lowered the limit: wait


@DATABASE
def test_expired_leases_are_deleted_when_a_slot_is_taken():
    throttle = DatabaseThrottle()
    throttle.try_acquire("sub:connections", 2, ttl=0.1)
    throttle.try_acquire("sub:connections", 2, ttl=0.1)
    time.sleep(0.2)
    assert throttle.held("sub:connections") == 0
    lease = throttle.try_acquire("sub:connections", 2, ttl=5)
    assert lease is not None
    leases = rows("ThrottleLease").filter(slot="sub:connections")
    assert list(leases.values_list("lease_id", flat=True)) == [lease.lease_id]


@DATABASE
def test_taking_a_lease_again_refreshes_it_without_using_another_slot():
    throttle = DatabaseThrottle()
    assert throttle.try_lease("sub:batches", 1, 5, "one")
    assert throttle.try_lease("sub:batches", 1, 5, "one")
    assert not throttle.try_lease("sub:batches", 1, 5, "two")
    assert throttle.held("sub:batches") == 1


@DATABASE
def test_releasing_an_unknown_lease_is_harmless():
    throttle = DatabaseThrottle()
    throttle.release(Lease("sub:batches", "never-taken"))
    assert not throttle.renew(Lease("sub:batches", "never-taken"), ttl=5)


@DATABASE
def test_prefixes_keep_keys_apart_and_clear_forgets_a_subscription():
    first, second = DatabaseThrottle(prefix="a:"), DatabaseThrottle(prefix="b:")
    assert first.try_start("sub", 1, 60) == 0.0
    assert second.try_start("sub", 1, 60) == 0.0
    first.try_acquire("sub:batches", 1, ttl=60)
    first.pause("sub", 30)
    first.clear("sub")
    assert first.try_start("sub", 1, 60) == 0.0
    assert first.paused_for("sub") == 0.0
    assert first.try_acquire("sub:batches", 1, ttl=60) is not None
    assert second.try_start("sub", 1, 60) > 0


@DATABASE
def test_a_pause_is_kept_on_the_keys_row():
    throttle = DatabaseThrottle()
    throttle.pause("sub", 10)
    row = rows("ThrottleKey").get(key="sub")
    assert row.paused_until == pytest.approx(throttle.now() + 10, abs=1)


def test_repr_names_no_connection_details():
    assert repr(DatabaseThrottle()) == "DatabaseThrottle(using='coordination', prefix='')"


def test_the_backend_is_redis_when_configured(settings):
    settings.REDIS_URL = "redis://:hunter2@127.0.0.1:6379/15"
    backend = get_throttle_backend()
    assert isinstance(backend, RedisThrottle)
    assert get_throttle_backend() is backend  # one client per process
    assert "hunter2" not in repr(backend)


def test_the_backend_is_the_database_without_redis(settings):
    settings.REDIS_URL = ""
    assert isinstance(get_throttle_backend(), DatabaseThrottle)


def test_the_throttle_benchmark_offers_the_database_backend():
    """`manage.py benchmark throttle --backend db`: registered by the subscriptions app."""
    import argparse

    from connectors.benchmarks import BENCHMARKS, throttle_factory

    parser = argparse.ArgumentParser()
    BENCHMARKS["throttle"]().add_arguments(parser)
    assert parser.parse_args(["--backend", "db"]).backend == "db"
    assert throttle_factory("db") == "subscriptions.throttle:for_benchmark"


@DATABASE
def test_deleting_a_subscription_forgets_its_window_and_slots():
    """On whichever backend the portal uses (Redis when configured, else the database)."""
    from subscriptions.runtime import throttle_key
    from tests.factories import SubscriptionFactory

    subscription = SubscriptionFactory()
    key = throttle_key(subscription)
    backend = get_throttle_backend()
    assert backend.try_start(key, 1, 60) == 0.0
    assert backend.try_acquire(f"{key}:batches", 1, 60) is not None
    assert backend.try_start(key, 1, 60) > 0  # full
    subscription.delete()
    assert backend.try_start(key, 1, 60) == 0.0
    assert backend.try_acquire(f"{key}:batches", 1, 60) is not None
    backend.clear(key)
