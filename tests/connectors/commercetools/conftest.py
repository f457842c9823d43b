"""Fixtures for the commercetools client and adapters: a ``responses``-stubbed client and a
client wired to the sandbox through the real session, token and error layers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import responses

from connectors.adapters import AdapterContext, MemoryLookupCache
from connectors.commercetools import auth
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.errors import API_AUTH_ERROR_TABLE, error_parser
from connectors.http import (
    ConnectorSession,
    LocalThrottle,
    MemoryCallRecorder,
    Redactor,
    RetryPolicy,
    ThrottlePolicy,
)
from connectors.tokens import MemoryTokenStore
from sandbox.commercetools import (
    DEMO_CLIENT_ID,
    DEMO_CLIENT_SECRET,
    DEMO_PROJECT_KEY,
    CommercetoolsSandbox,
)
from tests.connectors.commercetools.factories import API, PROJECT


def make_session(recorder: MemoryCallRecorder | None = None, **kw) -> ConnectorSession:
    # The session a subscription builds today (subscriptions/runtime.py): only the auth rows of
    # the error table; the client maps the API's own codes itself.
    return ConnectorSession(
        "ct-test",
        policy=ThrottlePolicy(limit=500, seconds=1),
        throttle=LocalThrottle(),
        retry=RetryPolicy(max_attempts=3),
        redactor=Redactor(),
        recorder=recorder,
        error_parser=error_parser,
        error_table=API_AUTH_ERROR_TABLE,
        sleep=lambda seconds: None,
        **kw,
    )


@pytest.fixture
def stub() -> Iterator[responses.RequestsMock]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


@pytest.fixture
def client(stub) -> CommercetoolsClient:
    return CommercetoolsClient(make_session(), API, PROJECT)


@pytest.fixture
def context(client) -> AdapterContext:
    return AdapterContext(client=client, settings={}, lookups=MemoryLookupCache())


@pytest.fixture
def sandbox() -> Iterator[CommercetoolsSandbox]:
    with CommercetoolsSandbox.running() as sb:
        yield sb


@pytest.fixture
def calls() -> MemoryCallRecorder:
    return MemoryCallRecorder()


@pytest.fixture
def sandbox_client(sandbox, calls) -> CommercetoolsClient:
    session = make_session(calls, allowed_hosts=["127.0.0.1"])
    tokens = auth.token_manager(
        MemoryTokenStore(),
        "ct-e2e",
        session,
        sandbox.auth_url,
        DEMO_CLIENT_ID,
        DEMO_CLIENT_SECRET,
        f"manage_project:{DEMO_PROJECT_KEY}",
    )
    return CommercetoolsClient(
        auth.authorized_session(session, tokens), sandbox.api_url, DEMO_PROJECT_KEY
    )


@pytest.fixture
def sandbox_context(sandbox_client) -> AdapterContext:
    return AdapterContext(client=sandbox_client, settings={}, lookups=MemoryLookupCache())
