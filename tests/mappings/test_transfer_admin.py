"""The transfer pages support staff work from: lists, filters, detail, retry, cancel, CSV."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mappings import transfers
from mappings.transfer_models import Transfer, TransferLogLine
from tests.factories import manager, support
from tests.mappings.test_runner import groups, push_collection, run_to_end, store  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


@pytest.fixture
def failed_transfer(store):  # noqa: F811
    collection = push_collection()
    groups("Wholesale", "Bad group")
    store.fail_names = {"Bad group"}
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)
    return transfer


def test_support_sees_transfers_with_progress_and_their_failed_lines(client, failed_transfer):
    client.force_login(support())
    page = client.get(
        reverse("admin:mappings_transfer_changelist"), {"state__exact": "partly_failed"}
    )
    assert page.status_code == 200
    assert b"<progress" in page.content
    assert b"Partly failed" in page.content
    detail = client.get(reverse("admin:mappings_transfer_change", args=[failed_transfer.pk]))
    assert detail.status_code == 200
    assert b"1 failed" in detail.content

    lines = client.get(
        reverse("admin:mappings_transferlogline_changelist"),
        {"status__exact": "failed", "q": "Bad group"},
    )
    assert lines.status_code == 200
    assert b"Bad group" in lines.content and b"Wholesale" not in lines.content
    line = failed_transfer.lines.get(status="failed")
    page = client.get(reverse("admin:mappings_transferlogline_change", args=[line.pk]))
    assert b"Rename the group." in page.content  # the remediation hint


def test_support_retries_the_selected_failed_records(client, failed_transfer, store):  # noqa: F811
    client.force_login(support())
    line = failed_transfer.lines.get(status="failed")
    response = client.post(
        reverse("admin:mappings_transferlogline_changelist"),
        {"action": "retry_action", "_selected_action": [line.pk]},
        follow=True,
    )
    assert b"1 retry transfer(s) queued." in response.content
    retry = Transfer.objects.get(trigger=Transfer.Trigger.RETRY)
    store.fail_names = set()
    run_to_end(retry)
    assert retry.state == Transfer.State.SUCCEEDED


def test_retry_all_failures_of_a_transfer(client, failed_transfer):
    client.force_login(manager())
    client.post(
        reverse("admin:mappings_transfer_changelist"),
        {"action": "retry_failures_action", "_selected_action": [failed_transfer.pk]},
    )
    retry = Transfer.objects.get(trigger=Transfer.Trigger.RETRY)
    assert retry.record_ids == [failed_transfer.lines.get(status="failed").record_id]


def test_cancel_a_queued_transfer(client, store):  # noqa: F811
    transfer = transfers.start(push_collection(), trigger=Transfer.Trigger.MANUAL)
    client.force_login(support())
    client.post(
        reverse("admin:mappings_transfer_changelist"),
        {"action": "cancel_action", "_selected_action": [transfer.pk]},
    )
    transfer.refresh_from_db()
    assert transfer.state == Transfer.State.CANCELLED


def test_export_a_filtered_log_as_csv(client, failed_transfer):
    client.force_login(support())
    ids = list(TransferLogLine.objects.values_list("pk", flat=True))
    response = client.post(
        reverse("admin:mappings_transferlogline_changelist"),
        {"action": "export_csv", "_selected_action": ids},
    )
    body = b"".join(response.streaming_content).decode()
    rows = body.strip().splitlines()
    assert rows[0].startswith("created_at,transfer_id,subscription_id,entity,record_key")
    assert len(rows) == 3
    assert "Bad group" in body and "Rename the group." in body


def test_the_log_is_read_only(client, failed_transfer):
    client.force_login(manager())
    assert client.get(reverse("admin:mappings_transferlogline_add")).status_code == 403
    line = failed_transfer.lines.first()
    page = client.get(reverse("admin:mappings_transferlogline_change", args=[line.pk]))
    assert b'name="_save"' not in page.content


def test_transfer_now_on_selected_hub_records(client, store):  # noqa: F811
    collection = push_collection()
    (record,) = groups("Wholesale")
    Transfer.objects.all().delete()  # the record change queued one already
    client.force_login(manager())
    response = client.post(
        reverse("admin:hub_record_changelist"),
        {"action": "transfer_records_now", "_selected_action": [record.pk]},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(trigger=Transfer.Trigger.MANUAL)
    assert (transfer.collection, transfer.record_ids) == (collection, [record.pk])
    assert client.get(response.url).status_code == 200


def test_sample_push_and_pull_from_the_subscription_list(client, store):  # noqa: F811
    collection = push_collection()
    client.force_login(manager())
    response = client.post(
        reverse("admin:subscriptions_subscription_changelist"),
        {"action": "sample_push", "_selected_action": [collection.subscription_id]},
    )
    assert response.status_code == 302
    transfer = Transfer.objects.get(trigger=Transfer.Trigger.SAMPLE)
    assert (transfer.collection, transfer.limit) == (collection, 5)
    response = client.post(
        reverse("admin:subscriptions_subscription_changelist"),
        {"action": "sample_pull", "_selected_action": [collection.subscription_id]},
        follow=True,
    )
    assert b"no enabled mapping collection applies" in response.content
