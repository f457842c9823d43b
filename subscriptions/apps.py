from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "subscriptions"
    verbose_name = "Subscriptions"

    def ready(self) -> None:
        from connectors.benchmarks import register_throttle_backend
        from subscriptions import checks  # noqa: F401  (registers system checks)

        # `manage.py benchmark throttle --backend db` (connectors never imports Django).
        register_throttle_backend("db", "subscriptions.throttle:for_benchmark")
