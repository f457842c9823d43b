"""Mapping templates: Django's template language through a locked-down engine.

DECISIONS.md "Mapping templates": an ``Engine`` whose ``default_builtins`` is replaced by one
allow-listed library (``mappings.template_library``), ``autoescape=False``, no loaders, no
libraries (so ``{% load %}``, ``{% include %}``, ``{% debug %}`` and ``{% now %}`` are unknown
tags), and a ``string_if_invalid`` marker so that a missing variable is an error naming it.

One more lock: variables resolve only through dictionary keys and list indexes. Django's own
lookup falls back to ``getattr`` and calls what it finds, so ``{{ record.items }}`` would call
``dict.items`` and ``{{ record.lines.clear }}`` would empty a list. Here any such walk is simply
a missing field. Names starting with ``_`` (``__class__``, ``_meta``) are refused by Django
when the template is compiled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.template import Context, Engine, Template, TemplateSyntaxError
from django.template.base import (
    DebugLexer,
    FilterExpression,
    Lexer,
    Parser,
    Variable,
    VariableDoesNotExist,
)

# Never produced by a record (NUL bytes), so finding it in the output means "missing".
_MARK = "\x00missing:"
MISSING_MARKER = _MARK + "%s\x00"
_FIND_MISSING = re.compile(re.escape(_MARK) + r"([^\x00]*)\x00")
# Filters that exist to replace a missing value: with them a missing field is not an error.
_TOLERANT_FILTERS = {"default", "default_if_none"}
# Variable names a template may start from; anything else is a mistake worth naming early.
ROOT_NAMES = ("record",)


class TemplateProblem(ValueError):
    """A template that does not compile or does not render, in plain words."""


class SafeVariable(Variable):
    """A variable that walks dictionaries and lists only: no attributes, no calls."""

    __slots__ = ()

    def _resolve_lookup(self, context: Any) -> Any:
        current: Any = context
        for bit in self.lookups:
            if isinstance(current, (Context, dict)):
                try:
                    current = current[bit]
                    continue
                except KeyError:
                    pass
            elif isinstance(current, list) and bit.isdigit() and int(bit) < len(current):
                current = current[int(bit)]
                continue
            raise VariableDoesNotExist("no field %s in %s", (bit, self.var))
        return current


class SafeFilterExpression(FilterExpression):
    def __init__(self, token: str, parser: Parser) -> None:
        super().__init__(token, parser)
        if isinstance(self.var, Variable):
            self.var.__class__ = SafeVariable
        for _func, args in self.filters:
            for lookup, arg in args:
                if lookup:
                    arg.__class__ = SafeVariable
        self.tolerant = any(
            getattr(func, "_filter_name", None) in _TOLERANT_FILTERS for func, _ in self.filters
        )

    def resolve(self, context: Any, ignore_failures: bool = False) -> Any:
        return super().resolve(context, ignore_failures=ignore_failures or self.tolerant)


class SafeParser(Parser):
    def compile_filter(self, token: str) -> FilterExpression:
        return SafeFilterExpression(token, self)


class MappingTemplate(Template):
    def compile_nodelist(self) -> Any:
        lexer = DebugLexer(self.source) if self.engine.debug else Lexer(self.source)
        parser = SafeParser(
            lexer.tokenize(),
            self.engine.template_libraries,
            self.engine.template_builtins,
            self.origin,
        )
        nodelist = parser.parse()
        self.extra_data = parser.extra_data
        return nodelist


class MappingEngine(Engine):
    default_builtins = ["mappings.template_library"]

    def __init__(self) -> None:
        super().__init__(
            dirs=[],
            app_dirs=False,
            context_processors=[],
            debug=False,
            loaders=[],
            string_if_invalid=MISSING_MARKER,
            libraries={},
            builtins=[],
            autoescape=False,
        )

    def from_string(self, template_code: str) -> MappingTemplate:
        return MappingTemplate(template_code, engine=self)


_ENGINE: MappingEngine | None = None


def engine() -> MappingEngine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = MappingEngine()
    return _ENGINE


@dataclass(frozen=True)
class CompiledTemplate:
    source: str
    template: MappingTemplate

    def render(self, record: Any) -> str:
        """Render against one record; ``TemplateProblem`` names a missing field."""
        try:
            output = self.template.render(Context({"record": record}, autoescape=False))
        except VariableDoesNotExist as exc:  # a filter argument that is not there
            raise TemplateProblem(f"no such field: {exc.params[1]}") from None
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise TemplateProblem(f"the template failed: {exc}") from None
        if _MARK in output:
            names = sorted(set(_FIND_MISSING.findall(output)))
            raise TemplateProblem(
                "no such field: " + ", ".join(names) + " (templates read the record's fields "
                'only; use |default:"" for a field that may be absent)'
            )
        return output


def compile_template(source: str) -> CompiledTemplate:
    """Compile once; ``TemplateProblem`` says why a template is refused."""
    if not isinstance(source, str) or not source.strip():
        raise TemplateProblem("the template is empty")
    try:
        compiled = engine().from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(_explain(str(exc))) from None
    unknown = sorted(_unknown_roots(compiled))
    if unknown:
        raise TemplateProblem(
            f"unknown name {', '.join(unknown)}: a template reads the record as "
            f"record.field, e.g. {{{{ record.sku }}}}"
        )
    return CompiledTemplate(source, compiled)


def _explain(message: str) -> str:
    if message.startswith("Invalid block tag"):
        tag = re.search(r"'([^']+)'", message)
        name = tag.group(1) if tag else "?"
        return (
            f"the tag {{% {name} %}} is not available in mapping templates "
            f"(allowed: if, for, with, firstof, comment)"
        )
    if message.startswith("Invalid filter"):
        return f"{message} (mapping templates allow: {', '.join(sorted(allowed_filters()))})"
    if "may not begin with underscores" in message:
        return f"{message}: templates cannot reach Python internals"
    return message


def allowed_filters() -> list[str]:
    return sorted(engine().template_builtins[0].filters)


def _unknown_roots(template: MappingTemplate) -> set[str]:
    """First names of variables that are neither ``record`` nor bound by a tag inside the
    template (``for x in``, ``with x=``): a typo such as ``{{ recrod.sku }}``."""
    bound: set[str] = set(ROOT_NAMES) | {"forloop"}
    used: set[str] = set()
    for node in template.nodelist.get_nodes_by_type(object):  # type: ignore[arg-type]
        bound.update(getattr(node, "loopvars", ()) or ())
        bound.update((getattr(node, "extra_context", None) or {}).keys())
        for expression in _expressions(node):
            if isinstance(expression.var, Variable) and expression.var.lookups:
                used.add(expression.var.lookups[0])
    return used - bound


def _expressions(node: Any) -> list[FilterExpression]:
    found = []
    for value in vars(node).values():
        if isinstance(value, FilterExpression):
            found.append(value)
        elif isinstance(value, (list, tuple)):
            found.extend(v for v in value if isinstance(v, FilterExpression))
    for condition, _ in getattr(node, "conditions_nodelists", ()):
        found.extend(_condition_expressions(condition))
    return found


def _condition_expressions(condition: Any) -> list[FilterExpression]:
    if condition is None:
        return []
    if isinstance(getattr(condition, "value", None), FilterExpression):
        return [condition.value]
    return _condition_expressions(getattr(condition, "first", None)) + _condition_expressions(
        getattr(condition, "second", None)
    )
