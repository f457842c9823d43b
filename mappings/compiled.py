"""Compiled plans, cached per (collection, version): a run compiles its collection once, and
an edit (which bumps the version) is picked up by the next run."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from mappings.engine import Plan, compile_collection
from mappings.models import MappingCollection

_CACHE: OrderedDict[tuple[Any, ...], Plan] = OrderedDict()
_LOCK = threading.Lock()
_SIZE = 256


def compiled_plan(collection: MappingCollection) -> Plan:
    """The collection's plan; ``CollectionInvalid`` lists every field mapping that does not
    compile."""
    # created_at too: SQLite may give a deleted collection's id to a new one.
    key = (collection.pk, collection.created_at, collection.version)
    with _LOCK:
        plan = _CACHE.get(key)
        if plan is not None:
            _CACHE.move_to_end(key)
            return plan
    plan = compile_collection(collection.specs(), collection.target_schema())
    with _LOCK:
        _CACHE[key] = plan
        while len(_CACHE) > _SIZE:
            _CACHE.popitem(last=False)
    return plan


def clear() -> None:
    with _LOCK:
        _CACHE.clear()
