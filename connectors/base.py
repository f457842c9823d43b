"""The connector descriptor: what the portal knows about one external system.

Like Sentry's ``IntegrationProvider``, a descriptor is static: it says what the connector is
and offers; a subscription (one row in the portal) supplies the values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from connectors.documents import DocumentSchema
from connectors.spec import ConnectorSpec

AuthKind = Literal["authorization_code_pkce", "client_credentials"]


@dataclass(frozen=True)
class Connector:
    key: str
    name: str
    description: str
    spec: ConnectorSpec
    auth_kind: AuthKind
    versions: tuple[str, ...] = ("1.0",)
    # Short, ordered set-up steps shown on the subscription page (DECISIONS.md "Settings").
    setup_steps: tuple[str, ...] = ()
    # The seed 004 post-install checklist, shown after subscribing.
    post_install_checks: tuple[str, ...] = ()
    # (entity, direction) pairs the connector offers; direction is "push" or "pull".
    entities: tuple[tuple[str, str], ...] = field(default=())
    # The document the connector accepts (push) or produces (pull), per (entity, direction)
    # (DECISIONS.md "Hub keys and shapes"); the mapping engine validates against it.
    documents: Mapping[tuple[str, str], DocumentSchema] = field(
        default_factory=dict, hash=False, compare=False
    )
    # Package holding the default mapping collections as JSON files ("connectors.x.mappings").
    default_mappings_dir: str | None = None

    @property
    def default_version(self) -> str:
        return self.versions[-1]
