"""The Oro sandbox's OAuth server against reference/orocommerce.md §3 and the saved OpenAPI shapes
(reference/oro-openapi/oauth2-server__rest_json_api_oauth.yml: oauthTokenResponseModel,
oauthTokenFailure)."""

from __future__ import annotations

import requests

from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox

from .conftest import JSONAPI, REDIRECT, oro_code, oro_tokens, pkce_pair
from .shapes import OAUTH_FAILURE, OAUTH_TOKEN, check

CLIENT = {"client_id": DEMO_CLIENT_ID, "client_secret": DEMO_CLIENT_SECRET}


def test_the_authorization_code_flow_with_pkce_returns_the_openapi_token_shape(oro):
    tokens = oro_tokens(oro)
    check(tokens, OAUTH_TOKEN)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert tokens["access_token"] and tokens["refresh_token"]


def test_authorize_lives_under_the_admin_prefix_and_the_token_endpoint_does_not(oro):
    assert oro.authorize_url.endswith("/admin/oauth2-token/authorize")  # §0.1
    assert oro.token_url.endswith("/oauth2-token") and "/admin" not in oro.token_url  # §0.2
    assert requests.get(oro.base_url + "/oauth2-token/authorize").status_code == 404


def test_a_code_is_single_use(oro):
    verifier, challenge = pkce_pair()
    code = oro_code(oro, challenge)
    body = {
        "grant_type": "authorization_code",
        **CLIENT,
        "redirect_uri": REDIRECT,
        "code": code,
        "code_verifier": verifier,
    }
    assert requests.post(oro.token_url, data=body).status_code == 200
    again = requests.post(oro.token_url, data=body)
    assert again.status_code == 400
    check(again.json(), OAUTH_FAILURE)
    assert again.json()["error"] == "invalid_request"
    assert again.json()["hint"] == "Authorization code has been revoked"  # §3.1


def test_a_code_expires_after_ten_minutes(oro):
    verifier, challenge = pkce_pair()
    code = oro_code(oro, challenge)
    oro.advance(601)
    response = requests.post(
        oro.token_url,
        data={
            "grant_type": "authorization_code",
            **CLIENT,
            "redirect_uri": REDIRECT,
            "code": code,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 400


def test_a_wrong_code_verifier_is_refused(oro):
    _, challenge = pkce_pair()
    code = oro_code(oro, challenge)
    response = requests.post(
        oro.token_url,
        data={
            "grant_type": "authorization_code",
            **CLIENT,
            "redirect_uri": REDIRECT,
            "code": code,
            "code_verifier": "not-the-verifier",
        },
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"error", "error_description"}


def test_plain_pkce_is_refused(oro):
    response = requests.get(
        oro.authorize_url,
        params={
            "response_type": "code",
            "client_id": DEMO_CLIENT_ID,
            "redirect_uri": REDIRECT,
            "code_challenge": "abc",
            "code_challenge_method": "plain",
        },
    )
    assert response.status_code == 400
    assert response.json()["hint"] == "Plain code challenge method is not allowed for this client"


def test_refresh_tokens_rotate_and_a_spent_one_gives_401_invalid_request(oro):
    first = oro_tokens(oro)
    body = {"grant_type": "refresh_token", **CLIENT, "refresh_token": first["refresh_token"]}
    second = requests.post(oro.token_url, data=body)
    assert second.status_code == 200
    assert second.json()["refresh_token"] != first["refresh_token"]
    assert second.json()["access_token"] != first["access_token"]
    spent = requests.post(oro.token_url, data=body)
    assert spent.status_code == 401  # §3.2 table
    check(spent.json(), OAUTH_FAILURE)
    assert spent.json()["error"] == "invalid_request"
    assert spent.json()["error_description"] == "The refresh token is invalid."


def test_the_token_endpoint_accepts_a_json_body_too(oro):
    response = requests.post(oro.token_url, json={"grant_type": "client_credentials", **CLIENT})
    assert response.status_code == 200
    assert "refresh_token" not in response.json()  # none for client_credentials (§3.2)


def test_a_wrong_secret_or_a_disabled_api_feature_is_invalid_client():
    with OroSandbox.running(api_feature_enabled=False) as sb:
        response = requests.post(sb.token_url, data={"grant_type": "client_credentials", **CLIENT})
        assert response.status_code == 401
        check(response.json(), OAUTH_FAILURE)
        assert response.json()["error"] == "invalid_client"
    with OroSandbox.running() as sb:
        response = requests.post(
            sb.token_url,
            data={
                "grant_type": "client_credentials",
                "client_id": DEMO_CLIENT_ID,
                "client_secret": "x",
            },
        )
        assert response.status_code == 401


def test_an_expired_access_token_gives_an_empty_401(oro, oro_api):
    assert oro_api.get(oro.api_url + "/products/1").status_code == 200
    oro.advance(3601)
    response = oro_api.get(oro.api_url + "/products/1")
    assert response.status_code == 401 and response.content == b""  # §0.6


def test_a_token_in_the_query_string_is_rejected(oro):
    token = oro_tokens(oro)["access_token"]
    response = requests.get(
        oro.api_url + "/products", params={"access_token": token}, headers={"Accept": JSONAPI}
    )
    assert response.status_code == 401


def test_denying_consent_redirects_with_access_denied(oro):
    _, challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    browser = requests.Session()
    browser.post(
        oro.authorize_url, data={**params, "username": "admin", "password": "sandbox-demo-password"}
    )
    denied = browser.post(
        oro.authorize_url, data={**params, "grant": "deny"}, allow_redirects=False
    )
    assert "error=access_denied" in denied.headers["Location"]


def test_tests_can_skip_the_pages_with_grant_code(oro):
    verifier, challenge = pkce_pair()
    code = oro.grant_code(REDIRECT, challenge)
    response = requests.post(
        oro.token_url,
        data={
            "grant_type": "authorization_code",
            **CLIENT,
            "redirect_uri": REDIRECT,
            "code": code,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200
