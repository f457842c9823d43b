"""Endpoint declarations: every call a connector can make, declared where it is made.

A client method carries ``@endpoint("GET", "/products/{id}", seed="001: Get Product")``; the
connector's inventory (``connectors/<key>/endpoints.py``, a function ``inventory()``) collects
the declarations from the client class, plus the few calls made outside it (OAuth). The list is
never kept by hand, so it cannot drift from the code: ``manage.py connector_endpoints KEY``
prints it for firewall allow-lists and deprecation checks, as the seeds use their lists.

Each declaration names the seed call it implements (``seed=``) or, for a call the seeds do not
list, why it exists (``reason=``); a call that deviates from its seed entry (a filter added, an
``include``) carries both.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

ATTRIBUTE = "__endpoints__"


@dataclass(frozen=True)
class Endpoint:
    """One HTTP call: method, URL pattern relative to ``base``, and why it is made."""

    method: str
    path: str
    seed: str | None = None
    reason: str | None = None
    base: str = "[Base URL]"
    name: str = ""  # the client method (or function) that makes the call

    def __post_init__(self) -> None:
        if not (self.seed or self.reason):
            raise ValueError(f"{self.method} {self.path}: an endpoint needs a seed= or a reason=")
        if self.method != self.method.upper():
            raise ValueError(f"{self.method} {self.path}: write the method in capitals")

    @property
    def url(self) -> str:
        return f"{self.base}{self.path}"

    @property
    def purpose(self) -> str:
        """What the call is for: the seed entry's title ("Get Product"), else the reason."""
        if self.seed:
            return self.seed.split(": ", 1)[-1]
        return self.reason or ""

    @property
    def deviation(self) -> str:
        """Why a seed call is made differently from its seed entry ("" when it is not)."""
        return (self.reason or "") if self.seed else ""

    def line(self) -> str:
        """One printable line: METHOD URL-pattern, then the seed entry and/or the reason."""
        why = " | ".join(
            part for part in (self.seed, f"reason: {self.reason}" if self.reason else "") if part
        )
        return f"{self.method:<6} {self.url}    [{why}]"


@dataclass(frozen=True)
class BaseRule:
    """What a URL placeholder (``[Base URL]``) stands for, and how a subscription's settings
    make it: the inventory lists patterns, the firewall needs hosts."""

    placeholder: str
    rule: str  # in the settings' own labels, with the seed's example
    resolve: Callable[[Mapping[str, Any]], str]  # a subscription's settings -> the real prefix

    def for_settings(self, settings: Mapping[str, Any]) -> str | None:
        """The prefix for one subscription, or None while its settings are incomplete."""
        try:
            return self.resolve(settings) or None
        except (KeyError, TypeError, ValueError):
            return None


def endpoint(
    method: str,
    path: str,
    *,
    seed: str | None = None,
    reason: str | None = None,
    base: str = "[Base URL]",
) -> Callable[[F], F]:
    """Declare that the decorated function makes this call; stackable for several calls."""

    def mark(function: F) -> F:
        declared = list(getattr(function, ATTRIBUTE, ()))
        declared.append(
            Endpoint(method, path, seed, reason, base, getattr(function, "__name__", ""))
        )
        setattr(function, ATTRIBUTE, tuple(declared))
        return function

    return mark


def declared_on(*owners: Any) -> list[Endpoint]:
    """The declarations on the functions of classes or modules, in definition order."""
    found: list[Endpoint] = []
    for owner in owners:
        for value in vars(owner).values():
            # Declarations stack bottom-up; report them in the order they are written.
            found.extend(reversed(getattr(value, ATTRIBUTE, ())))
    return found


# Connector key -> "module:function" returning its list of Endpoint. A connector that declares
# endpoints adds one line here.
INVENTORIES: dict[str, str] = {
    "orocommerce": "connectors.orocommerce.endpoints:inventory",
    "commercetools": "connectors.commercetools.endpoints:inventory",
}


class NoInventory(LookupError):
    pass


def _inventory_module(connector_key: str) -> tuple[ModuleType, str]:
    target = INVENTORIES.get(connector_key)
    if target is None:
        known = ", ".join(sorted(INVENTORIES))
        raise NoInventory(f"No connector {connector_key!r} declares endpoints (known: {known}).")
    module_name, _, function = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise NoInventory(
            f"The {connector_key} connector has no endpoint declarations yet ({module_name})."
        ) from None
    return module, function


def inventory(connector_key: str) -> list[Endpoint]:
    """The connector's endpoint list, or ``NoInventory`` saying why there is none."""
    module, function = _inventory_module(connector_key)
    return list(getattr(module, function)())


def base_rules(connector_key: str) -> tuple[BaseRule, ...]:
    """What each placeholder of the connector's URL patterns means (its module's
    ``BASE_RULES``), in the order the connector lists them."""
    module, _ = _inventory_module(connector_key)
    return tuple(getattr(module, "BASE_RULES", ()))


def listing(endpoints: Iterable[Endpoint]) -> list[str]:
    """The printed inventory: one line per call, then the count (``connector_endpoints``
    prints it; the admin page offers it as a download)."""
    items = list(endpoints)
    return [*(item.line() for item in items), f"{len(items)} endpoints."]


CSV_COLUMNS = ("method", "url_pattern", "seed", "reason", "called_by")


def as_csv(endpoints: Iterable[Endpoint]) -> str:
    """The inventory as CSV, one row per call in the listing's order, for allow-list tools."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for item in endpoints:
        writer.writerow((item.method, item.url, item.seed or "", item.reason or "", item.name))
    return out.getvalue()


def duplicates(endpoints: Iterable[Endpoint]) -> list[tuple[str, str]]:
    """(method, url) pairs declared more than once: each call should be declared once."""
    seen: set[tuple[str, str]] = set()
    repeated: list[tuple[str, str]] = []
    for item in endpoints:
        key = (item.method, item.url)
        if key in seen:
            repeated.append(key)
        seen.add(key)
    return repeated
