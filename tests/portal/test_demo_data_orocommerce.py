"""The demo's data goes out to the OroCommerce sandbox through the default mappings, and its
orders come back: what a demo user sees after "Push all" and the first poll."""

from __future__ import annotations

import pytest

from mappings import transfers
from mappings.models import MappingCollection
from mappings.transfer_models import Transfer
from tests.mappings.test_e2e_orocommerce import fresh_caches, oro, subscription  # noqa: F401
from tests.portal.demo_flow import failures, push_all_demo_data, run_to_end

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "coordination"])


def test_push_all_sends_the_demo_data_and_the_first_poll_pulls_orders(
    oro,  # noqa: F811
    subscription,  # noqa: F811
):
    done = push_all_demo_data(subscription)

    assert failures(done) == [], "\n".join(failures(done))
    assert {t.state for t in done} == {Transfer.State.SUCCEEDED}
    orders = MappingCollection.objects.get(subscription=subscription, entity="order")
    pulled = run_to_end(transfers.start(orders, trigger=Transfer.Trigger.SCHEDULE))
    assert pulled.state == Transfer.State.SUCCEEDED
    assert pulled.created > 0
