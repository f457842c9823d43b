"""The commercetools sandbox: client-credentials auth and the HTTP API under `/{projectKey}/`.

Conventions follow `reference/commercetools.md` §2 and §3: `{statusCode, message, errors}` bodies,
`limit` 0..500 and `offset` 0..10000, `where` predicates with `var.*`, versions and 409
`ConcurrentModification` with `currentVersion`, `/key=` routes, update actions.
One server answers both sides: the auth URL is `base_url` (token at `/oauth/token`) and the API
URL is `base_url` (resources at `/{projectKey}/...`); both are configurable in the portal.
"""

from __future__ import annotations

import base64
import contextlib
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from ..core import Request, Response, Sandbox
from . import actions
from .predicates import PredicateError, parse
from .seed import seed

DEMO_PROJECT_KEY = "sandbox-demo"
DEMO_CLIENT_ID = "sandbox-demo-ct-client"
DEMO_CLIENT_SECRET = "sandbox-demo-ct-secret"

# resource -> (read scopes, write scopes); manage_project covers everything (§2 table)
SCOPES = {
    "products": (("view_products",), ("manage_products",)),
    "product-projections": (("view_products", "view_published_products"), ()),
    "product-types": (
        ("view_product_types", "view_products"),
        ("manage_product_types", "manage_products"),
    ),
    "categories": (("view_categories", "view_products"), ("manage_categories", "manage_products")),
    "standalone-prices": (("view_standalone_prices",), ("manage_standalone_prices",)),
    "customers": (("view_customers",), ("manage_customers",)),
    "customer-groups": (
        ("view_customer_groups", "view_customers"),
        ("manage_customer_groups", "manage_customers"),
    ),
    "orders": (("view_orders",), ("manage_orders",)),
    "tax-categories": (
        ("view_tax_categories", "view_products"),
        ("manage_tax_categories", "manage_products"),
    ),
}
ALL_PERMISSIONS = sorted({"manage_project"} | {s for r, w in SCOPES.values() for s in (*r, *w)})


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.extra = status, code, message, extra

    def response(self) -> Response:
        error = {"code": self.code, "message": self.message, **self.extra}
        body: dict[str, Any] = {
            "statusCode": self.status,
            "message": self.message,
            "errors": [error],
        }
        if self.code in (
            "invalid_token",
            "insufficient_scope",
            "invalid_client",
            "invalid_scope",
            "unsupported_grant_type",
        ):
            body["error"] = self.code  # AuthErrorResponse adds OAuth's fields (§2)
            body["error_description"] = self.message
        return Response.json(self.status, body)


def now_iso(moment: float) -> str:
    return (
        datetime.fromtimestamp(moment, UTC).strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{int(moment * 1000) % 1000:03d}Z"
    )


class CommercetoolsSandbox(Sandbox):
    name = "commercetools"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        project_key: str = DEMO_PROJECT_KEY,
        token_lifetime: int = 172800,
        client_permissions: list[str] | None = None,
        stats_window: float = 1.0,
    ) -> None:
        super().__init__(host, port, stats_window)
        self.project_key = project_key
        self.token_lifetime = token_lifetime
        # what the demo API client may be granted; a narrower list tests invalid_scope
        self.clients = {
            DEMO_CLIENT_ID: (DEMO_CLIENT_SECRET, list(client_permissions or ["manage_project"]))
        }
        self._tokens: dict[str, dict[str, Any]] = {}
        self.data: dict[str, dict[str, dict[str, Any]]] = {name: {} for name in SCOPES}
        seed(self)
        self.router.add("POST", "/oauth/token", self.token)
        self.router.add("GET", f"/{project_key}", self.project)
        self.router.add("GET", f"/{project_key}/{{resource}}", self.query)
        self.router.add("POST", f"/{project_key}/{{resource}}", self.create)
        self.router.add("POST", f"/{project_key}/orders/import", self.import_order)
        for method, handler in (("GET", self.read), ("POST", self.update), ("DELETE", self.delete)):
            self.router.add(method, f"/{project_key}/{{resource}}/{{ident}}", handler)

    @property
    def auth_url(self) -> str:
        return self.base_url

    @property
    def api_url(self) -> str:
        return self.base_url

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth/token"

    def describe(self) -> str:
        return "\n".join(
            [
                f"commercetools sandbox on {self.base_url}",
                f"  API URL:        {self.api_url}/{self.project_key}",
                f"  Auth URL:       {self.auth_url}   (token at {self.token_url})",
                f"  demo client:    {DEMO_CLIENT_ID} / {DEMO_CLIENT_SECRET}",
                f"  scope:          manage_project:{self.project_key}",
                f"  control:        {self.base_url}/__sandbox__/faults, /__sandbox__/stats",
            ]
        )

    def not_found(self, request: Request) -> Response:
        return ApiError(
            404, "ResourceNotFound", f"The Resource with path '{request.path}' was not found."
        ).response()

    def fault_response(self, fault: Any) -> Response:
        code = {429: "TooManyRequests", 502: "General", 503: "OverCapacity"}.get(
            fault.status, "General"
        )
        response = ApiError(fault.status, code, "Injected fault.").response()
        if fault.retry_after is not None:
            response.headers["Retry-After"] = str(fault.retry_after)
        return response

    def stamp(self) -> str:
        return now_iso(self.now())

    # ------------------------------------------------------------ auth
    def token(self, request: Request) -> Response:
        header = request.header("authorization")
        client_id = secret = ""
        if header.startswith("Basic "):
            with contextlib.suppress(ValueError):
                client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
        known = self.clients.get(client_id)
        if known is None or not secrets.compare_digest(known[0], secret):
            return ApiError(
                401,
                "invalid_client",
                "Please provide valid client credentials using HTTP Basic Authentication.",
            ).response()
        params = dict(request.query) | request.form()
        if params.get("grant_type") != "client_credentials":
            return ApiError(400, "unsupported_grant_type", "Invalid grant_type").response()
        granted = known[1]
        requested = params.get("scope", "").split() or [f"{p}:{self.project_key}" for p in granted]
        for scope in requested:
            permission, _, key = scope.partition(":")
            allowed = (
                permission in ALL_PERMISSIONS
                and key == self.project_key
                and ("manage_project" in granted or permission in granted)
            )
            if not allowed:
                return ApiError(
                    400, "invalid_scope", "Malformed parameter: scope: Invalid scope."
                ).response()
        access = secrets.token_urlsafe(24)
        with self.lock:
            self._tokens[access] = {
                "scopes": {s.partition(":")[0] for s in requested},
                "expires_at": self.now() + self.token_lifetime,
            }
        return Response.json(
            200,
            {
                "access_token": access,
                "token_type": "Bearer",
                "expires_in": self.token_lifetime,
                "scope": " ".join(requested),
            },
        )

    def expire_tokens(self) -> int:
        with self.lock:
            for token in self._tokens.values():
                token["expires_at"] = 0
            return len(self._tokens)

    def _authorize(self, request: Request, resource: str, write: bool) -> None:
        header = request.header("authorization")
        token = self._tokens.get(header[7:].strip()) if header.startswith("Bearer ") else None
        if token is None or token["expires_at"] <= self.now():
            raise ApiError(401, "invalid_token", "invalid_token")
        if resource not in SCOPES:
            raise ApiError(
                404, "ResourceNotFound", f"The Resource with path '{request.path}' was not found."
            )
        read_scopes, write_scopes = SCOPES[resource]
        needed = write_scopes if write else read_scopes
        if "manage_project" in token["scopes"] or token["scopes"] & set(needed):
            return
        if not write and token["scopes"] & set(write_scopes):
            return  # manage_x implies view_x
        raise ApiError(
            403,
            "insufficient_scope",
            f"Insufficient scope. One of the following scopes is missing: {', '.join(needed)}",
        )

    def _guard(self, request: Request, resource: str, write: bool, work: Any) -> Response:
        try:
            self._authorize(request, resource, write)
            with self.lock:
                return work()
        except ApiError as err:
            return err.response()

    # ------------------------------------------------------------ reading
    def project(self, request: Request) -> Response:
        return Response.json(
            200,
            {
                "key": self.project_key,
                "name": "Sandbox demo project",
                "currencies": ["USD", "EUR"],
                "countries": ["US", "DE"],
                "languages": ["en"],
                "version": 1,
            },
        )

    def find(self, resource: str, ident: str) -> dict[str, Any]:
        store = self.data[resource]
        if ident.startswith("key="):
            match = [d for d in store.values() if d.get("key") == ident[4:]]
        elif ident.startswith("order-number=") and resource == "orders":
            match = [d for d in store.values() if d.get("orderNumber") == ident[13:]]
        else:
            match = [store[ident]] if ident in store else []
        if not match:
            raise ApiError(
                404, "ResourceNotFound", f"The Resource with ID '{ident}' was not found."
            )
        return match[0]

    def view(self, resource: str, doc: dict[str, Any], request: Request) -> dict[str, Any]:
        if resource == "product-projections":
            staged = request.arg("staged", "false") == "true"
            data = doc["masterData"]["staged" if staged else "current"]
            return (
                {k: v for k, v in doc.items() if k != "masterData"}
                | data
                | {
                    "published": doc["masterData"]["published"],
                    "hasStagedChanges": doc["masterData"]["hasStagedChanges"],
                }
            )
        return doc

    def read(self, request: Request) -> Response:
        resource, ident = request.params["resource"], request.params["ident"]

        def work() -> Response:
            source = "products" if resource == "product-projections" else resource
            doc = self.find(source, ident)
            return Response.json(200, self.view(resource, doc, request))

        return self._guard(request, resource, False, work)

    def query(self, request: Request) -> Response:
        resource = request.params["resource"]

        def work() -> Response:
            limit = self._int(request, "limit", 20, 0, 500)
            offset = self._int(request, "offset", 0, 0, 10000)
            variables = {k[4:]: v for k, v in request.query if k.startswith("var.")}
            source = "products" if resource == "product-projections" else resource
            docs = [self.view(resource, d, request) for d in self.data[source].values()]
            for where in request.args("where"):  # repeated where parameters are ANDed
                try:
                    predicate = parse(where, variables)
                except PredicateError as exc:
                    raise ApiError(
                        400, "InvalidInput", f"Malformed parameter: where: {exc}"
                    ) from None
                docs = [d for d in docs if predicate(d)]
            for spec in reversed(request.args("sort")):
                field, _, direction = spec.partition(" ")
                if direction.strip() not in ("asc", "desc") or not field:
                    raise ApiError(
                        400,
                        "InvalidInput",
                        f"Malformed parameter: sort: Invalid sort expression '{spec}'.",
                    )
                docs.sort(
                    key=lambda d, f=field: (d.get(f) is not None, d.get(f) or ""),
                    reverse=direction.strip() == "desc",
                )
            page = docs[offset : offset + limit]
            body: dict[str, Any] = {
                "limit": limit,
                "offset": offset,
                "count": len(page),
                "results": page,
            }
            if request.arg("withTotal", "true") != "false":
                body["total"] = min(len(docs), 10000) if request.args("where") else len(docs)
            return Response.json(200, body)

        return self._guard(request, resource, False, work)

    @staticmethod
    def _int(request: Request, name: str, default: int, low: int, high: int) -> int:
        raw = request.arg(name)
        try:
            value = default if raw is None else int(raw)
        except ValueError:
            raise ApiError(
                400, "InvalidInput", f"Malformed parameter: {name}: Invalid int."
            ) from None
        if not low <= value <= high:
            raise ApiError(
                400,
                "InvalidInput",
                f"Malformed parameter: {name}: The value '{value}' is not in the range "
                f"{low}..{high}.",
            )
        return value

    # ------------------------------------------------------------ writing
    def _json(self, request: Request) -> Any:
        try:
            return request.json()
        except ValueError:
            raise ApiError(
                400, "InvalidJsonInput", "Request body does not contain valid JSON."
            ) from None

    def new_doc(self, resource: str, fields: dict[str, Any]) -> dict[str, Any]:
        if fields.get("key") is not None and any(
            d.get("key") == fields["key"] for d in self.data[resource].values()
        ):
            raise ApiError(
                400,
                "DuplicateField",
                f"A duplicate value '\"{fields['key']}\"' exists for field 'key'.",
                field="key",
                duplicateValue=fields["key"],
            )
        stamp = self.stamp()
        doc = {
            "id": str(uuid.uuid4()),
            "version": 1,
            "createdAt": stamp,
            "lastModifiedAt": stamp,
            **fields,
        }
        self.data[resource][doc["id"]] = doc
        return doc

    def create(self, request: Request) -> Response:
        resource = request.params["resource"]

        def work() -> Response:
            draft = self._json(request)
            builder = actions.DRAFTS.get(resource)
            if builder is None:
                raise ApiError(405, "MethodNotAllowed", "Method not allowed.")
            doc = builder(self, draft)
            return Response.json(201, {"customer": doc} if resource == "customers" else doc)

        return self._guard(request, resource, True, work)

    def import_order(self, request: Request) -> Response:
        return self._guard(
            request,
            "orders",
            True,
            lambda: Response.json(201, actions.order_from_draft(self, self._json(request))),
        )

    def update(self, request: Request) -> Response:
        resource, ident = request.params["resource"], request.params["ident"]

        def work() -> Response:
            doc = self.find(resource, ident)
            body = self._json(request)
            if not isinstance(body, dict) or not isinstance(body.get("version"), int):
                raise ApiError(
                    400,
                    "InvalidJsonInput",
                    "Request body does not contain valid JSON.",
                    detailedErrorMessage="version: Missing required value",
                )
            self._check_version(doc, body["version"])
            handlers = actions.ACTIONS.get(resource, {})
            working = actions.deep_copy(doc)
            for action in body.get("actions") or []:
                name = action.get("action") if isinstance(action, dict) else None
                handler = handlers.get(name)
                if handler is None:
                    raise ApiError(
                        400,
                        "InvalidInput",
                        f"Request body does not contain valid JSON. Unknown action '{name}'.",
                    )
                handler(self, working, action)
            working["version"] = doc["version"] + 1
            working["lastModifiedAt"] = self.stamp()
            self.data[resource][doc["id"]] = working
            return Response.json(200, working)

        return self._guard(request, resource, True, work)

    @staticmethod
    def _check_version(doc: dict[str, Any], version: int) -> None:
        if version != doc["version"]:
            raise ApiError(
                409,
                "ConcurrentModification",
                f"Object {doc['id']} has a different version than expected. "
                f"Expected: {version} - Actual: {doc['version']}.",
                currentVersion=doc["version"],
            )

    def delete(self, request: Request) -> Response:
        resource, ident = request.params["resource"], request.params["ident"]

        def work() -> Response:
            doc = self.find(resource, ident)
            raw = request.arg("version")
            if raw is None or not raw.isdigit():
                raise ApiError(400, "InvalidInput", "Missing required query parameter 'version'.")
            self._check_version(doc, int(raw))
            del self.data[resource][doc["id"]]
            return Response.json(200, doc)

        return self._guard(request, resource, True, work)
