"""Trust anchors: which root certificates Kyso relies on, and where they come from.

Sources, all optional:

* the per-machine anchors file or folder IT deploys (``Settings.anchors_path``), or an
  explicit path for one run (``kyso … --anchors PATH``), which replaces it;
* the operating system's store, filtered to Ban Cơ yếu Chính phủ's certificates (Windows:
  the VGCA installer puts its root into "ROOT" and its sub-CAs into "CA"; Linux: the system
  bundle). macOS is not read: its keychain has no cheap, dependency-free API;
* :func:`download_bcy_roots`, an explicit user action that fetches the roots from
  ca.gov.vn and keeps only certificates whose SHA-256 fingerprint matches a pin.

Self-signed certificates found in a source are roots; the others are intermediates that
path building may use (they are not trusted by themselves).

**Pins.** Only the G2 root's fingerprint is known to this code base (domain.md §3). A
certificate that carries the exact subject name of a real Ban Cơ yếu root but another
fingerprint is refused from every source (an impostor or a corrupted file). The G1 root
(RSA-2048/SHA-1, 2010–2030) has no pin here: it is accepted from IT's anchors or the OS
store like any other root, and :func:`download_bcy_roots` cannot fetch it until someone
adds its verified fingerprint to :data:`BCY_ROOT_PINS`. No third-party certificate file
is shipped in the repository.
"""

from __future__ import annotations

import logging
import os
import ssl
import sys
import threading
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.utils import CryptographyDeprecationWarning

from kyso.core.certs.files import (
    CERT_SUFFIXES,
    cert_sha256,
    load_certificates,
    parse_certificates,
)
from kyso.core.certs.x509util import display_name, is_self_signed, name_key, spki_der, strip_accents
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Fetch, FetchError, check_cancel, default_fetch
from kyso.core.settings import Settings

log = logging.getLogger(__name__)

BCY_G2_ROOT_SHA256 = "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8"

BCY_ROOT_PINS: Mapping[str, str] = {
    BCY_G2_ROOT_SHA256: "RootCA chuyên dùng Chính phủ G2",
}
"""SHA-256 (lowercase hex of the DER) → label. G1's pin is unknown here; see the module doc."""

BCY_ROOT_URLS: tuple[str, ...] = ("http://ca.gov.vn/pki/pub/crt/rootcag2.crt",)
"""Where :func:`download_bcy_roots` looks by default (Ban Cơ yếu's publication point)."""

_BCY_G2_NAME = x509.Name(
    [
        x509.NameAttribute(x509.NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(x509.NameOID.ORGANIZATION_NAME, "Ban Cơ yếu Chính phủ"),
        x509.NameAttribute(x509.NameOID.COMMON_NAME, "RootCA chuyên dùng Chính phủ G2"),
    ]
)
_PINNED_NAMES = {name_key(_BCY_G2_NAME): BCY_G2_ROOT_SHA256}
"""Exact real-root names whose fingerprint must match a pin."""


class AnchorsError(KysoError):
    """An anchors file or folder, or a root download, could not be used."""


@dataclass(frozen=True)
class TrustAnchors:
    """Trusted roots plus intermediates offered for path building."""

    roots: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    sources: tuple[str, ...] = ()
    """Where the certificates came from (paths, "system"), for the details panel."""
    problems: tuple[KysoError, ...] = ()
    """Unreadable files, refused impostors: reported, never fatal."""
    _root_keys: frozenset[tuple[object, bytes]] = field(
        default=frozenset(), repr=False, compare=False
    )

    def __post_init__(self) -> None:
        keys = frozenset((name_key(c.subject), spki_der(c)) for c in self.roots)
        object.__setattr__(self, "_root_keys", keys)

    def is_anchor(self, cert: x509.Certificate) -> bool:
        """Whether ``cert`` is a trusted root: same subject and public key as one.

        Matching on (name, key) rather than the fingerprint trusts a re-issued copy of a
        root (new validity, same key), as RFC 5280 trust-anchor semantics do.
        """
        return (name_key(cert.subject), spki_der(cert)) in self._root_keys

    def merged(self, other: TrustAnchors) -> TrustAnchors:
        return TrustAnchors(
            _dedupe((*self.roots, *other.roots)),
            _dedupe((*self.intermediates, *other.intermediates)),
            (*self.sources, *other.sources),
            (*self.problems, *other.problems),
        )

    @property
    def all_certificates(self) -> tuple[x509.Certificate, ...]:
        return (*self.roots, *self.intermediates)


def _dedupe(certs: Iterable[x509.Certificate]) -> tuple[x509.Certificate, ...]:
    seen: set[bytes] = set()
    out: list[x509.Certificate] = []
    for cert in certs:
        fp = cert.fingerprint(hashes.SHA256())
        if fp not in seen:
            seen.add(fp)
            out.append(cert)
    return tuple(out)


def pin_problem(cert: x509.Certificate, pins: Mapping[str, str] | None = None) -> str | None:
    """Why ``cert`` must be refused under the pins, or None.

    A certificate named exactly like a pinned Ban Cơ yếu root must have the pinned
    fingerprint.
    """
    expected = _PINNED_NAMES.get(name_key(cert.subject))
    if expected is None:
        return None
    allowed = set(pins) if pins is not None else {expected}
    if cert_sha256(cert) in allowed:
        return None
    return (
        f"“{display_name(cert.subject)}” has SHA-256 {cert_sha256(cert)}, not the pinned {expected}"
    )


def anchors_from_certificates(certs: Iterable[x509.Certificate], *, source: str) -> TrustAnchors:
    """Sort certificates into roots (self-signed) and intermediates, applying the pins."""
    roots: list[x509.Certificate] = []
    intermediates: list[x509.Certificate] = []
    problems: list[KysoError] = []
    for cert in certs:
        why = pin_problem(cert)
        if why:
            problems.append(
                AnchorsError(
                    f"{source}: đã từ chối chứng thư mang tên chứng thư gốc của Ban Cơ yếu nhưng "
                    "sai dấu vân tay (có thể là giả mạo hoặc tệp hỏng). Báo bộ phận CNTT.",
                    f"{source}: refused a certificate named like a Ban Cơ yếu root: {why}.",
                    code="anchor_pin_mismatch",
                )
            )
            continue
        (roots if is_self_signed(cert) else intermediates).append(cert)
    return TrustAnchors(_dedupe(roots), _dedupe(intermediates), (source,), tuple(problems))


def anchors_from_path(path: str | Path) -> TrustAnchors:
    """Anchors from one PEM/DER/PKCS#7 file or a folder of them (``--anchors PATH``).

    In a folder, files with a certificate suffix (.pem .crt .cer .der .p7b .p7c) are read,
    sub-folders too; an unreadable file is reported in ``problems`` and skipped. A path that
    does not exist raises :class:`AnchorsError` (the user named it, so it is a mistake).
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in CERT_SUFFIXES
        )
    elif path.is_file():
        files = [path]
    else:
        raise AnchorsError(
            f"Không tìm thấy tệp hoặc thư mục chứng thư gốc {path}. Kiểm tra lại đường dẫn "
            "(thiết lập “anchors_path” hoặc tham số --anchors).",
            f"The trust anchors file or folder {path} does not exist.",
            code="anchors_missing",
        )
    certs: list[x509.Certificate] = []
    problems: list[KysoError] = []
    for file in files:
        try:
            certs.extend(load_certificates(file))  # bounded; FIFOs and devices refused
        except (KysoError, OSError) as exc:
            problems.append(
                exc
                if isinstance(exc, KysoError)
                else AnchorsError(
                    f"Không đọc được {file}: {exc}.", f"Could not read {file}: {exc}."
                )
            )
    result = anchors_from_certificates(certs, source=str(path))
    return TrustAnchors(
        result.roots, result.intermediates, result.sources, (*problems, *result.problems)
    )


# -- the operating system's store ------------------------------------------------------

_BCY_MARKERS = ("ban co yeu", "chuyen dung chinh phu")
_system_lock = threading.Lock()
_system_cache: dict[tuple[str, float], TrustAnchors] = {}


def is_bcy_certificate(cert: x509.Certificate) -> bool:
    """Whether the subject names Ban Cơ yếu Chính phủ (with or without diacritics)."""
    text = strip_accents(cert.subject.rfc4514_string())
    return any(marker in text for marker in _BCY_MARKERS)


def _linux_bundle() -> Path | None:
    candidates = [
        os.environ.get("SSL_CERT_FILE") or "",
        ssl.get_default_verify_paths().cafile or "",
        "/etc/ssl/certs/ca-certificates.crt",
        "/etc/pki/tls/certs/ca-bundle.crt",
        "/etc/ssl/ca-bundle.pem",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    return None


def system_anchors() -> TrustAnchors:
    """Ban Cơ yếu certificates from the OS store. Cheap after the first call; never raises."""
    try:
        if sys.platform == "win32":
            return _windows_anchors()
        bundle = _linux_bundle()
        if bundle is None:
            return TrustAnchors(sources=("system",))
        key = (str(bundle), bundle.stat().st_mtime)
        with _system_lock:
            cached = _system_cache.get(key)
        if cached is not None:
            return cached
        data = bundle.read_bytes()
        certs = [c for c in _parse_pem_blocks(data) if is_bcy_certificate(c)]
        result = anchors_from_certificates(certs, source=f"system:{bundle}")
        with _system_lock:
            _system_cache.clear()
            _system_cache[key] = result
        return result
    except Exception as exc:  # an odd OS store must never stop a check
        log.warning("Could not read the system certificate store: %s", exc)
        return TrustAnchors(sources=("system",))


def _parse_pem_blocks(data: bytes) -> list[x509.Certificate]:
    """Each PEM block separately, so one bad entry does not hide the others."""
    certs: list[x509.Certificate] = []
    marker = b"-----BEGIN CERTIFICATE-----"
    end = b"-----END CERTIFICATE-----"
    for chunk in data.split(marker)[1:]:
        body = chunk.split(end, 1)[0]
        try:
            # System bundles hold a few certificates cryptography frowns upon (negative
            # serials); they are only screened for Ban Cơ yếu names, so keep quiet about them.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                certs.append(x509.load_pem_x509_certificate(marker + body + end + b"\n"))
        except ValueError:
            continue
    return certs


def _windows_anchors() -> TrustAnchors:  # pragma: no cover - Windows only
    certs: list[x509.Certificate] = []
    for store in ("ROOT", "CA"):
        try:
            entries = ssl.enum_certificates(store)  # type: ignore[attr-defined]
        except OSError:
            continue
        for der, encoding, _trust in entries:
            if encoding != "x509_asn":
                continue
            try:
                cert = x509.load_der_x509_certificate(der)
            except ValueError:
                continue
            if is_bcy_certificate(cert):
                certs.append(cert)
    return anchors_from_certificates(certs, source="system:windows")


# -- putting it together ---------------------------------------------------------------


def load_anchors(
    settings: Settings | None = None,
    *,
    override: str | Path | None = None,
    include_system: bool | None = None,
) -> TrustAnchors:
    """The anchors for a check.

    ``override`` (``--anchors PATH``) replaces the configured ``anchors_path`` *and* the OS
    store for this run, so the result depends on that path alone; pass
    ``include_system=True`` to add the OS store anyway. A configured path that is missing
    is reported in ``problems`` (IT's file may be absent on one machine) rather than raised.
    """
    if override is not None:
        anchors = anchors_from_path(override)
        if include_system:
            anchors = anchors.merged(system_anchors())
        return anchors
    anchors = TrustAnchors()
    configured = (settings or Settings()).anchors_path
    if configured:
        try:
            anchors = anchors.merged(anchors_from_path(configured))
        except AnchorsError as exc:
            anchors = anchors.merged(TrustAnchors(problems=(exc,)))
    if include_system is None or include_system:
        anchors = anchors.merged(system_anchors())
    return anchors


def downloaded_anchors_dir(paths: Any) -> Path:
    """Where the explicit download puts Ban Cơ yếu's roots (per user)."""
    return Path(paths.data_dir) / "anchors"


def downloaded_anchors(folder: str | Path, pins: Mapping[str, str] = BCY_ROOT_PINS) -> TrustAnchors:
    """The downloaded roots, re-checked against the pins on every load: a file dropped
    into that folder by hand is not trusted unless its fingerprint is pinned."""
    folder = Path(folder)
    if not folder.is_dir():
        return TrustAnchors()
    pins_lower = {k.lower().replace(":", "") for k in pins}
    certs: list[x509.Certificate] = []
    for path in sorted(folder.glob("*.pem")):
        try:
            found = parse_certificates(path.read_bytes(), source=str(path))
        except (OSError, KysoError):
            continue
        certs.extend(c for c in found if cert_sha256(c) in pins_lower)
    return anchors_from_certificates(certs, source=str(folder))


# -- the explicit download ---------------------------------------------------------------


@dataclass
class DownloadResult:
    saved: list[Path] = field(default_factory=list)
    """PEM files written (one per accepted root)."""
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(url, why) for each certificate or URL that was not accepted."""

    @property
    def ok(self) -> bool:
        return bool(self.saved)


def download_bcy_roots(
    dest_dir: str | Path,
    *,
    urls: Sequence[str] = BCY_ROOT_URLS,
    pins: Mapping[str, str] = BCY_ROOT_PINS,
    fetch: Fetch = default_fetch,
    timeout: float = 10.0,
    cancel: threading.Event | None = None,
) -> DownloadResult:
    """Fetch Ban Cơ yếu's roots and keep only those whose SHA-256 matches a pin.

    Each accepted root is written to ``dest_dir`` as ``bcy-<first 16 hex of SHA-256>.pem``
    (atomically; an existing identical file is left alone). Nothing else is ever written:
    a certificate without a matching pin is listed in ``rejected`` with the reason. Raises
    :class:`AnchorsError` only when nothing was accepted, with every reason joined.
    """
    dest = Path(dest_dir)
    pins_lower = {k.lower().replace(":", ""): v for k, v in pins.items()}
    result = DownloadResult()
    for url in urls:
        check_cancel(cancel)
        try:
            data = fetch(url, timeout=timeout, cancel=cancel)
            certs = parse_certificates(data, source=url)
        except (FetchError, KysoError) as exc:
            if exc.code == "cancelled":
                raise
            result.rejected.append((url, exc.en))
            continue
        for cert in certs:
            fp = cert_sha256(cert)
            if fp not in pins_lower:
                result.rejected.append(
                    (url, f"SHA-256 {fp} of “{display_name(cert.subject)}” matches no pin")
                )
                continue
            dest.mkdir(parents=True, exist_ok=True)
            target = dest / f"bcy-{fp[:16]}.pem"
            pem = cert.public_bytes(serialization.Encoding.PEM)
            if not (target.exists() and target.read_bytes() == pem):
                tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                tmp.write_bytes(pem)
                os.replace(tmp, target)
            result.saved.append(target)
    if not result.saved:
        details = "; ".join(f"{u}: {why}" for u, why in result.rejected) or "no URL"
        raise AnchorsError(
            "Không tải được chứng thư gốc của Ban Cơ yếu đúng dấu vân tay đã ghim. Kiểm tra kết "
            "nối mạng, hoặc nhờ bộ phận CNTT cài chứng thư gốc.",
            f"No Ban Cơ yếu root with a pinned fingerprint could be downloaded: {details}.",
            code="anchors_download_failed",
        )
    return result
