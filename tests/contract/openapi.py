"""A small validator for the OpenAPI schemas Oro's generator writes (the subset its JSON:API
document schemas use: ``$ref``, ``type``, ``required``, ``properties``,
``additionalProperties``, ``items``, ``uniqueItems``, ``enum``, ``pattern``, ``oneOf``).

The schemas are in ``fixtures/oro_jsonapi_schemas.yml``, copied from the reference. No
``jsonschema`` dependency: this is all the contract tests need.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FIXTURE = Path(__file__).with_name("fixtures") / "oro_jsonapi_schemas.yml"
REF = "#/components/schemas/"

TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


@cache
def schemas() -> dict[str, Any]:
    return yaml.safe_load(FIXTURE.read_text())


def ref(name: str) -> dict[str, Any]:
    return {"$ref": REF + name}


def problems(value: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """Every way ``value`` breaks ``schema``, each with its JSON path; [] when it conforms."""
    if "$ref" in schema:
        return problems(value, schemas()[schema["$ref"].removeprefix(REF)], where)
    if "oneOf" in schema:
        # The generator writes `type: object` beside a oneOf whose first branch is a string
        # (the `link` schema); the branches decide, as Oro's own output has string links.
        matching = [s for s in schema["oneOf"] if not problems(value, s, where)]
        return [] if len(matching) == 1 else [f"{where}: matches {len(matching)} of oneOf"]
    kind = schema.get("type")
    if kind is not None:
        wanted = TYPES[kind]
        if not isinstance(value, wanted) or (isinstance(value, bool) and bool not in wanted):
            return [f"{where}: {type(value).__name__}, expected {kind}"]
    found: list[str] = []
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{where}: {value!r} is not one of {schema['enum']}")
    if (
        "pattern" in schema
        and isinstance(value, str)
        and not re.fullmatch(schema["pattern"], value)
    ):
        found.append(f"{where}: {value!r} does not match {schema['pattern']}")
    if isinstance(value, dict):
        found += _object_problems(value, schema, where)
    if isinstance(value, list):
        for n, item in enumerate(value):
            found += problems(item, schema.get("items", {}), f"{where}[{n}]")
        if schema.get("uniqueItems") and len({repr(v) for v in value}) != len(value):
            found.append(f"{where}: items repeat")
    return found


def _object_problems(value: dict[str, Any], schema: dict[str, Any], where: str) -> list[str]:
    found = [
        f"{where}: missing {name!r}" for name in schema.get("required", ()) if name not in value
    ]
    declared = schema.get("properties", {})
    extra = schema.get("additionalProperties", True)
    for name, item in value.items():
        if name in declared:
            found += problems(item, declared[name], f"{where}.{name}")
        elif extra is False:
            found.append(f"{where}: unexpected {name!r}")
        elif isinstance(extra, dict):
            found += problems(item, extra, f"{where}.{name}")
    return found
