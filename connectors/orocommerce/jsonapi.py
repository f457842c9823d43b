"""JSON:API documents for OroCommerce, built and parsed in one place.

Facts (reference/orocommerce.md): the media type is strict, with no parameters (§0.4, §1.1);
ids are strings (§1.1); related records are created or updated through ``included`` with a
temporary id or ``meta.update`` (§1.6); paging follows ``links.next`` and there is never a
``last`` link (§1.4); comma lists in filters are OR, but string, text and boolean fields refuse
them unless the resource opts in (§1.3).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors.http.errors import InvalidResponse

MEDIA_TYPE = "application/vnd.api+json"
READ_HEADERS = {"Accept": MEDIA_TYPE}
WRITE_HEADERS = {"Accept": MEDIA_TYPE, "Content-Type": MEDIA_TYPE}

OPERATORS = frozenset(
    {"eq", "neq", "lt", "lte", "gt", "gte", "exists", "neq_or_null", "contains", "starts_with"}
)

# Filters on string fields that Oro lets take comma lists (§1.3, §2.1, §2.8, §2.11); ids and
# relationships take them everywhere. Any other field given a list is refused here, before a
# 400 from the store.
COMMA_LIST_FILTERS = frozenset(
    {
        ("products", "sku"),
        ("orders", "identifier"),
        ("orders", "poNumber"),
        ("orders", "externalId"),
        ("customers", "externalId"),
        ("customerusers", "externalId"),
        ("users", "externalId"),
        ("countries", "iso2Code"),
    }
)
# Relationship filters that take one value only (§2.3: the price list of product prices).
SINGLE_VALUE_FILTERS = frozenset({("productprices", "priceList"), ("ordersubtotals", "order")})


@dataclass(frozen=True)
class Ref:
    """A resource identifier object."""

    type: str
    id: str

    def linkage(self) -> dict[str, str]:
        return {"type": self.type, "id": self.id}


@dataclass
class Resource:
    """A resource object as read from a document."""

    type: str
    id: str
    attributes: dict[str, Any] = field(default_factory=dict)
    relationships: dict[str, Ref | list[Ref] | None] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def ref(self) -> Ref:
        return Ref(self.type, self.id)

    def attr(self, name: str, default: Any = None) -> Any:
        return self.attributes.get(name, default)

    def one(self, name: str) -> Ref | None:
        """The to-one relationship ``name`` (a to-many one gives its first member)."""
        value = self.relationships.get(name)
        if isinstance(value, list):
            return value[0] if value else None
        return value

    def many(self, name: str) -> list[Ref]:
        value = self.relationships.get(name)
        if value is None:
            return []
        return value if isinstance(value, list) else [value]

    def has(self, name: str) -> bool:
        """Whether the document carried the relationship's linkage at all."""
        return name in self.relationships


def _ref(value: Any, where: str) -> Ref:
    if not isinstance(value, dict) or "type" not in value or "id" not in value:
        raise InvalidResponse(f"OroCommerce sent a relationship without type and id at {where}.")
    return Ref(str(value["type"]), str(value["id"]))


def parse_resource(item: Any, where: str = "/data") -> Resource:
    if not isinstance(item, dict) or "type" not in item or "id" not in item:
        raise InvalidResponse(f"OroCommerce sent a resource object without type and id at {where}.")
    relationships: dict[str, Ref | list[Ref] | None] = {}
    for name, value in (item.get("relationships") or {}).items():
        if not isinstance(value, dict) or "data" not in value:
            continue  # links only: the linkage was not sent (sparse fieldsets, HATEOAS)
        data = value["data"]
        if isinstance(data, list):
            relationships[name] = [
                _ref(d, f"{where}/relationships/{name}/{i}") for i, d in enumerate(data)
            ]
        elif data is None:
            relationships[name] = None
        else:
            relationships[name] = _ref(data, f"{where}/relationships/{name}")
    return Resource(
        type=str(item["type"]),
        id=str(item["id"]),
        attributes=dict(item.get("attributes") or {}),
        relationships=relationships,
        meta=dict(item.get("meta") or {}),
    )


@dataclass
class Document:
    """A parsed top-level document: primary data, ``included`` by identifier, links, meta."""

    data: list[Resource]
    single: bool
    included: dict[Ref, Resource] = field(default_factory=dict)
    links: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Resource]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)

    @property
    def first(self) -> Resource | None:
        return self.data[0] if self.data else None

    @property
    def next_url(self) -> str | None:
        """The next page's URL while more records exist (never computed: Oro has no ``last``)."""
        link = self.links.get("next")
        if isinstance(link, dict):
            link = link.get("href")
        return link if isinstance(link, str) and link else None

    def resolve(self, ref: Ref | None) -> Resource | None:
        return self.included.get(ref) if ref is not None else None

    def related(self, resource: Resource, name: str) -> list[Resource]:
        """The included records a relationship points to, in linkage order."""
        return [r for r in (self.included.get(ref) for ref in resource.many(name)) if r]

    def included_by_temp_id(self) -> dict[str, Resource]:
        """After a create: temporary client id -> the record created for it (§1.6)."""
        return {
            str(r.meta["includeId"]): r for r in self.included.values() if "includeId" in r.meta
        }


def parse_document(body: Any) -> Document:
    """Parse a JSON:API answer; anything else is an ``InvalidResponse``."""
    if not isinstance(body, dict) or "data" not in body:
        raise InvalidResponse("OroCommerce answered without a JSON:API data member.")
    data = body["data"]
    single = not isinstance(data, list)
    items = [] if data is None else ([data] if single else data)
    included = {}
    for index, item in enumerate(body.get("included") or []):
        resource = parse_resource(item, f"/included/{index}")
        included[resource.ref] = resource
    return Document(
        data=[parse_resource(item, f"/data/{i}") for i, item in enumerate(items)],
        single=single,
        included=included,
        links=dict(body.get("links") or {}),
        meta=dict(body.get("meta") or {}),
    )


# --- building ---------------------------------------------------------------------------------


def to_one(ref: Ref | tuple[str, str] | None) -> dict[str, Any]:
    if ref is None:
        return {"data": None}
    ref = ref if isinstance(ref, Ref) else Ref(*ref)
    return {"data": ref.linkage()}


def to_many(refs: Iterable[Ref | tuple[str, str]]) -> dict[str, Any]:
    return {"data": [(r if isinstance(r, Ref) else Ref(*r)).linkage() for r in refs]}


def resource_object(
    type_: str,
    id_: str | None = None,
    *,
    attributes: Mapping[str, Any] | None = None,
    relationships: Mapping[str, dict[str, Any]] | None = None,
    meta: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One resource object; ``relationships`` values come from ``to_one``/``to_many``."""
    item: dict[str, Any] = {"type": type_}
    if id_ is not None:
        item["id"] = str(id_)
    if attributes:
        item["attributes"] = dict(attributes)
    if relationships:
        item["relationships"] = dict(relationships)
    if meta:
        item["meta"] = dict(meta)
    return item


def document(primary: dict[str, Any], included: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """A request body. Included records are new ones (temporary id) or ``meta.update`` ones."""
    body: dict[str, Any] = {"data": primary}
    extra = list(included)
    if extra:
        body["included"] = extra
    return body


def included_update(type_: str, id_: str, attributes: Mapping[str, Any]) -> dict[str, Any]:
    """An existing related record changed in the same request (§1.6)."""
    return resource_object(type_, id_, attributes=attributes, meta={"update": True})


# --- query parameters ---------------------------------------------------------------------------


@dataclass
class Query:
    """The query string of one GET: filters, include, sparse fields, sort, page, meta.

    ``resource`` is the type listed, so filter values can be checked (comma lists).
    """

    resource: str
    filters: list[tuple[str, str, str]] = field(default_factory=list)
    include: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)
    sort: list[str] = field(default_factory=list)
    page_size: int | None = None
    page_number: int | None = None
    meta: list[str] = field(default_factory=list)

    def where(self, name: str, value: Any, op: str = "eq") -> Query:
        """Add ``filter[name][op]=value``; a list or tuple becomes a comma list (OR)."""
        if op not in OPERATORS:
            raise ValueError(f"unknown filter operator {op!r}")
        if isinstance(value, list | tuple | set | frozenset):
            values = [_text(v) for v in value]
            if not values:
                raise ValueError(f"filter[{name}] needs at least one value")
            if len(values) > 1 and not accepts_list(self.resource, name):
                raise ValueError(
                    f"OroCommerce does not accept a list of values for filter[{name}] on "
                    f"{self.resource}; filter one value at a time"
                )
            text = ",".join(values)
        else:
            text = _text(value)
            values = [text]
        if accepts_list(self.resource, name) and any("," in v for v in values):
            # Here a comma would split the value into a list.
            raise ValueError(f"a value of filter[{name}] cannot contain a comma: {text!r}")
        self.filters.append((name, op, text))
        return self

    def params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for name, op, value in self.filters:
            out.append((f"filter[{name}][{op}]" if op != "eq" else f"filter[{name}]", value))
        for type_, names in self.fields.items():
            out.append((f"fields[{type_}]", ",".join(names)))
        if self.include:
            out.append(("include", ",".join(self.include)))
        if self.sort:
            out.append(("sort", ",".join(self.sort)))
        if self.page_number is not None:
            out.append(("page[number]", str(self.page_number)))
        if self.page_size is not None:
            out.append(("page[size]", str(self.page_size)))
        if self.meta:
            out.append(("meta", ",".join(self.meta)))
        return out


def accepts_list(resource: str, name: str) -> bool:
    if (resource, name) in SINGLE_VALUE_FILTERS:
        return False
    if name == "id" or (resource, name) in COMMA_LIST_FILTERS:
        return True
    # Relationship filters (named like the relationship, lowerCamel, not text columns) do.
    return name in RELATION_FILTERS


# Relationship filters the client uses; their values are ids, so comma lists work (§1.3).
RELATION_FILTERS = frozenset(
    {"product", "unit", "customer", "customerUser", "country", "region", "orders", "order"}
    | {"customerGroup", "priceList", "parentProduct", "productKit"}
)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
