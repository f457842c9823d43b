"""Price push: one price of one SKU in one scope.

Document (see ``documents.PRICE_PUSH``)::

    {"sku": "HH-1", "currency": "USD", "amount": "17.50",
     "customer_group": "wholesale", "channel": null, "country": null}

The scope is (currency, country, customer group, channel). Where the product's price mode is
``Embedded`` (the default) the price is an embedded price of the variant with that SKU, added
or changed with ``staged: false`` so it goes live without publishing other staged edits. Where
it is ``Standalone`` the price is a standalone price (``/standalone-prices``), found by SKU
and scope. Other prices of the SKU are never touched. A price for a quantity other than 1
(a tier) is refused: in the same scope it would overwrite the price itself. The outcome's
remote id is the price's own id (the embedded price's, or the standalone price's), never the
product's: two prices of one SKU (two currencies, two customer groups) are two records in the
hub's external-id map. The remote version is the product's (an embedded price has none of its
own) or the standalone price's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome, RecordRejected
from connectors.commercetools.actions import Action, apply_update, price_scope
from connectors.commercetools.adapters.common import client_of, outcome
from connectors.commercetools.adapters.product import price_draft
from connectors.commercetools.money import same_money, to_decimal

Doc = dict[str, Any]


def _variant(product: Mapping[str, Any], sku: str) -> Doc | None:
    staged = product["masterData"]["staged"]
    for variant in [staged["masterVariant"], *staged.get("variants", [])]:
        if variant.get("sku") == sku:
            return variant
    return None


def embedded_price_actions(product: Doc, sku: str, price: Doc) -> list[Action]:
    variant = _variant(product, sku)
    if variant is None:  # the SKU moved to another product since it was found
        raise RecordRejected(f"No variant with SKU {sku!r} on product {product['id']}.")
    scope = price_scope(price)
    for existing in variant.get("prices") or []:
        if price_scope(existing) == scope:
            if same_money(existing["value"], price["value"]):
                return []
            return [
                {
                    "action": "changePrice",
                    "priceId": existing["id"],
                    "price": price,
                    "staged": False,
                }
            ]
    return [{"action": "addPrice", "variantId": variant["id"], "price": price, "staged": False}]


def embedded_price_id(product: Mapping[str, Any], sku: str, price: Mapping[str, Any]) -> str:
    """The id of the embedded price of ``sku`` in the scope of ``price``, as the product now
    has it (after an add, the id the store gave the new price)."""
    variant = _variant(product, sku)
    scope = price_scope(price)
    for existing in (variant or {}).get("prices") or []:
        if price_scope(existing) == scope:
            return str(existing["id"])
    raise RecordRejected(
        f"The product {product['id']} has no price of SKU {sku!r} in this scope after the push.",
        hint="Another writer may have removed it at the same moment; retry the record.",
    )


class PricePush:
    entity = "price"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        sku = document["sku"]
        quantity = document.get("quantity")
        if quantity not in (None, "") and to_decimal(quantity, "quantity") != 1:
            # A tier price in the same scope would overwrite the price itself.
            raise RecordRejected(
                f"The price of SKU {sku!r} starts at quantity {quantity}: commercetools price "
                "tiers are not supported by the portal yet; only prices for quantity 1 are "
                "pushed.",
                hint="The tier price stays in the hub: set the tiers in commercetools (Merchant "
                "Center), or leave tier prices out of the price push.",
            )
        price = price_draft(self.context, document, "amount")
        product = self.client.product_by_sku(sku)
        if product is None:
            raise RecordRejected(
                f"No product in commercetools has a variant with SKU {sku!r}.",
                hint="Push the product first (or correct the SKU in the price mapping).",
            )
        if product.get("priceMode") == "Standalone":
            return self._standalone(document, price)
        record, actions = apply_update(
            product,
            lambda current: embedded_price_actions(current, sku, price),
            self.client.update_product,
            self.client.product,
        )
        found = outcome(record, actions)
        # The price's own id: the product's would make every price of the SKU one remote record.
        return replace(found, remote_id=embedded_price_id(record, sku, price))

    def _standalone(self, document: Mapping[str, Any], price: Doc) -> PushOutcome:
        sku, scope = document["sku"], price_scope(price)
        for existing in self.client.standalone_prices(sku):
            if price_scope(existing) != scope:
                continue
            record, actions = apply_update(
                existing,
                lambda current: (
                    []
                    if same_money(current["value"], price["value"])
                    else [{"action": "changeValue", "value": price["value"]}]
                ),
                self.client.update_standalone_price,
                lambda ident: self._reread_standalone(sku, ident),
            )
            return outcome(record, actions)
        draft = {"sku": sku, **price}
        if document.get("key"):
            draft["key"] = document["key"]
        return outcome(self.client.create_standalone_price(draft), [], created=True)

    def _reread_standalone(self, sku: str, ident: str) -> Doc:
        for existing in self.client.standalone_prices(sku):
            if existing["id"] == ident:
                return existing
        raise RecordRejected(f"The standalone price {ident} of SKU {sku!r} was deleted.")
