from django.apps import AppConfig


class HubConfig(AppConfig):
    """The canonical record store (issue 6 adds the records and the external-id map)."""

    name = "hub"
    verbose_name = "Hub"
