"""Authorize an OroCommerce subscription through the portal: the button, the back-office
redirect, the callback's checks (RFC 9700), the code exchange and what the pages then say.

The token endpoint is stubbed with ``responses``; the sandbox-based proofs are elsewhere.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qs

import pytest
import responses
from django.db import connection
from django.test import Client
from django.urls import reverse

from connectors.orocommerce.auth import code_challenge
from connectors.orocommerce.errors import (
    CODE_REFUSED_HINT,
    ENCRYPTION_KEYS_HINT,
    REDIRECT_HINT,
    WEB_API_HINT,
)
from connectors.tokens import NeedsReauthorization
from subscriptions.models import AuthStatus, SubscriptionToken
from subscriptions.oauth import PENDING
from subscriptions.runtime import authorized_session
from subscriptions.signals import subscription_reauthorized
from tests.factories import ORO_SECRET, manager, support
from tests.subscriptions.factories import (
    ACCESS,
    CODE,
    NEW_ACCESS,
    NEW_REFRESH,
    ORO_METADATA,
    ORO_ORDERS,
    ORO_TOKEN,
    REFRESH,
    authorize_directly,
    change_url,
    local_throttle,  # noqa: F401 (fixture)
    logged_in,
    oro_subscription,
    start_authorization,
    token_body,
    token_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_throttle")]
CALLBACK = "/oauth/callback/"


@pytest.fixture
def stub():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.get(ORO_METADATA, status=404)  # an older release: the built endpoints are used
        yield mock


@pytest.fixture
def user():
    return manager()


@pytest.fixture
def client(user):
    return logged_in(user)


@pytest.fixture
def subscription():
    return oro_subscription()


def token_calls(stub) -> list:
    return [c for c in stub.calls if c.request.url == ORO_TOKEN]


def form(call) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(call.request.body).items()}


# --- the happy path ----------------------------------------------------------------------------


def test_authorize_redirects_to_the_back_office_with_state_and_pkce(stub, client, subscription):
    params = start_authorization(client, subscription)
    assert params["response_type"] == "code"
    assert params["client_id"] == "oro-client-id"
    assert params["redirect_uri"] == "http://127.0.0.1:8000/oauth/callback/"
    assert params["scope"] == "rest_json_api"
    assert params["code_challenge_method"] == "S256"
    assert len(params["state"]) >= 40
    # The verifier stays server-side, in the session row, keyed by the state.
    attempt = client.session[PENDING][params["state"]]
    assert code_challenge(attempt["verifier"]) == params["code_challenge"]
    assert attempt["subscription"] == subscription.pk
    assert attempt["verifier"] not in str(client.cookies)


def test_metadata_endpoints_are_preferred_when_the_instance_publishes_them(client, subscription):
    with responses.RequestsMock() as stub:
        stub.get(
            ORO_METADATA,
            json={
                "authorization_endpoint": "https://shop.oro-cloud.com/admin/oauth2-token/authorize",
                "token_endpoint": "https://shop.oro-cloud.com/oauth2-token",
            },
        )
        params = start_authorization(client, subscription)
    assert params["state"] in client.session[PENDING]


def test_the_callback_exchanges_the_code_and_stores_the_tokens_encrypted(
    stub, client, user, subscription
):
    params = start_authorization(client, subscription)
    verifier = client.session[PENDING][params["state"]]["verifier"]
    stub.post(ORO_TOKEN, json=token_body())

    page = client.get(CALLBACK, {"code": CODE, "state": params["state"]})

    assert page.status_code == 200
    text = page.content.decode()
    assert "Close page" in text and change_url(subscription) in text
    assert page["Referrer-Policy"] == "no-referrer"
    assert "no-store" in page["Cache-Control"]
    sent = form(token_calls(stub)[0])
    assert sent["grant_type"] == "authorization_code"
    assert sent["code"] == CODE and sent["code_verifier"] == verifier
    assert sent["client_secret"] == ORO_SECRET
    assert sent["redirect_uri"] == "http://127.0.0.1:8000/oauth/callback/"
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.AUTHORIZED
    row = SubscriptionToken.objects.get(subscription=subscription)
    assert (row.access_token, row.refresh_token, row.authorized_by) == (ACCESS, REFRESH, user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token, refresh_token FROM subscriptions_subscriptiontoken WHERE id=%s",
            [row.pk],
        )
        raw = " ".join(cursor.fetchone())
    assert ACCESS not in raw and REFRESH not in raw
    assert PENDING in client.session and params["state"] not in client.session[PENDING]

    change = client.get(change_url(subscription)).content.decode()
    assert "Authorized, access token valid until" in change
    assert ACCESS not in change


# --- the callback refuses what it did not start ------------------------------------------------


def assert_problem(page, *words: str) -> str:
    assert page.status_code == 400
    text = page.content.decode()
    for word in words:
        assert word in text
    return text


def test_a_state_that_was_never_issued_is_refused_and_nothing_is_exchanged(
    stub, client, subscription
):
    start_authorization(client, subscription)
    page = client.get(CALLBACK, {"code": CODE, "state": "forged-state"})
    assert_problem(page, "does not match an authorization started in this browser session")
    assert token_calls(stub) == []
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.NOT_AUTHORIZED


def test_a_missing_state_is_refused(stub, client, subscription):
    assert_problem(client.get(CALLBACK, {"code": CODE}), "no state parameter")


def test_a_state_works_once(stub, client, subscription):
    params = start_authorization(client, subscription)
    stub.post(ORO_TOKEN, json=token_body())
    assert client.get(CALLBACK, {"code": CODE, "state": params["state"]}).status_code == 200
    again = client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    assert_problem(again, "already used")
    assert len(token_calls(stub)) == 1


def test_a_state_expires_after_ten_minutes(stub, client, subscription):
    params = start_authorization(client, subscription)
    session = client.session
    session[PENDING][params["state"]]["expires"] = time.time() - 1
    session.save()
    page = client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    assert_problem(page, "took too long", "within 10 minutes")
    assert token_calls(stub) == []


def test_a_state_from_another_users_session_is_refused(stub, client, subscription):
    params = start_authorization(client, subscription)
    other = logged_in(manager())
    page = other.get(CALLBACK, {"code": CODE, "state": params["state"]})
    assert_problem(page, "another browser session or by another user")
    assert token_calls(stub) == []


def test_a_state_started_under_another_login_in_the_same_browser_is_refused(
    stub, client, subscription
):
    params = start_authorization(client, subscription)
    session = client.session
    session[PENDING][params["state"]]["user"] = -1
    session.save()
    assert_problem(client.get(CALLBACK, {"code": CODE, "state": params["state"]}), "another user")


def test_without_the_verifier_the_code_is_not_exchanged(stub, client, subscription):
    params = start_authorization(client, subscription)
    session = client.session
    del session[PENDING][params["state"]]["verifier"]
    session.save()
    page = client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    assert_problem(page, "PKCE verifier", "Authorize")
    assert token_calls(stub) == []


def test_an_answer_from_another_issuer_is_refused(stub, client, subscription):
    params = start_authorization(client, subscription)
    page = client.get(
        CALLBACK, {"code": CODE, "state": params["state"], "iss": "https://evil.example"}
    )
    assert_problem(page, "another authorization server", "evil.example")
    assert token_calls(stub) == []


def test_the_callback_needs_a_manager(stub, subscription):
    anonymous = logged_in(support())
    assert anonymous.get(CALLBACK, {"code": CODE, "state": "x"}).status_code == 403
    from django.test import Client

    assert Client().get(CALLBACK, {"code": CODE, "state": "x"}).status_code == 302


def test_support_cannot_start_an_authorization(stub, subscription):
    response = logged_in(support()).post(reverse("subscriptions:authorize", args=[subscription.pk]))
    assert response.status_code == 403


def test_authorize_is_post_only(stub, client, subscription):
    assert client.get(reverse("subscriptions:authorize", args=[subscription.pk])).status_code == 405


# --- error answers: what happened and what to do, with the Authorize button again --------------


@pytest.mark.parametrize(
    ("query", "words"),
    [
        (
            {"error": "access_denied"},
            ["Access was denied", "choose Allow on the OroCommerce page"],
        ),
        (
            {"error": "invalid_request", "error_description": "The redirect_uri is not allowed"},
            ["The Redirect Url was refused", REDIRECT_HINT],
        ),
        (
            {"error": "unauthorized_client", "error_description": "Client is not allowed"},
            ["OroCommerce refused the authorization", "grant type Authorization Code"],
        ),
    ],
)
def test_error_answers_say_what_to_do(stub, client, subscription, query, words):
    params = start_authorization(client, subscription)
    page = client.get(CALLBACK, {**query, "state": params["state"]})
    text = assert_problem(page, *words)
    assert 'id="sb-authorize"' in text
    assert token_calls(stub) == []


@pytest.mark.parametrize(
    ("status", "body", "hint"),
    [
        (401, {"error": "invalid_client", "message": "Client authentication failed"}, WEB_API_HINT),
        (
            500,
            {"error": "server_error", "message": "The encryption key does not exist."},
            ENCRYPTION_KEYS_HINT,
        ),
        (
            400,
            {"error": "invalid_request", "hint": "Authorization code has been revoked"},
            CODE_REFUSED_HINT,
        ),
        (
            400,
            {"error": "invalid_request", "message": "Redirect URI mismatch"},
            REDIRECT_HINT,
        ),
    ],
)
def test_token_endpoint_refusals_show_their_remedy(stub, client, subscription, status, body, hint):
    params = start_authorization(client, subscription)
    stub.post(ORO_TOKEN, status=status, json=body)
    page = client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    text = assert_problem(page, hint.split(" (")[0][:60])
    assert 'id="sb-authorize"' in text
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.NOT_AUTHORIZED


# --- after the authorization: rotation, refusal, reauthorization -------------------------------


def expire(subscription) -> None:
    SubscriptionToken.objects.filter(subscription=subscription).update(
        expires_at=token_set(expires_in=-10).expires_at
    )


def test_a_rotated_refresh_token_is_persisted_before_use(stub, subscription):
    authorize_directly(subscription)
    expire(subscription)
    stub.post(ORO_TOKEN, json=token_body(NEW_ACCESS, NEW_REFRESH))
    stub.get(ORO_ORDERS, json={"data": []})

    authorized_session(subscription).get_json(ORO_ORDERS)

    assert form(token_calls(stub)[0])["refresh_token"] == REFRESH
    api_call = next(c for c in stub.calls if c.request.url.startswith(ORO_ORDERS))
    assert api_call.request.headers["Authorization"] == f"Bearer {NEW_ACCESS}"
    row = SubscriptionToken.objects.get(subscription=subscription)
    assert (row.access_token, row.refresh_token) == (NEW_ACCESS, NEW_REFRESH)
    assert row.refreshed_at is not None

    # The next refresh uses the new refresh token, never the spent one.
    expire(subscription)
    stub.post(ORO_TOKEN, json=token_body("access-3", "refresh-3"))
    authorized_session(subscription).get_json(ORO_ORDERS)
    assert form(token_calls(stub)[1])["refresh_token"] == NEW_REFRESH


def test_an_empty_401_renews_the_token_once_and_resends(stub, subscription):
    authorize_directly(subscription)
    stub.get(ORO_ORDERS, status=401, body="")
    stub.get(ORO_ORDERS, json={"data": []})
    stub.post(ORO_TOKEN, json=token_body(NEW_ACCESS, NEW_REFRESH))
    assert authorized_session(subscription).get_json(ORO_ORDERS) == {"data": []}
    assert len(token_calls(stub)) == 1


def test_a_refused_refresh_needs_reauthorization_shows_a_badge_and_is_not_retried(
    stub, client, subscription
):
    authorize_directly(subscription)
    expire(subscription)
    stub.post(
        ORO_TOKEN,
        status=401,
        json={
            "error": "invalid_request",
            "error_description": "The refresh token is invalid.",
            "hint": "Token has been revoked",
        },
    )
    with pytest.raises(NeedsReauthorization):
        authorized_session(subscription).get_json(ORO_ORDERS)
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.NEEDS_REAUTHORIZATION
    assert "The refresh token is invalid." in subscription.auth_status_reason
    assert SubscriptionToken.objects.get(subscription=subscription).refresh_token == ""

    # No worker keeps trying: the next call stops before the network.
    with pytest.raises(NeedsReauthorization):
        authorized_session(subscription).get_json(ORO_ORDERS)
    assert len(token_calls(stub)) == 1

    changelist = client.get(reverse("admin:subscriptions_subscription_changelist")).content
    assert b"Needs reauthorization" in changelist
    filtered = client.get(
        reverse("admin:subscriptions_subscription_changelist"),
        {"auth_status__exact": "needs_reauthorization"},
    ).content.decode()
    assert subscription.name in filtered
    change = client.get(change_url(subscription)).content.decode()
    assert "Needs reauthorization: The refresh token is invalid." in change


def test_reauthorizing_restores_the_status_and_sends_the_signal(
    stub, client, subscription, django_capture_on_commit_callbacks
):
    authorize_directly(subscription)
    from subscriptions.token_store import DatabaseTokenStore, token_key

    DatabaseTokenStore().mark_needs_reauthorization(token_key(subscription), "revoked")
    received = []

    def handler(sender, subscription, user, **kw):
        received.append((subscription.pk, subscription.auth_status, user))

    subscription_reauthorized.connect(handler)
    try:
        params = start_authorization(client, subscription)
        stub.post(ORO_TOKEN, json=token_body(NEW_ACCESS, NEW_REFRESH))
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    finally:
        subscription_reauthorized.disconnect(handler)
    assert "is authorized again" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.auth_status == AuthStatus.AUTHORIZED
    assert subscription.auth_status_reason == ""
    assert received == [(subscription.pk, AuthStatus.AUTHORIZED, page.wsgi_request.user)]


def test_a_first_authorization_sends_no_reauthorized_signal(
    stub, client, subscription, django_capture_on_commit_callbacks
):
    received = []
    subscription_reauthorized.connect(
        lambda **kw: received.append(kw), weak=False, dispatch_uid="t"
    )
    try:
        params = start_authorization(client, subscription)
        stub.post(ORO_TOKEN, json=token_body())
        with django_capture_on_commit_callbacks(execute=True):
            client.get(CALLBACK, {"code": CODE, "state": params["state"]})
    finally:
        subscription_reauthorized.disconnect(dispatch_uid="t")
    assert received == []


# --- the subscription page ---------------------------------------------------------------------


def test_the_subscription_page_offers_authorize_and_test_connection_to_managers(
    client, subscription
):
    text = client.get(change_url(subscription)).content.decode()
    assert 'id="sb-authorize"' in text and 'id="sb-test-connection"' in text
    assert "Not authorized yet" in text


def test_support_sees_the_status_but_no_buttons(subscription):
    authorize_directly(subscription)
    text = logged_in(support()).get(change_url(subscription)).content.decode()
    assert "Authorized, access token valid until" in text
    assert 'id="sb-authorize"' not in text and 'id="sb-test-connection"' not in text


def test_an_unreachable_instance_is_explained_before_leaving_the_portal(client, subscription):
    import requests
    from django.utils.html import escape

    from subscriptions.connection_test import HOST_HINT

    with responses.RequestsMock() as stub:
        stub.get(ORO_METADATA, body=requests.exceptions.ConnectionError("Name does not resolve"))
        page = client.post(reverse("subscriptions:authorize", args=[subscription.pk]))
    assert page.status_code == 502
    assert escape(HOST_HINT) in page.content.decode()
    assert PENDING not in client.session


def test_commercetools_has_nothing_to_authorize(client):
    from tests.subscriptions.factories import commercetools_subscription

    subscription = commercetools_subscription()
    page = client.post(reverse("subscriptions:authorize", args=[subscription.pk]))
    assert page.status_code == 502
    assert "Use Test connection" in page.content.decode()
    assert 'id="sb-authorize"' not in client.get(change_url(subscription)).content.decode()


# --- the browser must come back to the host it is signed in on --------------------------------


def test_authorize_on_another_host_than_the_redirect_url_is_refused_with_the_address(
    stub, user, subscription
):
    # localhost and 127.0.0.1 are two cookie jars: the answer would land on a login page.
    client = Client(HTTP_HOST="localhost:8000")
    client.force_login(user)
    page = client.post(reverse("subscriptions:authorize", args=[subscription.pk]))
    assert page.status_code == 400
    text = page.content.decode()
    assert "You are using the portal at localhost:8000" in text
    assert "Open http://127.0.0.1:8000/admin/" in text
    assert PENDING not in client.session
    assert not [c for c in stub.calls if c.request.url.startswith("https://shop.oro-cloud.com")]


def test_the_close_page_button_goes_back_to_the_subscription_when_it_cannot_close(
    stub, client, subscription
):
    params = start_authorization(client, subscription)
    stub.post(ORO_TOKEN, json=token_body())
    text = client.get(CALLBACK, {"code": CODE, "state": params["state"]}).content.decode()
    button = text.split('id="sb-close-page"')[1].split(">")[0]
    assert f'data-back="{change_url(subscription)}"' in button
    assert "window.close()" in button and "window.location.assign(this.dataset.back)" in button
