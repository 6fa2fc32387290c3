"""JSON over HTTPS for the signing services: one total deadline per call, bounded answers.

Calls go through :mod:`kyso.core.net.fetch` like every other request: one total deadline
(connecting, TLS, headers and a trickling answer together), IT's proxy (``proxy_url`` and
``proxy_bypass``, Basic proxy authentication, ``https`` through CONNECT), and no redirects —
a signing API never redirects, and following one could send a token elsewhere.

A service's error answer becomes a :class:`RemoteHttpError` with its status and the
service's own error code/description (never shown raw: providers translate it into words).
Secrets travel in headers and bodies only, never in URLs, so they never reach a log line.
"""

from __future__ import annotations

import base64
import json
import ssl
import threading
import urllib.parse
from dataclasses import dataclass
from typing import Any

from kyso.core.errors import KysoError
from kyso.core.net import proxy as proxies
from kyso.core.net.fetch import Cancelled, FetchError, HttpFetcher

MAX_ANSWER = 4 * 1024 * 1024
"""A credentials list with chains is a few tens of KB; anything over 4 MB is refused."""

USER_AGENT = "Kyso/0.1 (remote signing)"


class RemoteUnavailable(KysoError):
    """The service could not be reached or did not answer in time."""

    def __init__(self, host: str, why_vi: str, why_en: str) -> None:
        super().__init__(
            f"Không kết nối được dịch vụ ký số từ xa {host}: {why_vi}. Kiểm tra mạng (và máy "
            "chủ ủy quyền nếu có) rồi thử lại.",
            f"Could not reach the remote signing service {host}: {why_en}. Check the network "
            "(and the proxy, if any) and try again.",
            code="remote_unavailable",
        )


@dataclass
class RemoteHttpError(Exception):
    """The service answered with an error status."""

    status: int
    error: str = ""
    description: str = ""
    body: Any = None

    def __str__(self) -> str:
        return f"HTTP {self.status} {self.error}"


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class JsonHttp:
    """Calls to one service base URL. ``timeout`` is a total deadline per call.

    ``tls_context``: the trust for ``https`` (None: the system's; a test's CA, or a
    TLS-inspecting proxy's)."""

    def __init__(
        self, base_url: str, *, timeout: float = 30.0, tls_context: ssl.SSLContext | None = None
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("https", "http") or not parsed.hostname:
            raise KysoError(
                f"Địa chỉ dịch vụ ký số từ xa không hợp lệ: {base_url}",
                f"Not a valid remote signing service address: {base_url}",
                code="remote_bad_url",
            )
        self.base_url = base_url.rstrip("/")
        self.host = parsed.hostname
        self.timeout = timeout
        self._fetch = HttpFetcher(max_bytes=MAX_ANSWER, tls_context=tls_context)

    def call(
        self,
        path: str,
        payload: Any = None,
        *,
        headers: dict[str, str] | None = None,
        form: dict[str, str] | None = None,
        method: str = "POST",
        cancel: threading.Event | None = None,
    ) -> Any:
        """POST ``payload`` as JSON (or ``form`` url-encoded) to ``base_url + path``; the
        decoded JSON answer ({} for an empty one). Raises :class:`RemoteHttpError` for an
        error status and :class:`RemoteUnavailable` when nothing usable came back in time."""
        url = self.base_url + path
        data: bytes | None
        hdrs = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None or method == "POST":
            data = json.dumps(payload if payload is not None else {}).encode()
            hdrs["Content-Type"] = "application/json"
        else:
            data = None
        try:
            response = self._fetch.send(
                url, method=method, data=data, headers=hdrs, timeout=self.timeout,
                cancel=cancel, follow_redirects=False, accept_status=True,
            )
        except Cancelled:
            raise RemoteUnavailable(self.host, "đã hủy", "cancelled") from None
        except FetchError as exc:
            raise self._unavailable(exc) from None
        if response.status >= 300:  # an error, or a redirect we refused to follow
            raise self._error(response.status, response.body)
        return self._decode(response.body)

    def _unavailable(self, exc: FetchError) -> RemoteUnavailable:
        via = proxies.display(exc.via) if exc.via else ""
        if exc.code in ("fetch_timeout", "fetch_deadline"):
            if via:
                return RemoteUnavailable(
                    self.host,
                    f"quá thời gian chờ (qua proxy {via})",
                    f"timed out (through proxy {via})",
                )
            return RemoteUnavailable(self.host, "quá thời gian chờ", "timed out")
        if exc.code == "fetch_too_large":
            return RemoteUnavailable(self.host, "câu trả lời quá lớn", "answer too large")
        if exc.code == "proxy_auth":
            return RemoteUnavailable(
                self.host,
                f"proxy {via} yêu cầu đăng nhập (HTTP 407); Kyso chỉ hỗ trợ xác thực Basic ghi "
                "trong proxy_url",
                f"proxy {via} requires authentication (HTTP 407); Kyso supports only Basic "
                "credentials written in proxy_url",
            )
        if exc.code == "proxy_refused":
            return RemoteUnavailable(
                self.host,
                f"proxy {via} từ chối kết nối (HTTP {exc.status}); hỏi CNTT cho phép địa chỉ này",
                f"proxy {via} refused the connection (HTTP {exc.status}); ask IT to allow this "
                "address",
            )
        if exc.code == "proxy_network":
            return RemoteUnavailable(
                self.host,
                f"không kết nối được tới proxy {via} (kiểm tra proxy_url)",
                f"could not connect to proxy {via} (check proxy_url)",
            )
        if exc.code == "fetch_write":
            return RemoteUnavailable(self.host, "lỗi ghi dữ liệu", "write error")
        return RemoteUnavailable(self.host, "không kết nối được", "connection failed")

    def _decode(self, body: bytes) -> Any:
        if not body.strip():
            return {}
        try:
            return json.loads(body)
        except ValueError:
            raise RemoteUnavailable(
                self.host, "câu trả lời không phải JSON", "the answer is not JSON"
            ) from None

    def _error(self, status: int, body: bytes) -> RemoteHttpError:
        try:
            data = json.loads(body) if body.strip() else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return RemoteHttpError(
            status,
            str(data.get("error", data.get("code", "")) or ""),
            str(data.get("error_description", data.get("message", "")) or ""),
            data,
        )
