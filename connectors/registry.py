"""The one list of connectors. Adding a connector is one line here plus its folder."""

from __future__ import annotations

from connectors.base import Connector
from connectors.commercetools.spec import CONNECTOR as COMMERCETOOLS
from connectors.orocommerce.spec import CONNECTOR as OROCOMMERCE

_CONNECTORS: dict[str, Connector] = {c.key: c for c in (OROCOMMERCE, COMMERCETOOLS)}


class UnknownConnector(LookupError):
    pass


def get_connector(key: str) -> Connector:
    try:
        return _CONNECTORS[key]
    except KeyError:
        raise UnknownConnector(f"No connector named {key!r}.") from None


def all_connectors() -> tuple[Connector, ...]:
    return tuple(_CONNECTORS.values())


def choices() -> list[tuple[str, str]]:
    return [(c.key, c.name) for c in _CONNECTORS.values()]
