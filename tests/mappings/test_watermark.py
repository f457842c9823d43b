"""The pull watermark never loses a record: ties on one timestamp, records changing while the
runner pages, and a store clock ahead of or behind the portal's (within the overlap).

A model store pages as DECISIONS.md asks adapters to: inside the fixed window, by id, from the
cursor. Hypothesis writes the history; the hub must end with every record's latest version.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.adapters import PullPage
from hub.models import Record
from mappings import runner, transfers
from mappings.engine import FIELD
from mappings.models import FieldMapping, MappingCollection
from mappings.transfer_models import PullState, Transfer
from tests.factories import SubscriptionFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])

START = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


class ModelStore:
    """Records with an id, a version and the store's updatedAt; pages of three by id."""

    def __init__(self, clock: Clock, skew: timedelta) -> None:
        self.clock = clock
        self.skew = skew
        self.records: dict[int, dict] = {}
        self.during_paging: list[list[int]] = []

    def store_now(self) -> datetime:
        return self.clock.now + self.skew

    def change(self, ids: list[int]) -> None:
        for record_id in ids:
            current = self.records.get(record_id, {"version": 0})
            self.records[record_id] = {
                "version": current["version"] + 1,
                "updated_at": self.store_now(),
            }

    def pull_page(self, window, cursor):
        last_id = (cursor or {}).get("last_id", 0)
        matching = sorted(
            record_id
            for record_id, r in self.records.items()
            if window.since <= r["updated_at"] < window.until and record_id > last_id
        )
        page = matching[:3]
        documents = [
            {"id": str(i), "name": f"group-{i}", "version": f"v{self.records[i]['version']}"}
            for i in page
        ]
        if self.during_paging:  # other users change records while we page
            self.change(self.during_paging.pop(0))
        more = len(matching) > 3
        return PullPage(documents, {"last_id": page[-1]} if more else None)


history = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=40),  # seconds that pass
        st.lists(st.integers(min_value=1, max_value=12), max_size=6),  # records changed
        st.booleans(),  # a pull runs now
        st.lists(st.lists(st.integers(min_value=1, max_value=12), max_size=3), max_size=3),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=history, skew=st.integers(min_value=-30, max_value=30))
def test_no_record_is_missed_whatever_the_history(monkeypatch, steps, skew):
    Record.objects.all().delete()
    Transfer.objects.all().delete()
    PullState.objects.all().delete()
    MappingCollection.objects.all().delete()
    clock = Clock()
    store = ModelStore(clock, timedelta(seconds=skew))
    monkeypatch.setattr("django.utils.timezone.now", clock)
    monkeypatch.setattr(runner, "build_adapter", lambda *a, **kw: store)
    monkeypatch.setattr(transfers, "enqueue", lambda transfer_id: None)
    collection = MappingCollection.objects.create(
        subscription=SubscriptionFactory(),
        name="Groups in",
        entity="customer_group",
        direction="pull",
    )
    for target, source in (("name", "name"), ("payment_term", "version")):
        FieldMapping.objects.create(
            collection=collection, target_field=target, source_kind=FIELD, source_path=source
        )

    def pull() -> None:
        transfer = transfers.start(collection, trigger=Transfer.Trigger.SCHEDULE)
        assert runner.run(transfer.pk, "w") == "finished"

    for seconds, changed, pulls, during in steps:
        clock.now += timedelta(seconds=seconds)
        store.change(changed)
        if pulls:
            store.during_paging = [list(ids) for ids in during]
            pull()
    clock.now += timedelta(minutes=2)  # everything has settled; one more poll
    store.during_paging = []
    pull()

    in_hub = dict(
        Record.objects.filter(entity="customer_group").values_list("key", "data__payment_term")
    )
    expected = {f"group-{i}": f"v{r['version']}" for i, r in store.records.items()}
    assert in_hub == expected
