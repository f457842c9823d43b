from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Iterator

import pytest
import requests

from sandbox.commercetools import DEMO_CLIENT_ID as CT_ID
from sandbox.commercetools import DEMO_CLIENT_SECRET as CT_SECRET
from sandbox.commercetools import CommercetoolsSandbox
from sandbox.orocommerce import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, OroSandbox

JSONAPI = "application/vnd.api+json"
REDIRECT = "http://127.0.0.1:8000/oauth/callback"


@pytest.fixture
def oro() -> Iterator[OroSandbox]:
    with OroSandbox.running() as sb:
        yield sb


@pytest.fixture
def ct() -> Iterator[CommercetoolsSandbox]:
    with CommercetoolsSandbox.running() as sb:
        yield sb


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def oro_code(sb: OroSandbox, challenge: str, state: str = "xyz") -> str:
    """Runs the login and consent pages the way a browser would; returns the authorization code."""
    params = {
        "response_type": "code",
        "client_id": DEMO_CLIENT_ID,
        "redirect_uri": REDIRECT,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
        "state": state,
    }
    browser = requests.Session()
    page = browser.get(sb.authorize_url, params=params)
    assert page.status_code == 200 and 'name="password"' in page.text
    consent = browser.post(
        sb.authorize_url, data={**params, "username": "admin", "password": "sandbox-demo-password"}
    )
    assert "oro_sandbox_session" in browser.cookies
    assert 'value="allow"' in consent.text
    done = browser.post(sb.authorize_url, data={**params, "grant": "allow"}, allow_redirects=False)
    assert done.status_code == 302
    location = done.headers["Location"]
    assert location.startswith(REDIRECT) and "state=xyz" in location
    return location.split("code=")[1].split("&")[0]


def oro_tokens(sb: OroSandbox) -> dict:
    verifier, challenge = pkce_pair()
    code = oro_code(sb, challenge)
    response = requests.post(
        sb.token_url,
        data={
            "grant_type": "authorization_code",
            "client_id": DEMO_CLIENT_ID,
            "client_secret": DEMO_CLIENT_SECRET,
            "redirect_uri": REDIRECT,
            "code": code,
            "code_verifier": verifier,
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def oro_api(oro: OroSandbox) -> requests.Session:
    session = requests.Session()
    session.headers.update(
        {
            "Accept": JSONAPI,
            "Content-Type": JSONAPI,
            "Authorization": "Bearer " + oro_tokens(oro)["access_token"],
        }
    )
    return session


@pytest.fixture
def ct_api(ct: CommercetoolsSandbox) -> requests.Session:
    token = requests.post(
        ct.token_url, auth=(CT_ID, CT_SECRET), data={"grant_type": "client_credentials"}
    ).json()["access_token"]
    session = requests.Session()
    session.headers["Authorization"] = "Bearer " + token
    return session
