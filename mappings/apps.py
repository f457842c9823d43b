from django.apps import AppConfig


class MappingsConfig(AppConfig):
    """Mapping collections, the mapping engine and transfers (issues 6 and 9)."""

    name = "mappings"
    verbose_name = "Mappings and transfers"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save

        from hub.signals import records_changed
        from mappings import transfer_admin  # noqa: F401  (registers the transfer pages)
        from mappings import transfer_handlers as transfer
        from mappings.handlers import bump_collection_version, create_defaults_on_subscribe
        from mappings.models import FieldMapping
        from mappings.transfer_actions import attach
        from subscriptions.models import Subscription
        from subscriptions.signals import subscription_created, subscription_reauthorized

        subscription_created.connect(
            create_defaults_on_subscribe, dispatch_uid="mappings.default_mappings"
        )
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            uid = f"mappings.version.{name}"
            signal.connect(bump_collection_version, sender=FieldMapping, dispatch_uid=uid)

        # Transfers (issue 9): record changes, schedules, reauthorization.
        records_changed.connect(transfer.on_records_changed, dispatch_uid="mappings.changed")
        subscription_created.connect(transfer.on_subscription_created, dispatch_uid="mappings.poll")
        subscription_reauthorized.connect(
            transfer.on_subscription_reauthorized, dispatch_uid="mappings.resume"
        )
        post_delete.connect(
            transfer.on_subscription_deleted, sender=Subscription, dispatch_uid="mappings.unpoll"
        )
        post_migrate.connect(
            transfer.on_post_migrate, sender=self, dispatch_uid="mappings.schedules"
        )
        # Transfer now, Sample pull / push, Initialize on the hub's and subscriptions' pages.
        attach()
