"""Product push: simple, configurable (variant links) and kit products, found by SKU first.

Document: ``connectors/orocommerce/documents.py`` (PRODUCT_PUSH)::

    {"sku": "CH-1", "product_type": "simple" | "configurable" | "kit", "status": "enabled",
     "name": "Chair", "names": {"de_DE": "Stuhl"},          # default value + per localization
     "description": "...", "descriptions": {...}, "short_description": "...",
     "short_descriptions": {...}, "meta_title": "...", "meta_titles": {...},
     "meta_description": "...", "meta_descriptions": {...}, "meta_keywords": "...",
     "meta_keywords_by_locale": {...}, "slug": "chair", "slugs": {...},
     "inventory_status": "in_stock", "attribute_family": "default_family",
     "primary_unit": {"code": "item", "precision": 0, "conversion_rate": 1, "sell": true},
     "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 10, "sell": true}],
     "category": "Lighting", "brand": "Brightline", "tax_code": "TAX_STANDARD",
     "featured": false, "new_arrival": false, "availability_date": "2026-12-01",
     "weight": {"value": "2.5", "unit": "kg"}, "freight_class": "parcel",
     "dimensions": {"length": 60, "width": 40, "height": 90, "unit": "cm"},
     "attributes": {"material": "oak"},                      # the product's extend fields
     "variant_fields": ["color"], "variants": ["CH-1-RED"],     # configurable
     "kit_items": [{"label": "Base", "unit": "item", "products": ["SKU"], "optional": false,
                    "sort_order": 1, "minimum_quantity": 1, "maximum_quantity": 2}]}  # kit

The hub's own names are read too (``type``, ``units``, and ``names`` without ``name``, whose
first entry or "default" is then the default value). Localized values are in
``product_localized.py``, shipping options in ``product_shipping.py``, kit items in
``product_kit.py``.

Fields absent from the document are left as they are in OroCommerce. A repeat push of an
unchanged product costs one call (the find by SKU, with what the document manages included)
and sends no write. Values per locale other than the default need the instance's
localizations (read once per subscription); custom attributes need the product entity
structure (read once per subscription, seed 001 "Get Entity Structure by Module").

What the document lists in full is made to match on update, removals included: the extra unit
precisions (when it carries ``unit_precisions``), a configurable product's variants and a
kit's items. The PATCH replaces those to-many sets (§1.7) and OroCommerce deletes the members
dropped (``orphanRemoval``), so no delete call is needed and none of seed 001's calls is
added. Localized values of other locales and shipping options of other units are left alone:
the document does not carry them, so their absence says nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome, RecordRejected
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters import product_kit, product_localized, product_shipping
from connectors.orocommerce.adapters.base import (
    OroAdapter,
    changed,
    changed_links,
    decimal_text,
    ref,
)
from connectors.orocommerce.adapters.product_localized import (
    LOCALIZED_FIELDS,
    NAMES,
    LocalizedField,
)
from connectors.orocommerce.jsonapi import (
    Document,
    Ref,
    Resource,
    document,
    included_update,
    resource_object,
    to_many,
    to_one,
)

# Product attributes the document sets through fields of its own: not custom attributes.
MANAGED_ATTRIBUTES = frozenset(
    {"sku", "productType", "status", "featured", "newArrival", "availability_date"}
    | {"variantFields", "createdAt", "updatedAt", "id"}
)
RELATION_TYPES = frozenset(
    {"relation", "ref-one", "ref-many", "manyToOne", "oneToMany", "manyToMany", "oneToOne"}
)


class ProductPush(OroAdapter):
    entity = "product"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        current = self._current(doc["sku"], known, self.include(doc))
        if current is None:
            return self.done("created", self.client.create_product(self.create_body(doc)))
        found, resource = current
        body, notes = self.update_body(doc, found, resource)
        if body is None:
            return self.unchanged(resource)
        return self.done("updated", self.client.update_product(resource.id, body), notes)

    # --- reading --------------------------------------------------------------------------------

    @staticmethod
    def include(doc: Mapping[str, Any]) -> tuple[str, ...]:
        """What the find reads along with the product: only what the document manages, so
        the unchanged check needs no second call."""
        wanted = ["names", "unitPrecisions"]
        wanted += [
            f.relationship
            for f in LOCALIZED_FIELDS
            if f is not NAMES and product_localized.present(doc, f)
        ]
        if product_shipping.present(doc):
            wanted.append("productShippingOptions")
        if product_type(doc) == "configurable" and "variants" in doc:
            wanted += ["variantLinks", "variantLinks.product"]
        if product_type(doc) == "kit" and doc.get("kit_items"):
            wanted += product_kit.INCLUDE
        return tuple(wanted)

    def _current(
        self, sku: str, known: ExternalRef | None, include: tuple[str, ...]
    ) -> tuple[Document, Resource] | None:
        if known is not None:
            try:
                found = self.client.get_product(known.remote_id, include=include)
            except NotFound:
                found = None  # deleted in OroCommerce: find by SKU, then create
            first = found.first if found is not None else None
            if first is not None and str(first.attr("sku", "")).lower() == sku.lower():
                return found, first  # type: ignore[return-value]
        found = self.client.find_products_by_sku(sku, include=include)
        for resource in found:
            if str(resource.attr("sku", "")).lower() == sku.lower():
                self.remember("product", sku, resource.id)
                return found, resource
        return None

    # --- building --------------------------------------------------------------------------

    def attributes(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        attributes: dict[str, Any] = {"sku": doc["sku"]}
        if product_type(doc):
            attributes["productType"] = product_type(doc)
        for key, name in (
            ("status", "status"),
            ("featured", "featured"),
            ("new_arrival", "newArrival"),
            ("availability_date", "availability_date"),
        ):
            if doc.get(key) is not None:
                attributes[name] = doc[key]
        if product_type(doc) == "configurable" and doc.get("variant_fields") is not None:
            attributes["variantFields"] = list(doc["variant_fields"])
        attributes.update(self.custom_attributes(doc))
        return attributes

    def custom_attributes(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        """The document's ``attributes`` (extend fields of products, by field name), checked
        against the product entity structure so a misspelt name is named, not a 400."""
        wanted = doc.get("attributes") or {}
        if not wanted:
            return {}
        fields = self.product_fields()
        out: dict[str, Any] = {}
        for name, value in wanted.items():
            kind = fields.get(name)
            if name in MANAGED_ATTRIBUTES or kind is None or kind in RELATION_TYPES:
                reason = (
                    "is set by a field of its own in the mapping"
                    if name in MANAGED_ATTRIBUTES
                    else "is not a field of OroCommerce products"
                    if kind is None
                    else "is a relationship, not a value"
                )
                raise RecordRejected(
                    f"Product {doc['sku']!r}: the custom attribute {name!r} {reason}.",
                    hint="Create the field in OroCommerce (System > Entities > Entity "
                    "Management > Product), or correct the attribute name in the mapping, then "
                    "push again.",
                    code="unknown_product_attribute",
                )
            out[name] = float(value) if isinstance(value, Decimal) else value
        return out

    def product_fields(self) -> dict[str, str]:
        """Field name -> type of OroCommerce products, read once per subscription."""

        def load() -> dict[str, str] | None:
            structure = self.client.get_entity_structure("product").first
            fields = (structure.attr("fields") if structure else None) or []
            found = {}
            for field in fields:
                if isinstance(field, dict) and field.get("name"):
                    related = field.get("relatedEntityType") or field.get("relatedEntityName")
                    found[str(field["name"])] = "relation" if related else str(field.get("type"))
            return found or None

        return self.cached("entitystructure", "product", load) or {}

    def links(self, doc: Mapping[str, Any], *, creating: bool) -> dict[str, Ref | None]:
        """The to-one relationships the document names, resolved through cached lookups."""
        wanted: dict[str, Ref | None] = {}
        if doc.get("inventory_status") or creating:
            # Ids are the status codes (§2.1); a new product needs one.
            wanted["inventory_status"] = Ref(
                "prodinventorystatuses", doc.get("inventory_status") or "in_stock"
            )
        if doc.get("attribute_family") or creating:
            family = self.attribute_family_id(doc.get("attribute_family"))
            wanted["attributeFamily"] = Ref("attributefamilies", family)
        if "category" in doc:
            wanted["category"] = ref(
                "categories", doc["category"] and self.category_id(doc["category"])
            )
        if "brand" in doc:
            wanted["brand"] = ref("brands", doc["brand"] and self.brand_id(doc["brand"]))
        if "tax_code" in doc:
            wanted["taxCode"] = ref(
                "producttaxcodes", doc["tax_code"] and self.product_tax_code_id(doc["tax_code"])
            )
        return wanted

    def units(self, doc: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
        """Unit code -> precision attributes; the primary unit first."""
        out: dict[str, dict[str, Any]] = {}
        for unit in [doc["primary_unit"], *(doc.get("unit_precisions") or doc.get("units") or [])]:
            code = self.unit_code(str(unit["code"]))
            attributes: dict[str, Any] = {"precision": int(unit.get("precision") or 0)}
            rate = unit.get("conversion_rate")
            attributes["conversionRate"] = float(decimal_text(rate)) if rate is not None else 1.0
            attributes["sell"] = bool(unit.get("sell", True))
            out[code] = attributes
        return out

    def localized(self, doc: Mapping[str, Any]) -> dict[LocalizedField, dict[str | None, str]]:
        """Per localized field the document manages: localization id -> text."""
        out = {}
        for field in LOCALIZED_FIELDS:
            if field is NAMES or product_localized.present(doc, field):
                out[field] = product_localized.values(doc, field, self.localization_id)
        if not out[NAMES]:
            raise RecordRejected(f"Product {doc['sku']!r} has no name.", code="missing_name")
        return out

    def localization_id(self, locale: str) -> str:
        def load() -> dict[str, str] | None:
            found: dict[str, str] = {}
            for item in self.client.list_localizations():
                for attr in ("formattingCode", "languageCode", "name"):
                    value = item.attr(attr)
                    if isinstance(value, str) and value:
                        found.setdefault(value.lower().replace("-", "_"), item.id)
            return found or None

        known = self.cached("localizations", "all", load) or {}
        key = locale.lower().replace("-", "_")
        return self.require("localization", locale, known.get(key), "localization")

    def shipping(self, doc: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Ref]]:
        return product_shipping.wanted(doc, self.weight_unit, self.length_unit, self.freight_class)

    def weight_unit(self, code: str) -> str:
        def load() -> str | None:
            found = self.client.find_weight_units(code).first
            return found.id if found else None

        return self.require(
            "weight_unit", code, self.cached("weightunit", code, load), "weight unit"
        )

    def length_unit(self, code: str) -> str:
        def load() -> str | None:
            found = self.client.find_length_units(code).first
            return found.id if found else None

        return self.require(
            "length_unit", code, self.cached("lengthunit", code, load), "length unit"
        )

    def freight_class(self, code: str) -> str:
        """Freight classes have no look-up by code in seed 001: the list of options ("Get
        Attribute Options by Entity Type") is read once per subscription."""

        def load() -> list[str] | None:
            return [item.id for item in self.client.list_options("freightclasses")] or None

        known = {c.lower(): c for c in self.cached("freightclasses", "all", load) or []}
        return self.require("freight_class", code, known.get(code.lower()), "freight class")

    def product_ids(self, skus: list[str], owner: str, what: str) -> list[str]:
        if not skus:
            return []
        found = {
            str(r.attr("sku", "")).lower(): r.id for r in self.client.find_products_by_sku(skus)
        }
        missing = [s for s in skus if s.lower() not in found]
        if missing:
            raise RecordRejected(
                f"Product {owner!r} names {what} SKUs OroCommerce does not have: "
                f"{', '.join(missing)}.",
                hint=f"Push the {what} products first (they are products of their own), then "
                "push this one again.",
                code=f"unknown_{what.replace(' ', '_')}",
            )
        return [found[s.lower()] for s in skus]

    def _kit_products(self, doc: Mapping[str, Any]) -> product_kit.ProductIds:
        return lambda skus: self.product_ids(skus, doc["sku"], "kit item")

    def create_body(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        included: list[dict[str, Any]] = []
        relationships: dict[str, Any] = {
            name: to_one(target) for name, target in self.links(doc, creating=True).items()
        }
        for field, wanted in self.localized(doc).items():
            relationships[field.relationship] = product_localized.create(field, wanted, included)
        units = self.units(doc)
        unit_refs = []
        for code, attributes in units.items():
            temp = f"unit-{code}"
            unit_refs.append(Ref("productunitprecisions", temp))
            included.append(
                resource_object(
                    "productunitprecisions",
                    temp,
                    attributes=attributes,
                    relationships={"unit": to_one(("productunits", code))},
                )
            )
        relationships["unitPrecisions"] = to_many(unit_refs)
        relationships["primaryUnitPrecision"] = to_one(unit_refs[0])
        if product_shipping.present(doc):
            relationships["productShippingOptions"] = product_shipping.create(
                next(iter(units)), *self.shipping(doc), included
            )
        if product_type(doc) == "configurable":
            skus = list(doc.get("variants") or [])
            ids = self.product_ids(skus, doc["sku"], "variant")
            links = [_variant_link(n, variant, included) for n, variant in enumerate(ids)]
            if links:
                relationships["variantLinks"] = to_many(links)
        if product_type(doc) == "kit":
            relationships["kitItems"] = product_kit.create(
                doc, self._kit_products(doc), self.unit_code, included
            )
        primary = resource_object(
            "products", attributes=self.attributes(doc), relationships=relationships
        )
        return document(primary, included)

    def update_body(
        self, doc: Mapping[str, Any], found: Document, resource: Resource
    ) -> tuple[dict[str, Any] | None, list[str]]:
        """The PATCH body with only what differs, or None when nothing does."""
        notes: list[str] = []
        attributes = changed(resource.attributes, self.attributes(doc))
        relationships = changed_links(resource, self.links(doc, creating=False))
        included: list[dict[str, Any]] = []

        for field, wanted in self.localized(doc).items():
            linkage = product_localized.update(field, wanted, found, resource, included)
            if linkage is not None:
                relationships[field.relationship] = linkage

        self._update_units(doc, found, resource, relationships, included)
        if product_shipping.present(doc):
            primary = next(iter(self.units(doc)))
            linkage = product_shipping.update(
                primary, *self.shipping(doc), found, resource, included
            )
            if linkage is not None:
                relationships["productShippingOptions"] = linkage
        if product_type(doc) == "configurable" and "variants" in doc:
            linkage = self._update_variants(doc, found, resource, included)
            if linkage is not None:
                relationships["variantLinks"] = linkage
        if product_type(doc) == "kit" and doc.get("kit_items"):
            linkage = product_kit.update(
                doc, found, resource, self._kit_products(doc), self.unit_code, included
            )
            if linkage is not None:
                relationships["kitItems"] = linkage

        if not (attributes or relationships or included):
            return None, notes
        primary_object = resource_object(
            "products", resource.id, attributes=attributes, relationships=relationships
        )
        return document(primary_object, included), notes

    def _update_units(
        self,
        doc: Mapping[str, Any],
        found: Document,
        resource: Resource,
        relationships: dict[str, Any],
        included: list[dict[str, Any]],
    ) -> None:
        """Unit precisions by unit code: new units are added, changed ones updated in place.
        When the document carries its extra units, it carries all of them, so a unit it no
        longer lists is dropped from the set, and OroCommerce deletes that precision."""
        current_units = {
            p.one("unit").id: p for p in found.related(resource, "unitPrecisions") if p.one("unit")
        }
        lists_all = "unit_precisions" in doc or "units" in doc
        wanted_units = self.units(doc)
        unit_refs = [] if lists_all else [p.ref for p in current_units.values()]
        added = False
        for code, wanted in wanted_units.items():
            existing = current_units.get(code)
            if existing is None:
                temp = f"unit-{code}"
                included.append(
                    resource_object(
                        "productunitprecisions",
                        temp,
                        attributes=wanted,
                        relationships={"unit": to_one(("productunits", code))},
                    )
                )
                unit_refs.append(Ref("productunitprecisions", temp))
                added = True
            else:
                if lists_all:
                    unit_refs.append(existing.ref)
                diff = changed(existing.attributes, wanted)
                if diff:
                    included.append(included_update("productunitprecisions", existing.id, diff))
        removed = lists_all and any(code not in wanted_units for code in current_units)
        if added or removed:
            relationships["unitPrecisions"] = to_many(unit_refs)
        primary_code = next(iter(wanted_units))
        primary = current_units.get(primary_code)
        primary_ref = (
            primary.ref if primary else Ref("productunitprecisions", f"unit-{primary_code}")
        )
        if resource.one("primaryUnitPrecision") != primary_ref:
            relationships["primaryUnitPrecision"] = to_one(primary_ref)

    def _update_variants(
        self,
        doc: Mapping[str, Any],
        found: Document,
        resource: Resource,
        included: list[dict[str, Any]],
    ) -> dict[str, Any] | None:
        """The variant links to send when the variants differ (compared by SKU, read with the
        product), else None. A variant the document no longer lists is unlinked: the set is
        replaced and OroCommerce deletes the dropped link; the variant product itself stays."""
        by_sku: dict[str, Resource] = {}
        for link in found.related(resource, "variantLinks"):
            product = found.resolve(link.one("product"))
            if product is not None:
                by_sku[str(product.attr("sku", "")).lower()] = link
        skus = list(doc.get("variants") or [])
        if {s.lower() for s in skus} == set(by_sku) and len(by_sku) == len(
            resource.many("variantLinks")
        ):
            return None
        new = [s for s in skus if s.lower() not in by_sku]
        ids = dict(zip(new, self.product_ids(new, doc["sku"], "variant"), strict=True))
        refs = [
            by_sku[s.lower()].ref
            if s.lower() in by_sku
            else _variant_link(n, ids[s], included, resource.id)
            for n, s in enumerate(skus)
        ]
        return to_many(refs)


def _variant_link(
    n: int, product: str, included: list[dict[str, Any]], parent: str | None = None
) -> Ref:
    """A new variant link; on update it names its parent too, as Oro's examples do (COM
    ProductBundle/Resources/doc/api/product.md, "Specify variants")."""
    temp = f"variant-{n}"
    relationships = {"product": to_one(("products", product))}
    if parent is not None:
        relationships["parentProduct"] = to_one(("products", parent))
    included.append(
        resource_object(
            "productvariantlinks", temp, attributes={"visible": True}, relationships=relationships
        )
    )
    return Ref("productvariantlinks", temp)


def product_type(doc: Mapping[str, Any]) -> str | None:
    """``product_type`` (the connector's document) or ``type`` (the hub's)."""
    return doc.get("product_type") or doc.get("type")
