"""Small builders for commercetools API answers (shapes from reference/commercetools.md §3-§4)."""

from __future__ import annotations

from typing import Any

API = "https://api.europe-west1.gcp.commercetools.com"
PROJECT = "shop"
BASE = f"{API}/{PROJECT}"

PRODUCT_TYPE = {
    "id": "pt-1",
    "key": "workwear",
    "version": 1,
    "attributes": [
        {"name": "color", "type": {"name": "text"}},
        {"name": "weight", "type": {"name": "number"}},
        {"name": "size", "type": {"name": "enum"}},
    ],
}


def money(cents: int, currency: str = "USD", digits: int = 2) -> dict[str, Any]:
    return {
        "type": "centPrecision",
        "currencyCode": currency,
        "centAmount": cents,
        "fractionDigits": digits,
    }


def price(ident: str, cents: int, **scope: Any) -> dict[str, Any]:
    return {"id": ident, "value": money(cents), **scope}


def variant(ident: int, sku: str, prices=(), attributes=()) -> dict[str, Any]:
    return {"id": ident, "sku": sku, "prices": list(prices), "attributes": list(attributes)}


def product(
    *,
    ident: str = "p-1",
    key: str | None = "hard-hat",
    version: int = 3,
    name: str = "Hard Hat",
    variants: list[dict[str, Any]] | None = None,
    categories: list[str] = (),
    published: bool = True,
    staged_changes: bool = False,
    price_mode: str = "Embedded",
) -> dict[str, Any]:
    all_variants = variants or [variant(1, "HH-1")]
    data = {
        "name": {"en": name},
        "slug": {"en": "hard-hat"},
        "description": None,
        "categories": [{"typeId": "category", "id": c} for c in categories],
        "masterVariant": all_variants[0],
        "variants": all_variants[1:],
    }
    return {
        "id": ident,
        "key": key,
        "version": version,
        "productType": {"typeId": "product-type", "id": "pt-1"},
        "masterData": {
            "current": data,
            "staged": data,
            "published": published,
            "hasStagedChanges": staged_changes,
        },
        "priceMode": price_mode,
    }


def customer(**fields: Any) -> dict[str, Any]:
    return {
        "id": "c-1",
        "version": 2,
        "email": "jane@acme.example",
        "firstName": "Jane",
        "lastName": "Doe",
        "addresses": [],
        "customerGroup": None,
        **fields,
    }


def error(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {
        "statusCode": status,
        "message": message,
        "errors": [{"code": code, "message": message, **extra}],
    }


def page(results: list[dict[str, Any]], limit: int = 500) -> dict[str, Any]:
    return {"limit": limit, "offset": 0, "count": len(results), "results": results}


def url(path: str) -> str:
    return f"{BASE}/{path}"


CONCURRENT = error(
    409,
    "ConcurrentModification",
    "Object p-1 has a different version than expected. Expected: 3 - Actual: 4.",
    currentVersion=4,
)
