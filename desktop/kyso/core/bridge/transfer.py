"""Fetching the page's document and posting the signed file back, with limits.

Both only after :meth:`BridgePolicy.check_url`, and each connection's real address passes
:meth:`BridgePolicy.check_connection` (a name rebound since the check is refused); redirects are not followed (a redirect could
lead anywhere the policy did not approve). The upload is ``multipart/form-data`` with the
signed PDF in the field ``uploadfile``, as VGCA Sign Service sends it, streamed from disk;
the handler's JSON answer is returned to the page unchanged.

Both go through :mod:`kyso.core.net.fetch`: one total deadline each (connecting, TLS,
headers and a trickling body together), IT's proxy (``proxy_url``/``proxy_bypass``) and
bounded sizes; the download lands in a ``.part`` file renamed only when complete.
"""

from __future__ import annotations

import json
import logging
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kyso.core.bridge.policy import refuse
from kyso.core.net.fetch import FetchError, HttpFetcher
from kyso.core.net.multipart import FileForm

log = logging.getLogger(__name__)

USER_AGENT = "Kyso/0.1 (web signing)"

MAX_HANDLER_ANSWER = 1024 * 1024
"""An upload handler answers with a line of JSON; more than 1 MB of answer is not one."""

SLOWEST_UPLOAD = 32 * 1024
"""Bytes per second an upload is allowed at the least: its deadline grows with the file
(a 20 MB signed batch on a slow district line must not be cut at the base minute)."""


def download(
    url: str,
    dest: Path,
    *,
    limit: int,
    timeout: float = 60.0,
    tls_context: ssl.SSLContext | None = None,
    connect_check: Callable[[str, str], None] | None = None,
) -> Path:
    """``url`` into ``dest`` (at most ``limit`` bytes, one total deadline); a PDF or refused.
    On any refusal ``dest`` does not exist."""
    try:
        response = HttpFetcher(tls_context=tls_context, connect_check=connect_check).download(
            url, dest, headers={"User-Agent": USER_AGENT}, timeout=timeout,
            follow_redirects=False, max_bytes=limit,
        )
    except FetchError as exc:
        log.info("bridge download failed: %s", exc.en)
        if exc.code == "bridge_private_address":
            raise refuse(exc.vi, exc.en, exc.code) from None
        if exc.code == "fetch_too_large":
            raise refuse(
                f"Văn bản lớn hơn giới hạn {limit // (1024 * 1024)} MB; không ký.",
                f"The document is larger than the {limit // (1024 * 1024)} MB limit; not signed.",
                "bridge_too_large",
            ) from None
        if exc.code in ("fetch_timeout", "fetch_deadline"):
            raise refuse("Tải văn bản quá lâu; đã dừng.",
                         "The download took too long; stopped.",
                         "bridge_download_timeout") from None
        if exc.code == "fetch_http" and exc.status is not None:
            raise _answered(exc.status) from None
        raise refuse("Không tải được văn bản từ máy chủ của trang.",
                     "Could not download the document from the page's server.",
                     "bridge_download_failed") from None
    if response.status != 200:
        dest.unlink(missing_ok=True)
        raise _answered(response.status)
    with dest.open("rb") as f:
        is_pdf = f.read(5).startswith(b"%PDF-")
    if not is_pdf:
        dest.unlink(missing_ok=True)
        raise refuse("Tệp tải về không phải PDF; không ký.",
                     "The downloaded file is not a PDF; not signed.", "bridge_not_pdf")
    return dest


def _answered(status: int) -> Exception:
    return refuse(f"Máy chủ trả lời {status} khi tải văn bản.",
                  f"The server answered {status} to the download.",
                  "bridge_download_failed")


def upload(
    handler_url: str,
    signed: Path,
    *,
    timeout: float = 60.0,
    tls_context: ssl.SSLContext | None = None,
    connect_check: Callable[[str, str], None] | None = None,
) -> dict[str, Any]:
    """POST ``signed`` as field ``uploadfile`` (streamed from disk); the handler's JSON
    answer. One total deadline: ``timeout`` plus the time the file takes at
    :data:`SLOWEST_UPLOAD`."""
    form = FileForm("uploadfile", signed, content_type="application/pdf")
    try:
        headers = form.headers()
        allowed = timeout + int(headers["Content-Length"]) / SLOWEST_UPLOAD
        response = HttpFetcher(tls_context=tls_context, connect_check=connect_check).send(
            handler_url, method="POST", data=form.chunks(),
            headers={"User-Agent": USER_AGENT, **headers}, timeout=allowed,
            follow_redirects=False, max_bytes=MAX_HANDLER_ANSWER,
        )
    except FetchError as exc:
        log.info("bridge upload failed: %s", exc.en)
        if exc.code == "bridge_private_address":
            raise refuse(exc.vi, exc.en, exc.code) from None
        if exc.code == "fetch_http" and exc.status is not None:
            raise refuse(
                f"Máy chủ của trang không nhận tệp đã ký (HTTP {exc.status}).",
                f"The page's server did not accept the signed file (HTTP {exc.status}).",
                "bridge_upload_failed",
            ) from None
        raise refuse("Không gửi được tệp đã ký về máy chủ của trang.",
                     "Could not send the signed file to the page's server.",
                     "bridge_upload_failed") from None
    except OSError:  # the signed file vanished before it could be sent
        raise refuse("Không gửi được tệp đã ký về máy chủ của trang.",
                     "Could not send the signed file to the page's server.",
                     "bridge_upload_failed") from None
    raw = response.body
    try:
        answer = json.loads(raw) if raw.strip() else {}
    except ValueError:
        answer = {"Status": 0, "Message": raw.decode("utf-8", "replace")[:500]}
    return answer if isinstance(answer, dict) else {"Status": 0, "Message": str(answer)}
