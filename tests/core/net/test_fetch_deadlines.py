"""Deadlines, redirects and size limits of the PKI fetcher, against real misbehaving HTTP
servers on 127.0.0.1 (tests/support/http_servers.py).

No timing asserts: the trickling servers trickle for hours, so a fetch with only
per-socket-operation timeouts never returns and :func:`returns` fails (after a bound 40
times the deadline under test, so a loaded machine cannot make it flaky); the hanging
servers count the requests they got.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kyso.core.net.fetch import (
    MAX_REDIRECTS,
    Cancelled,
    FetchError,
    HttpFetcher,
    deadline,
    redirect_problem,
)
from tests.support import http_servers as hs
from tests.support.http_servers import returns

BODY = b"0\x82\x01\x00 a CRL, say"


@pytest.fixture
def servers() -> Iterator[list[hs.RawHttpServer]]:
    started: list[hs.RawHttpServer] = []
    try:
        yield started
    finally:
        for server in started:
            server.stop()


def serve(servers: list[hs.RawHttpServer], script: hs.Script) -> hs.RawHttpServer:
    server = hs.RawHttpServer(script)
    servers.append(server)
    return server


def test_a_prompt_server_is_fetched(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.ok(BODY))
    assert HttpFetcher()(server.url("/a.crl"), timeout=5) == BODY


def test_trickling_body_is_cut_at_the_total_deadline(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.trickle_body(0.05))
    exc = returns(lambda: HttpFetcher()(server.url(), timeout=0.5))
    assert isinstance(exc, FetchError) and exc.code == "fetch_timeout"
    assert "0.5" in exc.vi


def test_trickling_headers_are_cut_at_the_total_deadline(
    servers: list[hs.RawHttpServer],
) -> None:
    # One header byte every 0.05 s: urllib's per-recv socket timeout never fires.
    server = serve(servers, hs.trickle_head(0.05))
    exc = returns(lambda: HttpFetcher()(server.url(), timeout=0.5))
    assert isinstance(exc, FetchError) and exc.code == "fetch_timeout"


def test_a_server_that_accepts_and_hangs_is_cut(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.hang)
    exc = returns(lambda: HttpFetcher()(server.url(), timeout=0.3))
    assert isinstance(exc, FetchError) and exc.code == "fetch_timeout"


def test_one_budget_for_many_hanging_urls(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.hang)
    codes = []
    with deadline(0.6):
        for i in range(20):
            with pytest.raises(FetchError) as info:
                HttpFetcher()(server.url(f"/{i}.crl"), timeout=0.4)
            codes.append(info.value.code)
    # 0.4 s for the first, what is left (0.2 s) for the second, nothing for the rest.
    assert server.hits <= 2
    assert codes[0] == "fetch_timeout"
    assert set(codes[2:]) == {"fetch_deadline"}


def test_a_nested_budget_never_extends_the_outer_one(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.hang)
    with deadline(0.3), deadline(60):
        with pytest.raises(FetchError):
            HttpFetcher()(server.url(), timeout=30)
        with pytest.raises(FetchError) as info:
            HttpFetcher()(server.url(), timeout=30)
    assert info.value.code == "fetch_deadline"
    assert server.hits == 1


def test_cancel_interrupts_a_hanging_fetch(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.hang)
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    try:
        exc = returns(lambda: HttpFetcher()(server.url(), timeout=600, cancel=cancel))
        assert isinstance(exc, Cancelled)
    finally:
        timer.cancel()


def test_redirect_on_the_same_host_and_port_is_followed(
    servers: list[hs.RawHttpServer],
) -> None:
    server = serve(
        servers, hs.routes({"/old.crl": hs.redirect("/new.crl"), "/new.crl": hs.ok(BODY)})
    )
    assert HttpFetcher()(server.url("/old.crl"), timeout=5) == BODY
    assert server.paths == ["/old.crl", "/new.crl"]


@pytest.mark.parametrize(
    "target",
    ["ftp://127.0.0.1/ca.crl", "file:///etc/passwd", "ldap://127.0.0.1/cn=crl", "gopher://x/"],
)
def test_redirects_to_other_schemes_are_refused(
    servers: list[hs.RawHttpServer], target: str
) -> None:
    server = serve(servers, hs.redirect(target))
    with pytest.raises(FetchError) as info:
        HttpFetcher()(server.url("/ca.crl"), timeout=5)
    assert info.value.code == "fetch_redirect"
    assert target in info.value.vi


def test_redirect_to_another_port_is_refused(servers: list[hs.RawHttpServer]) -> None:
    other = serve(servers, hs.ok(b"an internal service's answer"))
    server = serve(servers, hs.redirect(other.url("/admin")))
    with pytest.raises(FetchError) as info:
        HttpFetcher()(server.url("/ca.crl"), timeout=5)
    assert info.value.code == "fetch_redirect"
    assert f"port {other.port}" in info.value.en
    assert other.hits == 0


def test_redirect_loops_stop_after_a_few(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.redirect("/loop"))
    with pytest.raises(FetchError) as info:
        HttpFetcher()(server.url("/loop"), timeout=5)
    assert info.value.code == "fetch_redirect"
    assert server.hits == MAX_REDIRECTS + 1


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        ("http://ca.example/a.crl", "http://mirror.example/a.crl", True),
        ("http://ca.example/a.crl", "https://mirror.example:443/a.crl", True),
        ("https://ca.example/a.crl", "http://mirror.example:80/a.crl", True),
        ("http://ca.example:8080/a", "http://ca.example:8080/b", True),
        ("http://ca.example:8080/a", "http://CA.example:8080/b", True),
        ("http://ca.example/a.crl", "http://ca.example:8080/a.crl", False),
        ("http://ca.example:8080/a", "http://other.example:8080/b", False),
        ("http://ca.example/a.crl", "http://127.0.0.1:6379/", False),
        ("http://ca.example/a.crl", "ftp://ca.example/a.crl", False),
        ("http://ca.example/a.crl", "file:///etc/shadow", False),
        ("http://ca.example/a.crl", "http://ca.example:99999/", False),
    ],
)
def test_redirect_rules(old: str, new: str, allowed: bool) -> None:
    assert (redirect_problem(old, new) is None) is allowed


def test_declared_oversized_body_is_refused(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.stream(10_000, declare=True))
    with pytest.raises(FetchError) as info:
        HttpFetcher(max_bytes=1000)(server.url(), timeout=5)
    assert info.value.code == "fetch_too_large"


def test_undeclared_oversized_body_is_cut(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, hs.stream(50 * 1024 * 1024, chunk=16 * 1024))
    with pytest.raises(FetchError) as info:
        HttpFetcher(max_bytes=100_000)(server.url(), timeout=10)
    assert info.value.code == "fetch_too_large"
    assert server.bytes_sent < 50 * 1024 * 1024


@pytest.mark.parametrize("url", ["ldap://ca.example/cn=crl", "file:///etc/passwd", "ftp://x/"])
def test_only_http_and_https_are_fetched(url: str) -> None:
    with pytest.raises(FetchError) as info:
        HttpFetcher()(url, timeout=1)
    assert info.value.code == "fetch_scheme"


def test_http_errors_and_refused_connections_are_clear(
    servers: list[hs.RawHttpServer],
) -> None:
    server = serve(servers, hs.routes({}))
    with pytest.raises(FetchError) as info:
        HttpFetcher()(server.url("/missing.crl"), timeout=5)
    assert info.value.code == "fetch_http" and "404" in info.value.vi
    port = server.port
    server.stop()
    servers.remove(server)
    with pytest.raises(FetchError) as info:
        HttpFetcher()(f"http://127.0.0.1:{port}/x.crl", timeout=5)
    assert info.value.code == "fetch_network"


def test_a_hanging_name_resolver_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    # The OS boundary faked: a resolver that never answers (a dead DNS server).
    release = threading.Event()

    def hanging_getaddrinfo(*args: object, **kwargs: object) -> list[object]:
        release.wait(60)
        raise OSError("resolver gave up")

    monkeypatch.setattr("socket.getaddrinfo", hanging_getaddrinfo)
    try:
        exc = returns(lambda: HttpFetcher()("http://crl.kyso.test/ca.crl", timeout=0.3))
    finally:
        release.set()
    assert isinstance(exc, FetchError) and exc.code == "fetch_timeout"
