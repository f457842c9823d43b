"""The shared connector contract (issue 10), written once and run by every connector against
its sandbox through its kit (``kits.py``): the client, its auth module and the shared HTTP
layer together, over real HTTP on 127.0.0.1.

The sandboxes themselves are held to the reference's recorded shapes in
``test_oro_sandbox_shapes.py`` and ``test_commercetools_sandbox_shapes.py``, so passing here
means agreeing with the store, not with our own bugs.
"""

from __future__ import annotations

import uuid

import pytest

from connectors.http.errors import AuthenticationFailed, InvalidData

from .kits import KITS, ContractKit, Wired, api_statuses, token_requests, wired


@pytest.fixture(params=KITS, ids=[kit.name for kit in KITS])
def kit(request: pytest.FixtureRequest) -> ContractKit:
    return request.param


@pytest.fixture
def connector(kit: ContractKit):
    with wired(kit) as connection:
        yield connection


def test_a_token_is_obtained_once_and_reused(kit: ContractKit, connector: Wired):
    for _ in range(3):
        kit.read(connector.client)
    assert token_requests(connector, kit) == 1
    assert api_statuses(connector, kit) == [200, 200, 200]


def test_a_list_is_read_page_by_page_to_the_end_without_duplicates(
    kit: ContractKit, connector: Wired
):
    expected = kit.expected_ids(connector.sandbox)
    page_size = 3
    assert len(expected) > 2 * page_size  # several pages, or the test proves nothing
    ids = kit.read_all(connector, page_size)
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    pages = len(api_statuses(connector, kit))
    assert pages == len(expected) // page_size + 1  # one call per page, a short one last


def test_a_created_record_is_found_by_its_natural_key(kit: ContractKit, connector: Wired):
    natural_key = f"contract-{uuid.uuid4().hex[:8]}"
    assert kit.find(connector.client, natural_key) is None
    remote_id = kit.create(connector.client, natural_key)
    assert remote_id
    assert kit.find(connector.client, natural_key) == remote_id


def test_an_update_is_visible_on_the_next_read(kit: ContractKit, connector: Wired):
    remote_id = kit.create(connector.client, f"contract-{uuid.uuid4().hex[:8]}")
    kit.rename(connector.client, remote_id, "Renamed by the contract")
    assert kit.name_of(connector.client, remote_id) == "Renamed by the contract"


def test_a_refused_document_is_a_data_error_naming_the_field(kit: ContractKit, connector: Wired):
    with pytest.raises(InvalidData) as caught:
        kit.send_refused_document(connector.client)
    error = caught.value
    assert error.error_class == "data"
    assert error.field == kit.refused_field
    assert kit.refused_field in str(error)
    assert api_statuses(connector, kit)[-1] == 400  # refused once, never resent


def test_an_expired_token_is_renewed_once_and_the_call_resent(kit: ContractKit, connector: Wired):
    kit.read(connector.client)
    assert token_requests(connector, kit) == 1
    connector.sandbox.expire_tokens()  # the store forgets it before the portal thinks it ends
    assert kit.read(connector.client) is not None
    assert token_requests(connector, kit) == 2
    assert api_statuses(connector, kit) == [200, 401, 200]
    kit.read(connector.client)
    assert token_requests(connector, kit) == 2  # the new token is kept


def test_a_429_waits_the_retry_after_then_succeeds(kit: ContractKit, connector: Wired):
    kit.read(connector.client)  # token first: the fault is for the API call
    connector.sandbox.add_fault(
        "status", status=429, retry_after=2, path_prefix=kit.api_prefix, count=1
    )
    assert kit.read(connector.client) is not None
    assert api_statuses(connector, kit)[-2:] == [429, 200]
    # The session slept (a stub here) for what Retry-After asked, not its own backoff.
    assert len(connector.sleeps) == 1 and 1.5 < connector.sleeps[0] <= 2.0


@pytest.mark.parametrize("status", [502, 503])
def test_a_5xx_on_a_read_is_retried(kit: ContractKit, connector: Wired, status: int):
    kit.read(connector.client)
    connector.sandbox.add_fault("status", status=status, path_prefix=kit.api_prefix, count=2)
    assert kit.read(connector.client) is not None
    assert api_statuses(connector, kit)[-3:] == [status, status, 200]
    assert len(connector.sleeps) == 2  # backed off before each new attempt


def test_a_token_refused_again_after_renewal_is_not_renewed_twice(
    kit: ContractKit, connector: Wired
):
    kit.read(connector.client)
    connector.sandbox.add_fault("status", status=401, path_prefix=kit.api_prefix, count=2)
    with pytest.raises(AuthenticationFailed):
        kit.read(connector.client)
    assert token_requests(connector, kit) == 2  # the first token and one renewal
    assert api_statuses(connector, kit)[-2:] == [401, 401]
