"""The OroCommerce authorization, portal side: start (state + PKCE) and callback (checks,
code exchange, encrypted storage). The OAuth mechanics live in ``connectors.orocommerce.auth``.

RFC 9700 in practice:
- ``state`` is random, single use, kept in the user's server-side session together with the
  subscription it belongs to, and expires after ``STATE_LIFETIME``.
- The PKCE (S256) verifier stays in that server-side session: never in a URL or a cookie.
- The redirect URI is the subscription's exact Redirect Url; an ``iss`` in the answer must be
  the instance's own origin (mix-up defence, RFC 9207).
- Codes, verifiers and tokens never reach a log, a page or an exception message.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from connectors.http.errors import AuthenticationFailed, ConnectorError
from connectors.orocommerce import auth as oro_auth
from connectors.orocommerce.errors import REDIRECT_HINT, error_parser
from subscriptions.connection_test import classify
from subscriptions.models import Subscription
from subscriptions.runtime import connector_session
from subscriptions.services import secret_values
from subscriptions.token_store import store_authorization

logger = logging.getLogger(__name__)

PENDING = "switchboard.oauth.pending"  # state -> the authorization it started
USED = "switchboard.oauth.used"  # hashes of states already answered (to name a reuse)
STATE_LIFETIME = timedelta(minutes=10)
AUTHORIZE_AGAIN = "Click Authorize again on the subscription page."


@dataclass(frozen=True)
class AuthorizationProblem:
    """What went wrong, in plain words, and what to do."""

    title: str
    message: str
    remedy: str
    code: str


class AuthorizationError(Exception):
    def __init__(self, problem: AuthorizationProblem, subscription: Subscription | None = None):
        super().__init__(problem.message)
        self.problem = problem
        self.subscription = subscription


@dataclass(frozen=True)
class AuthorizationResult:
    subscription: Subscription
    valid_until: datetime
    reauthorized: bool


def _problem(code: str, title: str, message: str, remedy: str = AUTHORIZE_AGAIN):
    return AuthorizationProblem(title=title, message=message, remedy=remedy, code=code)


def _fingerprint(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def _oro_settings(subscription: Subscription) -> oro_auth.OroAuthSettings:
    return oro_auth.OroAuthSettings.from_settings(subscription.settings)


def _session(subscription: Subscription):
    return connector_session(subscription, error_parser=error_parser)


def _connector_problem(exc: ConnectorError, title: str) -> AuthorizationProblem:
    # The same remedies as Test connection (an unreachable host, a bad certificate, ...).
    _, remedy = classify(exc, "orocommerce", "token")
    return _problem(exc.code, title, exc.message, remedy)


# --- start ----------------------------------------------------------------------------------


def start_authorization(
    session: MutableMapping[str, Any], subscription: Subscription, user: AbstractBaseUser
) -> str:
    """Remember a new state and verifier in the user's session; return the authorize URL."""
    if subscription.connector_descriptor.auth_kind != "authorization_code_pkce":
        raise AuthorizationError(
            _problem(
                "no_authorization",
                "Nothing to authorize",
                f"{subscription.connector_descriptor.name} uses client credentials: there is "
                "no sign-in step.",
                "Use Test connection: it fetches a token with the Client ID and Secret.",
            ),
            subscription,
        )
    oro = _oro_settings(subscription)
    try:
        endpoints = oro_auth.discover_endpoints(_session(subscription), oro)
        state, verifier = oro_auth.new_state(), oro_auth.new_code_verifier()
        url = oro_auth.build_authorization_request(
            oro, state, verifier, endpoints, allowed_hosts=settings.OUTBOUND_ALLOWED_HOSTS
        )
    except ConnectorError as exc:
        raise AuthorizationError(
            _connector_problem(exc, "The authorization could not start"), subscription
        ) from None
    pending = _live(session.get(PENDING) or {})
    pending[state] = {
        "subscription": subscription.pk,
        "user": user.pk,
        "verifier": verifier,
        "token_url": endpoints.token_url,
        "authorize_url": endpoints.authorize_url,
        "expires": time.time() + STATE_LIFETIME.total_seconds(),
    }
    session[PENDING] = pending
    logger.info("Authorization of subscription %s started by user %s", subscription.pk, user.pk)
    return url


def check_callback_host(subscription: Subscription, portal_host: str) -> None:
    """The store sends the browser back to the Redirect Url; the state and verifier wait in the
    session of the host the user started on. Cookies are per host name (localhost and
    127.0.0.1 are two hosts to a browser), so on another host the answer would land on a
    login page and the authorization could never complete: refuse before leaving the portal."""
    redirect = urlsplit(str(subscription.settings.get("redirect_url") or ""))
    if not redirect.netloc or redirect.netloc.lower() == portal_host.lower():
        return
    portal = f"{redirect.scheme}://{redirect.netloc}"
    raise AuthorizationError(
        _problem(
            "redirect_host_mismatch",
            "Open the portal at its Redirect Url's address",
            f"You are using the portal at {portal_host}, but OroCommerce will send you back to "
            f"{redirect.geturl()}. Your portal login is not shared between the two addresses, "
            "so the authorization could not be completed there.",
            f"Open {portal}/admin/, sign in there and click Authorize again (or change the "
            "Redirect Url, here and in the OroCommerce OAuth application, to the address you "
            "use).",
        ),
        subscription,
    )


def _live(pending: Mapping[str, Any]) -> dict[str, Any]:
    """Drop expired entries, so an abandoned attempt does not stay in the session."""
    now = time.time()
    return {k: v for k, v in pending.items() if v.get("expires", 0) > now}


# --- callback -------------------------------------------------------------------------------


def complete_authorization(
    session: MutableMapping[str, Any], params: Mapping[str, str], user: AbstractBaseUser
) -> AuthorizationResult:
    """Check the answer, exchange the code, store the tokens. Raises ``AuthorizationError``."""
    attempt = _take_attempt(session, params.get("state") or "", user)
    subscription = Subscription.objects.filter(pk=attempt["subscription"]).first()
    if subscription is None:
        raise AuthorizationError(
            _problem(
                "subscription_gone",
                "The subscription no longer exists",
                "The subscription this authorization was started for has been deleted.",
                "Open an existing subscription and click Authorize there.",
            )
        )
    oro = _oro_settings(subscription)
    _check_issuer(params, oro, subscription)
    try:
        code = oro_auth.code_from_callback(params, params.get("state") or "")
    except AuthenticationFailed as exc:
        raise AuthorizationError(_callback_problem(exc, params), subscription) from None
    verifier = attempt.get("verifier")
    if not verifier:
        raise AuthorizationError(
            _problem(
                "missing_verifier",
                "The authorization cannot be completed",
                "The portal no longer holds the PKCE verifier of this authorization, so the code "
                "cannot be exchanged.",
            ),
            subscription,
        )
    endpoints = oro_auth.OroEndpoints(
        authorize_url=attempt.get("authorize_url") or oro.endpoints.authorize_url,
        token_url=attempt.get("token_url") or oro.endpoints.token_url,
    )
    client_secret = secret_values(subscription).get("client_secret")
    try:
        tokens = oro_auth.exchange_code(
            _session(subscription), oro, client_secret, code, verifier, endpoints
        )
    except ConnectorError as exc:
        raise AuthorizationError(
            _connector_problem(exc, "OroCommerce did not issue tokens"), subscription
        ) from None
    reauthorized = store_authorization(subscription, tokens, user)
    logger.info("Subscription %s authorized by user %s", subscription.pk, user.pk)
    return AuthorizationResult(subscription, tokens.expires_at, reauthorized)


def _take_attempt(
    session: MutableMapping[str, Any], state: str, user: AbstractBaseUser
) -> dict[str, Any]:
    """The attempt ``state`` names, removed from the session whatever happens next."""
    if not state:
        raise AuthorizationError(
            _problem(
                "missing_state",
                "The answer is not an authorization answer",
                "The address has no state parameter, so it cannot be matched to an "
                "authorization started here.",
            )
        )
    pending = dict(session.get(PENDING) or {})
    attempt = pending.pop(state, None)
    used = list(session.get(USED) or [])
    fingerprint = _fingerprint(state)
    if attempt is not None:
        session[PENDING] = pending
        session[USED] = [*used[-19:], fingerprint]
    if attempt is None and fingerprint in used:
        raise AuthorizationError(
            _problem(
                "state_reused",
                "This authorization answer was already used",
                "The page was reloaded or the answer was sent twice; each answer works once.",
                "If the subscription is not authorized yet, click Authorize again.",
            )
        )
    if attempt is None:
        raise AuthorizationError(
            _problem(
                "state_mismatch",
                "The answer does not match an authorization started in this browser session",
                "It was started in another browser session or by another user, or the address "
                "was changed. Nothing was stored.",
                "Click Authorize on the subscription page in this browser, then sign in.",
            )
        )
    if attempt.get("expires", 0) <= time.time():
        minutes = int(STATE_LIFETIME.total_seconds() // 60)
        raise AuthorizationError(
            _problem(
                "state_expired",
                "The authorization took too long",
                f"More than {minutes} minutes passed between Authorize and the answer.",
                f"Click Authorize again and sign in within {minutes} minutes.",
            )
        )
    if attempt.get("user") != user.pk:
        raise AuthorizationError(
            _problem(
                "other_user",
                "The authorization was started by another user",
                "It was started under another portal login in this browser. Nothing was stored.",
                "Sign in as the user who clicked Authorize, or click Authorize again.",
            )
        )
    return attempt


def _check_issuer(
    params: Mapping[str, str], oro: oro_auth.OroAuthSettings, subscription: Subscription
) -> None:
    issuer = params.get("iss")
    if not issuer:
        return
    home, answer = urlsplit(oro.base), urlsplit(issuer)
    if (home.scheme, home.hostname, home.port) != (answer.scheme, answer.hostname, answer.port):
        raise AuthorizationError(
            _problem(
                "issuer_mismatch",
                "The answer came from another authorization server",
                f"The answer names {answer.hostname or 'an unknown host'} as its issuer, not "
                f"the subscription's API Url host {home.hostname}. Nothing was stored.",
            ),
            subscription,
        )


def _callback_problem(exc: AuthenticationFailed, params: Mapping[str, str]) -> AuthorizationProblem:
    if exc.code == "authorization_denied":
        return _problem(exc.code, "Access was denied", exc.message, exc.hint)
    description = (params.get("error_description") or "").lower()
    if "redirect" in description:
        return _problem(
            "redirect_uri_mismatch", "The Redirect Url was refused", exc.message, REDIRECT_HINT
        )
    remedy = exc.hint
    if exc.code == "authorization_refused":
        remedy = (
            "Check that the OroCommerce OAuth application is active with grant type "
            "Authorization Code, then click Authorize again."
        )
    return _problem(exc.code, "OroCommerce refused the authorization", exc.message[:500], remedy)
