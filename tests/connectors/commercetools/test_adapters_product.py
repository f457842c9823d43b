"""Product push with ``responses``: find before create, update, no-op, 409 recovery, typing."""

from __future__ import annotations

import json

import pytest

from connectors.adapters import ExternalRef, RecordRejected
from connectors.commercetools.adapters import ADAPTERS, ProductPush
from connectors.commercetools.adapters.product import sku_slug
from connectors.commercetools.documents import DOCUMENTS
from connectors.http import Conflict
from tests.connectors.commercetools.factories import (
    CONCURRENT,
    PRODUCT_TYPE,
    error,
    page,
    price,
    product,
    url,
    variant,
)

DOCUMENT = {
    "key": "hard-hat",
    "product_type": "workwear",
    "name": {"en": "Hard Hat"},
    "slug": {"en": "hard-hat"},
    "categories": ["safety"],
    "publish": True,
    "variants": [
        {
            "sku": "HH-1",
            "attributes": {"color": "orange", "weight": "1.50", "size": "l"},
            "prices": [{"currency": "USD", "amount": "19.99"}],
        },
        {"sku": "HH-1-L"},
    ],
}


def remote(**kw):
    master = variant(
        1,
        "HH-1",
        prices=[price("pr-1", 1999)],
        attributes=[
            {"name": "color", "value": "orange"},
            {"name": "weight", "value": 1.5},
            {"name": "size", "value": {"key": "l", "label": "Large"}},
        ],
    )
    return product(variants=[master, variant(2, "HH-1-L")], categories=["cat-1"], **kw)


@pytest.fixture
def lookups(stub):
    stub.get(url("product-types/key=workwear"), json=PRODUCT_TYPE)
    stub.get(url("categories/key=safety"), json={"id": "cat-1", "key": "safety"})


def posts(stub):
    return [c for c in stub.calls if c.request.method == "POST"]


def test_the_document_schema_accepts_the_example():
    assert DOCUMENTS[("product", "push")].validate(DOCUMENT) == []
    assert ADAPTERS[("product", "push")] is ProductPush


def test_create_after_finding_nothing_by_key_or_sku(stub, context, lookups):
    stub.get(url("products/key=hard-hat"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("product-projections"), json=page([]))
    stub.post(url("products"), status=201, json={"id": "p-9", "version": 1})
    outcome = ProductPush(context).push(DOCUMENT, None)
    assert (outcome.action, outcome.remote_id, outcome.remote_version) == ("created", "p-9", "1")
    draft = json.loads(posts(stub)[0].request.body)
    assert draft["productType"] == {"typeId": "product-type", "id": "pt-1"}
    assert draft["categories"] == [{"typeId": "category", "id": "cat-1"}]
    assert draft["masterVariant"]["attributes"] == [
        {"name": "color", "value": "orange"},
        {"name": "weight", "value": 1.5},
        {"name": "size", "value": "l"},
    ]
    assert draft["masterVariant"]["prices"] == [
        {"value": {"currencyCode": "USD", "centAmount": 1999}}
    ]
    assert draft["variants"] == [{"sku": "HH-1-L"}] and draft["publish"] is True


def test_an_unchanged_product_sends_no_update(stub, context, lookups):
    stub.get(url("products/p-1"), json=remote())
    outcome = ProductPush(context).push(DOCUMENT, ExternalRef("p-1", "3"))
    assert outcome.action == "unchanged" and posts(stub) == []


def test_found_by_sku_then_updated(stub, context, lookups):
    stub.get(url("products/key=hard-hat"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("product-projections"), json=page([{"id": "p-1"}]))
    stub.get(url("products/p-1"), json=remote(key=None))
    stub.post(url("products/p-1"), json=remote(version=4))
    changed = {**DOCUMENT, "name": {"en": "Hard Hat Pro"}}
    outcome = ProductPush(context).push(changed, None)
    assert (outcome.action, outcome.remote_version) == ("updated", "4")
    body = json.loads(posts(stub)[0].request.body)
    assert body["version"] == 3
    assert body["actions"] == [
        {"action": "setKey", "key": "hard-hat"},
        {"action": "changeName", "name": {"en": "Hard Hat Pro"}},
        {"action": "publish"},
    ]


def test_a_sku_that_belongs_to_a_product_with_another_key_is_refused(stub, context, lookups):
    # The hub's variant product VEST-M, pushed on its own, would otherwise rewrite the
    # configurable product that has VEST-M as a variant.
    stub.get(url("products/key=vest-m"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("product-projections"), json=page([{"id": "p-1"}]))
    stub.get(url("products/p-1"), json=remote(key="vest"))
    document = {**DOCUMENT, "key": "vest-m", "variants": [{"sku": "VEST-M"}]}
    with pytest.raises(
        RecordRejected, match="'VEST-M' belongs to the commercetools product 'vest'"
    ):
        ProductPush(context).push(document, None)
    assert posts(stub) == []


def test_a_409_is_recovered_by_rereading(stub, context, lookups):
    stub.get(url("products/p-1"), json=remote())
    stub.get(url("products/p-1"), json=remote(version=4))
    stub.post(url("products/p-1"), status=409, json=CONCURRENT)
    stub.post(url("products/p-1"), json=remote(version=5))
    outcome = ProductPush(context).push({**DOCUMENT, "name": {"en": "New"}}, ExternalRef("p-1"))
    assert outcome.remote_version == "5"
    assert [json.loads(c.request.body)["version"] for c in posts(stub)] == [3, 4]


def test_a_409_that_persists_is_a_conflict(stub, context, lookups):
    stub.get(url("products/p-1"), json=remote())
    stub.post(url("products/p-1"), status=409, json=CONCURRENT)
    with pytest.raises(Conflict):
        ProductPush(context).push({**DOCUMENT, "name": {"en": "New"}}, ExternalRef("p-1"))
    assert len(posts(stub)) == 4


def test_a_known_product_deleted_remotely_is_looked_up_again(stub, context, lookups):
    stub.get(url("products/gone"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("products/key=hard-hat"), json=remote())
    assert ProductPush(context).push(DOCUMENT, ExternalRef("gone")).action == "unchanged"


def test_an_attribute_the_product_type_lacks_is_refused_by_name(stub, context, lookups):
    document = {**DOCUMENT, "variants": [{"sku": "HH-1", "attributes": {"colour": "red"}}]}
    with pytest.raises(RecordRejected, match="no attribute 'colour'"):
        ProductPush(context).push(document, None)
    assert posts(stub) == []


def test_a_missing_category_is_refused_naming_the_key(stub, context):
    stub.get(url("product-types/key=workwear"), json=PRODUCT_TYPE)
    stub.get(url("categories/key=safety"), status=404, json=error(404, "ResourceNotFound", "x"))
    with pytest.raises(RecordRejected, match="No category with key 'safety'"):
        ProductPush(context).push(DOCUMENT, None)


def test_lookups_are_cached_across_records(stub, context, lookups):
    stub.get(url("products/p-1"), json=remote())
    push = ProductPush(context)
    push.push(DOCUMENT, ExternalRef("p-1"))
    push.push(DOCUMENT, ExternalRef("p-1"))
    paths = [c.request.url for c in stub.calls]
    assert sum("product-types" in p for p in paths) == 1
    assert sum("categories" in p for p in paths) == 1


def test_a_configurable_product_takes_in_its_variant_products_pushed_on_their_own(
    stub, context, lookups
):
    # The hub's variant products VEST-M and VEST-L were pushed before their configurable
    # product: each is a product of its own, and a SKU belongs to one product.
    def held(ident, key, sku, size):
        attributes = [{"name": "size", "value": {"key": size, "label": size.upper()}}]
        prices = [price(f"pr-{ident}", 2500, customerGroup={"typeId": "customer-group", "id": "g"})]
        return product(ident=ident, key=key, variants=[variant(1, sku, prices, attributes)])

    stub.get(url("products/key=vest"), status=404, json=error(404, "ResourceNotFound", "x"))
    # VEST-M is looked up once: found as the master SKU's holder, then taken in.
    stub.get(url("product-projections"), json=page([{"id": "p-m"}]))
    stub.get(url("products/p-m"), json=held("p-m", "vest-m", "VEST-M", "m"))
    stub.delete(url("products/p-m?version=3"), json={"id": "p-m"})
    stub.get(url("product-projections"), json=page([{"id": "p-l"}]))
    stub.get(url("products/p-l"), json=held("p-l", "vest-l", "VEST-L", "l"))
    stub.delete(url("products/p-l?version=3"), json={"id": "p-l"})
    stub.post(url("products"), status=201, json={"id": "p-9", "version": 1})
    document = {**DOCUMENT, "key": "vest", "variants": [{"sku": "VEST-M"}, {"sku": "VEST-L"}]}

    outcome = ProductPush(context).push(document, None)

    assert (outcome.action, outcome.remote_id) == ("created", "p-9")
    assert "vest-m, vest-l" in outcome.notes[0] and "deleted" in outcome.notes[0]
    draft = json.loads(posts(stub)[0].request.body)
    master, [large] = draft["masterVariant"], draft["variants"]
    assert master["attributes"] == [{"name": "size", "value": "m"}]
    assert large["attributes"] == [{"name": "size", "value": "l"}]
    assert master["prices"] == [
        {
            "value": {"currencyCode": "USD", "centAmount": 2500},
            "customerGroup": {"typeId": "customer-group", "id": "g"},
        }
    ]
    assert [c.request.method for c in stub.calls].count("DELETE") == 2


def test_a_variant_sku_inside_another_configurable_product_is_refused(stub, context, lookups):
    stub.get(url("products/key=vest"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("product-projections"), json=page([]))
    stub.post(url("products"), status=201, json={"id": "p-9", "version": 1})
    document = {**DOCUMENT, "key": "vest", "variants": [{"sku": "VEST-M"}, {"sku": "VEST-L"}]}
    # A new product whose master SKU is free: no look-ups for the other variant SKUs.
    assert ProductPush(context).push(document, None).notes == ()
    other = product(ident="p-2", key="jacket", variants=[variant(1, "J-1"), variant(2, "VEST-L")])
    stub.get(
        url("products/p-9"), json=product(ident="p-9", key="vest", variants=[variant(1, "VEST-M")])
    )
    stub.get(url("product-projections"), json=page([{"id": "p-2"}]))
    stub.get(url("products/p-2"), json=other)
    with pytest.raises(
        RecordRejected, match="'VEST-L' belongs to the commercetools product 'jacket'"
    ):
        ProductPush(context).push(document, ExternalRef("p-9"))
    assert not [c for c in stub.calls if c.request.method == "DELETE"]


def test_a_single_variant_product_keyed_by_someone_else_is_never_taken_in(stub, context, lookups):
    # VEST-M is held by a product keyed "summer-vest-medium": not the SKU as a slug, so not a
    # product the portal pushed. It is refused, and nothing is deleted.
    held = product(ident="p-m", key="summer-vest-medium", variants=[variant(1, "VEST-M")])
    stub.get(url("products/key=vest"), status=404, json=error(404, "ResourceNotFound", "x"))
    stub.get(url("product-projections"), json=page([{"id": "p-m"}]))
    stub.get(url("products/p-m"), json=held)
    document = {**DOCUMENT, "key": "vest", "variants": [{"sku": "VEST-M"}, {"sku": "VEST-L"}]}

    with pytest.raises(RecordRejected, match="'VEST-M' belongs to the commercetools product"):
        ProductPush(context).push(document, None)
    assert not [c for c in stub.calls if c.request.method in ("DELETE", "POST")]


@pytest.mark.parametrize(
    ("sku", "slug"),
    [("VEST-M", "vest-m"), ("DEMO-BOOT-S3-42", "demo-boot-s3-42"), ("Größe 42 ", "groe-42")],
)
def test_the_portal_keys_a_product_by_its_sku_as_a_slug(sku, slug):
    from django.utils.text import slugify

    assert sku_slug(sku) == slug == slugify(sku)  # the default mapping's slugify
