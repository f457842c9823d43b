"""The default product mapping (``mappings/product_push.json``) fills the product content the
adapter sends: descriptions per locale, meta values, slug and shipping options."""

from __future__ import annotations

from connectors.registry import get_connector
from mappings.defaults import load_defaults
from mappings.engine import compile_collection
from mappings.schemas import target_schema


def render(record: dict) -> dict:
    [product] = [d for d in load_defaults(get_connector("orocommerce")) if d.entity == "product"]
    plan = compile_collection(product.fields, target_schema("orocommerce", "product", "push"))
    result = plan.render(record)
    assert result.errors == []
    return result.document


HUB_PRODUCT = {
    "sku": "chair-1",
    "names": {"en": "Office chair", "de": "Bürostuhl"},
    "descriptions": {"en": "<p>A chair.</p>", "de": "<p>Ein Stuhl.</p>"},
    "short_descriptions": {"en": "A chair"},
    "primary_unit": {"code": "item", "precision": 0},
    "brand": "Acme",
    "weight": {"value": "7.5", "unit": "kg"},
    "dimensions": {"length": "60", "width": "55", "height": "110", "unit": "cm"},
    "attributes": {"freight_class": "Parcel", "meta_keywords": "chair, office"},
}


def test_descriptions_meta_slug_and_shipping_are_rendered():
    doc = render(HUB_PRODUCT)
    assert doc["description"] == "<p>A chair.</p>"
    assert doc["descriptions"] == {"en": "<p>A chair.</p>", "de": "<p>Ein Stuhl.</p>"}
    assert (doc["short_description"], doc["short_descriptions"]) == ("A chair", {"en": "A chair"})
    assert doc["meta_title"] == "Office chair | Acme"
    assert doc["meta_description"] == "A chair"  # the short description stands in
    assert doc["meta_keywords"] == "chair, office"
    assert doc["slug"] == "chair-1"
    assert doc["freight_class"] == "parcel"
    assert doc["weight"] == {"value": "7.5", "unit": "kg"}


def test_meta_values_from_the_hub_attributes_win_and_absent_ones_are_left_out():
    doc = render(
        {
            **HUB_PRODUCT,
            "short_descriptions": {},
            "attributes": {"meta_title": "Best chair", "meta_description": "Sit well"},
        }
    )
    assert (doc["meta_title"], doc["meta_description"]) == ("Best chair", "Sit well")
    assert "meta_keywords" not in doc and "freight_class" not in doc
    bare = render(
        {k: v for k, v in HUB_PRODUCT.items() if k not in ("attributes", "short_descriptions")}
    )
    assert "meta_description" not in bare  # empty: OroCommerce keeps what it has
