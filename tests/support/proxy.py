"""A small forwarding HTTP proxy on 127.0.0.1 for the proxy tests.

It speaks what Kyso's downloads need: absolute-form requests (``GET http://host/path``)
forwarded to an upstream, and ``CONNECT host:port`` tunnels for ``https``. Host names are
mapped to local upstream ports (``upstreams``), so tests use names such as
``crl.kyso.test`` — never loopback addresses, which Kyso never proxies — and nothing ever
leaves the machine. Modes, switchable at any time:

* ``ok``     — forwards;
* ``auth``   — answers 407 (``Proxy-Authenticate: Basic``) unless the request carries the
               expected Basic credentials;
* ``refuse`` — answers 403 to everything;
* ``hang``   — reads the request and says nothing until the proxy stops.

``requests`` records each request line and its headers (lower-case names).

Also here: :func:`it_proxy` (IT's ``proxy_url``/``proxy_bypass`` for the process, nothing in
the environment) and :func:`tls_origin` (an HTTPS origin behind the proxy, and the client
trust for it).
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import select
import socket
import ssl
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kyso.core.net import proxy as proxies
from tests.support.http_servers import RawHttpServer, Script
from tests.support.listener import ThreadedListener


class ForwardingProxy:
    def __init__(
        self,
        upstreams: dict[str, int],
        *,
        mode: str = "ok",
        credentials: tuple[str, str] | None = None,
    ) -> None:
        self.upstreams = upstreams
        self.mode = mode
        self.credentials = credentials
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        self._listener = ThreadedListener(self._serve)
        self._stop = self._listener.stopping
        self.port = self._listener.port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._listener.stop()

    # -- serving -------------------------------------------------------------------------
    def _serve(self, client: socket.socket) -> None:
        with client:
            client.settimeout(5)
            try:
                head, rest = _read_head(client)
            except OSError:
                return
            if head is None:
                return
            lines = head.decode("latin-1").split("\r\n")
            request_line = lines[0]
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            with self._lock:
                self.requests.append((request_line, headers))
            mode = self.mode
            if mode == "hang":
                self._stop.wait()
                return
            if mode == "refuse":
                _answer(client, "403 Forbidden")
                return
            if mode == "auth" and not self._authorized(headers):
                _answer(client, "407 Proxy Authentication Required",
                        'Proxy-Authenticate: Basic realm="Kyso test proxy"')
                return
            method, target, _ = request_line.split(" ", 2)
            if method == "CONNECT":
                self._tunnel(client, target, rest)
            else:
                self._forward(client, method, target, lines[1:], rest)

    def _authorized(self, headers: dict[str, str]) -> bool:
        if self.credentials is None:
            return True
        user, password = self.credentials
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return headers.get("proxy-authorization") == f"Basic {token}"

    def _upstream(self, host: str) -> socket.socket | None:
        port = self.upstreams.get(host.lower())
        if port is None:
            return None
        return socket.create_connection(("127.0.0.1", port), timeout=5)

    def _tunnel(self, client: socket.socket, target: str, rest: bytes) -> None:
        host = target.rsplit(":", 1)[0]
        upstream = self._upstream(host)
        if upstream is None:
            _answer(client, "502 Bad Gateway")
            return
        with upstream:
            client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                upstream.sendall(rest)
            self._relay(client, upstream)

    def _forward(
        self, client: socket.socket, method: str, target: str, header_lines: list[str], rest: bytes
    ) -> None:
        url = urllib.parse.urlsplit(target)
        upstream = self._upstream(url.hostname or "")
        if upstream is None:
            _answer(client, "502 Bad Gateway")
            return
        path = url.path or "/"
        if url.query:
            path += "?" + url.query
        kept = [
            line for line in header_lines
            if line and line.split(":", 1)[0].strip().lower()
            not in ("proxy-authorization", "proxy-connection", "connection")
        ]
        head = "\r\n".join([f"{method} {path} HTTP/1.1", *kept, "Connection: close", "", ""])
        with upstream:
            upstream.sendall(head.encode("latin-1") + rest)
            self._relay(client, upstream)

    def _relay(self, a: socket.socket, b: socket.socket) -> None:
        peers = {a: b, b: a}
        while not self._stop.is_set():
            ready, _, _ = select.select(list(peers), [], [], 0.1)
            for sock in ready:
                try:
                    data = sock.recv(65536)
                except OSError:
                    return
                if not data:
                    with contextlib.suppress(OSError):
                        peers[sock].shutdown(socket.SHUT_WR)
                    return
                try:
                    peers[sock].sendall(data)
                except OSError:
                    return


def _read_head(sock: socket.socket) -> tuple[bytes | None, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(4096)
        if not part:
            return None, b""
        data += part
    head, _, rest = data.partition(b"\r\n\r\n")
    return head, rest


def _answer(sock: socket.socket, status: str, extra: str = "") -> None:
    lines = [f"HTTP/1.1 {status}", "Content-Length: 0", "Connection: close"]
    if extra:
        lines.append(extra)
    with contextlib.suppress(OSError):
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))


PROXY_VARIABLES = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")


class ItProxy:
    """IT's proxy settings for the process, as both faces apply them (``proxy_url`` and
    ``proxy_bypass`` through :func:`kyso.core.net.proxy.configure`), with no proxy in the
    environment: whatever reaches the proxy came from the settings."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        for name in PROXY_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        proxies.configure("")

    def set(self, proxy_url: str, proxy_bypass: str = "") -> None:
        proxies.configure(proxy_url, proxy_bypass)


@pytest.fixture
def it_proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ItProxy]:
    yield ItProxy(monkeypatch)
    proxies.configure("")


def tls_origin(
    tmp_path: Path, host: str, script: Script
) -> tuple[RawHttpServer, ssl.SSLContext]:
    """An HTTPS server for ``host`` (a self-signed certificate made now) and a client
    context that trusts only that certificate."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, host)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{host}.pem", tmp_path / f"{host}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert_file, key_file)
    client_ctx = ssl.create_default_context(cafile=str(cert_file))
    return RawHttpServer(script, tls=server_ctx), client_ctx
