# ruff: noqa: E501  (seed 001 transcribed one call per line, as the seed lists them)
"""The endpoint inventory: every seed 001 call is in it, and nothing is there without a seed
entry or a stated reason (DECISIONS.md "The endpoint inventory")."""

from __future__ import annotations

from io import StringIO
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from connectors.endpoints import Endpoint, duplicates, endpoint, inventory
from connectors.orocommerce.endpoints import inventory as oro_inventory

B, INSTANCE = "[Base URL]", "[Base URL without /api]"

# Seed 001 (shared/seeds/001_9438863e5a2a1638.txt), transcribed: title, method, URL.
SEED_001 = [
    ("Get Product", "GET", f"{B}/products/{{id}}"),
    ("Create Product", "POST", f"{B}/products"),
    ("Update Product", "PATCH", f"{B}/products/{{id}}"),
    ("Delete Product", "DELETE", f"{B}/products/{{id}}"),
    ("Get Product Variant Link", "GET", f"{B}/productvariantlinks/{{variantLinkId}}/product"),
    ("Get Product Kit Items by Product", "GET", f"{B}/products/{{productId}}/kitItems"),
    ("Get Kit Item Products", "GET", f"{B}/productkititems/{{kitItemId}}/kitItemProducts"),
    ("Get Product Kit Item Labels", "GET", f"{B}/productkititems/{{productKitItemId}}/labels"),
    ("Get Product Primary Unit Precision", "GET", f"{B}/products/{{productId}}/primaryUnitPrecision"),
    ("Get Product Unit Precisions", "GET", f"{B}/products/{{productId}}/unitPrecisions"),
    ("Get Product Shipping Options", "GET", f"{B}/products/{{productId}}/productShippingOptions"),
    ("Get Product Unit Precision by Precision and Product", "GET",
     f"{B}/productunitprecisions?filter[id][eq]={{precisionId}}&filter[product][eq]={{productId}}"),
    ("Get Product Price by ID", "GET", f"{B}/productprices/{{productPriceId}}"),
    ("Search Product Prices", "GET",
     f"{B}/productprices?filter[priceList]={{priceListId}}&filter[product]={{productId}}&filter[unit]={{unit}}"),
    ("Create Product Price", "POST", f"{B}/productprices"),
    ("Update Product Price", "PATCH", f"{B}/productprices/{{productPriceId}}"),
    ("Delete Product Price", "DELETE", f"{B}/productprices/{{productPriceId}}"),
    ("Get Customer", "GET", f"{B}/customers/{{customerId}}"),
    ("Search Customer by Name", "GET", f"{B}/customers?filter[name]={{name}}"),
    ("Create Customer", "POST", f"{B}/customers"),
    ("Update Customer", "PATCH", f"{B}/customers/{{customerId}}"),
    ("Get Customer Addresses", "GET", f"{B}/customers/{{customerId}}/addresses"),
    ("Get Customer User", "GET", f"{B}/customerusers/{{customerUserId}}"),
    ("Search Customer User by Email", "GET", f"{B}/customerusers?filter[email]={{email}}"),
    ("Get Customer User Email by ID", "GET", f"{B}/customerusers/{{id}}?fields[customerusers]=email"),
    ("Create Customer User", "POST", f"{B}/customerusers"),
    ("Update Customer User", "PATCH", f"{B}/customerusers/{{customerUserId}}"),
    ("Get Customer User Addresses", "GET", f"{B}/customerusers/{{customerUserId}}/addresses"),
    ("Get Customer Group", "GET", f"{B}/customergroups/{{id}}"),
    ("Search Customer Group by Name", "GET", f"{B}/customergroups?filter[name][eq]={{groupName}}"),
    ("Create Customer Group", "POST", f"{B}/customergroups"),
    ("Update Customer Group", "PATCH", f"{B}/customergroups/{{id}}"),
    ("Get Address", "GET", f"{B}/{{addressResource}}/{{addressId}}"),
    ("Search Addresses by Owner and Detail", "GET",
     f"{B}/{{addressResource}}?filter[customer]={{customerId}}&filter[country]={{countryId}}&filter[region]={{regionId}}"),
    ("Create Address", "POST", f"{B}/{{addressResource}}"),
    ("Update Address", "PATCH", f"{B}/{{addressResource}}/{{addressId}}"),
    ("Get Price List by ID", "GET", f"{B}/pricelists/{{priceListId}}"),
    ("Get All Price Lists", "GET", f"{B}/pricelists?page[number]={{pageNumber}}&page[size]={{pageSize}}"),
    ("Search Price Lists by Name", "GET", f"{B}/pricelists?filter[searchText][eq]={{priceListName}}"),
    ("Create Price List", "POST", f"{B}/pricelists"),
    ("Update Price List", "PATCH", f"{B}/pricelists/{{priceListId}}"),
    ("Get Price List to Customer Group by ID", "GET",
     f"{B}/pricelisttocustomergroups/{{priceListsCustomerGroupId}}"),
    ("Search Price List to Customer Groups", "GET",
     f"{B}/pricelisttocustomergroups?filter[customerGroup]={{customerGroupId}}&filter[priceList]={{priceListId}}"),
    ("Create Price List to Customer Group", "POST", f"{B}/pricelisttocustomergroups"),
    ("Update Price List to Customer Group", "PATCH",
     f"{B}/pricelisttocustomergroups/{{priceListsCustomerGroupId}}"),
    ("Get Sales Order by ID", "GET",
     f"{B}/orders?filter[id]={{orderId}}&include=billingAddress,shippingAddress"),
    ("Poll Orders by Updated Date", "GET", f"{B}/orders?filter[updatedAt][gte]={{lastModifiedDT}}"),
    ("Get Sales Order Line Items by Order", "GET",
     f"{B}/orderlineitems?filter[orders]={{orderId}}&page[number]={{page}}&page[size]={{batchSize}}"),
    ("Get Sales Order Subtotals by Order", "GET", f"{B}/ordersubtotals?filter[order]={{orderId}}"),
    ("Get Shipping Tracking by ID", "GET", f"{B}/ordershippingtrackings/{{shippingTrackingId}}"),
    ("Get All Shipping Tracking", "GET", f"{B}/ordershippingtrackings"),
    ("Create Shipping Tracking", "POST", f"{B}/ordershippingtrackings"),
    ("Update Shipping Tracking", "PATCH", f"{B}/ordershippingtrackings/{{shippingTrackingId}}"),
    ("Get Organization by Name", "GET", f"{B}/organizations?filter[name][eq]={{organizationName}}"),
    ("Get User by Username", "GET", f"{B}/users?filter[username][eq]={{userName}}"),
    ("Get Business Unit by Name", "GET", f"{B}/businessunits?filter[searchText][eq]={{businessUnitName}}"),
    ("Get Customer User Role List", "GET", f"{B}/customeruserroles"),
    ("Get Customer Tax Code by Code", "GET", f"{B}/customertaxcodes?filter[searchText][eq]={{taxCode}}"),
    ("Get Product Tax Code by Code", "GET", f"{B}/producttaxcodes?filter[searchText][eq]={{taxCode}}"),
    ("Get Payment Term by Term", "GET", f"{B}/paymentterms?filter[searchText][eq]={{paymentTerm}}"),
    ("Get Attribute Families", "GET", f"{B}/attributefamilies?page[number]=1&page[size]=100"),
    ("Get Product Unit by Label", "GET", f"{B}/productunits?filter[id][eq]={{productUnitLabel}}"),
    ("Get Length Unit by Short Code", "GET", f"{B}/lengthunits?filter[id][eq]={{lengthUnitShortCode}}"),
    ("Get Weight Unit by Short Code", "GET", f"{B}/weightunits?filter[id][eq]={{weightUnitShortCode}}"),
    ("Get Catalog Category by Title", "GET",
     f"{B}/categories?filter[searchText][eq]={{catalogCategoryTitle}}"),
    ("Get Catalog Category Titles by ID", "GET", f"{B}/categories/{{catalogCategoryId}}/titles"),
    ("Get Product Brand by Name", "GET", f"{B}/brands?filter[searchText][eq]={{productBrandName}}"),
    ("Get Product Brand Names by ID", "GET", f"{B}/brands/{{productBrandId}}/names"),
    ("Get Product by SKU", "GET", f"{B}/products?filter[sku][eq]={{sku}}"),
    ("Get Country by Name", "GET", f"{B}/countries?filter[name]={{countryName}}"),
    ("Get Region by Name", "GET", f"{B}/regions?filter[name]={{regionName}}"),
    ("Get Website by Name", "GET", f"{B}/websites?filter[searchText]={{websiteName}}"),
    ("Get Entity Structure by Module", "GET", f"{B}/entitystructures/{{moduleName}}"),
    ("Get Entity Relationship Data", "GET", f"{B}/{{entityName}}/{{entityId}}/{{relationshipName}}"),
    ("Get Product Relationship Data", "GET", f"{B}/products/{{productId}}/{{relationshipName}}"),
    ("Get Attribute Options by Entity Type", "GET", f"{B}/{{relatedEntityType}}"),
    ("Authorize", "GET", f"{INSTANCE}/oauth2-token/authorize"),
    ("Token Exchange", "POST", f"{INSTANCE}/oauth2-token"),
]  # fmt: skip


def _split(url: str) -> tuple[str, set[str]]:
    parts = urlsplit(url)
    # Filter keys compare without the default operator: filter[x] is filter[x][eq] (§1.3).
    keys = {k.removesuffix("[eq]") for k, _ in parse_qsl(parts.query)}
    return parts.path, keys


def by_seed() -> dict[str, Endpoint]:
    found: dict[str, Endpoint] = {}
    for item in oro_inventory():
        if item.seed:
            assert item.seed not in found, f"{item.seed} is declared twice"
            found[item.seed] = item
    return found


def test_the_seed_list_is_complete_here():
    assert len(SEED_001) == 78
    assert len({title for title, *_ in SEED_001}) == len(SEED_001)


@pytest.mark.parametrize(("title", "method", "url"), SEED_001)
def test_every_seed_001_call_is_in_the_inventory(title, method, url):
    declared = by_seed().get(f"001: {title}")
    assert declared is not None, f"seed 001 call {title!r} has no declaration"
    assert declared.method == method
    seed_path, seed_keys = _split(url)
    path, keys = _split(declared.url)
    if declared.reason is None:
        assert (path, keys) == (seed_path, seed_keys)
    else:
        # A stated deviation may add parameters (or, for the authorize URL, the admin path).
        assert seed_keys <= keys
        assert path == seed_path or path.endswith(seed_path.rsplit("]", 1)[-1])


def test_nothing_is_there_without_a_seed_entry_or_a_reason():
    titles = {f"001: {title}" for title, *_ in SEED_001}
    for item in oro_inventory():
        assert item.seed in titles or (item.seed is None and item.reason), item.line()
        assert item.reason is None or len(item.reason) > 20, item.line()


def test_the_deviations_decisions_names_are_declared_with_reasons():
    reasons = [e for e in oro_inventory() if e.reason]
    text = " ".join(e.url + " " + (e.reason or "") for e in reasons)
    for deviation in (
        "/admin",
        "oauth-authorization-server",
        "filter[id][gt]",
        "initialization",
        "Test connection",
    ):
        assert deviation.lower() in text.lower().replace("{adminbasepath}", "/admin"), deviation


def test_no_call_is_declared_twice():
    assert duplicates(oro_inventory()) == []


def test_a_declaration_needs_a_seed_or_a_reason():
    with pytest.raises(ValueError, match="seed= or a reason="):

        @endpoint("GET", "/x")
        def call() -> None: ...


def test_the_command_prints_every_endpoint():
    out = StringIO()
    call_command("connector_endpoints", "orocommerce", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[-1] == f"{len(inventory('orocommerce'))} endpoints."
    assert "GET    [Base URL]/products/{id}    [001: Get Product]" in lines
    assert any(line.startswith("POST   [Base URL without /api]/oauth2-token") for line in lines)


def test_the_command_refuses_an_unknown_connector():
    with pytest.raises(CommandError, match="nope"):
        call_command("connector_endpoints", "nope")
