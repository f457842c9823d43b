"""`python -m sandbox orocommerce --port 8201 --host localhost` (or `commercetools`)."""

from __future__ import annotations

import argparse
import contextlib
import json

from .commercetools import CommercetoolsSandbox
from .core import Sandbox
from .orocommerce import OroSandbox


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("store", choices=["orocommerce", "commercetools"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stats-window", type=float, default=1.0, help="seconds")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        help='JSON, e.g. \'{"kind": "status", "status": 429, "retry_after": 2, "count": 3}\'',
    )
    parser.add_argument(
        "--api-version", default="6.1", help="OroCommerce API version (5.1, 6.0, 6.1, 7.0)"
    )
    parser.add_argument("--admin-prefix", default="admin", help="OroCommerce back-office prefix")
    parser.add_argument(
        "--redirect-uri",
        action="append",
        default=[],
        help="OroCommerce OAuth redirect URI (repeatable; default: any loopback URI)",
    )
    parser.add_argument(
        "--api-feature-disabled",
        action="store_true",
        help="OroCommerce: the Web API feature is off (token endpoint answers invalid_client)",
    )
    parser.add_argument("--project-key", default="sandbox-demo", help="commercetools project key")
    args = parser.parse_args(argv)
    sandbox: Sandbox
    if args.store == "orocommerce":
        sandbox = OroSandbox(
            host=args.host,
            port=args.port,
            api_version=args.api_version,
            admin_prefix=args.admin_prefix,
            redirect_uris=args.redirect_uri,
            api_feature_enabled=not args.api_feature_disabled,
            stats_window=args.stats_window,
        )
    else:
        sandbox = CommercetoolsSandbox(
            host=args.host,
            port=args.port,
            project_key=args.project_key,
            stats_window=args.stats_window,
        )
    for fault in args.fault:
        sandbox.add_fault(**json.loads(fault))
    with contextlib.suppress(KeyboardInterrupt):
        sandbox.serve_forever()


if __name__ == "__main__":
    main()
