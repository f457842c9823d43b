from django.apps import AppConfig


class MappingsConfig(AppConfig):
    """Mapping collections, the mapping engine and transfers (issues 6 and 9)."""

    name = "mappings"
    verbose_name = "Mappings and transfers"
