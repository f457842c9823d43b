"""Preview: render one record through a collection and show the document or the exact errors,
without calling the store."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from mappings.compiled import compiled_plan
from mappings.engine import CollectionInvalid, MappingError
from mappings.models import MappingCollection
from mappings.schemas import PUSH


@dataclass
class PreviewResult:
    source: Any = None
    document: dict[str, Any] | None = None
    errors: list[MappingError] = field(default_factory=list)

    @property
    def document_json(self) -> str:
        return json.dumps(self.document, indent=2, sort_keys=False, default=str)

    @property
    def source_json(self) -> str:
        return json.dumps(self.source, indent=2, default=str)


def _error(message: str, field_name: str = "") -> PreviewResult:
    return PreviewResult(errors=[MappingError(field_name, "", message)])


def preview(
    collection: MappingCollection, *, record_key: str = "", document_json: str = ""
) -> PreviewResult:
    """Render a hub record (by key) or a pasted JSON document through ``collection``."""
    if document_json.strip():
        try:
            source = json.loads(document_json)
        except ValueError as exc:
            return _error(f"The pasted document is not JSON: {exc}.")
        if not isinstance(source, dict):
            return _error("The pasted document must be a JSON object.")
    elif record_key.strip():
        from hub.models import Record

        record = Record.objects.filter(entity=collection.entity, key=record_key.strip()).first()
        if record is None:
            return _error(f"No hub {collection.entity} has the key {record_key.strip()!r}.")
        source = record.data
    else:
        what = "a hub record key" if collection.direction == PUSH else "a store document"
        return _error(f"Give {what} to preview.")
    try:
        plan = compiled_plan(collection)
    except CollectionInvalid as exc:
        return PreviewResult(source=source, errors=exc.errors)
    result = plan.render(source)
    return PreviewResult(source=source, document=result.document, errors=result.errors)
