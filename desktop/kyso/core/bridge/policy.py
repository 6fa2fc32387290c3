"""Who may ask the bridge, and where it may fetch from and send to.

* **Host.** A request whose Host header is not ``127.0.0.1:8987`` or ``localhost:8987`` is
  refused: a web page that makes its own name resolve to 127.0.0.1 (DNS rebinding) sends its
  own name in Host.
* **Origin.** IT's allow-list (per-machine ``bridge_origins``) or an origin the user approved
  on first use (remembered per origin). Anything else — a missing Origin (a local program), a
  ``null`` or ``file://`` origin — is refused or asked about, never served silently.
* **URLs** the page names (the document to download, the upload handler): https (http only
  where IT allows it), never ``file:`` or another scheme, on the asking origin's host or a
  host IT lists; a name that resolves to this machine (loopback, 0.0.0.0, ::, IPv4-mapped
  forms), to link-local (169.254.0.0/16, fe80::/10), multicast or reserved addresses, or to
  nothing is refused; private (intranet) addresses are allowed.
* **Limits**: document size, the documents of one call together (a batch), requests per
  origin per minute.
"""

from __future__ import annotations

import ipaddress
import json
import os
import socket
import tempfile
import threading
import time
import urllib.parse
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kyso.core.errors import KysoError

PORT = 8987
ALLOWED_HOSTS = (f"127.0.0.1:{PORT}", f"localhost:{PORT}")
MAX_DOCUMENT = 50 * 1024 * 1024
MAX_BATCH = 200 * 1024 * 1024
RATE_PER_MINUTE = 20


class BridgeRefused(KysoError):
    """A request the bridge will not serve (the reply says why, in words)."""


def refuse(vi: str, en: str, code: str) -> BridgeRefused:
    return BridgeRefused(vi, en, code=code)


def normalise_origin(origin: str | None) -> str | None:
    """``scheme://host[:port]`` lower-cased, default ports dropped; None when not a web
    origin (missing, ``null``, ``file://``)."""
    if not origin or origin == "null":
        return None
    parts = urllib.parse.urlsplit(origin.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    port = parts.port
    default = {"https": 443, "http": 80}[parts.scheme]
    host = parts.hostname.lower()
    return f"{parts.scheme}://{host}" + (f":{port}" if port and port != default else "")


def check_host(host_header: str | None, port: int = PORT) -> None:
    allowed = (f"127.0.0.1:{port}", f"localhost:{port}")
    if (host_header or "").lower() not in allowed:
        raise refuse(
            "Yêu cầu không gửi tới đúng địa chỉ của Kyso (127.0.0.1); đã từ chối.",
            "The request was not addressed to Kyso's own address (127.0.0.1); refused.",
            "bridge_bad_host",
        )


@dataclass
class OriginDecisions:
    """The user's answers to "cho phép … dùng Kyso để ký?", one per origin, on disk."""

    path: Path
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _load(self) -> dict[str, bool]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return {str(k): bool(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def get(self, origin: str) -> bool | None:
        return self._load().get(origin)

    def set(self, origin: str, allowed: bool) -> None:
        with self._lock:
            data = self._load()
            data[origin] = allowed
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".bridge_origins.", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False, indent=1)
            os.replace(tmp, self.path)


@dataclass
class BridgePolicy:
    it_origins: tuple[str, ...] = ()
    """Origins IT allows without asking (per-machine settings)."""
    it_hosts: tuple[str, ...] = ()
    """Extra hosts documents may come from / go to (a file server beside the web app)."""
    allow_http: bool = False
    """Plain http for origins and URLs (a closed network without TLS; IT's decision)."""
    max_document: int = MAX_DOCUMENT
    max_batch: int = MAX_BATCH
    """All the documents of one call together (IT's ``max_batch_mb``)."""
    rate_per_minute: int = RATE_PER_MINUTE
    decisions: OriginDecisions | None = None
    resolve: Callable[[str], Iterable[str]] = field(default=lambda host: _resolve(host))
    _hits: dict[str, deque[float]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def origin_status(self, raw_origin: str | None) -> tuple[str | None, bool | None]:
        """(normalised origin, allowed: True / False / None = ask the user)."""
        origin = normalise_origin(raw_origin)
        if origin is None:
            raise refuse(
                "Chỉ trang web (https://…) mới được gọi Kyso để ký; yêu cầu không có nguồn "
                "gốc hợp lệ đã bị từ chối.",
                "Only web pages (https://…) may ask Kyso to sign; a request without a valid "
                "origin was refused.",
                "bridge_no_origin",
            )
        if origin.startswith("http://") and not self.allow_http:
            raise refuse(
                f"Trang {origin} không dùng https; CNTT chưa cho phép http.",
                f"The page {origin} does not use https; IT has not allowed http.",
                "bridge_http_origin",
            )
        if origin in {normalise_origin(o) for o in self.it_origins}:
            return origin, True
        if self.decisions is not None:
            return origin, self.decisions.get(origin)
        return origin, False  # IT turned the first-use question off: only its list

    def check_rate(self, origin: str) -> None:
        now = time.monotonic()
        with self._lock:
            hits = self._hits.setdefault(origin, deque())
            while hits and now - hits[0] > 60:
                hits.popleft()
            if len(hits) >= self.rate_per_minute:
                raise refuse(
                    f"Trang {origin} gửi quá nhiều yêu cầu; đợi một phút rồi thử lại.",
                    f"The page {origin} sent too many requests; wait a minute and try again.",
                    "bridge_rate_limited",
                )
            hits.append(now)

    def check_url(self, url: str, origin: str, *, purpose: str) -> str:
        """``url`` if the page may make Kyso download from / upload to it; else refused."""
        parts = urllib.parse.urlsplit(url or "")
        what_vi = "tải văn bản" if purpose == "download" else "gửi văn bản đã ký"
        what_en = "download the document" if purpose == "download" else "upload the signed file"
        schemes = ("https", "http") if self.allow_http else ("https",)
        if parts.scheme not in schemes or not parts.hostname:
            raise refuse(
                f"Không {what_vi} từ địa chỉ “{url[:80]}”: chỉ cho phép https.",
                f"Will not {what_en} at “{url[:80]}”: https only.",
                "bridge_bad_url",
            )
        host = parts.hostname.lower()
        origin_host = urllib.parse.urlsplit(origin).hostname or ""
        allowed_hosts = {origin_host, *(h.lower() for h in self.it_hosts)}
        if host not in allowed_hosts:
            raise refuse(
                f"Không {what_vi} ở {host}: trang {origin} chỉ được dùng máy chủ của chính nó.",
                f"Will not {what_en} at {host}: the page {origin} may only use its own server.",
                "bridge_foreign_host",
            )
        if not _is_ip(host) and host != "localhost":
            # A name (the origin's own or one IT lists) that now resolves to this machine or
            # to an address no document server lives at (DNS rebinding, cloud metadata at
            # 169.254.169.254, 0.0.0.0 which reaches local services) would turn Kyso into a
            # way to reach them: refused, as is a name that resolves to nothing. Intranet
            # (private) addresses stay allowed: that is where units' web document systems
            # live. An IP literal or "localhost" is accepted only as the origin's own address
            # or IT's (the host check above): the page is already there.
            addresses = list(self.resolve(host))
            if not addresses:
                raise refuse(
                    f"Không {what_vi} ở {host}: không tìm được địa chỉ của máy chủ này.",
                    f"Will not {what_en} at {host}: the name does not resolve.",
                    "bridge_private_address",
                )
            for address in addresses:
                if _forbidden_address(address):
                    raise refuse(
                        f"Không {what_vi} ở {host}: tên này trỏ về chính máy này hoặc một "
                        f"địa chỉ không dùng cho máy chủ văn bản ({address}).",
                        f"Will not {what_en} at {host}: the name points at this machine or "
                        f"at an address no document server uses ({address}).",
                        "bridge_private_address",
                    )
        return url

    def check_connection(self, host: str, address: str) -> None:
        """At connect time (:attr:`kyso.core.net.fetch.HttpFetcher.connect_check`, after the
        fetch's own name resolution): the address the connection really goes to follows
        :meth:`check_url`'s rule, so a name rebound between the check and the connection
        (a DNS answer with no lifetime) is refused too. An IP literal or ``localhost`` was
        judged by :meth:`check_url` (the origin's own address or IT's)."""
        from kyso.core.net.fetch import FetchError

        if _is_ip(host) or host.lower() == "localhost" or not _forbidden_address(address):
            return
        raise FetchError(
            f"Không kết nối tới {host}: tên này vừa trỏ về chính máy này hoặc một địa chỉ "
            f"không dùng cho máy chủ văn bản ({address}).",
            f"Will not connect to {host}: the name now points at this machine or at an "
            f"address no document server uses ({address}).",
            code="bridge_private_address",
        )


def _forbidden_address(address: str) -> bool:
    """An address a resolved document-server name may not point at: this machine (loopback,
    unspecified 0.0.0.0 / ::), link-local (169.254.0.0/16 incl. the cloud metadata address,
    fe80::/10), multicast, reserved; an IPv4-mapped IPv6 address of loopback, private or
    link-local (a detour around the plain checks); an unparsable one. Plain private
    addresses are allowed (intranet servers)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True
    mapped = getattr(ip, "ipv4_mapped", None)
    if mapped is not None:
        if mapped.is_loopback or mapped.is_private or mapped.is_link_local:
            return True
        ip = mapped
    return (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast
            or ip.is_reserved)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _resolve(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None)})
    except OSError:
        return []
