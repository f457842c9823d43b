"""The commercetools sandbox against reference/commercetools.md §2 (auth errors), §3.3 (paging caps,
predicates), §3.5 (versions, 409) and §3.6 (error body)."""

from __future__ import annotations

import requests

from sandbox.commercetools import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, CommercetoolsSandbox

from .shapes import CT_PAGE, CT_TOKEN, check, check_ct_error


def assert_ct_error(response, status, code):
    body = response.json()
    check_ct_error(body)
    assert response.status_code == status
    assert body["statusCode"] == status and body["message"] == body["errors"][0]["message"]
    assert body["errors"][0]["code"] == code


def test_token_scopes_and_errors(ct):
    ok = requests.post(
        ct.token_url,
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
        data={"grant_type": "client_credentials", "scope": "view_products:sandbox-demo"},
    )
    assert ok.status_code == 200 and ok.json()["scope"] == "view_products:sandbox-demo"
    check(ok.json(), CT_TOKEN)
    assert "refresh_token" not in ok.json()
    bad_client = requests.post(
        ct.token_url, auth=(DEMO_CLIENT_ID, "wrong"), data={"grant_type": "client_credentials"}
    )
    assert_ct_error(bad_client, 401, "invalid_client")
    bad_scope = requests.post(
        ct.token_url,
        auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
        data={"grant_type": "client_credentials", "scope": "manage_project:other"},
    )
    assert_ct_error(bad_scope, 400, "invalid_scope")
    products_only = {"Authorization": "Bearer " + ok.json()["access_token"]}
    denied = requests.get(ct.api_url + "/sandbox-demo/orders", headers=products_only)
    assert_ct_error(denied, 403, "insufficient_scope")
    assert "view_orders" in denied.json()["message"]


def test_a_narrow_api_client_cannot_ask_for_manage_project():
    with CommercetoolsSandbox.running(client_permissions=["view_products"]) as sb:
        response = requests.post(
            sb.token_url,
            auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
            data={"grant_type": "client_credentials", "scope": "manage_project:sandbox-demo"},
        )
        assert_ct_error(response, 400, "invalid_scope")


def test_an_expired_token_is_invalid_token(ct, ct_api):
    ct.expire_tokens()
    assert_ct_error(ct_api.get(ct.api_url + "/sandbox-demo/products"), 401, "invalid_token")


def test_paging_caps(ct, ct_api):
    url = ct.api_url + "/sandbox-demo/products"
    assert_ct_error(ct_api.get(url, params={"limit": 501}), 400, "InvalidInput")
    assert_ct_error(ct_api.get(url, params={"offset": 10001}), 400, "InvalidInput")
    assert ct_api.get(url, params={"limit": 0}).json()["count"] == 0


def test_paging_by_id_reads_everything_once(ct, ct_api):
    url, last, seen = ct.api_url + "/sandbox-demo/products", None, []
    while True:
        params = {"limit": 7, "sort": "id asc", "withTotal": "false"}
        if last:
            params |= {"where": "id > :lastId", "var.lastId": last}
        page = ct_api.get(url, params=params).json()
        check(page, CT_PAGE)
        assert "total" not in page
        seen += [p["id"] for p in page["results"]]
        if page["count"] < 7:
            break
        last = page["results"][-1]["id"]
    assert len(seen) == len(set(seen)) == 36 and seen == sorted(seen)


def test_predicates_the_connector_needs(ct, ct_api):
    url = ct.api_url + "/sandbox-demo"
    by_sku = ct_api.get(
        url + "/products", params={"where": 'masterData(current(masterVariant(sku = "SB-1004")))'}
    ).json()["results"]
    assert [p["key"] for p in by_sku] == ["sb-1004"]
    by_variant = ct_api.get(
        url + "/products", params={"where": 'masterData(current(variants(sku = "SB-1004-L")))'}
    ).json()["results"]
    assert [p["key"] for p in by_variant] == ["sb-1004"]
    assert (
        ct_api.get(url + "/customers", params={"where": 'email = "buyer3@example.com"'}).json()[
            "count"
        ]
        == 1
    )
    assert (
        ct_api.get(url + "/customer-groups", params={"where": 'key = "wholesale"'}).json()["count"]
        == 1
    )
    orders = ct_api.get(url + "/orders", params={"limit": 500}).json()["results"]
    stamps = sorted(o["lastModifiedAt"] for o in orders)
    window = ct_api.get(
        url + "/orders",
        params={
            "where": "lastModifiedAt >= :from and lastModifiedAt < :until",
            "var.from": stamps[5],
            "var.until": stamps[10],
        },
    ).json()
    assert window["count"] == 5
    assert_ct_error(
        ct_api.get(url + "/orders", params={"where": "lastModifiedAt >= "}), 400, "InvalidInput"
    )
    assert_ct_error(
        ct_api.get(url + "/orders", params={"where": "id > :lastId"}), 400, "InvalidInput"
    )


def test_updates_are_versioned_and_a_stale_version_is_409(ct, ct_api):
    url = ct.api_url + "/sandbox-demo/customers/key=customer-1"
    customer = ct_api.get(url).json()
    body = {
        "version": customer["version"],
        "actions": [
            {"action": "addAddress", "address": {"key": "wh", "city": "Austin", "country": "US"}},
            {"action": "setDefaultShippingAddress", "addressKey": "wh"},
        ],
    }
    updated = ct_api.post(url, json=body)
    assert updated.status_code == 200, updated.text
    assert updated.json()["version"] == customer["version"] + 1
    address_id = next(a for a in updated.json()["addresses"] if a["key"] == "wh")["id"]
    assert updated.json()["defaultShippingAddressId"] == address_id
    stale = ct_api.post(url, json=body)
    assert_ct_error(stale, 409, "ConcurrentModification")
    assert stale.json()["errors"][0]["currentVersion"] == customer["version"] + 1
    unknown = ct_api.post(
        url, json={"version": customer["version"] + 1, "actions": [{"action": "fly"}]}
    )
    assert_ct_error(unknown, 400, "InvalidInput")


def test_creates_return_the_real_shapes(ct, ct_api):
    url = ct.api_url + "/sandbox-demo"
    group = ct_api.post(url + "/customer-groups", json={"groupName": "VIP", "key": "vip"})
    assert (
        group.status_code == 201 and group.json()["name"] == "VIP" and group.json()["version"] == 1
    )
    duplicate = ct_api.post(url + "/customer-groups", json={"groupName": "VIP", "key": "vip"})
    assert_ct_error(duplicate, 400, "DuplicateField")
    customer = ct_api.post(url + "/customers", json={"email": "new@example.com", "key": "new-1"})
    assert customer.status_code == 201 and customer.json()["customer"]["email"] == "new@example.com"


def test_product_prices_and_order_deliveries(ct, ct_api):
    url = ct.api_url + "/sandbox-demo"
    product = ct_api.get(url + "/products/key=sb-1001").json()
    price = {"value": {"currencyCode": "EUR", "centAmount": 1234}}
    updated = ct_api.post(
        url + f"/products/{product['id']}",
        json={
            "version": product["version"],
            "actions": [{"action": "addPrice", "sku": "SB-1001", "price": price, "staged": False}],
        },
    ).json()
    prices = updated["masterData"]["current"]["masterVariant"]["prices"]
    assert {
        "type": "centPrecision",
        "currencyCode": "EUR",
        "centAmount": 1234,
        "fractionDigits": 2,
    } in [p["value"] for p in prices]
    order = ct_api.get(url + "/orders/order-number=CT-2001").json()
    shipped = ct_api.post(
        url + f"/orders/{order['id']}",
        json={
            "version": order["version"],
            "actions": [
                {
                    "action": "addDelivery",
                    "items": [],
                    "parcels": [{"trackingData": {"trackingId": "TRACK-1", "carrier": "DHL"}}],
                }
            ],
        },
    ).json()
    parcel = shipped["shippingInfo"]["deliveries"][-1]["parcels"][0]
    assert parcel["trackingData"]["trackingId"] == "TRACK-1"


def test_tax_categories_are_served_by_key_and_referenced_by_products(ct, ct_api):
    base = ct.api_url + "/sandbox-demo"
    # The demo catalog's tax code is a seeded tax category: a TaxCategory with rates that
    # carry ids (docs.commercetools.com, Tax Categories; the reference does not describe them).
    standard = ct_api.get(base + "/tax-categories/key=TAX_STANDARD").json()
    assert standard["name"] == "Standard" and standard["version"] == 1
    assert all(rate["id"] and rate["country"] for rate in standard["rates"])
    page = ct_api.get(base + "/tax-categories", params={"where": 'key = "TAX_STANDARD"'}).json()
    check(page, CT_PAGE)
    assert [t["id"] for t in page["results"]] == [standard["id"]]
    assert_ct_error(ct_api.get(base + "/tax-categories/key=NOPE"), 404, "ResourceNotFound")

    reduced = ct_api.post(
        base + "/tax-categories",
        json={
            "key": "reduced",
            "name": "Reduced",
            "rates": [{"name": "DE 7%", "amount": 0.07, "includedInPrice": True, "country": "DE"}],
        },
    )
    assert reduced.status_code == 201 and reduced.json()["rates"][0]["amount"] == 0.07
    assert_ct_error(
        ct_api.post(base + "/tax-categories", json={"key": "reduced", "name": "Other"}),
        400,
        "DuplicateField",
    )
    bad_rate = {"name": "x", "amount": 7, "includedInPrice": True, "country": "DE"}
    assert_ct_error(
        ct_api.post(base + "/tax-categories", json={"name": "Bad", "rates": [bad_rate]}),
        400,
        "InvalidField",
    )

    ptype = ct_api.get(base + "/product-types/key=default").json()
    draft = {
        "productType": {"id": ptype["id"]},
        "name": {"en": "Taxed"},
        "slug": {"en": "taxed"},
        "taxCategory": {"typeId": "tax-category", "id": "no-such-id"},
    }
    missing = ct_api.post(base + "/products", json=draft)
    assert_ct_error(missing, 400, "ReferencedResourceNotFound")
    draft["taxCategory"]["id"] = standard["id"]
    product = ct_api.post(base + "/products", json=draft).json()
    assert product["taxCategory"] == {"typeId": "tax-category", "id": standard["id"]}
    changed = ct_api.post(
        f"{base}/products/{product['id']}",
        json={
            "version": product["version"],
            "actions": [
                {
                    "action": "setTaxCategory",
                    "taxCategory": {"typeId": "tax-category", "id": reduced.json()["id"]},
                }
            ],
        },
    ).json()
    assert changed["taxCategory"]["id"] == reduced.json()["id"]


def test_an_enum_attribute_is_sent_as_its_key_and_answered_with_its_label(ct, ct_api):
    base = ct.api_url + "/sandbox-demo"
    ptype = ct_api.get(base + "/product-types/key=default").json()
    [size] = [a for a in ptype["attributes"] if a["name"] == "size"]
    assert size["type"]["name"] == "enum"
    draft = {
        "productType": {"typeId": "product-type", "id": ptype["id"]},
        "name": {"en": "Boot"},
        "slug": {"en": "boot-enum"},
        "masterVariant": {"sku": "BOOT-ENUM-42", "attributes": [{"name": "size", "value": "42"}]},
    }
    product = ct_api.post(base + "/products", json=draft).json()
    master = product["masterData"]["staged"]["masterVariant"]
    assert master["attributes"] == [{"name": "size", "value": {"key": "42", "label": "42"}}]
    draft |= {"slug": {"en": "boot-enum-2"}, "masterVariant": {"sku": "BOOT-ENUM-99"}}
    draft["masterVariant"]["attributes"] = [{"name": "size", "value": "99"}]
    assert_ct_error(ct_api.post(base + "/products", json=draft), 400, "InvalidField")


def test_a_sku_belongs_to_one_variant_of_one_product(ct, ct_api):
    base = ct.api_url + "/sandbox-demo"
    ptype = ct_api.get(base + "/product-types/key=default").json()

    def draft(slug, *skus):
        return {
            "productType": {"id": ptype["id"]},
            "name": {"en": slug},
            "slug": {"en": slug},
            "masterVariant": {"sku": skus[0]},
            "variants": [{"sku": sku} for sku in skus[1:]],
        }

    first = ct_api.post(base + "/products", json=draft("sku-a", "SKU-A")).json()
    taken = ct_api.post(base + "/products", json=draft("sku-b", "SKU-B", "SKU-A"))
    assert_ct_error(taken, 400, "DuplicateField")
    assert taken.json()["errors"][0]["duplicateValue"] == "SKU-A"
    assert_ct_error(
        ct_api.post(base + "/products", json=draft("sku-c", "SKU-C", "SKU-C")),
        400,
        "DuplicateField",
    )
    other = ct_api.post(base + "/products", json=draft("sku-d", "SKU-D")).json()
    add = {"action": "addVariant", "sku": "SKU-A", "staged": False}
    refused = ct_api.post(
        f"{base}/products/{other['id']}", json={"version": other["version"], "actions": [add]}
    )
    assert_ct_error(refused, 400, "DuplicateField")
    ct_api.delete(f"{base}/products/{first['id']}", params={"version": first["version"]})
    added = ct_api.post(
        f"{base}/products/{other['id']}", json={"version": other["version"], "actions": [add]}
    )
    assert added.status_code == 200  # free again once its product is deleted
