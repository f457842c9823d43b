"""A product's localized values: names, descriptions, short descriptions, meta title /
description / keywords and URL slug prototypes (reference §2.1).

Each is a to-many relationship of the product whose members carry the text (``string`` or
``text``; long descriptions a ``wysiwyg`` object ``{"value", "style", "properties"}``) and a
``localization`` (null for the default value). Reference §2.1 gives descriptions ``text``, but
Oro's own API documentation (COM ``ProductBundle/Resources/doc/api/product.md`` and
``product_description.md``, create and update examples) sends ``wysiwyg``; that is followed
here. The document gives each as a
default value plus an optional per-locale map (``name`` and ``names``, ``description`` and
``descriptions``...). On create the values go in ``included`` with temporary ids; on update an
existing value is changed in place (``meta.update``) and a new locale is added, which replaces
the set with the old members plus the new one (§1.7). Locales the document does not name are
left in OroCommerce: the document may carry only the locales the hub knows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connectors.orocommerce.jsonapi import (
    Document,
    Ref,
    Resource,
    included_update,
    resource_object,
    to_many,
    to_one,
)

DEFAULT_LOCALE = "default"


@dataclass(frozen=True)
class LocalizedField:
    relationship: str  # the product's relationship, e.g. metaTitles
    type: str  # its members' resource type
    attribute: str  # "string", "text" or "wysiwyg"
    default_key: str  # the document's default value, e.g. meta_title
    locales_key: str  # the document's locale -> text map, e.g. meta_titles
    temp: str  # prefix of the temporary ids on create (unique per relationship)


NAMES = LocalizedField("names", "productnames", "string", "name", "names", "name")
LOCALIZED_FIELDS = (
    NAMES,
    LocalizedField(
        "descriptions",
        "productdescriptions",
        "wysiwyg",
        "description",
        "descriptions",
        "description",
    ),
    LocalizedField(
        "shortDescriptions",
        "productshortdescriptions",
        "text",
        "short_description",
        "short_descriptions",
        "short-description",
    ),
    LocalizedField(
        "metaTitles", "localizedfallbackvalues", "string", "meta_title", "meta_titles", "meta-title"
    ),
    LocalizedField(
        "metaDescriptions",
        "localizedfallbackvalues",
        "text",
        "meta_description",
        "meta_descriptions",
        "meta-description",
    ),
    LocalizedField(
        "metaKeywords",
        "localizedfallbackvalues",
        "text",
        "meta_keywords",
        "meta_keywords_by_locale",
        "meta-keywords",
    ),
    LocalizedField("slugPrototypes", "localizedfallbackvalues", "string", "slug", "slugs", "slug"),
)


def present(doc: Mapping[str, Any], field: LocalizedField) -> bool:
    """Whether the document manages this value at all (absent fields are left as they are)."""
    return bool(doc.get(field.default_key)) or bool(doc.get(field.locales_key))


def values(
    doc: Mapping[str, Any], field: LocalizedField, localization_id: Callable[[str], str]
) -> dict[str | None, str]:
    """Localization id (None for the default value) -> text. Without a default value the
    ``default`` entry, else the first locale's text, is the default too."""
    texts = {str(k): v for k, v in (doc.get(field.locales_key) or {}).items() if v is not None}
    if doc.get(field.default_key):
        texts = {DEFAULT_LOCALE: doc[field.default_key], **texts}
    if not texts:
        return {}
    first = DEFAULT_LOCALE if DEFAULT_LOCALE in texts else next(iter(texts))
    out: dict[str | None, str] = {None: str(texts[first])}
    for locale, text in texts.items():
        if locale != first:
            out[localization_id(locale)] = str(text)
    return out


def payload(field: LocalizedField, text: str) -> dict[str, Any]:
    """The value's attributes as OroCommerce takes them."""
    if field.attribute == "wysiwyg":
        return {"wysiwyg": {"value": text, "style": None, "properties": None}}
    return {field.attribute: text}


def text_of(field: LocalizedField, value: Resource) -> Any:
    """The text a stored value holds (a wysiwyg value's ``value``)."""
    stored = value.attr(field.attribute)
    if field.attribute == "wysiwyg":
        return stored.get("value") if isinstance(stored, dict) else None
    return stored


def _new(field: LocalizedField, temp: str, localization: str | None, text: str) -> dict[str, Any]:
    rels = {"localization": to_one(("localizations", localization))} if localization else None
    return resource_object(field.type, temp, attributes=payload(field, text), relationships=rels)


def create(
    field: LocalizedField, wanted: dict[str | None, str], included: list[dict[str, Any]]
) -> dict[str, Any]:
    """The relationship's linkage for a new product; the values are appended to ``included``."""
    refs = []
    for n, (localization, text) in enumerate(wanted.items()):
        temp = f"{field.temp}-{n}"
        refs.append(Ref(field.type, temp))
        included.append(_new(field, temp, localization, text))
    return to_many(refs)


def update(
    field: LocalizedField,
    wanted: dict[str | None, str],
    found: Document,
    resource: Resource,
    included: list[dict[str, Any]],
) -> dict[str, Any] | None:
    """Changed values go to ``included`` as updates; the linkage to send when a locale is
    added, else None."""
    current: dict[str | None, Resource] = {}
    for value in found.related(resource, field.relationship):
        localization = value.one("localization")
        current.setdefault(localization.id if localization else None, value)
    refs = [value.ref for value in current.values()]
    added = False
    for localization, text in wanted.items():
        existing = current.get(localization)
        if existing is None:
            temp = f"{field.temp}-{len(refs)}"
            included.append(_new(field, temp, localization, text))
            refs.append(Ref(field.type, temp))
            added = True
        elif text_of(field, existing) != text:
            included.append(included_update(field.type, existing.id, payload(field, text)))
    return to_many(refs) if added else None
