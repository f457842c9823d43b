"""Order pull: orders changed in a window, with addresses, line items and subtotals.

Seed 001 reads line items and subtotals per order (two or more calls per order). Here one
call per page brings everything through ``include`` (reference §1.5), with large pages (Oro has
no maximum page size by default, §1.4): about 0.002 calls per order at 500 a page. Only an
order whose line items did not all come back (a to-many is capped at 1,000 related records)
is completed per order, with the seed's line-item call. Before 6.1 there are no order
subtotals (§2.10): the document then carries the subtotal and total from the order itself.

Paging follows DECISIONS.md "Pull: cursor and watermark": ``filter[updatedAt]`` inside the
window ``[since, until)``, ``filter[id][gt]`` from the cursor, ``sort=id``. The cursor is
``{"last_id": "<id>"}``; None when the window is finished.

Document produced (``hub/schemas/order.py``)::

    {"id": "42", "number": "42", "identifier": "SO-42", "po_number": "PO-1",
     "customer": "Acme Inc.", "customer_code": "C-1001", "customer_user": "amy@acme.test",
     "currency": "USD", "total": "120.0000", "payment_term": "net 30",
     "lines": [{"sku", "name", "quantity", "unit", "price", "total"}],   # quantity "2", text
     "subtotals": [{"type", "label", "amount"}],
     "billing_address": {...}, "shipping_address": {...},    # POSTAL_ADDRESS_FIELDS names
     "shipping_method": "...", "status": "open", "created_at": "...", "updated_at": "..."}

``id`` is what the runner remembers as the order's remote id. ``customer_code`` is the
customer's ``externalId`` (6.1+), which the customer push fills from the hub customer's code:
the hub keys a customer by its code when it has one, else by its name. The document's shape is
``ORDER_PULL`` in ``connectors/orocommerce/documents.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.adapters import PullPage, PullWindow
from connectors.orocommerce.adapters.base import OroAdapter, decimal_text
from connectors.orocommerce.jsonapi import Document, Resource

PAGE_SIZE = 500
MONEY = Decimal("0.0001")
LINE_ITEMS_PAGE = 1000  # what Oro returns of a to-many at most (max_related_entities, §1.4)
ADDRESS_FIELDS = (
    ("organization", "organization"),
    ("first_name", "firstName"),
    ("last_name", "lastName"),
    ("street", "street"),
    ("street2", "street2"),
    ("city", "city"),
    ("postal_code", "postalCode"),
    ("phone", "phone"),
)


class OrderPull(OroAdapter):
    entity = "order"

    @property
    def page_size(self) -> int:
        return int(self.setting("order_page_size", PAGE_SIZE))

    @property
    def has_subtotals(self) -> bool:
        return self.api_version >= (6, 1)

    @property
    def line_order_relation(self) -> str:
        return "orders" if self.api_version >= (6, 1) else "order"

    @property
    def status_relation(self) -> str:
        return "internalStatus" if self.api_version >= (6, 0) else "internal_status"

    def include(self) -> tuple[str, ...]:
        names = [
            "lineItems",
            "billingAddress",
            "shippingAddress",
            "customer",
            "customerUser",
            "paymentTerm",
        ]
        if self.has_subtotals:
            names.append("orderSubtotals")
        return tuple(names)

    def fields(self) -> dict[str, list[str]]:
        """Only what the document needs of the related records (sparse fieldsets); the
        customer's externalId exists from 6.1 (§2.5)."""
        customer = ["name", "externalId"] if self.api_version >= (6, 1) else ["name"]
        return {"customers": customer, "customerusers": ["email"], "paymentterms": ["label"]}

    def pull_page(self, window: PullWindow, cursor: Mapping[str, Any] | None) -> PullPage:
        after = str(cursor["last_id"]) if cursor and cursor.get("last_id") else None
        page = self.client.poll_orders(
            window.since,
            window.until,
            after_id=after,
            page_size=self.page_size,
            include=self.include(),
            fields=self.fields(),
        )
        calls = 1
        documents = []
        for order in page:
            lines = page.related(order, "lineItems")
            if len(lines) < len(order.many("lineItems")) or not order.has("lineItems"):
                lines, extra = self._all_lines(order.id)
                calls += extra
            documents.append(self.document(page, order, lines))
        done = len(page) < self.page_size
        next_cursor = None if done or not page.data else {"last_id": page.data[-1].id}
        return PullPage(documents, next_cursor, calls)

    def _all_lines(self, order_id: str) -> tuple[list[Resource], int]:
        """The per-order fallback (seed 001's call), paged until a short page."""
        lines: list[Resource] = []
        calls = 0
        number = 1
        while True:
            found = self.client.get_order_line_items(
                order_id, number, LINE_ITEMS_PAGE, relation=self.line_order_relation
            )
            calls += 1
            lines.extend(found)
            if len(found) < LINE_ITEMS_PAGE:
                return lines, calls
            number += 1

    def document(self, page: Document, order: Resource, lines: list[Resource]) -> dict[str, Any]:
        a = order.attributes
        customer = page.resolve(order.one("customer"))
        person = page.resolve(order.one("customerUser"))
        status = order.one(self.status_relation)
        term = page.resolve(order.one("paymentTerm"))
        doc: dict[str, Any] = {
            "id": order.id,
            "number": order.id,
            "identifier": a.get("identifier"),
            "po_number": a.get("poNumber"),
            "customer": customer.attr("name") if customer else None,
            "customer_code": customer.attr("externalId") if customer else None,
            "customer_user": person.attr("email") if person else None,
            "currency": a.get("currency"),
            "total": a.get("totalValue"),
            "lines": [self.line(line) for line in lines],
            "billing_address": self.address(page.resolve(order.one("billingAddress"))),
            "shipping_address": self.address(page.resolve(order.one("shippingAddress"))),
            "shipping_method": a.get("shippingMethod"),
            "payment_term": term.attr("label") if term else None,
            "status": status.id if status else None,
            "created_at": a.get("createdAt"),
            "updated_at": a.get("updatedAt"),
        }
        if self.has_subtotals:
            doc["subtotals"] = [
                {
                    "type": s.attr("orderSubtotalType"),
                    "label": s.attr("label"),
                    "amount": s.attr("amount"),
                }
                for s in page.related(order, "orderSubtotals")
            ]
        else:
            doc["subtotals"] = [
                {"type": "subtotal", "label": "Subtotal", "amount": a.get("subtotalValue")}
            ]
        return doc

    @staticmethod
    def line(line: Resource) -> dict[str, Any]:
        quantity, price = line.attr("quantity"), line.attr("value")
        total = None
        try:
            if quantity is not None and price is not None:
                # Oro keeps money to four places ("12.2000", §0.8).
                total = str((Decimal(str(quantity)) * Decimal(str(price))).quantize(MONEY))
        except InvalidOperation:
            total = None
        unit = line.one("productUnit")
        return {
            "sku": line.attr("productSku"),
            "name": line.attr("productName"),
            # Oro sends the quantity as a JSON number (2.0); the hub keeps decimals as text.
            "quantity": _decimal_or_none(quantity),
            "unit": line.attr("productUnitCode") or (unit.id if unit else None),
            "price": price,
            "total": total,
        }

    @staticmethod
    def address(address: Resource | None) -> dict[str, Any] | None:
        if address is None:
            return None
        out = {key: address.attr(name) for key, name in ADDRESS_FIELDS}
        country, region = address.one("country"), address.one("region")
        out["country"] = country.id if country else None
        out["region"] = region.id if region else address.attr("customRegion")
        return out


def _decimal_or_none(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return decimal_text(value)
    except InvalidOperation:
        return None
