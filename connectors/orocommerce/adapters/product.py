"""Product push: simple, configurable (variant links) and kit products, found by SKU first.

Document: ``connectors/orocommerce/documents.py`` (PRODUCT_PUSH; owned by the mappings work)::

    {"sku": "CH-1", "product_type": "simple" | "configurable" | "kit", "status": "enabled",
     "name": "Chair", "names": {"de_DE": "Stuhl"},          # default value + per localization
     "inventory_status": "in_stock", "attribute_family": "default_family",
     "primary_unit": {"code": "item", "precision": 0, "conversion_rate": 1, "sell": true},
     "unit_precisions": [{"code": "set", "precision": 0, "conversion_rate": 10, "sell": true}],
     "category": "Lighting", "brand": "Brightline", "tax_code": "TAX_STANDARD",
     "featured": false, "new_arrival": false, "availability_date": "2026-12-01",
     "variant_fields": ["color"], "variants": ["CH-1-RED"],     # configurable
     "kit_items": [{"label": "Base", "unit": "item", "products": ["SKU"], "optional": false,
                    "sort_order": 1, "minimum_quantity": 1, "maximum_quantity": 2}]}  # kit

The hub's own names are read too (``type``, ``units``, and ``names`` without ``name``, whose
first entry or "default" is then the default value). Not sent yet: weight and dimensions
(productShippingOptions), descriptions, meta fields, slug and custom attributes.

Fields absent from the document are left as they are in OroCommerce. A repeat push of an
unchanged product costs one call (the find by SKU, with names and unit precisions included)
and sends no write. Names per locale other than the default need the instance's localizations
(read once per subscription). Kit items are sent on create; a changed kit's items are not
rewritten yet (a note says so).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connectors.adapters import ExternalRef, PushOutcome, RecordRejected
from connectors.http.errors import NotFound
from connectors.orocommerce.adapters.base import (
    OroAdapter,
    changed,
    changed_links,
    decimal_text,
    ref,
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

INCLUDE = ("names", "unitPrecisions", "variantLinks")
DEFAULT_LOCALE = "default"


class ProductPush(OroAdapter):
    entity = "product"

    def push(self, doc: Mapping[str, Any], known: ExternalRef | None) -> PushOutcome:
        current = self._current(doc["sku"], known)
        if current is None:
            return self.done("created", self.client.create_product(self.create_body(doc)))
        found, resource = current
        body, notes = self.update_body(doc, found, resource)
        if body is None:
            return self.unchanged(resource)
        return self.done("updated", self.client.update_product(resource.id, body), notes)

    # --- reading --------------------------------------------------------------------------------

    def _current(self, sku: str, known: ExternalRef | None) -> tuple[Document, Resource] | None:
        if known is not None:
            try:
                found = self.client.get_product(known.remote_id, include=INCLUDE)
            except NotFound:
                found = None  # deleted in OroCommerce: find by SKU, then create
            first = found.first if found is not None else None
            if first is not None and str(first.attr("sku", "")).lower() == sku.lower():
                return found, first  # type: ignore[return-value]
        found = self.client.find_products_by_sku(sku, include=INCLUDE)
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
        return attributes

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

    def names(self, doc: Mapping[str, Any]) -> dict[str | None, str]:
        """Localization id (None for the default value) -> name."""
        names = dict(doc.get("names") or {})
        if doc.get("name"):
            names = {DEFAULT_LOCALE: doc["name"], **names}
        if not names:
            raise RecordRejected(f"Product {doc['sku']!r} has no name.", code="missing_name")
        out: dict[str | None, str] = {}
        first = DEFAULT_LOCALE if DEFAULT_LOCALE in names else next(iter(names))
        out[None] = str(names[first])
        for locale, text in names.items():
            if locale != first:
                out[self.localization_id(locale)] = str(text)
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

    def variant_ids(self, doc: Mapping[str, Any]) -> list[str]:
        return self._product_ids(doc.get("variants") or [], doc["sku"], "variant")

    def _product_ids(self, skus: list[str], owner: str, what: str) -> list[str]:
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
                code=f"unknown_{what}",
            )
        return [found[s.lower()] for s in skus]

    def create_body(self, doc: Mapping[str, Any]) -> dict[str, Any]:
        included: list[dict[str, Any]] = []
        relationships: dict[str, Any] = {
            name: to_one(target) for name, target in self.links(doc, creating=True).items()
        }
        name_refs = []
        for n, (localization, text) in enumerate(self.names(doc).items()):
            temp = f"name-{n}"
            name_refs.append(Ref("productnames", temp))
            rels = (
                {"localization": to_one(ref("localizations", localization))}
                if localization
                else None
            )
            included.append(
                resource_object(
                    "productnames", temp, attributes={"string": text}, relationships=rels
                )
            )
        relationships["names"] = to_many(name_refs)
        unit_refs = []
        for code, attributes in self.units(doc).items():
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
        if product_type(doc) == "configurable":
            links = []
            for n, variant in enumerate(self.variant_ids(doc)):
                temp = f"variant-{n}"
                links.append(Ref("productvariantlinks", temp))
                included.append(
                    resource_object(
                        "productvariantlinks",
                        temp,
                        attributes={"visible": True},
                        relationships={"product": to_one(("products", variant))},
                    )
                )
            if links:
                relationships["variantLinks"] = to_many(links)
        if product_type(doc) == "kit":
            relationships["kitItems"] = to_many(self._kit_items(doc, included))
        primary = resource_object(
            "products", attributes=self.attributes(doc), relationships=relationships
        )
        return document(primary, included)

    def _kit_items(self, doc: Mapping[str, Any], included: list[dict[str, Any]]) -> list[Ref]:
        items = doc.get("kit_items") or []
        if not items:
            raise RecordRejected(
                f"Kit product {doc['sku']!r} has no kit items; OroCommerce requires at least one.",
                code="kit_without_items",
            )
        refs = []
        for n, item in enumerate(items):
            products = self._product_ids(list(item["products"]), doc["sku"], "kit item")
            label = f"kit-{n}-label"
            included.append(
                resource_object("productkititemlabels", label, attributes={"string": item["label"]})
            )
            choices = []
            for m, product in enumerate(products):
                temp = f"kit-{n}-product-{m}"
                choices.append(Ref("productkititemproducts", temp))
                included.append(
                    resource_object(
                        "productkititemproducts",
                        temp,
                        attributes={"sortOrder": m + 1},
                        relationships={"product": to_one(("products", product))},
                    )
                )
            attributes: dict[str, Any] = {
                "sortOrder": int(item.get("sort_order") or n + 1),
                "optional": bool(item.get("optional", False)),
            }
            for key, name in (
                ("minimum_quantity", "minimumQuantity"),
                ("maximum_quantity", "maximumQuantity"),
            ):
                if item.get(key) is not None:
                    attributes[name] = float(decimal_text(item[key]))
            temp = f"kit-{n}"
            refs.append(Ref("productkititems", temp))
            included.append(
                resource_object(
                    "productkititems",
                    temp,
                    attributes=attributes,
                    relationships={
                        "labels": to_many([Ref("productkititemlabels", label)]),
                        "kitItemProducts": to_many(choices),
                        "productUnit": to_one(("productunits", self.unit_code(item["unit"]))),
                    },
                )
            )
        return refs

    def update_body(
        self, doc: Mapping[str, Any], found: Document, resource: Resource
    ) -> tuple[dict[str, Any] | None, list[str]]:
        """The PATCH body with only what differs, or None when nothing does."""
        notes: list[str] = []
        attributes = changed(resource.attributes, self.attributes(doc))
        relationships = changed_links(resource, self.links(doc, creating=False))
        included: list[dict[str, Any]] = []

        # Names: change existing values in place, add the new locales (the set is replaced).
        current_names = {
            (n.one("localization").id if n.one("localization") else None): n
            for n in found.related(resource, "names")
        }
        name_refs = [n.ref for n in current_names.values()]
        added_names = False
        for localization, text in self.names(doc).items():
            existing = current_names.get(localization)
            if existing is None:
                temp = f"name-{len(name_refs)}"
                rels = (
                    {"localization": to_one(ref("localizations", localization))}
                    if localization
                    else None
                )
                included.append(
                    resource_object(
                        "productnames", temp, attributes={"string": text}, relationships=rels
                    )
                )
                name_refs.append(Ref("productnames", temp))
                added_names = True
            elif existing.attr("string") != text:
                included.append(included_update("productnames", existing.id, {"string": text}))
        if added_names:
            relationships["names"] = to_many(name_refs)

        # Unit precisions: by unit code; new units are added, changed ones updated in place.
        current_units = {
            p.one("unit").id: p for p in found.related(resource, "unitPrecisions") if p.one("unit")
        }
        unit_refs = [p.ref for p in current_units.values()]
        wanted_units = self.units(doc)
        added_units = False
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
                added_units = True
            else:
                diff = changed(existing.attributes, wanted)
                if diff:
                    included.append(included_update("productunitprecisions", existing.id, diff))
        if added_units:
            relationships["unitPrecisions"] = to_many(unit_refs)
        primary_code = next(iter(wanted_units))
        primary = current_units.get(primary_code)
        primary_ref = (
            primary.ref if primary else Ref("productunitprecisions", f"unit-{primary_code}")
        )
        if resource.one("primaryUnitPrecision") != primary_ref:
            relationships["primaryUnitPrecision"] = to_one(primary_ref)

        if product_type(doc) == "configurable" and "variants" in doc:
            links = found.related(resource, "variantLinks")
            by_product = {link.one("product").id: link for link in links if link.one("product")}
            wanted_ids = self.variant_ids(doc)
            if set(wanted_ids) != set(by_product):
                refs = []
                for n, variant in enumerate(wanted_ids):
                    if variant in by_product:
                        refs.append(by_product[variant].ref)
                        continue
                    temp = f"variant-{n}"
                    refs.append(Ref("productvariantlinks", temp))
                    included.append(
                        resource_object(
                            "productvariantlinks",
                            temp,
                            attributes={"visible": True},
                            relationships={"product": to_one(("products", variant))},
                        )
                    )
                relationships["variantLinks"] = to_many(refs)
        if product_type(doc) == "kit" and doc.get("kit_items"):
            notes.append("Kit items are set when a kit is created; changes to them are not sent.")

        if not (attributes or relationships or included):
            return None, notes
        primary_object = resource_object(
            "products", resource.id, attributes=attributes, relationships=relationships
        )
        return document(primary_object, included), notes


def product_type(doc: Mapping[str, Any]) -> str | None:
    """``product_type`` (the connector's document) or ``type`` (the hub's)."""
    return doc.get("product_type") or doc.get("type")
