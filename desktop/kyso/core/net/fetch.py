"""Small HTTP fetches for PKI data (CRLs, OCSP, CA certificates), with hard deadlines.

Trust checks run in GUI worker threads, so every fetch has a *total* deadline (not only a
per-socket-operation timeout: a responder that drips one byte a second would otherwise hold
the worker for minutes), a size limit, and a cancellation flag that is looked at between
requests and between chunks of a response. Only ``http``/``https`` URLs are fetched: PKI
pointers in certificates sometimes name ``ldap://`` locations, which are skipped.
"""

from __future__ import annotations

import ipaddress
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from kyso.core.errors import KysoError

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""Large enough for a national CA's full CRL, small enough not to fill the disk."""

USER_AGENT = "Kyso/0.1 (trust check)"


class FetchError(KysoError):
    """A PKI download failed (network down, timeout, HTTP error, too large)."""


class Cancelled(KysoError):
    """The caller cancelled the check (e.g. closed the window)."""

    def __init__(self) -> None:
        super().__init__("Đã hủy kiểm tra.", "The check was cancelled.", code="cancelled")


Fetch = Callable[..., bytes]
"""``fetch(url, *, data=None, content_type=None, timeout=5.0, cancel=None) -> bytes``."""


@dataclass(frozen=True)
class HttpFetcher:
    """Fetches over HTTP(S) with urllib. Loopback addresses never go through a proxy."""

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
        headers = {"User-Agent": USER_AGENT}
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=data, headers=headers)
        opener = _opener_for(url)
        deadline = time.monotonic() + timeout
        try:
            with opener.open(request, timeout=timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise _too_large(url)
                parts: list[bytes] = []
                total = 0
                while True:
                    check_cancel(cancel)
                    if time.monotonic() > deadline:
                        raise _timed_out(url, timeout)
                    part = response.read1(self.chunk)
                    if not part:
                        break
                    total += len(part)
                    if total > self.max_bytes:
                        raise _too_large(url)
                    parts.append(part)
                return b"".join(parts)
        except urllib.error.HTTPError as exc:
            exc.close()
            raise FetchError(
                f"Máy chủ {_host(url)} trả lỗi HTTP {exc.code}.",
                f"{_host(url)} answered HTTP {exc.code}.",
                code="fetch_http",
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError) or isinstance(exc, TimeoutError):
                raise _timed_out(url, timeout) from None
            raise FetchError(
                f"Không kết nối được tới {_host(url)} ({reason}).",
                f"Could not reach {_host(url)} ({reason}).",
                code="fetch_network",
            ) from None


def check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).netloc or url


def _timed_out(url: str, timeout: float) -> FetchError:
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


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
_PROXIED = urllib.request.build_opener()


def _opener_for(url: str) -> urllib.request.OpenerDirector:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return _DIRECT
    try:
        if ipaddress.ip_address(host).is_loopback:
            return _DIRECT
    except ValueError:
        pass
    return _PROXIED


default_fetch: Fetch = HttpFetcher()
