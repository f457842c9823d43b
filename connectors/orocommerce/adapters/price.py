"""Product price push: found by price list + product + unit, then created or updated.

Document (``hub/schemas/price.py``)::

    {"sku": "CH-1", "price_list": "Default Price List", "currency": "USD", "value": "19.99",
     "quantity": "1", "unit": "item", "is_default": true}

The price list is found by name (cached). An unknown SKU follows Auto Create Product: Yes
creates a minimal product (the SKU as its name, the price's unit as its primary unit, in stock,
the default attribute family); No fails the record naming the SKU and the setting. When the
subscription has a Default Pricing Custom Field Name, ``is_default`` is written to that boolean
field of the price, after the Product Price entity structure confirms the field exists (read
once per subscription; a clear error names the field when it does not).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome, RecordRejected
from connectors.http.errors import InvalidData
from connectors.orocommerce.adapters.base import OroAdapter, changed, decimal_text
from connectors.orocommerce.adapters.product import ProductPush
from connectors.orocommerce.jsonapi import Resource, document, resource_object, to_one

DEFAULT_FIELD_SETTING = "Default Pricing Custom Field Name"


class PricePush(OroAdapter):
    entity = "price"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        price_list = self.price_list_id(str(doc["price_list"]))
        unit = self.unit_code(str(doc["unit"]))
        product, notes = self.product_for(doc)
        quantity = Decimal(str(doc.get("quantity") or 1))
        attributes: dict[str, Any] = {
            "value": float(decimal_text(doc["value"])),
            "currency": str(doc["currency"]).upper(),
            "quantity": float(quantity),
        }
        field = self.default_field()
        if field and doc.get("is_default") is not None:
            attributes[field] = bool(doc["is_default"])
        current = self._current(price_list, product, unit, attributes["currency"], quantity)
        if current is None:
            body = document(
                resource_object(
                    "productprices",
                    attributes=attributes,
                    relationships={
                        "priceList": to_one(("pricelists", price_list)),
                        "product": to_one(("products", product)),
                        "unit": to_one(("productunits", unit)),
                    },
                )
            )
            return self.done("created", self.client.create_product_price(body), notes)
        diff = changed(current.attributes, attributes)
        if not diff:
            return self.unchanged(current)
        body = document(resource_object("productprices", current.id, attributes=diff))
        return self.done("updated", self.client.update_product_price(current.id, body), notes)

    def _current(
        self, price_list: str, product: str, unit: str, currency: str, quantity: Decimal
    ) -> Resource | None:
        for price in self.client.find_product_prices(price_list, product, unit):
            same_quantity = Decimal(str(price.attr("quantity") or 0)) == quantity
            if same_quantity and str(price.attr("currency", "")).upper() == currency:
                return price
        return None

    def price_list_id(self, name: str) -> str:
        def load() -> str | None:
            for found in self.client.find_price_lists_by_name(name):
                if str(found.attr("name", "")).lower() == name.lower():
                    return found.id
            return None

        return self.require("price_list", name, self.cached("pricelist", name, load), "price list")

    def product_for(self, doc: Mapping[str, Any]) -> tuple[str, list[str]]:
        sku = str(doc["sku"])
        found = self.product_id(sku)
        if found is not None:
            return found, []
        if not self.setting("auto_create_product", False):
            raise RecordRejected(
                f"OroCommerce has no product with SKU {sku!r}, and Auto Create Product is No.",
                hint=f"Push the product {sku!r} first, or set Auto Create Product to Yes on the "
                "subscription, then push the price again.",
                code="unknown_product",
            )
        minimal = {
            "sku": sku,
            "product_type": "simple",
            "status": "enabled",
            "name": sku,
            "primary_unit": {"code": doc["unit"], "precision": 0},
            "inventory_status": "in_stock",
        }
        created = self.client.create_product(ProductPush(self.context).create_body(minimal))
        assert created.first is not None
        self.remember("product", sku, created.first.id)
        return created.first.id, [f"Created product {sku} (Auto Create Product is Yes)."]

    def default_field(self) -> str | None:
        name = self.setting("default_pricing_custom_field_name")
        if not name:
            return None

        def load() -> list[str] | None:
            structure = self.client.get_entity_structure("productprice").first
            fields = (structure.attr("fields") if structure else None) or []
            return [str(f.get("name")) for f in fields if isinstance(f, dict)] or None

        names = self.cached("entitystructure", "productprice", load) or []
        if name not in names:
            raise InvalidData(
                f"The Product Price entity in OroCommerce has no field {name!r} (the "
                f"{DEFAULT_FIELD_SETTING}).",
                field=name,
                hint=f"Create a boolean field {name!r} on the Product Price entity in "
                "OroCommerce (System > Entities > Entity Management), or correct the "
                f"{DEFAULT_FIELD_SETTING} setting, then push again.",
                code="default_price_field_missing",
            )
        return name
