"""The smallest update-action list that turns the remote record into the desired one.

``desired`` is the draft the adapter built from the rendered document, with every reference
resolved to an id; a field the draft leaves out is left alone (a product push without prices
keeps the prices a price push manages). An empty list means the record is already right: the
adapter then sends nothing. Updates are ``{version, actions}``; on 409 ConcurrentModification
``apply_update`` re-reads and rebuilds, at most ``MAX_REBUILDS`` times
(reference/commercetools.md §3.5: never blind version bumping).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from connectors.commercetools.money import same_money
from connectors.http.errors import Conflict

Doc = dict[str, Any]
Action = dict[str, Any]
MAX_REBUILDS = 3


# --- comparisons ----------------------------------------------------------------------------


def _ref_id(ref: Any) -> str | None:
    if not isinstance(ref, Mapping):
        return None
    return ref.get("id") or (f"key={ref['key']}" if ref.get("key") else None)


def _same_value(current: Any, desired: Any) -> bool:
    """Attribute values: an enum answers {key, label} where the draft sends the key; money
    compares by amount; everything else by equality."""
    if isinstance(current, Mapping) and "key" in current and isinstance(desired, str):
        return current["key"] == desired
    if isinstance(current, Mapping) and "currencyCode" in current and isinstance(desired, Mapping):
        return same_money(current, desired)
    if isinstance(current, list) and isinstance(desired, list):
        return len(current) == len(desired) and all(
            _same_value(c, d) for c, d in zip(current, desired, strict=True)
        )
    return bool(current == desired)


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == {} or value == []


def _same_text(current: Any, desired: Any) -> bool:
    return (_blank(current) and _blank(desired)) or current == desired


def price_scope(price: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two embedded prices the same slot (§4): currency, country, customer group,
    channel and validity."""
    return (
        str(price["value"]["currencyCode"]).upper(),
        price.get("country"),
        _ref_id(price.get("customerGroup")),
        _ref_id(price.get("channel")),
        price.get("validFrom"),
        price.get("validUntil"),
    )


# --- products -------------------------------------------------------------------------------


def _variants(data: Mapping[str, Any]) -> list[Doc]:
    return [data["masterVariant"], *(data.get("variants") or [])]


def _attribute_actions(current: Doc, desired: Doc, variant_id: int) -> list[Action]:
    if "attributes" not in desired:
        return []
    have = {a["name"]: a.get("value") for a in current.get("attributes") or []}
    want = {a["name"]: a.get("value") for a in desired["attributes"] or []}
    actions: list[Action] = []
    for name, value in want.items():
        if value is None:
            if name in have:
                actions.append({"action": "setAttribute", "variantId": variant_id, "name": name})
        elif name not in have or not _same_value(have[name], value):
            actions.append(
                {"action": "setAttribute", "variantId": variant_id, "name": name, "value": value}
            )
    for name in have:
        if name not in want:  # the document is the whole attribute set: remove the rest
            actions.append({"action": "setAttribute", "variantId": variant_id, "name": name})
    return actions


def price_actions(current: Doc, desired_prices: list[Doc] | None, variant_id: int) -> list[Action]:
    """add, change and remove embedded prices of one variant, matched by scope."""
    if desired_prices is None:
        return []
    have = {price_scope(p): p for p in current.get("prices") or []}
    actions: list[Action] = []
    wanted = set()
    for price in desired_prices:
        scope = price_scope(price)
        wanted.add(scope)
        existing = have.get(scope)
        if existing is None:
            actions.append({"action": "addPrice", "variantId": variant_id, "price": price})
        elif not same_money(existing["value"], price["value"]):
            actions.append({"action": "changePrice", "priceId": existing["id"], "price": price})
    for scope, price in have.items():
        if scope not in wanted:
            actions.append({"action": "removePrice", "priceId": price["id"]})
    return actions


def product_actions(product: Mapping[str, Any], desired: Mapping[str, Any]) -> list[Action]:
    """Actions from the product's staged data to ``desired`` (a ProductDraft with ids)."""
    master_data = product["masterData"]
    staged = master_data["staged"]
    actions: list[Action] = []
    if desired.get("key") and desired["key"] != product.get("key"):
        actions.append({"action": "setKey", "key": desired["key"]})
    if "name" in desired and staged.get("name") != desired["name"]:
        actions.append({"action": "changeName", "name": desired["name"]})
    if "slug" in desired and staged.get("slug") != desired["slug"]:
        actions.append({"action": "changeSlug", "slug": desired["slug"]})
    if "description" in desired and not _same_text(
        staged.get("description"), desired["description"]
    ):
        actions.append({"action": "setDescription", "description": desired["description"]})
    if "taxCategory" in desired and _ref_id(product.get("taxCategory")) != _ref_id(
        desired["taxCategory"]
    ):
        action: Action = {"action": "setTaxCategory"}
        if desired["taxCategory"]:
            action["taxCategory"] = desired["taxCategory"]
        actions.append(action)
    if "categories" in desired:
        have = [_ref_id(c) for c in staged.get("categories") or []]
        want = [_ref_id(c) for c in desired["categories"] or []]
        for ref, ident in zip(desired["categories"] or [], want, strict=True):
            if ident not in have:
                actions.append({"action": "addToCategory", "category": ref})
        for ref, ident in zip(staged.get("categories") or [], have, strict=True):
            if ident not in want:
                actions.append(
                    {
                        "action": "removeFromCategory",
                        "category": {"typeId": "category", "id": ref["id"]},
                    }
                )
    actions += _variant_actions(staged, desired)
    if desired.get("publish") and (
        actions or not master_data.get("published") or master_data.get("hasStagedChanges")
    ):
        actions.append({"action": "publish"})
    return actions


def _variant_actions(staged: Mapping[str, Any], desired: Mapping[str, Any]) -> list[Action]:
    if "masterVariant" not in desired:
        return []
    wanted = [desired["masterVariant"], *(desired.get("variants") or [])]
    by_sku = {v.get("sku"): v for v in _variants(staged) if v.get("sku")}
    actions: list[Action] = []
    updates: list[Action] = []
    for variant in wanted:
        existing = by_sku.get(variant.get("sku"))
        if existing is None:
            added = {"action": "addVariant", "staged": True}
            added |= {k: variant[k] for k in ("sku", "key", "prices", "attributes") if k in variant}
            actions.append(added)
            continue
        updates += _attribute_actions(existing, variant, existing["id"])
        updates += price_actions(existing, variant.get("prices"), existing["id"])
    master_sku = wanted[0].get("sku")
    if master_sku and staged["masterVariant"].get("sku") != master_sku:
        actions.append({"action": "changeMasterVariant", "sku": master_sku})
    actions += updates
    wanted_skus = {v.get("sku") for v in wanted}
    for sku, variant in by_sku.items():
        if sku not in wanted_skus and variant is not staged["masterVariant"]:
            actions.append({"action": "removeVariant", "sku": sku})
    return actions


# --- customers ------------------------------------------------------------------------------


def _address_fields(address: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in address.items() if k != "id" and not _blank(v)}


def _key_of_address(customer: Mapping[str, Any], address_id: str | None) -> str | None:
    for address in customer.get("addresses") or []:
        if address.get("id") == address_id:
            return address.get("key")
    return None


def customer_actions(customer: Mapping[str, Any], desired: Mapping[str, Any]) -> list[Action]:
    """Actions from the remote customer to ``desired`` (a CustomerDraft with ids, whose
    addresses carry keys and whose defaults name address keys)."""
    actions: list[Action] = []
    if desired.get("key") and desired["key"] != customer.get("key"):
        actions.append({"action": "setKey", "key": desired["key"]})
    if "email" in desired and str(customer.get("email", "")).lower() != desired["email"].lower():
        actions.append({"action": "changeEmail", "email": desired["email"]})
    for field, name in (
        ("firstName", "setFirstName"),
        ("lastName", "setLastName"),
        ("middleName", "setMiddleName"),
        ("companyName", "setCompanyName"),
        ("externalId", "setExternalId"),
    ):
        if field in desired and not _same_text(customer.get(field), desired[field]):
            actions.append({"action": name, field: desired[field]})
    if "customerGroup" in desired and _ref_id(customer.get("customerGroup")) != _ref_id(
        desired["customerGroup"]
    ):
        action: Action = {"action": "setCustomerGroup"}
        if desired["customerGroup"]:
            action["customerGroup"] = desired["customerGroup"]
        actions.append(action)
    if "addresses" in desired:
        actions += _address_actions(customer, desired["addresses"] or [])
    for field, name in (
        ("defaultShippingAddress", "setDefaultShippingAddress"),
        ("defaultBillingAddress", "setDefaultBillingAddress"),
    ):
        wanted = desired.get(field)
        if wanted and _key_of_address(customer, customer.get(f"{field}Id")) != wanted:
            actions.append({"action": name, "addressKey": wanted})
    return actions


def _address_actions(customer: Mapping[str, Any], wanted: list[Doc]) -> list[Action]:
    """Addresses are matched by their key; remote addresses without a key (entered in the
    shop) are left alone, since nothing in the document can name them."""
    have = {a["key"]: a for a in customer.get("addresses") or [] if a.get("key")}
    actions: list[Action] = []
    for address in wanted:
        existing = have.get(address["key"])
        if existing is None:
            actions.append({"action": "addAddress", "address": address})
        elif _address_fields(existing) != _address_fields(address):
            actions.append(
                {"action": "changeAddress", "addressKey": address["key"], "address": address}
            )
    wanted_keys = {a["key"] for a in wanted}
    for key in have:
        if key not in wanted_keys:
            actions.append({"action": "removeAddress", "addressKey": key})
    return actions


def address_actions(
    customer: Mapping[str, Any],
    address: Doc,
    *,
    default_shipping: bool = False,
    default_billing: bool = False,
) -> list[Action]:
    """Actions for one keyed address of a customer: add or change it, and make it a default
    where asked (never unset a default: another address may hold it by then)."""
    actions: list[Action] = []
    existing = next(
        (a for a in customer.get("addresses") or [] if a.get("key") == address["key"]), None
    )
    if existing is None:
        actions.append({"action": "addAddress", "address": address})
    elif _address_fields(existing) != _address_fields(address):
        actions.append(
            {"action": "changeAddress", "addressKey": address["key"], "address": address}
        )
    for wanted, field, name in (
        (default_shipping, "defaultShippingAddressId", "setDefaultShippingAddress"),
        (default_billing, "defaultBillingAddressId", "setDefaultBillingAddress"),
    ):
        if wanted and _key_of_address(customer, customer.get(field)) != address["key"]:
            actions.append({"action": name, "addressKey": address["key"]})
    return actions


def customer_group_actions(group: Mapping[str, Any], desired: Mapping[str, Any]) -> list[Action]:
    actions: list[Action] = []
    if desired.get("key") and desired["key"] != group.get("key"):
        actions.append({"action": "setKey", "key": desired["key"]})
    if desired.get("groupName") and desired["groupName"] != group.get("name"):
        actions.append({"action": "changeName", "name": desired["groupName"]})
    return actions


# --- sending ----------------------------------------------------------------------------------


def apply_update(
    current: Doc,
    build: Callable[[Doc], list[Action]],
    send: Callable[[str, int, list[Action]], Doc],
    reread: Callable[[str], Doc],
    *,
    max_rebuilds: int = MAX_REBUILDS,
) -> tuple[Doc, list[Action]]:
    """Send ``build(current)`` as ``{version, actions}``; on 409 ConcurrentModification re-read
    the record and rebuild from the fresh copy (another writer's change may already make ours
    unnecessary), at most ``max_rebuilds`` times. Returns the record and the actions sent
    (none when nothing differs: no call is made)."""
    rebuilds = 0
    while True:
        actions = build(current)
        if not actions:
            return current, []
        try:
            return send(current["id"], current["version"], actions), actions
        except Conflict as exc:
            if exc.remote_code != "ConcurrentModification" or rebuilds >= max_rebuilds:
                raise
            rebuilds += 1
            current = reread(current["id"])
