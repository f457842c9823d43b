"""records_changed is sent after commit, once per write call, with the changed ids only."""

from __future__ import annotations

import pytest
from django.db import transaction

from hub import services
from hub.models import Record
from hub.signals import records_changed
from tests.hub.factories import make_record, valid

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls: list[dict] = []

    def handler(sender, **kwargs):
        calls.append({"sender": sender, **{k: v for k, v in kwargs.items() if k != "signal"}})

    records_changed.connect(handler)
    yield calls
    records_changed.disconnect(handler)


def test_sent_once_after_commit_with_the_record_id(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = services.upsert("product", valid("product"), origin_subscription_id=3)
    assert received == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert received == [
        {
            "sender": Record,
            "entity": "product",
            "ids": [result.record.pk],
            "origin_subscription_id": 3,
        }
    ]


def test_not_sent_for_a_no_op(received, django_capture_on_commit_callbacks):
    data = valid("product")
    with django_capture_on_commit_callbacks(execute=True):  # set-up, committed apart
        services.upsert("product", data)
    received.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.upsert("product", data)
    assert callbacks == [] and received == []


def test_not_sent_when_the_transaction_rolls_back(received, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.upsert("product", valid("product"))
        raise RuntimeError("the pull failed later")
    assert received == []
    assert not Record.objects.exists()


def test_a_bulk_upsert_sends_one_signal_with_every_changed_id(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # set-up, committed apart
        unchanged = make_record("product", sku="SAME")
    received.clear()
    rows = [valid("product", sku=f"N{i}") for i in range(3)]
    rows.append(dict(unchanged.data))
    rows.append({"sku": "BAD"})
    with django_capture_on_commit_callbacks(execute=True):
        results = services.upsert_many("product", rows, origin_subscription_id=9)
    created_ids = [r.result.record.pk for r in results[:3]]
    assert len(received) == 1
    assert received[0]["entity"] == "product"
    assert received[0]["origin_subscription_id"] == 9
    assert sorted(received[0]["ids"]) == sorted(created_ids)
    assert unchanged.pk not in received[0]["ids"]


def test_a_bulk_upsert_that_changes_nothing_sends_nothing(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # set-up, committed apart
        record = make_record("product")
    received.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.upsert_many("product", [dict(record.data)])
    assert callbacks == [] and received == []


def test_archiving_sends_the_archived_ids(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # set-up, committed apart
        record = make_record("customer")
    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.archive(record)
    assert received == [
        {"sender": Record, "entity": "customer", "ids": [record.pk], "origin_subscription_id": None}
    ]


def test_many_upserts_in_one_transaction_send_one_signal_per_entity(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        a = services.upsert("product", valid("product"), origin_subscription_id=2).record
        b = services.upsert("product", valid("product"), origin_subscription_id=2).record
        services.upsert("product", dict(a.data), origin_subscription_id=2)  # no-op
        services.upsert("product", {**a.data, "brand": "New"}, origin_subscription_id=2)
        price = services.upsert("price", valid("price"), origin_subscription_id=2).record
    assert [(r["entity"], r["ids"]) for r in received] == [
        ("product", [a.pk, b.pk]),
        ("price", [price.pk]),
    ]


def test_a_second_transaction_sends_its_own_signal(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.upsert("product", valid("product")).record
    with django_capture_on_commit_callbacks(execute=True):
        second = services.upsert("product", valid("product")).record
    assert [r["ids"] for r in received] == [[first.pk], [second.pk]]


def test_changes_from_another_origin_are_sent_apart(received, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pulled = services.upsert("product", valid("product"), origin_subscription_id=1).record
        typed = services.upsert("product", valid("product")).record
    assert [(r["ids"], r["origin_subscription_id"]) for r in received] == [
        ([pulled.pk], 1),
        ([typed.pk], None),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_sends_and_a_real_rollback_does_not(received):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.upsert("product", valid("product"))
        raise RuntimeError("rolled back")
    assert received == []
    with transaction.atomic():
        one = services.upsert("product", valid("product")).record
        two = services.upsert("product", valid("product")).record
        assert received == []
    assert [r["ids"] for r in received] == [[one.pk, two.pk]]
    services.upsert("product", dict(one.data))  # no-op, autocommit
    assert len(received) == 1
