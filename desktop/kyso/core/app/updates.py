"""Asking IT's server which Kyso version is current — only when the user or IT asks.

Kyso never phones home. IT may publish a small JSON file on an internal server
(``{"version": "0.2.0", "url": "https://…/kyso_0.2.0_amd64.deb", "notes": "…"}``) and name
it in the per-machine file::

    [updates]
    latest_url = "https://intranet.example.gov.vn/kyso/latest.json"

``kyso about --check-update`` (and nothing else) reads it through
:mod:`kyso.core.net.fetch`: one total deadline, at most 64 KB, IT's proxy.
"""

from __future__ import annotations

import json
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kyso import __version__
from kyso.core.errors import KysoError
from kyso.core.net.fetch import FetchError, HttpFetcher

MAX_ANSWER = 64 * 1024
"""The version file is a few lines of JSON."""


@dataclass(frozen=True)
class UpdateInfo:
    current: str
    latest: str
    newer: bool
    url: str = ""
    notes: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"current": self.current, "latest": self.latest, "newer": self.newer,
                "url": self.url, "notes": self.notes}


def latest_url(machine_file: Path) -> str:
    from kyso.core.settings import machine_table

    value = machine_table("updates", machine_file).get("latest_url", "")
    return value if isinstance(value, str) else ""


def _key(version: str) -> tuple[int, ...]:
    parts = []
    for piece in version.split("+")[0].split("."):
        digits = "".join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits or 0))
    return tuple(parts)


def check_update(
    url: str, *, timeout: float = 10.0, tls_context: ssl.SSLContext | None = None
) -> UpdateInfo:
    """What IT's version file at ``url`` says, compared with this Kyso. ``tls_context``:
    the trust for ``https`` (None: the system's)."""
    if not url:
        raise KysoError(
            "CNTT chưa đặt địa chỉ kiểm tra phiên bản ([updates] latest_url trong tệp thiết "
            "lập của máy). Kyso không tự liên lạc với máy chủ nào khác.",
            "IT has not set a version-check address ([updates] latest_url in the machine "
            "settings file). Kyso contacts no other server by itself.",
            code="update_url_missing",
        )
    if not url.startswith(("https://", "http://")):
        raise KysoError(f"Địa chỉ kiểm tra phiên bản không hợp lệ: {url}",
                        f"Not a valid version-check address: {url}", code="update_bad_url")
    try:
        body = HttpFetcher(max_bytes=MAX_ANSWER, tls_context=tls_context).send(
            url, headers={"User-Agent": f"Kyso/{__version__} (update check)",
                          "Accept": "application/json"},
            timeout=timeout,
        ).body
        data = json.loads(body)
        latest = str(data["version"])
    except (FetchError, ValueError, KeyError, TypeError):
        raise KysoError(
            f"Không đọc được thông tin phiên bản từ {url}. Thử lại sau hoặc báo CNTT.",
            f"Could not read the version information from {url}. Try later or tell IT.",
            code="update_check_failed",
        ) from None
    return UpdateInfo(__version__, latest, _key(latest) > _key(__version__),
                      str(data.get("url", "")), str(data.get("notes", ""))[:500])
