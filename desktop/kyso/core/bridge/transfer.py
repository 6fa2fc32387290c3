"""Fetching the page's document and posting the signed file back, with limits.

Both only after :meth:`BridgePolicy.check_url`, and each connection's real address passes
:meth:`BridgePolicy.check_connection` (a name rebound since the check is refused); redirects are not followed (a redirect could
lead anywhere the policy did not approve). The upload is ``multipart/form-data`` with the
signed PDF in the field ``uploadfile``, as VGCA Sign Service sends it, streamed from disk;
the handler's JSON answer is returned to the page unchanged.

Both go through :mod:`kyso.core.net.fetch`: one total deadline each (connecting, TLS,
headers and a trickling body together), IT's proxy (``proxy_url``/``proxy_bypass``) and
bounded sizes; the download lands in a ``.part`` file renamed only when complete.

:func:`download_documents` fetches a call's documents (a batch holds up to 100) within a
total for the batch as well as each file's own limit, and only while the temporary folder
can hold them and their signed copies. A cancel flag (the page closed its WebSocket, the
user cancelled in the tray, Kyso is quitting) cuts a download or an upload at once.
"""

from __future__ import annotations

import json
import logging
import shutil
import ssl
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kyso.core.bridge.policy import MAX_BATCH, BridgeRefused, refuse
from kyso.core.net.fetch import FetchError, HttpFetcher
from kyso.core.net.multipart import FileForm

log = logging.getLogger(__name__)

USER_AGENT = "Kyso/0.1 (web signing)"

MAX_HANDLER_ANSWER = 1024 * 1024
"""An upload handler answers with a line of JSON; more than 1 MB of answer is not one."""

SLOWEST_UPLOAD = 32 * 1024
"""Bytes per second an upload is allowed at the least: its deadline grows with the file
(a 20 MB signed batch on a slow district line must not be cut at the base minute)."""


DISK_RESERVE = 1024 * 1024
"""Free space the temporary folder keeps beyond what a call stores there."""
SIGNED_OVERHEAD = 256 * 1024
"""What a signed copy may add to its original (the CMS with the chain and time stamp, the
appearance): the folder must hold the originals and their signed copies."""


def free_space(folder: Path) -> int:
    """Bytes a program may still write in ``folder`` (its file system's free space)."""
    return shutil.disk_usage(folder).free


def download(
    url: str,
    dest: Path,
    *,
    limit: int,
    timeout: float = 60.0,
    tls_context: ssl.SSLContext | None = None,
    connect_check: Callable[[str, str], None] | None = None,
    cancel: threading.Event | None = None,
    batch_limit: int | None = None,
) -> Path:
    """``url`` into ``dest`` (at most ``limit`` bytes, one total deadline); a PDF or refused.
    On any refusal ``dest`` does not exist. ``batch_limit``: the limit is what is left of
    the batch's total (the refusal then says so). A set ``cancel`` raises
    :class:`~kyso.core.net.fetch.Cancelled`."""
    try:
        response = HttpFetcher(tls_context=tls_context, connect_check=connect_check).download(
            url, dest, headers={"User-Agent": USER_AGENT}, timeout=timeout,
            follow_redirects=False, max_bytes=limit, cancel=cancel,
        )
    except FetchError as exc:
        log.info("bridge download failed: %s", exc.en)
        if exc.code == "bridge_private_address":
            raise refuse(exc.vi, exc.en, exc.code) from None
        if exc.code == "fetch_too_large" and batch_limit is not None:
            raise batch_too_large(batch_limit) from None
        if exc.code == "fetch_too_large":
            raise refuse(
                f"Văn bản lớn hơn giới hạn {_megabytes(limit, ',')}; không ký.",
                f"The document is larger than the {_megabytes(limit, '.')} limit; not signed.",
                "bridge_too_large",
            ) from None
        if exc.code in ("fetch_timeout", "fetch_deadline"):
            raise refuse("Tải văn bản quá lâu; đã dừng.",
                         "The download took too long; stopped.",
                         "bridge_download_timeout") from None
        if exc.code == "fetch_http" and exc.status is not None:
            raise _answered(exc.status) from None
        if exc.code == "fetch_incomplete":  # never a truncated document to the consent window
            raise refuse("Máy chủ của trang ngắt kết nối giữa chừng; văn bản tải về không đầy "
                         "đủ nên không ký.",
                         "The page's server closed the connection early; the document is "
                         "incomplete and was not signed.",
                         "bridge_download_incomplete") from None
        if exc.code == "fetch_write":  # ENOSPC (or a folder Kyso may not write to)
            raise disk_full() from None
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


def download_documents(
    urls: Sequence[str],
    folder: Path,
    *,
    limit: int,
    batch_limit: int = MAX_BATCH,
    connect_check: Callable[[str, str], None] | None = None,
    cancel: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
    space: Callable[[Path], int] | None = None,
) -> list[Path]:
    """Each URL into ``folder`` (``000.pdf``, ``001.pdf``…), in order; ``progress(i, n)``
    before the ``i``-th (0-based). Each file at most ``limit`` bytes, all together at most
    ``batch_limit``: the download that passes the total is cut as it passes it. Refused
    before the first byte when the folder has no room to spare, and after the last when it
    cannot also hold the signed copies. On any refusal or cancel every file downloaded so
    far is deleted (the caller still owns ``folder``)."""
    out: list[Path] = []
    total = 0
    space = space or free_space
    try:
        _check_room(folder, 0, 0, space)
        for i, url in enumerate(urls):
            if progress is not None:
                progress(i, len(urls))
            left = batch_limit - total
            path = download(url, folder / f"{i:03d}.pdf", limit=min(limit, left),
                            connect_check=connect_check, cancel=cancel,
                            batch_limit=batch_limit if left < limit else None)
            out.append(path)
            total += path.stat().st_size
        _check_room(folder, total, len(out), space)
    except BaseException:
        for path in out:
            path.unlink(missing_ok=True)
        raise
    return out


def _check_room(folder: Path, stored: int, files: int,
                space: Callable[[Path], int]) -> None:
    """The folder still holds ``stored`` bytes' signed copies (``files`` of them) and the
    reserve; else :func:`disk_full`."""
    try:
        free = space(folder)
    except OSError:
        raise disk_full() from None
    if free < stored + files * SIGNED_OVERHEAD + DISK_RESERVE:
        raise disk_full()


def _megabytes(size: int, point: str) -> str:
    """``200 MB``, ``0,5 MB`` (Vietnamese writes a decimal comma)."""
    mb = size / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 10 or mb == int(mb) else f"{mb:.1f} MB".replace(".", point)


def batch_too_large(batch_limit: int) -> Exception:
    return refuse(
        f"Các văn bản trong yêu cầu này cộng lại lớn hơn giới hạn "
        f"{_megabytes(batch_limit, ',')} cho một lần ký; không ký văn bản nào. Hãy chia "
        "thành nhiều lần ký nhỏ hơn.",
        f"The documents of this request together exceed the {_megabytes(batch_limit, '.')} "
        "limit for one signing; nothing was signed. Split it into smaller batches.",
        "bridge_batch_too_large",
    )


def disk_full() -> BridgeRefused:
    return refuse(
        "Thư mục tạm của máy không đủ chỗ để tải và ký các văn bản này (hoặc Kyso không ghi "
        "được vào đó); không ký văn bản nào. Hãy giải phóng dung lượng đĩa rồi thử lại.",
        "The temporary folder has no room to download and sign these documents (or Kyso "
        "cannot write there); nothing was signed. Free some disk space and try again.",
        "bridge_disk_full",
    )


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
    cancel: threading.Event | None = None,
) -> dict[str, Any]:
    """POST ``signed`` as field ``uploadfile`` (streamed from disk); the handler's JSON
    answer. One total deadline: ``timeout`` plus the time the file takes at
    :data:`SLOWEST_UPLOAD`. A set ``cancel`` cuts it (:class:`~kyso.core.net.fetch.Cancelled`)."""
    form = FileForm("uploadfile", signed, content_type="application/pdf")
    try:
        headers = form.headers()
        allowed = timeout + int(headers["Content-Length"]) / SLOWEST_UPLOAD
        response = HttpFetcher(tls_context=tls_context, connect_check=connect_check).send(
            handler_url, method="POST", data=form.chunks(),
            headers={"User-Agent": USER_AGENT, **headers}, timeout=allowed,
            follow_redirects=False, max_bytes=MAX_HANDLER_ANSWER, cancel=cancel,
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
