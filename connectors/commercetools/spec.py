"""commercetools subscription settings (seeds 002 and 004, DECISIONS.md "commercetools fields")
and what the connector offers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from connectors.base import Connector
from connectors.commercetools.documents import DOCUMENTS
from connectors.spec import (
    ConnectorSpec,
    Setting,
    SettingError,
    SettingsContext,
    ThrottleDefaults,
    outbound_url,
)

COMMERCETOOLS_DOMAIN = "commercetools.com"
REGION_HOST = re.compile(r"^(api|auth)\.([a-z0-9-]+\.[a-z0-9-]+)\.commercetools\.com$")
PROJECT_KEY = re.compile(r"^[a-z0-9_-]{2,256}$", re.IGNORECASE)
SCOPE_ITEM = re.compile(r"^(?P<permission>[a-z][a-z0-9_]*):(?P<project>[A-Za-z0-9_-]{2,256})$")
REGION_HINT = (
    "Use the region-specific host from your commercetools project settings, for example "
    "https://api.us-central1.gcp.commercetools.com (US) or "
    "https://api.eu-central-1.aws.commercetools.com (EU)."
)


def _region_host(value: Any, context: SettingsContext) -> None:
    host = (urlsplit(value).hostname or "").lower()
    if host.endswith(COMMERCETOOLS_DOMAIN) and not REGION_HOST.match(host):
        raise SettingError(None, f"Invalid API Domain: {host} has no region. {REGION_HINT}")


def _check_scope(value: Any, context: SettingsContext) -> None:
    items = value.split()
    bad = [item for item in items if not SCOPE_ITEM.match(item)]
    if bad:
        raise SettingError(
            None,
            f"Each scope item must look like permission:projectKey, for example "
            f"manage_project:mystore; not valid: {', '.join(bad)}.",
        )
    projects = {SCOPE_ITEM.match(item)["project"] for item in items}
    if len(projects) > 1:
        raise SettingError(
            None, f"All scope items must name one project; found {', '.join(sorted(projects))}."
        )


def _check_project_key(value: Any, context: SettingsContext) -> None:
    if not PROJECT_KEY.match(value):
        raise SettingError(
            None, f"Project Key may hold letters, digits, - and _ (2 to 256); got {value!r}."
        )


def _cross_checks(values: dict[str, Any], context: SettingsContext, warnings: list[str]) -> None:
    """Derive Project Key and Auth URL when blank, and refuse contradictions naming both."""
    api = urlsplit(values["api_url"])
    path_key = api.path.strip("/").split("/")[0] if api.path.strip("/") else None
    scope_keys = {SCOPE_ITEM.match(item)["project"] for item in values["scope"].split()}
    scope_key = next(iter(scope_keys))
    typed_key = values.get("project_key")

    if path_key and typed_key and path_key != typed_key:
        raise SettingError(
            "project_key",
            f"Project Key {typed_key!r} contradicts the API URL, whose path names project "
            f"{path_key!r}.",
        )
    project_key = typed_key or path_key or scope_key
    if scope_key != project_key:
        raise SettingError(
            "scope",
            f"Scope names project {scope_key!r} but the project is {project_key!r} (from "
            f"{'Project Key' if typed_key else 'the API URL'}).",
        )
    values["project_key"] = project_key
    # The API URL is stored without the project key: the client adds it to every path.
    values["api_url"] = urlunsplit((api.scheme, api.netloc, "", "", "")).rstrip("/")

    if not values.get("auth_url"):
        match = REGION_HOST.match((api.hostname or "").lower())
        if not match:
            raise SettingError(
                "auth_url",
                "Auth URL is required when the API URL is not a commercetools region host "
                "(it cannot be derived).",
            )
        port = f":{api.port}" if api.port else ""
        values["auth_url"] = f"{api.scheme}://auth.{match[2]}.{COMMERCETOOLS_DOMAIN}{port}"
    else:
        values["auth_url"] = values["auth_url"].rstrip("/")


SPEC = ConnectorSpec(
    settings=(
        Setting(
            "api_url",
            "API URL",
            kind="url",
            required=True,
            help="The region-specific API URL of your project, with or without the project key "
            "as its last path segment.",
            example="https://api.us-central1.gcp.commercetools.com/mystorename",
            validators=(outbound_url, _region_host),
        ),
        Setting(
            "auth_url",
            "Auth URL",
            kind="url",
            help="Where tokens come from. Leave blank to derive it from the API URL "
            "(api.<region>.commercetools.com becomes auth.<region>.commercetools.com).",
            example="https://auth.us-central1.gcp.commercetools.com",
            validators=(outbound_url, _region_host),
        ),
        Setting(
            "project_key",
            "Project Key",
            help="Leave blank to take it from the API URL's path or from the scope.",
            example="mystorename",
            max_length=256,
            validators=(_check_project_key,),
        ),
        Setting(
            "client_id",
            "Client ID",
            required=True,
            credential=True,
            help="API client ID generated in Merchant Center > Settings > Developer settings > "
            "API clients.",
        ),
        Setting(
            "client_secret",
            "Client Secret",
            kind="secret",
            required=True,
            help="Secret key obtained when creating the API client (shown once).",
        ),
        Setting(
            "scope",
            "Scope",
            required=True,
            help="Space-separated permission:projectKey items granted to the API client.",
            example="manage_project:mystorename",
            max_length=2000,
            validators=(_check_scope,),
        ),
        Setting(
            "api_key",
            "API Key",
            kind="secret",
            help="Optional. commercetools itself has no API-key scheme: set this only when your "
            "API is behind a gateway that expects one; it is sent as the X-Api-Key header.",
        ),
    ),
    throttle=ThrottleDefaults(limit=500, seconds=60, connections=5, batch_executions=5),
    cross_checks=(_cross_checks,),
)

API_KEY_HEADER = "X-Api-Key"

CONNECTOR = Connector(
    key="commercetools",
    name="commercetools",
    description="Synchronize products, prices, customers, customer groups and orders with a "
    "commercetools project.",
    spec=SPEC,
    auth_kind="client_credentials",
    versions=("1.0",),
    setup_steps=(
        "In Merchant Center, choose your project, open Settings > Developer settings > API "
        "clients and click Create new API client.",
        "Give it a name and the scopes it needs (Manage Project grants all of them), then "
        "Create API client.",
        "Copy client_id, client_secret, project_key, scope, API URL and Auth URL (the secret is "
        "shown only once) into the settings here and Apply.",
        "Click Test connection: the portal fetches a token and reads the project.",
    ),
    post_install_checks=(
        "Initiate a sample data pull (to the portal).",
        "Initiate a sample data push (from the portal).",
        "Run an end-to-end business process; validate field mappings, triggers and logging.",
        "Review the transfer logs.",
    ),
    entities=(
        ("product", "push"),
        ("price", "push"),
        ("customer_group", "push"),
        ("customer_user", "push"),
        ("address", "push"),
        ("shipment_tracking", "push"),
        ("order", "pull"),
    ),
    documents=DOCUMENTS,
    default_mappings_dir="connectors.commercetools.mappings",
)
