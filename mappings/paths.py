"""Field paths: ``sku``, ``primary_unit.code``, ``lines[0].sku``, ``lines[].sku``.

A path is parsed once into steps. Reading a path with ``[]`` gives a list (one value per
item; nested ``[]`` give nested lists); writing a target path with ``[]`` spreads such a list
over the items of the target list. A missing key reads as ``MISSING`` (the engine decides
whether that is an error); reading through a value of the wrong shape is a ``PathError``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)((?:\[\d*\])*)")
_INDEX = re.compile(r"\[(\d*)\]")


class _Missing:
    """A value that is not there (distinct from an explicit null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    # One instance only: the engine deep-copies rendered lists, and a copied marker would no
    # longer be ``MISSING`` (it would land in the document as a value).
    def __copy__(self) -> _Missing:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Missing:
        return self


MISSING: Any = _Missing()


class PathError(ValueError):
    """A malformed path, or data whose shape does not fit the path."""


@dataclass(frozen=True)
class Path:
    text: str
    steps: tuple[str | int | None, ...]  # a key, a list index, or None for "each item"

    @property
    def spreads(self) -> int:
        """How many ``[]`` the path has: the nesting depth of the lists it reads or writes."""
        return sum(1 for step in self.steps if step is None)


def parse(text: str) -> Path:
    """Parse a path; ``PathError`` names what is wrong with it."""
    text = (text or "").strip()
    if not text:
        raise PathError("the path is empty")
    steps: list[str | int | None] = []
    for part in text.split("."):
        match = _STEP.fullmatch(part)
        if not match:
            raise PathError(
                f"{text!r} is not a field path (names of letters, digits and _ joined by dots, "
                f"with [] for each item of a list or [0] for one item)"
            )
        steps.append(match.group(1))
        for index in _INDEX.findall(match.group(2)):
            steps.append(int(index) if index else None)
    return Path(text, tuple(steps))


def reader(path: Path) -> Callable[[Any], Any]:
    """A function data -> value for one path, built once and reused for every record."""
    steps = path.steps

    def read(data: Any, start: int = 0, where: str = "") -> Any:
        current = data
        for position in range(start, len(steps)):
            step = steps[position]
            if current is None or current is MISSING:
                return MISSING
            if step is None:
                if not isinstance(current, list):
                    raise PathError(f"{where or 'the record'} is not a list")
                return [read(item, position + 1, f"{where}[{i}]") for i, item in enumerate(current)]
            if isinstance(step, int):
                if not isinstance(current, list):
                    raise PathError(f"{where or 'the record'} is not a list")
                current = current[step] if step < len(current) else MISSING
                where = f"{where}[{step}]"
                continue
            if not isinstance(current, dict):
                raise PathError(f"{where or 'the record'} is not an object, so it has no {step!r}")
            current = current.get(step, MISSING)
            where = f"{where}.{step}" if where else step
        return current

    return read


def write(document: dict[str, Any], path: Path, value: Any) -> None:
    """Set ``value`` at ``path`` in ``document``, creating objects and list items on the way.
    For each ``[]`` in the path, ``value`` must be a list; its items go to the list's items
    in order. A ``MISSING`` item leaves its place unset (but the list item exists)."""
    _write(document, path.steps, value, path.text)


def _write(container: Any, steps: tuple[str | int | None, ...], value: Any, text: str) -> None:
    step, rest = steps[0], steps[1:]
    if step is None:
        if not isinstance(value, list):
            raise PathError(f"{text}: [] needs a list of values (read the source with [])")
        while len(container) < len(value):
            container.append({} if rest else None)
        for index, item in enumerate(value):
            if rest:
                _write(container[index], rest, item, text)
            elif item is not MISSING:
                container[index] = item
        return
    if isinstance(step, int):
        while len(container) <= step:
            container.append({} if rest else None)
        if rest:
            _write(container[step], rest, value, text)
        elif value is not MISSING:
            container[step] = value
        return
    if not rest:
        if value is not MISSING:
            container[step] = value
        return
    child = container.get(step)
    if child is None:
        child = [] if rest[0] is None or isinstance(rest[0], int) else {}
        container[step] = child
    _write(child, rest, value, text)
