"""Every outgoing HTTP request Kyso makes, with deadlines: PKI data (CRLs, OCSP, CA
certificates, time stamps, roots), the remote signing services' JSON API, the web bridge's
document downloads and signed-file uploads, and IT's version check.

They run in GUI worker threads (or the bridge's), so:

* every fetch has one **total** deadline — connecting, the status line and headers, and the
  body together. A per-socket-operation timeout is not enough: a responder that drips one
  byte a second never lets a single ``recv`` time out. A watchdog shuts the connection down
  when the deadline passes, wherever the fetch is blocked;
* several fetches can share one budget (:func:`deadline`): a trust check wraps all of its
  downloads in one, so a certificate naming 20 hanging CRL addresses costs the budget, not
  20 timeouts;
* bodies are bounded (``max_bytes``), checked against ``Content-Length`` and while reading
  (a body shorter than its ``Content-Length`` is ``fetch_incomplete``, never a whole answer);
  a download to a file is streamed to a ``.part`` file and renamed only when complete, and
  a request body may be streamed (an upload read from disk in chunks);
* only ``http``/``https`` URLs are fetched (PKI pointers sometimes name ``ldap://``), and
  redirects are followed at most :data:`MAX_REDIRECTS` times, only to ``http``/``https``,
  and only to port 80 or 443 unless the target keeps the same host and port — a CRL pointer
  must not become a port scanner or a ``file:``/``ftp:`` reader; ``Authorization`` and
  ``Cookie`` headers never follow a redirect to another host, and an API call can refuse
  redirects altogether;
* a cancellation flag is looked at between requests and while waiting;
* every request goes through the proxy :mod:`kyso.core.net.proxy` chooses (settings,
  environment, Windows Internet Options), Basic proxy authentication included; a proxy
  that refuses (407/403) or hangs gives a clear message within the same deadline.
"""

from __future__ import annotations

import base64
import contextlib
import contextvars
import email.message
import functools
import http.client
import os
import re
import socket
import ssl
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyso.core.errors import KysoError
from kyso.core.net import proxy as proxies
from kyso.core.net.proxy import ProxyConfig

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Large enough for a national CA's full CRL, small enough not to fill the disk."""

MAX_REDIRECTS = 3
"""CAs move their CRLs once in a while; a longer chain is a loop or a trick."""

USER_AGENT = "Kyso/0.1 (trust check)"


class FetchError(KysoError):
    """A request failed (network down, timeout, HTTP error, too large, proxy refused).

    ``status``: the HTTP status when one came back (the server's, or the proxy's refusal);
    ``via``: the proxy the request went through, if any. Callers with their own wording
    (remote signing, the web bridge) choose it by ``code`` and these two."""

    def __init__(
        self,
        vi: str,
        en: str | None = None,
        *,
        code: str = "fetch",
        status: int | None = None,
        via: str | None = None,
    ) -> None:
        super().__init__(vi, en, code=code)
        self.status = status
        self.via = via


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

Body = bytes | Iterable[bytes]
"""A request body: bytes, or chunks sent as they come (a file streamed from disk; the
caller then sets ``Content-Length``, or urllib falls back to chunked encoding)."""


@dataclass(frozen=True)
class Response:
    """What came back: the final status, its headers and the body (empty when
    :meth:`HttpFetcher.download` wrote it to a file)."""

    status: int
    headers: email.message.Message
    body: bytes = b""


@dataclass(frozen=True)
class HttpFetcher:
    """Fetches over HTTP(S) with urllib, under one total deadline per call.

    ``proxy``: a fixed proxy configuration; None (the default) asks
    :func:`kyso.core.net.proxy.current` at each call. ``tls_context``: the TLS trust for
    ``https`` (a TLS-inspecting proxy's CA, or a test's); None: the system's.

    Three ways in, with the same deadline, size, redirect and proxy rules: calling the
    fetcher (PKI data: the body or :class:`FetchError`), :meth:`send` (any method, headers
    such as ``Authorization``, a streamed body, optionally the error statuses as answers)
    and :meth:`download` (the body streamed into a file).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    chunk: int = 64 * 1024
    proxy: ProxyConfig | None = None
    tls_context: ssl.SSLContext | None = None
    connect_check: Callable[[str, str], None] | None = None
    """Called with (host name, IP address) just before each connection opens, after the
    fetch's own name resolution; raising :class:`FetchError` refuses it. The web bridge
    checks there the address it really connects to (a name rebound since its URL check)."""

    def __call__(
        self,
        url: str,
        *,
        data: bytes | None = None,
        content_type: str | None = None,
        timeout: float = 5.0,
        cancel: threading.Event | None = None,
    ) -> bytes:
        headers = {"Content-Type": content_type} if content_type else None
        return self.send(url, data=data, headers=headers, timeout=timeout, cancel=cancel).body

    def send(
        self,
        url: str,
        *,
        method: str | None = None,
        data: Body | None = None,
        headers: Mapping[str, str] | None = None,
        timeout: float = 5.0,
        cancel: threading.Event | None = None,
        follow_redirects: bool = True,
        accept_status: bool = False,
        max_bytes: int | None = None,
    ) -> Response:
        """One request; its response with the body read (at most ``max_bytes``, default
        :attr:`max_bytes`). ``method`` defaults to GET, or POST with ``data``.

        ``follow_redirects=False``: a 3xx is not followed (an API that must not send its
        token elsewhere) but answered like an error status. ``accept_status=True``: error
        statuses come back as a :class:`Response` with their body instead of raising —
        except a proxy's 407, which is always :class:`FetchError` ``proxy_auth``.
        ``Authorization`` and ``Cookie`` headers are dropped on a redirect to another host.
        """
        return self._exchange(
            url, method, data, headers, timeout, cancel, follow_redirects, accept_status,
            max_bytes, None,
        )

    def download(
        self,
        url: str,
        dest: Path,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 60.0,
        cancel: threading.Event | None = None,
        follow_redirects: bool = True,
        max_bytes: int | None = None,
    ) -> Response:
        """``url``'s body into ``dest`` (replaced if it exists), streamed: never more than
        ``max_bytes`` in memory or on disk. It is written to a ``.part`` file next to
        ``dest`` and renamed only when complete; on any failure nothing is left behind.
        An error status raises :class:`FetchError` (``fetch_http``, with ``status``)."""
        try:
            fd, name = tempfile.mkstemp(
                prefix=f".{dest.name}.", suffix=".part", dir=dest.parent
            )
        except OSError as exc:
            raise _write_failed(url, exc) from None
        part = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                response = self._exchange(
                    url, None, None, headers, timeout, cancel, follow_redirects, False,
                    max_bytes, out.write,
                )
            os.replace(part, dest)
        except OSError as exc:  # closing or renaming the file (the fetch's own are FetchError)
            part.unlink(missing_ok=True)
            raise _write_failed(url, exc) from None
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        return response

    def _exchange(
        self,
        url: str,
        method: str | None,
        data: Body | None,
        headers: Mapping[str, str] | None,
        timeout: float,
        cancel: threading.Event | None,
        follow_redirects: bool,
        accept_status: bool,
        max_bytes: int | None,
        sink: Callable[[bytes], object] | None,
    ) -> Response:
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
        request = urllib.request.Request(
            url, data=data, headers={"User-Agent": USER_AGENT, **(headers or {})}, method=method
        )
        config = self.proxy if self.proxy is not None else proxies.current()
        via = config.proxy_for(url)
        watch = _Watchdog(end, cancel)
        watch.connect_check = self.connect_check
        limit = self.max_bytes if max_bytes is None else max_bytes
        try:
            opener = _build_opener(
                watch, config, self.tls_context or _tls_context(), follow_redirects
            )
            return self._fetch(opener, request, url, watch, via, accept_status, limit, sink)
        except FetchError:
            raise
        except Exception as exc:
            # Whatever the socket layer says after the watchdog cut the connection, the
            # reason is the deadline (or the cancel).
            if watch.fired:
                check_cancel(cancel)
                raise _timed_out(url, timeout, by_budget, via) from None
            raise _translate(exc, url, timeout, by_budget, via) from None
        finally:
            watch.stop()

    def _fetch(
        self,
        opener: urllib.request.OpenerDirector,
        request: urllib.request.Request,
        url: str,
        watch: _Watchdog,
        via: str | None,
        accept_status: bool,
        limit: int,
        sink: Callable[[bytes], object] | None,
    ) -> Response:
        left = watch.remaining()
        if left <= 0:
            raise TimeoutError
        response: Any
        try:
            response = opener.open(request, timeout=left)
        except urllib.error.HTTPError as exc:
            if not accept_status or (via is not None and exc.code == 407):
                raise
            response = exc
        with contextlib.closing(response):
            status = int(getattr(response, "code", None) or response.status)
            length = response.headers.get("Content-Length")
            if length and length.strip().isdigit() and int(length) > limit:
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
                if total > limit:
                    raise _too_large(url)
                if sink is None:
                    parts.append(part)
                    continue
                try:
                    sink(part)
                except OSError as exc:
                    raise _write_failed(url, exc) from None
            if watch.fired:
                raise TimeoutError  # the body may have been cut short by the shutdown
            if _cut_short(request, status, length, total):
                raise _incomplete(url, total, int(str(length).strip()), via)
            return Response(status, response.headers, b"".join(parts))


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
        self.connect_check: Callable[[str, str], None] | None = None
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
    **_: Any,
) -> socket.socket:
    """``socket.create_connection`` under the deadline, name resolution included (a
    resolver that hangs would otherwise hold the fetch for its own 5-30 s)."""
    host, port = address
    last: OSError | None = None
    for family, kind, proto, _name, sockaddr in _resolve(host, port, watch):
        left = watch.remaining()
        if left <= 0:
            raise TimeoutError("deadline")
        if watch.connect_check is not None:
            watch.connect_check(host, str(sockaddr[0]))
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(
                min(left, float(timeout)) if isinstance(timeout, (int, float)) else left
            )
            if source_address:
                sock.bind(source_address)
            watch.add(sock)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            last = exc
            if isinstance(exc, TimeoutError):
                raise
    raise last or OSError(f"no address for {host}")


def _resolve(host: str, port: int, watch: _Watchdog) -> list[Any]:
    """``getaddrinfo`` in a helper thread, waited for only until the deadline."""
    box: list[Any] = []

    def run() -> None:
        try:
            box.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as exc:
            box.append(exc)

    thread = threading.Thread(target=run, name="kyso-fetch-resolve", daemon=True)
    thread.start()
    thread.join(max(0.0, watch.remaining()))
    if not box:
        raise TimeoutError(f"resolving {host}")
    if isinstance(box[0], OSError):
        raise box[0]
    return list(box[0])


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
    def __init__(self, watch: _Watchdog, context: ssl.SSLContext) -> None:
        super().__init__(context=context)
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
            if _origin(req.full_url) != _origin(newurl):
                # urllib copies every header to the new request: a token meant for one
                # server must not be handed to the next.
                for name in list(new.headers):
                    if name.lower() in ("authorization", "cookie"):
                        del new.headers[name]
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


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port


class _ProxyHandler(urllib.request.BaseHandler):
    """Sends each request (redirects included) through the proxy its URL gets.

    urllib's own ProxyHandler would also consult the system's bypass list behind our back;
    this one follows :class:`ProxyConfig` alone. Credentials in the proxy URL are sent as
    Basic ``Proxy-Authorization`` (to the proxy only: urllib moves the header into the
    CONNECT request for ``https``, and as an "unredirected" header it is not copied onto a
    redirect, which may go direct)."""

    handler_order = 100  # before the HTTP(S) handlers, like urllib's

    def __init__(self, config: ProxyConfig) -> None:
        self.config = config

    def http_open(self, req: urllib.request.Request) -> None:
        self._route(req)

    def https_open(self, req: urllib.request.Request) -> None:
        self._route(req)

    def _route(self, req: urllib.request.Request) -> None:
        if getattr(req, "kyso_routed", False):
            return
        req.kyso_routed = True  # type: ignore[attr-defined]
        proxy = self.config.proxy_for(req.full_url)
        if proxy is None:
            return
        parts = urllib.parse.urlsplit(proxy)
        if parts.username is not None:
            user_pass = (
                f"{urllib.parse.unquote(parts.username)}:"
                f"{urllib.parse.unquote(parts.password or '')}"
            )
            token = base64.b64encode(user_pass.encode("utf-8")).decode("ascii")
            req.add_unredirected_header("Proxy-authorization", f"Basic {token}")
        hostport = parts.netloc.rpartition("@")[2]
        req.set_proxy(hostport, "http")


def _build_opener(
    watch: _Watchdog, config: ProxyConfig, context: ssl.SSLContext, follow_redirects: bool = True
) -> urllib.request.OpenerDirector:
    """An opener with only what Kyso's requests need: no file:, ftp: or data: handlers.
    Without the redirect handler a 3xx reaches the default error handler (an HTTPError)."""
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        _ProxyHandler(config),
        urllib.request.UnknownHandler(),
        _HTTPHandler(watch),
        _HTTPSHandler(watch, context),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ]
    if follow_redirects:
        handlers.append(_RedirectHandler())
    for handler in handlers:
        opener.add_handler(handler)
    return opener


# -- messages ----------------------------------------------------------------------------


_TUNNEL_FAILED = re.compile(r"Tunnel connection failed: (\d{3})")


def _translate(
    exc: BaseException, url: str, timeout: float, by_budget: bool, via: str | None = None
) -> FetchError:
    code: int | None = None
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()
        code = exc.code
    reason: object = getattr(exc, "reason", exc)
    if code is None and via is not None:
        found = _TUNNEL_FAILED.search(str(reason))
        if found:  # the proxy refused the CONNECT for an https download
            code = int(found.group(1))
            if code != 407:
                return _proxy_refused(url, via, code)
    if code is not None:
        if via is not None and code == 407:
            return _proxy_auth(via)
        through_vi = f" (qua proxy {proxies.display(via)})" if via else ""
        through_en = f" (through proxy {proxies.display(via)})" if via else ""
        return FetchError(
            f"Máy chủ {_host(url)}{through_vi} trả lỗi HTTP {code}.",
            f"{_host(url)}{through_en} answered HTTP {code}.",
            code="fetch_http",
            status=code,
            via=via,
        )
    if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
        return _timed_out(url, timeout, by_budget, via)
    if isinstance(reason, ssl.SSLError):
        reason = reason.reason or reason
    if (
        via is not None
        and isinstance(reason, (ConnectionRefusedError, OSError))
        and not isinstance(reason, ssl.SSLError)
    ):
        return FetchError(
            f"Không kết nối được tới {_host(url)} qua proxy {proxies.display(via)} ({reason}). "
            "Kiểm tra thiết lập proxy (proxy_url) hoặc hỏi bộ phận CNTT.",
            f"Could not reach {_host(url)} through proxy {proxies.display(via)} ({reason}). "
            "Check the proxy setting (proxy_url) or ask IT.",
            code="proxy_network",
            via=via,
        )
    return FetchError(
        f"Không kết nối được tới {_host(url)} ({reason}).",
        f"Could not reach {_host(url)} ({reason}).",
        code="fetch_network",
    )


def _proxy_auth(via: str) -> FetchError:
    return FetchError(
        f"Proxy {proxies.display(via)} yêu cầu đăng nhập (HTTP 407) và không nhận thông tin "
        "Kyso gửi. Kyso chỉ hỗ trợ xác thực Basic: đặt proxy_url = "
        '"http://tên:mật-khẩu@máy-chủ:cổng"; proxy chỉ nhận NTLM/Kerberos thì hãy nhờ CNTT '
        "cho Kyso đi thẳng (proxy_bypass) hoặc mở tài khoản Basic.",
        f"Proxy {proxies.display(via)} requires authentication (HTTP 407) and did not accept "
        "what Kyso sent. Kyso supports Basic only: set proxy_url = "
        '"http://user:password@host:port"; NTLM/Kerberos is not supported — ask IT for a '
        "bypass (proxy_bypass) or a Basic account.",
        code="proxy_auth",
        status=407,
        via=via,
    )


def _proxy_refused(url: str, via: str, code: int) -> FetchError:
    return FetchError(
        f"Proxy {proxies.display(via)} từ chối kết nối tới {_host(url)} (HTTP {code}); hỏi "
        "bộ phận CNTT cho phép địa chỉ này.",
        f"Proxy {proxies.display(via)} refused the connection to {_host(url)} (HTTP {code}); "
        "ask IT to allow this address.",
        code="proxy_refused",
        status=code,
        via=via,
    )


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _timed_out(
    url: str, timeout: float, by_budget: bool = False, via: str | None = None
) -> FetchError:
    through_vi = f" (qua proxy {proxies.display(via)})" if via else ""
    through_en = f" (through proxy {proxies.display(via)})" if via else ""
    if by_budget:
        # Not proof that the server is down: the check as a whole ran out of time.
        return FetchError(
            f"Đã hết thời gian dành cho lần kiểm tra này; chưa tải được từ "
            f"{_host(url)}{through_vi}.",
            f"The time allowed for this check ran out before {_host(url)}{through_en} answered.",
            code="fetch_deadline",
            via=via,
        )
    return FetchError(
        f"Máy chủ {_host(url)}{through_vi} không trả lời trong {timeout:g} giây.",
        f"{_host(url)}{through_en} did not answer within {timeout:g} s.",
        code="fetch_timeout",
        via=via,
    )


def _cut_short(request: urllib.request.Request, status: int, length: str | None,
               total: int) -> bool:
    """The server announced ``Content-Length`` and the connection ended before that many
    bytes came (a reset proxy, a crashed or hostile server): the body is not the whole
    answer. A HEAD request, a 1xx/204/304 answer carry no body whatever the header says."""
    if not length or not length.strip().isdigit():
        return False
    if request.get_method() == "HEAD" or status in (204, 304) or 100 <= status < 200:
        return False
    return total < int(length.strip())


def _incomplete(url: str, received: int, announced: int, via: str | None) -> FetchError:
    return FetchError(
        f"Máy chủ {_host(url)} ngắt kết nối giữa chừng (nhận {received}/{announced} byte); "
        "dữ liệu không đầy đủ nên đã bỏ.",
        f"{_host(url)} closed the connection early ({received} of {announced} bytes); the "
        "incomplete data was discarded.",
        code="fetch_incomplete",
        via=via,
    )


def _too_large(url: str) -> FetchError:
    return FetchError(
        f"Dữ liệu tải từ {_host(url)} quá lớn; đã bỏ qua.",
        f"The download from {_host(url)} is too large; ignored.",
        code="fetch_too_large",
    )


def _write_failed(url: str, exc: OSError) -> FetchError:
    return FetchError(
        f"Không ghi được dữ liệu tải từ {_host(url)} vào đĩa ({exc.strerror or exc}).",
        f"Could not write the download from {_host(url)} to disk ({exc.strerror or exc}).",
        code="fetch_write",
    )


default_fetch: Fetch = HttpFetcher()
