"""Price list push: the customer-group assignments follow the document, removals included.

Fixtures follow reference §2.4 (``pricelists``; ``pricelisttocustomergroups`` with
``sortOrder``, ``mergeAllowed`` and the read-only ``priceList``, ``customerGroup`` and
``website`` relationships) and §1.8 (DELETE answers 204).
"""

from __future__ import annotations

import pytest
import responses
from responses import matchers

from connectors.orocommerce.adapters import ADAPTERS
from tests.connectors.orocommerce.factories import BASE, client, context, item, listing, rel

VIP_USD = item(
    "pricelists",
    "4",
    {"name": "VIP USD", "priceListCurrencies": ["USD"], "updatedAt": "2026-11-20T10:00:00Z"},
)


@pytest.fixture
def mocked():
    with responses.RequestsMock(assert_all_requests_are_fired=True) as rsps:
        yield rsps


def assignment(id_: str, group: str) -> dict:
    return item(
        "pricelisttocustomergroups",
        id_,
        {"sortOrder": 1, "mergeAllowed": True},
        priceList=rel("pricelists", "4"),
        customerGroup=rel("customergroups", group),
        website=rel("websites", "1"),
    )


def groups(mocked, *names_and_ids: tuple[str, str]) -> None:
    for name, id_ in names_and_ids:
        mocked.add(
            "GET",
            f"{BASE}/customergroups",
            match=[matchers.query_param_matcher({"filter[name]": name})],
            json=listing(item("customergroups", id_, {"name": name})),
        )


def assigned(mocked, *assignments: dict) -> None:
    mocked.add(
        "GET",
        f"{BASE}/pricelisttocustomergroups",
        match=[matchers.query_param_matcher({"filter[priceList]": "4", "page[size]": "100"})],
        json=listing(*assignments),
    )


def push(doc: dict):
    return ADAPTERS[("price_list", "push")](context(client())).push(doc, None)


def test_an_assignment_to_a_group_no_longer_listed_is_deleted(mocked):
    groups(mocked, ("VIP", "2"))
    mocked.add("GET", f"{BASE}/pricelists", json=listing(VIP_USD))
    assigned(mocked, assignment("9", "2"), assignment("10", "3"))
    mocked.add("DELETE", f"{BASE}/pricelisttocustomergroups/10", status=204)
    outcome = push({"name": "VIP USD", "currencies": ["USD"], "customer_groups": ["VIP"]})
    assert (outcome.action, outcome.remote_id) == ("updated", "4")
    assert [c.request.method for c in mocked.calls] == ["GET", "GET", "GET", "DELETE"]


def test_an_empty_list_removes_every_assignment_of_this_price_list(mocked):
    mocked.add("GET", f"{BASE}/pricelists", json=listing(VIP_USD))
    assigned(mocked, assignment("9", "2"), assignment("10", "3"))
    mocked.add("DELETE", f"{BASE}/pricelisttocustomergroups/9", status=204)
    mocked.add("DELETE", f"{BASE}/pricelisttocustomergroups/10", status=204)
    assert push({"name": "VIP USD", "currencies": ["USD"], "customer_groups": []}).action == (
        "updated"
    )


def test_a_document_without_groups_leaves_the_assignments_alone(mocked):
    mocked.add("GET", f"{BASE}/pricelists", json=listing(VIP_USD))
    assert push({"name": "VIP USD", "currencies": ["USD"]}).action == "unchanged"
    assert len(mocked.calls) == 1  # not even read


def test_a_group_moved_in_and_one_out_in_one_push(mocked):
    groups(mocked, ("VIP", "2"), ("Gold", "5"))
    mocked.add("GET", f"{BASE}/pricelists", json=listing(VIP_USD))
    assigned(mocked, assignment("9", "2"), assignment("10", "3"))
    mocked.add("DELETE", f"{BASE}/pricelisttocustomergroups/10", status=204)
    mocked.add(
        "POST",
        f"{BASE}/pricelisttocustomergroups",
        json={"data": assignment("11", "5")},
        status=201,
    )
    doc = {"name": "VIP USD", "currencies": ["USD"], "customer_groups": ["VIP", "Gold", "VIP"]}
    assert push(doc).action == "updated"
    posts = [c for c in mocked.calls if c.request.method == "POST"]
    assert len(posts) == 1  # VIP is kept, Gold added once, group 3 removed
