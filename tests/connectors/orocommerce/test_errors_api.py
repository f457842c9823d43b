"""OroCommerce API error bodies (reference §1.9) read into the shared typed errors."""

from __future__ import annotations

import requests

from connectors.http.errors import Conflict, ConnectorError, InvalidData
from connectors.orocommerce.errors import api_error, error_parser, pointer_field


def response(
    status: int, body: bytes, content_type: str = "application/vnd.api+json"
) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer._content = body
    answer.headers["Content-Type"] = content_type
    answer.url = "https://shop.example.test/admin/api/products"
    return answer


def test_every_error_of_the_list_is_in_the_message():
    body = (
        b'{"errors": [{"status": "400", "title": "not blank constraint", "detail": "This value '
        b'should not be blank.", "source": {"pointer": "/data/attributes/sku"}}, {"status": "400",'
        b' "title": "filter constraint", "detail": "The filter is not supported.", "source": '
        b'{"parameter": "filter[x]"}}]}'
    )
    details = error_parser(response(400, body))
    assert details.message == (
        "not blank constraint: This value should not be blank. (at /data/attributes/sku); "
        "filter constraint: The filter is not supported. (at filter[x])"
    )
    assert (details.remote_code, details.pointer) == (
        "not blank constraint",
        "/data/attributes/sku",
    )


def test_oauth_bodies_are_still_read_as_before():
    details = error_parser(
        response(
            401,
            b'{"error": "invalid_client", "error_description": "Client authentication failed"}',
            "application/json",
        )
    )
    assert (details.message, details.remote_code) == (
        "Client authentication failed",
        "invalid_client",
    )


def test_pointer_fields():
    assert pointer_field("/data/attributes/sku") == "sku"
    assert pointer_field("/data/relationships/names/data/0") == "names"
    assert (
        pointer_field("/included/0/attributes/value", {"included": [{"type": "productprices"}]})
        == "productprices.value"
    )
    assert (
        pointer_field("/included/3/attributes/value", {"included": []})
        == "included record 3: value"
    )


def test_errors_without_a_rule_come_back_unchanged():
    conflict = Conflict("The entity already exists.", status=409)
    assert api_error(conflict) is conflict
    no_pointer = InvalidData("Bad.", status=400)
    assert api_error(no_pointer) is no_pointer
    timeout = ConnectorError("timed out")
    assert api_error(timeout) is timeout
