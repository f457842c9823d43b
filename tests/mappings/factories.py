"""Factories for mapping collections and field mappings."""

from __future__ import annotations

import factory

from mappings.models import FieldMapping, MappingCollection
from tests.factories import SubscriptionFactory


class MappingCollectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MappingCollection

    subscription = factory.SubFactory(SubscriptionFactory)
    name = factory.Sequence(lambda n: f"Products {n}")
    entity = "product"
    direction = "push"


class FieldMappingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldMapping

    collection = factory.SubFactory(MappingCollectionFactory)
    position = factory.Sequence(lambda n: n)
    target_field = "sku"
    source_kind = "field"
    source_path = "sku"


def product_data(**changes):
    """A valid hub product (hub/schemas/product.py)."""
    data = {
        "sku": "CHAIR-1",
        "names": {"en": "Office chair"},
        "primary_unit": {"code": "item", "precision": 0},
        "category": "Chairs",
        "brand": "Acme",
        "attributes": {"featured": "yes"},
    }
    data.update(changes)
    return data
