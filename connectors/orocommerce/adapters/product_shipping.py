"""A product's shipping options: weight with its unit, dimensions with their unit, freight class.

OroCommerce keeps them per product unit in ``productshippingoptions`` (seed 001 "Get Product
Shipping Options"; COM ShippingBundle ``Resources/doc/api/product_shipping_options.md``):
attributes ``weightValue``, ``dimensionsLength``, ``dimensionsWidth``, ``dimensionsHeight``;
relationships ``productUnit`` (required), ``weightUnit`` (weightunits, id = code such as
``kg``), ``dimensionsUnit`` (lengthunits, ``cm``) and ``freightClass`` (freightclasses,
``parcel``). Products reach them through ``productShippingOptions``, whose inverse is the
option's ``product``, so they are created and changed with the product in one request.

The document's shipping options are those of the primary unit; options other units have are
left alone, and a document without weight, dimensions or freight class changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connectors.orocommerce.adapters.base import decimal_text, same
from connectors.orocommerce.jsonapi import Document, Ref, Resource, resource_object, to_many, to_one

TYPE = "productshippingoptions"
KEYS = ("weight", "dimensions", "freight_class")


def present(doc: Mapping[str, Any]) -> bool:
    return any(doc.get(key) for key in KEYS)


def wanted(
    doc: Mapping[str, Any],
    weight_unit: Callable[[str], str],
    length_unit: Callable[[str], str],
    freight_class: Callable[[str], str],
) -> tuple[dict[str, Any], dict[str, Ref]]:
    """(attributes, to-one relationships) the document asks for; the three callables resolve
    a unit or class code to its id (checked once per subscription)."""
    attributes: dict[str, Any] = {}
    relationships: dict[str, Ref] = {}
    weight = doc.get("weight") or {}
    if weight:
        attributes["weightValue"] = _number(weight["value"])
        relationships["weightUnit"] = Ref("weightunits", weight_unit(str(weight["unit"])))
    dimensions = doc.get("dimensions") or {}
    if dimensions:
        for key, name in (
            ("length", "dimensionsLength"),
            ("width", "dimensionsWidth"),
            ("height", "dimensionsHeight"),
        ):
            attributes[name] = _number(dimensions[key])
        relationships["dimensionsUnit"] = Ref("lengthunits", length_unit(str(dimensions["unit"])))
    if doc.get("freight_class"):
        relationships["freightClass"] = Ref(
            "freightclasses", freight_class(str(doc["freight_class"]))
        )
    return attributes, relationships


def create(
    unit: str,
    attributes: dict[str, Any],
    relationships: dict[str, Ref],
    included: list[dict[str, Any]],
) -> dict[str, Any]:
    """The ``productShippingOptions`` linkage of a new product (the option in ``included``)."""
    temp = f"shipping-{unit}"
    rels = {"productUnit": to_one(("productunits", unit))}
    rels.update({name: to_one(target) for name, target in relationships.items()})
    included.append(resource_object(TYPE, temp, attributes=attributes, relationships=rels))
    return to_many([Ref(TYPE, temp)])


def update(
    unit: str,
    attributes: dict[str, Any],
    relationships: dict[str, Ref],
    found: Document,
    resource: Resource,
    included: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Change the primary unit's option in place, or add one; the linkage to send when one
    is added, else None."""
    unit_ref = Ref("productunits", unit)
    options = found.related(resource, "productShippingOptions")
    mine = next((o for o in options if o.one("productUnit") == unit_ref), None)
    if mine is None:
        create(unit, attributes, relationships, included)
        return to_many([*resource.many("productShippingOptions"), Ref(TYPE, f"shipping-{unit}")])
    diff = {k: v for k, v in attributes.items() if not same(mine.attr(k), v)}
    moved = {k: to_one(v) for k, v in relationships.items() if mine.one(k) != v}
    if diff or moved:
        included.append(
            resource_object(
                TYPE, mine.id, attributes=diff, relationships=moved, meta={"update": True}
            )
        )
    return None


def _number(value: Any) -> float:
    return float(decimal_text(value))
