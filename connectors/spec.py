"""Declarative connector settings: one spec per connector drives the admin form, the
validation, the defaults and what is kept secret.

Everything here is plain Python. The Django form in ``subscriptions.forms`` is generated
from these declarations, so a third connector needs no admin code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

Kind = Literal["text", "url", "secret", "bool", "int", "choice"]


class SettingError(ValueError):
    """A value the user typed is not acceptable; the message says what to do instead."""

    def __init__(self, key: str | None, message: str) -> None:
        super().__init__(message)
        self.key = key
        self.message = message


@dataclass(frozen=True)
class SettingsContext:
    """What validation needs to know about the portal it runs in."""

    portal_callback_url: str = ""
    outbound_allowed_hosts: tuple[str, ...] = ()
    # Save-time DNS resolution only produces warnings; tests and offline machines turn it off.
    resolve_hosts: bool = False


Validator = Callable[[Any, SettingsContext], "list[str] | None"]


@dataclass(frozen=True)
class Setting:
    """One field of a subscription's settings, in the seed documents' words."""

    key: str
    label: str
    kind: Kind = "text"
    required: bool = False
    default: Any = None
    help: str = ""
    example: str = ""
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    # Credentials are hidden from roles without the credential permission (Support).
    # Every secret is a credential; some non-secret values (a client id) are too.
    credential: bool = False
    # Extra checks on the converted value: each raises SettingError(None, message) to refuse
    # it, or returns a list of warnings (shown to the user without refusing the value).
    validators: tuple[Validator, ...] = ()
    max_length: int = 500

    @property
    def secret(self) -> bool:
        return self.kind == "secret"

    @property
    def is_credential(self) -> bool:
        return self.credential or self.secret

    def initial(self, context: SettingsContext) -> Any:
        """The default shown on a new subscription (a callable default sees the context)."""
        return self.default(context) if callable(self.default) else self.default

    def clean(self, raw: Any, context: SettingsContext, warnings: list[str] | None = None) -> Any:
        """Convert and validate one raw value; blank means "not set" (None)."""
        if isinstance(raw, str):
            raw = raw.strip()
        if raw in (None, "") and self.kind != "bool":
            if self.required:
                raise SettingError(self.key, f"{self.label} is required.")
            # Blank takes the seed's default ("7 if left blank"); callables are form initials.
            return None if callable(self.default) else self.default
        value = self._convert(raw)
        for validate in self.validators:
            try:
                found = validate(value, context)
            except SettingError as exc:
                raise SettingError(self.key, exc.message) from None
            if found and warnings is not None:
                warnings.extend(f"{self.label}: {w}" for w in found)
        return value

    def _convert(self, raw: Any) -> Any:
        if self.kind == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("", "0", "false", "no", "off"):
                return False
            if text in ("1", "true", "yes", "on"):
                return True
            raise SettingError(self.key, f"{self.label} must be Yes or No.")
        if self.kind == "int":
            try:
                number = int(str(raw).strip())
            except ValueError:
                raise SettingError(self.key, f"{self.label} must be a whole number.") from None
            if self.min_value is not None and number < self.min_value:
                raise SettingError(
                    self.key, f"{self.label} must be at least {self.min_value} (got {number})."
                )
            if self.max_value is not None and number > self.max_value:
                raise SettingError(
                    self.key, f"{self.label} must be at most {self.max_value} (got {number})."
                )
            return number
        text = str(raw)
        if len(text) > self.max_length:
            raise SettingError(
                self.key,
                f"{self.label} is too long ({len(text)} characters, at most {self.max_length}).",
            )
        if self.kind == "choice":
            allowed = [value for value, _ in self.choices]
            if text not in allowed:
                raise SettingError(
                    self.key, f"{self.label} must be one of {', '.join(allowed)} (got {text!r})."
                )
        if self.kind == "url":
            parts = urlsplit(text)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise SettingError(
                    self.key, f"{self.label} must be a full URL such as https://example.com."
                )
            if parts.username or parts.password:
                raise SettingError(
                    self.key, f"{self.label} must not contain a user name or password."
                )
            if parts.fragment:
                raise SettingError(self.key, f"{self.label} must not contain a #fragment.")
        return text


@dataclass(frozen=True)
class ThrottleDefaults:
    """The throttle fields every subscription has; defaults come from the connector.

    Ranges are settled in DECISIONS.md: limit 1-500 requests per 1-3600 seconds,
    1-10 concurrent connections and batch executions.
    """

    limit: int = 500
    seconds: int = 60
    connections: int = 5
    batch_executions: int = 5


THROTTLE_RANGES: Mapping[str, tuple[int, int]] = {
    "throttle_limit": (1, 500),
    "throttle_seconds": (1, 3600),
    "concurrent_connections": (1, 10),
    "concurrent_batch_executions": (1, 10),
}


@dataclass
class CleanedSettings:
    values: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


CrossCheck = Callable[[dict[str, Any], SettingsContext, list[str]], None]


@dataclass(frozen=True)
class ConnectorSpec:
    settings: tuple[Setting, ...]
    throttle: ThrottleDefaults = ThrottleDefaults()
    # Checks across fields (derivations, contradictions); they may fill in derived values,
    # append warnings, and raise SettingError naming the field at fault.
    cross_checks: tuple[CrossCheck, ...] = ()

    def __post_init__(self) -> None:
        keys = [s.key for s in self.settings]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate setting keys in {keys}")

    def setting(self, key: str) -> Setting:
        for setting in self.settings:
            if setting.key == key:
                return setting
        raise KeyError(key)

    @property
    def secret_keys(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.settings if s.secret)

    def clean(
        self,
        raw: Mapping[str, Any],
        context: SettingsContext,
        *,
        stored_secrets: frozenset[str] = frozenset(),
    ) -> CleanedSettings:
        """Validate every field, then the cross-field checks.

        ``stored_secrets`` names the secrets already stored: for those a blank input keeps the
        stored value, so a required secret is only required on a new subscription.
        Raises ``SettingsInvalid`` carrying every field error at once.
        """
        values: dict[str, Any] = {}
        errors: dict[str, list[str]] = {}
        warnings: list[str] = []
        for setting in self.settings:
            try:
                if setting.secret and setting.key in stored_secrets and not raw.get(setting.key):
                    values[setting.key] = None  # keep what is stored
                    continue
                values[setting.key] = setting.clean(raw.get(setting.key), context, warnings)
            except SettingError as exc:
                errors.setdefault(setting.key, []).append(exc.message)
        if not errors:
            for check in self.cross_checks:
                try:
                    check(values, context, warnings)
                except SettingError as exc:
                    errors.setdefault(exc.key or "__all__", []).append(exc.message)
        if errors:
            raise SettingsInvalid(errors)
        return CleanedSettings(values=values, warnings=warnings)


class SettingsInvalid(ValueError):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def identifier(label: str) -> Validator:
    def check(value: Any, context: SettingsContext) -> None:
        if not IDENTIFIER.match(value):
            raise SettingError(
                None,
                f"{label} must be an entity field name: letters, digits and underscores, "
                f"not starting with a digit (got {value!r}).",
            )

    return check


def outbound_url(value: Any, context: SettingsContext) -> list[str] | None:
    """A URL the portal's workers will call: https, and never a private or local address
    unless the host is in OUTBOUND_ALLOWED_HOSTS (the server calls it: SSRF)."""
    from connectors.http.guard import DestinationBlocked, check_url, system_resolver

    try:
        return check_url(
            value,
            allowed_hosts=context.outbound_allowed_hosts,
            resolve=system_resolver if context.resolve_hosts else None,
        )
    except DestinationBlocked as exc:
        raise SettingError(None, str(exc)) from None


LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def browser_redirect_url(value: Any, context: SettingsContext) -> None:
    """The OAuth redirect URL is opened by the user's browser, not called by the server, so
    the SSRF rule does not apply; RFC 9700 still wants https, except on loopback."""
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    allowed = LOOPBACK_NAMES | {h.lower() for h in context.outbound_allowed_hosts}
    if parts.scheme != "https" and host not in allowed:
        raise SettingError(
            None,
            f"The redirect URL must use https (plain http is only accepted for loopback "
            f"and for hosts in OUTBOUND_ALLOWED_HOSTS); got {parts.scheme}://{host}.",
        )
    if parts.query:
        raise SettingError(None, "The redirect URL must not carry a query string.")
