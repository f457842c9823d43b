"""The commercetools sandbox held to reference/commercetools.md (issue 10): for every resource
the connector calls, the sandbox's query pages (§3.3) and records (§3.4, §3.8, §4) have the
recorded shape, and the answers the connector reacts to carry what it reads (§3.2, §3.5, §3.6).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests

from connectors.endpoints import inventory
from sandbox.commercetools import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PROJECT_KEY,
    CommercetoolsSandbox,
)
from tests.sandbox.shapes import CT_PAGE, check, check_ct_error

from .ct_resources import (
    NOT_DESCRIBED,
    PRODUCT_KEY,
    RESOURCES,
    shape_problems,
    variant_problems,
)

# §3.6: the codes the reference lists, plus the auth codes of §2.
KNOWN_CODES = {
    "InvalidInput", "InvalidOperation", "InvalidField", "RequiredField", "DuplicateField",
    "InvalidJsonInput", "ReferencedResourceNotFound", "ResourceNotFound",
    "ConcurrentModification", "General", "OverCapacity", "PendingOperation",
    "invalid_client", "invalid_scope", "unsupported_grant_type", "invalid_token",
    "insufficient_scope",
}  # fmt: skip


def called_resources() -> set[str]:
    found = set()
    for item in inventory("commercetools"):
        if not item.base.startswith("[API URL]"):
            continue
        first = item.path.split("?")[0].strip("/").split("/")[0]
        found.add(first or "project")
    return found


@pytest.fixture(scope="module")
def ct() -> Iterator[tuple[CommercetoolsSandbox, requests.Session, str]]:
    with CommercetoolsSandbox.running() as sandbox:
        token = requests.post(
            sandbox.token_url,
            auth=(DEMO_CLIENT_ID, DEMO_CLIENT_SECRET),
            data={"grant_type": "client_credentials"},
        ).json()["access_token"]
        api = requests.Session()
        api.headers["Authorization"] = f"Bearer {token}"
        yield sandbox, api, f"{sandbox.api_url}/{DEMO_PROJECT_KEY}"


def query(ct, resource: str, **params: Any) -> dict[str, Any]:
    _, api, base = ct
    response = api.get(f"{base}/{resource}", params={"limit": 5, **params})
    assert response.status_code == 200, (resource, response.text[:300])
    page = response.json()
    check(page, CT_PAGE)  # §3.3
    assert page["count"] == len(page["results"]) > 0, f"the sandbox serves no {resource}"
    return page


def test_every_resource_the_connector_calls_has_a_recorded_shape_or_a_reason():
    called = called_resources()
    assert called <= set(RESOURCES) | set(NOT_DESCRIBED), sorted(
        called - set(RESOURCES) - set(NOT_DESCRIBED)
    )
    assert set(RESOURCES) | set(NOT_DESCRIBED) <= called


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_the_sandbox_records_match_the_recorded_shape(ct, resource):
    params = {"staged": "true"} if resource == "product-projections" else {}
    for record in query(ct, resource, **params)["results"]:
        found = shape_problems(record, RESOURCES[resource])
        assert not found, f"{resource} {record['id']} against {RESOURCES[resource].section}"


def test_products_keep_current_and_staged_data_with_variants(ct):
    for product in query(ct, "products")["results"]:
        assert PRODUCT_KEY.fullmatch(product["key"])  # §3.2
        data = product["masterData"]
        assert isinstance(data["published"], bool)
        for view in ("current", "staged"):  # §4
            found = variant_problems(data[view]["masterVariant"], f"{view}.masterVariant")
            for n, variant in enumerate(data[view]["variants"]):
                found += variant_problems(variant, f"{view}.variants[{n}]")
            assert not found, product["key"]


def test_a_created_customer_comes_back_inside_customer(ct):
    _, api, base = ct
    response = api.post(f"{base}/customers", json={"email": "shape@example.test", "key": "shape"})
    assert response.status_code == 201
    assert set(response.json()) == {"customer"}  # §4: CustomerSignInResult
    assert not shape_problems(response.json()["customer"], RESOURCES["customers"])


def test_a_duplicate_key_names_the_field_and_the_value(ct):
    _, api, base = ct
    response = api.post(f"{base}/customer-groups", json={"groupName": "R", "key": "retail"})
    check_ct_error(response.json())  # §3.6
    error = response.json()["errors"][0]
    assert (response.status_code, error["code"]) == (400, "DuplicateField")  # §3.2
    assert (error["field"], error["duplicateValue"]) == ("key", "retail")


def test_a_stale_version_is_409_with_the_current_version(ct):
    _, api, base = ct
    group = api.get(f"{base}/customer-groups/key=wholesale").json()
    stale = {"version": group["version"] - 1 or 99, "actions": []}
    response = api.post(f"{base}/customer-groups/{group['id']}", json=stale)
    check_ct_error(response.json())
    error = response.json()["errors"][0]
    assert (response.status_code, error["code"]) == (409, "ConcurrentModification")  # §3.5
    assert error["currentVersion"] == group["version"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/products?limit=501", None),  # §3.3: limit 0..500
        ("GET", "/customers?where=email%20%3D", None),  # a broken predicate
        ("POST", "/customer-groups", {"key": "no-name"}),  # groupName is required (§4)
        ("GET", "/orders/order-number=NOPE", None),  # §3.1
        ("GET", "/customers/key=nobody", None),
    ],
)
def test_error_answers_use_the_recorded_codes(ct, method, path, body):
    _, api, base = ct
    response = api.request(method, base + path, json=body)
    assert response.status_code in (400, 404)
    check_ct_error(response.json())  # §3.6
    assert {e["code"] for e in response.json()["errors"]} <= KNOWN_CODES
