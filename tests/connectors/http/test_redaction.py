"""Secrets never reach logs, exception messages or call records."""

from __future__ import annotations

import io
import logging

import pytest
import responses
from requests_oauthlib import OAuth2Session

from connectors.http import MemoryCallRecorder, Redactor, TransientError, install_log_redaction
from connectors.http.redaction import MASK, excerpt
from sandbox.counting import counting_server

SECRET = "s3cr3t-Client-Secret-9f8e7d"
TOKEN = "eyJhbGciOiJSUzI1NiJ9.access-token-abc123"
UNKNOWN_TOKEN = "freshly-issued-token-zzz999"


@pytest.fixture
def redactor() -> Redactor:
    return Redactor([SECRET, TOKEN])


@pytest.fixture
def debug_logs(redactor):
    """Every log line of the HTTP libraries at DEBUG, through a handler like a real deployment's."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    names = ("urllib3", "requests_oauthlib", "oauthlib", "connectors")
    saved = {n: logging.getLogger(n).level for n in names}
    for name in names:
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).addHandler(handler)
    flt = install_log_redaction(redactor)
    yield stream
    for name in names:
        logger = logging.getLogger(name)
        logger.removeHandler(handler)
        logger.setLevel(saved[name])
        logger.removeFilter(flt)
        for child in logging.root.manager.loggerDict.values():
            if isinstance(child, logging.Logger):
                child.removeFilter(flt)
    for h in logging.getLogger().handlers:
        h.removeFilter(flt)


@pytest.mark.parametrize(
    "text",
    [
        f"Authorization: Bearer {UNKNOWN_TOKEN}",
        f"'authorization': 'Bearer {UNKNOWN_TOKEN}'",
        f'{{"access_token": "{UNKNOWN_TOKEN}", "expires_in": 3600}}',
        f"grant_type=refresh_token&refresh_token={UNKNOWN_TOKEN}&client_id=abc",
        f"https://shop.example.com/api?api_key={UNKNOWN_TOKEN}&page=2",
        f"client_secret={UNKNOWN_TOKEN}",
        f"password: '{UNKNOWN_TOKEN}'",
        f"X-Api-Key: {UNKNOWN_TOKEN}",
    ],
)
def test_values_of_sensitive_names_are_masked_even_when_unknown(text):
    redacted = Redactor().text(text)
    assert UNKNOWN_TOKEN not in redacted
    assert MASK in redacted


def test_known_secrets_are_masked_anywhere(redactor):
    assert redactor.text(f"odd place {SECRET}!") == f"odd place {MASK}!"
    redactor.add(UNKNOWN_TOKEN)
    assert UNKNOWN_TOKEN not in redactor.text(f"x{UNKNOWN_TOKEN}y")
    assert SECRET not in repr(redactor)


def test_ordinary_text_is_left_alone():
    text = '{"sku": "ABC-1", "name": "Tom & Jerry", "tokenized": false}'
    assert Redactor().text(text) == text


def test_url_credentials_are_masked():
    assert (
        Redactor().url("https://user:pw123@shop.example.com/x")
        == f"https://{MASK}@shop.example.com/x"
    )


def test_excerpt_is_bounded():
    assert excerpt("a" * 50, 10) == "aaaaaaaaaa... [40 more characters]"


def test_oauth_libraries_debug_logs_are_redacted(debug_logs, monkeypatch):
    """requests-oauthlib logs the token it adds at DEBUG; urllib3 logs the URL with its query."""
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the local server speaks plain http
    with counting_server() as server:
        oauth = OAuth2Session(
            client_id="portal", token={"access_token": TOKEN, "token_type": "Bearer"}
        )
        oauth.get(f"{server.url}/api/orders?client_secret={SECRET}")
    logs = debug_logs.getvalue()
    assert "Adding token" in logs  # the libraries did log at DEBUG
    assert "GET /api/orders" in logs
    assert TOKEN not in logs
    assert SECRET not in logs


def test_secret_passed_as_log_argument_is_redacted(debug_logs):
    logging.getLogger("oauthlib.oauth2.rfc6749").debug(
        "Prepared refresh token request %s", {"client_secret": SECRET}
    )
    logging.getLogger("connectors.orocommerce").warning("refresh failed for %s", f"token={TOKEN}")
    logs = debug_logs.getvalue()
    assert "Prepared refresh token request" in logs and "refresh failed" in logs
    assert SECRET not in logs and TOKEN not in logs


def test_exception_tracebacks_in_logs_are_redacted(debug_logs):
    try:
        raise ValueError(f"bad token {TOKEN}")
    except ValueError:
        logging.getLogger("connectors").exception("call failed")
    logs = debug_logs.getvalue()
    assert "ValueError" in logs and TOKEN not in logs


def test_exception_messages_are_redacted(make_session, redactor):
    """A failed connection's message quotes the URL; the secret in its query is masked."""
    session = make_session(allowed_hosts=["127.0.0.1"], redactor=redactor)
    session.retry = session.retry.__class__(max_attempts=1)
    with pytest.raises(TransientError) as caught:
        session.get(f"http://127.0.0.1:9/api?token={SECRET}")  # port 9: nothing listens
    assert "127.0.0.1" in str(caught.value)
    assert SECRET not in str(caught.value) and SECRET not in repr(caught.value)


def test_error_message_from_the_store_is_redacted(make_session, redactor):
    with responses.RequestsMock() as stub:
        stub.post(
            "https://auth.example.com/token",
            status=400,
            json={"error": "invalid_client", "error_description": f"bad secret {SECRET}"},
        )
        with pytest.raises(Exception) as caught:
            make_session(redactor=redactor).request(
                "POST", "https://auth.example.com/token", data={"client_secret": SECRET}
            )
    assert "bad secret" in str(caught.value) and SECRET not in str(caught.value)


def test_call_records_hold_no_secrets(make_session, redactor):
    recorder = MemoryCallRecorder()
    session = make_session(redactor=redactor, recorder=recorder)
    with responses.RequestsMock() as stub:
        stub.post(
            "https://auth.example.com/oauth2/token",
            json={
                "access_token": UNKNOWN_TOKEN,
                "refresh_token": UNKNOWN_TOKEN,
                "token_type": "Bearer",
            },
        )
        session.request(
            "POST",
            "https://auth.example.com/oauth2/token",
            params={"api_key": SECRET},
            json={
                "grant_type": "client_credentials",
                "client_secret": SECRET,
                "scope": "manage_project:demo",
            },
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    (record,) = recorder.records
    text = repr(record)
    assert "manage_project:demo" in record.request_excerpt  # ordinary values are kept
    assert "Bearer" in record.response_excerpt
    for secret in (SECRET, TOKEN, UNKNOWN_TOKEN):
        assert secret not in text
    assert (record.method, record.status, record.attempt) == ("POST", 200, 1)
    assert record.url.startswith("https://auth.example.com/oauth2/token?api_key=")


def test_call_records_are_bounded(make_session):
    recorder = MemoryCallRecorder()
    with responses.RequestsMock() as stub:
        stub.get("https://shop.example.com/big", body="x" * 100_000)
        make_session(recorder=recorder, excerpt_limit=500).get("https://shop.example.com/big")
    assert len(recorder.records[0].response_excerpt) < 600


def test_counters_count_calls_errors_and_throttled_waits(make_session, throttle):
    from connectors.http import MemoryCounters, RetryPolicy

    counters = MemoryCounters()
    session = make_session(counters=counters, retry=RetryPolicy(max_attempts=2, jitter=False))
    with responses.RequestsMock() as stub:
        stub.get("https://shop.example.com/x", status=429, headers={"Retry-After": "1"})
        stub.get("https://shop.example.com/x", json={})
        session.get("https://shop.example.com/x")
    assert counters.counts["sub-1"] == {"calls": 2, "errors": 1, "throttled": 1}


def test_sessions_share_the_process_redactor_by_default(make_session):
    from connectors.http import shared_redactor

    assert make_session().redactor is shared_redactor


@pytest.mark.parametrize("filler", [10, 1_990, 9_000, 200_000])
def test_an_excerpt_of_a_long_body_masks_what_it_shows(filler):
    redactor = Redactor([SECRET])
    body = (
        "x" * filler + f'{{"access_token": "{UNKNOWN_TOKEN}", "secret": "{SECRET}"}}' + "y" * 50_000
    )
    shown = redactor.excerpt(body, 2000)
    assert SECRET not in shown and UNKNOWN_TOKEN not in shown
    assert shown.endswith(f"... [{len(body) - 2000} more characters]")
    assert shown.startswith("x" * min(filler, 2000))
    if filler < 1_900:
        assert '"access_token": "' in shown  # masked, not cut away
