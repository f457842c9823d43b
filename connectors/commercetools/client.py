"""``CommercetoolsClient``: one method per HTTP API call the adapters make.

Every call goes through the subscription's session (throttled, guarded, redacted, token
renewed once after a 401) and every failure comes out as a typed error from
``errors.API_ERROR_TABLE``. Query predicates never interpolate a value: values travel as
``var.<name>`` input variables (reference/commercetools.md §3.3), and ``quote`` exists for the
rare literal. Queries send ``withTotal=false`` (§0.4): ``total`` is costly and capped.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit, urlunsplit

import requests

from connectors.commercetools.auth import check_region_host
from connectors.commercetools.errors import ProjectKeyMismatch, api_error
from connectors.endpoints import endpoint
from connectors.http.errors import ConnectorError, NotFound
from connectors.http.session import json_or_error

Doc = dict[str, Any]
MAX_LIMIT = 500  # §3.3: limit 0..500
BASE = "[API URL]/{projectKey}"


class Requester(Protocol):
    """An ``AuthorizedSession`` (or a ``ConnectorSession`` in tests)."""

    def request(self, method: str, url: str, **kw: Any) -> requests.Response: ...


def quote(value: str) -> str:
    """A predicate string literal: double quotes, with backslashes and quotes escaped."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@contextmanager
def _typed_errors() -> Iterator[None]:
    try:
        yield
    except ConnectorError as exc:
        mapped = api_error(exc)
        if mapped is exc:
            raise
        raise mapped from exc


class CommercetoolsClient:
    """``api_url`` is the region API host (with or without the project key as its path, as
    the settings accept it); ``project_key`` is added to every path."""

    def __init__(self, session: Requester, api_url: str, project_key: str) -> None:
        check_region_host(api_url)
        parts = urlsplit(api_url)
        path = parts.path.strip("/")
        if path and path != project_key:
            raise ProjectKeyMismatch(
                f"The API URL names project {path!r} but the Project Key is {project_key!r}."
            )
        base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.session = session
        self.project_key = project_key
        self.base = f"{base}/{url_quote(project_key, safe='')}"

    def __repr__(self) -> str:
        return f"CommercetoolsClient({self.base!r})"

    # --- plumbing ------------------------------------------------------------------------

    def _url(self, *parts: str) -> str:
        return "/".join([self.base, *(url_quote(p, safe="=") for p in parts)])

    def _call(self, method: str, url: str, **kw: Any) -> Any:
        with _typed_errors():
            return json_or_error(self.session.request(method, url, **kw))

    def _get(self, *parts: str, params: Mapping[str, Any] | None = None) -> Doc:
        return self._call("GET", self._url(*parts), params=params)

    def _get_or_none(self, *parts: str, params: Mapping[str, Any] | None = None) -> Doc | None:
        try:
            return self._get(*parts, params=params)
        except NotFound as exc:
            if exc.status == 404:
                return None
            raise

    def _create(self, resource: str, draft: Mapping[str, Any]) -> Doc:
        # A draft with a key (or a customer's unique email) is safe to resend: a duplicate
        # answers DuplicateField instead of creating a second record (§3.7).
        retry = bool(draft.get("key") or draft.get("email") or draft.get("orderNumber"))
        return self._call("POST", self._url(resource), json=dict(draft), safe_to_retry=retry)

    def _update(
        self, resource: str, ident: str, version: int, actions: Sequence[Mapping[str, Any]]
    ) -> Doc:
        # The version makes a resend harmless: a replay after success answers 409 (§3.7).
        return self._call(
            "POST",
            self._url(resource, ident),
            json={"version": version, "actions": list(actions)},
            safe_to_retry=True,
        )

    def query(
        self,
        resource: str,
        where: Sequence[str] = (),
        variables: Mapping[str, Any] | None = None,
        *,
        sort: Sequence[str] = (),
        limit: int = 20,
        **extra: Any,
    ) -> Doc:
        """One page of a query; repeated ``where`` are ANDed. Values go in ``variables``."""
        if not 0 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be 0..{MAX_LIMIT}, got {limit}")
        params: list[tuple[str, Any]] = [("limit", limit), ("withTotal", "false")]
        params += [("where", w) for w in where]
        params += [("sort", s) for s in sort]
        params += [(f"var.{name}", value) for name, value in (variables or {}).items()]
        params += [(name, value) for name, value in extra.items()]
        return self._call("GET", self._url(resource), params=params)

    def _first(
        self, resource: str, where: str, variables: Mapping[str, Any], **kw: Any
    ) -> Doc | None:
        results = self.query(resource, [where], variables, limit=1, **kw)["results"]
        return results[0] if results else None

    # --- project -------------------------------------------------------------------------

    @endpoint("GET", "", base=BASE, reason="Test connection: read the project")
    def project(self) -> Doc:
        return self._call("GET", self.base)

    # --- products --------------------------------------------------------------------------

    @endpoint("GET", "/products/key={key}", base=BASE, reason="find a product by key")
    def product_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("products", f"key={key}")

    @endpoint("GET", "/products/{id}", base=BASE, reason="re-read a product (409 recovery)")
    def product(self, product_id: str) -> Doc:
        return self._get("products", product_id)

    @endpoint(
        "GET",
        "/product-projections?staged=true&where=masterVariant(sku = :sku) or variants(sku = :sku)",
        base=BASE,
        reason="find a product by SKU before create",
    )
    def product_projection_by_sku(self, sku: str) -> Doc | None:
        where = "masterVariant(sku = :sku) or variants(sku = :sku)"
        return self._first("product-projections", where, {"sku": sku}, staged="true")

    def product_by_sku(self, sku: str) -> Doc | None:
        """The full product (with ``masterData`` and version) whose variant has ``sku``."""
        projection = self.product_projection_by_sku(sku)
        return self.product(projection["id"]) if projection else None

    @endpoint("POST", "/products", base=BASE, reason="create a product")
    def create_product(self, draft: Mapping[str, Any]) -> Doc:
        return self._create("products", draft)

    @endpoint("POST", "/products/{id}", base=BASE, reason="update a product ({version, actions})")
    def update_product(self, product_id: str, version: int, actions: Sequence[Doc]) -> Doc:
        return self._update("products", product_id, version, actions)

    @endpoint(
        "DELETE",
        "/products/{id}?version={version}",
        base=BASE,
        reason="a configurable product takes in its variant products: their SKUs are free "
        "only once the products pushed on their own are deleted (SKUs are unique per project)",
    )
    def delete_product(self, product_id: str, version: int) -> Doc:
        # The version makes a resend harmless: a replay after success answers 404.
        return self._call(
            "DELETE",
            self._url("products", product_id),
            params={"version": version},
            safe_to_retry=True,
        )

    @endpoint("GET", "/product-types/key={key}", base=BASE, reason="product type by key")
    def product_type_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("product-types", f"key={key}")

    @endpoint("GET", "/categories/key={key}", base=BASE, reason="category by key")
    def category_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("categories", f"key={key}")

    @endpoint("GET", "/tax-categories/key={key}", base=BASE, reason="tax category by key")
    def tax_category_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("tax-categories", f"key={key}")

    @endpoint("GET", "/channels/key={key}", base=BASE, reason="price channel by key")
    def channel_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("channels", f"key={key}")

    # --- prices --------------------------------------------------------------------------

    @endpoint(
        "GET", "/standalone-prices?where=sku = :sku", base=BASE, reason="standalone prices of a SKU"
    )
    def standalone_prices(self, sku: str) -> list[Doc]:
        return self.query("standalone-prices", ["sku = :sku"], {"sku": sku}, limit=MAX_LIMIT)[
            "results"
        ]

    @endpoint("POST", "/standalone-prices", base=BASE, reason="create a standalone price")
    def create_standalone_price(self, draft: Mapping[str, Any]) -> Doc:
        return self._create("standalone-prices", draft)

    @endpoint("POST", "/standalone-prices/{id}", base=BASE, reason="update a standalone price")
    def update_standalone_price(self, price_id: str, version: int, actions: Sequence[Doc]) -> Doc:
        return self._update("standalone-prices", price_id, version, actions)

    # --- customers and groups ------------------------------------------------------------

    @endpoint("GET", "/customer-groups/key={key}", base=BASE, reason="customer group by key")
    def customer_group_by_key(self, key: str) -> Doc | None:
        return self._get_or_none("customer-groups", f"key={key}")

    @endpoint("GET", "/customer-groups/{id}", base=BASE, reason="re-read a customer group")
    def customer_group(self, group_id: str) -> Doc:
        return self._get("customer-groups", group_id)

    @endpoint("POST", "/customer-groups", base=BASE, reason="create a customer group")
    def create_customer_group(self, draft: Mapping[str, Any]) -> Doc:
        return self._create("customer-groups", draft)

    @endpoint("POST", "/customer-groups/{id}", base=BASE, reason="update a customer group")
    def update_customer_group(self, group_id: str, version: int, actions: Sequence[Doc]) -> Doc:
        return self._update("customer-groups", group_id, version, actions)

    @endpoint(
        "GET", "/customers?where=email = :email", base=BASE, reason="find a customer by email"
    )
    def customer_by_email(self, email: str) -> Doc | None:
        return self._first("customers", "email = :email", {"email": email})

    @endpoint("GET", "/customers/{id}", base=BASE, reason="re-read a customer")
    def customer(self, customer_id: str) -> Doc:
        return self._get("customers", customer_id)

    @endpoint("POST", "/customers", base=BASE, reason="create a customer (with addresses)")
    def create_customer(self, draft: Mapping[str, Any]) -> Doc:
        # 201 answers a CustomerSignInResult, {"customer": {...}} (§4).
        result = self._create("customers", draft)
        return result.get("customer", result)

    @endpoint(
        "POST",
        "/customers/{id}",
        base=BASE,
        reason="update a customer: names, addresses (add, change, remove), defaults, group",
    )
    def update_customer(self, customer_id: str, version: int, actions: Sequence[Doc]) -> Doc:
        return self._update("customers", customer_id, version, actions)

    def add_customer_address(
        self, customer_id: str, version: int, address: Mapping[str, Any]
    ) -> Doc:
        return self.update_customer(
            customer_id, version, [{"action": "addAddress", "address": dict(address)}]
        )

    # --- orders --------------------------------------------------------------------------

    @endpoint(
        "GET",
        "/orders?where=lastModifiedAt >= :from and lastModifiedAt < :until&where=id > :lastId"
        "&sort=id asc&limit=500&withTotal=false",
        base=BASE,
        reason="order pull by id inside a lastModifiedAt window (DECISIONS.md)",
    )
    def orders(
        self,
        where: Sequence[str],
        variables: Mapping[str, Any],
        *,
        sort: Sequence[str] = ("id asc",),
        limit: int = MAX_LIMIT,
    ) -> Doc:
        return self.query("orders", where, variables, sort=sort, limit=limit)

    @endpoint("GET", "/orders/order-number={orderNumber}", base=BASE, reason="order by number")
    def order_by_number(self, number: str) -> Doc | None:
        return self._get_or_none("orders", f"order-number={number}")

    @endpoint("GET", "/orders/{id}", base=BASE, reason="re-read an order")
    def order(self, order_id: str) -> Doc:
        return self._get("orders", order_id)

    @endpoint(
        "POST",
        "/orders/{id}",
        base=BASE,
        reason="shipment tracking: addDelivery with parcels, setParcelTrackingData",
    )
    def update_order(self, order_id: str, version: int, actions: Sequence[Doc]) -> Doc:
        return self._update("orders", order_id, version, actions)

    # --- generic ---------------------------------------------------------------------------

    def query_page(
        self,
        resource: str,
        where: Sequence[str],
        variables: Mapping[str, Any],
        *,
        sort: Sequence[str],
        limit: int,
    ) -> Doc:
        """One page of any collection (initialization lists, paging.py)."""
        return self.query(resource, where, variables, sort=sort, limit=limit)


def build_client(session: Requester, settings: Mapping[str, Any]) -> CommercetoolsClient:
    """The client for a subscription's cleaned settings (the transfer runner calls this)."""
    return CommercetoolsClient(session, settings["api_url"], settings["project_key"])
