"""Small HTTP fetches for PKI data (CRLs, OCSP, CA certificates, time stamps), with deadlines.

Trust checks run in GUI worker threads, so:

* every fetch has one **total** deadline — connecting, the status line and headers, and the
  body together. A per-socket-operation timeout is not enough: a responder that drips one
  byte a second never lets a single ``recv`` time out. A watchdog shuts the connection down
  when the deadline passes, wherever the fetch is blocked;
* several fetches can share one budget (:func:`deadline`): a trust check wraps all of its
  downloads in one, so a certificate naming 20 hanging CRL addresses costs the budget, not
  20 timeouts;
* bodies are bounded (``max_bytes``), checked against ``Content-Length`` and while reading;
* only ``http``/``https`` URLs are fetched (PKI pointers sometimes name ``ldap://``), and
  redirects are followed at most :data:`MAX_REDIRECTS` times, only to ``http``/``https``,
  and only to port 80 or 443 unless the target keeps the same host and port — a CRL pointer
  must not become a port scanner or a ``file:``/``ftp:`` reader;
* a cancellation flag is looked at between requests and while waiting.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kyso.core.errors import KysoError

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Large enough for a national CA's full CRL, small enough not to fill the disk."""

MAX_REDIRECTS = 3
"""CAs move their CRLs once in a while; a longer chain is a loop or a trick."""

USER_AGENT = "Kyso/0.1 (trust check)"


class FetchError(KysoError):
    """A PKI download failed (network down, timeout, HTTP error, too large)."""


class Cancelled(KysoError):
    """The caller cancelled the check (e.g. closed the window)."""

    def __init__(self) -> None:
        super().__init__("Đã hủy kiểm tra.", "The check was cancelled.", code="cancelled")


Fetch = Callable[..., bytes]
"""``fetch(url, *, data=None, content_type=None, timeout=5.0, cancel=None) -> bytes``."""


# -- shared budgets ----------------------------------------------------------------------

_budget: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "kyso_fetch_budget", default=None
)


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Every fetch made in this block (by this thread) ends within ``seconds`` from now.

    Each fetch still keeps its own ``timeout``; it gets whichever ends first. Once the
    budget is spent a fetch fails at once with code ``fetch_deadline`` (no request is
    sent). Nested blocks never extend an outer budget.
    """
    at = time.monotonic() + max(0.0, seconds)
    outer = _budget.get()
    if outer is not None:
        at = min(at, outer)
    token = _budget.set(at)
    try:
        yield
    finally:
        _budget.reset(token)


def remaining_budget() -> float | None:
    """Seconds left in the current :func:`deadline` block, or None outside one."""
    at = _budget.get()
    return None if at is None else at - time.monotonic()


# -- the fetcher -------------------------------------------------------------------------


@dataclass(frozen=True)
class HttpFetcher:
    """Fetches over HTTP(S) with urllib, under one total deadline per call."""

    max_bytes: int = DEFAULT_MAX_BYTES
    chunk: int = 64 * 1024

    def __call__(
        self,
        url: str,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        timeout: float = 5.0,
        cancel: threading.Event | None = None,
    ) -> bytes:
        check_cancel(cancel)
        scheme = urllib.parse.urlsplit(url).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"Không hỗ trợ địa chỉ {url}.", f"Unsupported URL {url}.", code="fetch_scheme"
            )
        now = time.monotonic()
        own_end = now + max(0.0, timeout)
        budget_end = _budget.get()
        by_budget = budget_end is not None and budget_end < own_end
        end = budget_end if by_budget and budget_end is not None else own_end
        if end - now <= 0:
            raise _timed_out(url, timeout, by_budget)
        headers = {"User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers)
        watch = _Watchdog(end, cancel)
        try:
            return self._fetch(request, url, watch)
        except FetchError:
            raise
        except Exception as exc:
            # Whatever the socket layer says after the watchdog cut the connection, the
            # reason is the deadline (or the cancel).
            if watch.fired:
                check_cancel(cancel)
                raise _timed_out(url, timeout, by_budget) from None
            raise _translate(exc, url, timeout, by_budget) from None
        finally:
            watch.stop()

    def _fetch(self, request: urllib.request.Request, url: str, watch: _Watchdog) -> bytes:
        opener = _build_opener(watch, url)
        left = watch.remaining()
        if left <= 0:
            raise TimeoutError
        with opener.open(request, timeout=left) as response:
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > self.max_bytes:
                raise _too_large(url)
            parts: list[bytes] = []
            total = 0
            while True:
                if watch.fired or watch.remaining() <= 0:
                    raise TimeoutError
                part = response.read1(self.chunk)
                if not part:
                    break
                total += len(part)
                if total > self.max_bytes:
                    raise _too_large(url)
                parts.append(part)
            if watch.fired:
                raise TimeoutError  # the body may have been cut short by the shutdown
            return b"".join(parts)


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


# -- the watchdog ------------------------------------------------------------------------


class _Watchdog:
    """Shuts a fetch's sockets down when its deadline passes or its cancel flag is set.

    ``shutdown`` is called on a duplicate of each socket, which the watchdog owns: it acts
    on the connection (a blocked ``recv`` in the fetching thread returns at once, in plain
    HTTP, TLS, the handshake or a proxy tunnel alike) and can never hit a file descriptor
    that the fetching thread has closed and the system has reused meanwhile.
    """

    def __init__(self, end: float, cancel: threading.Event | None) -> None:
        self.end = end
        self.cancel = cancel
        self.fired = False
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._socks: list[socket.socket] = []
        self._thread = threading.Thread(target=self._run, name="kyso-fetch-deadline", daemon=True)
        self._thread.start()

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def add(self, sock: socket.socket) -> None:
        with self._lock:
            if self._done.is_set():
                return
            dup = sock.dup()
            self._socks.append(dup)
            if self.fired:
                _shutdown(dup)

    def _run(self) -> None:
        while not self._done.is_set():
            left = self.remaining()
            cancelled = self.cancel is not None and self.cancel.is_set()
            if left <= 0 or cancelled:
                with self._lock:
                    if self._done.is_set():
                        return
                    self.fired = True
                    for sock in self._socks:
                        _shutdown(sock)
                return
            # With a cancel flag, look at it a few times a second; otherwise sleep until
            # the deadline (stop() wakes us).
            self._done.wait(min(left, 0.2) if self.cancel is not None else left)

    def stop(self) -> None:
        with self._lock:
            self._done.set()
            socks, self._socks = self._socks, []
        for sock in socks:
            with contextlib.suppress(OSError):
                sock.close()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


# -- urllib plumbing ---------------------------------------------------------------------


def _watched_create_connection(
    watch: _Watchdog,
    address: tuple[str, int],
    timeout: Any = socket._GLOBAL_DEFAULT_TIMEOUT,  # type: ignore[attr-defined]
    source_address: Any = None,
    **kwargs: Any,
) -> socket.socket:
    left = watch.remaining()
    if left <= 0:
        raise TimeoutError("deadline")
    if isinstance(timeout, (int, float)):
        left = min(left, float(timeout))
    sock = socket.create_connection(address, left, source_address, **kwargs)
    watch.add(sock)
    return sock


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, watch: _Watchdog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # http.client opens its socket through this attribute (plain, TLS and tunnels).
        self._create_connection = functools.partial(_watched_create_connection, watch)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, watch: _Watchdog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(_watched_create_connection, watch)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__()
        self._watch = watch

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, watch=self._watch), req)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the system's CA store takes ~0.1 s: once per process, not per download.
    return ssl.create_default_context()


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watchdog) -> None:
        super().__init__(context=_tls_context())
        self._watch = watch

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(
            functools.partial(_HTTPSConnection, watch=self._watch),
            req,
            context=self._context,  # type: ignore[attr-defined]
        )


class _RedirectHandler(urllib.request.HTTPRedirectHandler):
    """Follows a few redirects, only where a PKI download may legitimately go."""

    max_redirections = MAX_REDIRECTS + 1  # ours (below) fires first, with a clear message

    def http_error_302(  # type: ignore[override]
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any
    ) -> Any:
        # Checked here, before urllib's own rules (which allow ftp: and answer others
        # with a bare HTTPError).
        location = headers.get("location") or headers.get("uri")
        if location:
            self._check(req, fp, urllib.parse.urljoin(req.full_url, location))
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: Any,
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.kyso_hops = getattr(req, "kyso_hops", 0) + 1  # type: ignore[attr-defined]
        return new

    @staticmethod
    def _check(req: urllib.request.Request, fp: Any, newurl: str) -> None:
        hops = getattr(req, "kyso_hops", 0) + 1
        if hops > MAX_REDIRECTS:
            fp.close()
            raise FetchError(
                f"Máy chủ {_host(req.full_url)} chuyển hướng quá nhiều lần; đã dừng.",
                f"{_host(req.full_url)} redirected too many times; stopped.",
                code="fetch_redirect",
            )
        problem = redirect_problem(req.full_url, newurl)
        if problem:
            fp.close()
            raise FetchError(
                f"Máy chủ {_host(req.full_url)} chuyển hướng tới {newurl}, nơi Kyso không "
                f"tải dữ liệu từ đó ({problem[0]}); đã bỏ qua.",
                f"{_host(req.full_url)} redirected to {newurl}, where Kyso does not "
                f"download from ({problem[1]}); ignored.",
                code="fetch_redirect",
            )


def redirect_problem(old_url: str, new_url: str) -> tuple[str, str] | None:
    """Why a redirect from ``old_url`` to ``new_url`` is refused (vi, en), or None."""
    old, new = urllib.parse.urlsplit(old_url), urllib.parse.urlsplit(new_url)
    scheme = new.scheme.lower()
    if scheme not in ("http", "https"):
        return (f"giao thức {scheme or '?'}:", f"scheme {scheme or '?'}:")
    try:
        new_port = new.port or _DEFAULT_PORTS[scheme]
        old_port = old.port or _DEFAULT_PORTS.get(old.scheme.lower(), 0)
    except ValueError:
        return ("cổng không hợp lệ", "invalid port")
    if not new.hostname:
        return ("không có tên máy", "no host name")
    if new_port in (80, 443):
        return None
    if (new.hostname or "").lower() == (old.hostname or "").lower() and new_port == old_port:
        return None
    return (f"cổng {new_port}", f"port {new_port}")


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _proxies_for(url: str) -> dict[str, str]:
    """The system's proxies; loopback addresses never go through one."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return {}
    try:
        if ipaddress.ip_address(host).is_loopback:
            return {}
    except ValueError:
        pass
    return urllib.request.getproxies()


def _build_opener(watch: _Watchdog, url: str) -> urllib.request.OpenerDirector:
    """An opener with only what PKI downloads need: no file:, ftp: or data: handlers."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(_proxies_for(url)),
        urllib.request.UnknownHandler(),
        _HTTPHandler(watch),
        _HTTPSHandler(watch),
        urllib.request.HTTPDefaultErrorHandler(),
        _RedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


# -- messages ----------------------------------------------------------------------------


def _translate(exc: BaseException, url: str, timeout: float, by_budget: bool) -> FetchError:
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()
        return FetchError(
            f"Máy chủ {_host(url)} trả lỗi HTTP {exc.code}.",
            f"{_host(url)} answered HTTP {exc.code}.",
            code="fetch_http",
        )
    reason: object = getattr(exc, "reason", exc)
    if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
        return _timed_out(url, timeout, by_budget)
    if isinstance(reason, ssl.SSLError):
        reason = reason.reason or reason
    return FetchError(
        f"Không kết nối được tới {_host(url)} ({reason}).",
        f"Could not reach {_host(url)} ({reason}).",
        code="fetch_network",
    )


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _timed_out(url: str, timeout: float, by_budget: bool = False) -> FetchError:
    if by_budget:
        # Not proof that the server is down: the check as a whole ran out of time.
        return FetchError(
            f"Đã hết thời gian dành cho lần kiểm tra này; chưa tải được từ {_host(url)}.",
            f"The time allowed for this check ran out before {_host(url)} answered.",
            code="fetch_deadline",
        )
    return FetchError(
        f"Máy chủ {_host(url)} không trả lời trong {timeout:g} giây.",
        f"{_host(url)} did not answer within {timeout:g} s.",
        code="fetch_timeout",
    )


def _too_large(url: str) -> FetchError:
    return FetchError(
        f"Dữ liệu tải từ {_host(url)} quá lớn; đã bỏ qua.",
        f"The download from {_host(url)} is too large; ignored.",
        code="fetch_too_large",
    )


default_fetch: Fetch = HttpFetcher()
