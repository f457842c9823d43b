"""The mapping engine: compile a collection's field mappings once, render records with it.

A field mapping sets one target field from one source:

- ``field``: a path in the record (``sku``, ``primary_unit.code``, ``lines[].sku``,
  ``lines[0].sku``); a path with ``[]`` gives one value per item, and the target then needs
  ``[]`` too (or is a list field, which takes the whole list);
- ``static``: a fixed value;
- ``template``: a Django template over ``record`` (``mappings.templating``);
- ``translation``: the value at a path looked up in a table (payment terms, statuses);

then a chain of transforms (``mappings.transforms``). The rendered document is checked against
the target schema (the connector's document for a push, the hub entity for a pull): types,
required fields, unknown fields. Every problem becomes a ``MappingError`` naming the target
field, its source and what is wrong, so the preview and the transfer log can show it.

``compile_collection`` does all parsing and template compilation; ``Plan.render`` only runs
the prepared functions, which is what makes 10,000 records cheap.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mappings import paths, transforms
from mappings.paths import MISSING, Path, PathError
from mappings.templating import TemplateProblem, compile_template

FIELD, STATIC, TEMPLATE, TRANSLATION = "field", "static", "template", "translation"
SOURCE_KINDS = (FIELD, STATIC, TEMPLATE, TRANSLATION)
_NUMERIC_HINT = {
    "integer": "number",
    "decimal": "decimal",
    "money": "decimal",
    "boolean": "boolean",
    "date": "date",
    "datetime": "datetime",
}


@dataclass(frozen=True)
class FieldSpec:
    """One field mapping in plain data (a ``FieldMapping`` row or a default-file entry)."""

    target: str
    kind: str = FIELD
    source: str = ""
    value: Any = None
    template: str = ""
    table: Mapping[str, Any] | None = None
    transforms: tuple[Any, ...] | list[Any] = ()
    required: bool | None = None  # None: as the target schema says
    notes: str = ""

    def describe_source(self) -> str:
        if self.kind == FIELD:
            return f"field {self.source}"
        if self.kind == STATIC:
            return f"static value {self.value!r}"
        if self.kind == TEMPLATE:
            short = self.template if len(self.template) <= 60 else self.template[:57] + "..."
            return f"template {short}"
        return f"translation of {self.source}"


@dataclass(frozen=True)
class MappingError:
    """One problem: the target field (a concrete path), where its value came from, and why."""

    field: str
    source: str
    message: str

    def __str__(self) -> str:
        where = f" (from {self.source})" if self.source else ""
        return f"{self.field}{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "source": self.source, "message": self.message}


class TargetSchema(Protocol):
    """What the engine needs of a target schema (connector document or hub entity)."""

    def field_type(self, name: str) -> tuple[str, bool] | None:
        """(type, required) of a target name, or None when the schema has no such field."""

    def check(self, document: dict[str, Any]) -> list[tuple[str, str]]:
        """Every (field path, message) wrong with a rendered document."""


class FieldSpecInvalid(ValueError):
    """A field mapping that cannot compile; ``problems`` maps a FieldSpec attribute
    (``target``, ``source``, ``template``, ``table``, ``transforms``, ``value``) to a message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in problems.items()))
        self.problems = problems


class CollectionInvalid(ValueError):
    def __init__(self, errors: list[MappingError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


class _RenderFailure(Exception):
    def __init__(self, message: str, *, with_notes: bool = False) -> None:
        self.message = message
        self.indexes: list[int] = []  # the list item it happened in, outermost first
        # A miss the mapping's own notes explain (what the table stands for, what to add).
        self.with_notes = with_notes

    def field(self, target: str) -> str:
        """The target name with the failing item's indexes: lines[] -> lines[2]."""
        for index in self.indexes:
            target = target.replace("[]", f"[{index}]", 1)
        return target


@dataclass(frozen=True)
class CompiledField:
    spec: FieldSpec
    target: Path
    source_label: str
    produce: Callable[[Any], Any]  # record -> value (a list per [] in the source)
    spreads: int
    steps: tuple[tuple[str, transforms.Transform], ...]
    required: bool
    target_type: str | None

    def render(self, record: Any) -> Any:
        value = self.produce(record)
        if self.steps:
            value = _apply(self.steps, value, self.spreads)
        return value


def _apply(steps: tuple[tuple[str, transforms.Transform], ...], value: Any, depth: int) -> Any:
    if depth:
        if isinstance(value, list):
            result = []
            for index, item in enumerate(value):
                try:
                    result.append(_apply(steps, item, depth - 1))
                except _RenderFailure as exc:
                    exc.indexes.insert(0, index)
                    raise
            return result
        if value is None or value is MISSING:
            return value  # no list to spread over: nothing to transform (nor to default)
    for name, step in steps:
        try:
            value = step(value)
        except transforms.TransformError as exc:
            message = str(exc)
            prefixed = message if message.startswith(name) else f"{name}: {message}"
            raise _RenderFailure(prefixed) from None
    return value


def _translation(table: Any) -> tuple[dict[str, Any], bool, Any]:
    if not isinstance(table, Mapping) or not isinstance(table.get("values"), Mapping):
        raise ValueError(
            'a translation table is {"values": {"source value": "target value", ...}} '
            'with an optional "default"'
        )
    extra = sorted(set(table) - {"values", "default"})
    if extra:
        raise ValueError(f"a translation table has no {', '.join(extra)}")
    values = {str(k): v for k, v in table["values"].items()}
    if not values:
        raise ValueError("the translation table is empty")
    return values, "default" in table, table.get("default")


def _table_key(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _make_translate(read: Callable[[Any], Any], table: Any, spreads: int) -> Callable:
    values, has_default, default = _translation(table)
    known = ", ".join(sorted(values)[:10]) + (" ..." if len(values) > 10 else "")

    def one(value: Any) -> Any:
        if value is None or value is MISSING:
            return value
        key = _table_key(value)
        if key in values:
            return values[key]
        if has_default:
            return default
        raise _RenderFailure(
            f"the value {key!r} is not in the translation table (known: {known})",
            with_notes=True,
        )

    def each(value: Any, depth: int) -> Any:
        if depth and isinstance(value, list):
            result = []
            for index, item in enumerate(value):
                try:
                    result.append(each(item, depth - 1))
                except _RenderFailure as exc:
                    exc.indexes.insert(0, index)
                    raise
            return result
        return one(value)

    return lambda record: each(read(record), spreads)


def compile_field(spec: FieldSpec, schema: TargetSchema | None = None) -> CompiledField:
    """Prepare one field mapping; ``FieldSpecInvalid`` names every problem with it."""
    problems: dict[str, str] = {}
    target: Path | None = None
    target_type: str | None = None
    schema_required = False
    try:
        target = paths.parse(spec.target)
    except PathError as exc:
        problems["target"] = str(exc)
    if target is not None and schema is not None:
        found = schema.field_type(spec.target)
        if found is None:
            problems["target"] = f"{spec.target!r} is not a field of the target document"
        else:
            target_type, schema_required = found
    spreads = 0
    produce: Callable[[Any], Any] | None = None
    if spec.kind in (FIELD, TRANSLATION):
        try:
            source = paths.parse(spec.source)
            spreads = source.spreads
            read = _guarded(paths.reader(source))
            if spec.kind == TRANSLATION:
                try:
                    produce = _make_translate(read, spec.table, spreads)
                except ValueError as exc:
                    problems["table"] = str(exc)
            else:
                produce = read
        except PathError as exc:
            problems["source"] = str(exc)
    elif spec.kind == STATIC:
        constant = spec.value
        produce = lambda record: constant  # noqa: E731
    elif spec.kind == TEMPLATE:
        try:
            compiled = compile_template(spec.template)
            produce = _template_producer(compiled)
        except TemplateProblem as exc:
            problems["template"] = str(exc)
    else:
        problems["kind"] = f"unknown source kind {spec.kind!r} (one of {', '.join(SOURCE_KINDS)})"
    if target is not None and spreads and target.spreads != spreads and target_type != "list":
        problems["target"] = (
            f"the source {spec.source!r} gives one value per list item ([]), so the target "
            f"needs [] too (e.g. items[].{target.text.rsplit('.', 1)[-1]}) or must be a list"
        )
    try:
        steps = transforms.chain(list(spec.transforms) if spec.transforms else None)
    except transforms.UnknownTransform as exc:
        problems["transforms"] = str(exc)
        steps = ()
    if problems:
        raise FieldSpecInvalid(problems)
    assert target is not None and produce is not None
    # The schema's "required" is enforced here for top-level targets only; a required field
    # inside an optional object or a list item is the schema check's business (it is
    # required only when its parent is there).
    top_level = "." not in spec.target and "[" not in spec.target
    required = spec.required if spec.required is not None else schema_required and top_level
    # A target list field fed by a [] source takes the whole list: transforms apply per item.
    return CompiledField(
        spec, target, spec.describe_source(), produce, spreads, steps, required, target_type
    )


def _guarded(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def produce(record: Any) -> Any:
        try:
            return read(record)
        except PathError as exc:
            raise _RenderFailure(str(exc)) from None

    return produce


def _template_producer(compiled: Any) -> Callable[[Any], Any]:
    def produce(record: Any) -> Any:
        try:
            return compiled.render(record)
        except TemplateProblem as exc:
            raise _RenderFailure(str(exc)) from None

    return produce


def _empty(value: Any) -> bool:
    return value is None or value is MISSING or value == "" or value == []


@dataclass
class RenderResult:
    document: dict[str, Any]
    errors: list[MappingError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Plan:
    """A compiled collection: reused for every record of a run."""

    fields: tuple[CompiledField, ...]
    schema: TargetSchema | None
    sources: Mapping[str, str]  # normalised target name -> source label

    def render(self, record: Any) -> RenderResult:
        document: dict[str, Any] = {}
        errors: list[MappingError] = []
        failed: set[str] = set()
        for compiled in self.fields:
            try:
                value = compiled.render(record)
            except _RenderFailure as exc:
                target = exc.field(compiled.spec.target)
                notes = compiled.spec.notes.strip() if exc.with_notes else ""
                message = f"{exc.message}; {notes}" if notes else exc.message
                errors.append(MappingError(target, compiled.source_label, message))
                failed.add(compiled.spec.target)
                continue
            if _empty(value):
                if compiled.required:
                    # The mapping's own notes say why it can come out empty, in the user's words.
                    notes = compiled.spec.notes.strip()
                    message = f"is required ({notes})" if notes else "is required"
                    errors.append(
                        MappingError(compiled.spec.target, compiled.source_label, message)
                    )
                    failed.add(compiled.spec.target)
                continue
            if isinstance(value, (dict, list)):
                # The document must not share objects with the record or a static value:
                # whoever receives it may change it.
                value = copy.deepcopy(value)
            try:
                paths.write(document, compiled.target, value)
            except (PathError, TypeError, AttributeError) as exc:
                message = str(exc) if isinstance(exc, PathError) else "conflicts with another field"
                errors.append(MappingError(compiled.spec.target, compiled.source_label, message))
        if self.schema is not None:
            for path, message in self.schema.check(document):
                normal = _normal(path)
                if normal in failed or path in failed:
                    continue  # already reported, with its cause
                source = self.sources.get(normal, "")
                errors.append(MappingError(path, source, self._explain(path, message, source)))
        return RenderResult(document, errors)

    def _explain(self, path: str, message: str, source: str) -> str:
        if message == "is required" and not source:
            return "is required (no field mapping sets it)"
        found = self.schema.field_type(_normal(path)) if self.schema is not None else None
        if found and found[0] in _NUMERIC_HINT and "got the text" in message:
            return f"{message}; add the {_NUMERIC_HINT[found[0]]} transform"
        return message


def _normal(path: str) -> str:
    return re.sub(r"\[\d*\]", "[]", path)


def compile_collection(specs: Iterable[FieldSpec], schema: TargetSchema | None = None) -> Plan:
    """Compile every field mapping once; ``CollectionInvalid`` lists every problem."""
    compiled: list[CompiledField] = []
    errors: list[MappingError] = []
    for spec in specs:
        try:
            compiled.append(compile_field(spec, schema))
        except FieldSpecInvalid as exc:
            for attribute, message in exc.problems.items():
                errors.append(
                    MappingError(spec.target, spec.describe_source(), f"{attribute}: {message}")
                )
    if errors:
        raise CollectionInvalid(errors)
    sources = {_normal(c.spec.target): c.source_label for c in compiled}
    return Plan(tuple(compiled), schema, sources)
