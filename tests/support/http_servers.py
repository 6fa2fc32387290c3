"""Misbehaving HTTP servers on 127.0.0.1, written at the socket level.

``http.server`` cannot trickle a status line or hang after accepting, so these servers
answer with *scripts*: a function that gets the connection, the request head and a stop
event, and writes whatever bytes it likes, as slowly as it likes. ``stop()`` sets the event
(every trickle and hang ends at once), closes the listener and joins every thread.

Scripts: :func:`ok`, :func:`receive`, :func:`trickle_body`, :func:`trickle_head`, :func:`hang`,
:func:`redirect`, :func:`stream`, and :func:`routes` to pick one per path.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.support.listener import ThreadedListener


@dataclass
class Exchange:
    """One connection as the script sees it."""

    conn: socket.socket
    head: bytes
    stop: threading.Event
    sent: int = 0

    @property
    def path(self) -> str:
        try:
            return self.head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
        except IndexError:
            return "/"

    def header(self, name: str) -> str | None:
        """A request header's value (the first with that name, any case)."""
        head = self.head.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        for line in head.split("\r\n")[1:]:
            key, _, value = line.partition(":")
            if key.strip().lower() == name.lower():
                return value.strip()
        return None

    def body(self) -> bytes:
        """The request body (``Content-Length`` bytes; what came with the head first)."""
        body = self.head.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in self.head else b""
        want = int(self.header("Content-Length") or 0)
        while len(body) < want:
            part = self.conn.recv(65536)
            if not part:
                break
            body += part
        return body

    def send(self, data: bytes) -> bool:
        """Send ``data``; False once the client has gone away."""
        try:
            self.conn.sendall(data)
        except OSError:
            return False
        self.sent += len(data)
        return True


Script = Callable[[Exchange], None]


@dataclass
class RawHttpServer:
    """A threaded server on 127.0.0.1 that answers every request with ``script``."""

    script: Script
    hits: int = 0
    paths: list[str] = field(default_factory=list)
    bytes_sent: int = 0
    tls: ssl.SSLContext | None = None
    """Serve HTTPS with this server context."""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._listener = ThreadedListener(self._serve)
        self._stop = self._listener.stopping
        self.port = self._listener.port

    def url(self, path: str = "/") -> str:
        scheme = "https" if self.tls is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(5)
        if self.tls is not None:
            try:
                conn = self.tls.wrap_socket(conn, server_side=True)
            except OSError:
                conn.close()
                return
        with conn:
            head = b""
            try:
                while b"\r\n\r\n" not in head:
                    part = conn.recv(4096)
                    if not part:
                        return
                    head += part
            except OSError:
                return
            exchange = Exchange(conn, head, self._stop)
            with self._lock:
                self.hits += 1
                self.paths.append(exchange.path)
            try:
                self.script(exchange)
            finally:
                with self._lock:
                    self.bytes_sent += exchange.sent
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        self._listener.stop()


def _head(status: str = "200 OK", length: int | None = None, extra: str = "") -> bytes:
    lines = [f"HTTP/1.1 {status}", "Content-Type: application/octet-stream", "Connection: close"]
    if length is not None:
        lines.append(f"Content-Length: {length}")
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def ok(body: bytes = b"hello") -> Script:
    def script(ex: Exchange) -> None:
        ex.send(_head(length=len(body)) + body)

    return script


def receive(store: list[tuple[str, bytes]], answer: bytes = b"{}") -> Script:
    """Read the request body, keep ``(request head, body)`` in ``store``, answer ``answer``."""

    def script(ex: Exchange) -> None:
        body = ex.body()
        store.append((ex.head.split(b"\r\n\r\n", 1)[0].decode("latin-1"), body))
        ex.send(_head(length=len(answer)) + answer)

    return script


def trickle_body(interval: float) -> Script:
    """Proper headers at once (a 1 MB body announced), then one byte every ``interval``
    seconds: hours for the whole body, yet every single ``recv`` returns promptly."""

    def script(ex: Exchange) -> None:
        if not ex.send(_head(length=1_000_000)):
            return
        while not ex.stop.wait(interval):
            if not ex.send(b"\x30"):
                return

    return script


def trickle_head(interval: float) -> Script:
    """A status line, then one header byte every ``interval`` seconds, for hours."""

    def script(ex: Exchange) -> None:
        if not ex.send(b"HTTP/1.1 200 OK\r\nX-Padding: "):
            return
        while not ex.stop.wait(interval):
            if not ex.send(b"a"):
                return

    return script


def hang(ex: Exchange) -> None:
    """Accept the request and say nothing until the server stops."""
    ex.stop.wait()


def redirect(location: str, status: str = "302 Found") -> Script:
    def script(ex: Exchange) -> None:
        ex.send(_head(status, length=0, extra=f"Location: {location}"))

    return script


def stream(total: int, chunk: int = 64 * 1024, *, declare: bool = False) -> Script:
    """``total`` bytes as fast as the client takes them, with or without Content-Length."""

    def script(ex: Exchange) -> None:
        if not ex.send(_head(length=total if declare else None)):
            return
        left = total
        block = b"\0" * chunk
        while left > 0 and not ex.stop.is_set():
            if not ex.send(block[: min(chunk, left)]):
                return
            left -= chunk

    return script


def routes(table: dict[str, Script], default: Script | None = None) -> Script:
    def script(ex: Exchange) -> None:
        chosen = table.get(ex.path, default)
        if chosen is None:
            ex.send(_head("404 Not Found", length=0))
        else:
            chosen(ex)

    return script


def returns(call: Callable[[], object], bound: float = 20.0) -> BaseException | None:
    """Run ``call`` in a thread; the exception it raised (None if none). Fails when it is
    still running after ``bound`` seconds — a deadline that did not hold."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            call()
            outcome.append(None)
        except BaseException as exc:  # handed to the test
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(bound)
    assert outcome, f"the fetch was still running after {bound} s: no total deadline"
    return outcome[0]
