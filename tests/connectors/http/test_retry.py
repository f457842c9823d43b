"""Retry rules: what is tried again, how long we wait first, and when we give the work back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
import responses

from connectors.http import (
    RateLimited,
    RemoteError,
    RequeueLater,
    RetryPolicy,
    Throttled,
    ThrottlePolicy,
    TransientError,
    parse_retry_after,
)

URL = "https://store.example.com/api/products"


@pytest.fixture(autouse=True)
def stub():
    with responses.RequestsMock() as rsps:
        yield rsps


def test_retry_after_in_seconds_is_honoured(stub, make_session, clock):
    stub.get(URL, status=429, headers={"Retry-After": "3"})
    stub.get(URL, json={"ok": True})
    assert make_session().get_json(URL) == {"ok": True}
    assert clock.sleeps == [pytest.approx(3.0)]
    assert len(stub.calls) == 2


def test_retry_after_as_http_date_is_honoured(stub, make_session, clock):
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=8), usegmt=True)
    stub.get(URL, status=503, headers={"Retry-After": when})
    stub.get(URL, json={})
    make_session().get(URL)
    # An HTTP date has whole seconds, so the wait is 7 to 8 seconds.
    assert len(clock.sleeps) == 1 and 6.9 < clock.sleeps[0] <= 8.0


def test_parse_retry_after_forms():
    now = datetime(2026, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now=now) == 30
    assert parse_retry_after("Wed, 31 Dec 2025 00:00:00 GMT", now=now) == 0  # in the past
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize("status", [502, 503, 504])
def test_overload_and_gateway_errors_are_retried_with_backoff(stub, make_session, clock, status):
    stub.get(URL, status=status)
    stub.get(URL, status=status)
    stub.get(URL, json={})
    make_session().get(URL)
    assert len(stub.calls) == 3
    assert sum(clock.sleeps) == pytest.approx(0.5 + 1.0)  # base 0.5, doubling, no jitter


def test_connection_errors_are_retried(stub, make_session):
    stub.get(URL, body=requests.ConnectionError("reset by peer"))
    stub.get(URL, json={})
    assert make_session().get(URL).status_code == 200


def test_attempts_are_bounded(stub, make_session):
    stub.get(URL, status=503)
    with pytest.raises(TransientError) as caught:
        make_session(retry=RetryPolicy(max_attempts=3, jitter=False)).get(URL)
    assert len(stub.calls) == 3
    assert caught.value.status == 503


def test_post_is_not_retried_blindly(stub, make_session):
    stub.post(URL, status=503)
    with pytest.raises(TransientError):
        make_session().request("POST", URL, json={"sku": "A"})
    assert len(stub.calls) == 1


def test_post_marked_safe_is_retried(stub, make_session):
    stub.post(URL, status=503)
    stub.post(URL, status=201, json={"id": 7})
    response = make_session().request("POST", URL, json={"sku": "A"}, safe_to_retry=True)
    assert response.status_code == 201
    assert len(stub.calls) == 2


def test_post_that_never_connected_is_retried(stub, make_session):
    """A connect timeout means the store never saw the request: repeating it is safe."""
    stub.post(URL, body=requests.ConnectTimeout("connect timed out"))
    stub.post(URL, status=201, json={})
    assert make_session().request("POST", URL, json={}).status_code == 201


def test_post_that_timed_out_reading_is_not_retried(stub, make_session):
    stub.post(URL, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(TransientError, match="did not come in time"):
        make_session().request("POST", URL, json={})
    assert len(stub.calls) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 500])
def test_client_and_remote_bugs_are_not_retried(stub, make_session, status):
    stub.get(URL, status=status, json={"message": "no"})
    with pytest.raises(Exception) as caught:
        make_session().get(URL)
    assert len(stub.calls) == 1
    assert caught.value.status == status


def test_long_retry_after_requeues_instead_of_sleeping(stub, make_session, clock):
    stub.get(URL, status=429, headers={"Retry-After": "120"})
    before = datetime.now(UTC)
    with pytest.raises(RequeueLater) as caught:
        make_session().get(URL)
    assert clock.sleeps == []  # never slept in-process
    expected = before + timedelta(seconds=120)
    assert abs((caught.value.not_before - expected).total_seconds()) < 5
    assert caught.value.error_class == "rate_limited"


def test_a_429_pauses_every_session_of_the_subscription(stub, make_session, clock):
    first = make_session("sub-1", retry=RetryPolicy(max_attempts=1))
    other_worker = make_session("sub-1")
    other_subscription = make_session("sub-2")
    stub.get(URL, status=429, headers={"Retry-After": "10"})
    stub.get(URL, json={})
    with pytest.raises(RateLimited):
        first.get(URL)

    other_subscription.get(URL)
    assert clock.sleeps == []  # another subscription is not slowed

    other_worker.get(URL)
    assert clock.sleeps == [pytest.approx(10.0)]  # same subscription waits out the pause


def test_a_pause_longer_than_a_worker_may_sleep_requeues_other_workers(stub, make_session):
    make_session("sub-1").throttle.pause("sub-1", 300)
    with pytest.raises(RequeueLater):
        make_session("sub-1").get(URL)
    assert len(stub.calls) == 0


def test_every_attempt_counts_against_the_throttle(stub, make_session):
    """Two starts allowed per minute: the third attempt cannot be admitted in time."""
    stub.get(URL, status=502)
    session = make_session(
        policy=ThrottlePolicy(limit=2, seconds=60, connections=5),
        retry=RetryPolicy(max_attempts=5, backoff_base=0.1, jitter=False),
        max_throttle_wait=5,
    )
    with pytest.raises(Throttled, match="API Throttle Limit"):
        session.get(URL)
    assert len(stub.calls) == 2


def test_remote_bug_is_reported_not_retried(stub, make_session):
    stub.get(URL, status=500, json={"errors": [{"title": "oops", "detail": "NullPointer"}]})
    with pytest.raises(RemoteError, match="NullPointer"):
        make_session().get(URL)


def test_backoff_grows_and_is_capped():
    policy = RetryPolicy(backoff_base=1, backoff_cap=5, jitter=False)
    assert [policy.backoff(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]
    jittered = RetryPolicy(backoff_base=1, backoff_cap=5)
    assert all(0 <= jittered.backoff(3) <= 4 for _ in range(50))


def test_a_cut_off_answer_is_a_transient_error(stub, make_session):
    stub.get(URL, body=requests.exceptions.ChunkedEncodingError("connection broken"))
    stub.get(URL, json={})
    assert make_session().get(URL).status_code == 200
    assert len(stub.calls) == 2
