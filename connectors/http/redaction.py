"""Keep secrets out of logs, exception messages and call records.

Two nets: the known secret values of a subscription (client secret, tokens, API key) are
replaced wherever they appear, and values under sensitive names (Authorization headers,
``access_token`` fields, ``password=`` parameters) are replaced even when the value is unknown,
for example a token the store has just issued.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping

MASK = "[REDACTED]"

SENSITIVE_NAMES = (
    "authorization",
    "proxy-authorization",
    "x-api-key",
    "api_key",
    "apikey",
    "api-key",
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "password",
    "secret",
    "token",
    "code_verifier",
    "cookie",
    "set-cookie",
)

_NAMES = "|".join(re.escape(n) for n in sorted(SENSITIVE_NAMES, key=len, reverse=True))
# "name": "value"  /  'name': 'value'  (JSON bodies, dict reprs)
_QUOTED = re.compile(
    rf"""(?P<k>["'](?:[\w-]*?)(?:{_NAMES})["']\s*[:=]\s*)(?P<q>["'])(?P<v>.*?)(?P=q)""",
    re.IGNORECASE,
)
# name=value in query strings and form bodies
_FORM = re.compile(rf"(?P<k>(?:^|[?&\s])[\w-]*?(?:{_NAMES})=)(?P<v>[^&\s\"']+)", re.IGNORECASE)
# name: value / name = 'value' / Authorization: Bearer xyz (headers, debug lines, reprs).
# The name must end at a word boundary, so "tokenized" or "token_type" are not sensitive.
_NAMED = re.compile(
    rf"""(?P<k>\b[\w-]*(?:{_NAMES})\b["']?\s*[:=]\s*["']?)"""
    r"""(?P<v>(?:(?:Bearer|Basic|Token)\s+)?[^\s"',;&}]+)""",
    re.IGNORECASE,
)


EXCERPT_SLACK = 8192  # characters redacted past an excerpt's end (tokens are far shorter)


class Redactor:
    """Replaces known secret values and values of sensitive names with a mask.

    Thread-safe: workers add tokens they receive while other threads log.
    """

    def __init__(self, secrets: Iterable[str | None] = (), *, min_length: int = 4) -> None:
        self._lock = threading.Lock()
        self._min = min_length
        self._secrets: set[str] = set()
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        """Remember more secret values (for example a freshly issued access token)."""
        with self._lock:
            for s in secrets:
                # Very short values would mask ordinary words; they are not real secrets anyway.
                if s and len(s) >= self._min:
                    self._secrets.add(s)

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"

    def text(self, value: object) -> str:
        text = value if isinstance(value, str) else str(value)
        with self._lock:
            known = sorted(self._secrets, key=len, reverse=True)
        for secret in known:
            if secret in text:
                text = text.replace(secret, MASK)
        text = _QUOTED.sub(lambda m: f"{m['k']}{m['q']}{MASK}{m['q']}", text)
        text = _NAMED.sub(lambda m: f"{m['k']}{MASK}", text)
        return _FORM.sub(lambda m: f"{m['k']}{MASK}", text)

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        out = {}
        for name, value in headers.items():
            if is_sensitive_name(name):
                out[name] = MASK
            else:
                out[name] = self.text(value)
        return out

    def url(self, url: str) -> str:
        """The URL with secret query values and user:password masked."""
        text = re.sub(r"//[^/@\s]*:[^/@\s]*@", f"//{MASK}@", url)
        return self.text(text)

    def excerpt(self, body: object, limit: int = 2000) -> str:
        """A redacted, bounded excerpt of a request or response body.

        Only the head that the excerpt can show is redacted, plus a slack longer than any
        secret or sensitive value: redacting whole 100 KB bodies to keep 2 KB of each was a
        third of a product push's CPU. A value cut at the slack's end starts past what is shown.
        """
        text = _as_text(body)
        with self._lock:
            longest = max(map(len, self._secrets), default=0)
        head = limit + max(EXCERPT_SLACK, 2 * longest)
        if len(text) <= head:
            return excerpt(self.text(text), limit)
        shown = self.text(text[:head])[:limit]
        return f"{shown}... [{len(text) - limit} more characters]"


# The process-wide redactor: sessions and the logging filter share it by default, so a secret
# a connector registers (``shared_redactor.add(token)``) is masked in every log line too.
shared_redactor = Redactor()


def is_sensitive_name(name: str) -> bool:
    lowered = name.lower()
    return any(n in lowered for n in SENSITIVE_NAMES)


def _as_text(body: object) -> str:
    if body is None:
        return ""
    if isinstance(body, bytes | bytearray):
        return bytes(body).decode("utf-8", errors="replace")
    return str(body)


def excerpt(text: str, limit: int = 2000) -> str:
    """At most ``limit`` characters, with a marker saying how much was cut."""
    text = _as_text(text)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... [{len(text) - limit} more characters]"


class RedactingFilter(logging.Filter):
    """A logging filter that rewrites each record's message with the redactor.

    The message is rendered once (``getMessage``) and the arguments dropped, so a secret passed
    as an argument cannot come back when a handler formats the record.
    """

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = self.redactor.text(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Render the traceback now, redacted, so the handler does not render the raw one.
            record.exc_text = self.redactor.text(
                logging.Formatter().formatException(record.exc_info)
            )
            record.exc_info = None
        elif record.exc_text:
            # Another filter rendered it already: redact with this redactor's secrets too.
            record.exc_text = self.redactor.text(record.exc_text)
        return True


# The loggers that print requests and responses at DEBUG.
HTTP_LOGGERS = ("urllib3", "requests_oauthlib", "oauthlib", "requests", "connectors")


def install_log_redaction(
    redactor: Redactor | None = None, loggers: Iterable[str] = HTTP_LOGGERS
) -> RedactingFilter:
    """Attach one redacting filter to the loggers (and their handlers) that can see secrets.

    Filters on a logger only apply to records created on that exact logger, not its children
    (``urllib3.connectionpool``), so the filter is also added to every handler of the root
    logger and of the named loggers. Calling it again with the same redactor is harmless.
    """
    flt = RedactingFilter(redactor or shared_redactor)
    targets: list[logging.Filterer] = []
    for name in loggers:
        logger = logging.getLogger(name)
        targets.append(logger)
        targets.extend(logger.handlers)
        # Child loggers that already exist (urllib3.connectionpool, oauthlib.oauth2.rfc6749...).
        for child_name, child in logging.root.manager.loggerDict.items():
            if child_name.startswith(name + ".") and isinstance(child, logging.Logger):
                targets.append(child)
    targets.extend(logging.getLogger().handlers)
    for target in targets:
        if not any(
            isinstance(f, RedactingFilter) and f.redactor is redactor for f in target.filters
        ):
            target.addFilter(flt)
    return flt
