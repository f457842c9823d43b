"""``manage.py benchmark commercetools``: the connector against the commercetools sandbox.

Three phases, each reported as requests per record and records per second:

- ``first_push``: products with two variants and two prices each, none known yet (find by key,
  find by SKU, create; the product type and category are looked up once and cached);
- ``repeat_push``: the same documents again with the remote ids known: one read each and no
  write (the hub's ``last_pushed_hash`` skips even that read for records it knows unchanged);
- ``order_pull``: orders seeded in the sandbox, pulled by id inside one window, past the
  10,000 offset cap.

The subscription runs at API Throttle Limit 500 per 1 second (DECISIONS.md "Settings"), in
one thread, over real HTTP on 127.0.0.1. Also runnable without Django:
``python -m connectors.commercetools.benchmarks --products 100 --orders 12000``.
"""

from __future__ import annotations

import argparse
import json
import uuid
from datetime import datetime
from typing import Any

from connectors.adapters import AdapterContext, MemoryLookupCache
from connectors.benchmarks import push_and_pull
from connectors.commercetools import auth
from connectors.commercetools.adapters import OrderPull, ProductPush
from connectors.commercetools.client import CommercetoolsClient
from connectors.commercetools.errors import API_ERROR_TABLE, error_parser
from connectors.http import (
    ConnectorSession,
    LocalThrottle,
    MemoryCallRecorder,
    Redactor,
    ThrottlePolicy,
)
from connectors.tokens import MemoryTokenStore


def product_document(n: int) -> dict[str, Any]:
    return {
        "key": f"bench-{n}",
        "product_type": "workwear",
        "name": {"en": f"Bench Product {n}"},
        "slug": {"en": f"bench-{n}"},
        "categories": ["safety"],
        "publish": True,
        "variants": [
            {
                "sku": f"BENCH-{n}",
                "attributes": {"color": "orange"},
                "prices": [
                    {"currency": "USD", "amount": f"{10 + n % 90}.99"},
                    {
                        "currency": "USD",
                        "amount": f"{9 + n % 90}.50",
                        "customer_group": "wholesale",
                    },
                ],
            },
            {"sku": f"BENCH-{n}-L", "attributes": {"color": "yellow"}, "prices": []},
        ],
    }


def seed_orders(sandbox: Any, count: int, moment: datetime) -> None:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    with sandbox.lock:
        for n in range(count):
            ident = str(uuid.uuid4())
            sandbox.data["orders"][ident] = {
                "id": ident,
                "version": 1,
                "orderNumber": f"BENCH-{n}",
                "createdAt": stamp,
                "lastModifiedAt": stamp,
                "totalPrice": {
                    "type": "centPrecision",
                    "currencyCode": "USD",
                    "centAmount": 1000 + n,
                    "fractionDigits": 2,
                },
                "lineItems": [],
            }


def figures(records: int, calls: int, seconds: float) -> dict[str, Any]:
    return {
        "records": records,
        "requests": calls,
        "requests_per_record": round(calls / records, 3) if records else 0,
        "records_per_s": round(records / seconds, 1) if seconds else 0,
        "seconds": round(seconds, 3),
    }


class CommercetoolsBenchmark:
    help = (
        "Push products (first and repeated) and pull orders against the commercetools "
        "sandbox; reports requests per record and records per second."
    )

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--products", type=int, default=100, help="products to push")
        parser.add_argument("--orders", type=int, default=12_000, help="orders to pull")

    def run(self, options: dict[str, Any]) -> dict[str, Any]:
        from sandbox.commercetools import (
            DEMO_CLIENT_ID,
            DEMO_CLIENT_SECRET,
            DEMO_PROJECT_KEY,
            CommercetoolsSandbox,
        )

        calls = MemoryCallRecorder()
        session = ConnectorSession(
            "bench-commercetools",
            policy=ThrottlePolicy(limit=500, seconds=1),
            throttle=LocalThrottle(),
            allowed_hosts=["127.0.0.1"],
            redactor=Redactor(),
            recorder=calls,
            error_parser=error_parser,
            error_table=API_ERROR_TABLE,
        )
        with CommercetoolsSandbox.running() as sandbox:
            tokens = auth.token_manager(
                MemoryTokenStore(),
                "bench-commercetools",
                session,
                sandbox.auth_url,
                DEMO_CLIENT_ID,
                DEMO_CLIENT_SECRET,
                f"manage_project:{DEMO_PROJECT_KEY}",
            )
            client = CommercetoolsClient(
                auth.authorized_session(session, tokens), sandbox.api_url, DEMO_PROJECT_KEY
            )
            tokens.access_token()  # the token fetch is not a per-record cost
            context = AdapterContext(client=client, settings={}, lookups=MemoryLookupCache())
            documents = [product_document(n) for n in range(options["products"])]
            phases = push_and_pull(
                calls,
                ProductPush(context),
                documents,
                OrderPull(context),
                lambda moment: seed_orders(sandbox, options["orders"], moment),
            )
        first, repeat, pull = phases.first_push, phases.repeat_push, phases.pull
        pulled = len({d["id"] for d in pull.result})
        return {
            "benchmark": "commercetools",
            "first_push": figures(len(documents), first.requests, first.seconds),
            "repeat_push": figures(len(documents), repeat.requests, repeat.seconds)
            | {"unchanged": sum(o.action == "unchanged" for o in repeat.result)},
            "order_pull": figures(pulled, pull.requests, pull.seconds)
            | {"seeded": options["orders"], "missed_or_doubled": options["orders"] - pulled},
            "throttle": {"limit": 500, "seconds": 1},
        }


BENCHMARKS = {"commercetools": CommercetoolsBenchmark}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m connectors.commercetools.benchmarks")
    bench = CommercetoolsBenchmark()
    bench.add_arguments(parser)
    print(json.dumps(bench.run(vars(parser.parse_args(argv)))))


if __name__ == "__main__":
    main()
