"""The token lifecycle: refresh ahead of expiry, once after a 401, single-flight, reauthorize."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
import responses

from connectors.http import (
    AuthenticationFailed,
    ConnectorSession,
    LocalThrottle,
    Redactor,
    RetryPolicy,
    ThrottlePolicy,
)
from connectors.tokens import (
    AuthorizedSession,
    MemoryTokenStore,
    NeedsReauthorization,
    TokenManager,
    TokenSet,
)

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
KEY = "subscription-7"


def tokens(access: str, *, expires_in: float = 3600, refresh: str | None = "r-" + "x" * 8):
    return TokenSet(access, refresh, NOW + timedelta(seconds=expires_in), "scope-a")


class CountingRefresher:
    """Issues access-1, access-2, ... and remembers what it was given."""

    def __init__(self, *, lifetime: float = 3600, refuse: bool = False) -> None:
        self.calls: list[TokenSet | None] = []
        self.lifetime = lifetime
        self.refuse = refuse
        self._lock = threading.Lock()

    def __call__(self, current: TokenSet | None) -> TokenSet:
        with self._lock:
            self.calls.append(current)
            n = len(self.calls)
        if self.refuse:
            raise NeedsReauthorization("The refresh token is invalid.", status=401)
        return tokens(f"access-{n}", expires_in=self.lifetime, refresh=f"refresh-{n}")


@pytest.fixture
def store() -> MemoryTokenStore:
    return MemoryTokenStore()


def manager(store, refresher, skew=60) -> TokenManager:
    return TokenManager(store, KEY, refresher, skew, clock=lambda: NOW, redactor=Redactor())


class TestTokenSet:
    def test_repr_never_shows_the_tokens(self):
        pair = TokenSet("the-access-token", "the-refresh-token", NOW, "manage_project:x")
        text = repr(pair) + str(pair)
        assert "the-access-token" not in text
        assert "the-refresh-token" not in text
        assert "2026-11-23T12:00:00+00:00" in text

    def test_a_naive_expiry_is_refused(self):
        with pytest.raises(ValueError, match="aware"):
            TokenSet("a", None, datetime(2026, 1, 1), "")

    def test_token_response_keeps_the_old_refresh_token_only_when_none_comes_back(self):
        rotated = TokenSet.from_token_response(
            {"access_token": "a2", "refresh_token": "r2", "expires_in": 3600},
            now=NOW,
            previous_refresh_token="r1",
        )
        kept = TokenSet.from_token_response(
            {"access_token": "a2", "expires_in": 60}, now=NOW, previous_refresh_token="r1"
        )
        assert rotated.refresh_token == "r2"
        assert kept.refresh_token == "r1"
        assert kept.expires_at == NOW + timedelta(seconds=60)

    def test_expires_in_zero_means_expired_and_missing_means_the_default(self):
        body = {"access_token": "a"}
        assert TokenSet.from_token_response({**body, "expires_in": 0}, now=NOW).expires_at == NOW
        default = TokenSet.from_token_response(body, now=NOW, default_lifetime=90)
        assert default.expires_at == NOW + timedelta(seconds=90)

    @pytest.mark.parametrize(
        "body",
        [{}, {"access_token": ""}, {"access_token": "a", "token_type": "mac"}],
    )
    def test_unusable_token_responses_are_refused(self, body):
        with pytest.raises(ValueError):
            TokenSet.from_token_response(body, now=NOW)


class TestTokenManager:
    def test_a_valid_token_is_used_as_is(self, store):
        store.put(KEY, tokens("current", expires_in=3600))
        refresher = CountingRefresher()
        assert manager(store, refresher).access_token() == "current"
        assert refresher.calls == []

    def test_refreshes_ahead_of_expiry_within_the_skew(self, store):
        old = tokens("old", expires_in=59)
        store.put(KEY, old)
        refresher = CountingRefresher()
        assert manager(store, refresher, skew=60).access_token() == "access-1"
        assert refresher.calls == [old]
        assert store.load(KEY).refresh_token == "refresh-1"

    def test_after_a_401_refreshes_once(self, store):
        store.put(KEY, tokens("refused", expires_in=3600))
        refresher = CountingRefresher()
        tm = manager(store, refresher)
        assert tm.after_unauthorized("refused") == "access-1"
        # A second caller that saw the same 401 gets the new token without another refresh.
        assert tm.after_unauthorized("refused") == "access-1"
        assert len(refresher.calls) == 1

    def test_a_refused_refresh_marks_the_store_and_is_not_repeated_blindly(self, store):
        store.put(KEY, tokens("old", expires_in=0))
        refresher = CountingRefresher(refuse=True)
        tm = manager(store, refresher)
        with pytest.raises(NeedsReauthorization) as caught:
            tm.access_token()
        assert caught.value.error_class == "configuration"
        assert "Authorize again" in caught.value.hint
        assert store.needs_reauthorization(KEY)
        assert store.load(KEY) is None  # the dead pair is not offered again

    def test_a_failed_refresh_of_another_kind_leaves_the_pair_alone(self, store):
        store.put(KEY, tokens("old", expires_in=0))

        def broken(current):
            raise AuthenticationFailed("invalid_client", status=401)

        with pytest.raises(AuthenticationFailed):
            manager(store, broken).access_token()
        assert not store.needs_reauthorization(KEY)
        assert store.load(KEY).access_token == "old"

    def test_twenty_threads_on_an_expired_token_refresh_once(self, store):
        store.put(KEY, tokens("expired", expires_in=-5))
        gate = threading.Event()
        refresher = CountingRefresher()

        def slow_refresher(current):
            gate.wait(0.2)  # hold the lock while the others pile up behind it
            return refresher(current)

        tm = manager(store, slow_refresher)
        start = threading.Barrier(20)
        results: list[str] = []

        def caller():
            start.wait()
            results.append(tm.access_token())

        threads = [threading.Thread(target=caller) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(5)
        assert len(refresher.calls) == 1
        assert results == ["access-1"] * 20


def make_session(redactor: Redactor) -> ConnectorSession:
    return ConnectorSession(
        KEY,
        policy=ThrottlePolicy(limit=500, seconds=60, connections=5),
        throttle=LocalThrottle(),
        retry=RetryPolicy(max_attempts=2, jitter=False),
        redactor=redactor,
        sleep=lambda seconds: None,
    )


def bearer(token: str):
    return responses.matchers.header_matcher({"Authorization": f"Bearer {token}"})


class TestAuthorizedSession:
    URL = "https://store.example.com/admin/api/products"

    @responses.activate(assert_all_requests_are_fired=True)
    def test_a_401_renews_the_token_and_resends_once(self, store):
        store.put(KEY, tokens("stale-but-unexpired", expires_in=3600))
        refresher = CountingRefresher()
        redactor = Redactor()
        api = AuthorizedSession(make_session(redactor), manager(store, refresher))
        responses.get(
            self.URL,
            status=401,
            body="",
            match=[
                responses.matchers.header_matcher({"Authorization": "Bearer stale-but-unexpired"})
            ],
        )
        responses.get(
            self.URL,
            json={"data": []},
            match=[bearer("access-1")],
        )
        assert api.get_json(self.URL) == {"data": []}
        assert len(refresher.calls) == 1

    @responses.activate(assert_all_requests_are_fired=True)
    def test_a_second_401_is_an_error_not_a_loop(self, store):
        store.put(KEY, tokens("t0", expires_in=3600))
        refresher = CountingRefresher()
        api = AuthorizedSession(make_session(Redactor()), manager(store, refresher))
        responses.get(self.URL, status=401, body="")
        with pytest.raises(AuthenticationFailed) as caught:
            api.get(self.URL)
        assert caught.value.status == 401
        assert len(responses.calls) == 2
        assert len(refresher.calls) == 1

    @responses.activate(assert_all_requests_are_fired=True)
    def test_a_403_is_not_answered_with_a_new_token(self, store):
        store.put(KEY, tokens("t0", expires_in=3600))
        refresher = CountingRefresher()
        api = AuthorizedSession(make_session(Redactor()), manager(store, refresher))
        responses.get(self.URL, status=403, json={"errors": [{"detail": "No access."}]})
        with pytest.raises(Exception, match="No access"):
            api.get(self.URL)
        assert refresher.calls == []
