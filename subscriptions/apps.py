from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Subscriptions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from connectors.benchmarks import register_throttle_backend
        from subscriptions import checks  # noqa: F401  (registers system checks)
        from subscriptions.handlers import forget_throttle_state
        from subscriptions.models import Subscription

        post_delete.connect(
            forget_throttle_state, sender=Subscription, dispatch_uid="subscriptions.throttle"
        )

        # `manage.py benchmark throttle --backend db` (connectors never imports Django).
        register_throttle_backend("db", "subscriptions.throttle:for_benchmark")
