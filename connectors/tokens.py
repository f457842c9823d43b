"""Access tokens: where they are kept (``TokenStore``) and when they are renewed (``TokenManager``).

No Django here. ``subscriptions`` implements ``TokenStore`` on its encrypted token row (a
``select_for_update`` transaction or a Redis lock around ``locked``); ``MemoryTokenStore`` is the
in-process implementation for tests and the command line.

The rules that matter (reference/anchors.md "Refresh races and rotation", DECISIONS.md
"Authorization details"):

- OroCommerce refresh tokens rotate and are single use. Two workers refreshing at once would
  make the slower one spend a dead refresh token and lose the subscription, so refreshes are
  single-flight: take the store's lock, re-read, and refresh only if the stored token is still
  stale (or still the one the store refused).
- The new pair is saved, and its transaction committed, before anyone uses the new access token.
- A refused refresh marks the subscription "needs reauthorization"; it is not retried.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import requests

from connectors.http.errors import AuthenticationFailed, ErrorClass, InvalidResponse
from connectors.http.redaction import Redactor, is_sensitive_name, shared_redactor
from connectors.http.session import ConnectorSession

logger = logging.getLogger(__name__)

REAUTHORIZE_HINT = (
    "The store no longer accepts this subscription's authorization (it expired, was revoked, "
    "or was used by another process). Open the subscription and click Authorize again."
)


class NeedsReauthorization(AuthenticationFailed):
    """The stored authorization is dead: only a person clicking Authorize can revive it."""

    code = "needs_reauthorization"
    error_class: ErrorClass = "configuration"
    hint = REAUTHORIZE_HINT


def utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class TokenSet:
    """One token response. ``refresh_token`` is None for client-credentials tokens."""

    access_token: str = field(repr=False)
    refresh_token: str | None = field(repr=False)
    expires_at: datetime
    scope: str = ""

    def __post_init__(self) -> None:
        if not self.access_token:
            raise ValueError("a TokenSet needs an access token")
        if self.expires_at.tzinfo is None:
            raise ValueError("expires_at must be an aware datetime (UTC)")

    def __repr__(self) -> str:
        refresh = "with refresh token" if self.refresh_token else "no refresh token"
        return (
            f"TokenSet(expires_at={self.expires_at.isoformat()}, scope={self.scope!r}, {refresh})"
        )

    def expires_within(self, seconds: float, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or utcnow()) + timedelta(seconds=seconds)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values a redactor must mask."""
        return tuple(t for t in (self.access_token, self.refresh_token) if t)

    @classmethod
    def from_token_response(
        cls,
        body: Mapping[str, Any],
        *,
        now: datetime | None = None,
        previous_refresh_token: str | None = None,
        requested_scope: str = "",
        default_lifetime: int = 3600,
    ) -> TokenSet:
        """Build from an RFC 6749 §5.1 token response.

        The old refresh token is kept only when the server returns none (RFC 6749 §6 allows
        that; django-allauth does the same). ``expires_in`` missing means ``default_lifetime``.
        """
        access = body.get("access_token")
        if not isinstance(access, str) or not access:
            raise ValueError("the token response has no access_token")
        token_type = str(body.get("token_type") or "Bearer")
        if token_type.lower() != "bearer":
            raise ValueError(f"the token response has token_type {token_type!r}, not Bearer")
        expires_in = body.get("expires_in")
        try:
            lifetime = int(expires_in) if expires_in is not None else default_lifetime
        except (TypeError, ValueError):
            raise ValueError("the token response has a non-numeric expires_in") from None
        refresh = body.get("refresh_token")
        if not (isinstance(refresh, str) and refresh):
            refresh = previous_refresh_token
        scope = body.get("scope")
        return cls(
            access_token=access,
            refresh_token=refresh
            if isinstance(refresh, str) and refresh
            else previous_refresh_token,
            expires_at=(now or utcnow()) + timedelta(seconds=lifetime),
            scope=scope if isinstance(scope, str) else requested_scope,
        )


class TokenHandle(Protocol):
    """What ``TokenStore.locked`` yields: the stored pair, read and written under the lock."""

    def load(self) -> TokenSet | None: ...

    def save(self, tokens: TokenSet) -> None: ...


class TokenStore(Protocol):
    """Keeps one token pair per key (a subscription).

    ``load`` returns None when there is no usable pair: never authorized, or marked as needing
    reauthorization. ``locked`` serialises refreshers of one key across threads and processes;
    whatever ``save`` wrote must be durable (committed) when the context exits normally.
    ``mark_needs_reauthorization`` is called outside ``locked`` (the failed refresh may have
    rolled the lock's transaction back) and must be durable on its own.
    """

    def load(self, key: str) -> TokenSet | None: ...

    def locked(self, key: str) -> AbstractContextManager[TokenHandle]: ...

    def mark_needs_reauthorization(self, key: str, reason: str) -> None: ...


class MemoryTokenStore:
    """Thread-safe, in-process ``TokenStore`` (tests, the sandbox demo, one-off commands)."""

    def __init__(self) -> None:
        self._data_lock = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._tokens: dict[str, TokenSet] = {}
        self.reauthorization_reasons: dict[str, str] = {}
        self.saves: list[tuple[str, TokenSet]] = []  # history, for tests and debugging

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} keys)"

    def put(self, key: str, tokens: TokenSet) -> None:
        """Store a pair outside any refresh (a completed authorization); clears the mark."""
        with self._data_lock:
            self._tokens[key] = tokens
            self.reauthorization_reasons.pop(key, None)
            self.saves.append((key, tokens))

    def load(self, key: str) -> TokenSet | None:
        with self._data_lock:
            return self._tokens.get(key)

    @contextmanager
    def locked(self, key: str) -> Iterator[TokenHandle]:
        with self._data_lock:
            lock = self._key_locks.setdefault(key, threading.Lock())
        with lock:
            yield _MemoryHandle(self, key)

    def mark_needs_reauthorization(self, key: str, reason: str) -> None:
        with self._data_lock:
            self._tokens.pop(key, None)  # a refused pair is dead; do not offer it again
            self.reauthorization_reasons[key] = reason

    def needs_reauthorization(self, key: str) -> bool:
        with self._data_lock:
            return key in self.reauthorization_reasons


class _MemoryHandle:
    def __init__(self, store: MemoryTokenStore, key: str) -> None:
        self._store = store
        self._key = key

    def load(self) -> TokenSet | None:
        return self._store.load(self._key)

    def save(self, tokens: TokenSet) -> None:
        self._store.put(self._key, tokens)


# Given the stored pair (None when there is none), return a fresh one or raise a
# ConnectorError; NeedsReauthorization when the store refused the refresh.
Refresher = Callable[[TokenSet | None], TokenSet]


class TokenManager:
    """Hands out a valid access token for one key, renewing it at most once per need."""

    def __init__(
        self,
        store: TokenStore,
        key: str,
        refresher: Refresher,
        skew_seconds: float = 60,
        *,
        clock: Callable[[], datetime] = utcnow,
        redactor: Redactor | None = None,
    ) -> None:
        self.store = store
        self.key = key
        self.refresher = refresher
        self.skew_seconds = skew_seconds
        self.clock = clock
        self.redactor = redactor or shared_redactor

    def __repr__(self) -> str:
        return f"TokenManager({self.key!r})"

    def access_token(self) -> str:
        """A token valid for at least ``skew_seconds`` more; refreshed ahead of expiry."""
        tokens = self._known(self.store.load(self.key))
        if tokens is not None and not self._stale(tokens):
            return tokens.access_token
        return self._renew(lambda current: self._stale(current))

    def after_unauthorized(self, failed_token: str) -> str:
        """The store answered 401 to ``failed_token``: renew once, unless another caller has."""
        return self._renew(
            lambda current: current.access_token == failed_token or self._stale(current)
        )

    def _stale(self, tokens: TokenSet) -> bool:
        return tokens.expires_within(self.skew_seconds, self.clock())

    def _known(self, tokens: TokenSet | None) -> TokenSet | None:
        # Another process may have stored this pair: mask it in our logs from now on.
        if tokens is not None:
            self.redactor.add(*tokens.secrets)
        return tokens

    def _renew(self, still_needed: Callable[[TokenSet], bool]) -> str:
        refused: NeedsReauthorization | None = None
        with self.store.locked(self.key) as handle:
            current = self._known(handle.load())
            if current is not None and not still_needed(current):
                return current.access_token  # someone refreshed while we waited for the lock
            try:
                fresh = self.refresher(current)
            except NeedsReauthorization as exc:
                refused = exc
            else:
                self.redactor.add(*fresh.secrets)
                handle.save(fresh)
                logger.info(
                    "Renewed the access token of %s; valid until %s",
                    self.key,
                    fresh.expires_at.isoformat(timespec="seconds"),
                )
                # Returning exits the lock first: the save is committed before the token is used.
                return fresh.access_token
        assert refused is not None  # every other way out of the block returned
        if current is not None:
            # Outside the lock: its transaction may not commit after a failure, the mark must.
            # (With no stored pair there was nothing to refuse, and the first reason stays.)
            self.store.mark_needs_reauthorization(self.key, refused.message)
            logger.warning("%s needs reauthorization: %s", self.key, refused.message)
        raise refused


class AuthorizedSession:
    """A ``ConnectorSession`` that sends the bearer token and, after a 401, renews it once
    and sends the call once more (an expired or revoked token is a 401, often with an empty
    body: reference/orocommerce.md §0.6, commercetools.md §2).

    Both sends go through the session, so both are throttled, guarded and recorded.
    """

    def __init__(
        self,
        session: ConnectorSession,
        tokens: TokenManager,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.session = session
        self.tokens = tokens
        self.headers = dict(headers or {})
        session.redactor.add(*(v for n, v in self.headers.items() if is_sensitive_name(n)))

    def __repr__(self) -> str:
        return f"AuthorizedSession({self.session.subscription!r})"

    def request(
        self, method: str, url: str, *, headers: Mapping[str, str] | None = None, **kw: Any
    ) -> requests.Response:
        token = self.tokens.access_token()
        try:
            return self.session.request(method, url, headers=self._headers(token, headers), **kw)
        except AuthenticationFailed as exc:
            if exc.status != 401:
                raise
            logger.info("%s: HTTP 401 from the store; renewing the token once", self.tokens.key)
        token = self.tokens.after_unauthorized(token)
        return self.session.request(method, url, headers=self._headers(token, headers), **kw)

    def get(self, url: str, **kw: Any) -> requests.Response:
        return self.request("GET", url, **kw)

    def get_json(self, url: str, **kw: Any) -> Any:
        return self.session.json_or_error(self.request("GET", url, **kw))

    def _headers(self, token: str, extra: Mapping[str, str] | None) -> dict[str, str]:
        return {**self.headers, **(extra or {}), "Authorization": f"Bearer {token}"}


def read_token_response(
    session: ConnectorSession, response: requests.Response, *, store: str, **options: Any
) -> TokenSet:
    """Parse a token endpoint's answer into a TokenSet and teach the redactor its tokens.

    ``options`` go to ``TokenSet.from_token_response`` (requested scope, default lifetime, the
    previous refresh token to keep when the server returns none).
    """
    payload = session.json_or_error(response)
    try:
        tokens = TokenSet.from_token_response(
            payload if isinstance(payload, dict) else {}, **options
        )
    except ValueError as exc:
        raise InvalidResponse(
            f"The {store} token endpoint answered without a usable token: {exc}.",
            status=response.status_code,
        ) from None
    session.redactor.add(*tokens.secrets)
    return tokens
