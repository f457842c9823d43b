"""The external-id map: one remote id per (subscription, entity, record) and back."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from hub.models import ExternalId
from hub.services import external_id_for, record_for_remote_id, remember_external_id
from tests.hub.factories import make_record

pytestmark = pytest.mark.django_db


def test_remember_and_look_up_both_ways():
    record = make_record("product")
    remember_external_id(1, "product", record, "101", remote_version="3")
    external = external_id_for(1, "product", record)
    assert (external.remote_id, external.remote_version) == ("101", "3")
    assert record_for_remote_id(1, "product", "101") == record
    assert record_for_remote_id(1, "product", 101) == record  # store ids may come as numbers


def test_lookups_are_per_subscription_and_entity():
    record = make_record("product")
    remember_external_id(1, "product", record, "101")
    assert external_id_for(2, "product", record) is None
    assert record_for_remote_id(2, "product", "101") is None
    assert record_for_remote_id(1, "price", "101") is None


def test_remembering_again_updates_the_one_row():
    record = make_record("product")
    remember_external_id(1, "product", record, "101", remote_version="1", pushed_hash="h1")
    remember_external_id(1, "product", record, "101", remote_version="2")
    external = ExternalId.objects.get()
    assert (external.remote_version, external.last_pushed_hash) == ("2", "h1")  # hash kept
    remember_external_id(1, "product", record, "101", remote_version="2", pushed_hash="")
    assert ExternalId.objects.get().last_pushed_hash == ""


def test_a_remote_id_that_now_means_another_record_moves_to_it():
    old = make_record("product", sku="OLD")
    new = make_record("product", sku="NEW")
    remember_external_id(1, "product", old, "101")
    remember_external_id(1, "product", new, "101")
    assert record_for_remote_id(1, "product", "101") == new
    assert external_id_for(1, "product", old) is None
    assert ExternalId.objects.count() == 1


def test_the_database_refuses_two_records_for_one_remote_id():
    one, two = make_record("product"), make_record("product")
    ExternalId.objects.create(subscription_id=1, entity="product", record=one, remote_id="7")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalId.objects.create(subscription_id=1, entity="product", record=two, remote_id="7")


def test_the_database_refuses_two_remote_ids_for_one_record():
    record = make_record("product")
    ExternalId.objects.create(subscription_id=1, entity="product", record=record, remote_id="7")
    with pytest.raises(IntegrityError), transaction.atomic():
        ExternalId.objects.create(subscription_id=1, entity="product", record=record, remote_id="8")


def test_external_ids_go_with_their_record():
    record = make_record("product")
    remember_external_id(1, "product", record, "101")
    record.delete()
    assert not ExternalId.objects.exists()


def test_the_entity_must_be_the_records_own():
    record = make_record("product", sku="CHAIR-1")
    with pytest.raises(ValueError, match="is a product, not a price"):
        remember_external_id(1, "price", record, "101")
    assert not ExternalId.objects.exists()


def test_remembering_a_page_at_once_creates_updates_moves_and_keeps_hashes():
    from hub.services import remember_external_ids

    kept, moved, new = (make_record("customer_group", name=n) for n in ("Kept", "Moved", "New"))
    remember_external_id(7, "customer_group", kept, "r-1", "v1", pushed_hash="hash-1")
    remember_external_id(7, "customer_group", new, "r-2")  # r-2 will mean "Moved" now
    remember_external_ids(
        7,
        "customer_group",
        [(kept, "r-1", "v2"), (moved, "r-2", "v1"), (new, "r-3", "v1")],
    )
    rows = ExternalId.objects.filter(subscription_id=7).order_by("remote_id")
    assert [(e.record.key, e.remote_id, e.remote_version) for e in rows] == [
        ("Kept", "r-1", "v2"),
        ("Moved", "r-2", "v1"),
        ("New", "r-3", "v1"),
    ]
    assert external_id_for(7, "customer_group", kept).last_pushed_hash == "hash-1"
    with pytest.raises(ValueError):
        remember_external_ids(7, "product", [(kept, "r-9", "")])
