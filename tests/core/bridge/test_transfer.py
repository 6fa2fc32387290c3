"""The bridge's document download and signed-file upload go out the way every Kyso request
does (kyso.core.net.fetch): through IT's proxy when only the settings' ``proxy_url`` names
one, directly for ``proxy_bypass`` hosts, within one total deadline, bounded, the download
through a ``.part`` file that never outlives a failure, and the upload streamed from disk.
Real servers on 127.0.0.1: a scripted origin, a forwarding proxy."""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from kyso.core.bridge.policy import BridgeRefused
from kyso.core.bridge.transfer import download, upload
from tests.support import http_servers as hs
from tests.support.http_servers import returns
from tests.support.proxy import ForwardingProxy, ItProxy, it_proxy

__all__ = ["it_proxy"]

HOST = "web.kyso.test"  # not loopback: loopback is never proxied
PDF = b"%PDF-1.7\n" + b"1 0 obj << >> endobj\n" * 500 + b"%%EOF\n"
ANSWER = '{"Status": 0, "Message": "Đã nhận", "FileName": "/docs/signed.pdf"}'.encode()


@pytest.fixture
def received() -> list[tuple[str, bytes]]:
    return []


@pytest.fixture
def origin(received: list[tuple[str, bytes]]) -> Iterator[hs.RawHttpServer]:
    server = hs.RawHttpServer(hs.routes({
        "/doc.pdf": hs.ok(PDF),
        "/upload?token=one-time": hs.receive(received, ANSWER),
    }))
    yield server
    server.stop()


@pytest.fixture
def proxy(origin: hs.RawHttpServer) -> Iterator[ForwardingProxy]:
    server = ForwardingProxy({HOST: origin.port})
    yield server
    server.stop()


def form_parts(head: str, body: bytes) -> list[email.message.EmailMessage]:
    """The multipart body as a MIME parser (not Kyso's code) reads it."""
    ctype = next(line.split(":", 1)[1].strip() for line in head.split("\r\n")
                 if line.lower().startswith("content-type:"))
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        f"Content-Type: {ctype}\r\n\r\n".encode() + body
    )
    return list(message.iter_parts())  # type: ignore[attr-defined]


def test_download_goes_through_it_proxy_and_bypass_is_honoured(
    proxy: ForwardingProxy, it_proxy: ItProxy, tmp_path: Path
) -> None:
    it_proxy.set(proxy.url)
    dest = download(f"http://{HOST}/doc.pdf", tmp_path / "doc.pdf", limit=1_000_000)
    assert dest.read_bytes() == PDF
    assert [line for line, _ in proxy.requests] == [f"GET http://{HOST}/doc.pdf HTTP/1.1"]

    it_proxy.set(proxy.url, HOST)
    with pytest.raises(BridgeRefused) as err:  # direct: the name does not resolve
        download(f"http://{HOST}/doc.pdf", tmp_path / "again.pdf", limit=1_000_000)
    assert err.value.code == "bridge_download_failed"
    assert len(proxy.requests) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.pdf"]


def test_upload_goes_through_it_proxy_and_bypass_is_honoured(
    proxy: ForwardingProxy, it_proxy: ItProxy, received: list[tuple[str, bytes]],
    tmp_path: Path,
) -> None:
    signed = tmp_path / "Quyết định số 12.pdf"
    signed.write_bytes(PDF)
    it_proxy.set(proxy.url)
    answer = upload(f"http://{HOST}/upload?token=one-time", signed)
    assert answer == {"Status": 0, "Message": "Đã nhận", "FileName": "/docs/signed.pdf"}
    assert [line for line, _ in proxy.requests] == [
        f"POST http://{HOST}/upload?token=one-time HTTP/1.1"
    ]
    head, body = received[0]
    (part,) = form_parts(head, body)
    assert part.get_param("name", header="content-disposition") == "uploadfile"
    assert part.get_content_type() == "application/pdf"
    assert part.get_payload(decode=True) == PDF

    it_proxy.set(proxy.url, "*.kyso.test")
    with pytest.raises(BridgeRefused) as err:
        upload(f"http://{HOST}/upload?token=one-time", signed)
    assert err.value.code == "bridge_upload_failed"
    assert len(proxy.requests) == 1 and len(received) == 1


@pytest.mark.parametrize("script", [hs.trickle_head(0.05), hs.trickle_body(0.05)],
                         ids=["headers", "body"])
def test_a_trickling_download_is_cut_and_leaves_nothing(
    script: hs.Script, tmp_path: Path
) -> None:
    server = hs.RawHttpServer(script)
    try:
        exc = returns(lambda: download(server.url("/doc.pdf"), tmp_path / "doc.pdf",
                                       limit=2_000_000, timeout=0.5))
    finally:
        server.stop()
    assert isinstance(exc, BridgeRefused) and exc.code == "bridge_download_timeout"
    assert list(tmp_path.iterdir()) == []


def test_an_oversized_download_leaves_nothing(tmp_path: Path) -> None:
    server = hs.RawHttpServer(hs.stream(3_000_000))  # no Content-Length: found while reading
    try:
        with pytest.raises(BridgeRefused) as err:
            download(server.url("/doc.pdf"), tmp_path / "doc.pdf", limit=1_000_000)
    finally:
        server.stop()
    assert err.value.code == "bridge_too_large"
    assert list(tmp_path.iterdir()) == []


def test_an_upload_handler_that_trickles_its_answer_is_cut(tmp_path: Path) -> None:
    def read_then_trickle(ex: hs.Exchange) -> None:
        ex.body()
        hs.trickle_head(0.05)(ex)

    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF)
    server = hs.RawHttpServer(read_then_trickle)
    try:
        exc = returns(lambda: upload(server.url("/upload"), signed, timeout=0.5))
    finally:
        server.stop()
    assert isinstance(exc, BridgeRefused) and exc.code == "bridge_upload_failed"


def test_the_upload_is_streamed_from_disk(tmp_path: Path) -> None:
    """A 40 MB signed batch is sent without being held in memory (the old code read it
    whole and copied it into the body)."""
    digests: list[tuple[int, str]] = []

    def count(ex: hs.Exchange) -> None:  # keeps a digest, not the body
        want, seen, digest = int(ex.header("Content-Length") or 0), 0, hashlib.sha256()
        first = ex.head.split(b"\r\n\r\n", 1)[1]
        digest.update(first)
        seen += len(first)
        while seen < want and (part := ex.conn.recv(65536)):
            digest.update(part)
            seen += len(part)
        digests.append((seen, digest.hexdigest()))
        ex.send(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")

    signed = tmp_path / "batch.pdf"
    block = b"%PDF-1.7\n" + b"x" * (1024 * 1024 - 9)
    with signed.open("wb") as f:
        for _ in range(40):
            f.write(block)
    server = hs.RawHttpServer(count)
    try:
        tracemalloc.start()
        try:
            assert upload(server.url("/upload"), signed) == {}
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    finally:
        server.stop()
    size = signed.stat().st_size
    assert digests and digests[0][0] > size
    assert peak < size // 8, f"peak {peak} bytes for a {size}-byte upload"
