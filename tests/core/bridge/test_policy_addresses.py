"""Where a page's document URLs may resolve to: the name's addresses are checked, not only for
127.0.0.1 (reviewer's exp_policy.py: 0.0.0.0 reached a service bound to 127.0.0.1)."""

from __future__ import annotations

import pytest

from kyso.core.bridge.policy import BridgePolicy, BridgeRefused

ORIGIN = "https://qlvb.example.vn"
URL = "https://qlvb.example.vn/doc.pdf"


def _policy(addresses: list[str], **kw) -> BridgePolicy:
    return BridgePolicy(resolve=lambda host: list(addresses), **kw)


@pytest.mark.parametrize("addresses", [
    ["127.0.0.1"], ["::1"],
    ["0.0.0.0"], ["::"],                                   # unspecified reaches local services
    ["::ffff:127.0.0.1"], ["::ffff:10.0.0.5"], ["::ffff:169.254.169.254"],  # mapped detours
    ["169.254.169.254"], ["169.254.1.1"], ["fe80::1"],     # link-local, cloud metadata
    ["224.0.0.1"], ["ff02::1"],                            # multicast
    ["240.0.0.1"],                                         # reserved
    [],                                                    # resolves to nothing
    ["10.0.0.5", "127.0.0.1"],                             # one bad address is enough
])
@pytest.mark.parametrize("purpose", ["download", "upload"])
def test_names_resolving_to_forbidden_addresses_are_refused(addresses, purpose) -> None:
    with pytest.raises(BridgeRefused) as caught:
        _policy(addresses).check_url(URL, ORIGIN, purpose=purpose)
    assert caught.value.code == "bridge_private_address"


@pytest.mark.parametrize("addresses", [
    ["10.0.0.5"], ["192.168.1.20"], ["172.16.3.4"], ["fd00::5"],  # intranet servers
    ["203.113.131.1"], ["2001:ee0::1"], ["::ffff:203.113.131.1"],
])
def test_intranet_and_public_addresses_are_allowed(addresses) -> None:
    assert _policy(addresses).check_url(URL, ORIGIN, purpose="download") == URL


def test_it_hosts_are_checked_too() -> None:
    policy = _policy(["169.254.169.254"], it_hosts=("files.example.vn",))
    with pytest.raises(BridgeRefused):
        policy.check_url("https://files.example.vn/a.pdf", ORIGIN, purpose="download")
    assert _policy(["10.1.1.1"], it_hosts=("files.example.vn",)).check_url(
        "https://files.example.vn/a.pdf", ORIGIN, purpose="download")


def test_the_origins_own_address_literal_stays_allowed() -> None:
    """A page served from an IP address (or localhost, as the test web server is) may use
    its own address: it is already there."""
    policy = _policy([], allow_http=True)
    assert policy.check_url("http://127.0.0.1:8080/d.pdf", "http://127.0.0.1:8080",
                            purpose="download")
    assert policy.check_url("https://10.0.0.5/d.pdf", "https://10.0.0.5", purpose="download")


REBOUND = "rebind.kyso.test"


@pytest.fixture
def local_service(monkeypatch):
    """A service bound to 127.0.0.1 and a DNS that rebinds: the URL check hears a public
    address, the connection's own resolution (kyso.core.net.fetch) hears 127.0.0.1."""
    import socket

    from tests.support import http_servers as hs

    hits: list = []
    server = hs.RawHttpServer(hs.routes({"/doc.pdf": hs.ok(b"%PDF-1.7 local secret\n"),
                                         "/up": hs.receive(hits, b'{"Status": 0}')}))
    real = socket.getaddrinfo

    def rebinding(host, port, *args, **kwargs):
        return real("127.0.0.1" if host == REBOUND else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    policy = BridgePolicy(resolve=lambda host: ["203.113.131.1"], allow_http=True)
    yield server, policy, hits
    server.stop()


def test_a_name_rebound_after_the_check_is_refused_at_connect(local_service, tmp_path) -> None:
    from kyso.core.bridge.transfer import download, upload

    server, policy, hits = local_service
    origin = f"http://{REBOUND}:{server.port}"
    url = policy.check_url(f"{origin}/doc.pdf", origin, purpose="download")  # passes
    # without the connect-time check the rebound name reaches the local service
    assert download(url, tmp_path / "leak.pdf", limit=10_000).read_bytes().startswith(b"%PDF")
    with pytest.raises(BridgeRefused) as caught:
        download(url, tmp_path / "doc.pdf", limit=10_000, connect_check=policy.check_connection)
    assert caught.value.code == "bridge_private_address"
    assert not (tmp_path / "doc.pdf").exists()
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(b"%PDF-1.7\n")
    with pytest.raises(BridgeRefused) as caught:
        upload(f"{origin}/up", signed, connect_check=policy.check_connection)
    assert caught.value.code == "bridge_private_address" and hits == []


def test_connect_check_leaves_literal_addresses_alone() -> None:
    BridgePolicy().check_connection("127.0.0.1", "127.0.0.1")
    BridgePolicy().check_connection("localhost", "::1")
    BridgePolicy().check_connection("files.example.vn", "10.0.0.7")
    from kyso.core.net.fetch import FetchError

    with pytest.raises(FetchError):
        BridgePolicy().check_connection("files.example.vn", "169.254.169.254")
