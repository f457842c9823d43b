"""Default mapping collections: JSON data files in each connector's folder.

A file (``connectors/<name>/mappings/<entity>_<direction>.json``) holds one collection::

    {"name": ..., "entity": "product", "direction": "push", "description": ...,
     "fields": [{"target": "sku", "source": "sku", "transforms": ["trim"]}, ...]}

A field entry names its source by what it carries: ``source`` (a path), ``value`` (static),
``template``, or ``source`` with ``table`` (translation); ``kind`` may say so explicitly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.db import transaction

from connectors.base import Connector
from connectors.registry import get_connector
from mappings.engine import FIELD, STATIC, TEMPLATE, TRANSLATION, FieldSpec


class DefaultFileInvalid(ValueError):
    """A connector's default mapping file that cannot be read; names the file."""


@dataclass(frozen=True)
class DefaultCollection:
    file: str
    name: str
    entity: str
    direction: str
    description: str
    fields: tuple[FieldSpec, ...]


def field_spec(entry: dict[str, Any]) -> FieldSpec:
    """A FieldSpec from one ``fields`` entry of a default file (or an export)."""
    kind = entry.get("kind")
    if kind is None:
        if "template" in entry:
            kind = TEMPLATE
        elif "table" in entry:
            kind = TRANSLATION
        elif "value" in entry:
            kind = STATIC
        else:
            kind = FIELD
    return FieldSpec(
        target=entry["target"],
        kind=kind,
        source=entry.get("source", ""),
        value=entry.get("value"),
        template=entry.get("template", ""),
        table=entry.get("table"),
        transforms=tuple(entry.get("transforms") or ()),
        required=entry.get("required"),
        notes=entry.get("notes", ""),
    )


def load_defaults(connector: Connector) -> list[DefaultCollection]:
    """Every default collection the connector ships, in file-name order."""
    if not connector.default_mappings_dir:
        return []
    found = []
    folder = resources.files(connector.default_mappings_dir)
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".json"):
            continue
        try:
            data = json.loads(item.read_text(encoding="utf-8"))
            found.append(
                DefaultCollection(
                    file=item.name,
                    name=data["name"],
                    entity=data["entity"],
                    direction=data["direction"],
                    description=data.get("description", ""),
                    fields=tuple(field_spec(entry) for entry in data["fields"]),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise DefaultFileInvalid(
                f"{connector.default_mappings_dir}/{item.name}: {exc!r}"
            ) from None
    return found


def create_default_mappings(subscription: Any) -> list[Any]:
    """Create the connector's default collections the subscription does not have yet (one per
    entity and direction); returns the created ones. Running it twice creates nothing more."""
    from mappings.models import FieldMapping, MappingCollection

    existing = set(
        MappingCollection.objects.filter(subscription=subscription).values_list(
            "entity", "direction"
        )
    )
    created = []
    with transaction.atomic():
        for default in load_defaults(get_connector(subscription.connector)):
            if (default.entity, default.direction) in existing:
                continue
            collection = MappingCollection.objects.create(
                subscription=subscription,
                name=default.name,
                entity=default.entity,
                direction=default.direction,
                description=default.description,
            )
            FieldMapping.objects.bulk_create(
                FieldMapping.from_spec(collection, position, spec)
                for position, spec in enumerate(default.fields, start=1)
            )
            existing.add((default.entity, default.direction))
            created.append(collection)
    return created
