"""Order pull: orders last modified inside the window, paged by id past the offset cap.

Each page is ``where=lastModifiedAt >= :from and lastModifiedAt < :until`` (plus
``id > :lastId`` after the first), ``sort=id asc``, ``limit=500``, ``withTotal=false``
(DECISIONS.md "Pull: cursor and watermark"). The cursor is ``{"last_id": ...}``. Each order
becomes a ``documents.ORDER_PULL`` document (hub words, exact decimal strings); repeats across
overlapping windows are the hub's to absorb (same id and version).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import AdapterContext, PullPage, PullWindow
from connectors.commercetools.adapters.common import client_of
from connectors.commercetools.documents import ADDRESS_FIELDS
from connectors.commercetools.money import amount_of
from connectors.commercetools.paging import PAGE_SIZE, window_page

# commercetools has no Order Poll Days setting: the first pull looks this far back (DECISIONS).
FIRST_PULL_DAYS = 7
Doc = dict[str, Any]


def _amount(money: Any) -> str | None:
    return str(amount_of(money)) if isinstance(money, Mapping) and money else None


def _address(address: Any) -> Doc | None:
    if not isinstance(address, Mapping):
        return None
    names = {target: name for name, target in ADDRESS_FIELDS.items()}
    return {names[k]: str(v) for k, v in address.items() if k in names and v not in (None, "")}


def _first_text(localized: Any) -> str | None:
    if isinstance(localized, Mapping) and localized:
        return str(next(iter(localized.values())))
    return localized if isinstance(localized, str) else None


def _line(item: Mapping[str, Any], custom: bool) -> Doc:
    price = item.get("price") or {}
    unit = item.get("money") if custom else price.get("value")
    line: Doc = {
        "id": item["id"],
        "quantity": int(item.get("quantity") or 0),
        "name": _first_text(item.get("name")),
        "names": dict(item["name"]) if isinstance(item.get("name"), Mapping) else None,
        "price": _amount(unit),
        "total": _amount(item.get("totalPrice")),
        "custom": custom,
    }
    if not custom:
        line |= {
            "sku": (item.get("variant") or {}).get("sku"),
            "product_id": item.get("productId"),
            "product_key": item.get("productKey"),
        }
    return {k: v for k, v in line.items() if v is not None}


def order_document(order: Mapping[str, Any]) -> Doc:
    """The ``ORDER_PULL`` document of one commercetools order."""
    taxed = order.get("taxedPrice") or {}
    shipping = order.get("shippingInfo") or {}
    total = order.get("totalPrice") or {}
    document: Doc = {
        "id": order["id"],
        "version": order.get("version"),
        "number": order.get("orderNumber") or order["id"],
        "po_number": order.get("purchaseOrderNumber"),
        "customer_id": order.get("customerId"),
        "customer_email": order.get("customerEmail"),
        "currency": total.get("currencyCode"),
        "total": _amount(total),
        "total_net": _amount(taxed.get("totalNet")),
        "total_gross": _amount(taxed.get("totalGross")),
        "total_tax": _amount(taxed.get("totalTax")),
        "order_state": order.get("orderState"),
        "shipment_state": order.get("shipmentState"),
        "payment_state": order.get("paymentState"),
        "created_at": order.get("createdAt"),
        "updated_at": order.get("lastModifiedAt"),
        "completed_at": order.get("completedAt"),
        "shipping_method": shipping.get("shippingMethodName"),
        "shipping_total": _amount(shipping.get("price")),
        "billing_address": _address(order.get("billingAddress")),
        "shipping_address": _address(order.get("shippingAddress")),
        "lines": [_line(i, False) for i in order.get("lineItems") or []]
        + [_line(i, True) for i in order.get("customLineItems") or []],
        "trackings": [
            {
                k: v
                for k, v in (
                    ("tracking_number", (p.get("trackingData") or {}).get("trackingId")),
                    ("carrier", (p.get("trackingData") or {}).get("carrier")),
                )
                if v
            }
            for d in shipping.get("deliveries") or []
            for p in d.get("parcels") or []
            if (p.get("trackingData") or {}).get("trackingId")
        ],
    }
    return {k: v for k, v in document.items() if v is not None}


class OrderPull:
    entity = "order"

    def __init__(self, context: AdapterContext, page_size: int = PAGE_SIZE) -> None:
        self.context = context
        self.client = client_of(context)
        self.page_size = page_size

    def pull_page(self, window: PullWindow, cursor: Mapping[str, Any] | None) -> PullPage:
        page = window_page(
            self.client, "orders", window.since, window.until, cursor, limit=self.page_size
        )
        return PullPage([order_document(o) for o in page.results], page.cursor, calls=1)
