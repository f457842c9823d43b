"""The OroCommerce back-office resources as the reference records them: field names, target
types and value forms, written from ``reference/orocommerce.md`` §2 (6.1 names; the version
differences of §2.5, §2.6, §2.8, §2.9 and §2.10 in ``shape_for``). Each entry cites its section.

Written from the reference, never from the sandbox's own schema (``sandbox/orocommerce/
schema.py``): the point is to catch the sandbox inventing or renaming a field.

``attributes`` and ``relationships`` are every name the reference lists: a sandbox field
outside them is invented. ``present`` are the names a real response always carries (required
on create, or the connector's natural key): the sandbox must emit them. ``money`` values are
strings (§2.3, §2.8); ``createdAt``/``updatedAt`` are UTC ``Y-m-dTH:i:sZ`` (§1.3).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

TIMESTAMPS = frozenset({"createdAt", "updatedAt"})


@dataclass
class Shape:
    section: str
    attributes: set[str]
    relationships: dict[str, str | None]  # name -> target type (None: not stated)
    present: set[str] = field(default_factory=set)
    money: set[str] = field(default_factory=set)
    id_form: str | None = None  # a regular expression for ids that are not plain numbers


def words(text: str) -> set[str]:
    return set(text.split())


def links(text: str) -> dict[str, str | None]:
    """``"name:targettype ..."``; ``name:?`` where the reference names no target type."""
    pairs = (item.split(":") for item in text.split())
    return {name: None if target == "?" else target for name, target in pairs}


ADDRESS_ATTRIBUTES = words(  # §2.7
    "label street street2 city postalCode organization namePrefix firstName middleName "
    "lastName nameSuffix phone primary customRegion validatedAt createdAt updatedAt types"
)
ADDRESS_LINKS = "systemOrganization:organizations owner:users country:countries region:regions"
FALLBACKS = " ".join(  # §2.1: these product fields are entityfieldfallbackvalues
    f"{name}:entityfieldfallbackvalues"
    for name in sorted(
        words(
            "pageTemplate manageInventory highlightLowInventory inventoryThreshold "
            "lowInventoryThreshold minimumQuantityToOrder maximumQuantityToOrder "
            "decrementQuantity backOrder isUpcoming"
        )
    )
)

RESOURCES: dict[str, Shape] = {
    "products": Shape(
        "§2.1",
        words(
            "sku status productType variantFields featured newArrival availability_date "
            "createdAt updatedAt"
        ),
        links(
            "owner:businessunits organization:organizations names:productnames "
            "descriptions:productdescriptions shortDescriptions:productshortdescriptions "
            "slugPrototypes:localizedfallbackvalues metaTitles:localizedfallbackvalues "
            "metaDescriptions:localizedfallbackvalues metaKeywords:localizedfallbackvalues "
            "unitPrecisions:productunitprecisions primaryUnitPrecision:productunitprecisions "
            "attributeFamily:attributefamilies category:categories brand:brands "
            "taxCode:producttaxcodes inventory_status:prodinventorystatuses "
            "variantLinks:productvariantlinks kitItems:productkititems images:productimages "
            f"productShippingOptions:? attachments:? activityNotes:? {FALLBACKS}"
        ),
        words(
            "sku status productType names inventory_status attributeFamily "
            "primaryUnitPrecision unitPrecisions"
        ),
    ),
    "productnames": Shape(
        "§2.1", words("string fallback"), links("localization:localizations"), words("string")
    ),
    "productunitprecisions": Shape(
        "§2.2",
        words("precision conversionRate sell"),
        links("product:products unit:productunits"),
        words("precision conversionRate unit"),
    ),
    "productunits": Shape(
        "§2.2 (the id is the code)",
        words("defaultPrecision label shortLabel pluralLabel shortPluralLabel"),
        {},
        id_form=r"[a-z_]+",
    ),
    "productprices": Shape(
        "§2.3",
        words("quantity value currency"),
        links("priceList:pricelists product:products unit:productunits"),
        words("quantity value currency priceList product unit"),
        money={"value"},
        id_form=r"[0-9a-f-]{36}-\d+",  # "<priceUuid>-<priceListId>"
    ),
    "pricelists": Shape(
        "§2.4",
        words(
            "name active actual containSchedule productAssignmentRule priceListCurrencies "
            "createdAt updatedAt"
        ),
        links("organization:organizations schedules:pricelistschedules priceRules:pricerules"),
        words("name priceListCurrencies"),
    ),
    "pricelisttocustomergroups": Shape(
        "§2.4",
        words("sortOrder mergeAllowed"),
        links("priceList:pricelists customerGroup:customergroups website:websites"),
        words("priceList customerGroup"),
    ),
    "customers": Shape(
        "§2.5",
        words("name createdAt updatedAt externalId"),
        links(
            "parent:customers children:customers users:customerusers owner:users "
            "organization:organizations salesRepresentatives:users "
            "internal_rating:customerratings group:customergroups "
            "addresses:customeraddresses paymentTerm:paymentterms taxCode:customertaxcodes"
        ),
        words("name"),
    ),
    "customergroups": Shape(
        "§2.5",
        words("name"),
        links(
            "owner:? organization:organizations paymentTerm:paymentterms taxCode:customertaxcodes"
        ),
        words("name"),
    ),
    "customerusers": Shape(
        "§2.6",
        words(
            "email firstName lastName namePrefix middleName nameSuffix birthday enabled "
            "confirmed isGuest externalId loginCount lastLogin passwordRequestedAt "
            "passwordChangedAt createdAt updatedAt"
        ),
        links(
            "customer:customers userRoles:customeruserroles addresses:customeruseraddresses "
            "owner:users salesRepresentatives:users organization:organizations auth_status:?"
        ),
        words("email firstName lastName customer"),
    ),
    "customeraddresses": Shape(
        "§2.7",
        ADDRESS_ATTRIBUTES,
        links(f"{ADDRESS_LINKS} customer:customers"),
        words("types street city postalCode country customer"),
    ),
    "customeruseraddresses": Shape(
        "§2.7",
        ADDRESS_ATTRIBUTES,
        links(f"{ADDRESS_LINKS} customerUser:customerusers"),
        words("types street city postalCode country customerUser"),
    ),
    "orders": Shape(
        "§2.8",
        words(
            "identifier poNumber customerNotes shipUntil currency subtotalValue totalValue "
            "subtotalWithDiscountsValue totalDiscountsAmount shippingMethod shippingMethodType "
            "estimatedShippingCostAmount overriddenShippingCostAmount sourceEntityIdentifier "
            "external createdAt updatedAt externalId"
        ),
        links(
            "customer:customers customerUser:customerusers lineItems:orderlineitems "
            "billingAddress:orderaddresses shippingAddress:orderaddresses "
            "discounts:orderdiscounts shippingTrackings:ordershippingtrackings "
            "paymentTerm:paymentterms owner:users organization:organizations createdBy:users "
            "internalStatus:orderinternalstatuses status:orderstatuses "
            "shippingStatus:ordershippingstatuses source:? orderSubtotals:ordersubtotals "
            "documents:files invoices:?"
        ),
        words("identifier currency customer lineItems internalStatus"),
        money={"subtotalValue", "totalValue"},
    ),
    "orderaddresses": Shape(
        "§2.8 (orderaddresses)",
        # createdAt/updatedAt are inferred: §2.8 lists the fields an order takes, and the
        # address records of §2.7 carry both timestamps.
        words(
            "label street street2 city postalCode organization namePrefix firstName "
            "middleName lastName nameSuffix phone customRegion createdAt updatedAt"
        ),
        links(
            "country:countries region:regions customerAddress:customeraddresses "
            "customerUserAddress:customeruseraddresses"
        ),
        words("street city postalCode country"),
    ),
    "orderlineitems": Shape(
        "§2.9",
        words(
            "productSku productName productVariantFields freeFormProduct quantity "
            "productUnitCode value currency priceType shipBy fromExternalSource comment "
            "shippingMethod shippingMethodType shippingEstimateAmount checksum createdAt "
            "updatedAt"
        ),
        links(
            "orders:orders product:products parentProduct:products productUnit:productunits "
            "kitItemLineItems:orderproductkititemlineitems"
        ),
        words("productSku quantity value currency orders"),
        money={"value"},
    ),
    "ordersubtotals": Shape(
        "§2.10",
        words("orderSubtotalType label amount signedAmount currency visible data"),
        links("order:orders priceList:pricelists"),
        words("orderSubtotalType amount currency order"),
        money={"amount", "signedAmount"},
        id_form=r"\d+-[a-z_]+-\d+",  # "<orderId>-<type>-<n>"
    ),
    "ordershippingtrackings": Shape(
        "§2.10", words("method number"), links("orders:orders"), words("method number orders")
    ),
    "countries": Shape(
        "§2.11 (id = ISO2)",
        words("iso3Code name"),
        links("regions:regions"),
        id_form=r"[A-Z]{2}",
    ),
    "regions": Shape(
        "§2.11 (id = combined code)",
        words("code name"),
        links("country:countries"),
        id_form=r"[A-Z]{2}-[A-Z0-9]+",
    ),
    "businessunits": Shape(
        "§2.11",
        words("name phone website email fax extend_description createdAt updatedAt"),
        links("organization:organizations users:users owner:businessunits"),
        words("name"),
    ),
    "users": Shape(
        "§2.11",
        words(
            "username email emails namePrefix firstName middleName lastName nameSuffix "
            "birthday phone title googleId enabled externalId lastLogin loginCount "
            "passwordRequestedAt passwordChangedAt createdAt updatedAt"
        ),
        links(
            "owner:businessunits businessUnits:businessunits organizations:organizations "
            "organization:organizations userRoles:? groups:? avatar:? auth_status:?"
        ),
        words("username"),
    ),
}

# Resources the connectors call whose fields the reference does not record: only the generic
# JSON:API document shape is checked for them (test_oro_sandbox_shapes.py).
NOT_DESCRIBED: dict[str, str] = {
    "organizations": "§2.11 gives its operations, not its fields",
    "customeruserroles": "not in §2",
    "customertaxcodes": "not in §2",
    "producttaxcodes": "not in §2",
    "paymentterms": "not in §2",
    "attributefamilies": "not in §2",
    "lengthunits": "not in §2",
    "weightunits": "not in §2",
    "categories": "not in §2 (its titles are localizedfallbackvalues, §2.1)",
    "brands": "not in §2",
    "localizations": "not in §2; the sandbox does not serve it",
    "entitystructures": "§1.12 names the endpoint, not its fields",
    "productvariantlinks": "§2.1 lists it; the sandbox seeds none",
    "productkititems": "§2.1 lists it; the sandbox seeds none",
}
# §2.11: no back-office resource exists; a real instance answers 404 and so must the sandbox.
ABSENT = {"websites"}


def shape_for(resource: str, version: str) -> Shape:
    """The resource's shape on an API version: 6.1 names, renamed back for older releases."""
    shape = copy.deepcopy(RESOURCES[resource])
    if version in ("6.1", "7.0"):
        return shape
    rels, attrs = shape.relationships, shape.attributes
    if resource in ("customers", "customerusers", "orders"):
        attrs.discard("externalId")  # 6.1+ (§2.5, §2.6, §2.8)
    if resource == "orders":
        rels.pop("orderSubtotals")  # 6.1+ (§2.8)
        if version == "5.1":
            # 5.x: internal_status, and no external status yet (§2.8).
            rels["internal_status"] = rels.pop("internalStatus")
            rels.pop("status")
            shape.present = (shape.present - {"internalStatus"}) | {"internal_status"}
    if resource in ("orderlineitems", "ordershippingtrackings"):
        # `order`, to-one, up to 6.0; `orders`, to-many, from 6.1 (§2.9, §2.10).
        rels["order"] = rels.pop("orders")
        shape.present = (shape.present - {"orders"}) | {"order"}
    return shape
