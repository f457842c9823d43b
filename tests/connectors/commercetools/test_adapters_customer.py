"""Customer and customer group push with ``responses``."""

from __future__ import annotations

import json

import pytest

from connectors.adapters import ExternalRef, RecordRejected
from connectors.commercetools.adapters import CustomerGroupPush, CustomerPush
from connectors.commercetools.documents import DOCUMENTS
from tests.connectors.commercetools.factories import CONCURRENT, customer, error, page, url

GROUP = {"id": "g-2", "key": "wholesale", "name": "Wholesale", "version": 1}
DOCUMENT = {
    "email": "jane@acme.example",
    "first_name": "Jane",
    "last_name": "Doe",
    "customer_group": "wholesale",
    "addresses": [
        {"key": "hq", "street_name": "Main Street", "city": "New York", "country": "us"},
        {"key": "dock", "street_name": "Pier 4", "city": "Newark", "country": "US"},
    ],
    "default_shipping_address": "dock",
    "default_billing_address": "hq",
}


def remote(**kw):
    return customer(
        customerGroup={"typeId": "customer-group", "id": "g-2"},
        addresses=[
            {
                "id": "a1",
                "key": "hq",
                "streetName": "Main Street",
                "city": "New York",
                "country": "US",
            },
            {"id": "a2", "key": "dock", "streetName": "Pier 4", "city": "Newark", "country": "US"},
        ],
        defaultShippingAddressId="a2",
        defaultBillingAddressId="a1",
        **kw,
    )


@pytest.fixture
def group(stub):
    stub.get(url("customer-groups/key=wholesale"), json=GROUP)


def posts(stub):
    return [json.loads(c.request.body) for c in stub.calls if c.request.method == "POST"]


def test_the_document_schema_accepts_the_example():
    assert DOCUMENTS[("customer_user", "push")].validate(DOCUMENT) == []


def test_create_with_addresses_defaults_and_group(stub, context, group):
    stub.get(url("customers"), json=page([]))
    stub.post(url("customers"), status=201, json={"customer": {"id": "c-9", "version": 1}})
    outcome = CustomerPush(context).push(DOCUMENT, None)
    assert (outcome.action, outcome.remote_id) == ("created", "c-9")
    [draft] = posts(stub)
    assert draft["addresses"][0] == {
        "key": "hq",
        "streetName": "Main Street",
        "city": "New York",
        "country": "US",
    }
    assert draft["defaultShippingAddress"] == 1 and draft["defaultBillingAddress"] == 0
    assert draft["customerGroup"] == {"typeId": "customer-group", "id": "g-2"}
    assert draft["authenticationMode"] == "ExternalAuth" and "password" not in draft


def test_an_unchanged_customer_found_by_email_sends_nothing(stub, context, group):
    stub.get(url("customers"), json=page([remote()]))
    assert CustomerPush(context).push(DOCUMENT, None).action == "unchanged"
    assert posts(stub) == []


def test_an_address_change_is_one_update(stub, context, group):
    stub.get(url("customers/c-1"), json=remote())
    stub.post(url("customers/c-1"), json=remote(version=3))
    moved = {
        **DOCUMENT,
        "addresses": [DOCUMENT["addresses"][0] | {"city": "Albany"}, DOCUMENT["addresses"][1]],
    }
    outcome = CustomerPush(context).push(moved, ExternalRef("c-1"))
    assert outcome.action == "updated"
    [body] = posts(stub)
    assert body["version"] == 2
    assert body["actions"] == [
        {
            "action": "changeAddress",
            "addressKey": "hq",
            "address": {
                "key": "hq",
                "streetName": "Main Street",
                "city": "Albany",
                "country": "US",
            },
        }
    ]


def test_a_409_rebuilds_from_the_fresh_customer(stub, context, group):
    stub.get(url("customers/c-1"), json=remote())
    # Someone else already set the new last name: the rebuild has nothing left to send.
    stub.get(url("customers/c-1"), json=remote(version=3, lastName="Roe"))
    stub.post(url("customers/c-1"), status=409, json=CONCURRENT)
    outcome = CustomerPush(context).push({**DOCUMENT, "last_name": "Roe"}, ExternalRef("c-1"))
    assert outcome.action == "unchanged" and outcome.remote_version == "3"
    assert len(posts(stub)) == 1


def test_a_missing_group_is_refused(stub, context):
    stub.get(
        url("customer-groups/key=wholesale"), status=404, json=error(404, "ResourceNotFound", "x")
    )
    with pytest.raises(RecordRejected, match="No customer group with key 'wholesale'"):
        CustomerPush(context).push(DOCUMENT, None)


def test_a_default_naming_an_unknown_address_is_refused(stub, context, group):
    with pytest.raises(RecordRejected, match="'nowhere'"):
        CustomerPush(context).push({**DOCUMENT, "default_billing_address": "nowhere"}, None)


def test_a_group_is_created_by_key(stub, context):
    stub.get(url("customer-groups/key=vip"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.post(url("customer-groups"), status=201, json={"id": "g-9", "key": "vip", "version": 1})
    outcome = CustomerGroupPush(context).push({"key": "vip", "name": "VIP"}, None)
    assert outcome.action == "created"
    assert posts(stub) == [{"key": "vip", "groupName": "VIP"}]


def test_a_group_is_renamed_or_left_alone(stub, context):
    stub.get(url("customer-groups/g-2"), json=GROUP)
    stub.post(url("customer-groups/g-2"), json=GROUP | {"name": "Trade", "version": 2})
    push = CustomerGroupPush(context)
    assert push.push({"key": "wholesale", "name": "Wholesale"}, ExternalRef("g-2")).action == (
        "unchanged"
    )
    assert posts(stub) == []
    assert push.push({"key": "wholesale", "name": "Trade"}, ExternalRef("g-2")).action == "updated"
    assert posts(stub) == [{"version": 1, "actions": [{"action": "changeName", "name": "Trade"}]}]


def test_an_address_without_a_key_is_refused(stub, context, group):
    document = {**DOCUMENT, "addresses": [{"street_name": "Main", "country": "US"}]}
    document.pop("default_shipping_address")
    document.pop("default_billing_address")
    with pytest.raises(RecordRejected, match="needs a key"):
        CustomerPush(context).push(document, None)
    assert posts(stub) == []
