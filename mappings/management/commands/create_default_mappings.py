"""``manage.py create_default_mappings SUBSCRIPTION_ID``: re-create missing default mappings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mappings.defaults import create_default_mappings
from subscriptions.models import Subscription


class Command(BaseCommand):
    help = (
        "Create the connector's default mapping collections that the subscription lacks "
        "(one per entity and direction); existing collections are left as they are."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subscription_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        subscription = Subscription.objects.filter(pk=options["subscription_id"]).first()
        if subscription is None:
            raise CommandError(f"No subscription has the id {options['subscription_id']}.")
        created = create_default_mappings(subscription)
        for collection in created:
            self.stdout.write(f"Created {collection}.")
        self.stdout.write(f"{len(created)} default collection(s) created for {subscription}.")
