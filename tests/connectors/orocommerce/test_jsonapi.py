"""JSON:API documents for OroCommerce: one place builds and parses them (reference §1)."""

from __future__ import annotations

import pytest

from connectors.http.errors import InvalidResponse
from connectors.orocommerce.jsonapi import (
    MEDIA_TYPE,
    READ_HEADERS,
    WRITE_HEADERS,
    Query,
    Ref,
    document,
    included_update,
    parse_document,
    resource_object,
    to_many,
    to_one,
)
from tests.connectors.orocommerce.factories import item, listing, rel, rels, single


def test_the_media_type_has_no_parameters():
    # §0.4: "; charset=utf-8" gives 415, a parameterised Accept gives 406.
    assert MEDIA_TYPE == "application/vnd.api+json"
    assert READ_HEADERS == {"Accept": MEDIA_TYPE}
    assert WRITE_HEADERS == {"Accept": MEDIA_TYPE, "Content-Type": MEDIA_TYPE}


class TestParsing:
    def test_a_list_with_included_records_and_a_next_link(self):
        body = listing(
            item(
                "orders",
                "7",
                {"identifier": "SO-7", "totalValue": "12.2000"},
                lineItems=rels("orderlineitems", "70", "71"),
                customer=rel("customers", "3"),
                paymentTerm=rel("paymentterms", None),
            ),
            included=[
                item("orderlineitems", "70", {"productSku": "A"}),
                item("orderlineitems", "71", {"productSku": "B"}),
                item("customers", "3", {"name": "Acme"}),
            ],
            next_url="https://shop.example.test/admin/api/orders?page%5Bnumber%5D=2",
        )
        doc = parse_document(body)
        order = doc.first
        assert (order.type, order.id, order.attr("totalValue")) == ("orders", "7", "12.2000")
        assert [line.attr("productSku") for line in doc.related(order, "lineItems")] == ["A", "B"]
        assert doc.resolve(order.one("customer")).attr("name") == "Acme"
        assert order.one("paymentTerm") is None and order.has("paymentTerm")
        assert not order.has("shippingAddress")
        assert doc.next_url.endswith("page%5Bnumber%5D=2")
        assert not doc.single and len(doc) == 1

    def test_the_last_page_has_no_next_link(self):
        assert parse_document(listing(item("orders", "1"))).next_url is None

    def test_a_single_resource_and_an_empty_one(self):
        assert parse_document(single(item("products", "5"))).first.id == "5"
        empty = parse_document({"data": None})
        assert empty.single and empty.first is None

    def test_relationship_links_without_linkage_are_not_an_empty_relationship(self):
        body = single(item("products", "5", names={"links": {"related": "x"}}))
        assert not parse_document(body).first.has("names")

    def test_temporary_ids_of_included_records_after_a_create(self):
        created = item("productnames", "901", {"string": "Chair"})
        created["meta"] = {"includeId": "name-0"}
        doc = parse_document(single(item("products", "9"), [created]))
        assert doc.included_by_temp_id()["name-0"].id == "901"

    @pytest.mark.parametrize("body", [[], {"errors": []}, {"data": [{"id": "1"}]}, "<html>"])
    def test_anything_else_is_an_invalid_response(self, body):
        with pytest.raises(InvalidResponse):
            parse_document(body)


class TestBuilding:
    def test_a_create_with_related_records_in_included(self):
        body = document(
            resource_object(
                "products",
                attributes={"sku": "CH-1"},
                relationships={
                    "names": to_many([Ref("productnames", "name-0")]),
                    "brand": to_one(("brands", "4")),
                    "taxCode": to_one(None),
                },
            ),
            [resource_object("productnames", "name-0", attributes={"string": "Chair"})],
        )
        assert body == {
            "data": {
                "type": "products",
                "attributes": {"sku": "CH-1"},
                "relationships": {
                    "names": {"data": [{"type": "productnames", "id": "name-0"}]},
                    "brand": {"data": {"type": "brands", "id": "4"}},
                    "taxCode": {"data": None},
                },
            },
            "included": [
                {"type": "productnames", "id": "name-0", "attributes": {"string": "Chair"}}
            ],
        }

    def test_ids_are_strings_and_an_update_of_a_related_record_says_so(self):
        assert resource_object("products", 5)["id"] == "5"
        assert included_update("productnames", "90", {"string": "Stuhl"})["meta"] == {
            "update": True
        }


class TestQuery:
    def test_filters_operators_include_fields_sort_and_page(self):
        query = Query("orders", include=["lineItems"], sort=["id"], page_size=500)
        query.where("updatedAt", "2026-11-01T00:00:00Z", "gte").where("id", "41", "gt")
        query.where("identifier", ["SO-1", "SO-2"])
        query.fields = {"customers": ["name"]}
        assert query.params() == [
            ("filter[updatedAt][gte]", "2026-11-01T00:00:00Z"),
            ("filter[id][gt]", "41"),
            ("filter[identifier]", "SO-1,SO-2"),
            ("fields[customers]", "name"),
            ("include", "lineItems"),
            ("sort", "id"),
            ("page[size]", "500"),
        ]

    def test_lists_only_where_oro_accepts_them(self):
        # §1.3: comma lists are off for string fields unless the resource opts in (sku does).
        assert Query("products").where("sku", ["A", "B"]).params() == [("filter[sku]", "A,B")]
        with pytest.raises(ValueError, match="filter\\[name\\]"):
            Query("customers").where("name", ["Acme", "Beta"])
        with pytest.raises(ValueError, match="priceList"):
            Query("productprices").where("priceList", ["1", "2"])

    def test_a_comma_is_part_of_a_string_value_but_not_of_a_list_value(self):
        assert Query("customers").where("name", "Acme, Inc.").params() == [
            ("filter[name]", "Acme, Inc.")
        ]
        with pytest.raises(ValueError, match="comma"):
            Query("products").where("sku", "A,B")

    def test_booleans_and_unknown_operators(self):
        assert Query("pricelists").where("active", True).params() == [("filter[active]", "true")]
        with pytest.raises(ValueError, match="operator"):
            Query("orders").where("id", "1", "between")
