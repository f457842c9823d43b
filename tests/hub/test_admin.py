"""The hub admin: records edited as validated JSON, the import page, read-only external ids."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hub.models import ExternalId, Record
from hub.services import remember_external_id
from tests.factories import manager, support
from tests.hub.factories import make_record, valid

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:hub_record_import"


def change_url(record: Record) -> str:
    return reverse("admin:hub_record_change", args=[record.pk])


def test_the_list_shows_entity_key_version_and_filters(client):
    make_record("product", sku="CHAIR-1")
    archived = make_record("customer", name="Gone Inc.")
    archived.archived_at = archived.updated_at
    archived.save()
    client.force_login(manager())
    url = reverse("admin:hub_record_changelist")
    page = client.get(url).content.decode()
    assert "CHAIR-1" in page and "Gone Inc." in page and "Import records" in page
    active = client.get(url, {"archived": "no"}).content.decode()
    assert "CHAIR-1" in active and "Gone Inc." not in active
    products = client.get(url, {"entity__exact": "customer"}).content.decode()
    assert "CHAIR-1" not in products
    assert "CHAIR-1" in client.get(url, {"q": "chair"}).content.decode()


def test_editing_saves_through_the_service_and_bumps_the_version(client):
    record = make_record("product", sku="CHAIR-1")
    client.force_login(manager())
    page = client.get(change_url(record)).content.decode()
    assert "\n  &quot;sku&quot;: &quot;CHAIR-1&quot;,\n" in page  # pretty JSON, one key a line
    data = {**record.data, "brand": "Contoso"}
    response = client.post(change_url(record), {"data": json.dumps(data)})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.version == 2 and record.data["brand"] == "Contoso"


def test_saving_unchanged_data_keeps_the_version(client):
    record = make_record("product")
    client.force_login(manager())
    response = client.post(change_url(record), {"data": json.dumps(record.data)}, follow=True)
    assert "Nothing changed" in response.content.decode()
    record.refresh_from_db()
    assert record.version == 1


def test_a_validation_error_is_shown_in_the_form_and_nothing_is_saved(client):
    record = make_record("price", value="10.00")
    client.force_login(manager())
    data = {**record.data, "value": 10.5, "currency": "EURO"}
    response = client.post(change_url(record), {"data": json.dumps(data)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "value: must be a decimal written as text" in page
    assert "currency: &quot;EURO&quot; is not an ISO 4217 currency code" in page
    record.refresh_from_db()
    assert record.version == 1 and record.data["value"] == "10.00"


def test_an_edit_that_would_change_the_key_is_refused(client):
    record = make_record("product", sku="CHAIR-1")
    client.force_login(manager())
    data = {**record.data, "sku": "CHAIR-2"}
    page = client.post(change_url(record), {"data": json.dumps(data)}).content.decode()
    assert "a key cannot change" in page
    assert Record.objects.get().key == "CHAIR-1"


def test_not_json_is_an_error_in_the_form(client):
    record = make_record("product")
    client.force_login(manager())
    page = client.post(change_url(record), {"data": "{sku: oops"}).content.decode()
    assert "Enter a valid JSON" in page


def test_adding_a_record_validates_and_refuses_a_duplicate_key(client):
    client.force_login(manager())
    url = reverse("admin:hub_record_add")
    data = valid("customer_group", name="Wholesale")
    response = client.post(url, {"entity": "customer_group", "data": json.dumps(data)})
    assert response.status_code == 302
    record = Record.objects.get()
    assert (record.key, record.version) == ("Wholesale", 1)
    page = client.post(url, {"entity": "customer_group", "data": json.dumps(data)}).content.decode()
    assert "exists already" in page
    page = client.post(url, {"entity": "customer_group", "data": '{"nam": "x"}'}).content.decode()
    assert "name: is required" in page and "nam: is not a known field" in page


def test_archive_and_unarchive_actions(client):
    record = make_record("product")
    client.force_login(manager())
    url = reverse("admin:hub_record_changelist")
    client.post(url, {"action": "archive_records", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert record.archived
    client.post(url, {"action": "unarchive_records", "_selected_action": [record.pk]})
    record.refresh_from_db()
    assert not record.archived


# -- import page -------------------------------------------------------------------------


def test_the_import_page_imports_good_rows_and_shows_every_bad_row(client):
    client.force_login(manager())
    url = reverse(IMPORT_URL)
    assert client.get(url).status_code == 200
    body = "\n".join(
        [
            json.dumps(valid("product", sku="UP-1")),
            json.dumps({"sku": "UP-BAD", "names": {"en": "x"}}),
            json.dumps(valid("product", sku="UP-2")),
        ]
    )
    upload = SimpleUploadedFile("products.jsonl", body.encode())
    response = client.post(url, {"entity": "product", "file": upload})
    page = response.content.decode()
    assert response.status_code == 200
    assert "3 rows of product: 2 created, 0 updated, 0 unchanged, 1 failed" in page
    assert "<td>2</td><td>primary_unit</td><td>is required</td>" in page
    assert sorted(Record.objects.values_list("key", flat=True)) == ["UP-1", "UP-2"]


def test_the_import_page_reads_csv_and_explains_an_unreadable_file(client):
    client.force_login(manager())
    url = reverse(IMPORT_URL)
    upload = SimpleUploadedFile("groups.csv", b"name\nWholesale\n")
    page = client.post(url, {"entity": "customer_group", "file": upload}).content.decode()
    assert "1 rows of customer_group: 1 created" in page
    upload = SimpleUploadedFile("groups.data", b"name\nRetail\n")
    page = client.post(url, {"entity": "customer_group", "file": upload}).content.decode()
    assert "Cannot tell the format from the file name" in page
    upload = SimpleUploadedFile("groups.csv", b"")
    page = client.post(url, {"entity": "customer_group", "file": upload}).content.decode()
    assert "The submitted file is empty" in page
    assert Record.objects.count() == 1


# -- support: view only ------------------------------------------------------------------


def test_support_reads_records_but_cannot_change_import_or_archive(client):
    record = make_record("product", sku="CHAIR-1")
    client.force_login(support())
    page = client.get(change_url(record)).content.decode()
    assert "CHAIR-1" in page and 'name="data"' not in page
    assert client.post(change_url(record), {"data": "{}"}).status_code == 403
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    listing = client.get(reverse("admin:hub_record_changelist")).content.decode()
    assert "Import records" not in listing and "archive_records" not in listing


def test_external_ids_are_read_only_with_a_link_to_the_record(client):
    record = make_record("product", sku="CHAIR-1")
    remember_external_id(4, "product", record, "101", remote_version="7")
    client.force_login(manager())
    page = client.get(reverse("admin:hub_externalid_changelist")).content.decode()
    assert change_url(record) in page and "101" in page
    external = ExternalId.objects.get()
    url = reverse("admin:hub_externalid_change", args=[external.pk])
    assert client.post(url, {"remote_id": "999"}).status_code == 403
    assert client.get(reverse("admin:hub_externalid_add")).status_code == 403
    external.refresh_from_db()
    assert external.remote_id == "101"


def test_the_import_page_takes_a_format_and_an_origin_subscription(client):
    client.force_login(manager())
    body = json.dumps(valid("order", number="5001")).encode()
    upload = SimpleUploadedFile("orders.txt", body)
    data = {"entity": "order", "file": upload, "format": "jsonl", "origin_subscription_id": "3"}
    page = client.post(reverse(IMPORT_URL), data).content.decode()
    assert "1 rows of order: 1 created" in page
    assert Record.objects.get().key == "3:5001"


def test_records_are_archived_never_deleted_from_the_admin(client):
    record = make_record("product", sku="CHAIR-1")
    client.force_login(manager())
    page = client.get(reverse("admin:hub_record_changelist")).content.decode()
    assert "delete_selected" not in page and "archive_records" in page
    delete = reverse("admin:hub_record_delete", args=[record.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Record.objects.filter(pk=record.pk).exists()
