"""Push all fills a new store in one go: what other records refer to is sent first.

A customer names its group, a price its product and price list: sent in parallel, most of them
would fail until retried. So one subscription's push transfers run as a chain in the hub's
reference order, each starting once the one before it has finished, however that ended.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from mappings import runner, tasks, transfers
from mappings.transfer_models import Transfer
from tests.factories import SubscriptionFactory, manager
from tests.mappings.factories import MappingCollectionFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


@pytest.fixture
def enqueued(monkeypatch) -> list[int]:
    sent: list[int] = []
    monkeypatch.setattr(transfers, "enqueue", sent.append)
    return sent


def collections(subscription, *entities: str, **fields):
    return [
        MappingCollectionFactory(subscription=subscription, entity=entity, **fields)
        for entity in entities
    ]


def finish(transfer: Transfer, state: str = Transfer.State.SUCCEEDED) -> None:
    Transfer.objects.filter(pk=transfer.pk).update(state=state)


def test_referenced_entities_go_first_in_one_chain(enqueued):
    subscription = SubscriptionFactory()
    collections(subscription, "price", "customer", "product", "customer_group", "price_list")

    made = transfers.push_all(subscription.mapping_collections.all())

    assert [t.entity for t in made] == [
        "product",
        "customer_group",
        "price_list",
        "price",
        "customer",
    ]
    assert [t.after_id for t in made] == [None, *(t.pk for t in made[:-1])]
    assert enqueued == [made[0].pk]  # the others wait for their turn
    assert made[1].waiting_reason.startswith(f"Waiting for transfer {made[0].pk} (product)")


def test_each_subscription_gets_its_own_chain_of_enabled_push_collections(enqueued):
    first, second = SubscriptionFactory(), SubscriptionFactory()
    collections(first, "customer", "customer_group")
    collections(first, "product", enabled=False)
    collections(first, "order", direction="pull")
    collections(second, "customer_user")

    made = transfers.push_all(
        [*first.mapping_collections.all(), *second.mapping_collections.all()],
    )

    chains = {(t.subscription_id, t.entity, t.after.entity if t.after else None) for t in made}
    assert chains == {
        (first.pk, "customer_group", None),
        (first.pk, "customer", "customer_group"),
        (second.pk, "customer_user", None),
    }
    assert len(enqueued) == 2


@pytest.mark.parametrize("ended", list(Transfer.FINISHED))
def test_a_follower_is_claimed_only_once_the_one_before_has_finished(enqueued, ended):
    subscription = SubscriptionFactory()
    collections(subscription, "customer", "customer_group")
    groups, customers = transfers.push_all(subscription.mapping_collections.all())

    assert runner.claim(customers.pk, "worker-1") is None
    assert customers.pk not in transfers.due_transfers()
    Transfer.objects.filter(pk=groups.pk).update(state=Transfer.State.RUNNING)
    assert runner.claim(customers.pk, "worker-1") is None

    finish(groups, ended)  # a failed record is retried on its own: the chain goes on
    assert customers.pk in transfers.due_transfers()
    assert runner.claim(customers.pk, "worker-1") is not None


def test_a_finished_transfer_enqueues_its_follower_at_once(enqueued, monkeypatch):
    subscription = SubscriptionFactory()
    collections(subscription, "price", "product")
    products, prices = transfers.push_all(subscription.mapping_collections.all())
    enqueued.clear()

    def run_to_the_end(transfer_id, owner):
        finish(Transfer.objects.get(pk=transfer_id))
        return "finished"

    monkeypatch.setattr(runner, "run", run_to_the_end)
    tasks.run_transfer(products.pk)

    assert enqueued == [prices.pk]
    prices.refresh_from_db()
    assert prices.waiting_reason == ""


def test_cancelling_a_queued_transfer_lets_the_chain_go_on(enqueued):
    subscription = SubscriptionFactory()
    collections(subscription, "customer", "customer_group")
    groups, customers = transfers.push_all(subscription.mapping_collections.all())
    enqueued.clear()

    transfers.cancel([groups])

    assert enqueued == [customers.pk]
    assert runner.claim(customers.pk, "worker-1") is not None


def test_push_all_from_the_subscription_list(client, enqueued):
    subscription = SubscriptionFactory()
    collections(subscription, "customer", "customer_group")
    client.force_login(manager())

    response = client.post(
        reverse("admin:subscriptions_subscription_changelist"),
        {"action": "push_all", "_selected_action": [subscription.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert b"referenced records first" in response.content
    made = Transfer.objects.order_by("pk")
    assert [(t.entity, t.started_by_id) for t in made] == [
        ("customer_group", made[0].started_by_id),
        ("customer", made[0].started_by_id),
    ]
    assert made[0].started_by is not None
    assert made[1].after_id == made[0].pk
