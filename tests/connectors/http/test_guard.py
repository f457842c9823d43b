"""The outbound guard refuses anything but public addresses, unless the host is allow-listed."""

from __future__ import annotations

import pytest
import responses

from connectors.http import DestinationBlocked, OutboundGuard, check_url
from connectors.http.guard import GuardedAdapter
from sandbox.counting import counting_server


def answers(*addresses: str):
    """A resolver whose every answer is ``addresses``, as a hostile DNS server would give."""

    def resolve(host: str, port: int) -> list[str]:
        return list(addresses)

    return resolve


def unresolvable(host: str, port: int) -> list[str]:
    raise OSError(f"cannot resolve {host}")


# (host in the URL, what DNS answers for it) - every row must be refused at connect time.
HOSTILE = [
    ("127.0.0.1", None),
    ("127.1", None),
    ("0x7f.1", None),
    ("0177.0.0.1", None),
    ("2130706433", None),  # decimal form of 127.0.0.1
    ("0x7f000001", None),
    ("::1", None),
    ("::ffff:127.0.0.1", None),  # IPv4-mapped IPv6
    ("::ffff:a9fe:a9fe", None),  # mapped 169.254.169.254
    ("169.254.169.254", None),  # cloud metadata
    ("fd00:ec2::254", None),  # AWS metadata over IPv6
    ("100.100.100.200", None),  # Alibaba metadata
    ("100.64.0.1", None),  # carrier-grade NAT
    ("64:ff9b::7f00:1", None),  # NAT64 of 127.0.0.1
    ("2002:7f00:1::", None),  # 6to4 of 127.0.0.1
    ("2001::1", None),  # Teredo
    ("::", None),
    ("0.0.0.0", None),
    ("0", None),
    ("10.0.0.5", None),
    ("172.16.3.4", None),
    ("192.168.1.1", None),
    ("fd00::1", None),  # unique local
    ("fe80::1", None),  # link-local
    ("224.0.0.1", None),  # multicast
    ("ff02::1", None),
    ("240.0.0.1", None),  # reserved
    ("255.255.255.255", None),
    ("198.18.0.1", None),  # benchmarking network, not global
    ("localhost", None),
    ("api.localhost", None),
    ("printer.local", None),
    ("metadata.google.internal", None),
    ("intranet", None),  # single label
    ("shop.example.com", ["10.0.0.5"]),  # a public name pointing inside (DNS rebinding)
    ("shop.example.com", ["93.184.215.14", "127.0.0.1"]),  # one bad answer is enough
    ("shop.example.com", ["::ffff:10.1.2.3"]),
    ("shop.example.com", ["169.254.169.254"]),
    ("shop.example.com", ["fe80::1%eth0"]),
]


@pytest.mark.parametrize(("host", "dns"), HOSTILE)
def test_hostile_destinations_are_refused_when_connecting(host, dns):
    guard = OutboundGuard(resolver=answers(*(dns or ["127.0.0.1"])))
    with pytest.raises(DestinationBlocked) as caught:
        guard.resolve(host, 443)
    assert host in str(caught.value)
    assert "refused" in str(caught.value)


@pytest.mark.parametrize(("host", "dns"), [row for row in HOSTILE if row[1] is None])
def test_hostile_literals_and_local_names_are_refused_when_saving(host, dns):
    netloc = f"[{host}]" if ":" in host else host
    with pytest.raises(DestinationBlocked):
        check_url(f"https://{netloc}/api", allowed_hosts=[])


def test_public_addresses_pass():
    guard = OutboundGuard(
        resolver=answers("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
    )
    assert guard.resolve("shop.example.com", 443) == [
        "93.184.215.14",
        "2606:2800:21f:cb07:6820:80da:af6b:8b2c",
    ]


def test_message_names_the_host_and_the_reason():
    guard = OutboundGuard(resolver=answers("10.0.0.5"))
    with pytest.raises(
        DestinationBlocked, match=r"shop\.example\.com resolves to 10\.0\.0\.5, which is a private"
    ):
        guard.resolve("shop.example.com", 443)


def test_allow_listed_host_may_be_private_and_plain_http():
    guard = OutboundGuard(["Sandbox.Test", "localhost"], resolver=answers("127.0.0.1"))
    assert guard.resolve("sandbox.test", 80) == ["127.0.0.1"]
    assert check_url("http://localhost:8001/admin/api", ["localhost"]) == []
    assert check_url("http://sandbox.test/api", ["sandbox.test"], resolve=answers("10.0.0.1")) == []


def test_save_time_refuses_plain_http():
    with pytest.raises(DestinationBlocked, match=r"shop\.example\.com must be called over https"):
        check_url("http://shop.example.com/api", [])


def test_save_time_refuses_credentials_in_the_url():
    with pytest.raises(DestinationBlocked, match="user name or password"):
        check_url("https://admin:hunter2@shop.example.com/", [])


def test_save_time_refuses_a_name_that_resolves_inside():
    with pytest.raises(DestinationBlocked, match=r"10\.0\.0\.5"):
        check_url("https://shop.example.com/", [], resolve=answers("10.0.0.5"))


def test_save_time_only_warns_when_a_name_does_not_resolve():
    warnings = check_url("https://shop.example.com/api", [], resolve=unresolvable)
    assert warnings == [
        "shop.example.com does not resolve from this machine; check the spelling if calls fail."
    ]


def test_save_time_accepts_a_public_https_url():
    assert check_url("https://shop.example.com/api", [], resolve=answers("93.184.215.14")) == []
    assert check_url("https://shop.example.com/api", []) == []  # no lookup asked


def test_connect_time_check_uses_the_replaceable_resolver(make_session):
    """No network needed: the guard refuses before any socket is opened."""
    session = make_session(resolver=answers("10.0.0.5"))
    with pytest.raises(DestinationBlocked, match=r"resolves to 10\.0\.0\.5"):
        session.get("https://shop.example.com/api/products")


def test_connection_goes_to_the_checked_address(make_session):
    """An allow-listed name reaches the address the guard's resolver gave, over a real socket."""
    with counting_server() as server:
        port = server.server_address[1]
        session = make_session(allowed_hosts=["sandbox.test"], resolver=answers("127.0.0.1"))
        assert session.get_json(f"http://sandbox.test:{port}/ping") == {"ok": True}
        assert len(server.starts) == 1


def test_local_server_is_refused_unless_allow_listed(make_session):
    with counting_server() as server:
        with pytest.raises(DestinationBlocked):
            make_session().get(server.url.replace("http:", "https:") + "/ping")
        assert (
            make_session(allowed_hosts=["127.0.0.1"]).get(server.url + "/ping").status_code == 200
        )
        assert len(server.starts) == 1


def test_redirect_to_another_host_is_not_followed(make_session):
    with responses.RequestsMock() as stub:
        stub.get(
            "https://shop.example.com/api/x",
            status=302,
            headers={"Location": "http://169.254.169.254/latest"},
        )
        with pytest.raises(DestinationBlocked, match="redirects to another host are not followed"):
            make_session().get("https://shop.example.com/api/x")
        assert len(stub.calls) == 1


def test_redirect_on_the_same_host_is_followed(make_session):
    with responses.RequestsMock() as stub:
        stub.get("https://shop.example.com/api/x", status=301, headers={"Location": "/api/y"})
        stub.get("https://shop.example.com/api/y", json={"moved": True})
        assert make_session().get_json("https://shop.example.com/api/x") == {"moved": True}


def test_redirect_from_https_to_http_is_not_followed(make_session):
    with responses.RequestsMock() as stub:
        stub.get(
            "https://shop.example.com/a",
            status=302,
            headers={"Location": "http://shop.example.com/b"},
        )
        with pytest.raises(DestinationBlocked):
            make_session().get("https://shop.example.com/a")


def test_environment_proxies_are_ignored(make_session, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://10.0.0.1:3128")
    assert make_session().http.trust_env is False


def test_adapter_survives_pickling_state():
    adapter = GuardedAdapter(OutboundGuard(["x.test"]))
    assert adapter.__getstate__()["guard"].allowed_hosts == frozenset({"x.test"})
