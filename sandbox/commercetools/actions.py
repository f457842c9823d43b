"""Drafts (create) and update actions of the commercetools sandbox.

Shapes follow reference/commercetools.md §3.5 and §4.
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .server import CommercetoolsSandbox

Doc = dict[str, Any]
deep_copy = copy.deepcopy


def _err(code: str, message: str, **extra: Any) -> Exception:
    from .server import ApiError

    return ApiError(400, code, message, **extra)


def _require(draft: Doc, *names: str) -> None:
    for name in names:
        if draft.get(name) in (None, ""):
            raise _err(
                "InvalidJsonInput",
                "Request body does not contain valid JSON.",
                detailedErrorMessage=f"{name}: Missing required value",
            )


def money(value: Doc) -> Doc:
    _require(value, "currencyCode", "centAmount")
    digits = 0 if value["currencyCode"] == "JPY" else 2
    return {
        "type": "centPrecision",
        "currencyCode": value["currencyCode"],
        "centAmount": int(value["centAmount"]),
        "fractionDigits": digits,
    }


def _price(draft: Doc) -> Doc:
    _require(draft, "value")
    return {
        "id": str(uuid.uuid4()),
        **{k: v for k, v in draft.items() if k != "value"},
        "value": money(draft["value"]),
    }


Enums = dict[str, dict[str, Any]]  # attribute name -> enum key -> label


def _enums(sb: CommercetoolsSandbox, type_ref: Doc | None) -> Enums:
    """The enum attributes of a product type: a draft sends an enum value's key, the product
    answers ``{key, label}`` (an ``lenum`` label is localized)."""
    ptype = sb.data["product-types"].get((type_ref or {}).get("id", ""), {})
    found: Enums = {}
    for definition in ptype.get("attributes") or []:
        kind = definition.get("type") or {}
        if kind.get("name") == "set":
            kind = kind.get("elementType") or {}
        if kind.get("name") in ("enum", "lenum"):
            found[definition["name"]] = {v["key"]: v["label"] for v in kind.get("values") or []}
    return found


def _attribute(attribute: Doc, enums: Enums) -> Doc:
    name, value = attribute.get("name"), attribute.get("value")
    if name not in enums:
        return {"name": name, "value": value}

    def one(item: Any) -> Doc:
        key = item.get("key") if isinstance(item, dict) else item
        if key not in enums[name]:
            raise _err(
                "InvalidField",
                f"The value '{json.dumps(item)}' is not valid for field '{name}'.",
                field=name,
                invalidValue=item,
            )
        return {"key": key, "label": enums[name][key]}

    return {
        "name": name,
        "value": [one(v) for v in value] if isinstance(value, list) else one(value),
    }


def _variant(draft: Doc, variant_id: int, enums: Enums | None = None) -> Doc:
    return {
        "id": variant_id,
        "sku": draft.get("sku"),
        "key": draft.get("key"),
        "prices": [_price(p) for p in draft.get("prices") or []],
        "attributes": [_attribute(a, enums or {}) for a in draft.get("attributes") or []],
        "images": [],
        "assets": [],
    }


def _ref(sb: CommercetoolsSandbox, resource: str, type_id: str, ref: Doc | None) -> Doc | None:
    if not ref:
        return None
    try:
        doc = sb.find(resource, ref["id"] if "id" in ref else f"key={ref['key']}")
    except Exception:
        raise _err(
            "ReferencedResourceNotFound",
            f"The referenced object of type '{type_id}' was not found.",
            typeId=type_id,
        ) from None
    return {"typeId": type_id, "id": doc["id"]}


def _check_sku_free(sb: Any, sku: Any, owner: str | None = None) -> None:
    """A SKU belongs to one variant of one product in a project (DuplicateField)."""
    if not sku:
        return
    for product in sb.data["products"].values():
        if product["id"] == owner:
            continue
        for data in (product["masterData"]["current"], product["masterData"]["staged"]):
            if any(v.get("sku") == sku for v in _variants(data)):
                raise _err(
                    "DuplicateField",
                    f"A duplicate value '\"{sku}\"' exists for field 'sku'.",
                    field="sku",
                    duplicateValue=sku,
                )


def product_from_draft(sb: CommercetoolsSandbox, draft: Doc) -> Doc:
    _require(draft, "productType", "name", "slug")
    skus = [
        v.get("sku") for v in [draft.get("masterVariant") or {}, *(draft.get("variants") or [])]
    ]
    for n, sku in enumerate(skus):
        if sku and sku in skus[:n]:
            raise _err(
                "DuplicateField",
                f"A duplicate value '\"{sku}\"' exists for field 'sku'.",
                field="sku",
                duplicateValue=sku,
            )
        _check_sku_free(sb, sku)
    product_type = _ref(sb, "product-types", "product-type", draft["productType"])
    enums = _enums(sb, product_type)
    variants = [_variant(v, i, enums) for i, v in enumerate(draft.get("variants") or [], 2)]
    data = {
        "name": draft["name"],
        "slug": draft["slug"],
        "description": draft.get("description"),
        "categories": [
            _ref(sb, "categories", "category", c) for c in draft.get("categories") or []
        ],
        "masterVariant": _variant(draft.get("masterVariant") or {}, 1, enums),
        "variants": variants,
        "searchKeywords": {},
    }
    return sb.new_doc(
        "products",
        {
            "key": draft.get("key"),
            "productType": product_type,
            "taxCategory": _ref(sb, "tax-categories", "tax-category", draft.get("taxCategory")),
            "masterData": {
                "current": data,
                "staged": deep_copy(data),
                "published": bool(draft.get("publish")),
                "hasStagedChanges": False,
            },
            "priceMode": draft.get("priceMode", "Embedded"),
        },
    )


def _tax_rate(draft: Doc) -> Doc:
    """A TaxRate from a TaxRateDraft: a rate of one country (and state), with an id."""
    _require(draft, "name", "country")
    if "includedInPrice" not in draft:
        _require(draft, "includedInPrice")
    amount = draft.get("amount")
    if not isinstance(amount, (int, float)) or isinstance(amount, bool) or not 0 <= amount <= 1:
        raise _err(
            "InvalidField",
            f"The value '{amount}' is not valid for field 'amount'.",
            field="amount",
            invalidValue=amount,
        )
    return {
        "id": uuid.uuid4().hex[:8],
        "name": draft["name"],
        "amount": amount,
        "includedInPrice": bool(draft["includedInPrice"]),
        "country": draft["country"],
        **({"state": draft["state"]} if draft.get("state") else {}),
        "subRates": list(draft.get("subRates") or []),
    }


def tax_category_from_draft(sb: CommercetoolsSandbox, draft: Doc) -> Doc:
    _require(draft, "name")
    if any(d["name"] == draft["name"] for d in sb.data["tax-categories"].values()):
        raise _err(
            "InvalidOperation",
            f"A tax category with the name '{draft['name']}' already exists.",
        )
    return sb.new_doc(
        "tax-categories",
        {
            "key": draft.get("key"),
            "name": draft["name"],
            "description": draft.get("description"),
            "rates": [_tax_rate(r) for r in draft.get("rates") or []],
        },
    )


def customer_from_draft(sb: CommercetoolsSandbox, draft: Doc) -> Doc:
    _require(draft, "email")
    email = draft["email"]
    if any(d["email"].lower() == email.lower() for d in sb.data["customers"].values()):
        raise _err(
            "DuplicateField",
            "There is already an existing customer with the provided email.",
            field="email",
            duplicateValue=email,
        )
    addresses = [
        {"id": a.get("id") or uuid.uuid4().hex[:8], **a} for a in draft.get("addresses") or []
    ]

    def pick(index_name: str) -> str | None:
        index = draft.get(index_name)
        return addresses[index]["id"] if isinstance(index, int) and index < len(addresses) else None

    return sb.new_doc(
        "customers",
        {
            "key": draft.get("key"),
            "email": email,
            "firstName": draft.get("firstName"),
            "lastName": draft.get("lastName"),
            "companyName": draft.get("companyName"),
            "externalId": draft.get("externalId"),
            "isEmailVerified": False,
            "addresses": addresses,
            "defaultShippingAddressId": pick("defaultShippingAddress"),
            "defaultBillingAddressId": pick("defaultBillingAddress"),
            "shippingAddressIds": [],
            "billingAddressIds": [],
            "customerGroup": _ref(
                sb, "customer-groups", "customer-group", draft.get("customerGroup")
            ),
            "stores": [],
            "authenticationMode": "Password",
        },
    )


def order_from_draft(sb: CommercetoolsSandbox, draft: Doc) -> Doc:
    _require(draft, "totalPrice")
    number = draft.get("orderNumber")
    if number and any(d.get("orderNumber") == number for d in sb.data["orders"].values()):
        raise _err(
            "DuplicateField",
            f"A duplicate value '\"{number}\"' exists for field 'orderNumber'.",
            field="orderNumber",
            duplicateValue=number,
        )
    return sb.new_doc(
        "orders",
        {
            "orderNumber": number,
            "customerId": draft.get("customerId"),
            "customerEmail": draft.get("customerEmail"),
            "lineItems": [{"id": str(uuid.uuid4()), **li} for li in draft.get("lineItems") or []],
            "customLineItems": [],
            "totalPrice": money(draft["totalPrice"]),
            "orderState": draft.get("orderState", "Open"),
            "shipmentState": draft.get("shipmentState"),
            "paymentState": draft.get("paymentState"),
            "shippingAddress": draft.get("shippingAddress"),
            "billingAddress": draft.get("billingAddress"),
            "shippingInfo": draft.get("shippingInfo")
            or {"shippingMethodName": "Standard", "deliveries": []},
            "completedAt": draft.get("completedAt"),
            "origin": "Customer",
        },
    )


DRAFTS: dict[str, Callable[[CommercetoolsSandbox, Doc], Doc]] = {
    "products": product_from_draft,
    "customers": customer_from_draft,
    "customer-groups": lambda sb, d: (
        _require(d, "groupName"),
        sb.new_doc("customer-groups", {"key": d.get("key"), "name": d["groupName"]}),
    )[1],
    "categories": lambda sb, d: (
        _require(d, "name", "slug"),
        sb.new_doc(
            "categories",
            {
                "key": d.get("key"),
                "name": d["name"],
                "slug": d["slug"],
                "orderHint": d.get("orderHint", "0.5"),
                "parent": _ref(sb, "categories", "category", d.get("parent")),
                "ancestors": [],
            },
        ),
    )[1],
    "standalone-prices": lambda sb, d: (
        _require(d, "sku", "value"),
        sb.new_doc(
            "standalone-prices",
            {
                "key": d.get("key"),
                "sku": d["sku"],
                "value": money(d["value"]),
                "active": d.get("active", True),
                **{
                    k: d[k]
                    for k in ("country", "customerGroup", "channel", "validFrom", "validUntil")
                    if k in d
                },
            },
        ),
    )[1],
    "product-types": lambda sb, d: (
        _require(d, "name"),
        sb.new_doc(
            "product-types",
            {
                "key": d.get("key"),
                "name": d["name"],
                "description": d.get("description", ""),
                "attributes": d.get("attributes") or [],
            },
        ),
    )[1],
    "orders": order_from_draft,
    "tax-categories": tax_category_from_draft,
}


# ---------------------------------------------------------------- update actions


def _staged(doc: Doc, action: Doc) -> list[Doc]:
    """Product actions change staged data; with `staged: false` they change current too."""
    data = doc["masterData"]
    if action.get("staged", True):
        data["hasStagedChanges"] = True
        return [data["staged"]]
    return [data["staged"], data["current"]]


def _variants(data: Doc) -> list[Doc]:
    return [data["masterVariant"], *data["variants"]]


def _variant_of(data: Doc, action: Doc) -> Doc:
    for variant in _variants(data):
        if variant["id"] == action.get("variantId") or (
            action.get("sku") and variant["sku"] == action["sku"]
        ):
            return variant
    raise _err("InvalidOperation", "The variant does not exist.")


def _set(field: str, required: bool = False) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        if required:
            _require(action, field)
        doc[field] = action.get(field)

    return apply


def _product_set(field: str) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        for data in _staged(doc, action):
            data[field] = action.get(field)

    return apply


def _set_sku(sb: Any, doc: Doc, action: Doc) -> None:
    _check_sku_free(sb, action.get("sku"), doc["id"])
    for data in _staged(doc, action):
        _variant_of(data, {"variantId": action.get("variantId")})["sku"] = action.get("sku")


def _add_price(sb: Any, doc: Doc, action: Doc) -> None:
    price = _price(action.get("price") or {})
    for data in _staged(doc, action):
        _variant_of(data, action)["prices"].append(deep_copy(price))


def _change_price(sb: Any, doc: Doc, action: Doc) -> None:
    found = False
    for data in _staged(doc, action):
        for variant in _variants(data):
            for i, price in enumerate(variant["prices"]):
                if price["id"] == action.get("priceId"):
                    variant["prices"][i] = {**_price(action.get("price") or {}), "id": price["id"]}
                    found = True
    if not found:
        raise _err(
            "InvalidOperation", f"The price with ID '{action.get('priceId')}' does not exist."
        )


def _remove_price(sb: Any, doc: Doc, action: Doc) -> None:
    for data in _staged(doc, action):
        for variant in _variants(data):
            variant["prices"] = [p for p in variant["prices"] if p["id"] != action.get("priceId")]


def _set_prices(sb: Any, doc: Doc, action: Doc) -> None:
    prices = [_price(p) for p in action.get("prices") or []]
    for data in _staged(doc, action):
        _variant_of(data, action)["prices"] = deep_copy(prices)


def _set_attribute(sb: Any, doc: Doc, action: Doc) -> None:
    for data in _staged(doc, action):
        variant = _variant_of(data, action)
        rest = [a for a in variant["attributes"] if a["name"] != action.get("name")]
        if action.get("value") is not None:
            rest.append(_attribute(action, _enums(sb, doc.get("productType"))))
        variant["attributes"] = rest


def _add_variant(sb: Any, doc: Doc, action: Doc) -> None:
    _check_sku_free(sb, action.get("sku"), doc["id"])
    for data in _staged(doc, action):
        number = max(v["id"] for v in _variants(data)) + 1
        data["variants"].append(_variant(action, number, _enums(sb, doc.get("productType"))))


def _publish(sb: Any, doc: Doc, action: Doc) -> None:
    data = doc["masterData"]
    data["current"] = deep_copy(data["staged"])
    data["published"], data["hasStagedChanges"] = True, False


def _unpublish(sb: Any, doc: Doc, action: Doc) -> None:
    doc["masterData"]["published"] = False


def _category(add: bool) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        ref = _ref(sb, "categories", "category", action.get("category"))
        for data in _staged(doc, action):
            data["categories"] = [c for c in data["categories"] if c["id"] != ref["id"]] + (
                [ref] if add else []
            )

    return apply


def _address_id(doc: Doc, action: Doc) -> str:
    wanted = action.get("addressId") or action.get("addressKey")
    for address in doc["addresses"]:
        if wanted in (address.get("id"), address.get("key")):
            return address["id"]
    raise _err("InvalidOperation", f"The customer does not have an address with ID '{wanted}'.")


def _add_address(sb: Any, doc: Doc, action: Doc) -> None:
    _require(action, "address")
    doc["addresses"].append({"id": uuid.uuid4().hex[:8], **action["address"]})


def _change_address(sb: Any, doc: Doc, action: Doc) -> None:
    address_id = _address_id(doc, action)
    doc["addresses"] = [
        {**action.get("address", {}), "id": address_id} if a["id"] == address_id else a
        for a in doc["addresses"]
    ]


def _remove_address(sb: Any, doc: Doc, action: Doc) -> None:
    address_id = _address_id(doc, action)
    doc["addresses"] = [a for a in doc["addresses"] if a["id"] != address_id]
    for field in ("defaultShippingAddressId", "defaultBillingAddressId"):
        if doc.get(field) == address_id:
            doc[field] = None


def _default_address(field: str, ids_field: str) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        address_id = _address_id(doc, action)
        doc[field] = address_id
        if address_id not in doc[ids_field]:
            doc[ids_field].append(address_id)

    return apply


def _add_address_id(ids_field: str) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        address_id = _address_id(doc, action)
        if address_id not in doc[ids_field]:
            doc[ids_field].append(address_id)

    return apply


def _set_customer_group(sb: Any, doc: Doc, action: Doc) -> None:
    doc["customerGroup"] = _ref(
        sb, "customer-groups", "customer-group", action.get("customerGroup")
    )


def _change_email(sb: Any, doc: Doc, action: Doc) -> None:
    _require(action, "email")
    if any(
        d["id"] != doc["id"] and d["email"].lower() == action["email"].lower()
        for d in sb.data["customers"].values()
    ):
        raise _err(
            "DuplicateField",
            "There is already an existing customer with the provided email.",
            field="email",
            duplicateValue=action["email"],
        )
    doc["email"] = action["email"]


def _deliveries(doc: Doc) -> list[Doc]:
    info = doc.setdefault("shippingInfo", {"shippingMethodName": "Standard", "deliveries": []})
    return info.setdefault("deliveries", [])


def _parcel(draft: Doc) -> Doc:
    return {
        "id": str(uuid.uuid4()),
        "createdAt": None,
        "measurements": draft.get("measurements"),
        "trackingData": draft.get("trackingData"),
        "items": draft.get("items") or [],
    }


def _add_delivery(sb: Any, doc: Doc, action: Doc) -> None:
    parcels = [_parcel(p) | {"createdAt": sb.stamp()} for p in action.get("parcels") or []]
    _deliveries(doc).append(
        {
            "id": str(uuid.uuid4()),
            "key": action.get("deliveryKey"),
            "createdAt": sb.stamp(),
            "items": action.get("items") or [],
            "parcels": parcels,
            "address": action.get("address"),
        }
    )


def _delivery(doc: Doc, action: Doc) -> Doc:
    for delivery in _deliveries(doc):
        if delivery["id"] == action.get("deliveryId") or (
            action.get("deliveryKey") and delivery.get("key") == action["deliveryKey"]
        ):
            return delivery
    raise _err(
        "InvalidOperation", f"The delivery with ID '{action.get('deliveryId')}' does not exist."
    )


def _add_parcel(sb: Any, doc: Doc, action: Doc) -> None:
    _delivery(doc, action)["parcels"].append(_parcel(action) | {"createdAt": sb.stamp()})


def _set_tracking(sb: Any, doc: Doc, action: Doc) -> None:
    for delivery in _deliveries(doc):
        for parcel in delivery["parcels"]:
            if parcel["id"] == action.get("parcelId"):
                parcel["trackingData"] = action.get("trackingData")
                return
    raise _err("InvalidOperation", f"The parcel with ID '{action.get('parcelId')}' does not exist.")


def _change(field: str, source: str) -> Callable[[Any, Doc, Doc], None]:
    def apply(sb: Any, doc: Doc, action: Doc) -> None:
        _require(action, source)
        doc[field] = action[source]

    return apply


def _set_tax_category(sb: Any, doc: Doc, action: Doc) -> None:
    doc["taxCategory"] = _ref(sb, "tax-categories", "tax-category", action.get("taxCategory"))


ACTIONS: dict[str, dict[str, Callable[[Any, Doc, Doc], None]]] = {
    "products": {
        "setKey": _set("key"),
        "changeName": _product_set("name"),
        "changeSlug": _product_set("slug"),
        "setDescription": _product_set("description"),
        "setSku": _set_sku,
        "addPrice": _add_price,
        "changePrice": _change_price,
        "removePrice": _remove_price,
        "setPrices": _set_prices,
        "setAttribute": _set_attribute,
        "addVariant": _add_variant,
        "addToCategory": _category(True),
        "removeFromCategory": _category(False),
        "publish": _publish,
        "unpublish": _unpublish,
        "setTaxCategory": _set_tax_category,
    },
    "standalone-prices": {
        "changeValue": lambda sb, doc, a: doc.update(value=money(a.get("value") or {})),
        "setKey": _set("key"),
        "changeActive": _change("active", "active"),
    },
    "customers": {
        "setKey": _set("key"),
        "changeEmail": _change_email,
        "setFirstName": _set("firstName"),
        "setLastName": _set("lastName"),
        "setCompanyName": _set("companyName"),
        "setExternalId": _set("externalId"),
        "setCustomerGroup": _set_customer_group,
        "addAddress": _add_address,
        "changeAddress": _change_address,
        "removeAddress": _remove_address,
        "setDefaultShippingAddress": _default_address(
            "defaultShippingAddressId", "shippingAddressIds"
        ),
        "setDefaultBillingAddress": _default_address(
            "defaultBillingAddressId", "billingAddressIds"
        ),
        "addShippingAddressId": _add_address_id("shippingAddressIds"),
        "addBillingAddressId": _add_address_id("billingAddressIds"),
    },
    "customer-groups": {"changeName": _change("name", "name"), "setKey": _set("key")},
    "tax-categories": {
        "changeName": _change("name", "name"),
        "setKey": _set("key"),
        "setDescription": _set("description"),
        "addTaxRate": lambda sb, doc, a: doc["rates"].append(_tax_rate(a.get("taxRate") or {})),
    },
    "categories": {
        "changeName": _change("name", "name"),
        "changeSlug": _change("slug", "slug"),
        "setKey": _set("key"),
    },
    "orders": {
        "addDelivery": _add_delivery,
        "addParcelToDelivery": _add_parcel,
        "setParcelTrackingData": _set_tracking,
        "changeOrderState": _change("orderState", "orderState"),
        "changeShipmentState": _change("shipmentState", "shipmentState"),
        "changePaymentState": _change("paymentState", "paymentState"),
        "setOrderNumber": _set("orderNumber"),
    },
}
