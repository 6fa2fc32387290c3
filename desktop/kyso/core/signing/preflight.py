"""Everything checked before the PIN is asked (issue 16 §2).

Trust and the signing policy are decided by :mod:`kyso.core.signing.policy` (both faces
call it before logging in). This module adds what used to fail only after the PIN:

* the timestamp server (TSA) answers a real RFC 3161 request, for B-T and above. When it
  does not, signing may fall back to B-B only if the caller allows it (the GUI asks the
  user in the same dialog; ``kyso sign`` needs ``--level B-T,B-B``);
* every input file, one by one (:func:`check_files`, the same per-file check ``kyso sign``
  runs): readable by qpdf or repairable (the user is told which new file is signed), its
  password, its existing signatures, certification and field locks;
* for B-LT and above, at least one of the chain's CRL addresses answers (B-LT embeds
  revocation data; without any it fails after the PIN);
* every folder the signed files go to can be written (a file is created there and
  removed).

Messages are one language at a time (:meth:`Finding.message`), with no errno and no
library text: what happened and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import tempfile
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509

from kyso.core.errors import KysoError
from kyso.core.net.fetch import Fetch, HttpFetcher
from kyso.core.signing.appearance import AppearanceSpec
from kyso.core.signing.pades import Level


@dataclass(frozen=True)
class Finding:
    """One problem found before signing, in Vietnamese and in English."""

    code: str
    vi: str
    en: str

    def message(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi


@dataclass
class PreflightReport:
    level: Level
    """The level asked for."""
    problems: list[Finding] = field(default_factory=list)
    """What stops signing (nothing is signed while any remains)."""
    tsa_problem: Finding | None = None
    """The TSA could not be used; with :attr:`fallback` set, signing may go on at that
    level once the user agrees."""
    fallback: Level | None = None

    @property
    def ready(self) -> bool:
        """Nothing to fix and nothing to agree to: sign at :attr:`level`."""
        return not self.problems and self.tsa_problem is None

    def messages(self, language: str = "vi") -> list[str]:
        found = [*self.problems, *([self.tsa_problem] if self.tsa_problem else [])]
        return [f.message(language) for f in found]


def _host(url: str) -> str:
    return urllib.parse.urlsplit(url).hostname or url


def _why(exc: KysoError) -> tuple[str, str]:
    """Why a request failed, without library text or errno."""
    code = exc.code or ""
    if code == "fetch_timeout":
        return "máy chủ không trả lời kịp", "the server did not answer in time"
    if code == "fetch_http":
        return "máy chủ trả lời lỗi", "the server answered with an error"
    if code == "fetch_scheme":
        return "địa chỉ không hợp lệ", "the address is not valid"
    return (
        "không có mạng hoặc không tìm thấy máy chủ",
        "no network, or the server cannot be found",
    )


def timestamp_request() -> bytes:
    """A DER RFC 3161 request for a throw-away digest (the server signs nothing of ours)."""
    from asn1crypto import algos, tsp

    digest = hashlib.sha256(b"kyso preflight " + secrets.token_bytes(16)).digest()
    req = tsp.TimeStampReq(
        {
            "version": "v1",
            "message_imprint": tsp.MessageImprint(
                {
                    "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                    "hashed_message": digest,
                }
            ),
            "nonce": int.from_bytes(secrets.token_bytes(8), "big"),
            "cert_req": False,
        }
    )
    return bytes(req.dump())


def check_tsa(url: str, *, fetch: Fetch | None = None, timeout: float = 10.0) -> Finding | None:
    """None when ``url`` grants a timestamp now; else what is wrong."""
    from asn1crypto import tsp

    fetch = fetch or HttpFetcher()
    host = _host(url)
    try:
        raw = fetch(
            url, data=timestamp_request(), content_type="application/timestamp-query",
            timeout=timeout,
        )
    except KysoError as exc:
        why_vi, why_en = _why(exc)
        return Finding(
            "tsa_unreachable",
            f"Không liên lạc được với máy chủ dấu thời gian {host} ({why_vi}). Kiểm tra kết "
            "nối mạng và địa chỉ TSA trong Thiết lập, hoặc ký ở mức B-B (không có dấu thời "
            "gian).",
            f"The timestamp server {host} cannot be reached ({why_en}). Check the network "
            "and the TSA address in Settings, or sign at B-B (no timestamp).",
        )
    try:
        status = tsp.TimeStampResp.load(raw)["status"]["status"].native
    except Exception:
        status = None
    if status not in ("granted", "granted_with_mods"):
        return Finding(
            "tsa_refused",
            f"Máy chủ dấu thời gian {host} không cấp dấu thời gian. Kiểm tra địa chỉ TSA "
            "trong Thiết lập, hoặc ký ở mức B-B (không có dấu thời gian).",
            f"The timestamp server {host} did not grant a timestamp. Check the TSA address "
            "in Settings, or sign at B-B (no timestamp).",
        )
    return None


@dataclass
class FileCheck:
    """What the per-file input check found for one file before the PIN. It is
    :func:`kyso.core.signing.inputs.preflight`, the very check ``kyso sign`` runs on each
    file: read by qpdf, repairable or not, password, existing signatures, certification and
    field locks."""

    path: Path
    error: KysoError | None = None
    """Why this file cannot be signed (None: it can)."""
    needs_password: bool = False
    """Encrypted with a user password that was not given, or not this one (``error`` says
    which): ask the user for it and check again."""
    repaired_to: Path | None = None
    """Damaged but repairable: the new file Kyso will save and sign instead (say so)."""


def check_files(
    files: Sequence[Path],
    *,
    password: str | None,
    appearance: AppearanceSpec,
    out_dir: Path | None = None,
) -> list[FileCheck]:
    """One :class:`FileCheck` per file, in order (reads each file; off the GUI thread)."""
    from kyso.core.signing.inputs import InputError, preflight, repaired_path

    checks: list[FileCheck] = []
    for f in files:
        path = Path(f)
        check = FileCheck(path)
        checks.append(check)
        try:
            with path.open("rb") as fh:
                fh.read(1)
        except FileNotFoundError:
            check.error = InputError(
                f"Không thấy tệp {path}: tệp đã bị chuyển hoặc xóa. Bỏ tệp khỏi danh sách.",
                f"{path} is not there any more (moved or deleted). Remove it from the list.",
                code="input_missing",
            )
            continue
        except OSError:
            check.error = InputError(
                f"Không đọc được tệp {path} (không có quyền đọc hoặc tệp đang bị khóa).",
                f"{path} cannot be read (no permission, or the file is locked).",
                code="input_unreadable",
            )
            continue
        try:
            report = preflight(path, password, appearance)
        except InputError as exc:
            check.error = exc
            check.needs_password = exc.code in ("encrypted_pdf", "bad_password")
            continue
        except (KysoError, OSError):
            continue  # said by the signing step itself, in its own words (as the CLI does)
        if report.needs_repair:
            folder = Path(out_dir) if out_dir is not None else path.parent
            check.repaired_to = repaired_path(path, folder)
    return checks


def _target_folders(files: Sequence[Path], out_dir: Path | None) -> list[Path]:
    if out_dir is not None:
        return [Path(out_dir)]
    seen: list[Path] = []
    for f in files:
        folder = Path(f).parent
        if folder not in seen:
            seen.append(folder)
    return seen


def check_output(files: Sequence[Path], out_dir: Path | None) -> list[Finding]:
    """Each folder the signed files go to can be written (created when missing, as the
    signer does); also that no signed file would overwrite an existing one silently is the
    signer's own concern."""
    found: list[Finding] = []
    for folder in _target_folders(files, out_dir):
        probe_dir = folder
        while not probe_dir.exists() and probe_dir.parent != probe_dir:
            probe_dir = probe_dir.parent  # the signer creates the folder: its parent is written
        try:
            fd, name = tempfile.mkstemp(prefix=".kyso-check-", dir=probe_dir)
            os.close(fd)
            os.unlink(name)
        except OSError as exc:
            if exc.errno == errno.ENOSPC:
                vi, en = "ổ đĩa đã đầy", "the disk is full"
            elif exc.errno in (errno.EROFS,):
                vi, en = "ổ đĩa chỉ cho đọc", "the disk is read-only"
            else:
                vi, en = (
                    "không có quyền ghi, hoặc đó không phải thư mục",
                    "no permission to write, or it is not a folder",
                )
            found.append(
                Finding(
                    "output_not_writable",
                    f"Không ghi được tệp đã ký vào thư mục {folder} ({vi}). Chọn thư mục khác "
                    "trong phần “Tệp đã ký”.",
                    f"The signed files cannot be written to {folder} ({en}). Choose another "
                    "folder under “Signed files”.",
                )
            )
    return found


def _crl_urls(cert: x509.Certificate) -> list[str]:
    try:
        dps = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    except x509.ExtensionNotFound:
        return []
    return [
        name.value
        for dp in dps
        for name in dp.full_name or ()
        if isinstance(name, x509.UniformResourceIdentifier) and name.value.startswith("http")
    ]


def check_revocation(
    certificates: Sequence[x509.Certificate],
    *,
    fetch: Fetch | None = None,
    timeout: float = 10.0,
) -> Finding | None:
    """B-LT: None when a CRL named by ``certificates`` can be fetched now (or none is
    named); else what is wrong. Mirrors the signer, which fails when every CRL fails."""
    fetch = fetch or HttpFetcher()
    urls = list(dict.fromkeys(u for c in certificates for u in _crl_urls(c)))
    if not urls:
        return None
    for url in urls:
        try:
            x509.load_der_x509_crl(fetch(url, timeout=timeout))
            return None
        except (KysoError, ValueError):
            continue
    hosts = ", ".join(dict.fromkeys(_host(u) for u in urls))
    return Finding(
        "revocation_unreachable",
        f"Không tải được danh sách thu hồi chứng thư ({hosts}) mà mức B-LT cần lưu kèm chữ "
        "ký. Kiểm tra kết nối mạng, hoặc chọn mức B-T.",
        f"The certificate revocation lists ({hosts}) that B-LT stores with the signature "
        "cannot be fetched. Check the network, or choose B-T.",
    )


def check_before_pin(
    files: Sequence[Path],
    *,
    level: Level,
    tsa_url: str,
    out_dir: Path | None = None,
    fallback_levels: Sequence[Level] = (),
    certificates: Sequence[x509.Certificate] = (),
    have_revocation_data: bool = False,
    fetch: Fetch | None = None,
    timeout: float = 10.0,
) -> PreflightReport:
    """Check what can be checked before the PIN. ``fallback_levels``: the levels the caller
    accepts when the TSA cannot be used (only :data:`Level.B_B` makes sense today).
    ``certificates``: the signer's certificate and its chain (B-LT: their CRLs are tried
    unless ``have_revocation_data``, the caller's own CRLs or OCSP responses). The input
    files themselves are checked one by one by :func:`check_files` (the GUI) or
    :func:`kyso.core.signing.inputs.preflight` (``kyso sign``)."""
    report = PreflightReport(level)
    report.problems += check_output(files, out_dir)
    if level.long_term and not have_revocation_data:
        revocation = check_revocation(certificates, fetch=fetch, timeout=timeout)
        if revocation is not None:
            report.problems.append(revocation)
    if level.timestamped:
        tsa = check_tsa(tsa_url, fetch=fetch, timeout=timeout)
        if tsa is not None:
            report.tsa_problem = tsa
            if Level.B_B in fallback_levels:
                report.fallback = Level.B_B
    return report


__all__ = [
    "Finding",
    "PreflightReport",
    "FileCheck",
    "check_files",
    "check_output",
    "check_revocation",
    "check_tsa",
    "check_before_pin",
]
