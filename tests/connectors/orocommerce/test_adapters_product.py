"""Product and price push against stubbed OroCommerce answers (``responses``).

Fixtures follow reference §2.1 (products, productnames, productunitprecisions) and §2.3
(productprices; values come back as strings).
"""

from __future__ import annotations

import json

import pytest
import responses
from responses import matchers

from connectors.adapters import ExternalRef, RecordRejected
from connectors.http.errors import InvalidData
from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import (
    BASE,
    client,
    context,
    item,
    listing,
    rel,
    rels,
    single,
)

DOC = {
    "sku": "CH-1",
    "product_type": "simple",
    "status": "enabled",
    "name": "Chair",
    "inventory_status": "in_stock",
    "attribute_family": "default_family",
    "primary_unit": {"code": "item", "precision": 0},
    "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 10}],
    "category": "Lighting",
    "brand": "Brightline",
}


VARIANT_INCLUDE = "names,unitPrecisions,variantLinks,variantLinks.product"
KIT_INCLUDE = "names,unitPrecisions,kitItems,kitItems.labels,kitItems.kitItemProducts.product"


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def lookups(mocked) -> None:
    """The look-ups a product with a category, a brand and two units needs, once each."""
    mocked.add(
        "GET",
        f"{BASE}/attributefamilies",
        json=listing(item("attributefamilies", "1", {"code": "default_family"})),
    )
    mocked.add(
        "GET",
        f"{BASE}/categories",
        match=[
            matchers.query_param_matcher({"filter[searchText]": "Lighting", "include": "titles"})
        ],
        json=listing(
            item("categories", "8", titles=rels("localizedfallbackvalues", "80")),
            item("categories", "9", titles=rels("localizedfallbackvalues", "90")),
            included=[
                item("localizedfallbackvalues", "80", {"string": "Lighting Accessories"}),
                item("localizedfallbackvalues", "90", {"string": "Lighting"}),
            ],
        ),
    )
    mocked.add(
        "GET",
        f"{BASE}/brands",
        json=listing(
            item("brands", "3", names=rels("localizedfallbackvalues", "30")),
            included=[item("localizedfallbackvalues", "30", {"string": "Brightline"})],
        ),
    )
    for code in ("item", "set"):
        mocked.add(
            "GET",
            f"{BASE}/productunits",
            match=[matchers.query_param_matcher({"filter[id]": code})],
            json=listing(item("productunits", code)),
        )


def existing(**changes) -> dict:
    """The product as OroCommerce returns it, with names and unit precisions included."""
    attributes = {
        "sku": "CH-1",
        "productType": "simple",
        "status": "enabled",
        "updatedAt": "2026-11-20T10:00:00Z",
    }
    attributes.update(changes)
    return listing(
        item(
            "products",
            "42",
            attributes,
            names=rels("productnames", "100"),
            unitPrecisions=rels("productunitprecisions", "200", "201"),
            primaryUnitPrecision=rel("productunitprecisions", "200"),
            variantLinks=rels("productvariantlinks"),
            inventory_status=rel("prodinventorystatuses", "in_stock"),
            attributeFamily=rel("attributefamilies", "1"),
            category=rel("categories", "9"),
            brand=rel("brands", "3"),
        ),
        included=[
            item(
                "productnames", "100", {"string": "Chair"}, localization=rel("localizations", None)
            ),
            item(
                "productunitprecisions",
                "200",
                {"precision": 0, "conversionRate": 1.0, "sell": True},
                unit=rel("productunits", "item"),
            ),
            item(
                "productunitprecisions",
                "201",
                {"precision": 0, "conversionRate": 10.0, "sell": True},
                unit=rel("productunits", "set"),
            ),
        ],
    )


def find_by_sku(mocked, body: dict, include: str = "names,unitPrecisions", sku="CH-1") -> None:
    """The find by SKU, reading with the product what the document manages (``include``)."""
    mocked.add(
        "GET",
        f"{BASE}/products",
        match=[
            matchers.query_param_matcher(
                {"filter[sku]": sku, "include": include, "page[size]": "1"}
            )
        ],
        json=body,
    )


def sent(mocked, method: str) -> dict:
    return json.loads(next(c.request.body for c in mocked.calls if c.request.method == method))


class TestProductPush:
    def test_creates_after_finding_no_product_with_the_sku(self, mocked):
        find_by_sku(mocked, listing())
        lookups(mocked)
        mocked.add(
            "POST",
            f"{BASE}/products",
            json=single(item("products", "42", {"sku": "CH-1", "updatedAt": "t1"})),
            status=201,
        )
        outcome = ADAPTERS[("product", "push")](context(client())).push(DOC, None)
        assert (outcome.action, outcome.remote_id, outcome.remote_version) == (
            "created",
            "42",
            "t1",
        )
        body = sent(mocked, "POST")
        data = body["data"]
        assert data["attributes"] == {"sku": "CH-1", "productType": "simple", "status": "enabled"}
        assert data["relationships"]["category"] == {"data": {"type": "categories", "id": "9"}}
        assert data["relationships"]["brand"] == {"data": {"type": "brands", "id": "3"}}
        assert data["relationships"]["inventory_status"]["data"]["id"] == "in_stock"
        assert data["relationships"]["primaryUnitPrecision"]["data"] == {
            "type": "productunitprecisions",
            "id": "unit-item",
        }
        names = [i for i in body["included"] if i["type"] == "productnames"]
        assert names == [
            {"type": "productnames", "id": "name-0", "attributes": {"string": "Chair"}}
        ]
        units = {
            i["id"]: i["attributes"]
            for i in body["included"]
            if i["type"] == "productunitprecisions"
        }
        assert units == {
            "unit-item": {"precision": 0, "conversionRate": 1.0, "sell": True},
            "unit-set": {"precision": 0, "conversionRate": 10.0, "sell": True},
        }

    def test_an_unchanged_product_sends_no_write(self, mocked):
        find_by_sku(mocked, existing())
        lookups(mocked)
        outcome = ADAPTERS[("product", "push")](context(client())).push(DOC, None)
        assert (outcome.action, outcome.remote_id) == ("unchanged", "42")
        assert {c.request.method for c in mocked.calls} == {"GET"}

    def test_an_update_sends_only_what_differs(self, mocked):
        find_by_sku(mocked, existing(status="disabled"))
        lookups(mocked)
        mocked.add(
            "PATCH", f"{BASE}/products/42", json=single(item("products", "42", {"updatedAt": "t2"}))
        )
        doc = {
            **DOC,
            "name": "Armchair",
            "unit_precisions": [{"code": "set", "precision": 2, "conversion_rate": 10}],
        }
        outcome = ADAPTERS[("product", "push")](context(client())).push(doc, None)
        assert outcome.action == "updated"
        body = sent(mocked, "PATCH")
        assert body["data"] == {"type": "products", "id": "42", "attributes": {"status": "enabled"}}
        assert body["included"] == [
            {
                "type": "productnames",
                "id": "100",
                "attributes": {"string": "Armchair"},
                "meta": {"update": True},
            },
            {
                "type": "productunitprecisions",
                "id": "201",
                "attributes": {"precision": 2},
                "meta": {"update": True},
            },
        ]

    def test_a_known_product_is_read_by_id(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/products/42",
            json={"data": existing()["data"][0], "included": existing()["included"]},
        )
        lookups(mocked)
        outcome = ADAPTERS[("product", "push")](context(client())).push(DOC, ExternalRef("42"))
        assert outcome.action == "unchanged"

    def test_lookups_are_cached_for_the_next_record(self, mocked):
        find_by_sku(mocked, existing())
        lookups(mocked)
        adapter = ADAPTERS[("product", "push")](context(client()))
        adapter.push(DOC, None)
        mocked.add("GET", f"{BASE}/products", json=existing())
        before = len(mocked.calls)
        adapter.push(DOC, None)
        assert len(mocked.calls) == before + 1  # only the find by SKU

    def test_an_unknown_category_rejects_the_record_naming_it(self, mocked):
        find_by_sku(mocked, listing())
        mocked.add(
            "GET",
            f"{BASE}/attributefamilies",
            json=listing(item("attributefamilies", "1", {"code": "default_family"})),
        )
        mocked.add("GET", f"{BASE}/categories", json=listing())
        with pytest.raises(RecordRejected) as caught:
            ADAPTERS[("product", "push")](context(client())).push(DOC, None)
        assert "'Lighting'" in caught.value.message and caught.value.code == "unknown_category"

    def test_a_configurable_product_links_its_variants(self, mocked):
        doc = {
            "sku": "CH-1",
            "product_type": "configurable",
            "status": "enabled",
            "name": "Chair",
            "inventory_status": "in_stock",
            "attribute_family": "default_family",
            "primary_unit": {"code": "item", "precision": 0},
            "variant_fields": ["color"],
            "variants": ["CH-1-RED", "CH-1-BLUE"],
        }
        find_by_sku(mocked, listing(), VARIANT_INCLUDE)
        mocked.add(
            "GET",
            f"{BASE}/attributefamilies",
            json=listing(item("attributefamilies", "1", {"code": "default_family"})),
        )
        mocked.add("GET", f"{BASE}/productunits", json=listing(item("productunits", "item")))
        mocked.add(
            "GET",
            f"{BASE}/products",
            match=[
                matchers.query_param_matcher(
                    {"filter[sku]": "CH-1-RED,CH-1-BLUE", "page[size]": "2"}
                )
            ],
            json=listing(
                item("products", "51", {"sku": "CH-1-RED"}),
                item("products", "52", {"sku": "ch-1-blue"}),
            ),
        )
        mocked.add("POST", f"{BASE}/products", json=single(item("products", "50")), status=201)
        ADAPTERS[("product", "push")](context(client())).push(doc, None)
        body = sent(mocked, "POST")
        assert body["data"]["attributes"]["variantFields"] == ["color"]
        links = [i for i in body["included"] if i["type"] == "productvariantlinks"]
        assert [link["relationships"]["product"]["data"]["id"] for link in links] == ["51", "52"]

    def test_a_kit_sends_its_items_with_labels_and_products(self, mocked):
        doc = {
            "sku": "KIT-1",
            "product_type": "kit",
            "status": "enabled",
            "name": "Kit",
            "inventory_status": "in_stock",
            "attribute_family": "default_family",
            "primary_unit": {"code": "item", "precision": 0},
            "kit_items": [
                {"label": "Base", "unit": "item", "products": ["B-1"], "minimum_quantity": 1}
            ],
        }
        find_by_sku(mocked, listing(), KIT_INCLUDE, sku="KIT-1")
        mocked.add(
            "GET",
            f"{BASE}/attributefamilies",
            json=listing(item("attributefamilies", "1", {"code": "default_family"})),
        )
        mocked.add("GET", f"{BASE}/productunits", json=listing(item("productunits", "item")))
        mocked.add(
            "GET",
            f"{BASE}/products",
            match=[matchers.query_param_matcher({"filter[sku]": "B-1", "page[size]": "1"})],
            json=listing(item("products", "61", {"sku": "B-1"})),
        )
        mocked.add("POST", f"{BASE}/products", json=single(item("products", "60")), status=201)
        ADAPTERS[("product", "push")](context(client())).push(doc, None)
        body = sent(mocked, "POST")
        kit = next(i for i in body["included"] if i["type"] == "productkititems")
        assert kit["attributes"] == {"sortOrder": 1, "optional": False, "minimumQuantity": 1.0}
        label = next(i for i in body["included"] if i["type"] == "productkititemlabels")
        assert label["attributes"] == {"string": "Base"}
        choice = next(i for i in body["included"] if i["type"] == "productkititemproducts")
        assert choice["relationships"]["product"]["data"]["id"] == "61"


PRICE = {
    "sku": "CH-1",
    "price_list": "Default Price List",
    "currency": "usd",
    "value": "19.99",
    "unit": "item",
    "is_default": True,
}


def price_lookups(mocked, *, product: bool = True) -> None:
    mocked.add(
        "GET",
        f"{BASE}/pricelists",
        json=listing(item("pricelists", "1", {"name": "Default Price List"})),
    )
    mocked.add("GET", f"{BASE}/productunits", json=listing(item("productunits", "item")))
    mocked.add(
        "GET",
        f"{BASE}/products",
        match=[matchers.query_param_matcher({"filter[sku]": "CH-1", "page[size]": "1"})],
        json=listing(item("products", "42", {"sku": "CH-1"})) if product else listing(),
    )


def price_found(mocked, value: str) -> None:
    mocked.add(
        "GET",
        f"{BASE}/productprices",
        match=[
            matchers.query_param_matcher(
                {
                    "filter[priceList]": "1",
                    "filter[product]": "42",
                    "filter[unit]": "item",
                    "page[size]": "100",
                }
            )
        ],
        json=listing(
            item("productprices", "u-9", {"quantity": 10.0, "value": "5.0000", "currency": "USD"}),
            item("productprices", "u-1", {"quantity": 1.0, "value": value, "currency": "USD"}),
        ),
    )


class TestPricePush:
    def test_creates_a_missing_price(self, mocked):
        price_lookups(mocked)
        mocked.add("GET", f"{BASE}/productprices", json=listing())
        mocked.add(
            "POST", f"{BASE}/productprices", json=single(item("productprices", "u-2")), status=201
        )
        outcome = ADAPTERS[("price", "push")](context(client())).push(PRICE, None)
        assert (outcome.action, outcome.remote_id) == ("created", "u-2")
        data = sent(mocked, "POST")["data"]
        assert data["attributes"] == {"value": 19.99, "currency": "USD", "quantity": 1.0}
        assert {k: v["data"]["id"] for k, v in data["relationships"].items()} == {
            "priceList": "1",
            "product": "42",
            "unit": "item",
        }

    def test_the_same_value_as_a_string_is_unchanged(self, mocked):
        price_lookups(mocked)
        price_found(mocked, "19.9900")
        outcome = ADAPTERS[("price", "push")](context(client())).push(PRICE, None)
        assert (outcome.action, outcome.remote_id) == ("unchanged", "u-1")

    def test_a_new_value_updates_the_price_of_that_quantity(self, mocked):
        price_lookups(mocked)
        price_found(mocked, "18.0000")
        mocked.add("PATCH", f"{BASE}/productprices/u-1", json=single(item("productprices", "u-1")))
        assert ADAPTERS[("price", "push")](context(client())).push(PRICE, None).action == "updated"
        assert sent(mocked, "PATCH")["data"] == {
            "type": "productprices",
            "id": "u-1",
            "attributes": {"value": 19.99},
        }

    def test_auto_create_product_no_fails_naming_the_sku_and_the_setting(self, mocked):
        price_lookups(mocked, product=False)
        with pytest.raises(RecordRejected) as caught:
            ADAPTERS[("price", "push")](context(client(), auto_create_product=False)).push(
                PRICE, None
            )
        assert "'CH-1'" in caught.value.message and "Auto Create Product" in caught.value.message

    def test_auto_create_product_yes_creates_a_minimal_product(self, mocked):
        price_lookups(mocked, product=False)
        mocked.add(
            "GET",
            f"{BASE}/attributefamilies",
            json=listing(item("attributefamilies", "1", {"code": "default_family"})),
        )
        mocked.add(
            "POST",
            f"{BASE}/products",
            json=single(item("products", "42", {"sku": "CH-1"})),
            status=201,
        )
        mocked.add("GET", f"{BASE}/productprices", json=listing())
        mocked.add(
            "POST", f"{BASE}/productprices", json=single(item("productprices", "u-3")), status=201
        )
        outcome = ADAPTERS[("price", "push")](context(client(), auto_create_product=True)).push(
            PRICE, None
        )
        assert outcome.action == "created" and "Auto Create Product" in outcome.notes[0]
        product = json.loads(mocked.calls[4].request.body)["data"]
        assert product["attributes"]["sku"] == "CH-1"
        assert product["relationships"]["attributeFamily"]["data"]["id"] == "1"

    def test_the_default_pricing_field_is_set_after_checking_it_exists(self, mocked):
        price_lookups(mocked)
        mocked.add(
            "GET",
            f"{BASE}/entitystructures/productprice",
            json=single(
                {
                    "type": "entitystructures",
                    "id": "productprice",
                    "attributes": {"fields": [{"name": "value"}, {"name": "isDefault"}]},
                }
            ),
        )
        price_found(mocked, "19.9900")
        mocked.add("PATCH", f"{BASE}/productprices/u-1", json=single(item("productprices", "u-1")))
        adapter = ADAPTERS[("price", "push")](
            context(client(), default_pricing_custom_field_name="isDefault")
        )
        assert adapter.push(PRICE, None).action == "updated"
        assert sent(mocked, "PATCH")["data"]["attributes"] == {"isDefault": True}

    def test_a_missing_default_pricing_field_is_a_clear_error(self, mocked):
        price_lookups(mocked)
        mocked.add(
            "GET",
            f"{BASE}/entitystructures/productprice",
            json=single(
                {
                    "type": "entitystructures",
                    "id": "productprice",
                    "attributes": {"fields": [{"name": "value"}]},
                }
            ),
        )
        adapter = ADAPTERS[("price", "push")](
            context(client(), default_pricing_custom_field_name="isDefault")
        )
        with pytest.raises(InvalidData) as caught:
            adapter.push(PRICE, None)
        assert (
            "'isDefault'" in caught.value.message
            and "Default Pricing Custom Field Name" in caught.value.message
        )
        assert caught.value.code == "default_price_field_missing"

    def test_an_unknown_price_list_rejects_the_record(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/pricelists",
            json=listing(item("pricelists", "1", {"name": "Default Price List (EUR)"})),
        )
        with pytest.raises(RecordRejected, match="price list 'Default Price List'"):
            ADAPTERS[("price", "push")](context(client())).push(PRICE, None)
