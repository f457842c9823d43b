from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Subscriptions"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from connectors.benchmarks import register_throttle_backend
        from subscriptions import checks, log_filters  # noqa: F401  (checks register themselves)
        from subscriptions.handlers import forget_throttle_state
        from subscriptions.models import Subscription

        post_delete.connect(
            forget_throttle_state, sender=Subscription, dispatch_uid="subscriptions.throttle"
        )

        log_filters.install()  # the OAuth callback's code never reaches the access log

        # `manage.py benchmark throttle --backend db` (connectors never imports Django).
        register_throttle_backend("db", "subscriptions.throttle:for_benchmark")
