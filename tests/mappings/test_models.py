"""Collections and field mappings: the version goes up on every change, and model validation
refuses what would not compile, naming the form field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mappings.models import FieldMapping, MappingCollection
from tests.mappings.factories import FieldMappingFactory, MappingCollectionFactory

pytestmark = pytest.mark.django_db


def version_of(collection):
    return MappingCollection.objects.get(pk=collection.pk).version


def test_a_new_collection_starts_at_version_1():
    collection = MappingCollectionFactory()
    assert collection.version == 1
    assert collection.enabled is True and collection.propagate_deletions is False


def test_saving_without_a_change_keeps_the_version():
    collection = MappingCollectionFactory()
    collection.save()
    assert version_of(collection) == 1


def test_a_change_to_the_collection_bumps_the_version():
    collection = MappingCollectionFactory()
    collection.enabled = False
    collection.save()
    assert version_of(collection) == 2


def test_adding_changing_and_deleting_field_mappings_bump_the_version():
    collection = MappingCollectionFactory()
    mapping = FieldMappingFactory(collection=collection)
    assert version_of(collection) == 2
    mapping.transforms = ["trim"]
    mapping.save()
    assert version_of(collection) == 3
    mapping.delete()
    assert version_of(collection) == 4


def clean(**fields):
    collection = MappingCollectionFactory()
    mapping = FieldMapping(collection=collection, position=1, **fields)
    with pytest.raises(ValidationError) as caught:
        mapping.full_clean()
    return caught.value.message_dict


def test_a_template_that_does_not_compile_is_a_form_error():
    errors = clean(target_field="slug", source_kind="template", template="{% load x %}")
    assert "the tag {% load %} is not available" in errors["template"][0]


def test_an_unknown_transform_is_a_form_error():
    errors = clean(target_field="sku", source_path="sku", transforms=["shout"])
    assert "unknown transform 'shout'" in errors["transforms"][0]


def test_a_target_outside_the_connector_document_is_a_form_error():
    errors = clean(target_field="colour", source_path="attributes.colour")
    assert errors["target_field"] == ["'colour' is not a field of the target document"]


def test_each_source_kind_needs_its_input():
    assert "source_path" in clean(target_field="sku", source_path="")
    assert "template" in clean(target_field="sku", source_kind="template")
    errors = clean(target_field="status", source_kind="translation", source_path="status")
    assert errors["translation_table"] == ["A translation needs its table."]


def test_a_bad_translation_table_is_a_form_error():
    errors = clean(
        target_field="status",
        source_kind="translation",
        source_path="status",
        translation_table={"enabled": "enabled"},
    )
    assert "a translation table is" in errors["translation_table"][0]


def test_a_good_field_mapping_validates():
    collection = MappingCollectionFactory()
    mapping = FieldMapping(
        collection=collection,
        position=1,
        target_field="unit_precisions[].code",
        source_path="units[].code",
        transforms=["lower"],
    )
    mapping.full_clean()


def test_a_collection_for_an_entity_the_connector_does_not_offer_is_refused():
    collection = MappingCollectionFactory.build(
        subscription=MappingCollectionFactory().subscription, entity="product", direction="pull"
    )
    with pytest.raises(ValidationError) as caught:
        collection.full_clean()
    assert "does not offer product (pull)" in caught.value.message_dict["entity"][0]


def test_pull_collections_do_not_propagate_deletions():
    collection = MappingCollectionFactory.build(
        subscription=MappingCollectionFactory().subscription,
        entity="order",
        direction="pull",
        propagate_deletions=True,
    )
    with pytest.raises(ValidationError) as caught:
        collection.full_clean()
    assert "propagate_deletions" in caught.value.message_dict
