"""The outbound guard: calls go to public internet addresses only, unless allow-listed.

Checked twice. At save time, ``check_url`` refuses plain http, blocked IP literals and local
names, and warns when a name does not resolve. At call time, the guarded adapter resolves the
host itself, checks every address, and connects to a checked address, so a name that
resolves (or re-resolves) to a private address is refused when the connection is made.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from connectors.http.errors import DestinationBlocked

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> IP addresses as text. Tests replace it; the default asks the system resolver.
Resolver = Callable[[str, int], list[str]]

_SHARED_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_METADATA = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task metadata
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("fd00:ec2::254"),  # AWS over IPv6
}
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".localdomain", ".lan", ".home.arpa")


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    # Drop an IPv6 zone ("fe80::1%eth0"): ipaddress cannot parse it and it is link-local anyway.
    return list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))


def blocked_reason(ip: IPAddress) -> str | None:
    """Why this address may not be called, in plain words, or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            inner = blocked_reason(ip.ipv4_mapped)
            return f"an IPv4-mapped form of {ip.ipv4_mapped}, {inner}" if inner else None
        if ip in _SIX_TO_FOUR:
            return "a 6to4 address (2002::/16), which can reach any IPv4 network"
        if any(ip in net for net in _NAT64):
            return "a NAT64 address (64:ff9b::/96), which can reach any IPv4 network"
        if ip.teredo is not None:
            return "a Teredo tunnel address"
    if ip in _METADATA:
        return "a cloud metadata address"
    if ip.is_unspecified:
        return "the unspecified address"
    if ip.is_loopback:
        return "a loopback address (this machine)"
    if ip.is_link_local:
        return "a link-local address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED_CGNAT:
        return "a carrier-grade NAT address (100.64.0.0/10)"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_private:
        return "a private network address"
    if ip.is_reserved:
        return "a reserved address"
    if not ip.is_global:
        return "not a public internet address"
    return None


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host string denotes by itself, including the short and numeric IPv4
    forms the system resolver accepts (``127.1``, ``0x7f.1``, ``2130706433``, ``0177.0.0.1``)."""
    host = host.strip("[]")
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    if host and all(c in "0123456789abcdefx." for c in host.lower()):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:
            return None
    return None


def normalize_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def local_name_reason(host: str) -> str | None:
    if host == "localhost" or host.endswith(_LOCAL_SUFFIXES):
        return "a local network name"
    if "." not in host and ":" not in host:
        return "a single-label name, which only a local network can resolve"
    return None


class OutboundGuard:
    """Decides which hosts and addresses calls may reach."""

    def __init__(self, allowed_hosts: Iterable[str] = (), resolver: Resolver | None = None):
        self.allowed_hosts = frozenset(normalize_host(h) for h in allowed_hosts if h.strip())
        self.resolver = resolver or system_resolver

    def is_allowed(self, host: str) -> bool:
        return normalize_host(host) in self.allowed_hosts

    def check_host(self, host: str) -> None:
        """Refuse IP literals and local names that are blocked (no DNS lookup)."""
        name = normalize_host(host)
        if self.is_allowed(name):
            return
        ip = parse_ip_literal(name)
        if ip is not None:
            reason = blocked_reason(ip)
            if reason:
                raise DestinationBlocked(f"{host} is {reason}; calls to it are refused.")
            return
        reason = local_name_reason(name)
        if reason:
            raise DestinationBlocked(f"{host} is {reason}; calls to it are refused.")

    def resolve(self, host: str, port: int) -> list[str]:
        """The addresses to connect to; refuses when any of them is blocked."""
        name = normalize_host(host)
        self.check_host(name)
        literal = parse_ip_literal(name)
        addresses = [str(literal)] if literal else self.resolver(name, port)
        if self.is_allowed(name):
            return addresses
        if not addresses:
            raise DestinationBlocked(f"{host} did not resolve to any address.")
        for text in addresses:
            ip = ipaddress.ip_address(text.split("%")[0])
            reason = blocked_reason(ip)
            if reason:
                # Name the answer: a public name pointing inside is what DNS rebinding looks like.
                raise DestinationBlocked(
                    f"{host} resolves to {ip}, which is {reason}; calls to it are refused."
                )
        return addresses

    def check_url(self, url: str) -> None:
        """Call-time URL check (scheme and host); the address is checked on connect."""
        parts = urlsplit(url)
        host = parts.hostname or ""
        if parts.scheme not in ("http", "https") or not host:
            raise DestinationBlocked(f"{url!r} is not an http(s) URL with a host.")
        if parts.scheme == "http" and not self.is_allowed(host):
            raise DestinationBlocked(
                f"{host} must be called over https; only hosts in OUTBOUND_ALLOWED_HOSTS "
                "may use plain http."
            )
        self.check_host(host)


def check_url(
    url: str, allowed_hosts: Iterable[str] = (), resolve: Resolver | None = None
) -> list[str]:
    """The save-time check used by the settings forms.

    Raises ``DestinationBlocked`` (its message names the host and why) for what can never
    work safely; returns warnings for what may be fine, such as a name that does not resolve
    from this machine. ``resolve=None`` skips the DNS lookup.
    """
    guard = OutboundGuard(allowed_hosts, resolver=resolve)
    parts = urlsplit(url.strip())
    if parts.username or parts.password:
        raise DestinationBlocked(
            "The URL contains a user name or password; enter credentials in their own fields."
        )
    guard.check_url(url.strip())
    host = parts.hostname or ""
    if resolve is None or guard.is_allowed(host) or parse_ip_literal(host) is not None:
        return []
    try:
        guard.resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except DestinationBlocked:
        raise
    except (OSError, UnicodeError):
        return [f"{host} does not resolve from this machine; check the spelling if calls fail."]
    return []


class GuardedHTTPConnection(HTTPConnection):
    guard: OutboundGuard

    def _new_conn(self) -> socket.socket:
        try:
            addresses = self.guard.resolve(self._dns_host, self.port)
        except socket.gaierror as e:
            raise NameResolutionError(self.host, self, e) from e
        last: OSError | None = None
        for address in addresses:
            try:
                # Connect to the checked address itself: no second lookup can change it.
                return create_connection(
                    (address, self.port),
                    self.timeout,
                    source_address=self.source_address,
                    socket_options=self.socket_options,
                )
            except TimeoutError as e:
                raise ConnectTimeoutError(
                    self, f"Connection to {self.host} timed out. (connect timeout={self.timeout})"
                ) from e
            except OSError as e:
                last = e
        raise NewConnectionError(self, f"Failed to establish a new connection: {last}")


class GuardedHTTPSConnection(GuardedHTTPConnection, HTTPSConnection):
    pass


class GuardedAdapter(HTTPAdapter):
    """A requests adapter whose connections go through the guard (TLS still checks the name)."""

    def __init__(self, guard: OutboundGuard, **kwargs: Any) -> None:
        self.guard = guard
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        attrs = {"guard": self.guard}
        http_conn = type("BoundHTTPConnection", (GuardedHTTPConnection,), attrs)
        https_conn = type("BoundHTTPSConnection", (GuardedHTTPSConnection,), attrs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type("GuardedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn}),
            "https": type(
                "GuardedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn}
            ),
        }

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["guard"] = self.guard
        return state
