"""The smallest update-action list from the remote record and the desired draft."""

from __future__ import annotations

import pytest

from connectors.commercetools.actions import (
    apply_update,
    customer_actions,
    customer_group_actions,
    product_actions,
)
from connectors.http import Conflict
from tests.connectors.commercetools.factories import customer, money, price, product, variant

CAT = {"typeId": "category", "id": "cat-1"}
WHOLESALE = {"typeId": "customer-group", "id": "g-2"}


def desired_product(**changes):
    draft = {
        "key": "hard-hat",
        "name": {"en": "Hard Hat"},
        "slug": {"en": "hard-hat"},
        "description": None,
        "categories": [CAT],
        "masterVariant": {
            "sku": "HH-1",
            "attributes": [{"name": "color", "value": "orange"}],
            "prices": [{"value": {"currencyCode": "USD", "centAmount": 1999}}],
        },
        "variants": [],
        "publish": True,
    }
    return draft | changes


def remote_product(**kw):
    master = variant(
        1,
        "HH-1",
        prices=[price("pr-1", 1999)],
        attributes=[{"name": "color", "value": "orange"}],
    )
    return product(variants=[master], categories=["cat-1"], **kw)


def test_an_unchanged_product_needs_no_action():
    assert product_actions(remote_product(), desired_product()) == []


def test_only_what_differs_is_sent():
    desired = desired_product(name={"en": "Hard Hat Pro"})
    assert product_actions(remote_product(), desired) == [
        {"action": "changeName", "name": {"en": "Hard Hat Pro"}},
        {"action": "publish"},
    ]


def test_staged_changes_are_published_when_the_document_says_so():
    remote = remote_product(staged_changes=True)
    assert product_actions(remote, desired_product()) == [{"action": "publish"}]
    assert product_actions(remote, desired_product(publish=False)) == []


def test_a_published_product_is_never_unpublished_by_publish_false():
    remote = remote_product(published=True)
    assert product_actions(remote, desired_product(publish=False)) == []


def test_prices_are_matched_by_scope_and_changed_added_or_removed():
    remote = product(
        variants=[
            variant(
                1,
                "HH-1",
                prices=[
                    price("base", 1999),
                    price("ws", 1700, customerGroup=WHOLESALE),
                    price("eur", 1800) | {"value": money(1800, "EUR")},
                ],
            )
        ]
    )
    desired = {
        "masterVariant": {
            "sku": "HH-1",
            "prices": [
                {"value": {"currencyCode": "USD", "centAmount": 1999}},
                {"value": {"currencyCode": "USD", "centAmount": 1650}, "customerGroup": WHOLESALE},
                {"value": {"currencyCode": "USD", "centAmount": 1500}, "country": "US"},
            ],
        }
    }
    actions = product_actions(remote, desired)
    assert actions == [
        {"action": "changePrice", "priceId": "ws", "price": desired["masterVariant"]["prices"][1]},
        {"action": "addPrice", "variantId": 1, "price": desired["masterVariant"]["prices"][2]},
        {"action": "removePrice", "priceId": "eur"},
    ]


def test_a_variant_without_prices_keeps_its_remote_prices():
    desired = desired_product()
    del desired["masterVariant"]["prices"]
    assert product_actions(remote_product(), desired) == []


def test_attributes_are_set_and_removed_per_variant():
    remote = product(
        variants=[
            variant(
                1,
                "HH-1",
                attributes=[
                    {"name": "color", "value": "red"},
                    {"name": "size", "value": {"key": "l", "label": "L"}},
                    {"name": "old", "value": 1},
                ],
            )
        ]
    )
    desired = {
        "masterVariant": {
            "sku": "HH-1",
            "attributes": [{"name": "color", "value": "blue"}, {"name": "size", "value": "l"}],
        }
    }
    assert product_actions(remote, desired) == [
        {"action": "setAttribute", "variantId": 1, "name": "color", "value": "blue"},
        {"action": "setAttribute", "variantId": 1, "name": "old"},
    ]


def test_variants_are_added_removed_and_the_master_changed_by_sku():
    remote = product(variants=[variant(1, "A"), variant(2, "B")])
    desired = {"masterVariant": {"sku": "C", "attributes": []}, "variants": [{"sku": "A"}]}
    assert product_actions(remote, desired) == [
        {"action": "addVariant", "staged": True, "sku": "C", "attributes": []},
        {"action": "changeMasterVariant", "sku": "C"},
        {"action": "removeVariant", "sku": "B"},
    ]


def test_categories_and_tax_category_and_key():
    remote = remote_product(key=None)
    desired = desired_product(
        categories=[{"typeId": "category", "id": "cat-2"}],
        taxCategory={"typeId": "tax-category", "id": "tax-1"},
        publish=False,
    )
    assert product_actions(remote, desired) == [
        {"action": "setKey", "key": "hard-hat"},
        {"action": "setTaxCategory", "taxCategory": {"typeId": "tax-category", "id": "tax-1"}},
        {"action": "addToCategory", "category": {"typeId": "category", "id": "cat-2"}},
        {"action": "removeFromCategory", "category": CAT},
    ]


HQ = {"key": "hq", "streetName": "Main Street", "city": "New York", "country": "US"}


def remote_customer(**kw):
    return customer(
        addresses=[
            {"id": "a1", **HQ},
            {"id": "a2", "key": "old", "country": "US"},
            {"id": "a3", "streetName": "typed in the shop", "country": "US"},
        ],
        defaultShippingAddressId="a1",
        **kw,
    )


def test_an_unchanged_customer_needs_no_action():
    desired = {
        "email": "JANE@acme.example",
        "firstName": "Jane",
        "lastName": "Doe",
        "addresses": [HQ, {"key": "old", "country": "US"}],
        "defaultShippingAddress": "hq",
    }
    assert customer_actions(remote_customer(), desired) == []


def test_customer_addresses_are_added_changed_removed_by_key_and_defaults_set():
    moved = HQ | {"streetName": "Broadway"}
    dock = {"key": "dock", "country": "US", "city": "Newark"}
    desired = {
        "addresses": [moved, dock],
        "defaultShippingAddress": "dock",
        "defaultBillingAddress": "hq",
        "customerGroup": WHOLESALE,
        "lastName": "Roe",
    }
    assert customer_actions(remote_customer(), desired) == [
        {"action": "setLastName", "lastName": "Roe"},
        {"action": "setCustomerGroup", "customerGroup": WHOLESALE},
        {"action": "changeAddress", "addressKey": "hq", "address": moved},
        {"action": "addAddress", "address": dock},
        {"action": "removeAddress", "addressKey": "old"},
        {"action": "setDefaultShippingAddress", "addressKey": "dock"},
        {"action": "setDefaultBillingAddress", "addressKey": "hq"},
    ]


def test_the_group_can_be_removed_and_email_changed():
    remote = remote_customer(customerGroup=WHOLESALE)
    assert customer_actions(remote, {"customerGroup": None, "email": "new@acme.example"}) == [
        {"action": "changeEmail", "email": "new@acme.example"},
        {"action": "setCustomerGroup"},
    ]


def test_customer_group_name():
    group = {"id": "g", "key": "vip", "name": "VIP", "version": 1}
    assert customer_group_actions(group, {"key": "vip", "groupName": "VIP"}) == []
    assert customer_group_actions(group, {"key": "vip", "groupName": "V.I.P."}) == [
        {"action": "changeName", "name": "V.I.P."}
    ]


def conflict():
    return Conflict(
        "stale", status=409, remote_code="ConcurrentModification", code="concurrent_modification"
    )


def test_no_actions_no_call():
    sent = []
    _record, actions = apply_update(
        {"id": "x", "version": 1}, lambda c: [], lambda *a: sent.append(a), lambda i: {}
    )
    assert actions == [] and sent == []


def test_a_409_rereads_and_rebuilds_from_the_fresh_record():
    fresh = {"id": "x", "version": 7, "name": "changed by someone"}
    sent = []

    def send(ident, version, actions):
        sent.append((version, actions))
        if version == 1:
            raise conflict()
        return {"id": ident, "version": version + 1}

    record, actions = apply_update(
        {"id": "x", "version": 1, "name": "old"},
        lambda current: [{"action": "changeName", "from": current["name"]}],
        send,
        lambda ident: fresh,
    )
    assert sent == [
        (1, [{"action": "changeName", "from": "old"}]),
        (7, [{"action": "changeName", "from": "changed by someone"}]),
    ]
    assert record["version"] == 8 and actions == sent[1][1]


def test_a_rebuild_that_finds_nothing_left_to_do_sends_nothing():
    def send(*args):
        raise conflict()

    record, actions = apply_update(
        {"id": "x", "version": 1, "ok": False},
        lambda current: [] if current["ok"] else [{"action": "fix"}],
        send,
        lambda ident: {"id": "x", "version": 2, "ok": True},
    )
    assert actions == [] and record["version"] == 2


def test_rebuilds_are_bounded():
    calls = []

    def send(*args):
        calls.append(args)
        raise conflict()

    with pytest.raises(Conflict):
        apply_update(
            {"id": "x", "version": 1},
            lambda c: [{"action": "a"}],
            send,
            lambda i: {"id": "x", "version": 1},
        )
    assert len(calls) == 4


def test_other_conflicts_are_not_retried():
    calls = []

    def send(*args):
        calls.append(args)
        raise Conflict("dup", status=400, remote_code="DuplicateField")

    with pytest.raises(Conflict):
        apply_update({"id": "x", "version": 1}, lambda c: [{"action": "a"}], send, lambda i: {})
    assert len(calls) == 1
