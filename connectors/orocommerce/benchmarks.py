"""``manage.py benchmark orocommerce``: the connector against the OroCommerce sandbox.

Figures (issue 7, "Done means"):

- ``calls_per_product_first``: simple products with a category, a brand, a tax code, two
  units, descriptions (default and German), a short description, meta title / description /
  keywords, a slug, shipping options (weight, dimensions, freight class) and two custom
  attributes, none in the store yet (find by SKU, create; look-ups once, then cached);
- ``calls_per_product_repeat``: the same documents again with the remote ids known: one read
  each and no write (the hub's ``last_pushed_hash`` skips even that read for records it knows
  unchanged);
- ``calls_per_order``: orders with five lines each, added to the sandbox, pulled inside one
  window by id with line items, subtotals and addresses included (target at most 0.05).

The subscription runs at API Throttle Limit 500 per 1 second (DECISIONS.md "Settings"), in
one thread, over real HTTP on 127.0.0.1. Also runnable without Django:
``python -m connectors.orocommerce.benchmarks --products 1000 --orders 1000``.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from connectors.adapters import AdapterContext, MemoryLookupCache
from connectors.benchmarks import push_and_pull
from connectors.http import ConnectorSession, LocalThrottle, Redactor, ThrottlePolicy
from connectors.http.calls import MemoryCallRecorder
from connectors.orocommerce.adapters import OrderPull, ProductPush
from connectors.orocommerce.client import OroClient, api_base_url
from connectors.orocommerce.errors import error_parser
from connectors.tokens import AuthorizedSession, MemoryTokenStore, TokenManager, TokenSet

KEY = "bench-orocommerce"
LINES_PER_ORDER = 5


def product_document(n: int) -> dict[str, Any]:
    return {
        "sku": f"BENCH-{n:06d}",
        "product_type": "simple",
        "status": "enabled",
        "name": f"Bench product {n}",
        "inventory_status": "in_stock",
        "attribute_family": "default_family",
        "primary_unit": {"code": "item", "precision": 0},
        "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 10}],
        "category": "Lighting",
        "brand": "Brightline",
        "tax_code": "TAX_STANDARD",
        "description": f"<p>Bench product {n}, for measuring.</p>",
        "descriptions": {"de": f"<p>Messprodukt {n}.</p>"},
        "short_description": f"Bench product {n}",
        "meta_title": f"Bench product {n} | Brightline",
        "meta_description": "A product for the benchmark",
        "meta_keywords": "bench, product",
        "slug": f"bench-{n:06d}",
        "weight": {"value": "1.5", "unit": "kg"},
        "dimensions": {"length": "20", "width": "10", "height": "5", "unit": "cm"},
        "freight_class": "parcel",
        "attributes": {"material": "steel", "warranty_years": 2},
    }


def seed_orders(sandbox: Any, count: int, moment: datetime) -> None:
    """``count`` orders of five lines each, updated at ``moment``, written into the store."""
    store = sandbox.store
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    customer = next(c for c in store.all("customers") if c["org"] != "2")  # the demo org sees it
    with sandbox.lock:
        for n in range(count):
            oid = store.next_id("orders")
            lines = []
            for m in range(LINES_PER_ORDER):
                lid = store.next_id("orderlineitems")
                store.add(
                    "orderlineitems",
                    lid,
                    {"productSku": f"SKU-{m}", "productName": f"Item {m}", "quantity": 1.0,
                     "productUnitCode": "item", "value": "10.0000", "currency": "USD",
                     "createdAt": stamp, "updatedAt": stamp},
                    {"orders": [("orders", oid)], "productUnit": ("productunits", "item")},
                )  # fmt: skip
                lines.append(("orderlineitems", lid))
            address = store.next_id("orderaddresses")
            store.add(
                "orderaddresses",
                address,
                {"street": f"{n} Bench Road", "city": "Albany", "postalCode": "12207"},
                {"country": ("countries", "US"), "region": None},
            )
            subtotal = f"{oid}-subtotal-0"
            store.add(
                "ordersubtotals",
                subtotal,
                {"orderSubtotalType": "subtotal", "label": "Subtotal", "amount": "50.0000",
                 "currency": "USD", "visible": True},
                {"order": ("orders", oid)},
            )  # fmt: skip
            store.add(
                "orders",
                oid,
                {"identifier": f"BENCH-{n}", "currency": "USD", "totalValue": "50.0000",
                 "subtotalValue": "50.0000", "createdAt": stamp, "updatedAt": stamp},
                {"customer": ("customers", customer["id"]), "lineItems": lines,
                 "billingAddress": ("orderaddresses", address),
                 "shippingAddress": ("orderaddresses", address),
                 "orderSubtotals": [("ordersubtotals", subtotal)],
                 "internalStatus": ("orderinternalstatuses", "open")},
                org=customer["org"],
            )  # fmt: skip


def per(records: int, calls: int) -> float:
    return round(calls / records, 4) if records else 0.0


class OroCommerceBenchmark:
    help = (
        "Push products (first and repeated) and pull orders with five lines against the "
        "OroCommerce sandbox; reports calls per product and per order."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--products", type=int, default=1000, help="products to push")
        parser.add_argument("--orders", type=int, default=1000, help="orders to pull")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        from sandbox.orocommerce import DEMO_CLIENT_ID, OroSandbox

        calls = MemoryCallRecorder()
        session = ConnectorSession(
            KEY,
            policy=ThrottlePolicy(limit=500, seconds=1),
            throttle=LocalThrottle(),
            allowed_hosts=["127.0.0.1"],
            redactor=Redactor(),
            recorder=calls,
            error_parser=error_parser,
        )
        with OroSandbox.running() as sandbox:
            token = sandbox.issue_tokens(DEMO_CLIENT_ID, "admin")["access_token"]
            store = MemoryTokenStore()
            store.put(KEY, TokenSet(token, None, datetime.now(UTC) + timedelta(hours=1)))

            def no_refresh(current: TokenSet | None) -> TokenSet:
                raise RuntimeError("the benchmark's token lasts an hour")

            api = AuthorizedSession(session, TokenManager(store, KEY, no_refresh))
            client = OroClient(api, api_base_url(sandbox.base_url, sandbox.admin_prefix))
            context = AdapterContext(
                client=client, settings={"api_version": "6.1"}, lookups=MemoryLookupCache()
            )
            documents = [product_document(n) for n in range(options["products"])]
            phases = push_and_pull(
                calls,
                ProductPush(context),
                documents,
                OrderPull(context),
                lambda moment: seed_orders(sandbox, options["orders"], moment),
            )
        first, repeat, pull = phases.first_push, phases.repeat_push, phases.pull
        pulled = len({d["number"] for d in pull.result})
        lines = sum(len(d["lines"]) for d in pull.result)
        return {
            "benchmark": "orocommerce",
            "products": len(documents),
            "orders": pulled,
            "order_lines": lines,
            "calls_per_product_first": per(len(documents), first.requests),
            "calls_per_product_repeat": per(len(documents), repeat.requests),
            "unchanged_on_repeat": sum(o.action == "unchanged" for o in repeat.result),
            "calls_per_order": per(pulled, pull.requests),
            "seconds": {
                "first_push": round(first.seconds, 2),
                "repeat_push": round(repeat.seconds, 2),
                "order_pull": round(pull.seconds, 2),
            },
            "throttle": {"limit": 500, "seconds": 1},
        }


BENCHMARKS = {"orocommerce": OroCommerceBenchmark}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connectors.orocommerce.benchmarks")
    bench = OroCommerceBenchmark()
    bench.add_arguments(parser)
    print(json.dumps(bench.run(vars(parser.parse_args(argv)))))


if __name__ == "__main__":
    main()
