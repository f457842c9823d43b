"""Every hub entity has a documented schema, a natural key and validation by field."""

from __future__ import annotations

import pytest

from hub.entities import ENTITIES, get_schema
from hub.schemas import SCHEMAS, UnknownEntity, dependency_order
from tests.hub.factories import configurable_data, kit_data, valid

LOSES_CENTS = "floating-point numbers lose cents"


def errors_of(entity: str, data: dict) -> dict[str, str]:
    return {e.path: e.message for e in get_schema(entity).validate(data)}


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_accepts_its_valid_example_and_documents_every_field(entity):
    schema = get_schema(entity)
    assert schema.validate(valid(entity)) == []
    assert schema.validate(schema.example) == []
    assert all(f.description for f in schema.fields), "every field is described for docs/hub.md"
    assert schema.key_description


def test_an_unknown_entity_is_refused_by_name():
    with pytest.raises(UnknownEntity, match='"widget" is not a hub entity'):
        get_schema("widget")


def test_a_record_that_is_not_an_object_is_refused():
    assert errors_of("product", ["SKU-1"]) == {"": "a product must be an object, got a list"}


# -- natural keys ------------------------------------------------------------------------


def key(entity: str, data: dict, origin: int | None = None) -> str:
    schema = get_schema(entity)
    cleaned, errors = schema.clean(data)
    assert errors == []
    return schema.key(cleaned, origin)


def test_natural_keys_of_every_entity():
    assert key("product", valid("product", sku="CHAIR-1")) == "CHAIR-1"
    assert (
        key("price", valid("price", quantity="10.00")) == "CHAIR-1|Default Price List|USD|item|10"
    )
    assert key("price_list", valid("price_list", name="Retail")) == "Retail"
    assert key("price_list", valid("price_list", name="Retail", code="RET")) == "RET"
    assert key("customer_group", valid("customer_group", name="Wholesale")) == "Wholesale"
    assert key("customer", valid("customer", name="Acme Inc.")) == "Acme Inc."
    assert key("customer", valid("customer", name="Acme Inc.", code="C-7")) == "C-7"
    assert key("customer_user", valid("customer_user", email=" Jane@Acme.Example ")) == (
        "jane@acme.example"
    )
    owner = {"type": "customer_user", "key": "Jane@Acme.example"}
    assert key("address", valid("address", owner=owner, label="Home")) == (
        "customer_user:jane@acme.example:Home"
    )
    assert key("address", valid("address", key="addr-9")).endswith(":addr-9")
    assert key("order", valid("order", number="1001"), origin=7) == "7:1001"
    assert key("order", valid("order", number="1001")) == "hub:1001"
    assert key("shipment_tracking", valid("shipment_tracking"), origin=7) == "7:1001:1Z999"


def test_a_price_key_ignores_how_the_quantity_is_written():
    assert key("price", valid("price", quantity="1")) == key(
        "price", valid("price", quantity="1.000")
    )
    assert key("price", valid("price", quantity="1")) != key("price", valid("price", quantity="5"))


def test_a_price_quantity_defaults_to_one():
    data = valid("price")
    del data["quantity"]
    cleaned, _ = get_schema("price").clean(data)
    assert cleaned["quantity"] == "1"


# -- canonical form ----------------------------------------------------------------------


def test_codes_are_upper_cased_emails_lower_cased_text_trimmed_and_empties_dropped():
    cleaned, errors = get_schema("customer_user").clean(
        valid("customer_user", email="JANE@ACME.EXAMPLE", first_name="  Jane ", phone="")
    )
    assert errors == []
    assert cleaned["email"] == "jane@acme.example"
    assert cleaned["first_name"] == "Jane"
    assert "phone" not in cleaned
    cleaned, errors = get_schema("price").clean(valid("price", currency="usd", value=" 12.50 "))
    assert (cleaned["currency"], cleaned["value"]) == ("USD", "12.50")


def test_defaults_fill_product_type_status_and_unit_precision():
    cleaned, errors = get_schema("product").clean(
        {"sku": "S", "names": {"en": "Stool"}, "primary_unit": {"code": "item"}}
    )
    assert errors == []
    assert cleaned["type"] == "simple"
    assert cleaned["status"] == "enabled"
    assert cleaned["primary_unit"] == {"code": "item", "precision": 0}


def test_a_whole_number_is_accepted_as_a_decimal_and_stored_as_text():
    cleaned, errors = get_schema("price").clean(valid("price", value=129))
    assert errors == [] and cleaned["value"] == "129"


# -- validation, by entity ---------------------------------------------------------------


def test_product_errors_name_each_field():
    data = valid("product", sku=12, status="live", colour="red")
    data["names"] = {"en": 5}
    data["primary_unit"] = {"precision": "two"}
    data["weight"] = {"value": 1.5, "unit": "stone"}
    data["attributes"] = {"size": {"w": 1}}
    assert errors_of("product", data) == {
        "colour": "is not a known field",
        "sku": "must be text, got a whole number",
        "names.en": "must be text, got a whole number",
        "status": '"live" is not allowed; use one of enabled, disabled',
        "primary_unit.code": "is required",
        "primary_unit.precision": "must be a whole number, got text",
        "weight.value": 'must be a decimal written as text, like "1.5"; '
        "floating-point numbers lose cents",
        "weight.unit": '"stone" is not allowed; use one of kg, lbs, g, oz',
        "attributes.size": "must be text, a number, true/false or a list",
    }


def test_empty_names_and_empty_list_items_are_errors():
    assert errors_of("product", valid("product", names={"en": " ", "de": None})) == {
        "names": 'needs at least one locale, like {"en": "..."}'
    }
    assert errors_of("product", valid("product", names={"en": "Chair", "de": ""})) == {}
    assert errors_of("price_list", {"name": "Retail", "currencies": ["USD", ""]}) == {
        "currencies[1]": "is empty"
    }


def test_an_unknown_field_suggests_the_close_one():
    assert errors_of("product", valid("product", nmes={"en": "x"})) == {
        "nmes": 'is not a known field; did you mean "names"?'
    }


def test_required_product_fields():
    assert errors_of("product", {}) == {
        "sku": "is required",
        "names": "is required",
        "primary_unit": "is required",
    }


def test_configurable_products_have_variants_and_kits_have_kit_items():
    assert errors_of("product", valid("product", variants=["A"])) == {
        "variants": "only a configurable product has variants"
    }
    assert errors_of("product", valid("product", type="kit")) == {
        "kit_items": "a kit needs at least one kit item"
    }
    assert errors_of("product", configurable_data()) == {}
    assert errors_of("product", kit_data()) == {}
    bad_kit = kit_data()
    bad_kit["kit_items"][0].update(minimum_quantity="5", maximum_quantity="2")
    del bad_kit["kit_items"][0]["unit"]
    assert errors_of("product", bad_kit) == {"kit_items[0].unit": "is required"}
    bad_kit["kit_items"][0]["unit"] = "item"
    assert errors_of("product", bad_kit) == {
        "kit_items[0].maximum_quantity": "is less than the minimum quantity"
    }


def test_price_errors():
    assert errors_of("price", valid("price", currency="DOLLARS", value="12,50", quantity=2.5)) == {
        "currency": '"DOLLARS" is not an ISO 4217 currency code',
        "value": '"12,50" is not a decimal number like 12.50',
        "quantity": 'must be a decimal written as text, like "2.5"; ' + LOSES_CENTS,
    }
    assert errors_of("price", valid("price", value="-1", quantity="0")) == {
        "value": "must not be negative",
        "quantity": "must be more than zero",
    }
    for odd in ("NaN", "1e5", "Infinity", "12."):
        assert errors_of("price", valid("price", value=odd)) == {
            "value": f'"{odd}" is not a decimal number like 12.50'
        }


def test_price_list_errors():
    assert errors_of(
        "price_list", {"name": "Retail", "currencies": ["USD", "XXY"], "active": "yes"}
    ) == {
        "currencies[1]": '"XXY" is not an ISO 4217 currency code',
        "active": "must be true or false, got text",
    }
    assert errors_of("price_list", {"name": "Retail", "currencies": []}) == {
        "currencies": "must not be empty"
    }


def test_customer_group_and_customer_errors():
    assert errors_of("customer_group", {"name": ""}) == {"name": "is required"}
    assert errors_of("customer", {"name": "A" * 256}) == {"name": "is longer than 255 characters"}
    assert errors_of("customer", {"name": "Acme", "parent": "Acme"}) == {
        "parent": "a customer cannot be its own parent"
    }


def test_customer_user_errors():
    assert errors_of(
        "customer_user", valid("customer_user", email="jane-at-acme", roles="Buyer")
    ) == {
        "email": '"jane-at-acme" is not an email address',
        "roles": "must be a list, got text",
    }


def test_address_errors():
    data = valid("address", country="USA", owner={"type": "supplier"})
    assert errors_of("address", data) == {
        "country": '"USA" is not an ISO 3166-1 alpha-2 country code',
        "owner.type": '"supplier" is not allowed; use one of customer, customer_user',
        "owner.key": "is required",
    }
    assert errors_of("address", valid("address", country="DE", region="US-IL")) == {
        "region": '"US-IL" is not a region of DE'
    }
    assert errors_of("address", valid("address", region="Illinois")) == {
        "region": '"Illinois" is not a region code like "CA" or "US-CA"'
    }
    data = valid("address")
    del data["label"]
    assert errors_of("address", data) == {"label": "is required when no explicit key is given"}


def test_order_errors():
    data = valid("order", currency="usx", created_at="yesterday", total=258.0)
    data["lines"][0]["quantity"] = "two"
    data["shipping_address"]["country"] = "XX"
    assert errors_of("order", data) == {
        "currency": '"usx" is not an ISO 4217 currency code',
        "created_at": '"yesterday" is not an ISO 8601 date-time like 2024-05-01T10:00:00Z',
        "total": 'must be a decimal written as text, like "258.0"; ' + LOSES_CENTS,
        "lines[0].quantity": '"two" is not a decimal number like 12.50',
        "shipping_address.country": '"XX" is not an ISO 3166-1 alpha-2 country code',
    }
    assert errors_of("order", valid("order", lines=[])) == {"lines": "must not be empty"}


def test_shipment_tracking_errors():
    assert errors_of("shipment_tracking", {"order": "1001", "shipped_at": "2024-13-01"}) == {
        "tracking_number": "is required",
        "shipped_at": '"2024-13-01" is not an ISO 8601 date-time like 2024-05-01T10:00:00Z',
    }


def test_push_order_puts_every_entity_after_those_it_refers_to():
    order = dependency_order(SCHEMAS)
    assert sorted(order) == sorted(SCHEMAS)
    for entity in order:
        for needed in SCHEMAS[entity].refers_to:
            assert order.index(needed) < order.index(entity), (needed, entity)


def test_push_order_ignores_references_to_entities_not_asked_for():
    assert dependency_order(["price", "customer_user"]) == ["price", "customer_user"]
    assert dependency_order(["customer", "customer_group"]) == ["customer_group", "customer"]
