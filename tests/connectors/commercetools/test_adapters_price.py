"""Price push with ``responses``: embedded prices by scope, and standalone prices."""

from __future__ import annotations

import json

import pytest

from connectors.adapters import RecordRejected
from connectors.commercetools.adapters import PricePush
from connectors.commercetools.documents import DOCUMENTS
from tests.connectors.commercetools.factories import (
    CONCURRENT,
    money,
    page,
    price,
    product,
    url,
    variant,
)

WHOLESALE = {"typeId": "customer-group", "id": "g-2"}
DOCUMENT = {"sku": "HH-1-L", "currency": "USD", "amount": "17.50", "customer_group": "wholesale"}


def remote(cents: int = 1750, version: int = 3, **kw):
    prices = [price("base", 1999), price("ws", cents, customerGroup=WHOLESALE)]
    return product(
        variants=[variant(1, "HH-1"), variant(2, "HH-1-L", prices=prices)], version=version, **kw
    )


def with_euro_price(version: int = 4):
    """The product as the store answers after adding a EUR price for Germany to HH-1-L."""
    euro = price("eur-1", 1600, country="DE") | {"value": money(1600, "EUR")}
    prices = [*remote()["masterData"]["staged"]["variants"][0]["prices"], euro]
    return product(
        variants=[variant(1, "HH-1"), variant(2, "HH-1-L", prices=prices)], version=version
    )


@pytest.fixture
def found(stub):
    stub.get(url("customer-groups/key=wholesale"), json={"id": "g-2", "key": "wholesale"})
    stub.get(url("product-projections"), json=page([{"id": "p-1"}]))


def posts(stub):
    return [json.loads(c.request.body) for c in stub.calls if c.request.method == "POST"]


def test_the_document_schema_accepts_the_example():
    assert DOCUMENTS[("price", "push")].validate(DOCUMENT) == []


def test_an_equal_price_sends_nothing(stub, context, found):
    stub.get(url("products/p-1"), json=remote())
    assert PricePush(context).push(DOCUMENT, None).action == "unchanged"
    assert posts(stub) == []


def test_a_changed_price_is_changed_live_in_its_scope(stub, context, found):
    stub.get(url("products/p-1"), json=remote(1800))
    stub.post(url("products/p-1"), json=remote(version=4))
    assert PricePush(context).push(DOCUMENT, None).action == "updated"
    assert posts(stub) == [
        {
            "version": 3,
            "actions": [
                {
                    "action": "changePrice",
                    "priceId": "ws",
                    "staged": False,
                    "price": {
                        "value": {"currencyCode": "USD", "centAmount": 1750},
                        "customerGroup": WHOLESALE,
                    },
                }
            ],
        }
    ]


def test_a_new_scope_is_added_to_the_variant(stub, context, found):
    stub.get(url("products/p-1"), json=remote())
    stub.post(url("products/p-1"), json=with_euro_price())
    PricePush(context).push(
        {**DOCUMENT, "customer_group": None, "country": "de", "currency": "EUR", "amount": "16"},
        None,
    )
    [body] = posts(stub)
    assert body["actions"] == [
        {
            "action": "addPrice",
            "variantId": 2,
            "staged": False,
            "price": {"value": {"currencyCode": "EUR", "centAmount": 1600}, "country": "DE"},
        }
    ]


def test_a_409_is_rebuilt(stub, context, found):
    stub.get(url("products/p-1"), json=remote(1800))
    stub.get(url("products/p-1"), json=remote(1800, version=4))
    stub.post(url("products/p-1"), status=409, json=CONCURRENT)
    stub.post(url("products/p-1"), json=remote(version=5))
    assert PricePush(context).push(DOCUMENT, None).remote_version == "5"
    assert [b["version"] for b in posts(stub)] == [3, 4]


def test_an_unknown_sku_is_refused(stub, context):
    stub.get(url("customer-groups/key=wholesale"), json={"id": "g-2", "key": "wholesale"})
    stub.get(url("product-projections"), json=page([]))
    with pytest.raises(RecordRejected, match="SKU 'HH-1-L'"):
        PricePush(context).push(DOCUMENT, None)


def test_standalone_prices_are_created_then_changed(stub, context, found):
    stub.get(url("products/p-1"), json=remote(price_mode="Standalone"))
    stub.get(url("standalone-prices"), json=page([]))
    stub.post(url("standalone-prices"), status=201, json={"id": "sp-1", "version": 1})
    assert PricePush(context).push(DOCUMENT, None).action == "created"
    assert posts(stub)[0] == {
        "sku": "HH-1-L",
        "value": {"currencyCode": "USD", "centAmount": 1750},
        "customerGroup": WHOLESALE,
    }


def test_a_standalone_price_in_the_same_scope_is_changed(stub, context, found):
    stub.get(url("products/p-1"), json=remote(price_mode="Standalone"))
    existing = {
        "id": "sp-1",
        "version": 2,
        "sku": "HH-1-L",
        "value": money(1700),
        "customerGroup": WHOLESALE,
    }
    other = {"id": "sp-2", "version": 1, "sku": "HH-1-L", "value": money(1700)}
    stub.get(url("standalone-prices"), json=page([other, existing]))
    stub.post(url("standalone-prices/sp-1"), json=existing | {"version": 3})
    assert PricePush(context).push(DOCUMENT, None).action == "updated"
    assert posts(stub) == [
        {
            "version": 2,
            "actions": [
                {"action": "changeValue", "value": {"currencyCode": "USD", "centAmount": 1750}}
            ],
        }
    ]


def test_each_embedded_price_reports_its_own_id_not_the_products(stub, context, found):
    # Two prices of one SKU (the base price and the wholesale price) are two remote records:
    # if both reported the product's id they would fight over one external id in the hub.
    stub.get(url("products/p-1"), json=remote())
    push = PricePush(context)
    wholesale = push.push(DOCUMENT, None)
    base = push.push({**DOCUMENT, "customer_group": None, "amount": "19.99"}, None)
    assert (wholesale.action, base.action) == ("unchanged", "unchanged")
    assert (wholesale.remote_id, base.remote_id) == ("ws", "base")
    assert wholesale.remote_version == "3"  # an embedded price is versioned with its product


def test_an_added_embedded_price_reports_the_id_the_store_gave_it(stub, context, found):
    stub.get(url("products/p-1"), json=remote())
    stub.post(url("products/p-1"), json=with_euro_price())
    result = PricePush(context).push(
        {"sku": "HH-1-L", "currency": "EUR", "amount": "16", "country": "DE"}, None
    )
    assert (result.action, result.remote_id, result.remote_version) == ("updated", "eur-1", "4")


def test_a_standalone_price_reports_its_own_id(stub, context, found):
    stub.get(url("products/p-1"), json=remote(price_mode="Standalone"))
    stub.get(url("standalone-prices"), json=page([]))
    stub.post(url("standalone-prices"), status=201, json={"id": "sp-9", "version": 1})
    assert PricePush(context).push(DOCUMENT, None).remote_id == "sp-9"


def test_a_tier_price_is_refused_before_any_call(stub, context):
    with pytest.raises(RecordRejected, match="starts at quantity 10"):
        PricePush(context).push({**DOCUMENT, "quantity": "10"}, None)
    assert len(stub.calls) == 0  # the base price of the scope is never touched


def test_quantity_one_is_the_price_itself(stub, context, found):
    stub.get(url("products/p-1"), json=remote())
    assert PricePush(context).push({**DOCUMENT, "quantity": "1.00"}, None).action == "unchanged"
