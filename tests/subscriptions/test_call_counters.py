"""Per-subscription call counters: what the admin reads as recent API usage."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import responses

from connectors.http import ThrottlePolicy
from connectors.http.errors import NotFound
from connectors.http.throttle import LocalThrottle
from subscriptions.call_counters import DatabaseCallCounters, recent_usage
from subscriptions.counter_models import CallCounter
from subscriptions.runtime import connector_session, throttle_key
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


def test_calls_errors_and_throttled_waits_are_counted_per_subscription():
    subscription = SubscriptionFactory()
    counters = DatabaseCallCounters(flush_every=3600)
    key = throttle_key(subscription)
    counters.incr(key, calls=3, errors=1)
    counters.incr(key, calls=2, throttled=2)
    assert recent_usage(subscription.pk) == {"calls": 0, "errors": 0, "throttled": 0}  # buffered
    counters.flush()
    assert recent_usage(subscription.pk) == {"calls": 5, "errors": 1, "throttled": 2}


def test_flushes_from_several_workers_add_up_in_one_row_per_hour():
    subscription = SubscriptionFactory()
    key = throttle_key(subscription)
    first, second = DatabaseCallCounters(), DatabaseCallCounters()
    first.incr(key, calls=4)
    second.incr(key, calls=6, errors=2)
    first.flush()
    second.flush()
    assert CallCounter.objects.filter(subscription=subscription).count() == 1
    assert recent_usage(subscription.pk)["calls"] == 10


def test_usage_covers_the_last_day_only():
    subscription = SubscriptionFactory()
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    CallCounter.objects.create(subscription=subscription, hour=hour, calls=7)
    CallCounter.objects.create(subscription=subscription, hour=hour - timedelta(days=2), calls=100)
    assert recent_usage(subscription.pk)["calls"] == 7


def test_keys_that_are_not_subscriptions_are_ignored():
    counters = DatabaseCallCounters()
    counters.incr("benchmark:bench", calls=1)
    counters.flush()
    assert not CallCounter.objects.exists()


def test_counts_of_a_deleted_subscription_are_dropped_with_a_warning(caplog):
    subscription = SubscriptionFactory()
    counters = DatabaseCallCounters()
    counters.incr(throttle_key(subscription), calls=1)
    subscription.delete()
    with caplog.at_level(logging.WARNING):
        counters.flush()  # never raises into the worker
    assert "call counters" in caplog.text
    assert not CallCounter.objects.exists()


@responses.activate
def test_the_subscription_session_counts_its_calls():
    subscription = SubscriptionFactory(settings={"api_url": "https://shop.example.com"})
    responses.get("https://shop.example.com/ok", json={})
    responses.get("https://shop.example.com/missing", status=404, json={})
    counters = DatabaseCallCounters(flush_every=3600)
    session = connector_session(
        subscription,
        counters=counters,
        throttle=LocalThrottle(),
        policy=ThrottlePolicy(limit=10, seconds=1),
    )
    session.get("https://shop.example.com/ok")
    with pytest.raises(NotFound):
        session.get("https://shop.example.com/missing")
    counters.flush()
    assert recent_usage(subscription.pk) == {"calls": 2, "errors": 1, "throttled": 0}
