"""Signal handlers of the mappings app (connected in ``MappingsConfig.ready``)."""

from __future__ import annotations

from typing import Any


def create_defaults_on_subscribe(
    sender: Any, subscription: Any, create_default_mappings: bool = False, **kwargs: Any
) -> None:
    """ "Create Default Mappings" checked: the connector's defaults; unchecked: none. Runs in
    the subscription's creating transaction, so a failure here creates no subscription."""
    if create_default_mappings:
        from mappings.defaults import create_default_mappings as create

        create(subscription)


def bump_collection_version(sender: Any, instance: Any, **kwargs: Any) -> None:
    """Any saved or deleted field mapping changes what its collection renders."""
    from django.db.models import F
    from django.utils import timezone

    from mappings.models import MappingCollection

    MappingCollection.objects.filter(pk=instance.collection_id).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
