"""What the fetcher offers besides PKI downloads — API calls (methods, headers, error
statuses as answers, no redirects) and downloads into a file — against real servers on
127.0.0.1 and the forwarding proxy (tests/support)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kyso.core.net.fetch import FetchError, HttpFetcher
from kyso.core.net.proxy import resolve
from tests.support import http_servers as hs
from tests.support.proxy import ForwardingProxy

ERROR = b'{"error": "invalid_token", "error_description": "expired"}'


@pytest.fixture
def servers() -> Iterator[list[hs.RawHttpServer]]:
    started: list[hs.RawHttpServer] = []
    yield started
    for server in started:
        server.stop()


def serve(servers: list[hs.RawHttpServer], script: hs.Script) -> hs.RawHttpServer:
    server = hs.RawHttpServer(script)
    servers.append(server)
    return server


def status(code: str, body: bytes, extra: str = "") -> hs.Script:
    def script(ex: hs.Exchange) -> None:
        ex.body()
        lines = [f"HTTP/1.1 {code}", f"Content-Length: {len(body)}", "Connection: close"]
        ex.send(("\r\n".join(lines + ([extra] if extra else [])) + "\r\n\r\n").encode() + body)

    return script


def test_error_statuses_come_back_as_answers_when_asked(servers: list[hs.RawHttpServer]) -> None:
    server = serve(servers, status("401 Unauthorized", ERROR))
    answer = HttpFetcher().send(server.url("/api"), method="POST", data=b"{}",
                                headers={"Authorization": "Bearer t"}, accept_status=True)
    assert answer.status == 401 and answer.body == ERROR
    with pytest.raises(FetchError) as info:
        HttpFetcher().send(server.url("/api"), method="POST", data=b"{}")
    assert info.value.code == "fetch_http" and info.value.status == 401


def test_an_api_call_does_not_follow_redirects(servers: list[hs.RawHttpServer]) -> None:
    elsewhere = serve(servers, hs.ok(b"{}"))
    server = serve(servers, status("307 Temporary Redirect", b"",
                                   f"Location: {elsewhere.url('/steal')}"))
    with pytest.raises(FetchError) as info:
        HttpFetcher().send(server.url("/sign"), method="POST", data=b"{}",
                           follow_redirects=False)
    assert info.value.status == 307
    answer = HttpFetcher().send(server.url("/sign"), method="POST", data=b"{}",
                                follow_redirects=False, accept_status=True)
    assert answer.status == 307
    assert elsewhere.hits == 0


def test_credentials_do_not_follow_a_redirect_to_another_host(
    servers: list[hs.RawHttpServer],
) -> None:
    seen: list[tuple[str, bytes]] = []
    other = serve(servers, hs.receive(seen, b"moved here"))
    first = serve(servers, hs.routes({
        "/same": hs.redirect("/here"),
        "/away": hs.redirect("http://b.kyso.test/there"),
        "/here": hs.receive(seen, b"same host"),
    }))
    proxy = ForwardingProxy({"a.kyso.test": first.port, "b.kyso.test": other.port})
    try:
        fetch = HttpFetcher(proxy=resolve(proxy.url, environ={}))
        secret = {"Authorization": "Bearer tok-9", "Cookie": "session=1"}
        assert fetch.send("http://a.kyso.test/same", headers=secret).body == b"same host"
        assert fetch.send("http://a.kyso.test/away", headers=secret).body == b"moved here"
    finally:
        proxy.stop()
    kept, dropped = seen[0][0], seen[1][0]
    assert "Authorization: Bearer tok-9" in kept and "Cookie: session=1" in kept
    assert "tok-9" not in dropped and "session=1" not in dropped


def test_a_download_lands_whole_or_not_at_all(
    servers: list[hs.RawHttpServer], tmp_path: Path
) -> None:
    good = serve(servers, hs.ok(b"%PDF-1.7 whole"))
    big = serve(servers, hs.stream(500_000))
    missing = serve(servers, hs.routes({}))
    dest = tmp_path / "doc.pdf"
    dest.write_bytes(b"what was there before")
    for url, code in ((big.url(), "fetch_too_large"), (missing.url("/x"), "fetch_http")):
        with pytest.raises(FetchError) as info:
            HttpFetcher().download(url, dest, max_bytes=100_000, timeout=5)
        assert info.value.code == code
        assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]  # no .part left
        assert dest.read_bytes() == b"what was there before"
    assert HttpFetcher().download(good.url(), dest, timeout=5).status == 200
    assert dest.read_bytes() == b"%PDF-1.7 whole"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.pdf"]


def test_a_download_that_cannot_be_written_says_so(
    servers: list[hs.RawHttpServer], tmp_path: Path
) -> None:
    good = serve(servers, hs.ok(b"%PDF-1.7 whole"))
    with pytest.raises(FetchError) as info:
        HttpFetcher().download(good.url(), tmp_path / "gone" / "doc.pdf", timeout=5)
    assert info.value.code == "fetch_write" and "ghi" in info.value.vi


def cut_short(announced: int, sent: bytes, code: str = "200 OK") -> hs.Script:
    """Announces ``announced`` bytes, sends ``sent`` and closes (a reset proxy, a crash)."""

    def script(ex: hs.Exchange) -> None:
        ex.body()
        ex.send(f"HTTP/1.1 {code}\r\nContent-Length: {announced}\r\nConnection: close\r\n\r\n"
                .encode() + sent)

    return script


def test_a_body_shorter_than_its_content_length_is_an_error(
        servers: list[hs.RawHttpServer], tmp_path: Path) -> None:
    server = serve(servers, cut_short(100_000, b"%PDF-1.7\n" + b"0" * 100))
    dest = tmp_path / "doc.pdf"
    with pytest.raises(FetchError) as info:
        HttpFetcher().download(server.url("/doc.pdf"), dest)
    assert info.value.code == "fetch_incomplete"
    assert "100000" in info.value.en
    assert list(tmp_path.iterdir()) == []  # neither the file nor its .part
    with pytest.raises(FetchError) as info:
        HttpFetcher()(server.url("/crl"))  # in memory (a CRL, an API answer)
    assert info.value.code == "fetch_incomplete"


def test_a_body_of_exactly_its_content_length_is_whole(
        servers: list[hs.RawHttpServer], tmp_path: Path) -> None:
    body = b"%PDF-1.7\n" + b"0" * 100
    server = serve(servers, cut_short(len(body), body))
    dest = tmp_path / "doc.pdf"
    HttpFetcher().download(server.url("/doc.pdf"), dest)
    assert dest.read_bytes() == body


def test_answers_without_a_body_are_not_cut_short(servers: list[hs.RawHttpServer]) -> None:
    """A HEAD request and a 204 answer carry no body whatever Content-Length says."""
    server = serve(servers, cut_short(5000, b""))
    assert HttpFetcher().send(server.url("/x"), method="HEAD").status == 200
    nothing = serve(servers, cut_short(5000, b"", "204 No Content"))
    assert HttpFetcher().send(nothing.url("/x"), method="POST", data=b"{}").status == 204
