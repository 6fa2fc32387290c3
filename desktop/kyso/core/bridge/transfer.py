"""Fetching the page's document and posting the signed file back, with limits.

Both only after :meth:`BridgePolicy.check_url`; redirects are not followed (a redirect could
lead anywhere the policy did not approve). The upload is ``multipart/form-data`` with the
signed PDF in the field ``uploadfile``, as VGCA Sign Service sends it; the handler's JSON
answer is returned to the page unchanged.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

from kyso.core.bridge.policy import refuse


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler(), _NoRedirect())


def download(url: str, dest: Path, *, limit: int, timeout: float = 60.0) -> Path:
    """``url`` into ``dest`` (at most ``limit`` bytes, one total deadline); a PDF or refused."""
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(urllib.request.Request(url), timeout=timeout) as response:
            if response.status != 200:
                raise refuse(f"Máy chủ trả lời {response.status} khi tải văn bản.",
                             f"The server answered {response.status} to the download.",
                             "bridge_download_failed")
            size = 0
            with dest.open("wb") as out:
                while True:
                    if time.monotonic() > deadline:
                        raise refuse("Tải văn bản quá lâu; đã dừng.",
                                     "The download took too long; stopped.",
                                     "bridge_download_timeout")
                    chunk = response.read1(65536)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > limit:
                        raise refuse(
                            f"Văn bản lớn hơn giới hạn {limit // (1024 * 1024)} MB; không ký.",
                            f"The document is larger than the {limit // (1024 * 1024)} MB "
                            "limit; not signed.",
                            "bridge_too_large",
                        )
                    out.write(chunk)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise refuse(f"Máy chủ trả lời {exc.code} khi tải văn bản.",
                     f"The server answered {exc.code} to the download.",
                     "bridge_download_failed") from None
    except (urllib.error.URLError, OSError):
        raise refuse("Không tải được văn bản từ máy chủ của trang.",
                     "Could not download the document from the page's server.",
                     "bridge_download_failed") from None
    with dest.open("rb") as f:
        if not f.read(5).startswith(b"%PDF-"):
            raise refuse("Tệp tải về không phải PDF; không ký.",
                         "The downloaded file is not a PDF; not signed.", "bridge_not_pdf")
    return dest


def upload(handler_url: str, signed: Path, *, timeout: float = 60.0) -> dict[str, Any]:
    """POST ``signed`` as field ``uploadfile``; the handler's JSON answer."""
    boundary = uuid.uuid4().hex
    head = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"uploadfile\"; "
        f"filename=\"{signed.name.encode('ascii', 'replace').decode()}\"\r\n"
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body = head + signed.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(
        handler_url, data=body, method="POST",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            raw = response.read(1024 * 1024)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise refuse(f"Máy chủ của trang không nhận tệp đã ký (HTTP {exc.code}).",
                     f"The page's server did not accept the signed file (HTTP {exc.code}).",
                     "bridge_upload_failed") from None
    except (urllib.error.URLError, OSError):
        raise refuse("Không gửi được tệp đã ký về máy chủ của trang.",
                     "Could not send the signed file to the page's server.",
                     "bridge_upload_failed") from None
    try:
        answer = json.loads(raw) if raw.strip() else {}
    except ValueError:
        answer = {"Status": 0, "Message": raw.decode("utf-8", "replace")[:500]}
    return answer if isinstance(answer, dict) else {"Status": 0, "Message": str(answer)}
