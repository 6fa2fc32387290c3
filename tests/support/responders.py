"""Real HTTP responders on 127.0.0.1 for the trust tests: CRL, OCSP, caIssuers.

Each responder is a ``ThreadingHTTPServer`` on an ephemeral port, started by a fixture and
stopped (threads joined, sockets closed) at teardown. Modes, switchable at any time:

* ``ok``        — answers properly;
* ``down``      — the listening socket is closed (connection refused), as when the server
                  or the network is gone; switching back re-binds the same port;
* ``slow``      — waits ``slow_s`` seconds before answering (longer than the client's
                  timeout); a stop wakes the waiting handlers at once;
* ``malformed`` — answers 200 with bytes that are not DER.

``hits`` counts requests per responder so tests can prove an answer came from the cache.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.hazmat.primitives import serialization
from cryptography.x509 import ocsp

from kyso.core.demo.pki import Issued, PkiBuilder

MODES = ("ok", "down", "slow", "malformed")
GARBAGE = b"\x30\x82\x01\x00this is not DER at all"


class _Server(ThreadingHTTPServer):
    daemon_threads = False  # joined by server_close(): no thread outlives a test
    block_on_close = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that timed out closes its end; that is expected here


class Responder:
    """Base: routes GET/POST to ``respond(method, path, body) -> (status, type, bytes)``."""

    slow_s = 5.0

    def __init__(self) -> None:
        self.mode = "ok"
        self.hits = 0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self._start()

    # -- lifecycle ---------------------------------------------------------------------
    def _start(self) -> None:
        responder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                with responder._lock:
                    responder.hits += 1
                    mode = responder.mode
                if mode == "slow":
                    responder._wake.wait(responder.slow_s)
                if mode == "malformed":
                    status, ctype, payload = HTTPStatus.OK, "application/octet-stream", GARBAGE
                else:
                    status, ctype, payload = responder.respond(method, self.path, body)
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except OSError:
                    pass

            def do_GET(self) -> None:
                self._serve("GET")

            def do_POST(self) -> None:
                self._serve("POST")

        self._wake.clear()
        self._server = _Server(("127.0.0.1", self.port), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def _stop_server(self) -> None:
        if self._server is None:
            return
        self._wake.set()
        self._server.shutdown()
        self._server.server_close()
        assert self._thread is not None
        self._thread.join(5)
        self._server = None
        self._thread = None

    def stop(self) -> None:
        self._stop_server()

    def set_mode(self, mode: str) -> None:
        assert mode in MODES, mode
        if mode == "down":
            self._stop_server()
        elif self._server is None:
            self._start()
        with self._lock:
            self.mode = mode

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def respond(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        raise NotImplementedError


class CrlServer(Responder):
    """Serves ``/<name>.crl`` made fresh by ``make(name)`` (DER, or PEM for ``.pem``)."""

    def __init__(self) -> None:
        self.crls: dict[str, Callable[[], bytes]] = {}
        super().__init__()

    def publish(
        self, name: str, pki: PkiBuilder, issuer: Issued | None = None, **kw: object
    ) -> str:
        def make() -> bytes:
            crl = pki.make_crl(issuer=issuer, **kw)  # type: ignore[arg-type]
            encoding = (
                serialization.Encoding.PEM if name.endswith(".pem") else serialization.Encoding.DER
            )
            return crl.public_bytes(encoding)

        self.crls[name] = make
        return self.url(f"/{name}")

    def respond(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        make = self.crls.get(path.lstrip("/"))
        if make is None:
            return HTTPStatus.NOT_FOUND, "text/plain", b"no such CRL"
        return HTTPStatus.OK, "application/pkix-crl", make()


class OcspResponder(Responder):
    """Answers POSTed OCSP requests from the PKI's revocation list (issuer-signed)."""

    def __init__(self, pki: PkiBuilder, issuer: Issued | None = None) -> None:
        self.pki = pki
        self.issuer = issuer
        self.responder: Issued | None = None
        """A delegated responder certificate to sign with, instead of the issuer."""
        self.answer: Callable[[ocsp.OCSPRequest], bytes] | None = None
        """Set by a test to answer with crafted DER (old, PSS-signed, replayed answers)."""
        super().__init__()

    def respond(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        try:
            request = ocsp.load_der_ocsp_request(body)
        except ValueError:
            resp = ocsp.OCSPResponseBuilder.build_unsuccessful(
                ocsp.OCSPResponseStatus.MALFORMED_REQUEST
            )
        else:
            if self.answer is not None:
                return HTTPStatus.OK, "application/ocsp-response", self.answer(request)
            resp = self.pki.make_ocsp_response(
                request, issuer=self.issuer, responder=self.responder
            )
        return (
            HTTPStatus.OK,
            "application/ocsp-response",
            resp.public_bytes(serialization.Encoding.DER),
        )


class CaIssuersServer(Responder):
    """Serves fixed files: ``files["/sub.crt"] = der``."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        super().__init__()

    def respond(self, method: str, path: str, body: bytes) -> tuple[int, str, bytes]:
        data = self.files.get(path)
        if data is None:
            return HTTPStatus.NOT_FOUND, "text/plain", b"not found"
        return HTTPStatus.OK, "application/pkix-cert", data
