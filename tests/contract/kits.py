"""One "contract kit" per connector: what the shared suite (``test_connector_contract.py``)
needs to run against that connector's sandbox, and nothing more.

A kit starts its sandbox, wires an authorized client the way ``subscriptions/runtime.py`` does
(the connector's own auth module, error parser and error table, a real ``ConnectorSession``),
and names a sample record per step: a list to page through, a record with a natural key to
create, find and rename, and a document the store refuses. The suite is written once; a third
connector adds a kit here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from urllib.parse import urlsplit

from connectors.adapters import AdapterContext, MemoryLookupCache, PullWindow
from connectors.commercetools import auth as ct_auth
from connectors.commercetools import errors as ct_errors
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.paging import page_after
from connectors.http import ConnectorSession, LocalThrottle, Redactor, RetryPolicy, ThrottlePolicy
from connectors.http.calls import MemoryCallRecorder
from connectors.orocommerce import auth as oro_auth
from connectors.orocommerce import errors as oro_errors
from connectors.orocommerce.adapters import ADAPTERS as ORO_ADAPTERS
from connectors.orocommerce.client import OroClient, api_base_url
from connectors.orocommerce.jsonapi import document, resource_object
from connectors.tokens import MemoryTokenStore, TokenSet
from sandbox.commercetools import DEMO_CLIENT_ID as CT_CLIENT_ID
from sandbox.commercetools import DEMO_CLIENT_SECRET as CT_CLIENT_SECRET
from sandbox.commercetools import DEMO_PROJECT_KEY, CommercetoolsSandbox
from sandbox.orocommerce import DEMO_CLIENT_ID as ORO_CLIENT_ID
from sandbox.orocommerce import DEMO_CLIENT_SECRET as ORO_CLIENT_SECRET
from sandbox.orocommerce import OroSandbox

REDIRECT = "http://127.0.0.1:8000/oauth/callback/"


@dataclass
class Wired:
    """One connector wired to one running sandbox for one test."""

    sandbox: Any
    client: Any
    calls: MemoryCallRecorder
    sleeps: list[float] = field(default_factory=list)  # what the session would have slept


class ContractKit(Protocol):
    name: str
    token_path: str  # the token endpoint's path on the sandbox: counts token requests
    api_prefix: str  # the path prefix of API calls: where faults are injected

    def running(self) -> AbstractContextManager[Any]: ...

    def wire(self, sandbox: Any, calls: MemoryCallRecorder, sleep: Callable[[float], None]) -> Any:
        """An authorized client; its token store holds no usable access token yet."""

    def read(self, client: Any) -> Any:
        """One cheap API read."""

    def read_all(self, wired: Wired, page_size: int) -> list[str]:
        """Every id of a list, read page by page to the end the way the connector pages it."""

    def expected_ids(self, sandbox: Any) -> set[str]:
        """The same list, taken from the sandbox's own store."""

    def create(self, client: Any, natural_key: str) -> str: ...

    def find(self, client: Any, natural_key: str) -> str | None: ...

    def rename(self, client: Any, remote_id: str, name: str) -> None: ...

    def name_of(self, client: Any, remote_id: str) -> str: ...

    def send_refused_document(self, client: Any) -> None:
        """A create the store refuses for one field (``refused_field``)."""

    refused_field: str


def session(
    name: str, calls: MemoryCallRecorder, sleep: Callable[[float], None], **kw: Any
) -> ConnectorSession:
    return ConnectorSession(
        name,
        policy=ThrottlePolicy(limit=1000, seconds=1),
        throttle=LocalThrottle(),
        allowed_hosts=["127.0.0.1"],
        redactor=Redactor(),
        recorder=calls,
        retry=RetryPolicy(max_attempts=4),
        sleep=sleep,
        **kw,
    )


# --- OroCommerce -------------------------------------------------------------------------------


class OroKit:
    name = "orocommerce"
    token_path = "/oauth2-token"
    api_prefix = "/admin/api/"
    refused_field = "lastName"  # customerusers: email, firstName, lastName, customer (§2.6)

    def running(self) -> AbstractContextManager[Any]:
        return OroSandbox.running()

    def wire(self, sandbox: Any, calls: MemoryCallRecorder, sleep: Callable[[float], None]) -> Any:
        connection = session("contract-oro", calls, sleep, error_parser=oro_errors.error_parser)
        settings = oro_auth.OroAuthSettings.from_settings(
            {
                "api_url": sandbox.base_url,
                "admin_base_path": sandbox.admin_prefix,
                "client_id": ORO_CLIENT_ID,
                "redirect_url": REDIRECT,
            }
        )
        # What the Authorize button leaves behind, an hour later: the access token has run
        # out, the refresh token is good. The first call must refresh it.
        pair = sandbox.issue_tokens(ORO_CLIENT_ID, "admin")
        store = MemoryTokenStore()
        store.put(
            "contract-oro",
            TokenSet(pair["access_token"], pair["refresh_token"], datetime.now(UTC) - timedelta(1)),
        )
        tokens = oro_auth.token_manager(
            store, "contract-oro", connection, settings, ORO_CLIENT_SECRET
        )
        return OroClient(
            oro_auth.authorized_session(connection, tokens),
            api_base_url(sandbox.base_url, sandbox.admin_prefix),
        )

    def read(self, client: OroClient) -> Any:
        return client.get_customer_group("1").first

    def read_all(self, wired: Wired, page_size: int) -> list[str]:
        # The order pull adapter pages by id inside a fixed window (DECISIONS.md).
        context = AdapterContext(
            client=wired.client,
            settings={"api_version": "6.1", "order_page_size": page_size},
            lookups=MemoryLookupCache(),
        )
        pull = ORO_ADAPTERS[("order", "pull")](context)
        now = datetime.now(UTC)
        window = PullWindow(now - timedelta(days=365), now + timedelta(days=365))
        ids, cursor = [], None
        while True:
            page = pull.pull_page(window, cursor)
            ids += [str(doc["number"]) for doc in page.documents]
            if page.cursor is None:
                return ids
            cursor = page.cursor

    def expected_ids(self, sandbox: Any) -> set[str]:
        # The demo client's organization is "1"; the other organization's orders are hidden.
        return {o["id"] for o in sandbox.store.all("orders") if o["org"] in (None, "1")}

    def create(self, client: OroClient, natural_key: str) -> str:
        body = document(resource_object("customergroups", attributes={"name": natural_key}))
        return client.create_customer_group(body).first.id

    def find(self, client: OroClient, natural_key: str) -> str | None:
        found = client.find_customer_groups_by_name(natural_key).first
        return found.id if found else None

    def rename(self, client: OroClient, remote_id: str, name: str) -> None:
        body = document(resource_object("customergroups", remote_id, attributes={"name": name}))
        client.update_customer_group(remote_id, body)

    def name_of(self, client: OroClient, remote_id: str) -> str:
        return client.get_customer_group(remote_id).first.attr("name")

    def send_refused_document(self, client: OroClient) -> None:
        client.create_customer_user(
            document(
                resource_object(
                    "customerusers",
                    attributes={"email": "contract@example.test", "firstName": "Con"},
                    relationships={"customer": {"data": {"type": "customers", "id": "1"}}},
                )
            )
        )


# --- commercetools -----------------------------------------------------------------------------


class CommercetoolsKit:
    name = "commercetools"
    token_path = "/oauth/token"
    api_prefix = f"/{DEMO_PROJECT_KEY}/"
    refused_field = "groupName"  # CustomerGroupDraft requires groupName (commercetools.md §4)

    def running(self) -> AbstractContextManager[Any]:
        return CommercetoolsSandbox.running()

    def wire(self, sandbox: Any, calls: MemoryCallRecorder, sleep: Callable[[float], None]) -> Any:
        connection = session(
            "contract-ct",
            calls,
            sleep,
            error_parser=ct_errors.error_parser,
            error_table=ct_errors.API_ERROR_TABLE,
        )
        tokens = ct_auth.token_manager(
            MemoryTokenStore(),  # client credentials: nothing stored until the first call
            "contract-ct",
            connection,
            sandbox.auth_url,
            CT_CLIENT_ID,
            CT_CLIENT_SECRET,
            f"manage_project:{DEMO_PROJECT_KEY}",
        )
        return CommercetoolsClient(
            ct_auth.authorized_session(connection, tokens), sandbox.api_url, DEMO_PROJECT_KEY
        )

    def read(self, client: CommercetoolsClient) -> Any:
        return client.customer_group_by_key("retail")

    def read_all(self, wired: Wired, page_size: int) -> list[str]:
        # paging.py: sort by id, where id > :lastId, stop at a short page (§3.3).
        ids, cursor = [], None
        while True:
            page = page_after(wired.client, "customers", cursor, limit=page_size)
            ids += [doc["id"] for doc in page.results]
            if page.cursor is None:
                return ids
            cursor = page.cursor

    def expected_ids(self, sandbox: Any) -> set[str]:
        return set(sandbox.data["customers"])

    def create(self, client: CommercetoolsClient, natural_key: str) -> str:
        return client.create_customer_group({"groupName": natural_key, "key": natural_key})["id"]

    def find(self, client: CommercetoolsClient, natural_key: str) -> str | None:
        found = client.customer_group_by_key(natural_key)
        return found["id"] if found else None

    def rename(self, client: CommercetoolsClient, remote_id: str, name: str) -> None:
        version = client.customer_group(remote_id)["version"]
        client.update_customer_group(remote_id, version, [{"action": "changeName", "name": name}])

    def name_of(self, client: CommercetoolsClient, remote_id: str) -> str:
        return client.customer_group(remote_id)["name"]

    def send_refused_document(self, client: CommercetoolsClient) -> None:
        client.create_customer_group({"key": "contract-nameless"})


KITS: tuple[ContractKit, ...] = (OroKit(), CommercetoolsKit())


def token_requests(wired: Wired, kit: ContractKit) -> int:
    return sum(1 for c in wired.calls.records if urlsplit(c.url).path == kit.token_path)


def api_statuses(wired: Wired, kit: ContractKit) -> list[int | None]:
    return [c.status for c in wired.calls.records if urlsplit(c.url).path != kit.token_path]


@contextmanager
def wired(kit: ContractKit) -> Iterator[Wired]:
    with kit.running() as sandbox:
        calls = MemoryCallRecorder()
        sleeps: list[float] = []
        yield Wired(sandbox, kit.wire(sandbox, calls, sleeps.append), calls, sleeps)
