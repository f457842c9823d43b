"""End to end against the OroCommerce sandbox (real HTTP on 127.0.0.1): the adapters, the
client and the shared HTTP layer together, with a server that behaves like Oro (strict media
type, 400 with pointers, paging links, include, field names of 6.1)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from connectors.adapters import PullWindow, RecordRejected
from connectors.http.calls import MemoryCallRecorder
from connectors.http.errors import PermissionDenied
from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import context, running_sandbox, sandbox_client

PRODUCT = {
    "sku": "E2E-1",
    "product_type": "simple",
    "status": "enabled",
    "name": "End-to-end lamp",
    "inventory_status": "in_stock",
    "attribute_family": "default_family",
    "primary_unit": {"code": "item", "precision": 0},
    "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 6}],
    "category": "Lighting",
    "brand": "Brightline",
    "tax_code": "TAX_STANDARD",
}


@pytest.fixture(scope="module")
def oro() -> Iterator[object]:
    with running_sandbox(admin_prefix="backoffice") as sb:
        yield sb


@pytest.fixture
def recorder() -> MemoryCallRecorder:
    return MemoryCallRecorder()


@pytest.fixture
def ctx(oro, recorder):
    return context(sandbox_client(oro, recorder), auto_create_customer_group=True)


def push(ctx, entity: str, doc: dict):
    return ADAPTERS[(entity, "push")](ctx).push(doc, None)


def test_product_push_creates_then_finds_it_unchanged_then_updates(ctx, recorder, oro):
    created = push(ctx, "product", PRODUCT)
    assert created.action == "created"
    product = oro.store.get("products", created.remote_id)
    assert product["attributes"]["sku"] == "E2E-1"
    assert product["relationships"]["category"] == ("categories", "5")
    units = [
        oro.store.get(*ref)["relationships"]["unit"][1]
        for ref in product["relationships"]["unitPrecisions"]
    ]
    assert sorted(units) == ["item", "set"]

    recorder.records.clear()
    again = push(ctx, "product", PRODUCT)
    assert (again.action, again.remote_id) == ("unchanged", created.remote_id)
    assert [(r.method, r.status) for r in recorder.records] == [("GET", 200)]  # lookups cached

    updated = push(ctx, "product", {**PRODUCT, "status": "disabled", "brand": "Sturdy"})
    assert updated.action == "updated"
    assert oro.store.get("products", created.remote_id)["attributes"]["status"] == "disabled"


def related(oro, record: dict, name: str) -> list[dict]:
    value = record["relationships"][name]
    return [oro.store.get(*r) for r in (value if isinstance(value, list) else [value])]


def texts(oro, record: dict, name: str, attribute: str) -> dict:
    """A localized relationship as {localization id or None: text} (a wysiwyg's value)."""
    out = {}
    for value in related(oro, record, name):
        text = value["attributes"][attribute]
        localization = value["relationships"]["localization"] or (None, None)
        out[localization[1]] = text["value"] if attribute == "wysiwyg" else text
    return out


FULL = {
    **PRODUCT,
    "sku": "E2E-FULL",
    "description": "<p>A lamp for desks.</p>",
    "descriptions": {"de": "<p>Eine Schreibtischlampe.</p>"},
    "short_description": "Desk lamp",
    "meta_title": "Desk lamp | Brightline",
    "meta_description": "A lamp for desks",
    "meta_keywords": "lamp, desk",
    "slug": "e2e-full",
    "weight": {"value": "1.25", "unit": "kg"},
    "dimensions": {"length": "20", "width": "15", "height": "45", "unit": "cm"},
    "freight_class": "parcel",
    "attributes": {"material": "brass", "warranty_years": 3},
}


def test_a_full_product_is_created_read_back_unchanged_and_updated(ctx, recorder, oro):
    created = push(ctx, "product", FULL)
    product = oro.store.get("products", created.remote_id)
    assert product["attributes"]["material"] == "brass"
    assert product["attributes"]["warranty_years"] == 3
    assert texts(oro, product, "descriptions", "wysiwyg") == {
        None: "<p>A lamp for desks.</p>",
        "2": "<p>Eine Schreibtischlampe.</p>",
    }
    assert texts(oro, product, "shortDescriptions", "text") == {None: "Desk lamp"}
    assert texts(oro, product, "metaTitles", "string") == {None: "Desk lamp | Brightline"}
    assert texts(oro, product, "metaDescriptions", "text") == {None: "A lamp for desks"}
    assert texts(oro, product, "metaKeywords", "text") == {None: "lamp, desk"}
    assert texts(oro, product, "slugPrototypes", "string") == {None: "e2e-full"}
    [option] = related(oro, product, "productShippingOptions")
    assert option["attributes"] == {
        "weightValue": 1.25,
        "dimensionsLength": 20.0,
        "dimensionsWidth": 15.0,
        "dimensionsHeight": 45.0,
    }
    assert option["relationships"]["product"] == ("products", created.remote_id)
    assert option["relationships"]["productUnit"] == ("productunits", "item")
    assert option["relationships"]["freightClass"] == ("freightclasses", "parcel")

    recorder.records.clear()
    assert push(ctx, "product", FULL).action == "unchanged"
    assert [r.method for r in recorder.records] == ["GET"]  # one read, everything included

    changed = {
        **FULL,
        "description": "<p>A brass lamp for desks.</p>",
        "short_descriptions": {"de": "Schreibtischlampe"},
        "weight": {"value": "1.5", "unit": "lbs"},
        "dimensions": {"length": "8", "width": "6", "height": "18", "unit": "inch"},
        "attributes": {"material": "steel", "warranty_years": 3},
    }
    recorder.records.clear()
    assert push(ctx, "product", changed).action == "updated"
    product = oro.store.get("products", created.remote_id)
    assert product["attributes"]["material"] == "steel"
    assert texts(oro, product, "descriptions", "wysiwyg")[None] == "<p>A brass lamp for desks.</p>"
    assert texts(oro, product, "shortDescriptions", "text") == {
        None: "Desk lamp",
        "2": "Schreibtischlampe",
    }
    [same_option] = related(oro, product, "productShippingOptions")
    assert same_option["id"] == option["id"]  # changed in place
    assert same_option["attributes"]["weightValue"] == 1.5
    assert same_option["relationships"]["weightUnit"] == ("weightunits", "lbs")
    assert same_option["relationships"]["dimensionsUnit"] == ("lengthunits", "inch")
    writes = [r.method for r in recorder.records if r.method != "GET"]
    assert writes == ["PATCH"]  # one write for all of it
    assert push(ctx, "product", changed).action == "unchanged"


def test_removed_units_and_variants_leave_the_store(ctx, oro):
    for sku in ("E2E-RED", "E2E-BLUE"):
        push(ctx, "product", {**PRODUCT, "sku": sku, "unit_precisions": []})
    parent = {
        **PRODUCT,
        "sku": "E2E-CONF",
        "product_type": "configurable",
        "variant_fields": ["color"],
        "variants": ["E2E-RED", "E2E-BLUE"],
    }
    created = push(ctx, "product", parent)
    product = oro.store.get("products", created.remote_id)
    links = [
        dict(link, relationships=dict(link["relationships"]))
        for link in related(oro, product, "variantLinks")
    ]
    assert len(links) == 2 and len(product["relationships"]["unitPrecisions"]) == 2

    assert push(
        ctx, "product", {**parent, "variants": ["E2E-RED"], "unit_precisions": []}
    ).action == ("updated")
    product = oro.store.get("products", created.remote_id)
    [kept] = related(oro, product, "variantLinks")
    red = next(p for p in oro.store.all("products") if p["attributes"]["sku"] == "E2E-RED")
    assert kept["relationships"]["product"] == ("products", red["id"])
    gone = next(link for link in links if link["id"] != kept["id"])
    assert oro.store.get("productvariantlinks", gone["id"]) is None  # the link, not the variant
    assert oro.store.get("products", gone["relationships"]["product"][1]) is not None
    [unit] = related(oro, product, "unitPrecisions")
    assert unit["relationships"]["unit"] == ("productunits", "item")
    assert (
        len(
            [
                p
                for p in oro.store.all("productunitprecisions")
                if p["relationships"].get("product") == ("products", created.remote_id)
            ]
        )
        == 1
    )
    assert push(
        ctx, "product", {**parent, "variants": ["E2E-RED"], "unit_precisions": []}
    ).action == ("unchanged")
    # and back again: the kept link stays, a new one points to the parent
    assert push(ctx, "product", parent).action == "updated"
    links = related(oro, oro.store.get("products", created.remote_id), "variantLinks")
    assert links[0]["id"] == kept["id"] and len(links) == 2
    assert links[1]["relationships"]["parentProduct"] == ("products", created.remote_id)


def test_a_kit_item_removed_from_the_document_leaves_the_kit(ctx, oro):
    for sku in ("E2E-BASE", "E2E-SHADE", "E2E-BULB"):
        push(ctx, "product", {**PRODUCT, "sku": sku, "unit_precisions": []})
    kit = {
        **PRODUCT,
        "sku": "E2E-KIT",
        "product_type": "kit",
        "unit_precisions": [],
        "kit_items": [
            {"label": "Base", "unit": "item", "products": ["E2E-BASE"], "minimum_quantity": 1},
            {"label": "Shade", "unit": "item", "products": ["E2E-SHADE"], "optional": True},
            {"label": "Bulb", "unit": "item", "products": ["E2E-BULB"], "optional": True},
        ],
    }
    created = push(ctx, "product", kit)
    items = related(oro, oro.store.get("products", created.remote_id), "kitItems")
    assert len(items) == 3
    shade = {
        "id": items[1]["id"],
        **{
            k: list(v)
            for k, v in items[1]["relationships"].items()
            if k in ("labels", "kitItemProducts")
        },
    }
    assert push(ctx, "product", kit).action == "unchanged"

    fewer = {
        **kit,
        "kit_items": [kit["kit_items"][0] | {"maximum_quantity": 2}, kit["kit_items"][2]],
    }
    assert push(ctx, "product", fewer).action == "updated"
    product = oro.store.get("products", created.remote_id)
    left = related(oro, product, "kitItems")
    labels = [related(oro, i, "labels")[0]["attributes"]["string"] for i in left]
    assert labels == ["Base", "Bulb"]
    assert left[0]["id"] == items[0]["id"] and left[0]["attributes"]["maximumQuantity"] == 2.0
    assert oro.store.get("productkititems", shade["id"]) is None
    for ref in shade["labels"] + shade["kitItemProducts"]:
        assert oro.store.get(*ref) is None  # its label and product choice went with it
    assert push(ctx, "product", fewer).action == "unchanged"


def test_a_price_list_loses_the_group_its_document_drops(ctx, oro):
    doc = {"name": "E2E Prices", "currencies": ["USD"], "customer_groups": ["E2E A", "E2E B"]}
    created = push(ctx, "price_list", doc)

    def groups() -> set[str]:
        return {
            oro.store.get(*a["relationships"]["customerGroup"])["attributes"]["name"]
            for a in oro.store.all("pricelisttocustomergroups")
            if a["relationships"]["priceList"] == ("pricelists", created.remote_id)
        }

    assert groups() == {"E2E A", "E2E B"}
    assert push(ctx, "price_list", {**doc, "customer_groups": ["E2E A"]}).action == "updated"
    assert groups() == {"E2E A"}
    assert oro.store.get("customergroups", ctx.lookups.get("oro:customergroup:e2e b"))  # kept
    assert push(ctx, "price_list", {**doc, "customer_groups": ["E2E A"]}).action == "unchanged"


def test_price_push_with_auto_create_product(ctx, oro):
    doc = {
        "sku": "E2E-PRICE",
        "price_list": "Default Price List",
        "currency": "USD",
        "value": "12.50",
        "unit": "item",
    }
    with pytest.raises(RecordRejected, match="Auto Create Product"):
        push(ctx, "price", doc)
    ctx.settings = {**ctx.settings, "auto_create_product": True}
    created = push(ctx, "price", doc)
    assert created.action == "created" and created.notes
    assert oro.store.get("productprices", created.remote_id)["attributes"]["value"] == "12.5000"
    assert push(ctx, "price", doc).action == "unchanged"
    assert push(ctx, "price", {**doc, "value": "13"}).action == "updated"


def test_a_customer_with_users_and_addresses(ctx, oro):
    assert (
        push(
            ctx, "customer", {"name": "E2E Works", "group": "E2E Group", "payment_term": "net 30"}
        ).action
        == "created"
    )
    for email, role in (("ann@e2e.test", "Buyer"), ("bo@e2e.test", "Administrator")):
        outcome = push(
            ctx,
            "customer_user",
            {
                "email": email,
                "first_name": "A",
                "last_name": "B",
                "customer": "E2E Works",
                "roles": [role],
            },
        )
        assert outcome.action == "created"
    company = {
        "owner": {"type": "customer", "key": "E2E Works"},
        "label": "HQ",
        "types": ["billing"],
        "default_billing": True,
        "street": "1 Test Way",
        "city": "Albany",
        "postal_code": "12207",
        "country": "US",
        "region": "NY",
    }
    person = {
        **company,
        "owner": {"type": "customer_user", "key": "ann@e2e.test"},
        "label": "Home",
        "types": ["shipping"],
    }
    first = push(ctx, "address", company)
    second = push(ctx, "address", person)
    assert (first.action, second.action) == ("created", "created")
    assert oro.store.get("customeraddresses", first.remote_id)["relationships"]["region"] == (
        "regions",
        "US-NY",
    )
    assert oro.store.get("customeruseraddresses", second.remote_id)
    assert push(ctx, "address", company).action == "unchanged"
    customer = oro.store.get("customers", ctx.lookups.get("oro:customer:e2e works"))
    assert len(customer["relationships"]["users"]) == 2


def test_order_pull_across_several_pages(ctx, oro, recorder):
    ctx.settings = {**ctx.settings, "order_page_size": 5}
    adapter = ADAPTERS[("order", "pull")](ctx)
    now = datetime.now(UTC)
    window = PullWindow(now - timedelta(days=30), now + timedelta(seconds=1))
    cursor, documents, calls = None, [], 0
    while True:
        page = adapter.pull_page(window, cursor)
        documents += page.documents
        calls += page.calls
        cursor = page.cursor
        if cursor is None:
            break
    visible = [o for o in oro.store.all("orders") if o["org"] in (None, "1")]
    assert sorted(d["number"] for d in documents) == sorted(o["id"] for o in visible)
    assert len(documents) > 10
    assert calls == len(recorder.records) == len(documents) // 5 + 1  # one call per page
    assert all(d["lines"] and d["customer"] for d in documents)
    assert all(d["subtotals"] for d in documents)


def test_tracking_push(ctx, oro):
    doc = {"order": "2", "tracking_number": "E2E-TRACK", "carrier": "UPS"}
    created = push(ctx, "shipment_tracking", doc)
    assert created.action == "created"
    assert ("ordershippingtrackings", created.remote_id) in oro.store.get("orders", "2")[
        "relationships"
    ]["shippingTrackings"]
    assert push(ctx, "shipment_tracking", doc).action == "unchanged"


def test_another_organization_s_record_is_a_permission_error_with_the_hint(ctx, oro):
    other = next(c for c in oro.store.all("customers") if c["org"] == "2")
    with pytest.raises(PermissionDenied) as caught:
        ctx.client.get_customer(other["id"])
    assert "organization" in caught.value.hint


@pytest.mark.parametrize(
    ("instance", "setting", "warns"),
    [("6.1", "6.1", False), ("7.0", "6.1", False), ("5.1", "6.1", True), ("6.1", "6.0", True)],
)
def test_test_connection_compares_the_api_version(instance, setting, warns):
    with running_sandbox(api_version=instance) as sb:
        warnings = sandbox_client(sb).check_version(setting)
    assert bool(warnings) == warns
    if warns:
        assert setting in warnings[0].detail and instance[0] in warnings[0].detail
        assert "Set OroCommerce API version to" in warnings[0].remedy
