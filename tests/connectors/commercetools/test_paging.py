"""Paging past the 10,000 offset cap by id (reference/commercetools.md §0.3, §3.3, §3.4)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, urlsplit

import pytest

from connectors.commercetools.paging import iterate, page_after, stamp, window_page
from connectors.http import InvalidData
from tests.connectors.commercetools.factories import url

IDS = [f"{n:08x}-0000-4000-8000-000000000000" for n in range(10_600)]


def fake_orders(request):
    """The API's rules: limit <= 500, offset <= 10000, where id > :lastId, sort id asc."""
    params = parse_qs(urlsplit(request.url).query)
    limit = int(params["limit"][0])
    offset = int(params.get("offset", ["0"])[0])
    if limit > 500 or offset > 10_000:
        return 400, {}, json.dumps({"statusCode": 400, "errors": [{"code": "InvalidInput"}]})
    ids = IDS
    if "id > :lastId" in params.get("where", []):
        ids = [i for i in IDS if i > params["var.lastId"][0]]
    results = [{"id": i} for i in ids[offset : offset + limit]]
    return (
        200,
        {},
        json.dumps({"limit": limit, "offset": offset, "count": len(results), "results": results}),
    )


def test_every_record_once_past_the_offset_cap(stub, client):
    stub.add_callback("GET", re.compile(re.escape(url("orders")) + r"\?.*"), fake_orders)
    seen = [r["id"] for r in iterate(client, "orders")]
    assert seen == IDS  # none missed, none doubled, in id order
    assert len(stub.calls) == 22
    for call in stub.calls:
        params = parse_qs(urlsplit(call.request.url).query)
        assert "offset" not in params and params["withTotal"] == ["false"]
        assert params["sort"] == ["id asc"] and params["limit"] == ["500"]


def test_the_cursor_resumes_after_the_last_id(stub, client):
    stub.add_callback("GET", re.compile(re.escape(url("orders")) + r"\?.*"), fake_orders)
    first = page_after(client, "orders", None)
    assert first.cursor == {"last_id": IDS[499]}
    second = page_after(client, "orders", first.cursor)
    assert second.results[0]["id"] == IDS[500]


def test_a_short_page_ends_the_run(stub, client):
    stub.get(url("orders"), json={"results": [{"id": "a"}, {"id": "b"}], "count": 2})
    assert page_after(client, "orders", None, limit=3).cursor is None


def test_a_broken_cursor_is_refused():
    with pytest.raises(InvalidData, match="last_id"):
        page_after(None, "orders", {"position": 3})  # type: ignore[arg-type]


def test_the_window_is_fixed_and_in_commercetools_date_form(stub, client):
    stub.get(url("orders"), json={"results": [], "count": 0})
    since = datetime(2026, 1, 10, 6, 51, 25, 896_400, tzinfo=UTC)
    until = since.astimezone(timezone(timedelta(hours=2))) + timedelta(hours=1)
    window_page(client, "orders", since, until, {"last_id": "abc"})
    params = parse_qs(urlsplit(stub.calls[0].request.url).query)
    assert params["where"] == [
        "lastModifiedAt >= :from and lastModifiedAt < :until",
        "id > :lastId",
    ]
    assert params["var.from"] == ["2026-01-10T06:51:25.896Z"]
    assert params["var.until"] == ["2026-01-10T07:51:25.896Z"]
    assert params["var.lastId"] == ["abc"]


def test_naive_or_empty_windows_are_refused():
    with pytest.raises(ValueError):
        stamp(datetime(2026, 1, 1))
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="empty window"):
        window_page(None, "orders", moment, moment, None)  # type: ignore[arg-type]
