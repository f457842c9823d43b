"""What the OroCommerce adapters share: cached lookups by natural key, diffs, version names.

Lookups go through ``context.lookups`` (per subscription, with expiry), keyed
``oro:<kind>:<key>``, so a batch of 1,000 products in one category resolves the category once.
Only found ids are cached: a missing record is looked up again next time (it may be created
meanwhile).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.adapters import AdapterContext, PushOutcome, RecordRejected
from connectors.orocommerce.client import OroClient
from connectors.orocommerce.jsonapi import Document, Ref, Resource, resource_object, to_one

DEFAULT_API_VERSION = "6.1"


class OroAdapter:
    """Base of the adapters: the client, the settings and the lookups of one transfer."""

    entity = ""

    def __init__(self, context: AdapterContext) -> None:
        self.context = context
        self.client: OroClient = context.client
        self.settings = context.settings

    # --- settings ---------------------------------------------------------------------------

    @property
    def api_version(self) -> tuple[int, int]:
        text = str(self.settings.get("api_version") or DEFAULT_API_VERSION)
        major, _, minor = text.partition(".")
        return int(major), int(minor or 0)

    def setting(self, name: str, default: Any = None) -> Any:
        value = self.settings.get(name)
        return default if value in (None, "") else value

    # --- cached lookups ---------------------------------------------------------------------

    def cached(self, kind: str, key: str, load: Callable[[], Any]) -> Any:
        return self.context.lookups.cached(f"oro:{kind}:{key.lower()}", load)

    def remember(self, kind: str, key: str, value: Any) -> None:
        self.context.lookups.set(f"oro:{kind}:{key.lower()}", value)

    def forget(self, kind: str, key: str) -> None:
        self.context.lookups.set(f"oro:{kind}:{key.lower()}", None)

    def require(self, kind: str, key: str, found: str | None, what: str) -> str:
        """``found`` or a ``RecordRejected`` naming what is missing."""
        if found is None:
            raise RecordRejected(
                f"OroCommerce has no {what} {key!r}.",
                hint=f"Create the {what} {key!r} in OroCommerce, or correct the mapping that "
                "names it, then push again.",
                code=f"unknown_{kind}",
            )
        return found

    def product_id(self, sku: str) -> str | None:
        def load() -> str | None:
            found = self.client.find_products_by_sku(sku).first
            return found.id if found else None

        return self.cached("product", sku, load)

    def category_id(self, title: str) -> str:
        def load() -> str | None:
            found = self.client.find_categories(title)
            return _exact(found, "titles", "string", title)

        return self.require("category", title, self.cached("category", title, load), "category")

    def brand_id(self, name: str) -> str:
        def load() -> str | None:
            found = self.client.find_brands(name)
            return _exact(found, "names", "string", name)

        return self.require("brand", name, self.cached("brand", name, load), "brand")

    def product_tax_code_id(self, code: str) -> str:
        def load() -> str | None:
            return _by_attr(self.client.find_product_tax_codes(code), "code", code)

        found = self.cached("producttaxcode", code, load)
        return self.require("product_tax_code", code, found, "product tax code")

    def customer_tax_code_id(self, code: str) -> str:
        def load() -> str | None:
            return _by_attr(self.client.find_customer_tax_codes(code), "code", code)

        found = self.cached("customertaxcode", code, load)
        return self.require("customer_tax_code", code, found, "customer tax code")

    def payment_term_id(self, label: str) -> str:
        def load() -> str | None:
            return _by_attr(self.client.find_payment_terms(label), "label", label)

        found = self.cached("paymentterm", label, load)
        return self.require("payment_term", label, found, "payment term")

    def attribute_family_id(self, code: str | None) -> str:
        """The family by code; without one, the instance's first (the default family)."""

        def load() -> dict[str, str] | None:
            families = self.client.list_attribute_families()
            return {str(f.attr("code") or f.id).lower(): f.id for f in families} or None

        families = self.cached("attributefamilies", "all", load) or {}
        if code is None:
            found = next(iter(families.values()), None)
            return self.require("attribute_family", "(default)", found, "attribute family")
        return self.require(
            "attribute_family", code, families.get(code.lower()), "attribute family"
        )

    def unit_code(self, code: str) -> str:
        """A product unit code checked once per subscription (units are ids, §2.2)."""

        def load() -> str | None:
            found = self.client.find_product_units(code).first
            return found.id if found else None

        return self.require("product_unit", code, self.cached("productunit", code, load), "unit")

    def customer_group_id(self, name: str, *, create: bool | None = None) -> str:
        """The group by name; a missing one is created only when Auto Create Customer Group is
        Yes (``create`` overrides the setting), else the record is rejected naming both."""

        def load() -> str | None:
            return _by_attr(self.client.find_customer_groups_by_name(name), "name", name)

        found = self.cached("customergroup", name, load)
        if found is not None:
            return found
        allowed = self.setting("auto_create_customer_group", False) if create is None else create
        if not allowed:
            raise RecordRejected(
                f"OroCommerce has no customer group {name!r}, and Auto Create Customer Group is "
                "No.",
                hint=f"Create the customer group {name!r} in OroCommerce, or set Auto Create "
                "Customer Group to Yes on the subscription, then push again.",
                code="unknown_customer_group",
            )
        created = self.client.create_customer_group(
            {"data": resource_object("customergroups", attributes={"name": name})}
        ).first
        assert created is not None
        self.remember("customergroup", name, created.id)
        return created.id

    def customer_id(self, key: str) -> str:
        """The customer a record names by its hub key: the name (seed 001's search), else, from
        6.1, the code the customer push stored as externalId (hub customers with a code are
        keyed by it)."""

        def load() -> str | None:
            found = _by_attr(self.client.find_customers_by_name(key), "name", key)
            if found is None and self.api_version >= (6, 1):
                by_code = self.client.find_customers_by_external_id(key)
                found = _by_attr(by_code, "externalId", key)
            return found

        return self.require("customer", key, self.cached("customer", key, load), "customer")

    def customer_user_id(self, email: str) -> str:
        def load() -> str | None:
            return _by_attr(self.client.find_customer_users_by_email(email), "email", email)

        found = self.cached("customeruser", email, load)
        return self.require("customer_user", email, found, "customer user")

    def country_id(self, value: str) -> str:
        """Countries' ids are ISO 3166-1 alpha-2 codes (§2.11): a code needs no call."""
        text = value.strip()
        if len(text) == 2 and text.isalpha():
            return text.upper()

        def load() -> str | None:
            found = self.client.find_countries(text).first
            return found.id if found else None

        return self.require("country", text, self.cached("country", text, load), "country")

    def region_id(self, value: str, country: str) -> str:
        """Regions' ids are combined codes, ``US-NY`` (§2.11); a plain code gets the country's
        prefix, anything longer is a name looked up once."""
        text = value.strip()
        if "-" in text and text.split("-", 1)[0].upper() == country:
            return text.upper()
        if 1 <= len(text) <= 3 and text.isalnum():
            return f"{country}-{text.upper()}"

        def load() -> str | None:
            for region in self.client.find_regions(text):
                ref = region.one("country")
                if ref is None or ref.id == country:
                    return region.id
            return None

        return self.require(
            "region", text, self.cached("region", f"{country}:{text}", load), "region"
        )

    # --- outcomes -----------------------------------------------------------------------------

    @staticmethod
    def unchanged(resource: Resource) -> PushOutcome:
        return PushOutcome("unchanged", resource.id, _version(resource))

    @staticmethod
    def done(action: str, document: Document, notes: Iterable[str] = ()) -> PushOutcome:
        resource = document.first
        assert resource is not None
        return PushOutcome(action, resource.id, _version(resource), tuple(notes))  # type: ignore[arg-type]


def _version(resource: Resource) -> str:
    return str(resource.attr("updatedAt") or "")


def _by_attr(document: Document, name: str, wanted: str) -> str | None:
    """The id of the first record whose attribute equals ``wanted`` (case-insensitive): Oro's
    searchText matches parts of words, and name filters ignore case on some databases."""
    for resource in document:
        value = resource.attr(name)
        if isinstance(value, str) and value.strip().lower() == wanted.strip().lower():
            return resource.id
    return None


def _exact(document: Document, relationship: str, attribute: str, wanted: str) -> str | None:
    """The id of the first record one of whose localized values equals ``wanted``."""
    for resource in document:
        for value in document.related(resource, relationship):
            text = value.attr(attribute)
            if isinstance(text, str) and text.strip().lower() == wanted.strip().lower():
                return resource.id
    return None


def changed(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The wanted attributes whose value differs from the current one (money compared as
    numbers: Oro returns "12.2000" for 12.2)."""
    return {k: v for k, v in wanted.items() if not same(current.get(k), v)}


def same(have: Any, want: Any) -> bool:
    if isinstance(want, Decimal | int | float) and not isinstance(want, bool):
        try:
            return have is not None and Decimal(str(have)) == Decimal(str(want))
        except InvalidOperation:
            return False
    if isinstance(want, list) and isinstance(have, list):
        return sorted(map(str, have)) == sorted(map(str, want))
    return have == want


def changed_links(resource: Resource, wanted: Mapping[str, Ref | None]) -> dict[str, Any]:
    """The to-one relationships that point elsewhere than wanted, as linkage to send."""
    return {name: to_one(ref) for name, ref in wanted.items() if resource.one(name) != ref}


def ref(type_: str, id_: str | None) -> Ref | None:
    return Ref(type_, id_) if id_ is not None else None


def decimal_text(value: Any) -> str:
    """A decimal as Oro accepts it (a number in JSON is exact only as a string's value)."""
    return format(Decimal(str(value)).normalize(), "f")
