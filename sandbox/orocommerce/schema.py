"""The OroCommerce back-office resources the sandbox serves, with field names per API version.

Field names, filters and required fields follow `reference/orocommerce.md` §2 (the 6.1 names are the
canonical ones here); `schema_for()` renames what differs in 5.1 and 6.0 (§2.8, §2.9, §2.10).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

VERSIONS = ("5.1", "6.0", "6.1", "7.0")
DEFAULT_VERSION = "6.1"

# filter kinds: id (comma lists and ranges), int, str (single value), str_list (comma lists
# allowed), bool, datetime, rel (related id), search (searchText)


@dataclass
class Rel:
    target: str
    many: bool = False
    inverse: str | None = None  # the relationship on the target that points back
    readonly: bool = False


@dataclass
class Resource:
    name: str
    attrs: dict[str, str] = field(default_factory=dict)  # name -> str|int|float|money|bool|...
    rels: dict[str, Rel] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)
    sorts: tuple[str, ...] = ("id",)
    required: tuple[str, ...] = ()
    readonly: tuple[str, ...] = ("createdAt", "updatedAt")
    required_filters: tuple[str, ...] = ()
    int_ids: bool = True
    writable: bool = True
    org_scoped: bool = True
    search: tuple[str, ...] = ()  # attributes searched by filter[searchText]


def _r(name: str, **kwargs) -> Resource:
    filters = kwargs.pop("filters", {})
    int_ids = kwargs.get("int_ids", True)
    return Resource(name, filters={"id": "id" if int_ids else "str_list", **filters}, **kwargs)


TS = {"createdAt": "datetime", "updatedAt": "datetime"}
DTF = {"createdAt": "datetime", "updatedAt": "datetime"}
ADDRESS_ATTRS = {
    "label": "str",
    "street": "str",
    "street2": "str",
    "city": "str",
    "postalCode": "str",
    "organization": "str",  # the company name; the organization relationship is systemOrganization
    "namePrefix": "str",
    "firstName": "str",
    "middleName": "str",
    "lastName": "str",
    "nameSuffix": "str",
    "phone": "str",
    "primary": "bool",
    "customRegion": "str",
    "types": "array",
    **TS,
}
ADDRESS_RELS = {
    "systemOrganization": Rel("organizations"),
    "owner": Rel("users"),
    "country": Rel("countries"),
    "region": Rel("regions"),
}
LOOKUP = {"org_scoped": False, "writable": False}

BASE_RESOURCES: list[Resource] = [
    _r(
        "products",
        attrs={
            "sku": "str",
            "status": "str",
            "productType": "str",
            "variantFields": "array",
            "featured": "bool",
            "newArrival": "bool",
            "availability_date": "date",
            **TS,
        },
        rels={
            "owner": Rel("businessunits"),
            "organization": Rel("organizations"),
            "names": Rel("productnames", True),
            "descriptions": Rel("productdescriptions", True),
            "unitPrecisions": Rel("productunitprecisions", True, inverse="product"),
            "primaryUnitPrecision": Rel("productunitprecisions"),
            "attributeFamily": Rel("attributefamilies"),
            "category": Rel("categories"),
            "brand": Rel("brands"),
            "taxCode": Rel("producttaxcodes"),
            "inventory_status": Rel("prodinventorystatuses"),
            "variantLinks": Rel("productvariantlinks", True),
            "kitItems": Rel("productkititems", True),
            "productShippingOptions": Rel("productshippingoptions", True),
        },
        filters={
            "sku": "str_list",
            "status": "str",
            "productType": "str",
            "attributeFamily": "rel",
            "searchText": "search",
            **DTF,
        },
        sorts=("id", "sku", "createdAt", "updatedAt"),
        required=("sku", "names", "inventory_status", "attributeFamily", "primaryUnitPrecision"),
        search=("sku",),
    ),
    # A localized value points to its localization; none means the default value.
    _r(
        "productnames",
        attrs={"string": "str", "fallback": "str"},
        rels={"localization": Rel("localizations")},
        org_scoped=False,
    ),
    _r(
        "productdescriptions",
        attrs={"text": "str", "fallback": "str"},
        rels={"localization": Rel("localizations")},
        org_scoped=False,
    ),
    _r("localizedfallbackvalues", attrs={"string": "str", "text": "str", "fallback": "str"}),
    _r(
        "productunitprecisions",
        attrs={"precision": "int", "conversionRate": "float", "sell": "bool"},
        rels={"product": Rel("products"), "unit": Rel("productunits")},
        filters={"product": "rel", "unit": "rel"},
        required=("unit",),
        org_scoped=False,
    ),
    _r(
        "productunits",
        attrs={
            "defaultPrecision": "int",
            "label": "str",
            "shortLabel": "str",
            "pluralLabel": "str",
            "shortPluralLabel": "str",
        },
        int_ids=False,
        **LOOKUP,
    ),
    _r(
        "productvariantlinks",
        attrs={"visible": "bool"},
        rels={"parentProduct": Rel("products"), "product": Rel("products")},
        filters={"parentProduct": "rel", "product": "rel"},
        org_scoped=False,
    ),
    _r(
        "productkititems",
        attrs={
            "sortOrder": "int",
            "optional": "bool",
            "minimumQuantity": "float",
            "maximumQuantity": "float",
            **TS,
        },
        rels={
            "labels": Rel("productkititemlabels", True),
            "productKit": Rel("products"),
            "kitItemProducts": Rel("productkititemproducts", True),
            "productUnit": Rel("productunits"),
        },
        filters={"productKit": "rel"},
        org_scoped=False,
    ),
    _r("productkititemlabels", attrs={"string": "str", "fallback": "str"}, org_scoped=False),
    _r(
        "productkititemproducts",
        attrs={"sortOrder": "int"},
        rels={
            "kitItem": Rel("productkititems"),
            "product": Rel("products"),
            "productUnitPrecision": Rel("productunitprecisions"),
        },
        org_scoped=False,
    ),
    _r(
        "productshippingoptions",
        attrs={"weightValue": "float", "dimensionsLength": "float", "dimensionsWidth": "float"},
        rels={
            "product": Rel("products"),
            "productUnit": Rel("productunits"),
            "weightUnit": Rel("weightunits"),
            "dimensionsUnit": Rel("lengthunits"),
        },
        org_scoped=False,
    ),
    _r(
        "productprices",
        attrs={"quantity": "float", "value": "money", "currency": "str"},
        rels={
            "priceList": Rel("pricelists"),
            "product": Rel("products"),
            "unit": Rel("productunits"),
        },
        filters={"priceList": "rel", "product": "rel", "unit": "rel"},
        required=("priceList", "product", "unit", "quantity", "value", "currency"),
        required_filters=("priceList",),
        readonly=(),
        int_ids=False,
    ),
    _r(
        "pricelists",
        attrs={
            "name": "str",
            "active": "bool",
            "actual": "bool",
            "containSchedule": "bool",
            "productAssignmentRule": "str",
            "priceListCurrencies": "array",
            **TS,
        },
        rels={"organization": Rel("organizations")},
        filters={"name": "str", "active": "bool", "searchText": "search"},
        sorts=("id", "name"),
        required=("name", "priceListCurrencies"),
        search=("name",),
    ),
    _r(
        "pricelisttocustomergroups",
        attrs={"sortOrder": "int", "mergeAllowed": "bool"},
        rels={
            "priceList": Rel("pricelists"),
            "customerGroup": Rel("customergroups"),
        },
        filters={"priceList": "rel", "customerGroup": "rel"},
        required=("priceList", "customerGroup", "sortOrder"),
        readonly=("priceList", "customerGroup"),
    ),
    _r(
        "customers",
        attrs={"name": "str", "externalId": "str", **TS},
        rels={
            "parent": Rel("customers", inverse="children"),
            "children": Rel("customers", True, readonly=True),
            "users": Rel("customerusers", True, readonly=True),
            "owner": Rel("users"),
            "organization": Rel("organizations"),
            "salesRepresentatives": Rel("users", True),
            "group": Rel("customergroups"),
            "addresses": Rel("customeraddresses", True, readonly=True),
            "paymentTerm": Rel("paymentterms"),
            "taxCode": Rel("customertaxcodes"),
        },
        filters={
            "name": "str",
            "externalId": "str_list",
            "group": "rel",
            "parent": "rel",
            **DTF,
        },
        sorts=("id", "name", "createdAt", "updatedAt"),
        required=("name",),
    ),
    _r(
        "customergroups",
        attrs={"name": "str"},
        rels={
            "owner": Rel("users"),
            "organization": Rel("organizations"),
            "paymentTerm": Rel("paymentterms"),
            "taxCode": Rel("customertaxcodes"),
        },
        filters={"name": "str"},
        sorts=("id", "name"),
        required=("name",),
        readonly=(),
    ),
    _r(
        "customerusers",
        attrs={
            "email": "str",
            "firstName": "str",
            "lastName": "str",
            "namePrefix": "str",
            "middleName": "str",
            "nameSuffix": "str",
            "birthday": "date",
            "enabled": "bool",
            "confirmed": "bool",
            "isGuest": "bool",
            "externalId": "str",
            "loginCount": "int",
            **TS,
        },
        rels={
            "customer": Rel("customers", inverse="users"),
            "userRoles": Rel("customeruserroles", True),
            "addresses": Rel("customeruseraddresses", True, readonly=True),
            "owner": Rel("users"),
            "organization": Rel("organizations"),
        },
        filters={"email": "str", "customer": "rel", "externalId": "str_list", **DTF},
        sorts=("id", "email", "createdAt", "updatedAt"),
        required=("email", "firstName", "lastName", "customer"),
        readonly=("createdAt", "updatedAt", "loginCount"),
    ),
    _r(
        "customeraddresses",
        attrs=dict(ADDRESS_ATTRS),
        rels={**ADDRESS_RELS, "customer": Rel("customers", inverse="addresses")},
        filters={
            "customer": "rel",
            "country": "rel",
            "region": "rel",
            "addressType": "address_type",
            **DTF,
        },
        required=("street", "city", "postalCode", "country", "customer"),
    ),
    _r(
        "customeruseraddresses",
        attrs=dict(ADDRESS_ATTRS),
        rels={**ADDRESS_RELS, "customerUser": Rel("customerusers", inverse="addresses")},
        filters={
            "customerUser": "rel",
            "country": "rel",
            "region": "rel",
            "addressType": "address_type",
            **DTF,
        },
        required=("street", "city", "postalCode", "country", "customerUser"),
    ),
    _r(
        "orders",
        attrs={
            "identifier": "str",
            "poNumber": "str",
            "customerNotes": "str",
            "shipUntil": "date",
            "currency": "str",
            "subtotalValue": "money",
            "totalValue": "money",
            "totalDiscountsAmount": "money",
            "shippingMethod": "str",
            "shippingMethodType": "str",
            "estimatedShippingCostAmount": "money",
            "external": "bool",
            "externalId": "str",
            **TS,
        },
        rels={
            "customer": Rel("customers"),
            "customerUser": Rel("customerusers"),
            "lineItems": Rel("orderlineitems", True, inverse="orders"),
            "billingAddress": Rel("orderaddresses"),
            "shippingAddress": Rel("orderaddresses"),
            "shippingTrackings": Rel("ordershippingtrackings", True, inverse="orders"),
            "paymentTerm": Rel("paymentterms"),
            "owner": Rel("users"),
            "organization": Rel("organizations"),
            "internalStatus": Rel("orderinternalstatuses", readonly=True),
            "status": Rel("orderstatuses"),
            "shippingStatus": Rel("ordershippingstatuses"),
            "orderSubtotals": Rel("ordersubtotals", True, readonly=True),
        },
        filters={
            "identifier": "str_list",
            "poNumber": "str_list",
            "external": "bool",
            "externalId": "str_list",
            "customer": "rel",
            "customerUser": "rel",
            **DTF,
        },
        sorts=("id", "identifier", "createdAt", "updatedAt", "external"),
        required=("currency", "customer", "lineItems"),
        readonly=(
            "updatedAt",
            "subtotalValue",
            "totalValue",
            "totalDiscountsAmount",
            "internalStatus",
            "orderSubtotals",
        ),
    ),
    _r("orderaddresses", attrs=dict(ADDRESS_ATTRS), rels=dict(ADDRESS_RELS), org_scoped=False),
    _r(
        "orderlineitems",
        attrs={
            "productSku": "str",
            "productName": "str",
            "freeFormProduct": "str",
            "quantity": "float",
            "productUnitCode": "str",
            "value": "money",
            "currency": "str",
            "priceType": "int",
            "shipBy": "date",
            "comment": "str",
            "checksum": "str",
            **TS,
        },
        rels={
            "orders": Rel("orders", True, inverse="lineItems"),
            "product": Rel("products"),
            "parentProduct": Rel("products"),
            "productUnit": Rel("productunits"),
        },
        filters={"orders": "rel", **DTF},
        required=("quantity", "currency", "productUnit", "orders"),
        readonly=("createdAt", "updatedAt", "productUnitCode", "checksum"),
        org_scoped=False,
    ),
    _r(
        "ordersubtotals",
        attrs={
            "orderSubtotalType": "str",
            "label": "str",
            "amount": "money",
            "signedAmount": "money",
            "currency": "str",
            "visible": "bool",
            "data": "object",
        },
        rels={"order": Rel("orders"), "priceList": Rel("pricelists")},
        filters={"order": "rel"},
        required_filters=("order",),
        int_ids=False,
        writable=False,
        org_scoped=False,
    ),
    _r(
        "ordershippingtrackings",
        attrs={"method": "str", "number": "str"},
        rels={"orders": Rel("orders", True, inverse="shippingTrackings")},
        filters={"orders": "rel"},
        required=("method", "number", "orders"),
        readonly=(),
        org_scoped=False,
    ),
    # lookups and system resources
    _r(
        "organizations",
        attrs={"name": "str", "description": "str", "enabled": "bool", **TS},
        filters={"name": "str"},
        writable=False,
    ),
    _r(
        "users",
        attrs={"username": "str", "email": "str", "firstName": "str", "lastName": "str"}
        | {"enabled": "bool", **TS},
        rels={"organization": Rel("organizations"), "owner": Rel("businessunits")},
        filters={"username": "str", "email": "str"},
        writable=False,
    ),
    _r(
        "businessunits",
        attrs={"name": "str", "phone": "str", "email": "str", **TS},
        rels={"organization": Rel("organizations")},
        filters={"searchText": "search"},
        search=("name",),
        writable=False,
    ),
    _r(
        "customeruserroles",
        attrs={"role": "str", "label": "str", "selfManaged": "bool", "public": "bool"},
        **LOOKUP,
    ),
    _r(
        "customertaxcodes",
        attrs={"code": "str", "description": "str", **TS},
        filters={"searchText": "search"},
        search=("code",),
        **LOOKUP,
    ),
    _r(
        "producttaxcodes",
        attrs={"code": "str", "description": "str", **TS},
        filters={"searchText": "search"},
        search=("code",),
        **LOOKUP,
    ),
    _r(
        "paymentterms",
        attrs={"label": "str"},
        filters={"searchText": "search"},
        search=("label",),
        **LOOKUP,
    ),
    _r("attributefamilies", attrs={"code": "str", "isEnabled": "bool", **TS}, **LOOKUP),
    # The instance's localizations: languageCode is the language's code ("en"), formattingCode
    # the locale's ("en_US"). Names and descriptions per locale link to them.
    _r(
        "localizations",
        attrs={
            "name": "str",
            "languageCode": "str",
            "formattingCode": "str",
            "rtlMode": "bool",
            **TS,
        },
        **LOOKUP,
    ),
    _r("lengthunits", attrs={"conversionRates": "object"}, int_ids=False, **LOOKUP),
    _r("weightunits", attrs={"conversionRates": "object"}, int_ids=False, **LOOKUP),
    _r(
        "categories",
        attrs={"materializedPath": "str", **TS},
        rels={
            "titles": Rel("localizedfallbackvalues", True),
            "parentCategory": Rel("categories"),
        },
        filters={"searchText": "search"},
        **LOOKUP,
    ),
    _r(
        "brands",
        attrs={"status": "str", **TS},
        rels={"names": Rel("localizedfallbackvalues", True)},
        filters={"searchText": "search"},
        **LOOKUP,
    ),
    _r(
        "countries",
        attrs={"iso3Code": "str", "name": "str"},
        rels={"regions": Rel("regions", True, readonly=True)},
        filters={"name": "str", "iso2Code": "str_list"},
        int_ids=False,
        **LOOKUP,
    ),
    _r(
        "regions",
        attrs={"code": "str", "name": "str"},
        rels={"country": Rel("countries", inverse="regions")},
        filters={"name": "str", "country": "rel"},
        int_ids=False,
        **LOOKUP,
    ),
    *(
        _r(name, attrs={"name": "str"}, int_ids=False, **LOOKUP)
        for name in (
            "prodinventorystatuses",
            "orderinternalstatuses",
            "orderstatuses",
            "ordershippingstatuses",
        )
    ),
]


def _rename_rel(resource: Resource, old: str, new: str, many: bool) -> None:
    rel = resource.rels.pop(old)
    rel.many = many
    resource.rels[new] = rel
    if old in resource.filters:
        resource.filters[new] = resource.filters.pop(old)
    resource.required = tuple(new if r == old else r for r in resource.required)


def schema_for(version: str) -> dict[str, Resource]:
    """The resources as the given Oro API version names them (§2.8-§2.10)."""
    if version not in VERSIONS:
        raise ValueError(f"unknown Oro API version {version!r}; known: {', '.join(VERSIONS)}")
    resources = {r.name: copy.deepcopy(r) for r in BASE_RESOURCES}
    major_minor = tuple(int(p) for p in version.split("."))
    if major_minor < (6, 1):
        # orderlineitems.orders and ordershippingtrackings.orders were to-one `order` before 6.1
        for name in ("orderlineitems", "ordershippingtrackings"):
            _rename_rel(resources[name], "orders", "order", many=False)
        for name in ("lineItems", "shippingTrackings"):
            resources["orders"].rels[name].inverse = "order"
        resources["orders"].rels.pop("orderSubtotals")
        del resources["ordersubtotals"]
        for name in ("orders", "customers", "customerusers"):
            resources[name].attrs.pop("externalId")
            resources[name].filters.pop("externalId")
    if major_minor < (6, 0):
        orders = resources["orders"]
        orders.rels["internal_status"] = orders.rels.pop("internalStatus")
        orders.rels.pop("status")
        orders.readonly = (*orders.readonly, "internal_status")
    return resources
