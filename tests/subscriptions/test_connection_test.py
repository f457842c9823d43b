"""Test connection: one token, one cheap read, and a checklist whose failed item says what to do.
commercetools' client-credentials token is cached encrypted and replaced once after a 401."""

from __future__ import annotations

import pytest
import requests
import responses
from django.urls import reverse

from connectors.commercetools.errors import CLIENT_HINT, INSUFFICIENT_SCOPE_HINT, SCOPE_HINT
from connectors.commercetools.spec import REGION_HINT
from connectors.orocommerce.errors import WEB_API_HINT
from connectors.tokens import REAUTHORIZE_HINT
from subscriptions.connection_test import (
    BUSY_HINT,
    HOST_HINT,
    NOT_AUTHORIZED_HINT,
    ORO_NOT_FOUND_HINT,
    TLS_HINT,
    run_connection_test,
)
from subscriptions.models import AuthStatus, SubscriptionToken
from tests.factories import manager, support
from tests.subscriptions.factories import (
    ACCESS,
    CT_API,
    CT_API_KEY,
    CT_PROJECT,
    CT_TOKEN,
    NEW_ACCESS,
    NEW_REFRESH,
    ORO_ORDERS,
    ORO_TOKEN,
    authorize_directly,
    commercetools_subscription,
    local_throttle,  # noqa: F401 (fixture)
    logged_in,
    oro_subscription,
    token_body,
    token_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_throttle")]
CT_PROJECT_URL = f"{CT_API}/{CT_PROJECT}"
NO_SLEEP = {"sleep": lambda seconds: None}


@pytest.fixture
def stub():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def states(report) -> dict[str, str]:
    return {item.key: item.state for item in report.items}


def assert_failed_at(report, key: str, remedy: str) -> None:
    assert not report.ok
    assert report.failed.key == key
    assert report.failed.remedy == remedy
    order = [item.key for item in report.items]
    after = order[order.index(key) + 1 :]
    assert all(states(report)[k] == "not_checked" for k in after)


# --- OroCommerce -------------------------------------------------------------------------------


def order_structure(*names: str) -> dict:
    """``entitystructures/order`` as Oro answers it: the orders' field names (§2.8)."""
    fields = [{"name": "id", "type": "integer", "isIdentifier": True}]
    fields += [{"name": n, "type": "relation"} for n in names]
    return {
        "data": {
            "type": "entitystructures",
            "id": "order",
            "attributes": {"label": "order", "pluralAlias": "orders", "fields": fields},
        }
    }


ORO_ORDER_STRUCTURE = ORO_ORDERS.replace("/orders", "/entitystructures/order")
FIELDS_6_1 = ("identifier", "lineItems", "internalStatus", "status", "orderSubtotals")
FIELDS_5_1 = ("identifier", "lineItems", "internal_status")


def test_oro_all_green_after_one_read_and_the_version_check(stub):
    subscription = authorize_directly(oro_subscription())
    stub.get(ORO_ORDERS, json={"data": []})
    stub.get(ORO_ORDER_STRUCTURE, json=order_structure(*FIELDS_6_1))
    report = run_connection_test(subscription)
    assert report.ok and report.warnings == []
    keys = ["host", "tls", "credentials", "scopes", "api", "version"]
    assert states(report) == dict.fromkeys(keys, "ok")
    call = stub.calls[0].request
    assert call.url == f"{ORO_ORDERS}?page%5Bsize%5D=1"
    assert call.headers["Accept"] == "application/vnd.api+json"
    assert call.headers["Authorization"] == f"Bearer {ACCESS}"
    assert stub.calls[1].request.url == ORO_ORDER_STRUCTURE
    assert report.valid_until is not None


@pytest.mark.parametrize(
    ("fields", "setting", "found", "remedy"),
    [
        (FIELDS_5_1, "6.1", "5.x", "Set OroCommerce API version to 5.1"),
        (FIELDS_6_1, "6.0", "6.1 or later", "Set OroCommerce API version to 6.1"),
        (("identifier", "internalStatus", "status"), "7.0", "6.0", "to 6.0"),
    ],
)
def test_oro_another_api_version_is_a_warning_naming_both_and_the_remedy(
    stub, fields, setting, found, remedy
):
    subscription = oro_subscription()
    subscription.settings["api_version"] = setting
    subscription.save()
    authorize_directly(subscription)
    stub.get(ORO_ORDERS, json={"data": []})
    stub.get(ORO_ORDER_STRUCTURE, json=order_structure(*fields))
    report = run_connection_test(subscription)
    assert report.ok  # a warning, not a failure
    [warning] = report.warnings
    assert (warning.key, warning.label) == ("version", "API version matches")
    assert f"OroCommerce {found}" in warning.detail and f"is {setting}." in warning.detail
    assert remedy in warning.remedy and "Test connection again" in warning.remedy


def test_oro_a_version_check_that_cannot_be_read_is_a_warning(stub):
    subscription = authorize_directly(oro_subscription())
    stub.get(ORO_ORDERS, json={"data": []})
    stub.get(
        ORO_ORDER_STRUCTURE,
        status=403,
        json={"errors": [{"status": "403", "title": "access denied exception"}]},
    )
    report = run_connection_test(subscription)
    assert report.ok and states(report)["api"] == "ok"
    [warning] = report.warnings
    assert "could not be checked" in warning.detail and warning.remedy


def test_oro_a_failed_read_leaves_the_version_not_checked(stub):
    subscription = authorize_directly(oro_subscription())
    stub.get(ORO_ORDERS, status=404, body="")
    report = run_connection_test(subscription)
    assert states(report)["version"] == "not_checked"
    assert [c.request.url for c in stub.calls] == [f"{ORO_ORDERS}?page%5Bsize%5D=1"]


def test_the_page_shows_the_version_warning(stub):
    subscription = oro_subscription()
    subscription.settings["api_version"] = "6.1"
    subscription.save()
    authorize_directly(subscription)
    stub.get(ORO_ORDERS, json={"data": []})
    stub.get(ORO_ORDER_STRUCTURE, json=order_structure(*FIELDS_5_1))
    url = reverse("subscriptions:test_connection", args=[subscription.pk])
    text = logged_in(manager()).post(url).content.decode()
    assert "connection works, with 1 warning" in text
    assert "sb-check-warning" in text and "API version matches" in text
    assert "look like OroCommerce 5.x" in text and "Set OroCommerce API version to 5.1" in text


@pytest.mark.parametrize(
    ("instance", "setting", "warns"), [("5.1", "6.1", True), ("7.0", "7.0", False)]
)
def test_oro_version_check_against_the_sandbox(settings, instance, setting, warns):
    from sandbox.orocommerce import DEMO_CLIENT_ID, OroSandbox

    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    with OroSandbox.running(api_version=instance) as sb:
        subscription = oro_subscription()
        subscription.settings.update(
            api_url=sb.base_url, admin_base_path=sb.admin_prefix, api_version=setting
        )
        subscription.save()
        access = sb.issue_tokens(DEMO_CLIENT_ID, "admin")["access_token"]
        authorize_directly(subscription, token_set(access=access))
        report = run_connection_test(subscription)
    assert report.ok
    assert states(report)["version"] == ("warning" if warns else "ok")
    if warns:
        assert "OroCommerce 5.x" in report.warnings[0].detail


def test_oro_an_expired_token_is_refreshed_first(stub):
    subscription = authorize_directly(oro_subscription(), token_set(expires_in=-1))
    stub.post(ORO_TOKEN, json=token_body(NEW_ACCESS, NEW_REFRESH))
    stub.get(ORO_ORDERS, json={"data": []})
    assert run_connection_test(subscription).ok
    assert SubscriptionToken.objects.get(subscription=subscription).refresh_token == NEW_REFRESH


def test_oro_not_authorized_says_click_authorize(stub):
    report = run_connection_test(oro_subscription())
    assert states(report)["host"] == states(report)["tls"] == "not_checked"
    assert_failed_at(report, "credentials", NOT_AUTHORIZED_HINT)
    assert "Not authorized yet: click Authorize" in report.failed.detail
    assert len(stub.calls) == 0


@pytest.mark.parametrize(
    ("token_answer", "read_answer", "key", "remedy"),
    [
        ({"status": 401, "json": {"error": "invalid_client"}}, None, "credentials", WEB_API_HINT),
        (
            {"status": 401, "json": {"error": "invalid_request", "message": "Token revoked"}},
            None,
            "credentials",
            REAUTHORIZE_HINT,
        ),
        (None, {"status": 404, "body": ""}, "api", ORO_NOT_FOUND_HINT),
        (None, {"status": 403, "json": {"errors": [{"title": "access denied"}]}}, "scopes", None),
        (None, {"status": 200, "body": "<html>maintenance</html>"}, "api", None),
        (
            None,
            {"body": requests.exceptions.ConnectionError("Name does not resolve")},
            "host",
            HOST_HINT,
        ),
        (
            None,
            {"body": requests.exceptions.SSLError("certificate verify failed: expired")},
            "tls",
            TLS_HINT,
        ),
        (None, {"status": 429, "headers": {"Retry-After": "3600"}, "body": ""}, "api", BUSY_HINT),
    ],
)
def test_oro_each_failure_names_its_item_and_remedy(stub, token_answer, read_answer, key, remedy):
    expired = token_answer is not None
    subscription = authorize_directly(
        oro_subscription(), token_set(expires_in=-1 if expired else 3600)
    )
    if token_answer:
        stub.post(ORO_TOKEN, **token_answer)
    if read_answer:
        stub.get(ORO_ORDERS, **read_answer)
    report = run_connection_test(subscription, **NO_SLEEP)
    if remedy is None:  # the typed error's own hint
        assert report.failed.key == key and report.failed.remedy
    else:
        assert_failed_at(report, key, remedy)


def test_plain_http_is_reported_as_tls_not_checked(stub, settings):
    settings.OUTBOUND_ALLOWED_HOSTS = ["oro.local"]
    subscription = oro_subscription()
    subscription.settings["api_url"] = "http://oro.local"
    subscription.save()
    authorize_directly(subscription)
    stub.get("http://oro.local/admin/api/orders", json={"data": []})
    report = run_connection_test(subscription)
    assert report.ok and states(report)["tls"] == "not_checked"


# --- commercetools -----------------------------------------------------------------------------


def test_commercetools_token_is_cached_encrypted_and_reused(stub):
    subscription = commercetools_subscription()
    stub.post(CT_TOKEN, json=token_body(ACCESS, None, 172800))
    stub.get(CT_PROJECT_URL, json={"key": CT_PROJECT})
    assert run_connection_test(subscription).ok
    assert run_connection_test(subscription).ok
    token_posts = [c for c in stub.calls if c.request.url == CT_TOKEN]
    assert len(token_posts) == 1
    assert token_posts[0].request.headers["Authorization"].startswith("Basic ")
    row = SubscriptionToken.objects.get(subscription=subscription)
    assert row.access_token == ACCESS and row.refresh_token == ""
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.AUTHORIZED


def test_commercetools_token_is_renewed_shortly_before_expiry(stub):
    subscription = commercetools_subscription()
    authorize_directly(subscription, token_set(ACCESS, None, expires_in=120))  # < 300 s skew
    stub.post(CT_TOKEN, json=token_body(NEW_ACCESS, None, 172800))
    stub.get(CT_PROJECT_URL, json={"key": CT_PROJECT})
    assert run_connection_test(subscription).ok
    assert stub.calls[-1].request.headers["Authorization"] == f"Bearer {NEW_ACCESS}"


def test_commercetools_a_401_gets_one_new_token_and_one_retry(stub):
    subscription = commercetools_subscription(api_key=CT_API_KEY)
    authorize_directly(subscription, token_set(ACCESS, None))
    stub.get(CT_PROJECT_URL, status=401, json={"statusCode": 401, "error": "invalid_token"})
    stub.get(CT_PROJECT_URL, json={"key": CT_PROJECT})
    stub.post(CT_TOKEN, json=token_body(NEW_ACCESS, None, 172800))
    assert run_connection_test(subscription).ok
    reads = [c.request for c in stub.calls if c.request.url == CT_PROJECT_URL]
    assert [r.headers["Authorization"] for r in reads] == [
        f"Bearer {ACCESS}",
        f"Bearer {NEW_ACCESS}",
    ]
    assert all(r.headers["X-Api-Key"] == CT_API_KEY for r in reads)
    assert len([c for c in stub.calls if c.request.url == CT_TOKEN]) == 1


def test_commercetools_a_second_401_is_not_retried_again(stub):
    subscription = commercetools_subscription()
    authorize_directly(subscription, token_set(ACCESS, None))
    stub.get(CT_PROJECT_URL, status=401, json={"statusCode": 401, "error": "invalid_token"})
    stub.post(CT_TOKEN, json=token_body(NEW_ACCESS, None, 172800))
    report = run_connection_test(subscription)
    assert report.failed.key == "credentials"
    assert len([c for c in stub.calls if c.request.url == CT_PROJECT_URL]) == 2


@pytest.mark.parametrize(
    ("token_answer", "read_answer", "key", "remedy", "words"),
    [
        (
            {"status": 401, "json": {"error": "invalid_client"}},
            None,
            "credentials",
            CLIENT_HINT,
            "",
        ),
        (
            {"status": 400, "json": {"error": "invalid_scope", "message": "Invalid scope."}},
            None,
            "scopes",
            SCOPE_HINT,
            "manage_project:mystore",
        ),
        (
            None,
            {
                "status": 403,
                "json": {
                    "statusCode": 403,
                    "message": "Insufficient scope. One of the following scopes is missing: "
                    "view_project_settings:mystore",
                    "errors": [{"code": "insufficient_scope", "message": "Insufficient scope."}],
                },
            },
            "scopes",
            INSUFFICIENT_SCOPE_HINT,
            "",
        ),
    ],
)
def test_commercetools_each_failure_names_its_item_and_remedy(
    stub, token_answer, read_answer, key, remedy, words
):
    subscription = commercetools_subscription()
    if token_answer:
        stub.post(CT_TOKEN, **token_answer)
    else:
        authorize_directly(subscription, token_set(ACCESS, None))
        stub.get(CT_PROJECT_URL, **read_answer)
    report = run_connection_test(subscription)
    assert_failed_at(report, key, remedy)
    assert words in report.failed.detail


def test_commercetools_a_region_less_auth_url_is_a_host_problem(stub):
    subscription = commercetools_subscription()
    subscription.settings["auth_url"] = "https://auth.commercetools.com"
    subscription.save()
    report = run_connection_test(subscription)
    assert_failed_at(report, "host", REGION_HINT)
    assert len(stub.calls) == 0


# --- the pages ---------------------------------------------------------------------------------


def test_the_page_shows_the_checklist_and_the_remedy(stub):
    subscription = authorize_directly(oro_subscription(), token_set(expires_in=-1))
    stub.post(ORO_TOKEN, status=401, json={"error": "invalid_client"})
    client = logged_in(manager())
    url = reverse("subscriptions:test_connection", args=[subscription.pk])
    assert len(stub.calls) == 0 and client.get(url).status_code == 200  # GET makes no call
    assert len(stub.calls) == 0
    text = client.post(url).content.decode()
    assert "connection failed" in text
    assert "Credentials accepted" in text and "failed" in text
    assert "Application Settings &gt; Web API" in text
    assert 'id="sb-authorize"' in text


def test_the_changelist_action_tests_each_selected_subscription(stub):
    ct = commercetools_subscription()
    oro = authorize_directly(oro_subscription())
    stub.post(CT_TOKEN, json=token_body(ACCESS, None, 172800))
    stub.get(CT_PROJECT_URL, json={"key": CT_PROJECT})
    stub.get(ORO_ORDERS, status=404, body="")
    response = logged_in(manager()).post(
        reverse("admin:subscriptions_subscription_changelist"),
        {"action": "test_connection", "_selected_action": [ct.pk, oro.pk]},
    )
    text = response.content.decode()
    assert f"{ct.name}: connection works" in text
    assert f"{oro.name}: connection failed" in text
    assert "Admin Base Path" in text


def test_support_cannot_run_the_test(stub):
    subscription = oro_subscription()
    url = reverse("subscriptions:test_connection", args=[subscription.pk])
    assert logged_in(support()).post(url).status_code == 403
    changelist = logged_in(support()).get(reverse("admin:subscriptions_subscription_changelist"))
    assert b"test_connection" not in changelist.content
