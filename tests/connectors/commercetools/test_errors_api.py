"""The API's ``{statusCode, message, errors[]}`` bodies become typed errors with seed 004's
hints (reference/commercetools.md §3.6; seed 004 "Common Issues and Solutions")."""

from __future__ import annotations

import pytest
import responses

from connectors.commercetools import auth
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.errors import InvalidApiDomain
from connectors.http import (
    AuthenticationFailed,
    Conflict,
    InvalidData,
    NotFound,
    PermissionDenied,
    TransientError,
)
from tests.connectors.commercetools.conftest import make_session
from tests.connectors.commercetools.factories import CONCURRENT, error, url


def test_a_host_without_a_region_is_an_invalid_api_domain():
    with pytest.raises(InvalidApiDomain) as caught:
        CommercetoolsClient(make_session(), "https://api.commercetools.com", "shop")
    assert "us-central1.gcp" in caught.value.hint and caught.value.error_class == "configuration"


def test_invalid_client_points_to_the_api_clients_page(stub):
    stub.post(
        "https://auth.europe-west1.gcp.commercetools.com/oauth/token",
        status=401,
        json=error(401, "invalid_client", "Please provide valid client credentials.")
        | {"error": "invalid_client"},
    )
    with pytest.raises(AuthenticationFailed) as caught:
        auth.fetch_token(
            make_session(), "https://auth.europe-west1.gcp.commercetools.com", "id", "s3cr3t", ""
        )
    assert caught.value.code == "invalid_client" and "API clients" in caught.value.hint


def test_a_missing_scope_is_named(stub, client):
    stub.get(
        url("orders"),
        status=403,
        json=error(
            403,
            "insufficient_scope",
            "Insufficient scope. One of the following scopes is missing: view_orders:shop",
        ),
    )
    with pytest.raises(PermissionDenied) as caught:
        client.orders([], {})
    assert "view_orders:shop" in caught.value.message
    assert caught.value.code == "insufficient_scope"


def test_an_unknown_id_is_not_found_with_the_fetch_first_hint(stub, client):
    stub.get(
        url("products/nope"),
        status=404,
        json=error(404, "ResourceNotFound", "The Resource with ID 'nope' was not found."),
    )
    with pytest.raises(NotFound) as caught:
        client.product("nope")
    assert "ID 'nope'" in caught.value.message and "does not exist" in caught.value.hint


def test_a_reference_to_a_missing_record_names_its_type(stub, client):
    stub.post(
        url("products"),
        status=400,
        json=error(
            400,
            "ReferencedResourceNotFound",
            "The referenced object of type 'category' was not found.",
            typeId="category",
            key="gone",
        ),
    )
    with pytest.raises(NotFound) as caught:
        client.create_product({"key": "x"})
    assert caught.value.code == "referenced_not_found" and "'gone'" in caught.value.message


def test_a_bad_value_names_the_field_and_the_value(stub, client):
    stub.post(
        url("products/p-1"),
        status=400,
        json=error(
            400,
            "InvalidField",
            "The value '\"abc\"' is not valid for field 'centAmount'.",
            field="centAmount",
            invalidValue="abc",
        ),
    )
    with pytest.raises(InvalidData) as caught:
        client.update_product("p-1", 1, [{"action": "setKey"}])
    assert caught.value.field == "centAmount"
    assert "ISO 8601" in caught.value.hint  # seed 004: Incorrect Data Format


def test_a_missing_value_is_named_from_the_detailed_message(stub, client):
    stub.post(
        url("customers"),
        status=400,
        json=error(
            400,
            "InvalidJsonInput",
            "Request body does not contain valid JSON.",
            detailedErrorMessage="email: Missing required value",
        ),
    )
    with pytest.raises(InvalidData) as caught:
        client.create_customer({"firstName": "x"})
    assert caught.value.field == "email" and "Missing required value" in caught.value.message


def test_a_duplicate_key_is_a_conflict_naming_the_value(stub, client):
    stub.post(
        url("customer-groups"),
        status=400,
        json=error(
            400,
            "DuplicateField",
            "A duplicate value '\"vip\"' exists for field 'key'.",
            field="key",
            duplicateValue="vip",
        ),
    )
    with pytest.raises(Conflict) as caught:
        client.create_customer_group({"key": "vip", "groupName": "VIP"})
    assert caught.value.code == "duplicate_field" and "vip" in caught.value.message


def test_a_stale_version_is_a_concurrent_modification(stub, client):
    stub.post(url("products/p-1"), status=409, json=CONCURRENT)
    with pytest.raises(Conflict) as caught:
        client.update_product("p-1", 3, [{"action": "publish"}])
    assert caught.value.code == "concurrent_modification"
    assert caught.value.remote_code == "ConcurrentModification"
    assert len(stub.calls) == 1  # a 409 is not resent blindly


def test_every_error_of_a_body_is_reported(stub, client):
    body = error(400, "RequiredField", "A value is required for field 'name'.", field="name")
    body["errors"].append({"code": "RequiredField", "message": "A value is required for 'slug'."})
    stub.post(url("products"), status=400, json=body)
    with pytest.raises(InvalidData) as caught:
        client.create_product({"key": "k"})
    assert "'name'" in caught.value.message and "Also:" in caught.value.message


@pytest.mark.parametrize("status", [502, 503])
def test_overload_is_retried_then_succeeds(stub, client, status):
    stub.get(url("customer-groups/key=vip"), status=status, json=error(status, "General", "x"))
    stub.get(url("customer-groups/key=vip"), json={"id": "g-1", "key": "vip", "version": 1})
    assert client.customer_group_by_key("vip")["id"] == "g-1"
    assert len(stub.calls) == 2


def test_overload_that_persists_is_transient(stub, client):
    stub.get(url("customer-groups/key=vip"), status=503, json=error(503, "OverCapacity", "busy"))
    with pytest.raises(TransientError) as caught:
        client.customer_group_by_key("vip")
    assert caught.value.error_class == "transient" and len(stub.calls) == 3


def test_an_update_is_resent_after_a_503_because_its_version_guards_it(stub, client):
    stub.post(url("orders/o-1"), status=503, json=error(503, "OverCapacity", "busy"))
    stub.post(url("orders/o-1"), json={"id": "o-1", "version": 2})
    assert client.update_order("o-1", 1, [{"action": "addDelivery"}])["version"] == 2


def test_a_create_without_a_key_is_not_resent(stub, client):
    stub.post(url("products"), status=503, json=error(503, "OverCapacity", "busy"))
    with pytest.raises(TransientError):
        client.create_product({"name": {"en": "x"}})
    assert len(stub.calls) == 1


def test_responses_is_strict_about_hosts(stub, client):
    # Guard against a silently wrong base URL: the project key is in every path.
    stub.get(url("").rstrip("/"), json={"key": "shop"})
    assert client.project()["key"] == "shop"
    assert stub.calls[0].request.url == "https://api.europe-west1.gcp.commercetools.com/shop"
    assert isinstance(stub, responses.RequestsMock)
