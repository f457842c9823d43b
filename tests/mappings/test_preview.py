"""The preview page: pick a hub record (or paste a document) and see the rendered document or
the exact errors, without calling the store."""

from __future__ import annotations

import json

import pytest
import responses
from django.urls import reverse

from hub.services import upsert
from mappings.defaults import create_default_mappings
from mappings.preview import preview
from tests.factories import SubscriptionFactory, UserFactory, manager, support
from tests.mappings.factories import FieldMappingFactory, MappingCollectionFactory, product_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def collection():
    created = create_default_mappings(SubscriptionFactory())
    return next(c for c in created if (c.entity, c.direction) == ("product", "push"))


def url(collection):
    return reverse("admin:mappings_collection_preview", args=[collection.pk])


@responses.activate  # any HTTP call would fail the test: the preview never calls the store
def test_preview_a_hub_record_by_key(client, collection):
    upsert("product", product_data(sku="DESK-9", names={"en": "Desk & drawer"}))
    client.force_login(manager())
    response = client.post(url(collection), {"record_key": "DESK-9"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="preview-ok"' in page
    document = response.context["result"].document
    assert document["sku"] == "DESK-9"
    assert document["name"] == "Desk & drawer"
    assert "&quot;slug&quot;: &quot;desk-9&quot;" in page
    assert len(responses.calls) == 0


def test_preview_shows_the_exact_errors(client, collection):
    client.force_login(manager())
    pasted = json.dumps(product_data(primary_unit={"code": "item", "precision": "two"}))
    response = client.post(url(collection), {"document_json": pasted})
    page = response.content.decode()
    assert 'id="preview-errors"' in page
    assert "primary_unit.precision" in page
    assert "number: expects a number, got &#x27;two&#x27;" in page


def test_an_unknown_key_is_named(client, collection):
    client.force_login(manager())
    response = client.post(url(collection), {"record_key": "NOPE"})
    assert "No hub product has the key &#x27;NOPE&#x27;." in response.content.decode()


def test_a_broken_collection_shows_its_compile_errors(collection):
    FieldMappingFactory(collection=collection, target_field="slug", source_kind="template",
                        template="{% debug %}", source_path="")  # fmt: skip
    collection.refresh_from_db()
    result = preview(collection, document_json=json.dumps(product_data()))
    assert any("{% debug %} is not available" in e.message for e in result.errors)


def test_bad_json_is_named(collection):
    assert "not JSON" in preview(collection, document_json="{nope").errors[0].message
    assert "JSON object" in preview(collection, document_json="[1]").errors[0].message
    assert "Give a hub record key" in preview(collection).errors[0].message


def test_a_pull_collection_previews_a_pasted_store_document():
    collection = MappingCollectionFactory(entity="customer_group", direction="pull")
    FieldMappingFactory(collection=collection, target_field="name", source_path="attributes.name",
                        transforms=["trim"])  # fmt: skip
    result = preview(collection, document_json='{"attributes": {"name": " Wholesale "}}')
    assert result.errors == []
    assert result.document == {"name": "Wholesale"}


def test_the_change_page_links_the_preview(client, collection):
    client.force_login(manager())
    change = reverse("admin:mappings_mappingcollection_change", args=[collection.pk])
    page = client.get(change).content.decode()
    assert url(collection) in page
    assert "Products to OroCommerce" in page


def test_the_preview_needs_the_view_permission(client, collection):
    client.force_login(UserFactory())  # staff, but no role
    assert client.get(url(collection)).status_code == 403
    client.force_login(support())  # support reads collections to see why a record failed
    assert client.get(url(collection)).status_code == 200


def test_the_admin_lists_and_edits_collections_with_their_field_mappings(client, collection):
    client.force_login(manager())
    changelist = reverse("admin:mappings_mappingcollection_changelist")
    page = client.get(changelist + "?direction__exact=push").content.decode()
    assert "Products to OroCommerce" in page
    change = reverse("admin:mappings_mappingcollection_change", args=[collection.pk])
    form = client.get(change).context["adminform"].form
    inline = client.get(change).context["inline_admin_formsets"][0].formset
    assert inline.total_form_count() == collection.field_mappings.count()
    first = inline.forms[0].initial
    assert (first["position"], first["target_field"]) == (1, "sku")
    assert form.initial["name"] == "Products to OroCommerce"
