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
"""

from __future__ import annotations

import base64
import contextlib
import select
import socket
import threading
import urllib.parse


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
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self._stop.set()
        self._listener.close()
        self._acceptor.join()
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join()

    # -- serving -------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            with self._lock:
                self._threads.append(thread)
            thread.start()

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
