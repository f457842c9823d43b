"""A small, honest parser for commercetools query predicates (reference/commercetools.md §3.3).

Supported: comparisons (= != <> < <= > >=), `in (...)`, `is defined`, `is not defined`, `and`, `or`,
`not (...)`, parentheses, nested field access `a(b(c = "x"))` (arrays match when any element does),
string/number/boolean literals and `:variables`. Anything else is a syntax error, which the sandbox
answers with the real 400 `InvalidInput`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

TOKEN = re.compile(
    r'\s*(?:(?P<str>"(?:[^"\\]|\\.)*")|(?P<num>-?\d+(?:\.\d+)?)|(?P<var>:\w+)'
    r"|(?P<op><=|>=|!=|<>|=|<|>)|(?P<punct>[(),])|(?P<word>[A-Za-z_][\w.]*))"
)
Predicate = Callable[[Any], bool]


class PredicateError(ValueError):
    pass


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        found = TOKEN.match(text, pos)
        if not found or found.end() == pos:
            raise PredicateError(f"Syntax error while parsing 'where'. Unexpected input at {pos}.")
        kind = found.lastgroup or ""
        out.append((kind, found.group(kind)))
        pos = found.end()
    return out


def parse(text: str, variables: dict[str, str]) -> Predicate:
    parser = _Parser(_tokens(text), variables)
    predicate = parser.expr()
    if parser.pos != len(parser.tokens):
        raise PredicateError("Syntax error while parsing 'where'. Unexpected trailing input.")
    return predicate


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], variables: dict[str, str]) -> None:
        self.tokens, self.pos, self.variables = tokens, 0, variables

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("eof", "")

    def take(self, kind: str | None = None, value: str | None = None) -> str:
        token = self.peek()
        if (kind and token[0] != kind) or (value and token[1].lower() != value):
            raise PredicateError(f"Syntax error while parsing 'where'. Unexpected '{token[1]}'.")
        self.pos += 1
        return token[1]

    def expr(self) -> Predicate:
        left = self.term()
        while self.peek() == ("word", "or") or self.peek()[1].lower() == "or":
            self.take()
            right = self.term()
            left = (lambda a, b: lambda doc: a(doc) or b(doc))(left, right)
        return left

    def term(self) -> Predicate:
        left = self.factor()
        while self.peek()[0] == "word" and self.peek()[1].lower() == "and":
            self.take()
            right = self.factor()
            left = (lambda a, b: lambda doc: a(doc) and b(doc))(left, right)
        return left

    def factor(self) -> Predicate:
        kind, value = self.peek()
        if kind == "word" and value.lower() == "not":
            self.take()
            inner = self.factor()
            return lambda doc: not inner(doc)
        if (kind, value) == ("punct", "("):
            self.take()
            inner = self.expr()
            self.take("punct", ")")
            return inner
        field = self.take("word")
        if self.peek() == ("punct", "("):
            self.take()
            inner = self.expr()
            self.take("punct", ")")
            return lambda doc: any(
                inner(item) for item in _values(doc, field) if isinstance(item, dict)
            )
        nxt = self.peek()
        if nxt[0] == "op":
            op = self.take()
            literal = self.literal()
            return lambda doc: any(_compare(v, op, literal) for v in _values(doc, field))
        if nxt[0] == "word" and nxt[1].lower() in ("in", "not"):
            negate = nxt[1].lower() == "not" and self.peek(1)[1].lower() == "in"
            if negate:
                self.take()
            self.take("word", "in")
            self.take("punct", "(")
            options = [self.literal()]
            while self.peek() == ("punct", ","):
                self.take()
                options.append(self.literal())
            self.take("punct", ")")
            return lambda doc: any(v in options for v in _values(doc, field)) != negate
        if nxt[0] == "word" and nxt[1].lower() == "is":
            self.take()
            negate = self.peek()[1].lower() == "not"
            if negate:
                self.take()
            self.take("word", "defined")
            return lambda doc: any(v is not None for v in _values(doc, field)) != negate
        raise PredicateError(f"Syntax error while parsing 'where'. Unexpected '{nxt[1]}'.")

    def literal(self) -> Any:
        kind, value = self.peek()
        self.pos += 1
        if kind == "str":
            return bytes(value[1:-1], "utf-8").decode("unicode_escape")
        if kind == "num":
            return float(value) if "." in value else int(value)
        if kind == "var":
            name = value[1:]
            if name not in self.variables:
                raise PredicateError(
                    f"Malformed parameter: where: the variable '{name}' is not bound."
                )
            return self.variables[name]
        if kind == "word" and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise PredicateError(
            f"Syntax error while parsing 'where'. Expected a value, got '{value}'."
        )


def _values(doc: Any, field: str) -> list[Any]:
    value = doc.get(field) if isinstance(doc, dict) else None
    return value if isinstance(value, list) else [value]


def _compare(have: Any, op: str, want: Any) -> bool:
    if have is None:
        return op in ("!=", "<>")
    if isinstance(want, str) and not isinstance(have, str):
        have = str(have)
    if isinstance(want, int | float) and isinstance(have, str):
        try:
            have = float(have)
        except ValueError:
            return False
    try:
        return {
            "=": have == want,
            "!=": have != want,
            "<>": have != want,
            "<": have < want,
            "<=": have <= want,
            ">": have > want,
            ">=": have >= want,
        }[op]
    except TypeError:
        return False
