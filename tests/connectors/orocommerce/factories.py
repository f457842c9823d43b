"""Small builders for the OroCommerce client and adapter tests.

JSON:API fixtures follow reference/orocommerce.md §1.2 (ids are strings, relationships carry
``data``), §1.4 (``links.next`` while more records exist) and §1.9 (``errors[]``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.adapters import AdapterContext, MemoryLookupCache
from connectors.http import ConnectorSession, LocalThrottle, Redactor, ThrottlePolicy
from connectors.http.calls import MemoryCallRecorder
from connectors.http.retry import RetryPolicy
from connectors.orocommerce.client import OroClient, api_base_url
from connectors.tokens import AuthorizedSession, MemoryTokenStore, TokenManager, TokenSet

HOST = "https://shop.example.test"
BASE = f"{HOST}/admin/api"
KEY = "oro-test-subscription"


def session(recorder: MemoryCallRecorder | None = None, **kw: Any) -> ConnectorSession:
    return ConnectorSession(
        KEY,
        policy=ThrottlePolicy(limit=500, seconds=1),
        throttle=LocalThrottle(),
        allowed_hosts=["127.0.0.1", "shop.example.test"],
        redactor=Redactor(),
        recorder=recorder,
        retry=RetryPolicy(max_attempts=1),
        **kw,
    )


def authorized(connector_session: ConnectorSession, access_token: str) -> AuthorizedSession:
    store = MemoryTokenStore()
    store.put(
        KEY,
        # Not a word: the process-wide redactor learns token values, and a token "refresh"
        # would mask that word in every later test's logs.
        TokenSet(access_token, "test-refresh-token", datetime.now(UTC) + timedelta(hours=1)),
    )

    def refuse(current: TokenSet | None) -> TokenSet:
        raise AssertionError("the test token does not expire")

    return AuthorizedSession(connector_session, TokenManager(store, KEY, refuse))


def client(recorder: MemoryCallRecorder | None = None, base: str = BASE) -> OroClient:
    return OroClient(authorized(session(recorder), "test-access-token"), base)


def sandbox_client(sandbox: Any, recorder: MemoryCallRecorder | None = None) -> OroClient:
    token = sandbox.issue_tokens("sandbox-demo-client", "admin")["access_token"]
    return OroClient(
        authorized(session(recorder), token),
        api_base_url(sandbox.base_url, sandbox.admin_prefix),
    )


def context(oro_client: OroClient, **settings: Any) -> AdapterContext:
    values = {"api_version": "6.1", **settings}
    return AdapterContext(client=oro_client, settings=values, lookups=MemoryLookupCache())


# --- JSON:API documents -------------------------------------------------------------------------


def rel(type_: str, id_: str | None) -> dict[str, Any]:
    return {"data": {"type": type_, "id": id_} if id_ is not None else None}


def rels(type_: str, *ids: str) -> dict[str, Any]:
    return {"data": [{"type": type_, "id": i} for i in ids]}


def item(
    type_: str, id_: str, attributes: dict[str, Any] | None = None, **relationships: Any
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": type_,
        "id": id_,
        "links": {"self": f"{BASE}/{type_}/{id_}"},
        "attributes": attributes or {},
    }
    if relationships:
        out["relationships"] = relationships
    return out


def listing(
    *items: dict[str, Any],
    included: list[dict[str, Any]] | None = None,
    next_url: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {"data": list(items), "links": {"self": BASE}}
    if included:
        body["included"] = included
    if next_url:
        body["links"]["next"] = next_url
    return body


def single(data: dict[str, Any], included: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"data": data}
    if included:
        body["included"] = included
    return body


def errors(status: int, title: str, detail: str, pointer: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"status": str(status), "title": title, "detail": detail}
    if pointer:
        error["source"] = {"pointer": pointer}
    return {"errors": [error]}


@contextmanager
def running_sandbox(**options: Any) -> Iterator[Any]:
    from sandbox.orocommerce import OroSandbox

    with OroSandbox.running(**options) as sb:
        yield sb
