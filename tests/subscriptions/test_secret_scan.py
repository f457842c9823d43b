"""No secret, token, code or verifier reaches a log line (DEBUG, including requests-oauthlib,
oauthlib and urllib3), an exception text or a rendered page, whatever the flow and even when
the store echoes them back in an error."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import responses
from django.urls import reverse

from connectors.http.errors import ConnectorError
from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox
from subscriptions.connection_test import run_connection_test
from subscriptions.oauth import PENDING
from subscriptions.runtime import authorized_session
from tests.factories import ORO_SECRET, SubscriptionFactory, manager, support
from tests.subscriptions.factories import (
    ACCESS,
    CODE,
    CT_API,
    CT_API_KEY,
    CT_PROJECT,
    CT_SECRET,
    CT_TOKEN,
    NEW_ACCESS,
    NEW_REFRESH,
    ORO_METADATA,
    ORO_ORDERS,
    ORO_TOKEN,
    REFRESH,
    authorize_directly,
    change_url,
    commercetools_subscription,
    local_throttle,  # noqa: F401 (fixture)
    logged_in,
    oro_subscription,
    start_authorization,
    token_body,
    token_set,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_throttle")]
CALLBACK = "/oauth/callback/"
LOGGERS = ("", "requests_oauthlib", "oauthlib", "urllib3", "connectors", "subscriptions", "django")


class Evidence:
    """Everything a person or a log collector could see."""

    def __init__(self, caplog) -> None:
        self.caplog = caplog
        self.texts: list[str] = []

    def page(self, response) -> None:
        self.texts.append(response.content.decode())

    def exception(self, exc: BaseException) -> None:
        self.texts.extend([str(exc), repr(exc), getattr(exc, "hint", "")])

    def report(self, report) -> None:
        for item in report.items:
            self.texts.extend([item.detail, item.remedy])

    def assert_clean(self, secrets: list[str]) -> None:
        assert self.texts, "nothing was collected"
        seen = "\n".join([self.caplog.text, *self.texts])
        leaked = [s for s in secrets if s and s in seen]
        assert leaked == []


@pytest.fixture
def evidence(caplog) -> Evidence:
    for name in LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name or None)
    return Evidence(caplog)


@pytest.fixture
def oro() -> Iterator[OroSandbox]:
    with OroSandbox.running() as sandbox:
        yield sandbox


def test_the_whole_oro_flow_against_the_sandbox_leaks_nothing(oro, settings, evidence):
    settings.OUTBOUND_ALLOWED_HOSTS = ["127.0.0.1"]
    redirect = "http://127.0.0.1:8000/oauth/callback/"
    subscription = SubscriptionFactory(
        settings={
            "api_url": oro.base_url,
            "admin_base_path": "admin",
            "client_id": DEMO_CLIENT_ID,
            "redirect_url": redirect,
        },
        secrets={"client_secret": DEMO_CLIENT_SECRET},
    )
    client = logged_in(manager())

    response = client.post(reverse("subscriptions:authorize", args=[subscription.pk]))
    params = {k: v[0] for k, v in parse_qs(urlsplit(response["Location"]).query).items()}
    verifier = client.session[PENDING][params["state"]]["verifier"]
    code = oro.grant_code(redirect, params["code_challenge"])
    evidence.page(client.get(CALLBACK, {"code": code, "state": params["state"]}))
    evidence.page(client.get(CALLBACK, {"code": code, "state": params["state"]}))  # reused
    evidence.page(client.get(change_url(subscription)))
    evidence.page(client.get(reverse("admin:subscriptions_subscription_changelist")))
    test_url = reverse("subscriptions:test_connection", args=[subscription.pk])
    evidence.page(client.post(test_url))
    assert "connection works" in evidence.texts[-1]

    oro.expire_tokens()  # the store refuses the stored token: one renewal, one resend
    evidence.page(client.post(test_url))
    assert "connection works" in evidence.texts[-1]
    with oro.lock:  # the store revokes everything: the subscription needs reauthorization
        for token in oro._refresh.values():
            token["spent"] = True
    oro.expire_tokens()
    evidence.report(run_connection_test(subscription))
    evidence.page(client.post(test_url))
    assert "Needs reauthorization: The refresh token is invalid." in evidence.texts[-1]
    evidence.page(client.get(change_url(subscription)))
    evidence.page(logged_in(support()).get(change_url(subscription)))
    with oro.lock:
        issued = [*oro._access, *oro._refresh]
    assert len(issued) >= 4
    assert "Needs reauthorization" in evidence.texts[-1]
    evidence.assert_clean([DEMO_CLIENT_SECRET, code, verifier, *issued])


def test_tokens_echoed_in_oro_error_answers_are_masked(evidence):
    subscription = authorize_directly(oro_subscription(), token_set(expires_in=-1))
    client = logged_in(manager())
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stub:
        stub.get(ORO_METADATA, status=404)
        stub.post(
            ORO_TOKEN,
            status=401,
            json={
                "error": "invalid_request",
                "error_description": f"The refresh token {REFRESH} is invalid.",
                "hint": f"client secret {ORO_SECRET} and token {ACCESS}",
            },
        )
        try:
            authorized_session(subscription).get_json(ORO_ORDERS)
        except ConnectorError as exc:
            evidence.exception(exc)
        evidence.page(client.get(change_url(subscription)))
        evidence.page(client.get(reverse("admin:subscriptions_subscription_changelist")))

        # A new authorization whose code exchange fails with the code and verifier echoed back.
        params = start_authorization(client, subscription)
        verifier = client.session[PENDING][params["state"]]["verifier"]
        stub.replace(
            responses.POST,
            ORO_TOKEN,
            status=400,
            json={"error": "invalid_grant", "message": f"bad code {CODE} for {verifier}"},
        )
        evidence.page(client.get(CALLBACK, {"code": CODE, "state": params["state"]}))
        params = start_authorization(client, subscription)
        stub.replace(responses.POST, ORO_TOKEN, json=token_body(NEW_ACCESS, NEW_REFRESH))
        evidence.page(client.get(CALLBACK, {"code": CODE, "state": params["state"]}))
    assert "The refresh token" in evidence.texts[3]  # the words survive, the token does not
    evidence.assert_clean([ORO_SECRET, ACCESS, REFRESH, NEW_ACCESS, NEW_REFRESH, CODE, verifier])


def test_commercetools_flows_leak_nothing(evidence):
    subscription = commercetools_subscription(api_key=CT_API_KEY)
    client = logged_in(manager())
    project = f"{CT_API}/{CT_PROJECT}"
    with responses.RequestsMock(assert_all_requests_are_fired=False) as stub:
        stub.post(CT_TOKEN, json=token_body(ACCESS, None, 172800))
        stub.get(project, status=401, json={"error": "invalid_token", "message": f"bad {ACCESS}"})
        stub.get(project, json={"key": CT_PROJECT})
        evidence.page(client.post(reverse("subscriptions:test_connection", args=[subscription.pk])))
        stub.replace(
            responses.POST,
            CT_TOKEN,
            status=401,
            json={"error": "invalid_client", "message": f"secret {CT_SECRET} is wrong"},
        )
        stub.replace(responses.GET, project, status=401, json={"error": "invalid_token"})
        evidence.page(
            client.post(
                reverse("admin:subscriptions_subscription_changelist"),
                {"action": "test_connection", "_selected_action": [subscription.pk]},
            )
        )
        evidence.page(client.get(change_url(subscription)))
    assert "connection works" in evidence.texts[0]
    assert "Merchant Center" in evidence.texts[1]
    evidence.assert_clean([CT_SECRET, CT_API_KEY, ACCESS])
