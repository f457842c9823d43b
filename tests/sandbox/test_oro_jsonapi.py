"""The Oro sandbox's back-office JSON:API against reference/orocommerce.md §1 and §2 and the error
document of reference/oro-openapi/platform__rest_json_api_other.yml (`failure`, `error`)."""

from __future__ import annotations

import requests

from sandbox.orocommerce import OroSandbox

from .conftest import JSONAPI, oro_tokens
from .shapes import check_jsonapi_failure


def assert_error_document(response, status, pointer=None, parameter=None):
    assert response.headers["Content-Type"] == JSONAPI
    check_jsonapi_failure(response.json())
    error = response.json()["errors"][0]
    assert error["status"] == str(status)  # a string (§1.9)
    assert isinstance(error["title"], str) and error["title"].islower()
    if pointer:
        assert error["source"] == {"pointer": pointer}
    if parameter:
        assert error["source"] == {"parameter": parameter}


def test_a_parameterised_content_type_gives_415_and_a_bad_accept_406(oro, oro_api):
    body = '{"data": {"type": "customergroups", "attributes": {"name": "X"}}}'
    bad = oro_api.post(
        oro.api_url + "/customergroups",
        data=body,
        headers={"Content-Type": JSONAPI + "; charset=utf-8"},
    )
    assert bad.status_code == 415  # §0.4
    assert (
        oro_api.get(oro.api_url + "/products", headers={"Accept": JSONAPI + "; ext=x"}).status_code
        == 406
    )


def test_paging_gives_next_and_never_last(oro, oro_api):
    first = oro_api.get(oro.api_url + "/products", params={"page[size]": 10, "sort": "id"}).json()
    assert len(first["data"]) == 10
    assert (
        "next" in first["links"] and "last" not in first["links"] and "first" not in first["links"]
    )
    seen, url = [], oro.api_url + "/products?page[size]=10"
    while url:
        page = oro_api.get(url).json()
        seen += [item["id"] for item in page["data"]]
        assert "last" not in page["links"]
        url = page["links"].get("next")
    assert len(seen) == len(set(seen)) == 36  # the other organization's product is not listed


def test_filters_with_operators_and_comma_lists(oro, oro_api):
    data = oro_api.get(
        oro.api_url + "/products", params={"filter[id][gt]": "3", "filter[id][lte]": "5"}
    ).json()["data"]
    assert [p["id"] for p in data] == ["4", "5"]
    data = oro_api.get(oro.api_url + "/products", params={"filter[sku]": "SB-1001,SB-1002"}).json()[
        "data"
    ]
    assert {p["attributes"]["sku"] for p in data} == {"SB-1001", "SB-1002"}
    # comma lists are off for plain string fields: the comma is part of the value (§1.3)
    none = oro_api.get(
        oro.api_url + "/customers", params={"filter[name]": "Acme Industrial,Borealis Supply"}
    )
    assert none.json()["data"] == []


def test_an_unknown_filter_is_400_with_source_parameter(oro, oro_api):
    response = oro_api.get(oro.api_url + "/products", params={"filter[colour]": "red"})
    assert response.status_code == 400
    assert_error_document(response, 400, parameter="filter[colour]")


def test_productprices_require_the_price_list_filter_and_return_strings(oro, oro_api):
    missing = oro_api.get(oro.api_url + "/productprices")
    assert missing.status_code == 400
    assert_error_document(missing, 400, parameter="filter[priceList]")
    prices = oro_api.get(
        oro.api_url + "/productprices", params={"filter[priceList]": "1", "filter[product]": "1"}
    ).json()["data"]
    assert prices and isinstance(prices[0]["attributes"]["value"], str)
    assert prices[0]["id"].endswith("-1")  # "<uuid>-<priceListId>" (§2.3)


def test_incremental_window_by_updated_at_and_id(oro, oro_api):
    everything = oro_api.get(oro.api_url + "/orders", params={"page[size]": -1}).json()["data"]
    middle = sorted(o["attributes"]["updatedAt"] for o in everything)[10]
    window = oro_api.get(
        oro.api_url + "/orders",
        params={
            "filter[updatedAt][gte]": middle,
            "filter[id][gt]": "0",
            "sort": "id",
            "page[size]": 100,
        },
    ).json()
    assert window["data"] and all(o["attributes"]["updatedAt"] >= middle for o in window["data"])


def test_include_fields_and_field_names_of_6_1(oro, oro_api):
    doc = oro_api.get(
        oro.api_url + "/orders",
        params={
            "filter[id]": "1",
            "include": "billingAddress,shippingAddress,lineItems",
            "fields[orderlineitems]": "productSku,quantity,orders",
        },
    ).json()
    order = doc["data"][0]
    assert "internalStatus" in order["relationships"] and "orderSubtotals" in order["relationships"]
    items = [i for i in doc["included"] if i["type"] == "orderlineitems"]
    assert set(items[0]["attributes"]) == {"productSku", "quantity"}
    assert items[0]["relationships"]["orders"]["data"] == [{"type": "orders", "id": "1"}]
    assert {i["type"] for i in doc["included"]} == {"orderaddresses", "orderlineitems"}
    lines = oro_api.get(oro.api_url + "/orderlineitems", params={"filter[orders]": "1"}).json()[
        "data"
    ]
    assert len(lines) == len(order["relationships"]["lineItems"]["data"])
    subtotals = oro_api.get(oro.api_url + "/ordersubtotals", params={"filter[order]": "1"}).json()[
        "data"
    ]
    assert {s["attributes"]["orderSubtotalType"] for s in subtotals} == {
        "subtotal",
        "shipping_cost",
    }


def test_older_versions_use_their_own_field_names():
    with OroSandbox.running(api_version="5.1") as sb:
        session = requests.Session()
        session.headers.update(
            {"Accept": JSONAPI, "Authorization": "Bearer " + oro_tokens(sb)["access_token"]}
        )
        order = session.get(sb.api_url + "/orders/1").json()["data"]
        assert (
            "internal_status" in order["relationships"]
            and "internalStatus" not in order["relationships"]
        )
        item = session.get(sb.api_url + "/orderlineitems/1").json()["data"]
        assert item["relationships"]["order"]["data"]["type"] == "orders"
        assert (
            session.get(sb.api_url + "/ordersubtotals", params={"filter[order]": "1"}).status_code
            == 404
        )


def test_post_returns_201_with_location_and_validation_errors_are_400(oro, oro_api):
    created = oro_api.post(
        oro.api_url + "/customergroups",
        json={"data": {"type": "customergroups", "attributes": {"name": "VIP"}}},
    )
    assert created.status_code == 201
    assert created.headers["Location"].endswith("/customergroups/" + created.json()["data"]["id"])
    invalid = oro_api.post(
        oro.api_url + "/customerusers",
        json={
            "data": {
                "type": "customerusers",
                "attributes": {"email": "a@example.com", "firstName": "A"},
                "relationships": {"customer": {"data": {"type": "customers", "id": "1"}}},
            }
        },
    )
    assert invalid.status_code == 400  # never 422 (§0.5)
    assert_error_document(invalid, 400, pointer="/data/attributes/lastName")


def test_an_order_is_created_with_its_line_items_in_included(oro, oro_api):
    response = oro_api.post(
        oro.api_url + "/orders",
        json={
            "data": {
                "type": "orders",
                "attributes": {"currency": "USD", "identifier": "NEW-1"},
                "relationships": {
                    "customer": {"data": {"type": "customers", "id": "1"}},
                    "lineItems": {"data": [{"type": "orderlineitems", "id": "li1"}]},
                },
            },
            "included": [
                {
                    "type": "orderlineitems",
                    "id": "li1",
                    "attributes": {"quantity": 2, "value": 10.5, "currency": "USD"},
                    "relationships": {
                        "product": {"data": {"type": "products", "id": "1"}},
                        "productUnit": {"data": {"type": "productunits", "id": "set"}},
                    },
                }
            ],
        },
    )
    assert response.status_code == 201, response.text
    included = response.json()["included"][0]
    assert included["meta"] == {"includeId": "li1"}
    assert (
        included["attributes"]["value"] == "10.5000"
        and included["attributes"]["productSku"] == "SB-1001"
    )
    order_id = response.json()["data"]["id"]
    assert included["relationships"]["orders"]["data"] == [{"type": "orders", "id": order_id}]


def test_patch_changes_only_what_is_sent_and_checks_type_and_id(oro, oro_api):
    url = oro.api_url + "/customers/1"
    before = oro_api.get(url).json()["data"]
    conflict = oro_api.patch(
        url, json={"data": {"type": "customers", "id": "2", "attributes": {"name": "X"}}}
    )
    assert conflict.status_code == 409
    updated = oro_api.patch(
        url, json={"data": {"type": "customers", "id": "1", "attributes": {"name": "Acme Renamed"}}}
    )
    assert updated.status_code == 200
    after = updated.json()["data"]
    assert after["attributes"]["name"] == "Acme Renamed"
    assert after["relationships"]["group"] == before["relationships"]["group"]
    assert after["attributes"]["updatedAt"] >= before["attributes"]["updatedAt"]


def test_records_of_another_organization_are_access_denied(oro, oro_api):
    response = oro_api.get(oro.api_url + "/products/37")
    assert response.status_code == 403
    assert response.json()["errors"][0]["title"] == "access denied exception"


def test_lookups_and_entity_structures(oro, oro_api):
    def get(path, **params):
        response = oro_api.get(oro.api_url + path, params=params)
        assert response.status_code == 200, (path, response.text)
        return response.json()["data"]

    assert get("/customertaxcodes", **{"filter[searchText][eq]": "CUSTOMER_STANDARD"})
    assert get("/categories", **{"filter[searchText][eq]": "Safety"})
    assert get("/brands", **{"filter[searchText][eq]": "Northwind"})
    assert get("/categories/2/titles")[0]["attributes"]["string"] == "Safety"
    assert get("/productunits", **{"filter[id][eq]": "set"})[0]["id"] == "set"
    assert get("/countries", **{"filter[name]": "Germany"})[0]["id"] == "DE"
    assert get("/users", **{"filter[username][eq]": "admin"})
    assert get("/customerusers/1", **{"fields[customerusers]": "email"})["attributes"].keys() == {
        "email"
    }
    fields = {f["name"] for f in get("/entitystructures/order")["attributes"]["fields"]}
    assert {"internalStatus", "lineItems", "identifier"} <= fields
    assert oro_api.get(oro.api_url + "/nosuchthings").status_code == 404


def test_a_to_many_relationship_in_patch_replaces_the_set(oro, oro_api):
    url = oro.api_url + "/customerusers/1"
    roles = [{"type": "customeruserroles", "id": "2"}]
    body = {
        "data": {
            "type": "customerusers",
            "id": "1",
            "relationships": {"userRoles": {"data": roles}},
        }
    }
    assert (
        oro_api.patch(url, json=body).json()["data"]["relationships"]["userRoles"]["data"] == roles
    )


def test_moving_a_customer_user_updates_both_customers(oro, oro_api):
    user = oro_api.get(oro.api_url + "/customerusers/1").json()["data"]
    old = user["relationships"]["customer"]["data"]["id"]
    new = "5" if old != "5" else "6"
    oro_api.patch(
        oro.api_url + "/customerusers/1",
        json={
            "data": {
                "type": "customerusers",
                "id": "1",
                "relationships": {"customer": {"data": {"type": "customers", "id": new}}},
            }
        },
    )

    def users_of(customer):
        data = oro_api.get(oro.api_url + f"/customers/{customer}").json()["data"]
        return [u["id"] for u in data["relationships"]["users"]["data"]]

    assert "1" in users_of(new) and "1" not in users_of(old)


def test_delete_answers_204_then_404(oro, oro_api):
    url = oro.api_url + "/ordershippingtrackings/1"
    assert oro_api.delete(url).status_code == 204
    assert oro_api.get(url).status_code == 404


def test_total_count_header_and_unsupported_sort(oro, oro_api):
    response = oro_api.get(
        oro.api_url + "/customers",
        params={"filter[group]": "2"},
        headers={"X-Include": "totalCount"},
    )
    assert int(response.headers["X-Include-Total-Count"]) == len(response.json()["data"]) > 0
    bad = oro_api.get(oro.api_url + "/customers", params={"sort": "colour"})
    assert_error_document(bad, 400, parameter="sort")


def test_upsert_is_refused_with_a_pointer(oro, oro_api):
    response = oro_api.post(
        oro.api_url + "/customergroups",
        json={
            "data": {
                "type": "customergroups",
                "attributes": {"name": "X"},
                "meta": {"upsert": ["name"]},
            }
        },
    )
    assert_error_document(response, 400, pointer="/data/meta/upsert")


def test_included_records_with_meta_update_change_existing_ones(oro, oro_api):
    response = oro_api.post(
        oro.api_url + "/customerusers",
        json={
            "data": {
                "type": "customerusers",
                "attributes": {"email": "new@acme.example", "firstName": "N", "lastName": "U"},
                "relationships": {"customer": {"data": {"type": "customers", "id": "1"}}},
            },
            "included": [
                {
                    "type": "customers",
                    "id": "1",
                    "meta": {"update": True},
                    "attributes": {"name": "Acme Updated"},
                }
            ],
        },
    )
    assert response.status_code == 201, response.text
    assert (
        oro_api.get(oro.api_url + "/customers/1").json()["data"]["attributes"]["name"]
        == "Acme Updated"
    )


def test_a_created_price_gets_a_composite_id_and_its_location(oro, oro_api):
    response = oro_api.post(
        oro.api_url + "/productprices",
        json={
            "data": {
                "type": "productprices",
                "attributes": {"quantity": 5, "value": 9.99, "currency": "USD"},
                "relationships": {
                    "priceList": {"data": {"type": "pricelists", "id": "1"}},
                    "product": {"data": {"type": "products", "id": "2"}},
                    "unit": {"data": {"type": "productunits", "id": "item"}},
                },
            }
        },
    )
    assert response.status_code == 201, response.text
    price = response.json()["data"]
    assert price["id"].endswith("-1") and price["attributes"]["value"] == "9.9900"
    assert oro_api.get(response.headers["Location"]).json()["data"]["id"] == price["id"]
    wrong_currency = oro_api.post(
        oro.api_url + "/productprices",
        json={
            "data": {
                "type": "productprices",
                "attributes": {"quantity": 1, "value": 1, "currency": "EUR"},
                "relationships": {
                    "priceList": {"data": {"type": "pricelists", "id": "1"}},
                    "product": {"data": {"type": "products", "id": "2"}},
                    "unit": {"data": {"type": "productunits", "id": "item"}},
                },
            }
        },
    )
    assert_error_document(wrong_currency, 400, pointer="/data/attributes/currency")


def _product_with_two_units(oro):
    return next(
        p for p in oro.store.all("products") if len(p["relationships"]["unitPrecisions"]) == 2
    )


def test_patch_creates_and_updates_related_records_through_included(oro, oro_api):
    # §1.6: included records with a temporary id are created, meta.update ones changed, on PATCH
    # as on POST; the response reports the temporary ids in meta.includeId
    product = _product_with_two_units(oro)
    names = product["relationships"]["names"]
    body = {
        "data": {
            "type": "products",
            "id": product["id"],
            "relationships": {
                "names": {
                    "data": [{"type": t, "id": i} for t, i in names]
                    + [{"type": "productnames", "id": "n1"}]
                },
            },
        },
        "included": [
            {
                "type": "productnames",
                "id": "n1",
                "attributes": {"string": "Stuhl"},
                "relationships": {"localization": {"data": {"type": "localizations", "id": "2"}}},
            },
            {
                "type": "productnames",
                "id": names[0][1],
                "meta": {"update": True},
                "attributes": {"string": "Chair"},
            },
        ],
    }
    response = oro_api.patch(oro.api_url + f"/products/{product['id']}", json=body)
    assert response.status_code == 200, response.text
    new = next(i for i in response.json()["included"] if i["meta"]["includeId"] == "n1")
    assert oro.store.get("productnames", new["id"])["relationships"]["localization"] == (
        "localizations",
        "2",
    )
    assert oro.store.get(*names[0])["attributes"]["string"] == "Chair"


def test_a_member_dropped_from_an_owned_to_many_set_is_deleted(oro, oro_api):
    # §1.7: the PATCH replaces the set; Product's unitPrecisions, variantLinks and kitItems have
    # orphanRemoval (COM ProductBundle/Entity/Product.php), so the dropped precision is gone
    product = _product_with_two_units(oro)
    keep, drop = product["relationships"]["unitPrecisions"]
    body = {
        "data": {
            "type": "products",
            "id": product["id"],
            "relationships": {"unitPrecisions": {"data": [{"type": keep[0], "id": keep[1]}]}},
        }
    }
    assert oro_api.patch(oro.api_url + f"/products/{product['id']}", json=body).status_code == 200
    assert oro_api.get(oro.api_url + f"/productunitprecisions/{drop[1]}").status_code == 404
    assert oro_api.get(oro.api_url + f"/productunitprecisions/{keep[1]}").status_code == 200


def test_a_failed_patch_with_included_changes_nothing(oro, oro_api):
    product = _product_with_two_units(oro)
    before = len(oro.store.all("productnames"))
    status, names = product["attributes"]["status"], list(product["relationships"]["names"])
    body = {
        "data": {
            "type": "products",
            "id": product["id"],
            "attributes": {"status": "enabled" if status == "disabled" else "disabled"},
            "relationships": {"names": {"data": [{"type": "productnames", "id": "n1"}]}},
        },
        "included": [{"type": "productnames", "id": "n1", "attributes": {"colour": "red"}}],
    }
    response = oro_api.patch(oro.api_url + f"/products/{product['id']}", json=body)
    assert_error_document(response, 400, pointer="/included/0/attributes/colour")
    assert len(oro.store.all("productnames")) == before
    assert oro.store.get("products", product["id"])["attributes"]["status"] == status
    assert oro.store.get("products", product["id"])["relationships"]["names"] == names


def test_shipping_options_and_extend_fields_of_products(oro, oro_api):
    # COM ShippingBundle api.yml: productShippingOptions is a unidirectional association whose
    # inverse is the option's product; extend fields are plain attributes (§2.1) and are listed
    # in the product entity structure
    product = _product_with_two_units(oro)
    body = {
        "data": {
            "type": "products",
            "id": product["id"],
            "attributes": {"material": "steel", "warranty_years": 2},
            "relationships": {
                "productShippingOptions": {"data": [{"type": "productshippingoptions", "id": "s1"}]}
            },
        },
        "included": [
            {
                "type": "productshippingoptions",
                "id": "s1",
                "attributes": {
                    "weightValue": 2.5,
                    "dimensionsLength": 1,
                    "dimensionsWidth": 2,
                    "dimensionsHeight": 3,
                },
                "relationships": {
                    "productUnit": {"data": {"type": "productunits", "id": "item"}},
                    "weightUnit": {"data": {"type": "weightunits", "id": "kg"}},
                    "dimensionsUnit": {"data": {"type": "lengthunits", "id": "cm"}},
                    "freightClass": {"data": {"type": "freightclasses", "id": "parcel"}},
                },
            }
        ],
    }
    response = oro_api.patch(oro.api_url + f"/products/{product['id']}", json=body)
    assert response.status_code == 200, response.text
    options = oro_api.get(oro.api_url + f"/products/{product['id']}/productShippingOptions").json()
    [option] = options["data"]
    assert option["relationships"]["product"]["data"] == {"type": "products", "id": product["id"]}
    assert option["attributes"]["dimensionsHeight"] == 3.0
    fields = oro_api.get(oro.api_url + "/entitystructures/product").json()["data"]["attributes"][
        "fields"
    ]
    assert {"material", "warranty_years", "shortDescriptions", "metaTitles", "slugPrototypes"} <= {
        f["name"] for f in fields
    }
    assert oro_api.get(oro.api_url + "/localizations").json()["data"]


def test_product_descriptions_are_wysiwyg_values_with_a_localization(oro, oro_api):
    # COM ProductBundle/Resources/doc/api/product_description.md and product.md (create and
    # update examples): {"wysiwyg": {"value", "style", "properties"}}; reference §2.1 says `text`
    # for descriptions, which Oro's own documentation contradicts
    data = oro_api.get(oro.api_url + "/products/1/descriptions").json()["data"]
    [description] = data
    assert set(description["attributes"]["wysiwyg"]) == {"value", "style", "properties"}
    assert description["relationships"]["localization"]["data"] is None
    short = {"data": {"type": "productshortdescriptions", "attributes": {"wysiwyg": {}}}}
    refused = oro_api.post(oro.api_url + "/productshortdescriptions", json=short)
    assert_error_document(refused, 400, pointer="/data/attributes/wysiwyg")  # short ones: text


def test_localizations_are_listed_and_a_product_name_can_name_one(oro, oro_api):
    localizations = oro_api.get(oro.api_url + "/localizations", params={"page[size]": 100})
    assert localizations.status_code == 200, localizations.text
    by_language = {
        item["attributes"]["languageCode"]: item["id"] for item in localizations.json()["data"]
    }
    assert set(by_language) == {"en", "de"}
    response = oro_api.post(
        oro.api_url + "/products",
        json={
            "data": {
                "type": "products",
                "attributes": {"sku": "LOC-1", "productType": "simple", "status": "enabled"},
                "relationships": {
                    "names": {
                        "data": [
                            {"type": "productnames", "id": "n0"},
                            {"type": "productnames", "id": "n1"},
                        ]
                    },
                    "attributeFamily": {"data": {"type": "attributefamilies", "id": "1"}},
                    "inventory_status": {
                        "data": {"type": "prodinventorystatuses", "id": "in_stock"}
                    },
                    "primaryUnitPrecision": {"data": {"type": "productunitprecisions", "id": "u0"}},
                    "unitPrecisions": {"data": [{"type": "productunitprecisions", "id": "u0"}]},
                },
            },
            "included": [
                {"type": "productnames", "id": "n0", "attributes": {"string": "Lamp"}},
                {
                    "type": "productnames",
                    "id": "n1",
                    "attributes": {"string": "Lampe"},
                    "relationships": {
                        "localization": {"data": {"type": "localizations", "id": by_language["de"]}}
                    },
                },
                {
                    "type": "productunitprecisions",
                    "id": "u0",
                    "attributes": {"precision": 0, "conversionRate": 1, "sell": True},
                    "relationships": {"unit": {"data": {"type": "productunits", "id": "item"}}},
                },
            ],
        },
    )
    assert response.status_code == 201, response.text
    names = {
        item["attributes"]["string"]: item["relationships"]["localization"]["data"]
        for item in response.json()["included"]
        if item["type"] == "productnames"
    }
    assert names == {"Lamp": None, "Lampe": {"type": "localizations", "id": by_language["de"]}}
