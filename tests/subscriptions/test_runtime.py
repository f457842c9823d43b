"""A subscription's calls carry its own throttle settings and secrets never reach a log."""

from __future__ import annotations

import logging

import pytest
import responses

from connectors.http.throttle import LocalThrottle
from subscriptions.runtime import connector_session, throttle_key, throttle_policy
from tests.factories import ORO_SECRET, SubscriptionFactory

pytestmark = pytest.mark.django_db


def test_the_policy_is_the_subscriptions_throttle_fields():
    subscription = SubscriptionFactory(
        throttle_limit=5,
        throttle_seconds=10,
        concurrent_connections=2,
        concurrent_batch_executions=3,
    )
    policy = throttle_policy(subscription)
    assert (policy.limit, policy.seconds, policy.connections, policy.batch_executions) == (
        5,
        10,
        2,
        3,
    )
    assert throttle_key(subscription) == f"subscription:{subscription.pk}"


def test_the_session_counts_calls_against_the_subscription_and_redacts_its_secret(caplog):
    subscription = SubscriptionFactory(throttle_limit=2, throttle_seconds=60)
    throttle = LocalThrottle()
    session = connector_session(subscription, throttle=throttle, max_throttle_wait=0.0)
    assert session.policy.limit == 2
    with responses.RequestsMock() as stub:
        stub.get("https://shop.oro-cloud.com/admin/api/products", json={"data": []})
        stub.get("https://shop.oro-cloud.com/admin/api/products", json={"data": []})
        session.get("https://shop.oro-cloud.com/admin/api/products")
        session.get("https://shop.oro-cloud.com/admin/api/products")
    # The third start inside the window is over the subscription's limit of 2.
    assert throttle.try_start(throttle_key(subscription), 2, 60) > 0
    with caplog.at_level(logging.DEBUG, logger="connectors"):
        logging.getLogger("connectors").warning("oops %s", ORO_SECRET)
    assert ORO_SECRET not in caplog.text
