"""Failed answers become typed errors with a class, a stable code and a plain hint."""

from __future__ import annotations

import pytest
import responses

from connectors.http import (
    AuthenticationFailed,
    Conflict,
    ConnectorError,
    DestinationBlocked,
    ErrorRule,
    InvalidData,
    InvalidResponse,
    NotFound,
    PermissionDenied,
    RateLimited,
    RemoteError,
    RequeueLater,
    RetryPolicy,
    Throttled,
    TransientError,
    error_from_response,
    json_or_error,
)
from connectors.http.errors import DEFAULT_STATUS_TABLE

URL = "https://store.example.com/api/orders"

ALL_ERRORS = [
    AuthenticationFailed,
    PermissionDenied,
    NotFound,
    InvalidData,
    Conflict,
    RateLimited,
    TransientError,
    RemoteError,
    Throttled,
    DestinationBlocked,
    InvalidResponse,
]


@pytest.mark.parametrize(
    ("status", "expected", "error_class"),
    [
        (400, InvalidData, "data"),
        (401, AuthenticationFailed, "configuration"),
        (403, PermissionDenied, "configuration"),
        (404, NotFound, "data"),
        (409, Conflict, "data"),
        (422, InvalidData, "data"),
        (429, RateLimited, "rate_limited"),
        (500, RemoteError, "transient"),
        (502, TransientError, "transient"),
        (503, TransientError, "transient"),
        (504, TransientError, "transient"),
        (418, InvalidData, "data"),  # an unknown 4xx: the request was refused
        (599, RemoteError, "transient"),
    ],
)
def test_status_classification(status, expected, error_class):
    error = error_from_response(status, "message")
    assert type(error) is expected
    assert error.error_class == error_class
    assert error.status == status


@pytest.mark.parametrize("cls", ALL_ERRORS)
def test_every_error_has_a_stable_code_a_class_and_a_hint(cls):
    assert cls.code and cls.code.islower()
    assert cls.error_class in ("configuration", "data", "transient", "rate_limited")
    assert len(cls.hint) > 20
    assert len({c.code for c in ALL_ERRORS}) == len(ALL_ERRORS)


def test_requeue_later_carries_its_time():
    from datetime import UTC, datetime

    when = datetime(2026, 1, 1, tzinfo=UTC)
    assert RequeueLater("wait", not_before=when).not_before == when


def test_connector_table_wins_over_the_default():
    table = {
        (400, "invalid_grant"): ErrorRule(
            AuthenticationFailed, hint="Authorize again.", code="reauthorize"
        ),
        (500, None): ErrorRule(RemoteError, hint="Check the OAuth encryption keys."),
    }
    refused = error_from_response(400, "bad", remote_code="invalid_grant", table=table)
    assert isinstance(refused, AuthenticationFailed)
    assert (refused.hint, refused.code, refused.remote_code) == (
        "Authorize again.",
        "reauthorize",
        "invalid_grant",
    )
    # Same status, another remote code: falls through to the default table.
    assert isinstance(
        error_from_response(400, "bad", remote_code="other", table=table), InvalidData
    )
    assert error_from_response(500, "x", table=table).hint == "Check the OAuth encryption keys."


def test_validation_error_points_at_the_field():
    error = error_from_response(
        422, "This value should not be blank.", pointer="/data/attributes/sku"
    )
    assert isinstance(error, InvalidData)
    assert error.pointer == "/data/attributes/sku"
    assert error.field == "sku"


def test_default_table_covers_the_common_statuses():
    assert {400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504} <= set(DEFAULT_STATUS_TABLE)


def test_errors_do_not_show_their_hint_or_internals_in_repr():
    error = AuthenticationFailed("refused", status=401)
    assert repr(error) == "AuthenticationFailed(code='authentication_failed', status=401)"
    assert str(error) == "refused"
    assert isinstance(error, ConnectorError)


# --- answers from the wire -----------------------------------------------------------------


@pytest.fixture
def stub():
    with responses.RequestsMock() as rsps:
        yield rsps


def test_json_api_error_body_gives_message_code_and_pointer(stub, make_session):
    stub.post(
        URL,
        status=400,
        json={
            "errors": [
                {
                    "status": "400",
                    "title": "not blank constraint",
                    "detail": "This value should not be blank.",
                    "source": {"pointer": "/data/attributes/sku"},
                }
            ]
        },
    )
    with pytest.raises(InvalidData) as caught:
        make_session().request("POST", URL, json={})
    assert caught.value.message == "This value should not be blank."
    assert caught.value.remote_code == "not blank constraint"
    assert caught.value.field == "sku"


def test_commercetools_error_body(stub, make_session):
    stub.post(
        URL,
        status=409,
        json={
            "statusCode": 409,
            "message": "Object abc has a different version than expected.",
            "errors": [{"code": "ConcurrentModification", "message": "different version"}],
        },
    )
    with pytest.raises(Conflict, match="different version than expected") as caught:
        make_session().request("POST", URL, json={})
    assert caught.value.remote_code == "ConcurrentModification"


def test_html_error_page_names_status_and_excerpt(stub, make_session):
    stub.get(
        URL,
        status=502,
        body="<html><body><h1>502 Bad Gateway</h1>nginx</body></html>",
        content_type="text/html",
    )
    with pytest.raises(TransientError) as caught:
        make_session(retry=RetryPolicy(max_attempts=1)).get(URL)
    message = str(caught.value)
    assert "HTTP 502" in message and "store.example.com" in message
    assert "502 Bad Gateway" in message and "text/html" in message


@pytest.mark.parametrize(
    ("body", "content_type", "words"),
    [
        ("", "application/json", "empty body"),
        ('{"data": [{"id": "1", "type": "ord', "application/json", '{"data": [{"id"'),
        ("<!DOCTYPE html><title>Maintenance</title>", "text/html", "Maintenance"),
    ],
)
def test_success_without_json_is_a_clear_error(stub, make_session, body, content_type, words):
    stub.get(URL, status=200, body=body, content_type=content_type)
    response = make_session().get(URL)
    with pytest.raises(InvalidResponse) as caught:
        json_or_error(response)
    assert "HTTP 200" in str(caught.value)
    assert words in str(caught.value)
    assert caught.value.status == 200


def test_long_bodies_are_cut_in_messages(stub, make_session):
    stub.get(URL, status=200, body="<html>" + "x" * 10_000, content_type="text/html")
    with pytest.raises(InvalidResponse) as caught:
        make_session().get_json(URL)
    assert len(str(caught.value)) < 400
