"""Remote signing reaches its service the way every other Kyso request goes out
(kyso.core.net.fetch): through IT's proxy when only the settings' ``proxy_url`` names one
(nothing in the environment), directly for ``proxy_bypass`` hosts, ``https`` through a
CONNECT tunnel with Basic proxy authentication, and within one total deadline however
slowly the service answers. Real servers on 127.0.0.1: the CSC test service, a forwarding
proxy, a trickling server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyso.core.remote.accounts import SecretStore
from kyso.core.remote.csc import CscProvider
from kyso.core.remote.http import JsonHttp, RemoteUnavailable
from tests.support import http_servers as hs
from tests.support.http_servers import returns
from tests.support.proxy import ForwardingProxy, ItProxy, it_proxy, tls_origin
from tests.support.remote_services import RemoteCredential, RemoteServices

__all__ = ["it_proxy"]

HOST = "sign.kyso.test"  # not loopback: loopback is never proxied


class Prompter:
    def __init__(self, password: str) -> None:
        self.password = password

    def ask_secret(self, kind: str, prompt_vi: str, prompt_en: str) -> str | None:
        return self.password if kind == "password" else None

    def waiting_for_approval(
        self, documents: object, deadline_s: float, *, part: object = None
    ) -> None:
        pass

    def approval_finished(self) -> None:
        pass


@pytest.fixture
def services(test_pki) -> Iterator[RemoteServices]:
    svc = RemoteServices(
        [RemoteCredential("cred-leader", test_pki.leader_province, [test_pki.pki.sub_ca])]
    )
    yield svc
    svc.close()


@pytest.fixture(autouse=True)
def fresh_secrets(memory_keyring) -> Iterator[None]:
    SecretStore._memory.clear()
    yield
    SecretStore._memory.clear()


def test_the_service_is_reached_through_it_proxy_and_bypass_is_honoured(
    services: RemoteServices, it_proxy: ItProxy
) -> None:
    proxy = ForwardingProxy({HOST: services.port})
    try:
        it_proxy.set(proxy.url)
        provider = CscProvider("bcy", f"http://{HOST}/csc/v2", user=services.user, timeout=5)
        provider.login(Prompter(services.password))
        assert [c.id for c in provider.credentials()] == ["cred-leader"]
        lines = [line for line, _ in proxy.requests]
        assert lines[0] == f"POST http://{HOST}/csc/v2/auth/login HTTP/1.1"
        assert f"POST http://{HOST}/csc/v2/credentials/list HTTP/1.1" in lines

        it_proxy.set(proxy.url, "*.kyso.test")
        seen = len(proxy.requests)
        with pytest.raises(RemoteUnavailable) as err:  # direct: the name does not resolve
            provider.credentials()
        assert "Không kết nối được" in err.value.vi
        assert len(proxy.requests) == seen
    finally:
        proxy.stop()


def test_https_goes_through_a_connect_tunnel_and_the_token_stays_inside(
    tmp_path: Path, it_proxy: ItProxy
) -> None:
    got: list[tuple[str, bytes]] = []
    origin, trust = tls_origin(tmp_path, HOST, hs.receive(got, b'{"credentialIDs": ["c1"]}'))
    proxy = ForwardingProxy({HOST: origin.port}, mode="auth", credentials=("it", "s3cret"))
    try:
        it_proxy.set(f"http://it:s3cret@127.0.0.1:{proxy.port}")
        http = JsonHttp(f"https://{HOST}/csc/v2", timeout=5, tls_context=trust)
        answer = http.call(
            "/credentials/list", {"maxResults": 10}, headers={"Authorization": "Bearer tok-1"}
        )
        assert answer == {"credentialIDs": ["c1"]}
        line, headers = proxy.requests[0]
        assert line.startswith(f"CONNECT {HOST}:443 HTTP/") and "proxy-authorization" in headers
        assert "authorization" not in headers  # the service's token is inside the tunnel
        head, body = got[0]
        assert head.startswith("POST /csc/v2/credentials/list HTTP/1.1")
        assert "Authorization: Bearer tok-1" in head and "Proxy-Authorization" not in head
        assert json.loads(body) == {"maxResults": 10}
    finally:
        proxy.stop()
        origin.stop()


def test_a_proxy_asking_for_a_login_is_explained(
    services: RemoteServices, it_proxy: ItProxy
) -> None:
    proxy = ForwardingProxy({HOST: services.port}, mode="auth", credentials=("it", "s3cret"))
    try:
        it_proxy.set(proxy.url)
        http = JsonHttp(f"http://{HOST}/csc/v2", timeout=5)
        with pytest.raises(RemoteUnavailable) as err:
            http.call("/info", {})
        assert "407" in err.value.vi and "Basic" in err.value.vi and "proxy_url" in err.value.en
        assert proxy.requests  # the proxy was asked, and refused
    finally:
        proxy.stop()


def test_a_trickling_service_is_cut_at_the_total_deadline() -> None:
    # One header byte every 0.05 s: a per-read socket timeout never fires.
    server = hs.RawHttpServer(hs.trickle_head(0.05))
    try:
        http = JsonHttp(server.url("/csc/v2"), timeout=0.5)
        exc = returns(lambda: http.call("/credentials/list", {}))
        assert isinstance(exc, RemoteUnavailable)
        assert "quá thời gian chờ" in exc.vi and "timed out" in exc.en
    finally:
        server.stop()
