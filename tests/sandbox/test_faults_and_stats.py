"""Fault injection and request counters of the shared sandbox core."""

from __future__ import annotations

import threading

import pytest
import requests

from sandbox.core import RequestStats

from .conftest import JSONAPI


def test_a_counted_fault_hits_only_the_next_requests_of_its_path(oro, oro_api):
    oro.add_fault("status", status=429, retry_after=7, path_prefix="/admin/api/products", count=2)
    url = oro.api_url + "/products/1"
    first = oro_api.get(url)
    assert first.status_code == 429 and first.headers["Retry-After"] == "7"
    assert oro_api.get(oro.api_url + "/customers/1").status_code == 200  # other path untouched
    assert oro_api.get(url).status_code == 429
    assert oro_api.get(url).status_code == 200


def test_faults_can_be_set_through_the_control_endpoint(ct, ct_api):
    control = ct.base_url + "/__sandbox__/faults"
    assert (
        requests.post(
            control, json={"kind": "status", "status": 503, "method": "GET", "count": 1}
        ).status_code
        == 201
    )
    assert_503 = ct_api.get(ct.api_url + "/sandbox-demo/products")
    assert (
        assert_503.status_code == 503 and assert_503.json()["errors"][0]["code"] == "OverCapacity"
    )
    assert ct_api.get(ct.api_url + "/sandbox-demo/products").status_code == 200
    assert requests.post(control, json={"kind": "explode"}).status_code == 400
    requests.post(control, json={"kind": "expire_tokens"})
    assert ct_api.get(ct.api_url + "/sandbox-demo/products").status_code == 401


def test_a_dropped_connection_gets_no_response(oro, oro_api):
    oro.add_fault("drop", count=1)
    with pytest.raises(requests.ConnectionError):
        oro_api.get(oro.api_url + "/products/1", headers={"Connection": "close"})
    assert oro_api.get(oro.api_url + "/products/1").status_code == 200


def test_latency_holds_requests_in_flight(oro, oro_api):
    oro.stats.reset(window=60)
    oro.add_fault("latency", latency=0.3, count=3)
    token = oro_api.headers["Authorization"]
    threads = [
        threading.Thread(
            target=requests.get,
            args=(oro.api_url + "/products/1",),
            kwargs={"headers": {"Accept": JSONAPI, "Authorization": token}},
        )
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats = requests.get(oro.base_url + "/__sandbox__/stats").json()
    assert stats["max_in_flight"] == 3 and stats["max_in_window"] == 3 and stats["in_flight"] == 0


def test_the_sliding_window_counts_the_busiest_interval_exactly():
    now = [0.0]
    stats = RequestStats(window=1.0, clock=lambda: now[0])
    for moment in (0.0, 0.5, 0.9, 1.2, 1.4, 2.5):
        now[0] = moment
        stats.started()
        stats.finished()
    # starts at 0.5, 0.9, 1.2 and 1.4 lie within one second of each other
    assert stats.snapshot()["max_in_window"] == 4
    assert stats.snapshot()["total"] == 6


def test_control_requests_are_not_counted(oro):
    oro.stats.reset()
    requests.get(oro.base_url + "/__sandbox__/stats")
    assert oro.stats.snapshot()["total"] == 0
