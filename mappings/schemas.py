"""Target schemas for the engine: the connector's document (push) or the hub entity (pull)."""

from __future__ import annotations

from typing import Any

from connectors.documents import DocumentSchema
from connectors.registry import get_connector
from hub.entities import get_schema

PUSH, PULL = "push", "pull"


class DocumentTarget:
    """A push target: the document the connector accepts (DECISIONS.md "Hub keys and shapes")."""

    def __init__(self, schema: DocumentSchema) -> None:
        self.schema = schema

    def field_type(self, name: str) -> tuple[str, bool] | None:
        found = self.schema.get(name)
        if found is None:
            return None
        # A sub-field of an open object (attributes.color) is free-form, never required.
        if found.open and found.name != name.split("[")[0]:
            return ("any", False)
        return (found.type, found.required)

    def check(self, document: dict[str, Any]) -> list[tuple[str, str]]:
        return [(error.field, error.message) for error in self.schema.validate(document)]


class HubTarget:
    """A pull target: a hub entity, checked by the hub's own validation."""

    def __init__(self, entity: str) -> None:
        self.schema = get_schema(entity)
        self.names = {f.name: f for f in self.schema.fields}

    def field_type(self, name: str) -> tuple[str, bool] | None:
        top = name.split(".")[0].split("[")[0]
        found = self.names.get(top)
        if found is None:
            return None
        return (found.kind, found.required and top == name)

    def check(self, document: dict[str, Any]) -> list[tuple[str, str]]:
        return [(error.path, error.message) for error in self.schema.validate(document)]


def target_schema(connector_key: str, entity: str, direction: str) -> Any:
    """The schema a collection renders into, or None when the connector declares none."""
    if direction == PULL:
        return HubTarget(entity)
    documents = get_connector(connector_key).documents
    schema = documents.get((entity, direction))
    return DocumentTarget(schema) if schema is not None else None
