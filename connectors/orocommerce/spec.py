"""OroCommerce subscription settings, exactly as seed 000 gives them (plus the API version,
DECISIONS.md "Settings"), and what the connector offers."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from connectors.base import Connector
from connectors.orocommerce.documents import DOCUMENTS
from connectors.spec import (
    ConnectorSpec,
    Setting,
    SettingError,
    SettingsContext,
    ThrottleDefaults,
    browser_redirect_url,
    identifier,
    outbound_url,
)

API_VERSIONS = ("5.1", "6.0", "6.1", "7.0")
DEFAULT_ADMIN_BASE_PATH = "admin"
_PATH = re.compile(r"^[A-Za-z0-9_.~-]+(/[A-Za-z0-9_.~-]+)*$")


def normalise_admin_base_path(value: str | None) -> str:
    """``/admin``, ``admin`` and ``admin/`` all mean the same (seed 000); blank means admin."""
    cleaned = (value or "").strip().strip("/")
    return cleaned or DEFAULT_ADMIN_BASE_PATH


def _check_admin_base_path(value: Any, context: SettingsContext) -> None:
    cleaned = normalise_admin_base_path(value)
    if not _PATH.match(cleaned):
        raise SettingError(
            None,
            f"Admin Base Path must be a URL path such as /admin (letters, digits, - and _ "
            f"between slashes); got {value!r}.",
        )


def _cross_checks(values: dict[str, Any], context: SettingsContext, warnings: list[str]) -> None:
    values["admin_base_path"] = normalise_admin_base_path(values.get("admin_base_path"))
    api_url = values.get("api_url")
    if api_url:
        path = urlsplit(api_url).path.rstrip("/")
        last = path.rsplit("/", 1)[-1].lower()
        if last in ("api", values["admin_base_path"].rsplit("/", 1)[-1].lower()):
            raise SettingError(
                "api_url",
                f"API Url is the address of the instance itself, for example "
                f"https://yourdomain.oro-cloud.com, without the admin or /api path (got "
                f"{api_url}); the portal adds Admin Base Path and /api.",
            )
        values["api_url"] = api_url.rstrip("/")


SPEC = ConnectorSpec(
    settings=(
        Setting(
            "api_url",
            "API Url",
            kind="url",
            required=True,
            help="Your OroCommerce instance API endpoint URL. This is unique to each instance.",
            example="https://yourdomain.oro-cloud.com",
            validators=(outbound_url,),
        ),
        Setting(
            "admin_base_path",
            "Admin Base Path",
            default="/admin",
            help="Root path to the OroCommerce admin interface, used to build API endpoint URLs. "
            "/admin, admin and admin/ all mean the same; admin when left blank.",
            example="/admin",
            validators=(_check_admin_base_path,),
        ),
        Setting(
            "api_version",
            "OroCommerce API version",
            kind="choice",
            required=True,
            default="6.1",
            choices=tuple((v, v) for v in API_VERSIONS),
            help="The OroCommerce release the instance runs; some field names differ by release. "
            "Test connection warns when the instance does not match.",
        ),
        Setting(
            "client_id",
            "Client Id",
            required=True,
            credential=True,
            help="OAuth client ID from your OroCommerce OAuth application.",
            example="(from OroCommerce)",
        ),
        Setting(
            "client_secret",
            "Client Secret",
            kind="secret",
            required=True,
            help="OAuth client secret from your OroCommerce OAuth application. Shown once at "
            "creation.",
        ),
        Setting(
            "redirect_url",
            "Redirect Url",
            kind="url",
            required=True,
            default=lambda context: context.portal_callback_url,
            help="This portal's OAuth callback URL. Paste exactly this value into the Redirect "
            "URLs of the OroCommerce OAuth application.",
            validators=(browser_redirect_url,),
        ),
        Setting(
            "auto_create_product",
            "Auto Create Product",
            kind="bool",
            default=False,
            help="When Yes, products referenced by incoming pricing are created in OroCommerce if "
            "they do not already exist. When No, records that reference an unknown product fail.",
        ),
        Setting(
            "auto_create_customer_group",
            "Auto Create Customer Group",
            kind="bool",
            default=False,
            help="When Yes, customer groups referenced by incoming price-list assignments are "
            "created in OroCommerce if they do not exist. When No, records that reference an "
            "unknown customer group fail.",
        ),
        Setting(
            "default_pricing_custom_field_name",
            "Default Pricing Custom Field Name",
            help="The entity field name of a boolean field on the OroCommerce Product Price "
            "module that flags whether a price record is the product's default price. Required "
            "for the integration to create or update default pricing.",
            max_length=100,
            validators=(identifier("Default Pricing Custom Field Name"),),
        ),
        Setting(
            "order_poll_days",
            "Order Poll Days",
            kind="int",
            default=7,
            min_value=1,
            max_value=365,
            help="How many days back the integration looks when polling OroCommerce for new and "
            "updated orders. Set this wide enough to cover the gap between polls so no order is "
            "missed. 7 if left blank.",
        ),
    ),
    throttle=ThrottleDefaults(limit=500, seconds=60, connections=5, batch_executions=5),
    cross_checks=(_cross_checks,),
)

CONNECTOR = Connector(
    key="orocommerce",
    name="OroCommerce",
    description="Synchronize products, pricing, customers, customer groups and orders with an "
    "OroCommerce B2B store through its back-office JSON:API.",
    spec=SPEC,
    auth_kind="authorization_code_pkce",
    versions=("1.0",),
    setup_steps=(
        "In the OroCommerce back-office, go to System > User Management > OAuth Applications "
        "and click Create OAuth Application; select the organization.",
        "Grant Type: Authorization Code. Confidential Client: checked. Active: checked. "
        "Redirect URLs: the Redirect Url shown on this page, exactly.",
        "Save and copy the Client Id and the Client Secret (the secret is shown only once).",
        "Enable the API: System > Configuration > General Setup > Application Settings > Web API "
        "(the API feature is off by default; while it is off the token endpoint answers "
        "invalid_client).",
        "OAuth applications need the instance's OAuth encryption keys; if the back-office says "
        "OAuth authorization is unavailable, ask your OroCommerce administrator to configure them.",
        "Fill in the settings here, Apply, then click Authorize and sign in to OroCommerce.",
    ),
    post_install_checks=(
        "Test connection: token, reachable host and an API read.",
        "Initiate a sample data pull (orders to the portal).",
        "Initiate a sample data push (products from the portal).",
        "Run an end-to-end business process and review the transfer logs.",
    ),
    entities=(
        ("product", "push"),
        ("price_list", "push"),
        ("price", "push"),
        ("customer_group", "push"),
        ("customer", "push"),
        ("customer_user", "push"),
        ("address", "push"),
        ("shipment_tracking", "push"),
        ("order", "pull"),
    ),
    documents=DOCUMENTS,
    default_mappings_dir="connectors.orocommerce.mappings",
)
