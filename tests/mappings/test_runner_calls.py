"""Each transfer log line carries the HTTP calls its record made, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from connectors.http.calls import CallRecord
from connectors.http.errors import InvalidData
from mappings import runner, transfers
from mappings.models import MappingCollection
from mappings.transfer_models import Transfer
from tests.factories import support
from tests.mappings.test_runner import FakeStore, groups, push_collection, run_to_end

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


class CallingStore(FakeStore):
    """Records one call per push through the recorder the runner hands to the adapter."""

    recorder = None

    def push(self, document, known):
        self.recorder(
            CallRecord(
                subscription="1",
                method="POST",
                url=f"https://store.example/groups/{document['name']}",
                status=400 if document["name"] in self.fail_names else 201,
                duration_ms=12.345,
                attempt=1,
                request_excerpt='{"name": "..."}',
            )
        )
        return super().push(document, known)


@pytest.fixture
def store(monkeypatch):
    fake = CallingStore()

    def build_adapter(subscription, entity, direction, *, recorder):
        fake.recorder = recorder
        return fake

    monkeypatch.setattr(runner, "build_adapter", build_adapter)
    monkeypatch.setattr(MappingCollection, "target_schema", lambda self: None)
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)
    return fake


def test_every_line_keeps_the_calls_of_its_own_record(store):
    collection = push_collection()
    groups("Wholesale", "Bad group")
    store.fail_names = {"Bad group"}
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)

    lines = {line.record_key: line for line in transfer.lines.all()}
    assert [c["url"] for c in lines["Wholesale"].calls] == [
        "https://store.example/groups/Wholesale"
    ]
    (failed,) = lines["Bad group"].calls
    assert failed == {
        "method": "POST",
        "url": "https://store.example/groups/Bad group",
        "status": 400,
        "duration_ms": 12.3,
        "attempt": 1,
        "error": "",
        "request": '{"name": "..."}',
        "response": "",
    }
    assert lines["Bad group"].error_class == InvalidData.error_class


def test_support_reads_the_calls_as_a_table_with_folded_excerpts(store, client):
    collection = push_collection()
    groups("<b>Bold</b> group")
    store.fail_names = {"<b>Bold</b> group"}
    transfer = transfers.start(collection, trigger=Transfer.Trigger.MANUAL)
    run_to_end(transfer)
    line = transfer.lines.get()
    client.force_login(support())

    page = client.get(reverse("admin:mappings_transferlogline_change", args=[line.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "<td>POST</td>" in html and "<td>400</td>" in html and "12.3 ms" in html
    assert "<summary>Request</summary>" in html
    assert "https://store.example/groups/&lt;b&gt;Bold&lt;/b&gt; group" in html  # escaped
    assert "<b>Bold</b>" not in html
