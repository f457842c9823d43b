"""The client's calls: paths under the project key, safe predicates, withTotal=false."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from connectors.commercetools.client import CommercetoolsClient, quote
from connectors.endpoints import duplicates, inventory
from tests.connectors.commercetools.conftest import make_session
from tests.connectors.commercetools.factories import API, page, product, url


def query_of(call) -> dict[str, list[str]]:
    return parse_qs(urlsplit(call.request.url).query)


def test_the_api_url_may_carry_the_project_key(stub):
    stub.get(url("products/key=hard-hat"), json=product())
    client = CommercetoolsClient(make_session(), f"{API}/shop/", "shop")
    assert client.product_by_key("hard-hat")["id"] == "p-1"


def test_values_travel_as_input_variables_never_inside_the_predicate(stub, client):
    stub.get(url("customers"), json=page([]))
    tricky = 'x" or email is defined or email = "y'
    assert client.customer_by_email(tricky) is None
    params = query_of(stub.calls[0])
    assert params["where"] == ["email = :email"]
    assert params["var.email"] == [tricky]
    assert params["withTotal"] == ["false"] and params["limit"] == ["1"]


def test_quote_escapes_quotes_and_backslashes():
    assert quote('a"b\\c') == '"a\\"b\\\\c"'


def test_keys_are_escaped_in_paths(stub, client):
    stub.get(url("categories/key=a%2Fb%20c"), json={"id": "c-1"})
    assert client.category_by_key("a/b c") == {"id": "c-1"}


def test_a_missing_key_is_none_not_an_error(stub, client):
    stub.get(
        url("customer-groups/key=nope"),
        status=404,
        json={"statusCode": 404, "message": "x", "errors": [{"code": "ResourceNotFound"}]},
    )
    assert client.customer_group_by_key("nope") is None


def test_a_product_is_found_by_sku_through_staged_projections(stub, client):
    stub.get(url("product-projections"), json=page([{"id": "p-1", "version": 3}]))
    stub.get(url("products/p-1"), json=product())
    found = client.product_by_sku("HH-1")
    assert found["masterData"]["staged"]["masterVariant"]["sku"] == "HH-1"
    params = query_of(stub.calls[0])
    assert params["where"] == ["masterVariant(sku = :sku) or variants(sku = :sku)"]
    assert params["var.sku"] == ["HH-1"] and params["staged"] == ["true"]


def test_a_created_customer_is_unwrapped_from_the_sign_in_result(stub, client):
    stub.post(url("customers"), status=201, json={"customer": {"id": "c-1", "version": 1}})
    assert client.create_customer({"email": "a@b.c"}) == {"id": "c-1", "version": 1}


def test_updates_send_version_and_actions(stub, client):
    stub.post(url("orders/o-1"), json={"id": "o-1", "version": 5})
    client.update_order("o-1", 4, [{"action": "addDelivery", "items": []}])
    import json

    assert json.loads(stub.calls[0].request.body) == {
        "version": 4,
        "actions": [{"action": "addDelivery", "items": []}],
    }


def test_every_call_is_in_the_endpoint_inventory_once_with_a_reason():
    endpoints = inventory("commercetools")
    assert duplicates(endpoints) == []
    assert all(e.reason for e in endpoints)
    names = {e.name for e in endpoints}
    assert {"project", "orders", "update_order", "create_product", "fetch_token"} <= names


def test_an_api_url_naming_another_project_is_refused():
    from connectors.commercetools.errors import ProjectKeyMismatch

    with pytest.raises(ProjectKeyMismatch) as caught:
        CommercetoolsClient(make_session(), f"{API}/other", "shop")
    assert "'other'" in caught.value.message and "'shop'" in caught.value.message
