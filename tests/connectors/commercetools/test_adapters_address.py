"""Address push with ``responses``: one keyed address of a customer found by email."""

from __future__ import annotations

import json

import pytest

from connectors.adapters import RecordRejected
from connectors.commercetools.adapters import ADAPTERS, AddressPush
from connectors.commercetools.documents import DOCUMENTS
from tests.connectors.commercetools.factories import customer, page, url

DOCUMENT = {
    "customer": "jane@acme.example",
    "key": "hq",
    "street_name": "1 Main St",
    "city": "Springfield",
    "country": "us",
    "default_billing": True,
}
HQ = {"id": "a1", "key": "hq", "streetName": "1 Main St", "city": "Springfield", "country": "US"}
SHOP = {"id": "a2", "streetName": "Entered in the shop", "city": "Boston", "country": "US"}


def posts(stub):
    return [json.loads(c.request.body) for c in stub.calls if c.request.method == "POST"]


def found(stub, **fields):
    stub.get(url("customers"), json=page([customer(**fields)]))


def test_the_document_schema_accepts_the_example_and_the_adapter_is_registered():
    assert DOCUMENTS[("address", "push")].validate(DOCUMENT) == []
    assert ADAPTERS[("address", "push")] is AddressPush


def test_a_new_address_is_added_and_made_the_default_billing_address(stub, context):
    found(stub, addresses=[SHOP])
    stub.post(
        url("customers/c-1"),
        json=customer(version=3, addresses=[SHOP, HQ], defaultBillingAddressId="a1"),
    )
    outcome = AddressPush(context).push(DOCUMENT, None)
    assert (outcome.action, outcome.remote_id, outcome.remote_version) == ("created", "a1", "3")
    assert posts(stub) == [
        {
            "version": 2,
            "actions": [
                {
                    "action": "addAddress",
                    "address": {
                        "key": "hq",
                        "streetName": "1 Main St",
                        "city": "Springfield",
                        "country": "US",
                    },
                },
                {"action": "setDefaultBillingAddress", "addressKey": "hq"},
            ],
        }
    ]


def test_an_equal_address_sends_nothing_and_a_changed_one_only_its_change(stub, context):
    found(stub, addresses=[SHOP, HQ], defaultBillingAddressId="a1")
    outcome = AddressPush(context).push(DOCUMENT, None)
    assert (outcome.action, outcome.remote_id) == ("unchanged", "a1") and posts(stub) == []

    moved = {**DOCUMENT, "street_name": "2 Dock Rd", "default_billing": False}
    stub.post(url("customers/c-1"), json=customer(version=3, addresses=[SHOP, HQ]))
    assert AddressPush(context).push(moved, None).action == "updated"
    [body] = posts(stub)
    assert [a["action"] for a in body["actions"]] == ["changeAddress"]  # the shop's stays
    assert body["actions"][0]["address"]["streetName"] == "2 Dock Rd"


def test_an_address_of_an_unknown_customer_is_refused(stub, context):
    stub.get(url("customers"), json=page([]))
    with pytest.raises(RecordRejected, match=r"No customer with email 'jane@acme\.example'"):
        AddressPush(context).push(DOCUMENT, None)
