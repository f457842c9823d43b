"""The two staff roles and what each may do.

Integration managers run subscriptions, settings and mappings. Support reads subscriptions
(without credentials), reads transfers and logs and retries failed records. Permissions of
models that do not exist yet are skipped and granted on the migrate that creates them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

INTEGRATION_MANAGERS = "Integration managers"
SUPPORT = "Support"

# app label -> actions per role. "*" means add, change, delete and view on every model.
ROLE_GRANTS: dict[str, dict[str, tuple[str, ...]]] = {
    INTEGRATION_MANAGERS: {
        "subscriptions": ("*",),
        "hub": ("*",),
        "mappings": ("*",),
    },
    SUPPORT: {
        "subscriptions": ("view_subscription",),
        "hub": ("view_*",),
        "mappings": (
            "view_mappingcollection",
            "view_fieldmapping",
            "view_transfer",
            "view_transferlogline",
            "view_pullstate",
            "retry_transfer",
        ),
    },
}


def _permissions_for(app_label: str, patterns: tuple[str, ...], using: str) -> list[Permission]:
    perms = Permission.objects.using(using).filter(content_type__app_label=app_label)
    chosen = []
    for perm in perms:
        for pattern in patterns:
            if (
                pattern == "*"
                or perm.codename == pattern
                or (pattern.endswith("*") and perm.codename.startswith(pattern[:-1]))
            ):
                chosen.append(perm)
                break
    return chosen


def sync_roles(sender: Any = None, **kwargs: Any) -> None:
    """Create both groups and grant their permissions; idempotent, safe on every migrate."""
    using = kwargs.get("using", "default")
    for name, grants in ROLE_GRANTS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted = []
        for app_label, patterns in grants.items():
            wanted.extend(_permissions_for(app_label, patterns, using))
        group.permissions.add(*wanted)
