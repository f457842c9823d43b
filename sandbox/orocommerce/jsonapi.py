"""The back-office JSON:API of the OroCommerce sandbox (`/{admin}/api/...`).

Conventions follow `reference/orocommerce.md` §0 and §1: strict media type (415/406), empty-body
401 for a bad token, 400 (never 422) with `source.pointer` or `source.parameter`, 409 for type/id
conflicts, paging with `links.next` and never `last`, filters, sort, include, sparse fieldsets,
201 + Location.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from ..core import Request, Response
from .schema import Resource
from .seed import iso

if TYPE_CHECKING:
    from .server import OroSandbox

MEDIA_TYPE = "application/vnd.api+json"
FILTER_RE = re.compile(r"^filter\[(\w+)\](?:\[(\w+)\])?$")
OPERATORS = {"eq", "neq", "lt", "lte", "gt", "gte", "exists", "neq_or_null"}


class ApiError(Exception):
    def __init__(self, status: int, title: str, detail: str, source: dict[str, str] | None = None):
        super().__init__(detail)
        self.status, self.title, self.detail, self.source = status, title, detail, source

    def response(self) -> Response:
        error: dict[str, Any] = {
            "status": str(self.status),
            "title": self.title,
            "detail": self.detail,
        }
        if self.source:
            error["source"] = self.source
        return Response.json(self.status, {"errors": [error]}, MEDIA_TYPE)


def _bad(detail: str, title: str = "form constraint", **source: str) -> ApiError:
    return ApiError(400, title, detail, source or None)


def _parse_dt(value: str) -> datetime:
    """ISO-8601 with partial values (`2024`, `2024-05-01`, ...), as Oro's NormalizeDateTime."""
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class JsonApi:
    def __init__(self, sandbox: OroSandbox) -> None:
        self.sb = sandbox
        self.store = sandbox.store
        self.schema = sandbox.store.schema
        self.prefix = f"/{sandbox.admin_prefix}/api"

    # ------------------------------------------------------------ entry point
    def handle(self, request: Request) -> Response:
        writes = request.method in ("POST", "PATCH") or (
            request.method == "DELETE" and request.body
        )
        if writes and request.header("content-type") != MEDIA_TYPE:
            return Response(415)
        accept = request.header("accept", "*/*")
        if not self._accepts(accept):
            return Response(406)
        token = self.sb.authenticate(request)
        if token is None:
            return Response(401)  # empty body, as Oro answers a bad or expired bearer token
        try:
            with self.sb.lock:
                return self._route(request, token["org"])
        except ApiError as err:
            return err.response()

    @staticmethod
    def _accepts(accept: str) -> bool:
        for item in accept.split(","):
            media = item.strip()
            if media in (MEDIA_TYPE, "*/*", "application/*"):
                return True
        return False

    def _route(self, request: Request, org: str) -> Response:
        parts = [p for p in request.path[len(self.prefix) :].split("/") if p]
        if not parts:
            raise ApiError(404, "not found http exception", "No route found.")
        type_ = parts[0]
        if type_ == "entitystructures":
            return self._entity_structure(parts)
        resource = self.schema.get(type_)
        if resource is None:
            raise ApiError(
                404, "resource not accessible exception", "The resource is not accessible."
            )
        method = request.method
        if len(parts) == 1:
            if method == "GET":
                return self._list(request, resource, org)
            if method == "POST" and resource.writable:
                return self._create(request, resource, org)
        elif len(parts) == 2:
            if method == "GET":
                return self._get(request, resource, parts[1], org)
            if method == "PATCH" and resource.writable:
                return self._update(request, resource, parts[1], org)
            if method == "DELETE" and resource.writable:
                return self._delete(resource, parts[1], org)
        elif method == "GET" and len(parts) in (3, 4):
            if len(parts) == 4 and parts[2] != "relationships":
                raise ApiError(404, "not found http exception", "No route found.")
            return self._related(request, resource, parts[1], parts[-1], org, len(parts) == 4)
        return Response(405)

    # ------------------------------------------------------------ reading
    def _visible(self, record: dict[str, Any], org: str) -> bool:
        return record["org"] is None or record["org"] == org

    def _load(self, resource: Resource, id_: str, org: str) -> dict[str, Any]:
        record = self.store.get(resource.name, id_)
        if record is None:
            raise ApiError(404, "not found http exception", "The entity does not exist.")
        if resource.org_scoped and not self._visible(record, org):
            raise ApiError(403, "access denied exception", "No access to the entity.")
        return record

    def _get(self, request: Request, resource: Resource, id_: str, org: str) -> Response:
        record = self._load(resource, id_, org)
        return self._document(request, [record], single=True)

    def _related(
        self,
        request: Request,
        resource: Resource,
        id_: str,
        rel_name: str,
        org: str,
        ids_only: bool,
    ) -> Response:
        record = self._load(resource, id_, org)
        rel = resource.rels.get(rel_name)
        if rel is None:
            raise ApiError(404, "not found http exception", "Unsupported subresource.")
        value = record["relationships"].get(rel_name)
        refs = value if isinstance(value, list) else ([value] if value else [])
        if ids_only:
            data = [{"type": t, "id": i} for t, i in refs]
            return Response.json(
                200, {"data": data if rel.many else (data[0] if data else None)}, MEDIA_TYPE
            )
        related = [r for r in (self.store.get(*ref) for ref in refs) if r is not None]
        return self._document(request, related, single=not rel.many)

    def _list(self, request: Request, resource: Resource, org: str) -> Response:
        records = [
            r
            for r in self.store.all(resource.name)
            if not resource.org_scoped or self._visible(r, org)
        ]
        filters = self._filters(request, resource)
        for required in resource.required_filters:
            if required not in {name for name, _, _ in filters}:
                raise _bad(
                    f'The "{required}" filter is required.',
                    "filter constraint",
                    parameter=f"filter[{required}]",
                )
        for name, op, value in filters:
            records = [r for r in records if self._match(resource, r, name, op, value)]
        records = self._sort(request, resource, records)
        total = len(records)
        number, size = self._page(request)
        more = False
        if size != -1:
            start = (number - 1) * size
            more = len(records) > start + size
            records = records[start : start + size]
        links = self._paging_links(request, resource, number, size, more)
        response = self._document(request, records, single=False, links=links)
        if "totalCount" in request.header("x-include"):
            response.headers["X-Include-Total-Count"] = str(total)
        return response

    def _filters(self, request: Request, resource: Resource) -> list[tuple[str, str, str]]:
        found = []
        for key, value in request.query:
            if not key.startswith("filter["):
                continue
            parsed = FILTER_RE.match(key)
            if not parsed or parsed.group(1) not in resource.filters:
                raise _bad("The filter is not supported.", "filter constraint", parameter=key)
            op = parsed.group(2) or "eq"
            if op not in OPERATORS:
                raise _bad(
                    f'The operator "{op}" is not supported.', "filter constraint", parameter=key
                )
            kind = resource.filters[parsed.group(1)]
            if kind in ("str", "str_list", "bool", "rel", "search", "address_type") and op in (
                "lt",
                "lte",
                "gt",
                "gte",
            ):
                raise _bad(
                    f'The operator "{op}" is not supported.', "filter constraint", parameter=key
                )
            if kind == "datetime":
                for part in value.split(","):
                    try:
                        _parse_dt(part)
                    except ValueError:
                        raise _bad(
                            f'Expected datetime value. Given "{value}".',
                            "filter constraint",
                            parameter=key,
                        ) from None
            if parsed.group(1) in resource.required_filters and "," in value:
                raise _bad("Expected a single value.", "filter constraint", parameter=key)
            found.append((parsed.group(1), op, value))
        return found

    def _field_value(self, resource: Resource, record: dict[str, Any], name: str) -> list[Any]:
        if name == "id":
            return [record["id"]]
        if name in resource.rels:
            value = record["relationships"].get(name)
            refs = value if isinstance(value, list) else ([value] if value else [])
            return [ref[1] for ref in refs]
        return [record["attributes"].get(name)]

    def _match(
        self, resource: Resource, record: dict[str, Any], name: str, op: str, raw: str
    ) -> bool:
        kind = resource.filters[name]
        if kind == "search":
            haystack = " ".join(
                [
                    record["search"],
                    *(str(record["attributes"].get(a) or "") for a in resource.search),
                ]
            ).lower()
            return raw.lower() in haystack
        if kind == "address_type":
            return any(t.get("addressType") == raw for t in record["attributes"].get("types") or [])
        if name == "iso2Code":
            name = "id"
        values = self._field_value(resource, record, name)
        if op == "exists":
            present = any(v not in (None, "") for v in values)
            return present == (raw.lower() in ("true", "1", "yes"))
        # comma lists (OR) only where allowed (§1.3); elsewhere the comma is part of the value
        wanted = raw.split(",") if kind in ("id", "str_list", "rel", "datetime") else [raw]
        if kind == "id" and ".." in raw and op == "eq":
            low, high = raw.split("..", 1)
            return any(
                self._cmp(kind, v, low) >= 0 and self._cmp(kind, v, high) <= 0 for v in values
            )
        results = []
        for want in wanted:
            comparisons = [self._cmp(kind, v, want) for v in values if v is not None]
            if op == "eq":
                results.append(0 in comparisons)
            elif op in ("neq", "neq_or_null"):
                results.append(0 not in comparisons and (op == "neq_or_null" or bool(comparisons)))
            else:
                check = {
                    "lt": lambda c: c < 0,
                    "lte": lambda c: c <= 0,
                    "gt": lambda c: c > 0,
                    "gte": lambda c: c >= 0,
                }[op]
                results.append(any(check(c) for c in comparisons))
        return all(results) if op in ("neq", "neq_or_null") else any(results)

    @staticmethod
    def _cmp(kind: str, have: Any, want: str) -> int:
        if kind == "datetime":
            a, b = _parse_dt(str(have)), _parse_dt(want)
        elif kind == "bool":
            a, b = bool(have), want.lower() in ("true", "1", "yes")
        elif str(have).lstrip("-").isdigit() and want.lstrip("-").isdigit():
            a, b = int(have), int(want)
        elif kind == "str_list" or kind == "str":
            a, b = str(have).lower(), want.lower()  # Oro compares these case-insensitively
        else:
            a, b = str(have), want
        return (a > b) - (a < b)

    def _sort(
        self, request: Request, resource: Resource, records: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        spec = request.arg("sort") or "id"
        keys = []
        for item in spec.split(","):
            name = item.lstrip("-")
            if name not in resource.sorts:
                raise _bad(
                    f'Sorting by "{name}" field is not supported.',
                    "sort constraint",
                    parameter="sort",
                )
            keys.append((name, item.startswith("-")))
        for name, descending in reversed(keys):
            records = sorted(
                records, key=lambda r, n=name: self._sort_key(r, n), reverse=descending
            )
        return records

    @staticmethod
    def _sort_key(record: dict[str, Any], name: str) -> tuple[int, Any]:
        value = record["id"] if name == "id" else record["attributes"].get(name)
        if value is None:
            return (0, "")
        if isinstance(value, str) and value.isdigit():
            return (1, int(value))
        return (2, value)

    @staticmethod
    def _page(request: Request) -> tuple[int, int]:
        try:
            number = int(request.arg("page[number]", "1"))
            size = int(request.arg("page[size]", "10"))
        except ValueError:
            raise _bad("Expected integer value.", "page constraint", parameter="page") from None
        if number < 1:
            raise _bad(
                "The value should be greater than or equal to 1.",
                "page number constraint",
                parameter="page[number]",
            )
        if size < -1 or size == 0:
            raise _bad(
                "The value should be greater than or equal to -1.",
                "page size constraint",
                parameter="page[size]",
            )
        return number, size

    def _paging_links(
        self, request: Request, resource: Resource, number: int, size: int, more: bool
    ) -> dict[str, str]:
        base = f"{self.sb.base_url}{self.prefix}/{resource.name}"
        others = [(k, v) for k, v in request.query if k != "page[number]"]

        def url(page: int | None) -> str:
            query = others + ([("page[number]", str(page))] if page and page > 1 else [])
            return base + ("?" + urlencode(query) if query else "")

        links = {"self": url(number)}
        if number > 1:
            links["first"] = url(None)
            links["prev"] = url(number - 1)
        if more:
            links["next"] = url(number + 1)
        return links  # never `last` (§1.4)

    # ------------------------------------------------------------ serializing
    def _document(
        self,
        request: Request,
        records: list[dict[str, Any]],
        single: bool,
        links: dict[str, str] | None = None,
        status: int = 200,
    ) -> Response:
        fields = {
            k[7:-1]: set(v.split(","))
            for k, v in request.query
            if k.startswith("fields[") and k.endswith("]")
        }
        data = [self.serialize(r, fields) for r in records]
        body: dict[str, Any] = {"data": (data[0] if data else None) if single else data}
        include = request.arg("include")
        if include:
            included = self._included(records, include, fields)
            if included:
                body["included"] = included
        if links:
            body["links"] = links
        return Response.json(status, body, MEDIA_TYPE)

    def _included(
        self, records: list[dict[str, Any]], include: str, fields: dict[str, set[str]]
    ) -> list[dict[str, Any]]:
        seen = {(r["type"], r["id"]) for r in records}
        out: list[dict[str, Any]] = []
        for path in include.split(","):
            layer = records
            for rel_name in path.split("."):
                resource_names = {r["type"] for r in layer}
                if layer and not any(rel_name in self.schema[t].rels for t in resource_names):
                    raise _bad(
                        f'The relationship "{path}" does not exist.',
                        "value constraint",
                        parameter="include",
                    )
                next_layer = []
                for record in layer:
                    value = record["relationships"].get(rel_name)
                    for ref in value if isinstance(value, list) else ([value] if value else []):
                        related = self.store.get(*ref)
                        if related is None:
                            continue
                        next_layer.append(related)
                        if ref not in seen:
                            seen.add(ref)
                            out.append(self.serialize(related, fields))
                layer = next_layer
        return out

    def serialize(
        self, record: dict[str, Any], fields: dict[str, set[str]] | None = None
    ) -> dict[str, Any]:
        resource = self.schema[record["type"]]
        wanted = (fields or {}).get(record["type"])
        url = f"{self.sb.base_url}{self.prefix}/{record['type']}/{record['id']}"
        attributes = {}
        for name in resource.attrs:
            if wanted is None or name in wanted:
                attributes[name] = record["attributes"].get(name)
        relationships = {}
        for name, rel in resource.rels.items():
            if wanted is not None and name not in wanted:
                continue
            value = record["relationships"].get(name, [] if rel.many else None)
            if rel.many:
                data: Any = [{"type": t, "id": i} for t, i in value or []]
            else:
                data = {"type": value[0], "id": value[1]} if value else None
            relationships[name] = {
                "data": data,
                "links": {"self": f"{url}/relationships/{name}", "related": f"{url}/{name}"},
            }
        out: dict[str, Any] = {"type": record["type"], "id": record["id"], "links": {"self": url}}
        if attributes:
            out["attributes"] = attributes
        if relationships:
            out["relationships"] = relationships
        return out

    # ------------------------------------------------------------ writing
    def _body(self, request: Request) -> dict[str, Any]:
        try:
            body = request.json()
        except ValueError:
            raise _bad("The request data should not be empty.", "request data constraint") from None
        if not isinstance(body, dict) or not isinstance(body.get("data"), dict):
            raise _bad(
                "The primary data object should exist.", "request data constraint", pointer="/data"
            )
        return body

    def _create(self, request: Request, resource: Resource, org: str) -> Response:
        body = self._body(request)
        data = body["data"]
        if (data.get("meta") or {}).get("upsert"):
            # no resource the sandbox writes has a usable unique column or a client id (§1.10)
            raise _bad(
                "The upsert operation is not allowed.",
                "value constraint",
                pointer="/data/meta/upsert",
            )
        if data.get("type") != resource.name:
            raise ApiError(
                409,
                "conflict constraint",
                "The entity class must be equal to the target entity class.",
                {"pointer": "/data/type"},
            )
        response = self._write(request, resource, None, body, org)
        primary = json.loads(response.body)["data"]
        response.headers["Location"] = (
            f"{self.sb.base_url}{self.prefix}/{resource.name}/{primary['id']}"
        )
        return response

    def _update(self, request: Request, resource: Resource, id_: str, org: str) -> Response:
        body = self._body(request)
        data = body["data"]
        if data.get("type") != resource.name or str(data.get("id")) != id_:
            raise ApiError(
                409,
                "conflict constraint",
                "The entity identifier and type must match the URL.",
                {"pointer": "/data/id" if data.get("type") == resource.name else "/data/type"},
            )
        record = self._load(resource, id_, org)
        return self._write(request, resource, record, body, org)

    def _write(
        self,
        request: Request,
        resource: Resource,
        record: dict[str, Any] | None,
        body: dict[str, Any],
        org: str,
    ) -> Response:
        """Create (``record`` None) or update the primary record with its ``included`` ones:
        new related records with a temporary id, existing ones with ``meta.update`` (§1.6, on
        POST and PATCH alike). All or nothing: a 400 anywhere leaves the store as it was."""
        creating = record is None
        included = body.get("included") or []
        temp_ids: dict[tuple[str, str], str] = {}
        # included records first, so the primary one can point to them (§1.6)
        plans = []
        updates: list[tuple[int, Resource, dict[str, Any], dict[str, Any]]] = []
        for index, item in enumerate(included):
            item_resource = self.schema.get(item.get("type", ""))
            if item_resource is None or "id" not in item:
                raise _bad(
                    "The type and id are required.",
                    "request data constraint",
                    pointer=f"/included/{index}",
                )
            if (item.get("meta") or {}).get("update"):
                # an existing related record updated in the same request (§1.6)
                existing = self._load(item_resource, str(item["id"]), org)
                updates.append((index, item_resource, item, existing))
                continue
            temp_ids[(item["type"], str(item["id"]))] = self.store.next_id(item["type"])
            self.store.add(item["type"], temp_ids[(item["type"], str(item["id"]))], org=org)
            plans.append((index, item_resource, item))
        if record is None:
            new_id = self.store.next_id(resource.name)
            record = self.store.add(resource.name, new_id, org=org if resource.org_scoped else None)
        primary = record
        changed = [(resource, primary)] + [(r, existing) for _, r, _, existing in updates]
        snapshots = [
            (rec, dict(rec["attributes"]), _copy_rels(rec["relationships"])) for _, rec in changed
        ]
        try:
            self._apply(resource, primary, body["data"], "/data", temp_ids, creating=creating)
            for index, item_resource, item in plans:
                new = self.store.get(item_resource.name, temp_ids[(item["type"], str(item["id"]))])
                if not item_resource.org_scoped:
                    new["org"] = None
                self._apply(
                    item_resource,
                    new,
                    item,
                    f"/included/{index}",
                    temp_ids,
                    creating=True,
                    parent=primary,
                )
            for index, item_resource, item, existing in updates:
                self._apply(
                    item_resource, existing, item, f"/included/{index}", temp_ids, creating=False
                )
        except ApiError:
            for rec, attributes, relationships in snapshots:
                rec["attributes"], rec["relationships"] = attributes, relationships
            if creating:
                self.store.records[resource.name].pop(primary["id"], None)
            for (type_, _), real in temp_ids.items():
                self.store.records[type_].pop(real, None)
            raise
        for (item_resource, rec), (_, _, before) in zip(changed, snapshots, strict=True):
            removed = _removed(rec["relationships"], before)
            self._after_write(rec)
            self.store.link_inverses(rec, removed)
            for name, refs in removed.items():
                if item_resource.rels[name].orphans:
                    for ref in refs:
                        self._remove_orphan(ref)
        for (type_, _), real in temp_ids.items():
            new = self.store.get(type_, real)
            self._after_write(new)
            self.store.link_inverses(new)
        response = self._document(request, [primary], single=True, status=201 if creating else 200)
        if included:
            payload = json.loads(response.body)
            payload["included"] = []
            for (type_, temp), real in temp_ids.items():
                item = self.serialize(self.store.get(type_, real))
                item["meta"] = {"includeId": temp}
                payload["included"].append(item)
            for *_, existing in updates:
                item = self.serialize(existing)
                item["meta"] = {"includeId": existing["id"]}
                payload["included"].append(item)
            response = Response.json(response.status, payload, MEDIA_TYPE)
        return response

    def _remove_orphan(self, ref: tuple[str, str]) -> None:
        """Delete a record dropped from an ``orphans`` relationship, and its own orphans."""
        record = self.store.get(*ref)
        if record is None:
            return
        for name, rel in self.schema[ref[0]].rels.items():
            value = record["relationships"].get(name)
            if rel.orphans:
                for child in value if isinstance(value, list) else [value] if value else []:
                    self._remove_orphan(child)
        self._delete(self.schema[ref[0]], ref[1], record["org"] or "")

    def _delete(self, resource: Resource, id_: str, org: str) -> Response:
        record = self._load(resource, id_, org)
        removed = {
            name: (v if isinstance(v, list) else [v])
            for name, v in record["relationships"].items()
            if v
        }
        record["relationships"] = {}
        self.store.link_inverses(record, removed)
        del self.store.records[resource.name][id_]
        return Response(204)

    def _apply(
        self,
        resource: Resource,
        record: dict[str, Any],
        data: dict[str, Any],
        pointer: str,
        temp_ids: dict[tuple[str, str], str],
        creating: bool,
        parent: dict[str, Any] | None = None,
    ) -> None:
        attributes = data.get("attributes") or {}
        for name, value in attributes.items():
            if name == "password" and resource.name == "customerusers":
                continue  # write-only; the sandbox keeps no customer user passwords
            kind = resource.attrs.get(name)
            if kind is None:
                raise _bad(
                    f'The "{name}" field does not exist.',
                    "extra fields constraint",
                    pointer=f"{pointer}/attributes/{name}",
                )
            if name in resource.readonly and not (creating and name == "createdAt"):
                continue  # read-only fields are silently ignored (§1.7)
            record["attributes"][name] = self._coerce(kind, value, f"{pointer}/attributes/{name}")
        for name, value in (data.get("relationships") or {}).items():
            rel = resource.rels.get(name)
            if rel is None:
                raise _bad(
                    f'The "{name}" field does not exist.',
                    "extra fields constraint",
                    pointer=f"{pointer}/relationships/{name}",
                )
            if rel.readonly or (not creating and name in resource.readonly):
                continue
            linkage = value.get("data") if isinstance(value, dict) else None
            items = linkage if isinstance(linkage, list) else ([linkage] if linkage else [])
            if rel.many != isinstance(linkage, list) and linkage is not None:
                raise _bad(
                    "Invalid relationship data.",
                    "form constraint",
                    pointer=f"{pointer}/relationships/{name}/data",
                )
            refs = []
            for n, item in enumerate(items):
                ref = self._resolve(
                    item,
                    rel.target,
                    temp_ids,
                    f"{pointer}/relationships/{name}/data" + (f"/{n}" if rel.many else ""),
                )
                refs.append(ref)
            record["relationships"][name] = refs if rel.many else (refs[0] if refs else None)
        if parent is not None:
            # an included record is connected to the primary one through the primary's relationships
            for name, rel in self.schema[parent["type"]].rels.items():
                value = parent["relationships"].get(name)
                refs = value if isinstance(value, list) else [value] if value else []
                if (record["type"], record["id"]) in refs and rel.inverse:
                    inverse = resource.rels.get(rel.inverse)
                    if inverse and not record["relationships"].get(rel.inverse):
                        me = (parent["type"], parent["id"])
                        record["relationships"][rel.inverse] = [me] if inverse.many else me
        if creating:
            for name in resource.required:
                present = (
                    record["attributes"].get(name)
                    if name in resource.attrs
                    else record["relationships"].get(name)
                )
                if present in (None, "", []):
                    section = "attributes" if name in resource.attrs else "relationships"
                    raise _bad(
                        "This value should not be blank.",
                        "not blank constraint",
                        pointer=f"{pointer}/{section}/{name}",
                    )
        self._validate(resource, record, pointer)

    def _resolve(
        self, item: Any, target: str, temp_ids: dict[tuple[str, str], str], pointer: str
    ) -> tuple[str, str]:
        if not isinstance(item, dict) or "type" not in item or "id" not in item:
            raise _bad("The type and id are required.", "form constraint", pointer=pointer)
        type_, id_ = item["type"], str(item["id"])
        if type_ != target:
            raise _bad(f"Acceptable types: {target}.", "form constraint", pointer=pointer)
        if (type_, id_) in temp_ids:
            return (type_, temp_ids[(type_, id_)])
        if self.store.get(type_, id_) is None:
            raise _bad("The entity does not exist.", "form constraint", pointer=pointer)
        return (type_, id_)

    @staticmethod
    def _coerce(kind: str, value: Any, pointer: str) -> Any:
        if value is None:
            return None
        ok = {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, int | float) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
            "array": isinstance(value, list),
            "object": isinstance(value, dict),
        }
        if kind == "money":
            try:
                return f"{Decimal(str(value)):.4f}"  # accepted as a number, returned as a string
            except InvalidOperation:
                raise _bad(
                    "This value should be of type numeric.", "form constraint", pointer=pointer
                ) from None
        if kind in ("datetime", "date"):
            try:
                moment = _parse_dt(str(value))
            except ValueError:
                raise _bad(
                    "This value is not a valid datetime.", "form constraint", pointer=pointer
                ) from None
            return iso(moment) if kind == "datetime" else moment.date().isoformat()
        if kind == "float" and ok["float"]:
            return float(value)
        if not ok.get(kind, True):
            raise _bad(f"This value should be of type {kind}.", "form constraint", pointer=pointer)
        return value

    def _validate(self, resource: Resource, record: dict[str, Any], pointer: str) -> None:
        attrs = record["attributes"]
        if resource.name == "customerusers" and attrs.get("email") and "@" not in attrs["email"]:
            raise _bad(
                "This value is not a valid email address.",
                "email constraint",
                pointer=f"{pointer}/attributes/email",
            )
        if resource.name == "products" and attrs.get("sku"):
            clash = [
                r
                for r in self.store.all("products")
                if r is not record
                and r["attributes"].get("sku", "").lower() == attrs["sku"].lower()
                and r["org"] == record["org"]
            ]
            if clash:
                raise _bad(
                    "This value is already used.",
                    "unique entity constraint",
                    pointer=f"{pointer}/attributes/sku",
                )
        if resource.name == "productprices" and attrs.get("currency"):
            price_list = record["relationships"].get("priceList")
            if price_list:
                currencies = (
                    self.store.get(*price_list)["attributes"].get("priceListCurrencies") or []
                )
                if attrs["currency"] not in currencies:
                    raise _bad(
                        "Currency is not supported by the price list.",
                        "product price currency constraint",
                        pointer=f"{pointer}/attributes/currency",
                    )

    def _after_write(self, record: dict[str, Any]) -> None:
        resource = self.schema[record["type"]]
        now = iso(datetime.fromtimestamp(self.sb.now(), UTC))
        if "updatedAt" in resource.attrs:
            record["attributes"]["updatedAt"] = now
            record["attributes"].setdefault("createdAt", now)
            if record["attributes"]["createdAt"] is None:
                record["attributes"]["createdAt"] = now
        for name in resource.attrs:
            record["attributes"].setdefault(name, None)
        for name, rel in resource.rels.items():
            record["relationships"].setdefault(name, [] if rel.many else None)
        if resource.name == "productprices" and "-" not in record["id"]:
            # productprice ids are "<uuid>-<priceListId>" (§2.3)
            new_id = f"{uuid.uuid4()}-{record['relationships']['priceList'][1]}"
            del self.store.records["productprices"][record["id"]]
            record["id"] = new_id
            self.store.records["productprices"][new_id] = record
        if resource.name == "orderlineitems":
            unit = record["relationships"].get("productUnit")
            record["attributes"]["productUnitCode"] = unit[1] if unit else None
            product = record["relationships"].get("product")
            if product and not record["attributes"].get("productSku"):
                record["attributes"]["productSku"] = self.store.get(*product)["attributes"]["sku"]
        record["search"] = (
            " ".join(str(record["attributes"].get(a) or "") for a in resource.search)
            or record["search"]
        )

    # ------------------------------------------------------------ entity structures
    def _entity_structure(self, parts: list[str]) -> Response:
        if len(parts) != 2:
            raise ApiError(404, "not found http exception", "No route found.")
        module = parts[1]
        plural = {
            "product": "products",
            "productprice": "productprices",
            "customeruser": "customerusers",
            "customeraddress": "customeraddresses",
            "customeruseraddress": "customeruseraddresses",
            "productkititem": "productkititems",
            "order": "orders",
            "customer": "customers",
            "orderlineitem": "orderlineitems",
        }.get(module, module)
        resource = self.schema.get(plural)
        if resource is None:
            raise ApiError(404, "not found http exception", "The entity does not exist.")
        fields = [
            {
                "name": "id",
                "type": "integer" if resource.int_ids else "string",
                "isIdentifier": True,
                "isReadOnly": True,
            }
        ]
        fields += [
            {
                "name": n,
                "type": k,
                "isIdentifier": False,
                "isReadOnly": n in resource.readonly,
                "isRequired": n in resource.required,
            }
            for n, k in resource.attrs.items()
        ]
        fields += [
            {
                "name": n,
                "type": "relation",
                "relatedEntityType": r.target,
                "isCollection": r.many,
                "isReadOnly": r.readonly or n in resource.readonly,
                "isRequired": n in resource.required,
            }
            for n, r in resource.rels.items()
        ]
        data = {
            "type": "entitystructures",
            "id": module,
            "attributes": {
                "label": module,
                "pluralLabel": plural,
                "alias": module,
                "pluralAlias": plural,
                "fields": fields,
            },
        }
        return Response.json(200, {"data": data}, MEDIA_TYPE)


def _copy_rels(relationships: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, list) else v) for k, v in relationships.items()}


def _removed(after: dict[str, Any], before: dict[str, Any]) -> dict[str, list[Any]]:
    """Per relationship, the members a write dropped."""
    removed = {}
    for name, old in before.items():
        value = after.get(name)
        if isinstance(old, list):
            gone = [r for r in old if r not in (value or [])]
            if gone:
                removed[name] = gone
        elif old and old != value:
            removed[name] = [old]
    return removed
