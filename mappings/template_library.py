"""The one template library mapping templates get (DECISIONS.md "Mapping templates").

An allow-list: the control tags ``if``, ``for``, ``with``, ``firstof``, ``comment`` and a few
filters that only reshape text, numbers and lists. Nothing here reads files, the database,
the clock or settings, so a template's output depends on the record alone (a repeat push of
an unchanged record renders the same document; that is what ``last_pushed_hash`` relies on).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaultfilters, defaulttags

register = template.Library()

register.tag("if", defaulttags.do_if)
register.tag("for", defaulttags.do_for)
register.tag("with", defaulttags.do_with)
register.tag("firstof", defaulttags.firstof)
register.tag("comment", defaulttags.comment)

for _name in (
    "upper",
    "lower",
    "title",
    "capfirst",
    "default",
    "default_if_none",
    "join",
    "first",
    "last",
    "length",
    "slice",
    "truncatechars",
    "yesno",
    "cut",
    "add",
    "floatformat",
    "stringformat",
    "slugify",
):
    register.filter(_name, getattr(defaultfilters, _name if _name != "slice" else "slice_filter"))


@register.filter
def trim(value: Any) -> str:
    """Leading and trailing white space removed."""
    return str(value).strip()


@register.filter
def replace(value: Any, arg: str) -> str:
    """``{{ v|replace:"old|new" }}``: every "old" replaced by "new"."""
    old, _, new = str(arg).partition("|")
    return str(value).replace(old, new)
