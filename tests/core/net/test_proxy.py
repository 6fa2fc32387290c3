"""Proxy support (issue 19): the settings' proxy_url/proxy_bypass, the environment, the
Windows Internet Options proxy (registry faked: the one OS boundary), Basic proxy
authentication — tested against a real forwarding proxy on 127.0.0.1
(tests/support/proxy.py), including one that refuses (407/403) and one that hangs."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyso.core.net import proxy as proxies
from kyso.core.net.fetch import FetchError, HttpFetcher
from kyso.core.net.proxy import ProxyConfig, bypassed, from_windows, resolve, system_config
from tests.support import http_servers as hs
from tests.support.proxy import ForwardingProxy, tls_origin

BODY = b"0\x82 a CRL through the proxy"
HOST = "crl.kyso.test"  # not loopback: loopback is never proxied


@pytest.fixture
def origin() -> Iterator[hs.RawHttpServer]:
    server = hs.RawHttpServer(hs.routes({"/ca.crl": hs.ok(BODY)}))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def proxy(origin: hs.RawHttpServer) -> Iterator[ForwardingProxy]:
    server = ForwardingProxy({HOST: origin.port})
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def no_process_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    proxies.configure("")
    yield
    proxies.configure("")


def fetcher(proxy_url: str, bypass: str = "", **kw: object) -> HttpFetcher:
    return HttpFetcher(proxy=resolve(proxy_url, bypass, environ={}), **kw)  # type: ignore[arg-type]


# -- through a real proxy -------------------------------------------------------------------


def test_http_download_goes_through_the_proxy(proxy: ForwardingProxy) -> None:
    assert fetcher(proxy.url)(f"http://{HOST}/ca.crl", timeout=5) == BODY
    assert [line for line, _ in proxy.requests] == [f"GET http://{HOST}/ca.crl HTTP/1.1"]


def test_loopback_and_bypassed_hosts_go_direct(
    proxy: ForwardingProxy, origin: hs.RawHttpServer
) -> None:
    assert fetcher(proxy.url)(origin.url("/ca.crl"), timeout=5) == BODY
    with pytest.raises(FetchError) as info:  # bypassed: resolved directly, and it does not exist
        fetcher(proxy.url, "*.kyso.test")(f"http://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "fetch_network"
    assert proxy.requests == []


def test_none_means_direct_even_with_proxy_variables(
    proxy: ForwardingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", proxy.url)
    assert HttpFetcher()(f"http://{HOST}/ca.crl", timeout=5) == BODY  # environment used
    proxies.configure("none")
    with pytest.raises(FetchError):
        HttpFetcher()(f"http://{HOST}/ca.crl", timeout=5)
    assert len(proxy.requests) == 1


def test_configure_applies_to_every_default_download(proxy: ForwardingProxy) -> None:
    proxies.configure(proxy.url, "")
    assert proxies.current().source == "settings"
    assert HttpFetcher()(f"http://{HOST}/ca.crl", timeout=5) == BODY
    assert len(proxy.requests) == 1


def test_basic_proxy_authentication(proxy: ForwardingProxy) -> None:
    proxy.mode = "auth"
    proxy.credentials = ("cán bộ", "p@ss:w/ord")
    with pytest.raises(FetchError) as info:
        fetcher(proxy.url)(f"http://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "proxy_auth"
    assert "Basic" in info.value.vi and "NTLM" in info.value.vi
    url = f"http://c%C3%A1n%20b%E1%BB%99:p%40ss%3Aw%2Ford@127.0.0.1:{proxy.port}"
    assert fetcher(url)(f"http://{HOST}/ca.crl", timeout=5) == BODY
    sent = proxy.requests[-1][1]["proxy-authorization"]
    assert base64.b64decode(sent.split()[1]).decode() == "cán bộ:p@ss:w/ord"
    with pytest.raises(FetchError) as info:
        fetcher(f"http://cán:wrong-secret@127.0.0.1:{proxy.port}")(
            f"http://{HOST}/ca.crl", timeout=5
        )
    assert info.value.code == "proxy_auth"
    assert "wrong-secret" not in info.value.vi + info.value.en


def test_a_refusing_proxy(proxy: ForwardingProxy) -> None:
    proxy.mode = "refuse"
    with pytest.raises(FetchError) as info:
        fetcher(proxy.url)(f"http://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "fetch_http" and "403" in info.value.vi
    assert f"proxy 127.0.0.1:{proxy.port}" in info.value.vi
    with pytest.raises(FetchError) as info:
        fetcher(proxy.url)(f"https://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "proxy_refused" and "403" in info.value.vi
    proxy.mode = "auth"
    proxy.credentials = ("a", "b")
    with pytest.raises(FetchError) as info:
        fetcher(proxy.url)(f"https://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "proxy_auth"


def test_a_hanging_proxy_is_cut_at_the_deadline(proxy: ForwardingProxy) -> None:
    proxy.mode = "hang"
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            fetcher(proxy.url)(f"http://{HOST}/ca.crl", timeout=0.5)
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(20)
    assert outcome, "the fetch through a hanging proxy was still running after 20 s"
    exc = outcome[0]
    assert isinstance(exc, FetchError) and exc.code == "fetch_timeout"
    assert "qua proxy" in exc.vi


def test_an_unreachable_proxy(origin: hs.RawHttpServer) -> None:
    dead = ForwardingProxy({})
    dead.stop()
    with pytest.raises(FetchError) as info:
        fetcher(dead.url)(f"http://{HOST}/ca.crl", timeout=5)
    assert info.value.code == "proxy_network" and "proxy_url" in info.value.vi


def test_https_goes_through_a_connect_tunnel_with_auth(tmp_path: Path) -> None:
    origin, client_ctx = tls_origin(tmp_path, HOST, hs.routes({"/ca.crl": hs.ok(BODY)}))
    proxy = ForwardingProxy({HOST: origin.port}, mode="auth", credentials=("it", "s3cret"))
    try:
        fetch = fetcher(f"http://it:s3cret@127.0.0.1:{proxy.port}", tls_context=client_ctx)
        assert fetch(f"https://{HOST}/ca.crl", timeout=5) == BODY
        line, headers = proxy.requests[0]
        assert line.startswith(f"CONNECT {HOST}:443 HTTP/") and "proxy-authorization" in headers
        assert origin.paths == ["/ca.crl"]
    finally:
        proxy.stop()
        origin.stop()


# -- the Windows path, OS boundary faked -------------------------------------------------------


def test_windows_internet_options_proxy_end_to_end(proxy: ForwardingProxy) -> None:
    registry = {
        "ProxyEnable": 1,
        "ProxyServer": f"127.0.0.1:{proxy.port}",
        "ProxyOverride": "*.noi-bo.gov.vn;<local>",
    }
    config = system_config(environ={}, platform="win32", registry=lambda: registry)
    assert config.source == "windows"
    assert HttpFetcher(proxy=config)(f"http://{HOST}/ca.crl", timeout=5) == BODY
    assert len(proxy.requests) == 1
    assert config.proxy_for("http://ca.noi-bo.gov.vn/x.crl") is None
    assert config.proxy_for("http://intranet/x.crl") is None


@pytest.mark.parametrize(
    ("values", "http", "https"),
    [
        (
            {"ProxyEnable": 1, "ProxyServer": "proxy.so:8080"},
            "http://proxy.so:8080",
            "http://proxy.so:8080",
        ),
        (
            {"ProxyEnable": 1, "ProxyServer": "http=p1:3128;https=p2:3129;ftp=p3:21"},
            "http://p1:3128",
            "http://p2:3129",
        ),
        ({"ProxyEnable": 1, "ProxyServer": "socks=s:1080"}, None, None),
        ({"ProxyEnable": 0, "ProxyServer": "proxy.so:8080"}, None, None),
        ({"AutoConfigURL": "http://wpad/proxy.pac"}, None, None),
        ({}, None, None),
    ],
)
def test_windows_registry_values(values: dict, http: str | None, https: str | None) -> None:
    config = from_windows(values)
    if http is None and https is None:
        assert config is None
        return
    assert config is not None
    assert config.proxies.get("http") == http and config.proxies.get("https") == https


def test_environment_wins_over_the_registry_and_settings_over_both() -> None:
    registry = {"ProxyEnable": 1, "ProxyServer": "win:1"}
    env = {"HTTPS_PROXY": "upper:2", "https_proxy": "http://lower:3", "NO_PROXY": "a.vn"}
    config = system_config(environ=env, platform="win32", registry=lambda: registry)
    assert config.source == "environment"
    assert config.proxies == {"https": "http://lower:3"} and config.bypass == ("a.vn",)
    chosen = resolve(
        "http://it-proxy:3128", "b.vn", environ=env, platform="win32", registry=lambda: registry
    )
    assert chosen.source == "settings" and chosen.proxies["https"] == "http://it-proxy:3128"
    assert system_config(environ={}, platform="linux", registry=lambda: registry) == ProxyConfig()


def test_an_unreadable_registry_means_no_proxy() -> None:
    def broken() -> dict:
        raise FileNotFoundError("no Internet Settings key")

    assert system_config(environ={}, platform="win32", registry=broken) == ProxyConfig()


@pytest.mark.parametrize(
    ("host", "patterns", "expected"),
    [
        ("ca.gov.vn", ("gov.vn",), True),
        ("ca.gov.vn", (".gov.vn",), True),
        ("gov.vn", ("*.gov.vn",), False),
        ("ca.gov.vn", ("*.gov.vn",), True),
        ("evilgov.vn", ("gov.vn",), False),
        ("10.1.2.3", ("10.0.0.0/8",), True),
        ("10.1.2.3", ("10.*",), True),
        ("11.1.2.3", ("10.0.0.0/8",), False),
        ("intranet", ("<local>",), True),
        ("intra.net", ("<local>",), False),
        ("anything.example", ("*",), True),
        ("CA.GOV.VN", ("gov.vn",), True),
    ],
)
def test_bypass_patterns(host: str, patterns: tuple[str, ...], expected: bool) -> None:
    assert bypassed(host.lower(), patterns) is expected


def test_messages_never_show_the_proxy_password() -> None:
    assert proxies.display("http://user:hunter2@proxy.so.gov.vn:3128") == "proxy.so.gov.vn:3128"


def test_open_environment_configures_the_proxy_for_the_run(
    isolated_home: Path, proxy: ForwardingProxy
) -> None:
    from kyso.core.app.environment import open_environment

    (isolated_home / "machine.toml").write_text(
        f'[settings]\nuse_builtin_modules = false\nproxy_url = "{proxy.url}"\n'
        'proxy_bypass = "*.noi-bo.vn, 10.0.0.0/8"\n',
        encoding="utf-8",
    )
    env = open_environment()
    assert env.settings.problems == []
    config = proxies.current()
    assert config.source == "settings" and config.bypass == ("*.noi-bo.vn", "10.0.0.0/8")
    assert HttpFetcher()(f"http://{HOST}/ca.crl", timeout=5) == BODY
    assert len(proxy.requests) == 1
