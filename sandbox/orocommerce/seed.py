"""A realistic, deterministic demo catalog for the OroCommerce sandbox (canonical 6.1 names)."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from .store import Store

DEMO_ORG = "1"
OTHER_ORG = "2"  # records the demo token must not see (403 "access denied exception")

PRODUCT_WORDS = [
    ("Safety Gloves", "set"),
    ("Hard Hat", "item"),
    ("Hi-Vis Vest", "item"),
    ("Steel Toe Boots", "set"),
    ("Ear Defenders", "item"),
    ("Dust Mask", "set"),
    ("Work Light", "item"),
    ("Extension Cord", "item"),
    ("Cordless Drill", "item"),
    ("Drill Bit Set", "set"),
    ("Tape Measure", "item"),
    ("Utility Knife", "item"),
]
ADJECTIVES = ["Standard", "Pro", "Heavy Duty"]
CITIES = [
    ("US", "US-NY", "New York", "10001"),
    ("US", "US-CA", "Los Angeles", "90001"),
    ("US", "US-TX", "Austin", "73301"),
    ("DE", "DE-BE", "Berlin", "10115"),
    ("GB", "GB-LND", "London", "EC1A 1BB"),
    ("CA", "CA-ON", "Toronto", "M5H 2N2"),
]
COMPANIES = [
    "Acme Industrial",
    "Borealis Supply",
    "Cobalt Construction",
    "Delta Facilities",
    "Evergreen Builders",
    "Foxglove Logistics",
    "Granite & Sons",
    "Harbor Maintenance",
    "Ironwood Works",
    "Juniper Services",
    "Keystone Contractors",
    "Lumen Electric",
]
FIRST = ["Amy", "Ben", "Carla", "Dev", "Erin", "Farid", "Gwen", "Hugo", "Ines", "Jon"]
LAST = ["Ng", "Brooks", "Diaz", "Patel", "O'Neil", "Schmidt", "Kowalski", "Moreau", "Sato", "Berg"]


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def money(value: Decimal) -> str:
    return f"{value:.4f}"


def seed(store: Store, now: datetime | None = None) -> None:
    rng = random.Random(20261123)
    now = now or datetime.now(UTC)
    start = now - timedelta(days=10)

    def stamp(day: float) -> dict[str, str]:
        moment = iso(start + timedelta(days=day))
        return {"createdAt": moment, "updatedAt": moment}

    add = store.add
    add("organizations", DEMO_ORG, {"name": "Sandbox Demo Org", "enabled": True}, org=DEMO_ORG)
    add("organizations", OTHER_ORG, {"name": "Other Org", "enabled": True}, org=OTHER_ORG)
    for org in (DEMO_ORG, OTHER_ORG):
        add(
            "businessunits",
            org,
            {"name": f"Main BU {org}"},
            {"organization": ("organizations", org)},
            org=org,
        )
    add(
        "users",
        "1",
        {
            "username": "admin",
            "email": "admin@example.com",
            "firstName": "Ada",
            "lastName": "Admin",
            "enabled": True,
        },
        {"organization": ("organizations", DEMO_ORG), "owner": ("businessunits", DEMO_ORG)},
        org=DEMO_ORG,
    )
    owner = {"owner": ("users", "1"), "organization": ("organizations", DEMO_ORG)}

    for code, label in [("item", "item"), ("set", "set"), ("piece", "piece"), ("kg", "kilogram")]:
        add(
            "productunits",
            code,
            {
                "defaultPrecision": 0 if code != "kg" else 3,
                "label": label,
                "shortLabel": code,
                "pluralLabel": label + "s",
                "shortPluralLabel": code + "s",
            },
        )
    for name, kind in [
        ("prodinventorystatuses", ["in_stock", "out_of_stock", "discontinued"]),
        ("orderinternalstatuses", ["open", "pending", "processing", "closed", "cancelled"]),
        ("orderstatuses", ["open", "shipped", "closed"]),
        ("ordershippingstatuses", ["not_shipped", "partially_shipped", "shipped"]),
    ]:
        for code in kind:
            add(name, code, {"name": code.replace("_", " ").title()})
    add("attributefamilies", "1", {"code": "default_family", "isEnabled": True})
    for i, (name, language, formatting) in enumerate(
        [("English (United States)", "en", "en_US"), ("German (Germany)", "de", "de_DE")], 1
    ):
        add(
            "localizations",
            str(i),
            {
                "name": name,
                "languageCode": language,
                "formattingCode": formatting,
                "rtlMode": False,
                **stamp(0),
            },
        )
    for i, code in enumerate(["TAX_STANDARD", "TAX_REDUCED", "TAX_EXEMPT"], 1):
        add("producttaxcodes", str(i), {"code": code, "description": code.title()})
    for i, code in enumerate(["CUSTOMER_STANDARD", "CUSTOMER_EXEMPT"], 1):
        add("customertaxcodes", str(i), {"code": code, "description": code.title()})
    for i, label in enumerate(["net 10", "net 30", "net 60"], 1):
        add("paymentterms", str(i), {"label": label})
    for i, (role, label) in enumerate(
        [("ROLE_FRONTEND_ADMINISTRATOR", "Administrator"), ("ROLE_FRONTEND_BUYER", "Buyer")], 1
    ):
        add(
            "customeruserroles",
            str(i),
            {"role": role, "label": label, "selfManaged": True, "public": True},
        )
    for code, rates in [("cm", {"inch": 0.3937}), ("inch", {"cm": 2.54}), ("m", {"cm": 100})]:
        add("lengthunits", code, {"conversionRates": rates})
    for code, rates in [("kg", {"lbs": 2.2046}), ("lbs", {"kg": 0.4536})]:
        add("weightunits", code, {"conversionRates": rates})
    countries = {
        "US": ("USA", "United States"),
        "DE": ("DEU", "Germany"),
        "GB": ("GBR", "United Kingdom"),
        "CA": ("CAN", "Canada"),
    }
    for iso2, (iso3, name) in countries.items():
        add("countries", iso2, {"iso3Code": iso3, "name": name})
    for iso2, region, city, _ in CITIES:
        add(
            "regions",
            region,
            {"code": region.split("-")[1], "name": f"{city} region"},
            {"country": ("countries", iso2)},
        )

    lfv = store.next_id_factory("localizedfallbackvalues")
    categories = ["All Products", "Safety", "Power Tools", "Hand Tools", "Lighting", "Footwear"]
    for i, title in enumerate(categories, 1):
        title_id = lfv()
        add("localizedfallbackvalues", title_id, {"string": title, "text": None, "fallback": None})
        add(
            "categories",
            str(i),
            {"materializedPath": "1" if i == 1 else f"1_{i}", **stamp(0)},
            {
                "titles": [("localizedfallbackvalues", title_id)],
                "parentCategory": None if i == 1 else ("categories", "1"),
            },
            search=title,
        )
    brands = ["Northwind", "Sturdy", "Brightline", "Toolcraft"]
    for i, name in enumerate(brands, 1):
        name_id = lfv()
        add("localizedfallbackvalues", name_id, {"string": name, "text": None, "fallback": None})
        add(
            "brands",
            str(i),
            {"status": "enabled", **stamp(0)},
            {"names": [("localizedfallbackvalues", name_id)]},
            search=name,
        )

    # price lists
    add(
        "pricelists",
        "1",
        {
            "name": "Default Price List",
            "active": True,
            "actual": True,
            "containSchedule": False,
            "productAssignmentRule": None,
            "priceListCurrencies": ["USD"],
            **stamp(0),
        },
        {"organization": ("organizations", DEMO_ORG)},
    )
    add(
        "pricelists",
        "2",
        {
            "name": "Wholesale",
            "active": True,
            "actual": True,
            "containSchedule": False,
            "productAssignmentRule": None,
            "priceListCurrencies": ["USD", "EUR"],
            **stamp(0),
        },
        {"organization": ("organizations", DEMO_ORG)},
    )
    add(
        "pricelists",
        "3",
        {
            "name": "Other Org Prices",
            "active": True,
            "actual": True,
            "containSchedule": False,
            "productAssignmentRule": None,
            "priceListCurrencies": ["USD"],
            **stamp(0),
        },
        {"organization": ("organizations", OTHER_ORG)},
        org=OTHER_ORG,
    )

    # products: 12 kinds x 3 grades = 36, created over ten days
    products: list[tuple[str, str, str, Decimal]] = []
    precision_id = store.next_id_factory("productunitprecisions")
    for n, ((noun, unit), adjective) in enumerate(
        ((w, a) for w in PRODUCT_WORDS for a in ADJECTIVES), 1
    ):
        pid = str(n)
        sku = f"SB-{1000 + n}"
        name = f"{adjective} {noun}"
        name_id = str(n)
        add("productnames", name_id, {"string": name, "fallback": None})
        add(
            "productdescriptions",
            name_id,
            {"text": f"<p>{name} for professional use.</p>", "fallback": None},
        )
        prim = precision_id()
        units = [(prim, unit, 1.0)]
        if unit == "set":
            units.append((precision_id(), "piece", 0.1))
        for upid, code, rate in units:
            add(
                "productunitprecisions",
                upid,
                {"precision": 0, "conversionRate": rate, "sell": True},
                {"product": ("products", pid), "unit": ("productunits", code)},
            )
        add(
            "products",
            pid,
            {
                "sku": sku,
                "status": "enabled" if n % 9 else "disabled",
                "productType": "simple",
                "variantFields": [],
                "featured": n % 5 == 0,
                "newArrival": n > 30,
                "availability_date": None,
                **stamp(n * 0.25),
            },
            {
                **owner,
                "owner": ("businessunits", DEMO_ORG),
                "names": [("productnames", name_id)],
                "descriptions": [("productdescriptions", name_id)],
                "unitPrecisions": [("productunitprecisions", u[0]) for u in units],
                "primaryUnitPrecision": ("productunitprecisions", prim),
                "attributeFamily": ("attributefamilies", "1"),
                "category": ("categories", str(2 + (n - 1) % 5)),
                "brand": ("brands", str(1 + n % 4)),
                "taxCode": ("producttaxcodes", "1"),
                "inventory_status": (
                    "prodinventorystatuses",
                    "in_stock" if n % 7 else "out_of_stock",
                ),
                "variantLinks": [],
                "kitItems": [],
                "productShippingOptions": [],
            },
            search=f"{sku} {name}",
        )
        base = Decimal(rng.randrange(500, 25000)) / 100
        products.append((pid, sku, unit, base))
        for price_list, qty, factor, currency in [
            ("1", 1, Decimal(1), "USD"),
            ("2", 10, Decimal("0.85"), "USD"),
            ("2", 10, Decimal("0.80"), "EUR"),
        ]:
            add(
                "productprices",
                f"{uuid.UUID(int=rng.getrandbits(128))}-{price_list}",
                {"quantity": float(qty), "value": money(base * factor), "currency": currency},
                {
                    "priceList": ("pricelists", price_list),
                    "product": ("products", pid),
                    "unit": ("productunits", unit),
                },
            )
    other_name = str(len(products) + 1)
    add("productnames", other_name, {"string": "Other org product", "fallback": None})
    add(
        "products",
        str(len(products) + 1),
        {
            "sku": "OTHER-1",
            "status": "enabled",
            "productType": "simple",
            "variantFields": [],
            "featured": False,
            "newArrival": False,
            "availability_date": None,
            **stamp(1),
        },
        {
            "organization": ("organizations", OTHER_ORG),
            "names": [("productnames", other_name)],
            "inventory_status": ("prodinventorystatuses", "in_stock"),
        },
        org=OTHER_ORG,
        search="OTHER-1",
    )

    # customer groups and their price lists
    for i, name in enumerate(
        ["All Customers", "Wholesale", "Partners", "Non-Authenticated Visitors"], 1
    ):
        add(
            "customergroups",
            str(i),
            {"name": name},
            {**owner, "paymentTerm": ("paymentterms", "2")},
        )
    for i, (pl, group, order) in enumerate([("1", "1", 100), ("2", "2", 100), ("2", "3", 200)], 1):
        add(
            "pricelisttocustomergroups",
            str(i),
            {"sortOrder": order, "mergeAllowed": True},
            {"priceList": ("pricelists", pl), "customerGroup": ("customergroups", group)},
        )

    # customers with addresses and users
    cust_addr = store.next_id_factory("customeraddresses")
    user_addr = store.next_id_factory("customeruseraddresses")
    user_id = store.next_id_factory("customerusers")
    customers: list[tuple[str, list[str]]] = []
    for n, company in enumerate(COMPANIES, 1):
        cid = str(n)
        country, region, city, postal = CITIES[n % len(CITIES)]
        add(
            "customers",
            cid,
            {"name": company, "externalId": f"EXT-C{n:03d}", **stamp(n * 0.5)},
            {
                **owner,
                "parent": None,
                "children": [],
                "users": [],
                "addresses": [],
                "salesRepresentatives": [],
                "group": ("customergroups", str(1 + n % 3)),
                "paymentTerm": ("paymentterms", str(1 + n % 3)),
                "taxCode": ("customertaxcodes", "1"),
            },
        )
        for kind_index, kinds in enumerate([["billing", "shipping"], ["shipping"]][: 1 + n % 2]):
            add(
                "customeraddresses",
                cust_addr(),
                {
                    "label": f"{company} {'HQ' if kind_index == 0 else 'Warehouse'}",
                    "street": f"{10 + n * 3} Main Street",
                    "street2": None,
                    "city": city,
                    "postalCode": postal,
                    "organization": company,
                    "namePrefix": None,
                    "firstName": None,
                    "middleName": None,
                    "lastName": None,
                    "nameSuffix": None,
                    "phone": f"+1-555-01{n:02d}",
                    "primary": kind_index == 0,
                    "customRegion": None,
                    "types": [{"addressType": t, "default": kind_index == 0} for t in kinds],
                    **stamp(n * 0.5),
                },
                {
                    "customer": ("customers", cid),
                    "systemOrganization": ("organizations", DEMO_ORG),
                    "owner": ("users", "1"),
                    "country": ("countries", country),
                    "region": ("regions", region),
                },
            )
        user_ids = []
        for k in range(1 + n % 3):
            uid = user_id()
            first, last = FIRST[(n + k) % len(FIRST)], LAST[(n * 3 + k) % len(LAST)]
            email = (
                f"{first}.{last}".lower().replace("'", "")
                + f"@{company.split()[0].lower()}.example"
            )
            add(
                "customerusers",
                uid,
                {
                    "email": email,
                    "firstName": first,
                    "lastName": last,
                    "namePrefix": None,
                    "middleName": None,
                    "nameSuffix": None,
                    "birthday": None,
                    "enabled": True,
                    "confirmed": True,
                    "isGuest": False,
                    "externalId": f"EXT-U{int(uid):03d}",
                    "loginCount": rng.randrange(0, 40),
                    **stamp(n * 0.5 + k * 0.1),
                },
                {
                    **owner,
                    "customer": ("customers", cid),
                    "addresses": [],
                    "userRoles": [("customeruserroles", "1" if k == 0 else "2")],
                },
            )
            add(
                "customeruseraddresses",
                user_addr(),
                {
                    "label": "Home office",
                    "street": f"{5 + k} Side Road",
                    "street2": None,
                    "city": city,
                    "postalCode": postal,
                    "organization": company,
                    "namePrefix": None,
                    "firstName": first,
                    "middleName": None,
                    "lastName": last,
                    "nameSuffix": None,
                    "phone": None,
                    "primary": True,
                    "customRegion": None,
                    "types": [{"addressType": "shipping", "default": True}],
                    **stamp(n * 0.5),
                },
                {
                    "customerUser": ("customerusers", uid),
                    "systemOrganization": ("organizations", DEMO_ORG),
                    "owner": ("users", "1"),
                    "country": ("countries", country),
                    "region": ("regions", region),
                },
            )
            user_ids.append(uid)
        customers.append((cid, user_ids))
    add(
        "customers",
        str(len(COMPANIES) + 1),
        {"name": "Other Org Customer", "externalId": None, **stamp(2)},
        {
            "organization": ("organizations", OTHER_ORG),
            "users": [],
            "addresses": [],
            "children": [],
        },
        org=OTHER_ORG,
    )

    # orders over the ten days, with line items, addresses, subtotals and some trackings
    order_addr = store.next_id_factory("orderaddresses")
    line_id = store.next_id_factory("orderlineitems")
    tracking_id = store.next_id_factory("ordershippingtrackings")
    statuses = ["open", "pending", "processing", "closed", "cancelled"]
    for n in range(1, 25):
        oid = str(n)
        cid, users = customers[n % len(customers)]
        country, region, city, postal = CITIES[n % len(CITIES)]
        address_ids = []
        for _ in range(2):
            aid = order_addr()
            add(
                "orderaddresses",
                aid,
                {
                    "label": None,
                    "street": f"{n} Order Avenue",
                    "street2": None,
                    "city": city,
                    "postalCode": postal,
                    "organization": COMPANIES[int(cid) - 1],
                    "namePrefix": None,
                    "firstName": "Receiving",
                    "middleName": None,
                    "lastName": "Dock",
                    "nameSuffix": None,
                    "phone": None,
                    "primary": None,
                    "customRegion": None,
                    "types": None,
                },
                {"country": ("countries", country), "region": ("regions", region)},
            )
            address_ids.append(aid)
        lines = []
        subtotal = Decimal(0)
        for pid, sku, unit, base in rng.sample(products, 1 + n % 4):
            qty = rng.randrange(1, 12)
            lid = line_id()
            add(
                "orderlineitems",
                lid,
                {
                    "productSku": sku,
                    "productName": store.get("productnames", pid)["attributes"]["string"],
                    "freeFormProduct": None,
                    "quantity": float(qty),
                    "productUnitCode": unit,
                    "value": money(base),
                    "currency": "USD",
                    "priceType": 10,
                    "shipBy": None,
                    "comment": None,
                    "checksum": "",
                    **stamp(n * 0.4),
                },
                {
                    "orders": [("orders", oid)],
                    "product": ("products", pid),
                    "parentProduct": None,
                    "productUnit": ("productunits", unit),
                },
            )
            lines.append(lid)
            subtotal += base * qty
        shipping = Decimal("15.00")
        trackings = []
        if n % 3 == 0:
            tid = tracking_id()
            add(
                "ordershippingtrackings",
                tid,
                {"method": "UPS", "number": f"1Z999AA1{n:08d}"},
                {"orders": [("orders", oid)]},
            )
            trackings.append(tid)
        add(
            "orders",
            oid,
            {
                "identifier": f"SO-{1000 + n}",
                "poNumber": f"PO-{n:04d}" if n % 2 else None,
                "customerNotes": None,
                "shipUntil": None,
                "currency": "USD",
                "subtotalValue": money(subtotal),
                "totalValue": money(subtotal + shipping),
                "totalDiscountsAmount": money(Decimal(0)),
                "shippingMethod": "fixed_product",
                "shippingMethodType": "primary",
                "estimatedShippingCostAmount": money(shipping),
                "external": False,
                "externalId": None,
                **stamp(n * 0.4),
            },
            {
                **owner,
                "customer": ("customers", cid),
                "customerUser": ("customerusers", users[0]),
                "lineItems": [("orderlineitems", lid) for lid in lines],
                "billingAddress": ("orderaddresses", address_ids[0]),
                "shippingAddress": ("orderaddresses", address_ids[1]),
                "shippingTrackings": [("ordershippingtrackings", t) for t in trackings],
                "paymentTerm": ("paymentterms", "2"),
                "internalStatus": ("orderinternalstatuses", statuses[n % len(statuses)]),
                "status": ("orderstatuses", "open"),
                "shippingStatus": (
                    "ordershippingstatuses",
                    "shipped" if trackings else "not_shipped",
                ),
                "orderSubtotals": [
                    ("ordersubtotals", f"{oid}-subtotal-0"),
                    ("ordersubtotals", f"{oid}-shipping_cost-0"),
                ],
            },
        )
        for kind, label, amount in [
            ("subtotal", "Subtotal", subtotal),
            ("shipping_cost", "Shipping", shipping),
        ]:
            add(
                "ordersubtotals",
                f"{oid}-{kind}-0",
                {
                    "orderSubtotalType": kind,
                    "label": label,
                    "amount": money(amount),
                    "signedAmount": money(amount),
                    "currency": "USD",
                    "visible": True,
                    "data": None,
                },
                {"order": ("orders", oid), "priceList": None},
            )
    store.link_all_inverses()


def localize_for_version(store: Store, version: str) -> None:
    """Renames the canonical 6.1 data to the names of an older API version (§2.8-§2.10)."""
    parts = tuple(int(p) for p in version.split("."))
    records: dict[str, dict[str, Any]] = store.records
    if parts < (6, 1):
        for type_ in ("orderlineitems", "ordershippingtrackings"):
            for record in records.get(type_, {}).values():
                refs = record["relationships"].pop("orders", [])
                record["relationships"]["order"] = refs[0] if refs else None
        records.pop("ordersubtotals", None)
        for record in records.get("orders", {}).values():
            record["relationships"].pop("orderSubtotals", None)
        for type_ in ("orders", "customers", "customerusers"):
            for record in records.get(type_, {}).values():
                record["attributes"].pop("externalId", None)
    if parts < (6, 0):
        for record in records.get("orders", {}).values():
            rels = record["relationships"]
            rels["internal_status"] = rels.pop("internalStatus", None)
            rels.pop("status", None)
