"""Response shapes the sandboxes must match, written from the reference.

Each shape names the fields a real response has and their JSON types; `check()` fails on a missing
required field, an unknown field, or a wrong type.
"""

from __future__ import annotations

from typing import Any

# reference/oro-openapi/oauth2-server__rest_json_api_oauth.yml, components.schemas
# oauthTokenResponseModel (required: token_type, access_token)
OAUTH_TOKEN = {
    "required": {"token_type": str, "access_token": str},
    "optional": {"expires_in": int, "refresh_token": str},
}
# ... oauthTokenFailure (required: error; `message` is deprecated but still sent)
OAUTH_FAILURE = {
    "required": {"error": str},
    "optional": {"error_description": str, "hint": str, "message": str},
}
# reference/oro-openapi/platform__rest_json_api_other.yml, components.schemas `error`
# (inside `failure`, which requires `errors`); `status` is a string (orocommerce.md §1.9)
JSONAPI_ERROR = {
    "required": {"status": str, "title": str},
    "optional": {
        "id": str,
        "code": str,
        "detail": str,
        "source": dict,
        "links": dict,
        "meta": dict,
    },
}
# reference/commercetools.md §3.6 (REF types/error/ErrorResponse.raml, ErrorObject.raml), with
# AuthErrorResponse's `error` and `error_description` for auth errors (§2)
CT_ERROR = {
    "required": {"statusCode": int, "message": str, "errors": list},
    "optional": {"error": str, "error_description": str},
}
# reference/commercetools.md §2 (REF oauth.raml TokenResponse): no refresh token
CT_TOKEN = {
    "required": {"access_token": str, "token_type": str, "expires_in": int, "scope": str},
    "optional": {},
}
# reference/commercetools.md §3.3 (REF types/PagedQueryResponse.raml)
CT_PAGE = {
    "required": {"limit": int, "offset": int, "count": int, "results": list},
    "optional": {"total": int, "meta": dict},
}


def check(document: Any, shape: dict[str, dict[str, type]]) -> None:
    assert isinstance(document, dict), document
    for name, kind in shape["required"].items():
        assert name in document, f"missing {name!r} in {document}"
        assert isinstance(document[name], kind), f"{name!r} should be {kind.__name__}"
    for name, value in document.items():
        allowed = shape["required"].get(name) or shape["optional"].get(name)
        assert allowed is not None, f"unexpected field {name!r}"
        assert value is None or isinstance(value, allowed), f"{name!r} should be {allowed.__name__}"


def check_jsonapi_failure(document: Any) -> None:
    assert set(document) <= {"errors", "links", "meta"} and document["errors"]
    for error in document["errors"]:
        check(error, JSONAPI_ERROR)
        assert set(error.get("source", {})) <= {"pointer", "parameter"}


def check_ct_error(document: Any) -> None:
    check(document, CT_ERROR)
    for error in document["errors"]:
        assert isinstance(error["code"], str) and isinstance(error["message"], str)
