"""JSON over HTTPS for the signing services: one total deadline per call, bounded answers.

A service's error answer becomes a :class:`RemoteHttpError` with its status and the
service's own error code/description (never shown raw: providers translate it into words).
Secrets travel in headers and bodies only, never in URLs, so they never reach a log line.
"""

from __future__ import annotations

import base64
import json
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from kyso.core.errors import KysoError

MAX_ANSWER = 4 * 1024 * 1024
"""A credentials list with chains is a few tens of KB; anything over 4 MB is refused."""


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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A signing API never redirects; following one could send a token elsewhere."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    # ProxyHandler() reads the system's proxy settings (environment; registry on Windows).
    return urllib.request.build_opener(urllib.request.ProxyHandler(), _NoRedirect())


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")


class JsonHttp:
    """Calls to one service base URL. ``timeout`` is a total deadline per call."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
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
        self._opener = _opener()

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
        hdrs = {"Accept": "application/json", **(headers or {})}
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif payload is not None or method == "POST":
            data = json.dumps(payload if payload is not None else {}).encode()
            hdrs["Content-Type"] = "application/json"
        else:
            data = None
        request = urllib.request.Request(url, data=data, headers=hdrs, method=method)
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = self._read(response, deadline, cancel)
                status = response.status
        except urllib.error.HTTPError as exc:
            try:
                body = self._read(exc, deadline, cancel)
            except RemoteUnavailable:
                body = b""
            finally:
                exc.close()
            raise self._error(exc.code, body) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise RemoteUnavailable(self.host, "quá thời gian chờ", "timed out") from None
            raise RemoteUnavailable(
                self.host, "không kết nối được", f"connection failed ({type(reason).__name__})"
            ) from None
        except OSError as exc:
            raise RemoteUnavailable(
                self.host, "lỗi mạng", f"network error ({type(exc).__name__})"
            ) from None
        if status >= 300:  # a redirect we refused to follow
            raise self._error(status, body)
        return self._decode(body)

    def _read(self, response: Any, deadline: float, cancel: threading.Event | None) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            if cancel is not None and cancel.is_set():
                raise RemoteUnavailable(self.host, "đã hủy", "cancelled")
            if time.monotonic() > deadline:
                raise RemoteUnavailable(self.host, "quá thời gian chờ", "timed out")
            # read1: one recv at a time, so a trickling server meets the deadline check.
            reader = getattr(response, "read1", response.read)
            chunk = reader(65536)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > MAX_ANSWER:
                raise RemoteUnavailable(self.host, "câu trả lời quá lớn", "answer too large")
            chunks.append(chunk)

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
