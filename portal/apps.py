from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self) -> None:
        from connectors.http.redaction import install_log_redaction
        from portal import roles

        install_log_redaction()
        # A post_migrate handler rather than a data migration, so that permissions of models
        # added later are granted too (DECISIONS.md "Layering").
        post_migrate.connect(roles.sync_roles, dispatch_uid="portal.sync_roles")
