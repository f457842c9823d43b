"""``OroClient``: one method per OroCommerce call, each declared with ``@endpoint``.

Every call of seed 001 (``shared/seeds/001_*.txt``) is a method here with ``seed=`` naming the
seed entry; calls the seed does not list, or makes differently, say why in ``reason=``. The
endpoint inventory (``endpoints.py``) is read from these declarations, never kept by hand.

The [Base URL] is API Url + normalised Admin Base Path + ``/api`` (seed 001, reference §1.1).
Headers are exactly ``application/vnd.api+json`` (§0.4). Answers are parsed into
``jsonapi.Document``; errors get Oro's hints through ``errors.api_error``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol
from urllib.parse import quote

import requests

from connectors.endpoints import endpoint
from connectors.http.errors import ConnectorError
from connectors.orocommerce.errors import api_error
from connectors.orocommerce.jsonapi import (
    READ_HEADERS,
    WRITE_HEADERS,
    Document,
    Query,
    parse_document,
)
from connectors.orocommerce.spec import normalise_admin_base_path

ADDRESS_RESOURCES = ("customeraddresses", "customeruseraddresses")
ADDRESS_OWNER_FILTER = {"customeraddresses": "customer", "customeruseraddresses": "customerUser"}

# Reasons shared by several declarations (DECISIONS.md "The endpoint inventory").
KEYSET = (
    "pull pages by id inside a fixed window (DECISIONS.md 'Pull: cursor and watermark'): "
    "filter[updatedAt][lt] and filter[id][gt], sort=id and large pages instead of paging links"
)
INITIALIZATION = "list call for initialization (bulk pull of existing records), paged by id"
INCLUDE = "include= fetches the related records in the same call (fewer calls than the seed)"


def api_base_url(api_url: str, admin_base_path: str | None) -> str:
    """[Base URL]: ``https://host`` + ``/admin`` (normalised as seed 000 says) + ``/api``."""
    return f"{api_url.rstrip('/')}/{normalise_admin_base_path(admin_base_path)}/api"


class ApiSession(Protocol):
    """What the client needs: ``AuthorizedSession`` (bearer token, renewal, throttle)."""

    def request(self, method: str, url: str, **kw: Any) -> requests.Response: ...


def iso(moment: datetime) -> str:
    """Oro's datetime filter format, in UTC (§1.3)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class VersionWarning:
    """What Test connection found about the API version, and what to do about it."""

    detail: str
    remedy: str

    def __str__(self) -> str:
        return f"{self.detail} {self.remedy}"


class OroClient:
    def __init__(self, session: ApiSession, base_url: str) -> None:
        self.session = session
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"OroClient({self.base_url!r})"

    # --- transport -----------------------------------------------------------------------------

    def url(self, path: str, **values: Any) -> str:
        quoted = {k: quote(str(v), safe="") for k, v in values.items()}
        return self.base_url + path.format(**quoted)

    def send(
        self,
        method: str,
        url: str,
        *,
        query: Query | None = None,
        body: Mapping[str, Any] | None = None,
    ) -> Document | None:
        """One call; the parsed document, or None for an empty answer (204)."""
        headers = WRITE_HEADERS if body is not None else READ_HEADERS
        kw: dict[str, Any] = {"headers": headers}
        if query is not None:
            kw["params"] = query.params()
        if body is not None:
            kw["json"] = body  # the explicit Content-Type above wins over requests' json default
        try:
            response = self.session.request(method, url, **kw)
        except ConnectorError as exc:
            raise api_error(exc, body) from exc
        if response.status_code == 204 or not response.content.strip():
            return None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        return parse_document(payload)

    def get(self, path: str, query: Query | None = None, **values: Any) -> Document:
        document = self.send("GET", self.url(path, **values), query=query)
        assert document is not None
        return document

    def next_page(self, document: Document) -> Document | None:
        """Follow ``links.next`` (it carries every other parameter); None after the last page."""
        url = document.next_url
        if url is None:
            return None
        page = self.send("GET", url)
        assert page is not None
        return page

    def _write(self, method: str, path: str, body: Mapping[str, Any], **values: Any) -> Document:
        document = self.send(method, self.url(path, **values), body=body)
        assert document is not None
        return document

    def _delete(self, path: str, **values: Any) -> None:
        self.send("DELETE", self.url(path, **values))

    @staticmethod
    def _q(resource: str, **filters: Any) -> Query:
        query = Query(resource)
        for name, value in filters.items():
            if value is not None:
                query.where(name, value)
        return query

    # --- Test connection ---------------------------------------------------------------------

    def check_version(self, api_version: str) -> list[VersionWarning]:
        """The Test connection read: the orders entity structure, compared with the field
        names of the subscription's OroCommerce API version (reference §2.8); a warning naming
        both versions and what to set, none when they match."""
        structure = self.get_entity_structure("order").first
        fields = (structure.attr("fields") if structure else None) or []
        names = {str(f.get("name")) for f in fields if isinstance(f, dict)}
        major, _, minor = api_version.partition(".")
        version = (int(major), int(minor or 0))
        # (what the instance looks like, the field that shows it, the setting to choose)
        found = (
            ("6.1 or later", "orderSubtotals", "6.1 (or 7.0 on a 7.x instance)")
            if "orderSubtotals" in names
            else ("6.0", "internalStatus", "6.0")
            if "internalStatus" in names
            else ("5.x", "internal_status", "5.1")
            if "internal_status" in names
            else None
        )
        expected = "6.1 or later" if version >= (6, 1) else "6.0" if version >= (6, 0) else "5.x"
        if found is None:
            return [
                VersionWarning(
                    "OroCommerce did not describe its orders (entitystructures/order), so the "
                    f"API version setting ({api_version}) could not be checked.",
                    "Make sure OroCommerce API version matches the instance's release (the "
                    "back-office shows it under System > System Information).",
                )
            ]
        release, evidence, setting = found
        if release != expected:
            return [
                VersionWarning(
                    f"The instance's orders look like OroCommerce {release} (they have "
                    f"{evidence}), but this subscription's OroCommerce API version is "
                    f"{api_version}.",
                    f"Set OroCommerce API version to {setting} in the subscription's settings, "
                    "then run Test connection again; until then order pulls ask for fields the "
                    "instance names differently.",
                )
            ]
        return []

    # --- products ------------------------------------------------------------------------------

    @endpoint("GET", "/products/{id}", seed="001: Get Product")
    def get_product(self, product_id: str, *, include: tuple[str, ...] = ()) -> Document:
        return self.get("/products/{id}", Query("products", include=list(include)), id=product_id)

    @endpoint("POST", "/products", seed="001: Create Product")
    def create_product(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/products", body)

    @endpoint("PATCH", "/products/{id}", seed="001: Update Product")
    def update_product(self, product_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/products/{id}", body, id=product_id)

    @endpoint("DELETE", "/products/{id}", seed="001: Delete Product")
    def delete_product(self, product_id: str) -> None:
        self._delete("/products/{id}", id=product_id)

    @endpoint(
        "GET",
        "/products?filter[sku][eq]={sku}",
        seed="001: Get Product by SKU",
        reason="several SKUs in one call (sku accepts comma lists, §1.3) and include= for what "
        "the unchanged check compares (names, unit precisions, descriptions, meta values, slugs, "
        "shipping options, variant links, kit items)",
    )
    def find_products_by_sku(
        self, skus: list[str] | str, *, include: tuple[str, ...] = ()
    ) -> Document:
        values = [skus] if isinstance(skus, str) else list(skus)
        query = Query("products", include=list(include), page_size=max(len(values), 1))
        query.where("sku", values)
        return self.get("/products", query)

    @endpoint("GET", "/products?filter[id][gt]={lastId}&sort=id", reason=INITIALIZATION)
    def list_products(self, after_id: str | None = None, page_size: int = 100) -> Document:
        query = Query("products", sort=["id"], page_size=page_size)
        if after_id is not None:
            query.where("id", after_id, "gt")
        return self.get("/products", query)

    @endpoint(
        "GET",
        "/productvariantlinks/{variantLinkId}/product",
        seed="001: Get Product Variant Link",
    )
    def get_variant_link_product(self, variant_link_id: str) -> Document:
        return self.get("/productvariantlinks/{id}/product", id=variant_link_id)

    @endpoint("GET", "/products/{productId}/kitItems", seed="001: Get Product Kit Items by Product")
    def get_product_kit_items(self, product_id: str) -> Document:
        return self.get("/products/{id}/kitItems", id=product_id)

    @endpoint(
        "GET", "/productkititems/{kitItemId}/kitItemProducts", seed="001: Get Kit Item Products"
    )
    def get_kit_item_products(self, kit_item_id: str) -> Document:
        return self.get("/productkititems/{id}/kitItemProducts", id=kit_item_id)

    @endpoint(
        "GET", "/productkititems/{productKitItemId}/labels", seed="001: Get Product Kit Item Labels"
    )
    def get_kit_item_labels(self, kit_item_id: str) -> Document:
        return self.get("/productkititems/{id}/labels", id=kit_item_id)

    @endpoint(
        "GET",
        "/products/{productId}/primaryUnitPrecision",
        seed="001: Get Product Primary Unit Precision",
    )
    def get_primary_unit_precision(self, product_id: str) -> Document:
        return self.get("/products/{id}/primaryUnitPrecision", id=product_id)

    @endpoint(
        "GET", "/products/{productId}/unitPrecisions", seed="001: Get Product Unit Precisions"
    )
    def get_unit_precisions(self, product_id: str) -> Document:
        return self.get("/products/{id}/unitPrecisions", id=product_id)

    @endpoint(
        "GET",
        "/products/{productId}/productShippingOptions",
        seed="001: Get Product Shipping Options",
    )
    def get_shipping_options(self, product_id: str) -> Document:
        return self.get("/products/{id}/productShippingOptions", id=product_id)

    @endpoint(
        "GET",
        "/productunitprecisions?filter[id][eq]={precisionId}&filter[product][eq]={productId}",
        seed="001: Get Product Unit Precision by Precision and Product",
    )
    def find_unit_precision(self, precision_id: str, product_id: str) -> Document:
        query = Query("productunitprecisions").where("id", precision_id)
        query.where("product", product_id)
        return self.get("/productunitprecisions", query)

    # --- product prices ------------------------------------------------------------------------

    @endpoint("GET", "/productprices/{productPriceId}", seed="001: Get Product Price by ID")
    def get_product_price(self, price_id: str) -> Document:
        return self.get("/productprices/{id}", id=price_id)

    @endpoint(
        "GET",
        "/productprices?filter[priceList]={priceListId}&filter[product]={productId}"
        "&filter[unit]={unit}",
        seed="001: Search Product Prices",
    )
    def find_product_prices(
        self, price_list_id: str, product_id: str | None = None, unit: str | None = None
    ) -> Document:
        # filter[priceList] is mandatory and single-valued (§2.3).
        query = self._q("productprices", priceList=price_list_id, product=product_id, unit=unit)
        query.page_size = 100
        return self.get("/productprices", query)

    @endpoint("POST", "/productprices", seed="001: Create Product Price")
    def create_product_price(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/productprices", body)

    @endpoint("PATCH", "/productprices/{productPriceId}", seed="001: Update Product Price")
    def update_product_price(self, price_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/productprices/{id}", body, id=price_id)

    @endpoint("DELETE", "/productprices/{productPriceId}", seed="001: Delete Product Price")
    def delete_product_price(self, price_id: str) -> None:
        self._delete("/productprices/{id}", id=price_id)

    # --- customers -----------------------------------------------------------------------------

    @endpoint("GET", "/customers/{customerId}", seed="001: Get Customer")
    def get_customer(self, customer_id: str) -> Document:
        return self.get("/customers/{id}", id=customer_id)

    @endpoint("GET", "/customers?filter[name]={name}", seed="001: Search Customer by Name")
    def find_customers_by_name(self, name: str) -> Document:
        return self.get("/customers", self._q("customers", name=name))

    @endpoint(
        "GET",
        "/customers?filter[externalId]={code}",
        reason="the hub keys a customer by its code when it has one, and the customer push "
        "stores that code as externalId (6.1+): a person, an address or a child customer that "
        "names its company by the code is found by it when no customer has that name",
    )
    def find_customers_by_external_id(self, code: str) -> Document:
        return self.get("/customers", self._q("customers", externalId=code))

    @endpoint("GET", "/customers?filter[id][gt]={lastId}&sort=id", reason=INITIALIZATION)
    def list_customers(self, after_id: str | None = None, page_size: int = 100) -> Document:
        query = Query("customers", sort=["id"], page_size=page_size)
        if after_id is not None:
            query.where("id", after_id, "gt")
        return self.get("/customers", query)

    @endpoint("POST", "/customers", seed="001: Create Customer")
    def create_customer(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/customers", body)

    @endpoint("PATCH", "/customers/{customerId}", seed="001: Update Customer")
    def update_customer(self, customer_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/customers/{id}", body, id=customer_id)

    @endpoint("GET", "/customers/{customerId}/addresses", seed="001: Get Customer Addresses")
    def get_customer_addresses(self, customer_id: str) -> Document:
        return self.get("/customers/{id}/addresses", id=customer_id)

    # --- customer users ------------------------------------------------------------------------

    @endpoint("GET", "/customerusers/{customerUserId}", seed="001: Get Customer User")
    def get_customer_user(self, customer_user_id: str) -> Document:
        return self.get("/customerusers/{id}", id=customer_user_id)

    @endpoint(
        "GET", "/customerusers?filter[email]={email}", seed="001: Search Customer User by Email"
    )
    def find_customer_users_by_email(self, email: str) -> Document:
        return self.get("/customerusers", self._q("customerusers", email=email))

    @endpoint(
        "GET",
        "/customerusers/{id}?fields[customerusers]=email",
        seed="001: Get Customer User Email by ID",
    )
    def get_customer_user_email(self, customer_user_id: str) -> str | None:
        query = Query("customerusers", fields={"customerusers": ["email"]})
        found = self.get("/customerusers/{id}", query, id=customer_user_id).first
        return found.attr("email") if found else None

    @endpoint("POST", "/customerusers", seed="001: Create Customer User")
    def create_customer_user(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/customerusers", body)

    @endpoint("PATCH", "/customerusers/{customerUserId}", seed="001: Update Customer User")
    def update_customer_user(self, customer_user_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/customerusers/{id}", body, id=customer_user_id)

    @endpoint(
        "GET",
        "/customerusers/{customerUserId}/addresses",
        seed="001: Get Customer User Addresses",
    )
    def get_customer_user_addresses(self, customer_user_id: str) -> Document:
        return self.get("/customerusers/{id}/addresses", id=customer_user_id)

    # --- customer groups -----------------------------------------------------------------------

    @endpoint("GET", "/customergroups/{id}", seed="001: Get Customer Group")
    def get_customer_group(self, group_id: str) -> Document:
        return self.get("/customergroups/{id}", id=group_id)

    @endpoint(
        "GET",
        "/customergroups?filter[name][eq]={groupName}",
        seed="001: Search Customer Group by Name",
    )
    def find_customer_groups_by_name(self, name: str) -> Document:
        return self.get("/customergroups", self._q("customergroups", name=name))

    @endpoint("POST", "/customergroups", seed="001: Create Customer Group")
    def create_customer_group(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/customergroups", body)

    @endpoint("PATCH", "/customergroups/{id}", seed="001: Update Customer Group")
    def update_customer_group(self, group_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/customergroups/{id}", body, id=group_id)

    # --- addresses (customeraddresses or customeruseraddresses, by owner) ------------------------

    @staticmethod
    def _address_resource(resource: str) -> str:
        if resource not in ADDRESS_RESOURCES:
            raise ValueError(
                f"address resource must be one of {ADDRESS_RESOURCES}, not {resource!r}"
            )
        return resource

    @endpoint("GET", "/{addressResource}/{addressId}", seed="001: Get Address")
    def get_address(self, resource: str, address_id: str) -> Document:
        return self.get(f"/{self._address_resource(resource)}/{{id}}", id=address_id)

    @endpoint(
        "GET",
        "/{addressResource}?filter[customer]={customerId}&filter[country]={countryId}"
        "&filter[region]={regionId}",
        seed="001: Search Addresses by Owner and Detail",
    )
    def find_addresses(
        self,
        resource: str,
        owner_id: str,
        country: str | None = None,
        region: str | None = None,
    ) -> Document:
        owner = ADDRESS_OWNER_FILTER[self._address_resource(resource)]
        query = self._q(resource, **{owner: owner_id}, country=country, region=region)
        query.page_size = 100
        return self.get(f"/{resource}", query)

    @endpoint("POST", "/{addressResource}", seed="001: Create Address")
    def create_address(self, resource: str, body: Mapping[str, Any]) -> Document:
        return self._write("POST", f"/{self._address_resource(resource)}", body)

    @endpoint("PATCH", "/{addressResource}/{addressId}", seed="001: Update Address")
    def update_address(self, resource: str, address_id: str, body: Mapping[str, Any]) -> Document:
        return self._write(
            "PATCH", f"/{self._address_resource(resource)}/{{id}}", body, id=address_id
        )

    # --- price lists and their customer groups -------------------------------------------------

    @endpoint("GET", "/pricelists/{priceListId}", seed="001: Get Price List by ID")
    def get_price_list(self, price_list_id: str) -> Document:
        return self.get("/pricelists/{id}", id=price_list_id)

    @endpoint(
        "GET",
        "/pricelists?page[number]={pageNumber}&page[size]={pageSize}",
        seed="001: Get All Price Lists",
    )
    def list_price_lists(self, page_number: int = 1, page_size: int = 100) -> Document:
        return self.get(
            "/pricelists", Query("pricelists", page_number=page_number, page_size=page_size)
        )

    @endpoint(
        "GET",
        "/pricelists?filter[searchText][eq]={priceListName}",
        seed="001: Search Price Lists by Name",
    )
    def find_price_lists_by_name(self, name: str) -> Document:
        return self.get("/pricelists", self._q("pricelists", searchText=name))

    @endpoint("POST", "/pricelists", seed="001: Create Price List")
    def create_price_list(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/pricelists", body)

    @endpoint("PATCH", "/pricelists/{priceListId}", seed="001: Update Price List")
    def update_price_list(self, price_list_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/pricelists/{id}", body, id=price_list_id)

    @endpoint(
        "GET",
        "/pricelisttocustomergroups/{priceListsCustomerGroupId}",
        seed="001: Get Price List to Customer Group by ID",
    )
    def get_price_list_group(self, assignment_id: str) -> Document:
        return self.get("/pricelisttocustomergroups/{id}", id=assignment_id)

    @endpoint(
        "GET",
        "/pricelisttocustomergroups?filter[customerGroup]={customerGroupId}"
        "&filter[priceList]={priceListId}",
        seed="001: Search Price List to Customer Groups",
    )
    def find_price_list_groups(
        self, customer_group_id: str | None = None, price_list_id: str | None = None
    ) -> Document:
        query = self._q(
            "pricelisttocustomergroups", customerGroup=customer_group_id, priceList=price_list_id
        )
        query.page_size = 100  # a price list's assignments, all of them (Oro's default is 10)
        return self.get("/pricelisttocustomergroups", query)

    @endpoint("POST", "/pricelisttocustomergroups", seed="001: Create Price List to Customer Group")
    def create_price_list_group(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/pricelisttocustomergroups", body)

    @endpoint(
        "PATCH",
        "/pricelisttocustomergroups/{priceListsCustomerGroupId}",
        seed="001: Update Price List to Customer Group",
    )
    def update_price_list_group(self, assignment_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/pricelisttocustomergroups/{id}", body, id=assignment_id)

    @endpoint(
        "DELETE",
        "/pricelisttocustomergroups/{priceListsCustomerGroupId}",
        reason="a price list push removes the customer-group assignments its document no "
        "longer lists; seed 001 lists no delete for them, and the relationships are read-only "
        "on update (§2.4), so only a delete can end one (Oro allows it: PricingBundle api.yml)",
    )
    def delete_price_list_group(self, assignment_id: str) -> None:
        self._delete("/pricelisttocustomergroups/{id}", id=assignment_id)

    # --- orders --------------------------------------------------------------------------------

    @endpoint(
        "GET",
        "/orders?filter[id]={orderId}&include=billingAddress,shippingAddress",
        seed="001: Get Sales Order by ID",
    )
    def get_order(self, order_id: str, *, include: tuple[str, ...] = ()) -> Document:
        query = Query("orders", include=["billingAddress", "shippingAddress", *include])
        query.where("id", order_id)
        return self.get("/orders", query)

    @endpoint(
        "GET",
        "/orders?filter[updatedAt][gte]={lastModifiedDT}&filter[updatedAt][lt]={until}"
        "&filter[id][gt]={lastId}&sort=id&page[size]={pageSize}&include={lineItems,...}",
        seed="001: Poll Orders by Updated Date",
        reason=f"{KEYSET}; {INCLUDE}: line items, subtotals, addresses, customer and user",
    )
    def poll_orders(
        self,
        since: datetime,
        until: datetime,
        *,
        after_id: str | None = None,
        page_size: int = 500,
        include: tuple[str, ...] = (),
        fields: Mapping[str, list[str]] | None = None,
    ) -> Document:
        query = Query("orders", sort=["id"], page_size=page_size, include=list(include))
        query.where("updatedAt", iso(since), "gte").where("updatedAt", iso(until), "lt")
        if after_id is not None:
            query.where("id", after_id, "gt")
        query.fields = dict(fields or {})
        return self.get("/orders", query)

    @endpoint(
        "GET",
        "/orderlineitems?filter[orders]={orderId}&page[number]={page}&page[size]={batchSize}",
        seed="001: Get Sales Order Line Items by Order",
    )
    def get_order_line_items(
        self, order_id: str, page: int = 1, page_size: int = 100, *, relation: str = "orders"
    ) -> Document:
        # The filter is `orders` from 6.1, `order` before (§0.8, §2.9).
        query = Query("orderlineitems", page_number=page, page_size=page_size)
        query.where(relation, order_id)
        return self.get("/orderlineitems", query)

    @endpoint(
        "GET",
        "/ordersubtotals?filter[order]={orderId}",
        seed="001: Get Sales Order Subtotals by Order",
    )
    def get_order_subtotals(self, order_id: str) -> Document:
        return self.get("/ordersubtotals", self._q("ordersubtotals", order=order_id))

    # --- shipment tracking ---------------------------------------------------------------------

    @endpoint(
        "GET",
        "/ordershippingtrackings/{shippingTrackingId}",
        seed="001: Get Shipping Tracking by ID",
    )
    def get_shipping_tracking(self, tracking_id: str) -> Document:
        return self.get("/ordershippingtrackings/{id}", id=tracking_id)

    @endpoint("GET", "/ordershippingtrackings", seed="001: Get All Shipping Tracking")
    def list_shipping_trackings(self, page_number: int = 1, page_size: int = 100) -> Document:
        query = Query("ordershippingtrackings", page_number=page_number, page_size=page_size)
        return self.get("/ordershippingtrackings", query)

    @endpoint("POST", "/ordershippingtrackings", seed="001: Create Shipping Tracking")
    def create_shipping_tracking(self, body: Mapping[str, Any]) -> Document:
        return self._write("POST", "/ordershippingtrackings", body)

    @endpoint(
        "PATCH",
        "/ordershippingtrackings/{shippingTrackingId}",
        seed="001: Update Shipping Tracking",
    )
    def update_shipping_tracking(self, tracking_id: str, body: Mapping[str, Any]) -> Document:
        return self._write("PATCH", "/ordershippingtrackings/{id}", body, id=tracking_id)

    # --- lookups and reference data ------------------------------------------------------------

    @endpoint(
        "GET",
        "/organizations?filter[name][eq]={organizationName}",
        seed="001: Get Organization by Name",
    )
    def find_organizations(self, name: str) -> Document:
        return self.get("/organizations", self._q("organizations", name=name))

    @endpoint("GET", "/users?filter[username][eq]={userName}", seed="001: Get User by Username")
    def find_users(self, username: str) -> Document:
        return self.get("/users", self._q("users", username=username))

    @endpoint(
        "GET",
        "/businessunits?filter[searchText][eq]={businessUnitName}",
        seed="001: Get Business Unit by Name",
    )
    def find_business_units(self, name: str) -> Document:
        return self.get("/businessunits", self._q("businessunits", searchText=name))

    @endpoint("GET", "/customeruserroles", seed="001: Get Customer User Role List")
    def list_customer_user_roles(self) -> Document:
        # No label search on roles: the caller matches the name in code (seed 001).
        return self.get("/customeruserroles", Query("customeruserroles", page_size=100))

    @endpoint(
        "GET",
        "/customertaxcodes?filter[searchText][eq]={taxCode}",
        seed="001: Get Customer Tax Code by Code",
    )
    def find_customer_tax_codes(self, code: str) -> Document:
        return self.get("/customertaxcodes", self._q("customertaxcodes", searchText=code))

    @endpoint(
        "GET",
        "/producttaxcodes?filter[searchText][eq]={taxCode}",
        seed="001: Get Product Tax Code by Code",
    )
    def find_product_tax_codes(self, code: str) -> Document:
        return self.get("/producttaxcodes", self._q("producttaxcodes", searchText=code))

    @endpoint(
        "GET",
        "/paymentterms?filter[searchText][eq]={paymentTerm}",
        seed="001: Get Payment Term by Term",
    )
    def find_payment_terms(self, term: str) -> Document:
        return self.get("/paymentterms", self._q("paymentterms", searchText=term))

    @endpoint(
        "GET",
        "/attributefamilies?page[number]=1&page[size]=100",
        seed="001: Get Attribute Families",
    )
    def list_attribute_families(self) -> Document:
        query = Query("attributefamilies", page_number=1, page_size=100)
        return self.get("/attributefamilies", query)

    @endpoint(
        "GET",
        "/productunits?filter[id][eq]={productUnitLabel}",
        seed="001: Get Product Unit by Label",
    )
    def find_product_units(self, code: str) -> Document:
        return self.get("/productunits", self._q("productunits", id=code))

    @endpoint(
        "GET",
        "/lengthunits?filter[id][eq]={lengthUnitShortCode}",
        seed="001: Get Length Unit by Short Code",
    )
    def find_length_units(self, code: str) -> Document:
        return self.get("/lengthunits", self._q("lengthunits", id=code))

    @endpoint(
        "GET",
        "/weightunits?filter[id][eq]={weightUnitShortCode}",
        seed="001: Get Weight Unit by Short Code",
    )
    def find_weight_units(self, code: str) -> Document:
        return self.get("/weightunits", self._q("weightunits", id=code))

    @endpoint(
        "GET",
        "/categories?filter[searchText][eq]={catalogCategoryTitle}&include=titles",
        seed="001: Get Catalog Category by Title",
        reason=f"{INCLUDE}: the titles, to match the title exactly (searchText also finds "
        "partial matches)",
    )
    def find_categories(self, title: str) -> Document:
        query = self._q("categories", searchText=title)
        query.include = ["titles"]
        return self.get("/categories", query)

    @endpoint(
        "GET",
        "/categories/{catalogCategoryId}/titles",
        seed="001: Get Catalog Category Titles by ID",
    )
    def get_category_titles(self, category_id: str) -> Document:
        return self.get("/categories/{id}/titles", id=category_id)

    @endpoint(
        "GET",
        "/brands?filter[searchText][eq]={productBrandName}&include=names",
        seed="001: Get Product Brand by Name",
        reason=f"{INCLUDE}: the names, to match the name exactly",
    )
    def find_brands(self, name: str) -> Document:
        query = self._q("brands", searchText=name)
        query.include = ["names"]
        return self.get("/brands", query)

    @endpoint("GET", "/brands/{productBrandId}/names", seed="001: Get Product Brand Names by ID")
    def get_brand_names(self, brand_id: str) -> Document:
        return self.get("/brands/{id}/names", id=brand_id)

    @endpoint("GET", "/countries?filter[name]={countryName}", seed="001: Get Country by Name")
    def find_countries(self, name: str) -> Document:
        return self.get("/countries", self._q("countries", name=name))

    @endpoint("GET", "/regions?filter[name]={regionName}", seed="001: Get Region by Name")
    def find_regions(self, name: str) -> Document:
        return self.get("/regions", self._q("regions", name=name))

    @endpoint("GET", "/websites?filter[searchText]={websiteName}", seed="001: Get Website by Name")
    def find_websites(self, name: str) -> Document:
        return self.get("/websites", self._q("websites", searchText=name))

    @endpoint(
        "GET",
        "/localizations?page[size]=100",
        reason="names per locale: seed 001 lists no way to find a localization by its language "
        "code; the list is read once and cached",
    )
    def list_localizations(self) -> Document:
        return self.get("/localizations", Query("localizations", page_size=100))

    @endpoint(
        "GET",
        "/entitystructures/{moduleName}",
        seed="001: Get Entity Structure by Module",
        reason="also the Test connection read: the orders structure shows the instance's API "
        "version (DECISIONS.md 'Settings')",
    )
    def get_entity_structure(self, module: str) -> Document:
        return self.get("/entitystructures/{id}", id=module)

    @endpoint(
        "GET",
        "/{entityName}/{entityId}/{relationshipName}",
        seed="001: Get Entity Relationship Data",
    )
    def get_related(self, entity: str, entity_id: str, relationship: str) -> Document:
        return self.get(
            "/{entity}/{id}/{relationship}", entity=entity, id=entity_id, relationship=relationship
        )

    @endpoint(
        "GET", "/products/{productId}/{relationshipName}", seed="001: Get Product Relationship Data"
    )
    def get_product_related(self, product_id: str, relationship: str) -> Document:
        return self.get("/products/{id}/{relationship}", id=product_id, relationship=relationship)

    @endpoint("GET", "/{relatedEntityType}", seed="001: Get Attribute Options by Entity Type")
    def list_options(self, entity_type: str, page_size: int = 100) -> Document:
        return self.get("/{entity}", Query(entity_type, page_size=page_size), entity=entity_type)


def build_client(session: ApiSession, settings: Mapping[str, Any]) -> OroClient:
    """The client for a subscription's cleaned settings (the transfer runner calls this)."""
    return OroClient(session, api_base_url(settings["api_url"], settings.get("admin_base_path")))
