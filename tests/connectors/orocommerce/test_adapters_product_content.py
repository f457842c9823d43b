"""Product push, the rest of a product: localized descriptions, meta values and slugs, shipping
options, custom attributes, and the removals an update makes (extra units, variants, kit items).

Fixtures follow reference §2.1 (products and their localized values: ``string`` or ``text``
with a ``localization``; long descriptions are ``wysiwyg`` objects, as COM
``ProductBundle/Resources/doc/api/product.md`` shows them; ``productvariantlinks``;
``productkititems`` with labels and ``productkititemproducts``), §2.2 (unit precisions) and
COM ShippingBundle ``Resources/doc/api/product_shipping_options.md``
(``productshippingoptions``).
"""

from __future__ import annotations

import pytest
import responses
from responses import matchers

from connectors.adapters import RecordRejected
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
from tests.connectors.orocommerce.test_adapters_product import (
    DOC,
    KIT_INCLUDE,
    VARIANT_INCLUDE,
    find_by_sku,
    lookups,
    sent,
)

CONTENT_INCLUDE = (
    "names,unitPrecisions,descriptions,shortDescriptions,metaTitles,metaDescriptions,"
    "metaKeywords,slugPrototypes,productShippingOptions"
)
FULL = {
    **DOC,
    "description": "<p>A chair.</p>",
    "descriptions": {"de": "<p>Ein Stuhl.</p>"},
    "short_description": "A chair",
    "meta_title": "Chair | Brightline",
    "meta_description": "Chairs for offices",
    "meta_keywords": "chair, office",
    "slug": "ch-1",
    "weight": {"value": "7.5", "unit": "kg"},
    "dimensions": {"length": "60", "width": "55", "height": "110", "unit": "cm"},
    "freight_class": "parcel",
    "attributes": {"material": "oak", "warranty_years": 5},
}
PRODUCT_STRUCTURE = single(
    {
        "type": "entitystructures",
        "id": "product",
        "attributes": {
            "fields": [
                {"name": "sku", "type": "string"},
                {"name": "material", "type": "string"},
                {"name": "warranty_years", "type": "integer"},
                {"name": "brand", "type": "relation", "relatedEntityType": "brands"},
            ]
        },
    }
)


def wysiwyg(text: str) -> dict:
    """A long description's attributes: a WYSIWYG value, no style or properties."""
    return {"wysiwyg": {"value": text, "style": None, "properties": None}}


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def push(doc, **settings):
    return ADAPTERS[("product", "push")](context(client(), **settings)).push(doc, None)


def content_lookups(mocked) -> None:
    """Localizations, units of weight and length, freight classes and the product fields."""
    mocked.add(
        "GET",
        f"{BASE}/localizations",
        json=listing(
            item("localizations", "1", {"name": "English", "formattingCode": "en_US"}),
            item(
                "localizations",
                "2",
                {"name": "German", "languageCode": "de", "formattingCode": "de_DE"},
            ),
        ),
    )
    mocked.add(
        "GET",
        f"{BASE}/weightunits",
        match=[matchers.query_param_matcher({"filter[id]": "kg"})],
        json=listing(item("weightunits", "kg", {"conversionRates": {"lbs": 2.2046}})),
    )
    mocked.add(
        "GET",
        f"{BASE}/lengthunits",
        match=[matchers.query_param_matcher({"filter[id]": "cm"})],
        json=listing(item("lengthunits", "cm", {"conversionRates": {"inch": 0.3937}})),
    )
    mocked.add(
        "GET",
        f"{BASE}/freightclasses",
        match=[matchers.query_param_matcher({"page[size]": "100"})],
        json=listing(item("freightclasses", "parcel")),
    )
    mocked.add("GET", f"{BASE}/entitystructures/product", json=PRODUCT_STRUCTURE)


def by_type(body: dict, type_: str) -> list[dict]:
    return [i for i in body.get("included", []) if i["type"] == type_]


def stored(**changes) -> dict:
    """CH-1 as OroCommerce returns it with everything FULL manages included."""
    attributes = {
        "sku": "CH-1",
        "productType": "simple",
        "status": "enabled",
        "material": "oak",
        "warranty_years": 5,
        "updatedAt": "2026-11-20T10:00:00Z",
    }
    attributes.update(changes)
    default = rel("localizations", None)
    return listing(
        item(
            "products",
            "42",
            attributes,
            names=rels("productnames", "100"),
            descriptions=rels("productdescriptions", "110", "111"),
            shortDescriptions=rels("productshortdescriptions", "120"),
            metaTitles=rels("localizedfallbackvalues", "130"),
            metaDescriptions=rels("localizedfallbackvalues", "131"),
            metaKeywords=rels("localizedfallbackvalues", "132"),
            slugPrototypes=rels("localizedfallbackvalues", "133"),
            unitPrecisions=rels("productunitprecisions", "200", "201"),
            primaryUnitPrecision=rel("productunitprecisions", "200"),
            productShippingOptions=rels("productshippingoptions", "140"),
            inventory_status=rel("prodinventorystatuses", "in_stock"),
            attributeFamily=rel("attributefamilies", "1"),
            category=rel("categories", "9"),
            brand=rel("brands", "3"),
        ),
        included=[
            item(
                "productnames", "100", {"string": "Chair", "fallback": None}, localization=default
            ),
            item("productdescriptions", "110", wysiwyg("<p>A chair.</p>"), localization=default),
            item(
                "productdescriptions",
                "111",
                wysiwyg("<p>Ein Stuhl.</p>"),
                localization=rel("localizations", "2"),
            ),
            item("productshortdescriptions", "120", {"text": "A chair"}, localization=default),
            item("localizedfallbackvalues", "130", {"string": "Chair | Brightline", "text": None}),
            item("localizedfallbackvalues", "131", {"string": None, "text": "Chairs for offices"}),
            item("localizedfallbackvalues", "132", {"string": None, "text": "chair, office"}),
            item("localizedfallbackvalues", "133", {"string": "ch-1", "text": None}),
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
            item(
                "productshippingoptions",
                "140",
                {
                    "weightValue": 7.5,
                    "dimensionsLength": 60.0,
                    "dimensionsWidth": 55.0,
                    "dimensionsHeight": 110.0,
                },
                product=rel("products", "42"),
                productUnit=rel("productunits", "item"),
                weightUnit=rel("weightunits", "kg"),
                dimensionsUnit=rel("lengthunits", "cm"),
                freightClass=rel("freightclasses", "parcel"),
            ),
        ],
    )


class TestContent:
    def test_create_sends_descriptions_meta_slug_shipping_and_attributes(self, mocked):
        find_by_sku(mocked, listing(), CONTENT_INCLUDE)
        lookups(mocked)
        content_lookups(mocked)
        mocked.add(
            "POST",
            f"{BASE}/products",
            json=single(item("products", "42", {"sku": "CH-1"})),
            status=201,
        )
        assert push(FULL).action == "created"
        body = sent(mocked, "POST")
        data = body["data"]
        assert data["attributes"]["material"] == "oak"
        assert data["attributes"]["warranty_years"] == 5

        def linked(name: str) -> list[dict]:
            ids = {(r["type"], r["id"]) for r in data["relationships"][name]["data"]}
            return [i for i in body["included"] if (i["type"], i["id"]) in ids]

        descriptions = linked("descriptions")
        assert [d["attributes"] for d in descriptions] == [
            wysiwyg("<p>A chair.</p>"),
            wysiwyg("<p>Ein Stuhl.</p>"),
        ]
        assert "relationships" not in descriptions[0]  # the default value: no localization
        assert descriptions[1]["relationships"]["localization"]["data"] == {
            "type": "localizations",
            "id": "2",
        }
        assert [d["attributes"] for d in linked("shortDescriptions")] == [{"text": "A chair"}]
        assert [d["type"] for d in linked("shortDescriptions")] == ["productshortdescriptions"]
        assert [d["attributes"] for d in linked("metaTitles")] == [{"string": "Chair | Brightline"}]
        assert [d["attributes"] for d in linked("metaDescriptions")] == [
            {"text": "Chairs for offices"}
        ]
        assert [d["attributes"] for d in linked("metaKeywords")] == [{"text": "chair, office"}]
        assert [d["attributes"] for d in linked("slugPrototypes")] == [{"string": "ch-1"}]
        [shipping] = linked("productShippingOptions")
        assert shipping["type"] == "productshippingoptions"
        assert shipping["attributes"] == {
            "weightValue": 7.5,
            "dimensionsLength": 60.0,
            "dimensionsWidth": 55.0,
            "dimensionsHeight": 110.0,
        }
        assert {k: v["data"] for k, v in shipping["relationships"].items()} == {
            "productUnit": {"type": "productunits", "id": "item"},
            "weightUnit": {"type": "weightunits", "id": "kg"},
            "dimensionsUnit": {"type": "lengthunits", "id": "cm"},
            "freightClass": {"type": "freightclasses", "id": "parcel"},
        }
        temp_ids = [(i["type"], i["id"]) for i in body["included"]]
        assert len(temp_ids) == len(set(temp_ids))  # four relationships share one type

    def test_the_same_product_again_sends_no_write(self, mocked):
        find_by_sku(mocked, stored(), CONTENT_INCLUDE)
        lookups(mocked)
        content_lookups(mocked)
        outcome = push(FULL)
        assert (outcome.action, outcome.remote_id) == ("unchanged", "42")
        assert {c.request.method for c in mocked.calls} == {"GET"}

    def test_an_update_changes_values_in_place_and_adds_new_locales(self, mocked):
        find_by_sku(mocked, stored(), CONTENT_INCLUDE)
        lookups(mocked)
        content_lookups(mocked)
        mocked.add("PATCH", f"{BASE}/products/42", json=single(item("products", "42")))
        doc = {
            **FULL,
            "description": "<p>An office chair.</p>",
            "short_descriptions": {"de": "Ein Stuhl"},
            "meta_keywords": "chair, office, oak",
            "weight": {"value": "8", "unit": "kg"},
            "attributes": {"material": "walnut", "warranty_years": 5},
        }
        assert push(doc).action == "updated"
        body = sent(mocked, "PATCH")
        assert body["data"]["attributes"] == {"material": "walnut"}
        assert body["data"]["relationships"] == {
            "shortDescriptions": {
                "data": [
                    {"type": "productshortdescriptions", "id": "120"},
                    {"type": "productshortdescriptions", "id": "short-description-1"},
                ]
            }
        }
        assert body["included"] == [
            {
                "type": "productdescriptions",
                "id": "110",
                "attributes": wysiwyg("<p>An office chair.</p>"),
                "meta": {"update": True},
            },
            {
                "type": "productshortdescriptions",
                "id": "short-description-1",
                "attributes": {"text": "Ein Stuhl"},
                "relationships": {"localization": {"data": {"type": "localizations", "id": "2"}}},
            },
            {
                "type": "localizedfallbackvalues",
                "id": "132",
                "attributes": {"text": "chair, office, oak"},
                "meta": {"update": True},
            },
            {
                "type": "productshippingoptions",
                "id": "140",
                "attributes": {"weightValue": 8.0},
                "meta": {"update": True},
            },
        ]

    def test_shipping_options_are_added_for_the_primary_unit_when_missing(self, mocked):
        current = stored()
        current["data"][0]["relationships"]["productShippingOptions"] = rels(
            "productshippingoptions"
        )
        find_by_sku(mocked, current, CONTENT_INCLUDE)
        lookups(mocked)
        content_lookups(mocked)
        mocked.add("PATCH", f"{BASE}/products/42", json=single(item("products", "42")))
        assert push(FULL).action == "updated"
        body = sent(mocked, "PATCH")
        assert body["data"]["relationships"]["productShippingOptions"]["data"] == [
            {"type": "productshippingoptions", "id": "shipping-item"}
        ]
        [new] = by_type(body, "productshippingoptions")
        assert new["relationships"]["productUnit"]["data"]["id"] == "item"

    def test_an_attribute_oro_products_lack_is_rejected_naming_it(self, mocked):
        find_by_sku(mocked, listing(), "names,unitPrecisions")
        lookups(mocked)
        mocked.add("GET", f"{BASE}/entitystructures/product", json=PRODUCT_STRUCTURE)
        with pytest.raises(RecordRejected) as caught:
            push({**DOC, "attributes": {"colour": "red"}})
        assert "'colour'" in caught.value.message
        assert caught.value.code == "unknown_product_attribute"
        assert "Entity Management" in caught.value.hint

    def test_a_relationship_is_not_a_custom_attribute(self, mocked):
        find_by_sku(mocked, listing(), "names,unitPrecisions")
        lookups(mocked)
        mocked.add("GET", f"{BASE}/entitystructures/product", json=PRODUCT_STRUCTURE)
        with pytest.raises(RecordRejected, match="relationship"):
            push({**DOC, "attributes": {"brand": "Sturdy"}})

    def test_an_unknown_freight_class_is_rejected(self, mocked):
        find_by_sku(mocked, listing(), "names,unitPrecisions,productShippingOptions")
        lookups(mocked)
        mocked.add("GET", f"{BASE}/freightclasses", json=listing(item("freightclasses", "parcel")))
        with pytest.raises(RecordRejected) as caught:
            push({**DOC, "freight_class": "ltl"})
        assert caught.value.code == "unknown_freight_class" and "'ltl'" in caught.value.message


class TestRemovals:
    def test_an_extra_unit_the_document_no_longer_lists_is_dropped(self, mocked):
        find_by_sku(mocked, stored(), "names,unitPrecisions")
        family_and_item(mocked)
        mocked.add("PATCH", f"{BASE}/products/42", json=single(item("products", "42")))
        assert push(SIMPLE | {"unit_precisions": []}).action == "updated"
        assert sent(mocked, "PATCH")["data"]["relationships"] == {
            "unitPrecisions": {"data": [{"type": "productunitprecisions", "id": "200"}]}
        }

    def test_a_document_without_extra_units_leaves_them(self, mocked):
        find_by_sku(mocked, stored(), "names,unitPrecisions")
        family_and_item(mocked)
        assert push(SIMPLE).action == "unchanged"

    def test_a_variant_no_longer_listed_is_unlinked_without_a_lookup(self, mocked):
        find_by_sku(mocked, configurable(), VARIANT_INCLUDE)
        family_and_item(mocked)
        mocked.add("PATCH", f"{BASE}/products/42", json=single(item("products", "42")))
        assert push(CONFIGURABLE | {"variants": ["CH-1-RED"]}).action == "updated"
        body = sent(mocked, "PATCH")
        assert body["data"]["relationships"] == {
            "variantLinks": {"data": [{"type": "productvariantlinks", "id": "300"}]}
        }
        assert "included" not in body

    def test_a_new_variant_is_looked_up_and_linked_next_to_the_kept_ones(self, mocked):
        find_by_sku(mocked, configurable(), VARIANT_INCLUDE)
        family_and_item(mocked)
        mocked.add(
            "GET",
            f"{BASE}/products",
            match=[matchers.query_param_matcher({"filter[sku]": "CH-1-GREEN", "page[size]": "1"})],
            json=listing(item("products", "53", {"sku": "CH-1-GREEN"})),
        )
        mocked.add("PATCH", f"{BASE}/products/42", json=single(item("products", "42")))
        push(CONFIGURABLE | {"variants": ["CH-1-RED", "CH-1-GREEN"]})
        body = sent(mocked, "PATCH")
        assert body["data"]["relationships"]["variantLinks"]["data"] == [
            {"type": "productvariantlinks", "id": "300"},
            {"type": "productvariantlinks", "id": "variant-1"},
        ]
        [link] = body["included"]
        assert link["relationships"]["product"]["data"] == {"type": "products", "id": "53"}
        assert link["relationships"]["parentProduct"]["data"] == {"type": "products", "id": "42"}

    def test_unchanged_variants_need_no_lookup(self, mocked):
        find_by_sku(mocked, configurable(), VARIANT_INCLUDE)
        family_and_item(mocked)
        assert push(CONFIGURABLE).action == "unchanged"

    def test_a_removed_kit_item_is_dropped_and_a_changed_one_updated(self, mocked):
        find_by_sku(mocked, kit(), KIT_INCLUDE, sku="KIT-1")
        family_and_item(mocked)
        mocked.add("PATCH", f"{BASE}/products/60", json=single(item("products", "60")))
        doc = KIT | {"kit_items": [KIT["kit_items"][0] | {"maximum_quantity": 3}]}
        assert push(doc).action == "updated"
        body = sent(mocked, "PATCH")
        assert body["data"]["relationships"] == {
            "kitItems": {"data": [{"type": "productkititems", "id": "400"}]}
        }
        assert body["included"] == [
            {
                "type": "productkititems",
                "id": "400",
                "attributes": {"maximumQuantity": 3.0},
                "meta": {"update": True},
            }
        ]

    def test_a_kit_item_offering_other_products_is_replaced(self, mocked):
        find_by_sku(mocked, kit(), KIT_INCLUDE, sku="KIT-1")
        family_and_item(mocked)
        mocked.add(
            "GET",
            f"{BASE}/products",
            match=[matchers.query_param_matcher({"filter[sku]": "B-2", "page[size]": "1"})],
            json=listing(item("products", "63", {"sku": "B-2"})),
        )
        mocked.add("PATCH", f"{BASE}/products/60", json=single(item("products", "60")))
        doc = KIT | {
            "kit_items": [KIT["kit_items"][0] | {"products": ["B-2"]}, KIT["kit_items"][1]]
        }
        push(doc)
        body = sent(mocked, "PATCH")
        assert body["data"]["relationships"]["kitItems"]["data"] == [
            {"type": "productkititems", "id": "kit-0"},
            {"type": "productkititems", "id": "401"},
        ]
        choice = by_type(body, "productkititemproducts")[0]
        assert choice["relationships"]["product"]["data"]["id"] == "63"
        assert by_type(body, "productkititemlabels")[0]["attributes"] == {"string": "Base"}

    def test_an_unchanged_kit_is_unchanged(self, mocked):
        find_by_sku(mocked, kit(), KIT_INCLUDE, sku="KIT-1")
        family_and_item(mocked)
        assert push(KIT).action == "unchanged"


# DOC without its extra units, category and brand (their look-ups are not the point here).
SIMPLE = {k: v for k, v in DOC.items() if k not in ("unit_precisions", "category", "brand")}
CONFIGURABLE = {
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
KIT = {
    "sku": "KIT-1",
    "product_type": "kit",
    "status": "enabled",
    "name": "Kit",
    "inventory_status": "in_stock",
    "attribute_family": "default_family",
    "primary_unit": {"code": "item", "precision": 0},
    "kit_items": [
        {"label": "Base", "unit": "item", "products": ["B-1"], "minimum_quantity": 1},
        {"label": "Cushion", "unit": "item", "products": ["C-1"], "optional": True},
    ],
}


def family_and_item(mocked) -> None:
    mocked.add(
        "GET",
        f"{BASE}/attributefamilies",
        json=listing(item("attributefamilies", "1", {"code": "default_family"})),
    )
    mocked.add("GET", f"{BASE}/productunits", json=listing(item("productunits", "item")))


def _product(id_: str, sku: str, product_type: str, **relationships) -> dict:
    attributes = {"sku": sku, "productType": product_type, "status": "enabled"}
    if product_type == "configurable":
        attributes["variantFields"] = ["color"]
    return item(
        "products",
        id_,
        attributes,
        names=rels("productnames", "100"),
        unitPrecisions=rels("productunitprecisions", "200"),
        primaryUnitPrecision=rel("productunitprecisions", "200"),
        inventory_status=rel("prodinventorystatuses", "in_stock"),
        attributeFamily=rel("attributefamilies", "1"),
        **relationships,
    )


def _common(name: str) -> list[dict]:
    return [
        item("productnames", "100", {"string": name}, localization=rel("localizations", None)),
        item(
            "productunitprecisions",
            "200",
            {"precision": 0, "conversionRate": 1.0, "sell": True},
            unit=rel("productunits", "item"),
        ),
    ]


def configurable() -> dict:
    """CH-1 with the variants CH-1-RED (link 300) and CH-1-BLUE (link 301) read with it."""
    return listing(
        _product(
            "42", "CH-1", "configurable", variantLinks=rels("productvariantlinks", "300", "301")
        ),
        included=[
            *_common("Chair"),
            item("productvariantlinks", "300", {"visible": True}, product=rel("products", "51")),
            item("productvariantlinks", "301", {"visible": True}, product=rel("products", "52")),
            item("products", "51", {"sku": "CH-1-RED"}),
            item("products", "52", {"sku": "CH-1-BLUE"}),
        ],
    )


def kit() -> dict:
    """KIT-1 with its items Base (400: B-1) and Cushion (401: C-1, optional) read with it."""

    def kit_item(id_: str, attributes: dict, label: str, choice: str) -> dict:
        return item(
            "productkititems",
            id_,
            attributes,
            labels=rels("productkititemlabels", label),
            kitItemProducts=rels("productkititemproducts", choice),
            productUnit=rel("productunits", "item"),
        )

    return listing(
        _product("60", "KIT-1", "kit", kitItems=rels("productkititems", "400", "401")),
        included=[
            *_common("Kit"),
            kit_item(
                "400", {"sortOrder": 1, "optional": False, "minimumQuantity": 1.0}, "410", "420"
            ),
            kit_item("401", {"sortOrder": 2, "optional": True}, "411", "421"),
            item(
                "productkititemlabels",
                "410",
                {"string": "Base"},
                localization=rel("localizations", None),
            ),
            item(
                "productkititemlabels",
                "411",
                {"string": "Cushion"},
                localization=rel("localizations", None),
            ),
            item("productkititemproducts", "420", {"sortOrder": 1}, product=rel("products", "61")),
            item("productkititemproducts", "421", {"sortOrder": 1}, product=rel("products", "62")),
            item("products", "61", {"sku": "B-1"}),
            item("products", "62", {"sku": "C-1"}),
        ],
    )
