"""The endpoint inventory in the admin: every call each connector can make, for firewall
allow-lists and deprecation checks (issue 7). Thin: the list is the one ``manage.py
connector_endpoints`` prints (``connectors.endpoints``), read from the clients' declarations.

Any staff user may read it (Support included): it holds URL patterns and no secrets. The
resolved prefixes of existing subscriptions are shown only to those who may view subscriptions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from connectors.base import Connector
from connectors.endpoints import BaseRule, Endpoint, NoInventory, as_csv, base_rules, inventory
from connectors.endpoints import listing as text_listing
from connectors.registry import UnknownConnector, all_connectors, get_connector
from subscriptions.models import Subscription


@dataclass(frozen=True)
class ResolvedBases:
    """One subscription's real prefixes, placeholder by placeholder (None: settings missing)."""

    subscription: Subscription
    prefixes: list[tuple[str, str | None]]


def _connector_and_inventory(key: str) -> tuple[Connector, list[Endpoint]]:
    try:
        return get_connector(key), inventory(key)
    except (UnknownConnector, NoInventory) as exc:
        raise Http404(str(exc)) from None


def _resolved(
    request: HttpRequest, key: str, rules: tuple[BaseRule, ...]
) -> list[ResolvedBases] | None:
    if not request.user.has_perm("subscriptions.view_subscription"):
        return None
    return [
        ResolvedBases(sub, [(rule.placeholder, rule.for_settings(sub.settings)) for rule in rules])
        for sub in Subscription.objects.filter(connector=key).order_by("name")
    ]


def connectors_page(request: HttpRequest) -> HttpResponse:
    """The connectors, each with its number of calls and a link to its inventory."""
    rows = []
    for connector in all_connectors():
        try:
            count: int | None = len(inventory(connector.key))
        except NoInventory:
            count = None
        rows.append((connector, count))
    context = {
        **admin.site.each_context(request),
        "title": "Connector endpoints",
        "rows": rows,
    }
    return TemplateResponse(request, "admin/connector_endpoints/index.html", context)


def connector_page(request: HttpRequest, key: str) -> HttpResponse:
    """One connector's calls as a table, with what each URL placeholder stands for."""
    connector, endpoints = _connector_and_inventory(key)
    rules = base_rules(key)
    context = {
        **admin.site.each_context(request),
        "title": f"{connector.name} endpoints",
        "connector": connector,
        "endpoints": endpoints,
        "rules": rules,
        "resolved": _resolved(request, key, rules),
    }
    return TemplateResponse(request, "admin/connector_endpoints/detail.html", context)


def connector_csv(request: HttpRequest, key: str) -> HttpResponse:
    _, endpoints = _connector_and_inventory(key)
    return _download(as_csv(endpoints), "text/csv", f"{key}-endpoints.csv")


def connector_text(request: HttpRequest, key: str) -> HttpResponse:
    """Exactly what ``manage.py connector_endpoints KEY`` prints."""
    _, endpoints = _connector_and_inventory(key)
    text = "\n".join(text_listing(endpoints)) + "\n"
    return _download(text, "text/plain", f"{key}-endpoints.txt")


def _download(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
