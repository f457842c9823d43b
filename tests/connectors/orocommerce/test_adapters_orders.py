"""Order pull: one call per page brings orders with their line items, subtotals, addresses,
customer and person (reference §1.5, §2.8-§2.10); paging by id inside the window
(DECISIONS.md "Pull: cursor and watermark")."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from responses import matchers

from connectors.adapters import PullWindow
from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import BASE, client, context, item, listing, rel, rels

WINDOW = PullWindow(datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC))


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def order(id_: str, lines: tuple[str, ...], subtotals: tuple[str, ...] = ()) -> dict:
    return item(
        "orders",
        id_,
        {
            "identifier": f"SO-{id_}",
            "poNumber": None,
            "currency": "USD",
            "totalValue": "30.0000",
            "createdAt": "2026-11-01T10:00:00Z",
            "updatedAt": "2026-11-01T11:00:00Z",
            "shippingMethod": "flat",
        },
        lineItems=rels("orderlineitems", *lines),
        orderSubtotals=rels("ordersubtotals", *subtotals),
        customer=rel("customers", "12"),
        customerUser=rel("customerusers", "30"),
        billingAddress=rel("orderaddresses", f"b{id_}"),
        shippingAddress=rel("orderaddresses", None),
        internalStatus=rel("orderinternalstatuses", "open"),
        paymentTerm=rel("paymentterms", "2"),
    )


def line(id_: str, sku: str) -> dict:
    return item(
        "orderlineitems",
        id_,
        {
            "productSku": sku,
            "productName": sku.title(),
            "quantity": 2.0,
            "productUnitCode": "item",
            "value": "15.0000",
        },
    )


SHARED = [
    item("customers", "12", {"name": "Acme", "externalId": "C-12"}),
    item("customerusers", "30", {"email": "amy@acme.test"}),
    item("paymentterms", "2", {"label": "net 30"}),
]


def test_a_page_carries_everything_in_one_call_and_returns_the_cursor(mocked):
    body = listing(
        order("41", ("1", "2"), ("41-subtotal-0",)),
        order("42", ("3",)),
        included=[
            line("1", "A"),
            line("2", "B"),
            line("3", "C"),
            *SHARED,
            item(
                "ordersubtotals",
                "41-subtotal-0",
                {"orderSubtotalType": "subtotal", "label": "Subtotal", "amount": "30.0000"},
            ),
            item(
                "orderaddresses",
                "b41",
                {"street": "1 Main", "city": "Albany", "postalCode": "12207"},
                country=rel("countries", "US"),
                region=rel("regions", "US-NY"),
            ),
        ],
    )
    mocked.add("GET", f"{BASE}/orders", json=body)
    adapter = ADAPTERS[("order", "pull")](context(client(), order_page_size=2))
    page = adapter.pull_page(WINDOW, {"last_id": "40"})
    query = parse_qs(urlsplit(mocked.calls[0].request.url).query)
    assert query["filter[updatedAt][gte]"] == ["2026-11-01T00:00:00Z"]
    assert query["filter[updatedAt][lt]"] == ["2026-11-02T00:00:00Z"]
    assert (
        query["filter[id][gt]"] == ["40"]
        and query["sort"] == ["id"]
        and query["page[size]"] == ["2"]
    )
    assert query["include"] == [
        "lineItems,billingAddress,shippingAddress,customer,customerUser,paymentTerm,orderSubtotals"
    ]
    assert query["fields[customers]"] == ["name,externalId"]
    assert query["fields[customerusers]"] == ["email"]
    assert query["fields[paymentterms]"] == ["label"]
    assert page.calls == 1 and page.cursor == {"last_id": "42"}
    first = page.documents[0]
    # The runner remembers the order's remote id from "id".
    assert (first["id"], first["number"]) == ("41", "41")
    assert (first["customer"], first["customer_code"]) == ("Acme", "C-12")
    assert (first["customer_user"], first["payment_term"]) == ("amy@acme.test", "net 30")
    # Quantities are decimal text, as the hub keeps them (Oro sends 2.0).
    assert [(x["sku"], x["quantity"], x["unit"], x["price"]) for x in first["lines"]] == [
        ("A", "2", "item", "15.0000"),
        ("B", "2", "item", "15.0000"),
    ]
    assert first["lines"][0]["total"] == "30.0000"
    assert first["subtotals"] == [{"type": "subtotal", "label": "Subtotal", "amount": "30.0000"}]
    assert (
        first["billing_address"]["country"] == "US"
        and first["billing_address"]["region"] == "US-NY"
    )
    assert first["shipping_address"] is None and first["status"] == "open"


def test_a_short_page_finishes_the_window(mocked):
    mocked.add("GET", f"{BASE}/orders", json=listing(order("41", ()), included=SHARED))
    page = ADAPTERS[("order", "pull")](context(client())).pull_page(WINDOW, None)
    assert page.cursor is None and len(page.documents) == 1
    assert "filter%5Bid%5D%5Bgt%5D" not in mocked.calls[0].request.url


def test_missing_line_items_are_fetched_per_order_only_for_that_order(mocked):
    # The to-many was capped (max_related_entities): 2 linked, 1 included.
    mocked.add(
        "GET",
        f"{BASE}/orders",
        json=listing(
            order("41", ("1", "2")),
            order("42", ("3",)),
            included=[line("1", "A"), line("3", "C"), *SHARED],
        ),
    )
    mocked.add(
        "GET",
        f"{BASE}/orderlineitems",
        match=[
            matchers.query_param_matcher(
                {"filter[orders]": "41", "page[number]": "1", "page[size]": "1000"}
            )
        ],
        json=listing(line("1", "A"), line("2", "B")),
    )
    page = ADAPTERS[("order", "pull")](context(client())).pull_page(WINDOW, None)
    assert page.calls == 2
    assert [len(d["lines"]) for d in page.documents] == [2, 1]


def test_before_6_1_no_subtotals_are_included_and_names_follow_the_version(mocked):
    old = order("41", ("1",))
    old["relationships"]["internal_status"] = old["relationships"].pop("internalStatus")
    old["attributes"]["subtotalValue"] = "28.0000"
    mocked.add("GET", f"{BASE}/orders", json=listing(old, included=[line("1", "A"), *SHARED]))
    page = ADAPTERS[("order", "pull")](context(client(), api_version="5.1")).pull_page(WINDOW, None)
    query = parse_qs(urlsplit(mocked.calls[0].request.url).query)
    assert "orderSubtotals" not in query["include"][0]
    assert query["fields[customers]"] == ["name"]  # no externalId before 6.1
    assert page.documents[0]["subtotals"] == [
        {"type": "subtotal", "label": "Subtotal", "amount": "28.0000"}
    ]
    assert page.documents[0]["status"] == "open"


@pytest.mark.parametrize(("quantity", "text"), [(2.0, "2"), (2.5, "2.5"), (10, "10"), (None, None)])
def test_line_quantities_are_decimal_text(mocked, quantity, text):
    one = line("1", "A")
    one["attributes"]["quantity"] = quantity
    mocked.add("GET", f"{BASE}/orders", json=listing(order("41", ("1",)), included=[one, *SHARED]))
    page = ADAPTERS[("order", "pull")](context(client())).pull_page(WINDOW, None)
    assert page.documents[0]["lines"][0]["quantity"] == text
