"""``OroClient``: every method sends the call its declaration names, with exact headers.

Answers are JSON:API documents as reference §1.2 describes; errors follow §1.9.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlsplit

import pytest
import responses

from connectors.endpoints import declared_on
from connectors.http.calls import MemoryCallRecorder
from connectors.http.errors import InvalidData, NotFound, PermissionDenied
from connectors.orocommerce.client import OroClient, api_base_url
from connectors.orocommerce.errors import ORGANIZATION_HINT
from connectors.orocommerce.jsonapi import MEDIA_TYPE
from tests.connectors.orocommerce.factories import BASE, client, errors, item, listing, single

BODY = {"data": {"type": "x", "attributes": {"a": 1}}}
SINCE = datetime(2026, 11, 1, tzinfo=UTC)
UNTIL = datetime(2026, 11, 2, 12, 30, tzinfo=UTC)

# (client method, args, kwargs, HTTP method, path, query) for every method of the client.
CALLS = [
    ("get_product", ("5",), {}, "GET", "/products/5", []),
    ("get_product", ("5",), {"include": ("names",)}, "GET", "/products/5", [("include", "names")]),
    ("create_product", (BODY,), {}, "POST", "/products", []),
    ("update_product", ("5", BODY), {}, "PATCH", "/products/5", []),
    ("delete_product", ("5",), {}, "DELETE", "/products/5", []),
    ("find_products_by_sku", (["A-1", "B 2"],), {}, "GET", "/products",
     [("filter[sku]", "A-1,B 2"), ("page[size]", "2")]),
    ("list_products", ("40",), {"page_size": 50}, "GET", "/products",
     [("filter[id][gt]", "40"), ("sort", "id"), ("page[size]", "50")]),
    ("get_variant_link_product", ("3",), {}, "GET", "/productvariantlinks/3/product", []),
    ("get_product_kit_items", ("5",), {}, "GET", "/products/5/kitItems", []),
    ("get_kit_item_products", ("8",), {}, "GET", "/productkititems/8/kitItemProducts", []),
    ("get_kit_item_labels", ("8",), {}, "GET", "/productkititems/8/labels", []),
    ("get_primary_unit_precision", ("5",), {}, "GET", "/products/5/primaryUnitPrecision", []),
    ("get_unit_precisions", ("5",), {}, "GET", "/products/5/unitPrecisions", []),
    ("get_shipping_options", ("5",), {}, "GET", "/products/5/productShippingOptions", []),
    ("find_unit_precision", ("11", "5"), {}, "GET", "/productunitprecisions",
     [("filter[id]", "11"), ("filter[product]", "5")]),
    ("get_product_price", ("uuid-1",), {}, "GET", "/productprices/uuid-1", []),
    ("find_product_prices", ("1", "5", "item"), {}, "GET", "/productprices",
     [("filter[priceList]", "1"), ("filter[product]", "5"), ("filter[unit]", "item"),
      ("page[size]", "100")]),
    ("create_product_price", (BODY,), {}, "POST", "/productprices", []),
    ("update_product_price", ("uuid-1", BODY), {}, "PATCH", "/productprices/uuid-1", []),
    ("delete_product_price", ("uuid-1",), {}, "DELETE", "/productprices/uuid-1", []),
    ("get_customer", ("3",), {}, "GET", "/customers/3", []),
    ("find_customers_by_name", ("Acme, Inc.",), {}, "GET", "/customers",
     [("filter[name]", "Acme, Inc.")]),
    ("find_customers_by_external_id", ("C-1001",), {}, "GET", "/customers",
     [("filter[externalId]", "C-1001")]),
    ("list_customers", (), {}, "GET", "/customers", [("sort", "id"), ("page[size]", "100")]),
    ("create_customer", (BODY,), {}, "POST", "/customers", []),
    ("update_customer", ("3", BODY), {}, "PATCH", "/customers/3", []),
    ("get_customer_addresses", ("3",), {}, "GET", "/customers/3/addresses", []),
    ("get_customer_user", ("4",), {}, "GET", "/customerusers/4", []),
    ("find_customer_users_by_email", ("a+b@x.test",), {}, "GET", "/customerusers",
     [("filter[email]", "a+b@x.test")]),
    ("get_customer_user_email", ("4",), {}, "GET", "/customerusers/4",
     [("fields[customerusers]", "email")]),
    ("create_customer_user", (BODY,), {}, "POST", "/customerusers", []),
    ("update_customer_user", ("4", BODY), {}, "PATCH", "/customerusers/4", []),
    ("get_customer_user_addresses", ("4",), {}, "GET", "/customerusers/4/addresses", []),
    ("get_customer_group", ("2",), {}, "GET", "/customergroups/2", []),
    ("find_customer_groups_by_name", ("VIP",), {}, "GET", "/customergroups",
     [("filter[name]", "VIP")]),
    ("create_customer_group", (BODY,), {}, "POST", "/customergroups", []),
    ("update_customer_group", ("2", BODY), {}, "PATCH", "/customergroups/2", []),
    ("get_address", ("customeraddresses", "6"), {}, "GET", "/customeraddresses/6", []),
    ("find_addresses", ("customeruseraddresses", "4", "US", "US-NY"), {}, "GET",
     "/customeruseraddresses",
     [("filter[customerUser]", "4"), ("filter[country]", "US"), ("filter[region]", "US-NY"),
      ("page[size]", "100")]),
    ("find_addresses", ("customeraddresses", "3"), {}, "GET", "/customeraddresses",
     [("filter[customer]", "3"), ("page[size]", "100")]),
    ("create_address", ("customeraddresses", BODY), {}, "POST", "/customeraddresses", []),
    ("update_address", ("customeruseraddresses", "6", BODY), {}, "PATCH",
     "/customeruseraddresses/6", []),
    ("get_price_list", ("1",), {}, "GET", "/pricelists/1", []),
    ("list_price_lists", (2, 50), {}, "GET", "/pricelists",
     [("page[number]", "2"), ("page[size]", "50")]),
    ("find_price_lists_by_name", ("Wholesale",), {}, "GET", "/pricelists",
     [("filter[searchText]", "Wholesale")]),
    ("create_price_list", (BODY,), {}, "POST", "/pricelists", []),
    ("update_price_list", ("1", BODY), {}, "PATCH", "/pricelists/1", []),
    ("get_price_list_group", ("9",), {}, "GET", "/pricelisttocustomergroups/9", []),
    ("find_price_list_groups", ("2", "1"), {}, "GET", "/pricelisttocustomergroups",
     [("filter[customerGroup]", "2"), ("filter[priceList]", "1"), ("page[size]", "100")]),
    ("create_price_list_group", (BODY,), {}, "POST", "/pricelisttocustomergroups", []),
    ("update_price_list_group", ("9", BODY), {}, "PATCH", "/pricelisttocustomergroups/9", []),
    ("delete_price_list_group", ("9",), {}, "DELETE", "/pricelisttocustomergroups/9", []),
    ("get_order", ("7",), {}, "GET", "/orders",
     [("filter[id]", "7"), ("include", "billingAddress,shippingAddress")]),
    ("poll_orders", (SINCE, UNTIL), {"after_id": "41", "include": ("lineItems",)}, "GET",
     "/orders",
     [("filter[updatedAt][gte]", "2026-11-01T00:00:00Z"),
      ("filter[updatedAt][lt]", "2026-11-02T12:30:00Z"), ("filter[id][gt]", "41"),
      ("include", "lineItems"), ("sort", "id"), ("page[size]", "500")]),
    ("get_order_line_items", ("7", 2, 100), {}, "GET", "/orderlineitems",
     [("filter[orders]", "7"), ("page[number]", "2"), ("page[size]", "100")]),
    ("get_order_subtotals", ("7",), {}, "GET", "/ordersubtotals", [("filter[order]", "7")]),
    ("get_shipping_tracking", ("12",), {}, "GET", "/ordershippingtrackings/12", []),
    ("list_shipping_trackings", (), {}, "GET", "/ordershippingtrackings",
     [("page[number]", "1"), ("page[size]", "100")]),
    ("create_shipping_tracking", (BODY,), {}, "POST", "/ordershippingtrackings", []),
    ("update_shipping_tracking", ("12", BODY), {}, "PATCH", "/ordershippingtrackings/12", []),
    ("find_organizations", ("Main",), {}, "GET", "/organizations", [("filter[name]", "Main")]),
    ("find_users", ("admin",), {}, "GET", "/users", [("filter[username]", "admin")]),
    ("find_business_units", ("Main BU",), {}, "GET", "/businessunits",
     [("filter[searchText]", "Main BU")]),
    ("list_customer_user_roles", (), {}, "GET", "/customeruserroles", [("page[size]", "100")]),
    ("find_customer_tax_codes", ("EX",), {}, "GET", "/customertaxcodes",
     [("filter[searchText]", "EX")]),
    ("find_product_tax_codes", ("TX",), {}, "GET", "/producttaxcodes",
     [("filter[searchText]", "TX")]),
    ("find_payment_terms", ("net 30",), {}, "GET", "/paymentterms",
     [("filter[searchText]", "net 30")]),
    ("list_attribute_families", (), {}, "GET", "/attributefamilies",
     [("page[number]", "1"), ("page[size]", "100")]),
    ("find_product_units", ("item",), {}, "GET", "/productunits", [("filter[id]", "item")]),
    ("find_length_units", ("cm",), {}, "GET", "/lengthunits", [("filter[id]", "cm")]),
    ("find_weight_units", ("kg",), {}, "GET", "/weightunits", [("filter[id]", "kg")]),
    ("find_categories", ("Lighting",), {}, "GET", "/categories",
     [("filter[searchText]", "Lighting"), ("include", "titles")]),
    ("get_category_titles", ("4",), {}, "GET", "/categories/4/titles", []),
    ("find_brands", ("Sturdy",), {}, "GET", "/brands",
     [("filter[searchText]", "Sturdy"), ("include", "names")]),
    ("get_brand_names", ("2",), {}, "GET", "/brands/2/names", []),
    ("find_countries", ("Germany",), {}, "GET", "/countries", [("filter[name]", "Germany")]),
    ("find_regions", ("Berlin",), {}, "GET", "/regions", [("filter[name]", "Berlin")]),
    ("find_websites", ("Default",), {}, "GET", "/websites", [("filter[searchText]", "Default")]),
    ("list_localizations", (), {}, "GET", "/localizations", [("page[size]", "100")]),
    ("get_entity_structure", ("productprice",), {}, "GET", "/entitystructures/productprice", []),
    ("get_related", ("orders", "7", "shippingTrackings"), {}, "GET",
     "/orders/7/shippingTrackings", []),
    ("get_product_related", ("5", "images"), {}, "GET", "/products/5/images", []),
    ("list_options", ("prodinventorystatuses",), {}, "GET", "/prodinventorystatuses",
     [("page[size]", "100")]),
]  # fmt: skip


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def test_the_table_covers_every_client_method():
    declared = {e.name for e in declared_on(OroClient)}
    assert declared == {name for name, *_ in CALLS}


@pytest.mark.parametrize(("name", "args", "kwargs", "method", "path", "query"), CALLS)
def test_each_method_sends_its_call(mocked, name, args, kwargs, method, path, query):
    if method == "DELETE":
        mocked.add(method, f"{BASE}{path}", status=204)
    else:
        status = 201 if method == "POST" else 200
        mocked.add(method, f"{BASE}{path}", json=listing(item("x", "1")), status=status)
    getattr(client(), name)(*args, **kwargs)
    sent = mocked.calls[0].request
    assert urlsplit(sent.url).path == urlsplit(BASE).path + path
    assert parse_qsl(urlsplit(sent.url).query) == query
    assert sent.headers["Accept"] == MEDIA_TYPE
    assert sent.headers["Authorization"] == "Bearer test-access-token"
    if method in ("POST", "PATCH"):
        assert sent.headers["Content-Type"] == MEDIA_TYPE  # exactly: no charset (§0.4)
        assert json.loads(sent.body) == BODY
    else:
        assert "Content-Type" not in sent.headers


def test_the_base_url_normalises_the_admin_base_path():
    for path in ("/admin", "admin", "admin/", "", None):
        assert api_base_url("https://shop.test/", path) == "https://shop.test/admin/api"
    assert api_base_url("https://shop.test", "/back/office/") == "https://shop.test/back/office/api"


def test_path_values_are_quoted(mocked):
    mocked.add("GET", f"{BASE}/regions%2F..%2Fx", json=listing())
    client().list_options("regions/../x")
    assert mocked.calls[0].request.url.startswith(f"{BASE}/regions%2F..%2Fx")


def test_an_address_resource_must_be_one_of_the_two(mocked):
    with pytest.raises(ValueError, match="customeraddresses"):
        client().get_address("users", "1")


def test_paging_follows_the_next_link_until_it_is_absent(mocked):
    second = f"{BASE}/orders?filter%5BupdatedAt%5D%5Bgte%5D=2026&page%5Bnumber%5D=2"
    mocked.add("GET", f"{BASE}/orders", json=listing(item("orders", "1"), next_url=second))
    mocked.add("GET", second, json=listing(item("orders", "2")))
    oro = client()
    first = oro.get("/orders")
    page = oro.next_page(first)
    assert page.first.id == "2"
    assert oro.next_page(page) is None
    assert mocked.calls[1].request.headers["Accept"] == MEDIA_TYPE


def test_a_single_record_is_parsed(mocked):
    mocked.add(
        "GET",
        f"{BASE}/customerusers/4",
        json=single(item("customerusers", "4", {"email": "a@b.test"})),
    )
    assert client().get_customer_user_email("4") == "a@b.test"


class TestErrors:
    def test_403_names_the_organization_and_the_role(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/customers/99",
            json=errors(403, "access denied exception", "No access to the entity."),
            status=403,
        )
        with pytest.raises(PermissionDenied) as caught:
            client().get_customer("99")
        assert caught.value.hint == ORGANIZATION_HINT
        assert "organization" in caught.value.hint and "role" in caught.value.hint
        assert "No access to the entity." in caught.value.message

    def test_400_with_a_pointer_names_the_field(self, mocked):
        mocked.add(
            "POST",
            f"{BASE}/products",
            json=errors(
                400,
                "not blank constraint",
                "This value should not be blank.",
                "/data/attributes/sku",
            ),
            status=400,
        )
        with pytest.raises(InvalidData) as caught:
            client().create_product(BODY)
        assert caught.value.field == "sku"
        assert caught.value.message.startswith("sku: ")
        assert "sku" in caught.value.hint and caught.value.status == 400

    def test_a_pointer_into_included_names_the_related_type(self, mocked):
        body = {
            "data": {"type": "products"},
            "included": [
                {"type": "productnames", "id": "n"},
                {"type": "productunitprecisions", "id": "u"},
            ],
        }
        mocked.add(
            "POST",
            f"{BASE}/products",
            json=errors(
                400, "form constraint", "Expected integer.", "/included/1/attributes/precision"
            ),
            status=400,
        )
        with pytest.raises(InvalidData) as caught:
            client().create_product(body)
        assert caught.value.field == "productunitprecisions.precision"

    def test_a_relationship_pointer_names_the_relationship(self, mocked):
        mocked.add(
            "POST",
            f"{BASE}/customerusers",
            json=errors(
                400,
                "form constraint",
                "The entity does not exist.",
                "/data/relationships/customer/data",
            ),
            status=400,
        )
        with pytest.raises(InvalidData) as caught:
            client().create_customer_user(BODY)
        assert caught.value.field == "customer"

    def test_an_unknown_resource_says_the_api_does_not_offer_it(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/websites",
            json=errors(
                404, "resource not accessible exception", "The resource is not accessible."
            ),
            status=404,
        )
        with pytest.raises(NotFound) as caught:
            client().find_websites("Default")
        assert caught.value.code == "resource_not_accessible"
        assert "version" in caught.value.hint

    def test_a_plain_404_stays_a_missing_record(self, mocked):
        mocked.add(
            "GET",
            f"{BASE}/products/5",
            json=errors(404, "not found http exception", "The entity does not exist."),
            status=404,
        )
        with pytest.raises(NotFound) as caught:
            client().get_product("5")
        assert caught.value.code == "not_found"

    def test_calls_are_recorded_with_the_method_and_url(self, mocked):
        recorder = MemoryCallRecorder()
        mocked.add("GET", f"{BASE}/products/5", json=single(item("products", "5")))
        client(recorder).get_product("5")
        assert [(r.method, r.status) for r in recorder.records] == [("GET", 200)]
