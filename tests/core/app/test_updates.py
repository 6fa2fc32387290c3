"""The version check asks IT's server the way every Kyso request goes out
(kyso.core.net.fetch): through IT's proxy when only the settings' ``proxy_url`` names one,
directly for ``proxy_bypass`` hosts, and within one total deadline. Real servers on
127.0.0.1: a scripted origin, a forwarding proxy, a trickling server."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from kyso.core.app.updates import check_update
from kyso.core.errors import KysoError
from tests.support import http_servers as hs
from tests.support.http_servers import returns
from tests.support.proxy import ForwardingProxy, ItProxy, it_proxy

__all__ = ["it_proxy"]

HOST = "updates.kyso.test"  # not loopback: loopback is never proxied
LATEST = json.dumps({"version": "9.1.0", "url": "https://intranet/kyso.deb"}).encode()


@pytest.fixture
def proxy() -> Iterator[ForwardingProxy]:
    origin = hs.RawHttpServer(hs.routes({"/latest.json": hs.ok(LATEST)}))
    server = ForwardingProxy({HOST: origin.port})
    yield server
    server.stop()
    origin.stop()


def test_the_check_goes_through_it_proxy_and_bypass_is_honoured(
    proxy: ForwardingProxy, it_proxy: ItProxy
) -> None:
    it_proxy.set(proxy.url)
    info = check_update(f"http://{HOST}/latest.json", timeout=5)
    assert info.latest == "9.1.0" and info.newer
    assert [line for line, _ in proxy.requests] == [f"GET http://{HOST}/latest.json HTTP/1.1"]

    it_proxy.set(proxy.url, "updates.kyso.test, 10.0.0.0/8")
    with pytest.raises(KysoError) as err:  # direct: the name does not resolve
        check_update(f"http://{HOST}/latest.json", timeout=5)
    assert err.value.code == "update_check_failed"
    assert len(proxy.requests) == 1


def test_a_trickling_server_is_cut_at_the_total_deadline() -> None:
    # One header byte every 0.05 s: a per-read socket timeout never fires.
    server = hs.RawHttpServer(hs.trickle_head(0.05))
    try:
        exc = returns(lambda: check_update(server.url("/latest.json"), timeout=0.5))
    finally:
        server.stop()
    assert isinstance(exc, KysoError) and exc.code == "update_check_failed"

