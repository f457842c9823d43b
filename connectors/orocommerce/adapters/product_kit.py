"""A kit product's items (reference §2.1: ``productkititems`` with ``labels`` →
``productkititemlabels``, ``kitItemProducts`` → ``productkititemproducts`` and ``productUnit``).

Items are matched by their default label. On update an item whose products or unit changed is
replaced by a new one (its label, products and unit precision go with it), one whose quantities,
order or optional flag changed is updated in place, and an item the document no longer has is
dropped from ``kitItems``: the PATCH replaces the set (§1.7) and OroCommerce deletes the dropped
item (``orphanRemoval`` on ``Product::$kitItems``). The document lists a kit's items in full, so
what it leaves out is no longer part of the kit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connectors.adapters import RecordRejected
from connectors.orocommerce.adapters.base import changed, decimal_text
from connectors.orocommerce.jsonapi import (
    Document,
    Ref,
    Resource,
    included_update,
    resource_object,
    to_many,
    to_one,
)

# What the unchanged check reads with the product (nested include, §1.5).
INCLUDE = ("kitItems", "kitItems.labels", "kitItems.kitItemProducts.product")

ProductIds = Callable[[list[str]], list[str]]
UnitCode = Callable[[str], str]


def items_of(doc: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = doc.get("kit_items") or []
    if not items:
        raise RecordRejected(
            f"Kit product {doc['sku']!r} has no kit items; OroCommerce requires at least one.",
            code="kit_without_items",
        )
    return items


def attributes(item: Mapping[str, Any], n: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "sortOrder": int(item.get("sort_order") or n + 1),
        "optional": bool(item.get("optional", False)),
    }
    for key, name in (
        ("minimum_quantity", "minimumQuantity"),
        ("maximum_quantity", "maximumQuantity"),
    ):
        if item.get(key) is not None:
            out[name] = float(decimal_text(item[key]))
    return out


def new_item(
    n: int,
    item: Mapping[str, Any],
    unit: str,
    products: list[str],
    included: list[dict[str, Any]],
) -> Ref:
    """A kit item with its label and product choices, appended to ``included``."""
    label = f"kit-{n}-label"
    included.append(
        resource_object("productkititemlabels", label, attributes={"string": item["label"]})
    )
    choices = []
    for m, product in enumerate(products):
        temp = f"kit-{n}-product-{m}"
        choices.append(Ref("productkititemproducts", temp))
        included.append(
            resource_object(
                "productkititemproducts",
                temp,
                attributes={"sortOrder": m + 1},
                relationships={"product": to_one(("products", product))},
            )
        )
    temp = f"kit-{n}"
    included.append(
        resource_object(
            "productkititems",
            temp,
            attributes=attributes(item, n),
            relationships={
                "labels": to_many([Ref("productkititemlabels", label)]),
                "kitItemProducts": to_many(choices),
                "productUnit": to_one(("productunits", unit)),
            },
        )
    )
    return Ref("productkititems", temp)


def create(
    doc: Mapping[str, Any],
    product_ids: ProductIds,
    unit_code: UnitCode,
    included: list[dict[str, Any]],
) -> dict[str, Any]:
    refs = [
        new_item(
            n, item, unit_code(str(item["unit"])), product_ids(list(item["products"])), included
        )
        for n, item in enumerate(items_of(doc))
    ]
    return to_many(refs)


def update(
    doc: Mapping[str, Any],
    found: Document,
    resource: Resource,
    product_ids: ProductIds,
    unit_code: UnitCode,
    included: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Item changes go to ``included``; the ``kitItems`` linkage when the set changes."""
    current = {_label(found, item): item for item in found.related(resource, "kitItems")}
    refs: list[Ref] = []
    replaced = False
    for n, item in enumerate(items_of(doc)):
        unit = unit_code(str(item["unit"]))
        existing = current.pop(str(item["label"]).strip().lower(), None)
        if existing is not None and _same_choices(found, existing, item, unit):
            diff = changed(existing.attributes, attributes(item, n))
            if diff:
                included.append(included_update("productkititems", existing.id, diff))
            refs.append(existing.ref)
            continue
        refs.append(new_item(n, item, unit, product_ids(list(item["products"])), included))
        replaced = True
    if replaced or current:  # items added, replaced or removed: the set is sent whole
        return to_many(refs)
    return None


def _label(found: Document, item: Resource) -> str:
    labels = found.related(item, "labels")
    default = next((label for label in labels if label.one("localization") is None), None)
    label = default or (labels[0] if labels else None)
    return str(label.attr("string") or "").strip().lower() if label else f"#{item.id}"


def _same_choices(found: Document, existing: Resource, item: Mapping[str, Any], unit: str) -> bool:
    """Whether the existing item offers the same products (by SKU, in order) in the same unit."""
    if existing.one("productUnit") != Ref("productunits", unit):
        return False
    skus = []
    for choice in found.related(existing, "kitItemProducts"):
        product = found.resolve(choice.one("product"))
        if product is None:
            return False  # not included: cannot tell, so replace the item
        skus.append(str(product.attr("sku", "")).lower())
    return skus == [str(s).lower() for s in item["products"]]
