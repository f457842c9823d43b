"""The one-command demo (``make demo``): a database of its own with a seeded hub, both store
sandboxes, and the portal with a worker.

The sandboxes listen on ``localhost`` while the portal answers on 127.0.0.1: cookies ignore
ports, so the sandbox's login page and the portal never share a cookie jar (DECISIONS.md
"Tests and CI"). The hub's data comes from ``demo/*.jsonl`` through the hub's own import
service, so the demo data obeys the same schema checks as any import.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from hub.importing import ImportReport, import_records
from sandbox.commercetools import server as ct_sandbox
from sandbox.orocommerce import server as oro_sandbox

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
DEMO_DATABASE = Path(settings.VAR_DIR) / "demo.sqlite3"
DEMO_ADMIN_PASSWORD = "switchboard-demo"  # a demo database only; printed on every start
# Referenced records first, so a push in this order finds what each record names.
SEED_ORDER = (
    "customer_group",
    "price_list",
    "product",
    "price",
    "customer",
    "customer_user",
    "address",
)


@dataclass(frozen=True)
class DemoAddresses:
    """Where each part of the demo listens."""

    bind: str = "127.0.0.1:8000"
    sandbox_host: str = "localhost"
    oro_port: int = 8201
    commercetools_port: int = 8202

    @property
    def portal_url(self) -> str:
        host, _, port = self.bind.rpartition(":")
        # 0.0.0.0 is where the server listens, not an address a browser can open.
        return f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}"  # noqa: S104

    @property
    def oro_url(self) -> str:
        return f"http://{self.sandbox_host}:{self.oro_port}"

    @property
    def commercetools_url(self) -> str:
        return f"http://{self.sandbox_host}:{self.commercetools_port}"


def demo_environment(environ: Mapping[str, str], addresses: DemoAddresses) -> dict[str, str]:
    """The environment the portal, the worker and the sandboxes run with: the demo database
    unless ``DATABASE_URL`` is set, the sandboxes allowed as plain-http hosts, and the public
    URL the Redirect Url is built from matching the address the portal listens on."""
    env = dict(environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{DEMO_DATABASE}")
    allowed = [h.strip() for h in env.get("OUTBOUND_ALLOWED_HOSTS", "").split(",") if h.strip()]
    if addresses.sandbox_host not in allowed:
        allowed.append(addresses.sandbox_host)
    env["OUTBOUND_ALLOWED_HOSTS"] = ",".join(allowed)
    env["PORTAL_PUBLIC_URL"] = addresses.portal_url
    return env


def seed_hub(directory: Path = DEMO_DIR) -> list[ImportReport]:
    """Import every ``<entity>.jsonl`` of the demo folder, referenced entities first. Running it
    again changes nothing (imports upsert by natural key)."""
    reports = []
    for entity in SEED_ORDER:
        path = directory / f"{entity}.jsonl"
        if path.exists():
            with path.open("rb") as handle:
                reports.append(import_records(entity, handle, "jsonl"))
    return reports


def sandbox_commands(addresses: DemoAddresses, python: str = sys.executable) -> list[list[str]]:
    return [
        [python, "-m", "sandbox", store, "--host", addresses.sandbox_host, "--port", str(port)]
        for store, port in (
            ("orocommerce", addresses.oro_port),
            ("commercetools", addresses.commercetools_port),
        )
    ]


def wait_until_listening(
    host: str, port: int, process: subprocess.Popen, timeout: float = 20.0
) -> None:
    """Return once ``host:port`` accepts connections; raise if the process died or it never
    did (a port already taken, say)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the sandbox for port {port} exited with status {process.returncode} "
                "(is the port already in use?)"
            )
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on {host}:{port} after {timeout:.0f} s")


def instructions(addresses: DemoAddresses, admin: str, password: str | None) -> str:
    """What to open and what to type: the sandboxes' demo credentials (sandbox/README.md)."""
    login = f"{admin} / {password}" if password else f"{admin} (its password is unchanged)"
    oro, ct = addresses.oro_url, addresses.commercetools_url
    project = ct_sandbox.DEMO_PROJECT_KEY
    return f"""
Switchboard demo
  Portal:        {addresses.portal_url}/admin/   log in as {login}
  OroCommerce:   {oro} (sandbox)   commercetools: {ct} (sandbox)

Subscribe to OroCommerce with:
  API Url                 {oro}
  Admin Base Path         /admin
  OroCommerce API version 6.1
  Client Id               {oro_sandbox.DEMO_CLIENT_ID}
  Client Secret           {oro_sandbox.DEMO_CLIENT_SECRET}
  Redirect Url            leave the prefilled {addresses.portal_url}/oauth/callback/
  then Apply, Authorize, and sign in to the sandbox as {oro_sandbox.DEMO_USERNAME} / \
{oro_sandbox.DEMO_PASSWORD}

Subscribe to commercetools with:
  API URL                 {ct}/{project}
  Auth URL                {ct}
  Client ID               {ct_sandbox.DEMO_CLIENT_ID}
  Client Secret           {ct_sandbox.DEMO_CLIENT_SECRET}
  Scope                   manage_project:{project}
  then Apply and Test connection

Then on the subscription list: select both, "Push all" (on a first push, retry the failed
records once the transfers are done: some wait for records another transfer creates); orders
are pulled by the polling schedule within a minute or two (or "Initialize").
README.md, section "Demo", has every click.
Keep to {addresses.portal_url}: the sign-in to the portal does not carry over to another
address such as localhost. Ctrl+C stops everything.
"""
