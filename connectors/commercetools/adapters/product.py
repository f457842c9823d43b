"""Product push: ``documents.PRODUCT_PUSH`` -> a commercetools product.

Document (see ``documents.PRODUCT_PUSH``)::

    {"key": "hard-hat", "product_type": "workwear", "name": {"en": "Hard Hat"},
     "slug": {"en": "hard-hat"}, "description": {"en": "..."}, "categories": ["safety"],
     "tax_category": "standard", "publish": true,
     "variants": [{"sku": "HH-1", "attributes": {"color": "orange"},
                   "prices": [{"currency": "USD", "amount": "19.99",
                               "customer_group": "wholesale"}]},
                  {"sku": "HH-1-L"}]}

The first variant is the master variant. The product is found by the known id, then by key,
then by the master SKU, before anything is created; a product found by SKU that has another
key is refused rather than taken over, with one exception: a configurable product takes in
its variant products pushed on their own before it (single-variant products keyed as the
portal keys them, the SKU as a slug, holding one of its variant SKUs), deleting them and
carrying their attributes and prices into its variants, since a SKU belongs to one product in
a project. Attribute values
are typed by the product type's attribute definitions (an unknown attribute is refused,
naming it). Categories, attributes and prices are each the whole set when present; a variant
without ``prices`` keeps its remote prices (the price push may own them). ``publish: true``
publishes after any change and publishes staged changes; ``false`` never unpublishes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

from connectors.adapters import AdapterContext, ExternalRef, PushOutcome, RecordRejected
from connectors.commercetools.actions import apply_update, product_actions
from connectors.commercetools.adapters.common import client_of, outcome, reference, resolve
from connectors.commercetools.money import money_draft, to_decimal
from connectors.http.errors import NotFound

Doc = dict[str, Any]

ATTRIBUTE_HINT = (
    "Use only attributes the product type declares, with values of its type (text, number, "
    "true/false, an enum key, a date as 2026-01-10, money as '19.99 USD')."
)


def price_draft(context: AdapterContext, price: Mapping[str, Any], field: str) -> Doc:
    """An embedded price draft with its scope resolved to ids."""
    client = client_of(context)
    draft: Doc = {"value": money_draft(price["amount"], price["currency"], f"{field}.amount")}
    if price.get("country"):
        draft["country"] = price["country"].upper()
    if price.get("customer_group"):
        group = resolve(
            context, "customer group", price["customer_group"], client.customer_group_by_key
        )
        draft["customerGroup"] = reference("customer-group", group)
    if price.get("channel"):
        channel = resolve(context, "channel", price["channel"], client.channel_by_key)
        draft["channel"] = reference("channel", channel)
    return draft


def _number(value: Any, name: str) -> int | float:
    number = to_decimal(value, f"attribute {name}")
    # JSON numbers: an integral value stays an int; other attribute numbers are not money.
    return int(number) if number == number.to_integral_value() else float(number)


def _boolean(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise RecordRejected(f"Attribute {name} expects true or false, got {value!r}.")


def typed_value(kind: Mapping[str, Any], value: Any, name: str) -> Any:
    """``value`` as the attribute type ``kind`` (a product type's ``type``) wants it."""
    type_name = kind.get("name")
    if type_name == "set":
        items = value if isinstance(value, list) else [value]
        return [typed_value(kind.get("elementType") or {}, item, name) for item in items]
    if type_name == "number":
        return _number(value, name)
    if type_name == "boolean":
        return _boolean(value, name)
    if type_name == "money":
        amount, _, currency = str(value).strip().partition(" ")
        if not currency:
            raise RecordRejected(
                f"Attribute {name} expects money as '19.99 USD', got {value!r}.",
                hint=ATTRIBUTE_HINT,
            )
        return {"type": "centPrecision", **money_draft(amount, currency, f"attribute {name}")}
    if type_name in ("ltext",) and not isinstance(value, Mapping):
        raise RecordRejected(
            f"Attribute {name} is localized: map it as an object of locale -> text.",
            hint=ATTRIBUTE_HINT,
        )
    if type_name in ("text", "enum", "lenum", "date", "datetime", "time"):
        return str(value) if not isinstance(value, Decimal) else format(value, "f")
    return value


def sku_slug(sku: str) -> str:
    """The key the default product mapping gives a product: its SKU as a slug (as Django's
    ``slugify``: ASCII, lower case, runs of spaces and dashes as one dash)."""
    text = unicodedata.normalize("NFKD", sku).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def _a_variant_product(found: Mapping[str, Any], document: Mapping[str, Any]) -> bool:
    """``found`` is a single-variant product whose SKU is one of the variant SKUs of the
    configurable ``document``, keyed as the portal keys a product (its SKU as a slug): a hub
    variant product the portal pushed on its own. Only such a product may be taken in (and
    deleted); a product keyed any other way belongs to someone else and is never touched."""
    staged = found["masterData"]["staged"]
    sku = staged["masterVariant"].get("sku")
    return (
        len(document["variants"]) > 1
        and bool(sku)
        and found.get("key") == sku_slug(sku)
        and found.get("key") != document.get("key")
        and not staged.get("variants")
        and sku in {v["sku"] for v in document["variants"]}
    )


def _draft_value(value: Any) -> Any:
    """An attribute value as answered, back in the document's form (enum keys, money text)."""
    if isinstance(value, list):
        return [_draft_value(item) for item in value]
    if isinstance(value, Mapping) and "key" in value and "label" in value:
        return value["key"]
    if isinstance(value, Mapping) and "centAmount" in value and "currencyCode" in value:
        amount = Decimal(value["centAmount"]).scaleb(-int(value.get("fractionDigits", 2)))
        return f"{amount} {value['currencyCode']}"
    return value


def _price_draft_of(price: Mapping[str, Any]) -> Doc:
    """A PriceDraft of an embedded price as answered (scope, value, tiers kept)."""
    value = price["value"]
    draft: Doc = {
        "value": {"currencyCode": value["currencyCode"], "centAmount": value["centAmount"]}
    }
    if value.get("type") == "highPrecision":
        draft["value"] = {
            "type": "highPrecision",
            "currencyCode": value["currencyCode"],
            "preciseAmount": value["preciseAmount"],
            "fractionDigits": value["fractionDigits"],
        }
    for name in ("key", "country", "customerGroup", "channel", "validFrom", "validUntil", "tiers"):
        if price.get(name) is not None:
            draft[name] = price[name]
    return draft


class ProductPush:
    entity = "product"

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client = client_of(context)
        # The variant product found holding this product's master SKU (find), reused by the
        # take-in instead of looking that SKU up again.
        self.master_sku_holder: Doc | None = None

    def push(self, document: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        self.master_sku_holder = None
        self.draft(document)  # refuse a document with unknown references before any change
        current = self.find(document, known)
        document, notes = self.take_in_variant_products(document, current)
        desired = self.draft(document)
        if current is None:
            # Blank optional fields are left out of a draft rather than sent as null.
            created = self.client.create_product(
                {k: v for k, v in desired.items() if v is not None}
            )
            return replace(outcome(created, [], created=True), notes=notes)
        record, actions = apply_update(
            current,
            lambda product: product_actions(product, desired),
            self.client.update_product,
            self.client.product,
        )
        return replace(outcome(record, actions), notes=notes)

    def take_in_variant_products(
        self, document: Mapping[str, Any], current: Doc | None
    ) -> tuple[Mapping[str, Any], tuple[str, ...]]:
        """A configurable product's variant SKUs held by products of their own: the hub's
        variant products, pushed before it. A SKU belongs to one product in a project, so each
        such single-variant product is deleted and its attributes (and prices) carried into the
        variant here, unless the document gives them."""
        if len(document["variants"]) < 2:
            return document, ()
        if current is None and self.master_sku_holder is None:
            # A new product whose master SKU is free: its variant products were not pushed
            # on their own (a SKU already taken is refused by commercetools as DuplicateField).
            return document, ()
        mine = set()
        if current is not None:
            staged = current["masterData"]["staged"]
            mine = {v.get("sku") for v in [staged["masterVariant"], *staged.get("variants", [])]}
        held = {}
        if self.master_sku_holder is not None:
            held[document["variants"][0]["sku"]] = self.master_sku_holder
        variants, taken = [], []
        for variant in document["variants"]:
            sku = variant["sku"]
            holder = None if sku in mine else held.get(sku) or self.client.product_by_sku(sku)
            if holder is None:
                variants.append(variant)
                continue
            staged = holder["masterData"]["staged"]
            name = holder.get("key") or holder["id"]
            if not _a_variant_product(holder, document):
                raise RecordRejected(
                    f"The variant SKU {variant['sku']!r} belongs to the commercetools product "
                    f"{name!r}, which has other variants too or is not keyed as the portal keys "
                    "a product (the SKU as a slug): not one the portal pushed.",
                    hint="A SKU belongs to one product in commercetools: remove the variant "
                    f"from {name!r} in commercetools (Merchant Center), then push this product "
                    "again.",
                )
            master = staged["masterVariant"]
            carried = dict(variant)
            if "attributes" not in carried and master.get("attributes"):
                carried["attributes"] = {
                    a["name"]: _draft_value(a.get("value")) for a in master["attributes"]
                }
            if "prices" not in carried and master.get("prices"):
                carried["_prices"] = [_price_draft_of(p) for p in master["prices"]]
            self.client.delete_product(holder["id"], holder["version"])
            variants.append(carried)
            taken.append(name)
        if not taken:
            return document, ()
        note = (
            f"Took in the variant product(s) {', '.join(taken)} pushed on their own: deleted "
            "them in commercetools and made their SKUs variants of this product (a SKU belongs "
            "to one product there)."
        )
        return {**document, "variants": variants}, (note,)

    def find(self, document: Mapping[str, Any], known: ExternalRef | None) -> Doc | None:
        if known is not None:
            try:
                return self.client.product(known.remote_id)
            except NotFound:
                pass  # deleted in commercetools: look it up by key and SKU like a new one
        if document.get("key"):
            found = self.client.product_by_key(document["key"])
            if found is not None:
                return found
        sku = document["variants"][0]["sku"]
        found = self.client.product_by_sku(sku)
        if found is not None and _a_variant_product(found, document):
            self.master_sku_holder = found
            return None  # this configurable product takes it in (take_in_variant_products)
        if found is not None and found.get("key") and document.get("key"):
            # Another product owns the SKU (in the hub, a configurable product's variant is
            # also a product of its own): taking it over would strip that product's variants.
            raise RecordRejected(
                f"The SKU {sku!r} belongs to the commercetools product {found['key']!r}, not "
                f"to {document['key']!r}.",
                hint="Leave variant products out of the product push (their configurable "
                "product brings them), or give the product the key of the one it should update.",
            )
        return found

    def draft(self, document: Mapping[str, Any]) -> Doc:
        """A ProductDraft with every key resolved; also the desired state for updates."""
        client = self.client
        product_type = resolve(
            self.context, "product type", document["product_type"], client.product_type_by_key
        )
        definitions = {a["name"]: a.get("type") or {} for a in product_type.get("attributes", [])}
        variants = [
            self._variant(v, definitions, product_type, f"variants[{i}]")
            for i, v in enumerate(document["variants"])
        ]
        draft: Doc = {
            "productType": reference("product-type", product_type),
            "name": dict(document["name"]),
            "slug": dict(document["slug"]),
            "masterVariant": variants[0],
            "variants": variants[1:],
            "publish": bool(document.get("publish")),
        }
        if document.get("key"):
            draft["key"] = document["key"]
        if "description" in document:
            draft["description"] = dict(document["description"] or {}) or None
        if "categories" in document:
            draft["categories"] = [
                reference("category", resolve(self.context, "category", k, client.category_by_key))
                for k in document["categories"] or []
            ]
        if "tax_category" in document:
            key = document["tax_category"]
            draft["taxCategory"] = (
                reference(
                    "tax-category",
                    resolve(self.context, "tax category", key, client.tax_category_by_key),
                )
                if key
                else None
            )
        return draft

    def _variant(
        self,
        variant: Mapping[str, Any],
        definitions: Mapping[str, Mapping[str, Any]],
        product_type: Mapping[str, Any],
        field: str,
    ) -> Doc:
        draft: Doc = {"sku": variant["sku"]}
        if variant.get("key"):
            draft["key"] = variant["key"]
        if "attributes" in variant:
            attributes = []
            for name, value in (variant["attributes"] or {}).items():
                if name not in definitions:
                    raise RecordRejected(
                        f"{field}: the product type {product_type.get('key')!r} has no attribute "
                        f"{name!r} (it has: {', '.join(sorted(definitions)) or 'none'}).",
                        hint=ATTRIBUTE_HINT,
                    )
                if value is not None:
                    attributes.append(
                        {"name": name, "value": typed_value(definitions[name], value, name)}
                    )
            draft["attributes"] = attributes
        if "_prices" in variant:  # carried from a variant product taken in, already drafts
            draft["prices"] = list(variant["_prices"])
        if "prices" in variant and variant["prices"] is not None:
            draft["prices"] = [
                price_draft(self.context, p, f"{field}.prices[{i}]")
                for i, p in enumerate(variant["prices"])
            ]
        return draft
