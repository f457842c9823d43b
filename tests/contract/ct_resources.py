"""The commercetools resources as reference/commercetools.md records them, written from its
sections (never from the sandbox's code): what every resource carries (§3.4), dates and money
(§3.8), keys (§3.2) and the field notes per resource (§4).

The reference lists fields "a resource includes", not every field, so for commercetools the
check is presence and form, plus the few names it rules out (orders have no ``key``; a
customer group is ``name`` on the resource, ``groupName`` only on the draft).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# §3.4: every resource has these (REF types/common/BaseResource.raml).
BASE = {"id": str, "version": int, "createdAt": str, "lastModifiedAt": str}
# §3.8: UTC with milliseconds, 2017-01-10T06:51:25.896Z.
DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
DATE_FIELDS = {"createdAt", "lastModifiedAt", "completedAt", "validFrom", "validUntil"}
# §3.2: the product key pattern (REF types/product/ProductDraft.raml).
PRODUCT_KEY = re.compile(r"[a-zA-Z0-9_\-]{2,256}")


@dataclass
class CtShape:
    section: str
    present: dict[str, type | tuple[type, ...]]  # name -> JSON type it must have
    absent: set[str] = field(default_factory=set)
    localized: set[str] = field(default_factory=set)  # {"en": "..."} objects
    money: set[str] = field(default_factory=set)


VARIANT = {"sku": str, "prices": list, "attributes": list}  # §4 Products

RESOURCES: dict[str, CtShape] = {
    "products": CtShape(
        "§4 Products (stored as masterData.current / masterData.staged)",
        {"productType": dict, "masterData": dict},
    ),
    "product-projections": CtShape(
        "§4 Products (a projection is the current or staged view)",
        {"productType": dict, "name": dict, "slug": dict, "masterVariant": dict, "variants": list},
        localized={"name", "slug"},
    ),
    "categories": CtShape(
        "§4 Categories (responses carry ancestors)",
        {"name": dict, "slug": dict, "ancestors": list},
        localized={"name", "slug"},
    ),
    "standalone-prices": CtShape(
        "§4 Prices (StandalonePriceDraft; active defaults to true)",
        {"sku": str, "value": dict, "active": bool},
        money={"value"},
    ),
    "customer-groups": CtShape(
        "§4 Customer groups (groupName on the draft, name on the resource)",
        {"name": str},
        absent={"groupName"},
    ),
    "customers": CtShape(
        "§4 Customers (CustomerDraft: email unique, addresses)",
        {"email": str, "addresses": list},
    ),
    "orders": CtShape(
        "§4 Orders (REF types/order/Order.raml); no key (§0.6, §3.1)",
        {"lineItems": list, "totalPrice": dict, "orderState": str},
        absent={"key"},
        money={"totalPrice"},
    ),
    "product-types": CtShape("§3.1 (by key); §3.4 only", {}),
    # The reference does not describe tax categories beyond §3.4; name and rates are what the
    # API's TaxCategory always carries (docs.commercetools.com, Tax Categories).
    "tax-categories": CtShape("§3.4; TaxCategory (name, rates)", {"name": str, "rates": list}),
}
# Called by the connector, not described by the reference beyond §3.4.
NOT_DESCRIBED: dict[str, str] = {
    "project": "GET /{projectKey} (Test connection): the reference gives no Project fields",
    "channels": "§3.1 does not list it; the sandbox does not serve it",
}


def money_problems(value: Any, where: str) -> list[str]:
    """§3.8: centPrecision money: type, currencyCode, integer centAmount, fractionDigits."""
    if not isinstance(value, dict):
        return [f"{where} is not a money object"]
    found = []
    if value.get("type") not in ("centPrecision", "highPrecision"):
        found.append(f"{where}.type is {value.get('type')!r}")
    if not (isinstance(value.get("currencyCode"), str) and len(value["currencyCode"]) == 3):
        found.append(f"{where}.currencyCode is {value.get('currencyCode')!r}")
    for name in ("centAmount", "fractionDigits"):
        if type(value.get(name)) is not int:
            found.append(f"{where}.{name} is {value.get(name)!r}, not an integer")
    return found


def walk_problems(value: Any, where: str = "$") -> list[str]:
    """Dates (§3.8) and money (§3.8) wherever they appear in a document."""
    found: list[str] = []
    if isinstance(value, dict):
        if "centAmount" in value:
            found += money_problems(value, where)
        for name, item in value.items():
            stamped = isinstance(item, str) and DATETIME.fullmatch(item)
            if name in DATE_FIELDS and item is not None and not stamped:
                found.append(f"{where}.{name} is {item!r}, not UTC with milliseconds")
            found += walk_problems(item, f"{where}.{name}")
    elif isinstance(value, list):
        for n, item in enumerate(value):
            found += walk_problems(item, f"{where}[{n}]")
    return found


def shape_problems(document: dict[str, Any], shape: CtShape) -> list[str]:
    found = []
    for name, kind in {**BASE, **shape.present}.items():
        value = document.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            found.append(f"{name!r} is {value!r}, expected {kind}")
    found += [f"{name!r} is not on this resource" for name in shape.absent & document.keys()]
    for name in shape.localized:
        value = document.get(name)
        if not (isinstance(value, dict) and all(isinstance(v, str) for v in value.values())):
            found.append(f"{name!r} is not a localized string")
    for name in shape.money:
        found += money_problems(document.get(name), name)
    return found + walk_problems(document)


def variant_problems(variant: Any, where: str) -> list[str]:
    if not isinstance(variant, dict):
        return [f"{where} is not a variant"]
    return [
        f"{where}.{name} is {variant.get(name)!r}"
        for name, kind in VARIANT.items()
        if not isinstance(variant.get(name), kind)
    ]
