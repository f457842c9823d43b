"""Upsert by natural key is idempotent; every real change is a new version."""

from __future__ import annotations

import pytest

from hub import services
from hub.models import Record
from hub.schemas import UnknownEntity
from hub.services import RecordInvalid, data_hash, upsert, upsert_many
from tests.hub.factories import make_record, valid

pytestmark = pytest.mark.django_db


def test_a_new_record_starts_at_version_one():
    result = upsert("product", valid("product", sku="CHAIR-1"))
    assert (result.created, result.changed) == (True, True)
    record = Record.objects.get()
    assert (record.entity, record.key, record.version) == ("product", "CHAIR-1", 1)
    assert record.data["sku"] == "CHAIR-1"
    assert record.data_hash == data_hash(record.data)


def test_the_same_data_twice_is_one_version_and_no_write():
    data = valid("product", sku="CHAIR-1")
    first = upsert("product", data).record
    again = upsert("product", data)
    assert (again.created, again.changed) == (False, False)
    record = Record.objects.get()
    assert record.version == 1
    assert record.updated_at == first.updated_at  # nothing was written


def test_key_order_and_spelling_of_codes_do_not_make_a_new_version():
    data = valid("product", sku="CHAIR-1")
    upsert("product", data)
    reordered = dict(reversed(list(data.items())))
    reordered["names"] = {"en": " Office chair "}
    assert upsert("product", reordered).changed is False
    price = valid("price")
    upsert("price", price)
    assert upsert("price", {**price, "currency": "usd", "quantity": "1"}).changed is False
    assert Record.objects.get(entity="price").version == 1


def test_a_change_is_version_two_and_keeps_the_key():
    data = valid("product", sku="CHAIR-1")
    upsert("product", data)
    result = upsert("product", {**data, "brand": "Other"})
    assert (result.created, result.changed) == (False, True)
    record = Record.objects.get()
    assert record.version == 2
    assert record.data["brand"] == "Other"
    assert record.data_hash == data_hash(record.data)


def test_invalid_data_raises_with_every_field_error_and_writes_nothing():
    with pytest.raises(RecordInvalid) as caught:
        upsert("product", {"sku": "", "names": "Chair"})
    assert {(e.path, e.message) for e in caught.value.errors} == {
        ("sku", "is required"),
        ("names", "must be an object of locale -> text, got text"),
        ("primary_unit", "is required"),
    }
    assert not Record.objects.exists()


def test_an_unknown_entity_is_refused():
    with pytest.raises(UnknownEntity):
        upsert("widget", {})


def test_orders_from_two_subscriptions_with_the_same_number_stay_apart():
    one = upsert("order", valid("order", number="1001"), origin_subscription_id=1).record
    two = upsert("order", valid("order", number="1001"), origin_subscription_id=2).record
    assert one.pk != two.pk
    assert (one.key, two.key) == ("1:1001", "2:1001")
    assert (one.origin_subscription_id, two.origin_subscription_id) == (1, 2)
    again = upsert("order", valid("order", number="1001"), origin_subscription_id=1)
    assert again.record.pk == one.pk and again.changed is False


def test_products_from_two_subscriptions_with_one_sku_are_one_record():
    first = upsert("product", valid("product", sku="A"), origin_subscription_id=1).record
    second = upsert("product", valid("product", sku="A"), origin_subscription_id=2).record
    assert first.pk == second.pk
    assert second.origin_subscription_id == 1  # where it first came from


def test_update_record_refuses_to_change_the_key():
    record = make_record("product", sku="A")
    with pytest.raises(RecordInvalid, match='from "A" to "B"'):
        services.update_record(record, valid("product", sku="B"))
    result = services.update_record(record, valid("product", sku="A", brand="New"))
    assert result.changed and result.record.version == 2


def test_update_record_keeps_an_orders_origin():
    order = make_record("order", origin_subscription_id=4)
    result = services.update_record(order, valid("order", status="shipped"))
    assert result.record.pk == order.pk and result.record.version == 2


# -- bulk --------------------------------------------------------------------------------


def test_upsert_many_gives_one_result_per_row_and_bad_rows_do_not_stop_the_others():
    make_record("product", sku="OLD", brand="Before")
    rows = [
        valid("product", sku="NEW-1"),
        {"sku": "BAD"},
        valid("product", sku="OLD", brand="After"),
        valid("product", sku="NEW-2"),
    ]
    results = upsert_many("product", rows)
    assert [r.index for r in results] == [0, 1, 2, 3]
    assert [r.ok for r in results] == [True, False, True, True]
    assert {(e.path, e.message) for e in results[1].errors} == {
        ("names", "is required"),
        ("primary_unit", "is required"),
    }
    assert results[0].result.created and results[3].result.created
    assert results[2].result.changed and not results[2].result.created
    assert sorted(Record.objects.values_list("key", "version")) == [
        ("NEW-1", 1),
        ("NEW-2", 1),
        ("OLD", 2),
    ]
    assert all(r.result.record.pk for r in results if r.ok)


def test_upsert_many_twice_changes_nothing():
    rows = [valid("product", sku=f"S{i}") for i in range(5)]
    upsert_many("product", rows)
    results = upsert_many("product", rows)
    assert not any(r.result.changed for r in results)
    assert set(Record.objects.values_list("version", flat=True)) == {1}


def test_upsert_many_applies_a_repeated_key_in_order_across_small_chunks():
    rows = [
        valid("product", sku="A", brand="first"),
        valid("product", sku="B"),
        valid("product", sku="A", brand="second"),
        valid("product", sku="C"),
    ]
    results = upsert_many("product", rows, chunk_size=2)
    assert [r.ok for r in results] == [True] * 4
    record = Record.objects.get(key="A")
    assert (record.version, record.data["brand"]) == (2, "second")
    assert Record.objects.count() == 3


def test_upsert_many_reads_once_per_chunk(django_assert_max_num_queries):
    make_record("product", sku="S0")
    rows = [valid("product", sku=f"S{i}", brand="x") for i in range(50)]
    # savepoints + one select + one bulk update + one bulk insert
    with django_assert_max_num_queries(8):
        upsert_many("product", rows)
    assert Record.objects.count() == 50


# -- archive -----------------------------------------------------------------------------


def test_archive_and_unarchive_keep_data_and_version():
    record = make_record("product")
    assert services.archive(record) == 1
    record.refresh_from_db()
    assert record.archived and record.version == 1
    assert services.archive(record) == 0  # already archived
    assert services.unarchive(Record.objects.all()) == 1
    record.refresh_from_db()
    assert not record.archived


def test_an_archived_record_stays_archived_when_pulled_again():
    record = make_record("product", sku="A")
    services.archive(record)
    upsert("product", valid("product", sku="A", brand="changed"))
    record.refresh_from_db()
    assert record.archived and record.version == 2
