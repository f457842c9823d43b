"""``manage.py connector_endpoints KEY``: every call the connector can make, one per line.

METHOD, URL pattern, then the seed entry it implements and/or the reason for it. The list is
read from the connector's own declarations (``connectors/endpoints.py``), for firewall
allow-lists and deprecation checks.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from connectors.endpoints import NoInventory, duplicates, inventory, listing


class Command(BaseCommand):
    help = "Print every HTTP call a connector can make (METHOD URL-pattern [seed | reason])."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("connector", help="Connector key, e.g. orocommerce or commercetools.")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["connector"]
        try:
            endpoints = inventory(key)
        except NoInventory as exc:
            raise CommandError(str(exc)) from None
        *lines, total = listing(endpoints)
        for line in lines:
            self.stdout.write(line)
        repeated = duplicates(endpoints)
        if repeated:
            listed = ", ".join(f"{m} {u}" for m, u in repeated)
            self.stderr.write(f"Declared more than once: {listed}")
        self.stdout.write(total)
