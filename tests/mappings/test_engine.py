"""The mapping engine: each source kind, transforms, translation tables, lists, target types
and required fields, with errors that name the target field and its source."""

from __future__ import annotations

import pytest

from connectors.documents import (
    BOOLEAN,
    DECIMAL,
    INTEGER,
    KEY,
    LIST,
    OBJECT,
    STRING,
    DocField,
    DocumentSchema,
)
from mappings.engine import (
    STATIC,
    TEMPLATE,
    TRANSLATION,
    CollectionInvalid,
    FieldSpec,
    FieldSpecInvalid,
    compile_collection,
    compile_field,
)
from mappings.schemas import DocumentTarget

SCHEMA = DocumentTarget(
    DocumentSchema(
        entity="order",
        direction="push",
        fields=(
            DocField("number", STRING, required=True),
            DocField("quantity", INTEGER),
            DocField("total", DECIMAL),
            DocField("paid", BOOLEAN),
            DocField("terms", STRING),
            DocField("status", STRING, choices=("open", "closed")),
            DocField("customer", OBJECT),
            DocField("customer.email", KEY, required=True),
            DocField("lines", LIST),
            DocField("lines[].sku", KEY, required=True),
            DocField("lines[].quantity", INTEGER),
            DocField("skus", LIST, item=KEY),
            DocField("note", STRING),
        ),
    )
)

RECORD = {
    "number": " 1001 ",
    "qty": "3",
    "total": "12.50",
    "paid": "yes",
    "terms": "net30",
    "customer": {"email": "A@Example.com"},
    "lines": [{"sku": "a-1", "qty": "2"}, {"sku": "b-2", "qty": "1"}],
}


def render(*specs, record=RECORD, schema=SCHEMA):
    return compile_collection(specs, schema).render(record)


def test_source_field_with_transforms():
    result = render(FieldSpec("number", source="number", transforms=["trim"]))
    assert result.document == {"number": "1001"}
    assert result.errors == []


def test_nested_source_and_target_paths():
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("customer.email", source="customer.email", transforms=["lower"]),
    )
    assert result.document["customer"] == {"email": "a@example.com"}


def test_list_items_map_one_to_one_with_per_item_transforms():
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("lines[].sku", source="lines[].sku", transforms=["upper"]),
        FieldSpec("lines[].quantity", source="lines[].qty", transforms=["number"]),
        FieldSpec("skus", source="lines[].sku"),
    )
    assert result.errors == []
    assert result.document["lines"] == [
        {"sku": "A-1", "quantity": 2},
        {"sku": "B-2", "quantity": 1},
    ]
    assert result.document["skus"] == ["a-1", "b-2"]


def test_a_list_item_without_the_source_field_gets_no_value():
    record = {**RECORD, "lines": [{"sku": "a-1"}, {"sku": "b-2", "qty": "1"}]}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("lines[].sku", source="lines[].sku"),
        FieldSpec("lines[].quantity", source="lines[].qty", transforms=["number"]),
        record=record,
    )
    assert result.errors == []
    assert result.document["lines"] == [{"sku": "a-1"}, {"sku": "b-2", "quantity": 1}]


def test_an_index_reads_one_item():
    result = render(FieldSpec("number", source="lines[1].sku"))
    assert result.document == {"number": "b-2"}


def test_a_per_item_error_names_the_item():
    record = {**RECORD, "lines": [{"sku": "a", "qty": "2"}, {"sku": "b", "qty": "lots"}]}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("lines[].sku", source="lines[].sku"),
        FieldSpec("lines[].quantity", source="lines[].qty", transforms=["number"]),
        record=record,
    )
    assert [(e.field, e.source) for e in result.errors] == [
        ("lines[1].quantity", "field lines[].qty")
    ]
    assert "number: expects a number, got 'lots'" in result.errors[0].message


def test_static_value():
    result = render(
        FieldSpec("number", source="number"), FieldSpec("paid", kind=STATIC, value=True)
    )
    assert result.document["paid"] is True


def test_template_value():
    result = render(
        FieldSpec(
            "number", kind=TEMPLATE, template="PO-{{ record.number|trim }}/{{ record.terms|upper }}"
        )
    )
    assert result.document == {"number": "PO-1001/NET30"}


def test_translation_table():
    table = {"values": {"net30": "Net 30", "net60": "Net 60"}}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("terms", kind=TRANSLATION, source="terms", table=table),
    )
    assert result.document["terms"] == "Net 30"


def test_translation_of_an_unmapped_value_is_an_error_naming_it():
    table = {"values": {"net60": "Net 60", "cod": "Cash"}}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("terms", kind=TRANSLATION, source="terms", table=table),
    )
    [error] = result.errors
    assert error.field == "terms" and error.source == "translation of terms"
    assert error.message == "the value 'net30' is not in the translation table (known: cod, net60)"


def test_an_unmapped_value_quotes_the_fields_notes():
    table = {"values": {"net60": "Net 60"}}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec(
            "terms", kind=TRANSLATION, source="terms", table=table, notes="Add a row per term."
        ),
    )
    [error] = result.errors
    assert error.message == (
        "the value 'net30' is not in the translation table (known: net60); Add a row per term."
    )


def test_translation_default_covers_unmapped_values():
    table = {"values": {"cod": "Cash"}, "default": "Other"}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("terms", kind=TRANSLATION, source="terms", table=table),
    )
    assert result.document["terms"] == "Other"


def test_translation_keys_of_booleans_and_numbers():
    table = {"values": {"true": "closed", "false": "open"}}
    result = render(
        FieldSpec("number", source="number"),
        FieldSpec("status", kind=TRANSLATION, source="flag", table=table),
        record={"number": "1", "flag": True},
    )
    assert result.document["status"] == "closed"


@pytest.mark.parametrize(
    "table, words",
    [
        ({"net30": "Net 30"}, "a translation table is"),
        ({"values": {}}, "empty"),
        ({"values": {"a": "b"}, "fallback": "c"}, "has no fallback"),
    ],
)
def test_bad_translation_tables_are_refused(table, words):
    with pytest.raises(FieldSpecInvalid) as caught:
        compile_field(FieldSpec("terms", kind=TRANSLATION, source="terms", table=table), SCHEMA)
    assert words in caught.value.problems["table"]


@pytest.mark.parametrize(
    "spec, field, words",
    [
        (
            FieldSpec("quantity", source="qty"),
            "quantity",
            "expects a whole number, got the text '3'; add the number transform",
        ),
        (
            FieldSpec("total", source="total", transforms=["number"]),
            "total",
            "whole number, got '12.50'",
        ),
        (FieldSpec("paid", source="paid"), "paid", "add the boolean transform"),
        (FieldSpec("status", kind=STATIC, value="pending"), "status", "one of open, closed"),
        (FieldSpec("note", source="customer"), "note", "expects text, got an object"),
    ],
)
def test_type_errors_are_named_by_field(spec, field, words):
    result = render(FieldSpec("number", source="number"), spec)
    assert [e.field for e in result.errors] == [field]
    assert words in result.errors[0].message


def test_required_target_rendering_empty_is_an_error_naming_it():
    result = render(FieldSpec("number", kind=TEMPLATE, template="{{ record.missing|default:'' }}"))
    assert [(e.field, e.message) for e in result.errors] == [("number", "is required")]


def test_a_required_target_rendering_empty_quotes_the_mapping_s_notes():
    spec = FieldSpec(
        "number",
        kind=TEMPLATE,
        template="{{ record.missing|default:'' }}",
        notes="orders typed into the hub have no number yet",
    )
    result = render(spec)
    assert [(e.field, e.message) for e in result.errors] == [
        ("number", "is required (orders typed into the hub have no number yet)")
    ]


def test_required_target_nobody_maps_is_named():
    result = render(FieldSpec("note", kind=STATIC, value="x"))
    assert [(e.field, e.message) for e in result.errors] == [
        ("number", "is required (no field mapping sets it)")
    ]


def test_required_override_makes_an_optional_target_required():
    result = render(
        FieldSpec("number", source="number"), FieldSpec("note", source="nope", required=True)
    )
    assert [(e.field, e.source, e.message) for e in result.errors] == [
        ("note", "field nope", "is required")
    ]


def test_nested_required_fields_count_only_when_their_object_is_there():
    without = render(
        FieldSpec("number", source="number"), FieldSpec("customer.email", source="nope")
    )
    assert without.errors == []
    with_object = render(
        FieldSpec("number", source="number"),
        FieldSpec("customer.email", source="nope"),
        FieldSpec("lines[].quantity", source="lines[].qty", transforms=["number"]),
    )
    assert {e.field for e in with_object.errors} == {"lines[0].sku", "lines[1].sku"}


def test_a_path_through_the_wrong_shape_is_an_error():
    result = render(FieldSpec("number", source="number.value"))
    assert result.errors[0].message == "number is not an object, so it has no 'value'"


def test_compile_errors_name_every_bad_field_mapping():
    with pytest.raises(CollectionInvalid) as caught:
        compile_collection(
            [
                FieldSpec("colour", source="x"),
                FieldSpec("number", source="a..b"),
                FieldSpec("note", source="x", transforms=["shout"]),
                FieldSpec("note", kind="magic"),
                FieldSpec("quantity", source="lines[].qty"),
            ],
            SCHEMA,
        )
    messages = [str(e) for e in caught.value.errors]
    assert (
        "colour (from field x): target: 'colour' is not a field of the target document" in messages
    )
    assert any(m.startswith("number (from field a..b): source:") for m in messages)
    assert any("unknown transform 'shout'" in m for m in messages)
    assert any("unknown source kind 'magic'" in m for m in messages)
    assert any("needs [] too" in m for m in messages)


def test_a_plan_renders_many_records_without_sharing_state():
    plan = compile_collection(
        [FieldSpec("number", source="n"), FieldSpec("lines[].sku", source="items[]")], SCHEMA
    )
    first = plan.render({"n": "1", "items": ["a", "b"]})
    second = plan.render({"n": "2", "items": ["c"]})
    assert first.document == {"number": "1", "lines": [{"sku": "a"}, {"sku": "b"}]}
    assert second.document == {"number": "2", "lines": [{"sku": "c"}]}


def test_errors_are_structured_for_the_log_and_the_preview():
    result = render(FieldSpec("quantity", source="qty"))
    assert result.errors[0].as_dict().keys() == {"field", "source", "message"}


def test_documents_share_nothing_with_the_record_or_static_values():
    plan = compile_collection(
        [
            FieldSpec("number", source="number"),
            FieldSpec("skus", kind=STATIC, value=["A"]),
            FieldSpec("customer", source="customer"),
        ],
        SCHEMA,
    )
    record = {"number": "1", "customer": {"email": "a@b.c"}}
    first = plan.render(record).document
    first["skus"].append("B")
    first["customer"]["email"] = "changed"
    again = plan.render(record).document
    assert again["skus"] == ["A"]
    assert record["customer"]["email"] == "a@b.c"
