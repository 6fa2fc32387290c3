"""Trust check: can this certificate be relied on today?

One call, :func:`check_certificate` (or :meth:`TrustChecker.check` to share anchors, cache
and memos across many certificates), answers with a :class:`TrustResult`: a verdict
(OK / WARNING / FAILED), *every* reason with a stable ``code`` and a Vietnamese message
that says what the clerk can do, the chain, and the revocation status.

Reasons and their severity:

=========================  ========  ==================================================
code                       severity  meaning
=========================  ========  ==================================================
expired                    failed    the certificate's validity has ended
not_yet_valid              failed    its validity has not begun (or the clock is wrong)
expiring_soon              warning   ends within ``Settings.expiry_warning_days``
issuer_unknown             failed    no issuer certificate found (token, anchors, AIA)
untrusted_root             failed    the chain ends at a root that is not an anchor
bad_signature              failed    a signature along the chain does not verify
issuer_params_missing      failed    a CA's DSA key inherits its parameters from a CA that
                                     is not available: the signature cannot be checked
issuer_expired             failed    an issuing CA certificate has expired
issuer_not_yet_valid       failed    an issuing CA certificate is not yet valid
issuer_not_ca              failed    an issuing certificate is not a CA certificate
path_too_long              failed    a CA's path-length constraint is exceeded
wrong_key_usage            failed    neither digitalSignature nor nonRepudiation
signer_is_ca               failed    the certificate is a CA certificate, not a signer's
weak_hash_md5              failed    a certificate of the path is MD5-signed
weak_hash_sha1             warning   SHA-1 signed, issued after ``pkix.SHA1_CUTOFF``
weak_key                   warning   an RSA key shorter than 2048 bits
unknown_critical_extension failed    a critical extension Kyso does not process
name_constraints           failed    a name is outside a CA's name constraints
policy                     failed    certificate policy processing fails (RFC 5280 §6.1)
path_invalid               failed    another RFC 5280 §6.1 rule fails (details in English)
revoked                    failed    revoked (with date and reason)
issuer_revoked             failed    an intermediate CA certificate is revoked
revocation_offline         warning   no fresh answer; says since when
revocation_no_source       warning   the certificate names no OCSP/CRL over HTTP
revocation_invalid         warning   answers were received but unusable
revocation_stale           warning   only answers past their validity window were found
issuer_revocation_unknown  warning   an intermediate CA's revocation could not be checked
pin_locked                 failed    the token's PIN is locked (token health)
pin_final_try              warning   one PIN try left (token health)
=========================  ========  ==================================================

No EKU is required: VGCA leaf certificates carry clientAuth/emailProtection only.

Thread safety: a :class:`TrustChecker` may be used from several worker threads at once.
Network I/O honours ``Settings.revocation_timeout_s`` per request (a total deadline, not
per socket read) and the ``cancel`` event between requests and between chunks.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cryptography import x509

from kyso.core.certs.files import cert_sha256, load_certificates, parse_certificates
from kyso.core.certs.x509util import UTC, display_name, ext, name_key, vn_date, vn_time
from kyso.core.net.fetch import Fetch, check_cancel, default_fetch
from kyso.core.net.fetch import deadline as fetch_deadline
from kyso.core.settings import Paths, Settings
from kyso.core.trust.anchors import TrustAnchors, load_anchors
from kyso.core.trust.chain import ChainOutcome, build_path
from kyso.core.trust.pkix import CertProblem, PathProblem, certificate_problems, rfc5280_problem
from kyso.core.trust.revocation import (
    RevocationCache,
    RevocationChecker,
    RevocationStatus,
    fetch_ca_issuers,
    load_crl_files,
)

__all__ = [
    "FAILED",
    "OK",
    "WARNING",
    "Reason",
    "TrustChecker",
    "TrustResult",
    "cert_sha256",
    "check_certificate",
    "default_cache",
    "load_certificates",
    "parse_certificates",
    "with_token_health",
]

OK = "ok"
WARNING = "warning"
FAILED = "failed"
_ORDER = {OK: 0, WARNING: 1, FAILED: 2}

CHECK_BUDGET_FACTOR = 2
"""One trust check (every OCSP, CRL and CA-certificate download of it, for the leaf and
its CAs) spends at most this many ``revocation_timeout_s`` on the network: room for one
hanging responder and a fallback, never one timeout per address the certificates name."""


@dataclass(frozen=True)
class Reason:
    code: str
    severity: str
    """``warning`` or ``failed``."""
    vi: str
    en: str

    def message(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi


@dataclass(frozen=True)
class TrustResult:
    """The verdict on one certificate, today."""

    certificate: x509.Certificate
    reasons: tuple[Reason, ...]
    chain: tuple[x509.Certificate, ...]
    """Leaf first; as far as it could be built."""
    revocation: RevocationStatus
    checked_at: dt.datetime
    path_revocation: tuple[RevocationStatus, ...] = ()
    """One status per certificate of ``chain`` but the anchor (leaf first), when trusted."""

    @property
    def status(self) -> str:
        """``ok``, ``warning`` or ``failed``: the worst severity among the reasons."""
        worst = OK
        for reason in self.reasons:
            if _ORDER[reason.severity] > _ORDER[worst]:
                worst = reason.severity
        return worst

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def not_after(self) -> dt.datetime:
        return self.certificate.not_valid_after_utc

    @property
    def sha256(self) -> str:
        return cert_sha256(self.certificate)

    @property
    def subject(self) -> str:
        return self.certificate.subject.rfc4514_string()

    def to_json(self, language: str = "vi") -> dict[str, Any]:
        """The ``trust`` object of ``kyso check --json`` (issue 4), exactly that shape."""
        rev = self.revocation
        return {
            "status": self.status,
            "reasons": [{"code": r.code, "message": r.message(language)} for r in self.reasons],
            "chain": [c.subject.rfc4514_string() for c in self.chain],
            "not_after": _iso(self.not_after),
            "revocation": {
                "status": rev.status,
                "source": rev.source,
                "revoked_at": _iso(rev.revoked_at),
                "checked_at": _iso(rev.checked_at),
            },
        }

    def summary_json(self, language: str = "vi") -> dict[str, Any]:
        """``{subject, sha256, trust}``: one element of ``kyso check --json``."""
        return {"subject": self.subject, "sha256": self.sha256, "trust": self.to_json(language)}


def _iso(when: dt.datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when is not None else None


def with_token_health(
    result: TrustResult, *, pin_locked: bool = False, pin_final_try: bool = False
) -> TrustResult:
    """Fold the token's PIN state into a verdict: locked → FAILED, final try → WARNING."""
    extra: list[Reason] = []
    if pin_locked:
        extra.append(
            Reason(
                "pin_locked",
                FAILED,
                "Thiết bị ký (token) đã bị khóa mã PIN do nhập sai quá số lần cho phép, nên không "
                "ký được. Liên hệ đầu mối chứng thư số của đơn vị để làm thủ tục khôi phục thiết "
                "bị lưu khóa bí mật (Mẫu 06, Nghị định 68/2024/NĐ-CP).",
                "The token's PIN is locked after too many wrong tries; it cannot sign. Ask the "
                "unit's certificate focal point to file a device recovery (form 06, Decree "
                "68/2024).",
            )
        )
    elif pin_final_try:
        extra.append(
            Reason(
                "pin_final_try",
                WARNING,
                "Chỉ còn một lần nhập mã PIN: nhập sai lần nữa thiết bị ký sẽ bị khóa. Kiểm tra "
                "kỹ mã PIN với người giữ thiết bị trước khi ký.",
                "One PIN try left: one more wrong PIN locks the token. Check the PIN with its "
                "holder before signing.",
            )
        )
    if not extra:
        return result
    return replace(result, reasons=(*result.reasons, *extra))


def default_cache(paths: Paths | None = None) -> RevocationCache:
    """The per-user revocation cache (``<cache_dir>/revocation``)."""
    return RevocationCache((paths or Paths.default()).cache_dir / "revocation")


@dataclass
class TrustChecker:
    """Anchors, cache and settings for many checks. Thread-safe; reuse one per window.

    ``anchors`` defaults to :func:`kyso.core.trust.anchors.load_anchors` of ``settings`` (pass the
    result of ``load_anchors(override=path)`` for ``--anchors PATH``).
    """

    settings: Settings = field(default_factory=Settings)
    anchors: TrustAnchors | None = None
    cache: RevocationCache | None = None
    fetch: Fetch = default_fetch
    crls: Sequence[x509.CertificateRevocationList] = ()
    """CRLs given by file for this run (``kyso check --crl``); ``Settings.crl_dir`` is added."""

    def __post_init__(self) -> None:
        if self.anchors is None:
            self.anchors = load_anchors(self.settings)
        if self.cache is None:
            self.cache = default_cache()
        local = list(self.crls)
        if self.settings.crl_dir:
            local.extend(load_crl_files([self.settings.crl_dir]))
        self._revocation = RevocationChecker(
            self.cache, self.fetch, timeout=self.settings.revocation_timeout_s, local_crls=local
        )

    def check(
        self,
        cert: x509.Certificate,
        *,
        extra_certs: Iterable[x509.Certificate] = (),
        now: dt.datetime | None = None,
        online: bool = True,
        cancel: threading.Event | None = None,
    ) -> TrustResult:
        """Check ``cert``; ``extra_certs`` are the CA certificates found beside it (token).

        Raises :class:`kyso.core.net.fetch.Cancelled` when ``cancel`` is set; never raises for
        a network or data problem (those become reasons). All of the check's downloads
        share one deadline, :data:`CHECK_BUDGET_FACTOR` × ``revocation_timeout_s``.
        """
        with fetch_deadline(CHECK_BUDGET_FACTOR * self.settings.revocation_timeout_s):
            return self._check(cert, extra_certs=extra_certs, now=now, online=online, cancel=cancel)

    def _check(
        self,
        cert: x509.Certificate,
        *,
        extra_certs: Iterable[x509.Certificate],
        now: dt.datetime | None,
        online: bool,
        cancel: threading.Event | None,
    ) -> TrustResult:
        assert self.anchors is not None and self.cache is not None
        check_cancel(cancel)
        now = (now or dt.datetime.now(UTC)).astimezone(UTC)
        timeout = self.settings.revocation_timeout_s
        reasons: list[Reason] = []
        reasons.extend(_validity_reasons(cert, now, self.settings.expiry_warning_days))

        cache = self.cache
        fetch = self.fetch

        def fetch_issuers(c: x509.Certificate) -> list[x509.Certificate]:
            return fetch_ca_issuers(
                c,
                fetch=fetch,
                cache=cache,
                timeout=timeout,
                online=online,
                now=now,
                cancel=cancel,
            )

        outcome = build_path(
            cert, self.anchors, extra=extra_certs, now=now, fetch_issuers=fetch_issuers
        )
        reasons.extend(_chain_reasons(outcome))
        usage = _key_usage_reason(cert)
        if usage:
            reasons.append(usage)
        anchored = outcome.status == "trusted"
        self_anchor = anchored and len(outcome.path) == 1
        if not self_anchor and _is_ca(cert):
            reasons.append(_SIGNER_IS_CA)
        if anchored:  # an untrusted chain is failed already; its details would be noise
            for problem in certificate_problems(outcome.path, anchored=True):
                reasons.append(_cert_problem_reason(problem, leaf=problem.cert is cert))
        # The RFC 5280 rules Kyso does not implement itself (name constraints, policies),
        # asked only on a path with nothing else wrong: that validator stops at its first
        # error, which would repeat a reason already listed.
        if anchored and not self_anchor and not any(r.severity == FAILED for r in reasons):
            path_problem = rfc5280_problem(outcome.path, now)
            if path_problem is not None:
                reasons.append(_path_problem_reason(path_problem))

        # Revocation is asked only along a trusted path: an untrusted certificate's URLs
        # are not worth a request (and could point anywhere), and its verdict is FAILED.
        trusted = outcome.status == "trusted"
        issuer = outcome.issuer
        pool = [*extra_certs, *outcome.fetched]
        crl_signers = self._crl_signers(pool, now=now, online=online, cancel=cancel)
        if trusted and issuer is not None:
            revocation = self._revocation.check(
                cert, issuer, now=now, online=online, cancel=cancel, crl_signers=crl_signers
            )
        else:
            revocation = RevocationStatus("unknown")
        # A trust anchor checked by itself has no issuer to ask: nothing to say.
        reasons.extend(_revocation_reasons(revocation, trusted and issuer is not None))

        # Every intermediate gets a status too. One that names a revocation source (or has
        # a CRL given by file) but cannot be checked is a warning with the offline wording;
        # one that names none is RFC 5280's "nothing declared" and says nothing.
        path_revocation: list[RevocationStatus] = [revocation]
        if outcome.status == "trusted":
            for index in range(1, len(outcome.path) - 1):
                ca, ca_issuer = outcome.path[index], outcome.path[index + 1]
                if not self._revocation.has_source(ca, ca_issuer):
                    path_revocation.append(RevocationStatus("unknown", no_source=True))
                    continue
                ca_rev = self._revocation.check(
                    ca, ca_issuer, now=now, online=online, cancel=cancel, crl_signers=crl_signers
                )
                path_revocation.append(ca_rev)
                if ca_rev.status == "revoked":
                    reasons.append(_issuer_revoked_reason(ca, ca_rev))
                elif ca_rev.status != "good":
                    reasons.append(_issuer_unchecked_reason(ca, ca_rev))

        return TrustResult(
            cert,
            tuple(reasons),
            tuple(outcome.path),
            revocation,
            now,
            path_revocation=tuple(path_revocation),
        )

    def _crl_signers(
        self,
        pool: Sequence[x509.Certificate],
        *,
        now: dt.datetime,
        online: bool,
        cancel: threading.Event | None,
    ) -> Callable[[x509.Name], list[x509.Certificate]]:
        """Certificates that may sign a CA's CRLs besides the issuing certificate itself.

        RFC 5280 §6.3.3 (f): a certificate of the CA's name, allowed to sign CRLs, on a
        trusted path of its own (no problem on it), valid now, and not itself revoked
        (asked without this same search, so a loop of CRL signers cannot recurse).
        """
        anchors = self.anchors
        assert anchors is not None

        def signers(name: x509.Name) -> list[x509.Certificate]:
            key = name_key(name)
            found: list[x509.Certificate] = []
            for cand in [*pool, *anchors.intermediates, *anchors.roots]:
                if name_key(cand.subject) != key or any(cand is f for f in found):
                    continue
                if not cand.not_valid_before_utc <= now <= cand.not_valid_after_utc:
                    continue
                ku = ext(cand, x509.KeyUsage)
                if isinstance(ku, x509.KeyUsage) and not ku.crl_sign:
                    continue
                if anchors.is_anchor(cand):
                    found.append(cand)
                    continue
                path = build_path(cand, anchors, extra=pool, now=now)
                if path.status != "trusted" or path.issuer_problems or path.issuer is None:
                    continue
                rev = self._revocation.check(
                    cand, path.issuer, now=now, online=online, cancel=cancel
                )
                if rev.status == "revoked":
                    continue
                found.append(cand)
            return found

        return signers

    def check_many(
        self,
        certs: Sequence[x509.Certificate],
        *,
        extra_certs: Iterable[x509.Certificate] = (),
        now: dt.datetime | None = None,
        online: bool = True,
        cancel: threading.Event | None = None,
    ) -> list[TrustResult]:
        """Check several certificates (e.g. every one in a file), each against all others."""
        pool = [*certs, *extra_certs]
        return [
            self.check(c, extra_certs=pool, now=now, online=online, cancel=cancel) for c in certs
        ]


def check_certificate(
    cert: x509.Certificate,
    *,
    extra_certs: Iterable[x509.Certificate] = (),
    anchors: TrustAnchors | str | Path | None = None,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
    online: bool = True,
    cache: RevocationCache | None = None,
    fetch: Fetch = default_fetch,
    cancel: threading.Event | None = None,
    crls: Sequence[x509.CertificateRevocationList] = (),
) -> TrustResult:
    """Check one certificate. ``anchors`` may be a path (``--anchors PATH``).

    For many certificates build one :class:`TrustChecker` instead (it loads the anchors
    once and shares memos).
    """
    if isinstance(anchors, (str, Path)):
        anchors = load_anchors(override=anchors)
    checker = TrustChecker(settings or Settings(), anchors, cache, fetch, crls)
    return checker.check(cert, extra_certs=extra_certs, now=now, online=online, cancel=cancel)


# -- reasons ---------------------------------------------------------------------------

RENEW_HINT_VI = "làm thủ tục gia hạn qua https://dichvucong.ca.gov.vn (Mẫu 04, NĐ 68/2024)"


def _validity_reasons(cert: x509.Certificate, now: dt.datetime, warn_days: int) -> list[Reason]:
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    if now > end:
        return [
            Reason(
                "expired",
                FAILED,
                f"Chứng thư số đã hết hạn từ ngày {vn_date(end)}, không dùng để ký được nữa. "
                f"Đề nghị {RENEW_HINT_VI}.",
                f"The certificate expired on {vn_date(end)}; it can no longer sign. Renew it "
                "at https://dichvucong.ca.gov.vn (form 04).",
            )
        ]
    if now < start:
        return [
            Reason(
                "not_yet_valid",
                FAILED,
                f"Chứng thư số chưa đến thời hạn sử dụng (có hiệu lực từ {vn_time(start)}). "
                "Kiểm tra lại ngày giờ của máy tính; nếu ngày giờ đúng, hãy đợi đến thời điểm đó.",
                f"The certificate is not valid yet (valid from {vn_time(start)}). Check the "
                "computer's clock; if it is right, wait until then.",
            )
        ]
    left = end - now
    if left <= dt.timedelta(days=warn_days):
        days = max(0, left.days)
        return [
            Reason(
                "expiring_soon",
                WARNING,
                f"Chứng thư số sẽ hết hạn sau {days} ngày (ngày {vn_date(end)}). "
                f"Đề nghị {RENEW_HINT_VI} ngay để không bị gián đoạn việc ký.",
                f"The certificate expires in {days} days ({vn_date(end)}). Renew it now so "
                "signing is not interrupted.",
            )
        ]
    return []


def _chain_reasons(outcome: ChainOutcome) -> list[Reason]:
    reasons: list[Reason] = []
    last = outcome.path[-1]
    if outcome.status == "issuer_unknown":
        who = display_name(last.issuer)
        reasons.append(
            Reason(
                "issuer_unknown",
                FAILED,
                f"Không tìm thấy chứng thư của tổ chức cấp “{who}”, nên chưa xác minh được chứng "
                "thư số. Cắm thiết bị ký có chứa chứng thư CA, kết nối mạng để tải về, hoặc nhờ "
                "bộ phận CNTT cài chứng thư gốc của Ban Cơ yếu Chính phủ.",
                f"The issuer certificate “{who}” was not found, so the certificate cannot be "
                "verified. Insert the token that carries the CA certificates, go online, or ask "
                "IT to install Ban Cơ yếu's root certificates.",
            )
        )
    elif outcome.status == "untrusted_root":
        who = display_name(last.subject)
        reasons.append(
            Reason(
                "untrusted_root",
                FAILED,
                f"Chứng thư số thuộc chứng thư gốc “{who}”, không nằm trong danh sách tin cậy. "
                "Không dùng để ký văn bản công vụ. Nếu đây là chứng thư gốc của Ban Cơ yếu, nhờ "
                "bộ phận CNTT cài đặt (hoặc dùng chức năng tải chứng thư gốc).",
                f"The certificate chains to “{who}”, which is not a trusted root. Do not use it "
                "for official documents; if it is Ban Cơ yếu's root, ask IT to install it.",
            )
        )
    elif outcome.status == "bad_signature":
        who = display_name(outcome.path[-2].subject) if len(outcome.path) > 1 else "?"
        reasons.append(
            Reason(
                "bad_signature",
                FAILED,
                f"Chữ ký của tổ chức cấp trên chứng thư “{who}” không hợp lệ: chứng thư có thể "
                "bị giả mạo hoặc bị hỏng. Không dùng chứng thư này; liên hệ Cục Chứng thực số và "
                "Bảo mật thông tin (024.3773.8668).",
                f"The issuer's signature on “{who}” does not verify: the certificate may be "
                "forged or damaged. Do not use it.",
            )
        )
    elif outcome.status == "issuer_params_missing":
        reasons.append(_params_missing_reason(outcome.path[-1]))
    for problem in outcome.issuer_problems:
        who = display_name(problem.cert.subject)
        vi, en = _ISSUER_TEXT[problem.code]
        reasons.append(
            Reason(
                problem.code,
                FAILED,
                f"Chứng thư của tổ chức cấp “{who}” {vi}. Liên hệ bộ phận CNTT hoặc Cục Chứng "
                "thực số và Bảo mật thông tin.",
                f"The CA certificate “{who}” {en}.",
            )
        )
    return reasons


def _params_missing_reason(ca: x509.Certificate) -> Reason:
    """A CA whose DSA key takes p, q, g from its own issuer (RFC 3279 §2.3.2), which is
    missing: nothing is known to be wrong, the check just cannot be made yet (PKITS 4.1.5
    without DSACACert). The other validators say the same kind of thing: pyhanko-
    certvalidator fails path building ("no issuer matching “DSA CA” was found", which pyHanko
    reports as INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND) and ``openssl verify`` (3.0) gives
    error 20 "unable to get local issuer certificate"; neither calls it a bad signature.
    So the verdict is FAILED like ``issuer_unknown`` (it cannot be relied on today), and
    ``kyso verify`` concludes INDETERMINATE, never "forged"."""
    who = display_name(ca.subject)
    lender = display_name(ca.issuer)
    return Reason(
        "issuer_params_missing",
        FAILED,
        f"Chưa kiểm tra được chữ ký của tổ chức cấp “{who}” trên chứng thư số: khóa DSA của "
        f"“{who}” lấy tham số từ chứng thư của tổ chức cấp trên “{lender}”, nhưng chứng thư "
        f"này không có trên thiết bị ký hay trong danh sách chứng thư gốc. Bổ sung chứng thư "
        f"của “{lender}” (tệp .cer/.crt, ví dụ qua --certs hoặc nhờ bộ phận CNTT cài vào thư "
        "mục chứng thư gốc) rồi kiểm tra lại.",
        f"The signature of “{who}” on the certificate cannot be checked yet: “{who}” has a "
        f"DSA key that inherits its parameters from its issuer “{lender}”, whose certificate "
        f"is not available (token, trust anchors). Supply the certificate of “{lender}” (a "
        ".cer/.crt file, e.g. with --certs, or ask IT to install it with the trust anchors) "
        "and check again.",
    )


_ISSUER_TEXT = {
    "issuer_expired": ("đã hết hạn", "has expired"),
    "issuer_not_yet_valid": ("chưa đến thời hạn sử dụng", "is not valid yet"),
    "issuer_not_ca": ("không phải chứng thư của tổ chức cấp (CA)", "is not a CA certificate"),
    "path_too_long": ("không được phép cấp chuỗi dài như vậy", "does not allow so long a path"),
}


def _key_usage_reason(cert: x509.Certificate) -> Reason | None:
    ku = ext(cert, x509.KeyUsage)
    if ku is None:
        return None  # RFC 5280: an absent extension places no restriction
    assert isinstance(ku, x509.KeyUsage)
    if ku.digital_signature or ku.content_commitment:
        return None
    return Reason(
        "wrong_key_usage",
        FAILED,
        "Chứng thư số này không dùng để ký số (mục đích sử dụng khóa không có “ký số” hay “chống "
        "chối bỏ”). Trên thiết bị có thể còn chứng thư khác dùng để ký; nếu không, liên hệ đầu "
        "mối chứng thư số của đơn vị.",
        "This certificate is not for signing (its key usage has neither digitalSignature nor "
        "nonRepudiation). The token may hold another certificate for signing.",
    )


def _is_ca(cert: x509.Certificate) -> bool:
    bc = ext(cert, x509.BasicConstraints)
    return isinstance(bc, x509.BasicConstraints) and bc.ca


_SIGNER_IS_CA = Reason(
    "signer_is_ca",
    FAILED,
    "Đây là chứng thư của một tổ chức cấp chứng thư (CA), không phải chứng thư ký của cá nhân "
    "hay cơ quan: không dùng để ký văn bản. Chọn chứng thư ký trên thiết bị.",
    "This is a certification authority's certificate, not a signer's: it must not sign "
    "documents. Choose the signing certificate on the token.",
)

_CERT_PROBLEM_TEXT = {
    "weak_hash_md5": (
        FAILED,
        "được ký bằng thuật toán băm MD5 đã bị phá vỡ, có thể bị giả mạo: không tin cậy được",
        "is signed with MD5, which is broken: it may be forged and cannot be relied on",
    ),
    "weak_hash_sha1": (
        WARNING,
        "được cấp sau năm 2016 nhưng ký bằng thuật toán băm SHA-1 đã lỗi thời; nên đề nghị cấp "
        "lại chứng thư dùng SHA-256",
        "was issued after 2016 but is SHA-1 signed; ask for a SHA-256 certificate",
    ),
    "weak_key": (
        WARNING,
        "dùng khóa RSA {detail} bit, ngắn hơn mức tối thiểu 2048 bit; nên đề nghị cấp lại",
        "uses a {detail}-bit RSA key, shorter than the 2048-bit minimum; ask for a new one",
    ),
    "unknown_critical_extension": (
        FAILED,
        "có phần mở rộng bắt buộc xử lý ({detail}) mà Kyso không hiểu, nên không được tin cậy "
        "(RFC 5280)",
        "has a critical extension ({detail}) Kyso does not process, so it must not be relied "
        "on (RFC 5280)",
    ),
}


def _cert_problem_reason(problem: CertProblem, *, leaf: bool) -> Reason:
    severity, vi, en = _CERT_PROBLEM_TEXT[problem.code]
    who = display_name(problem.cert.subject)
    subject_vi = "Chứng thư số" if leaf else f"Chứng thư của tổ chức cấp “{who}”"
    subject_en = "The certificate" if leaf else f"The CA certificate “{who}”"
    return Reason(
        problem.code,
        severity,
        f"{subject_vi} {vi.format(detail=problem.detail)}.",
        f"{subject_en} {en.format(detail=problem.detail)}.",
    )


_PATH_PROBLEM_VI = {
    "name_constraints": "Tên trong chứng thư nằm ngoài phạm vi tên mà tổ chức cấp được phép "
    "cấp (ràng buộc tên, RFC 5280): không tin cậy được.",
    "policy": "Chuỗi chứng thư không thỏa mãn chính sách chứng thư (RFC 5280): không tin cậy được.",
    "path_invalid": "Chuỗi chứng thư không hợp lệ theo RFC 5280: không tin cậy được.",
}


def _path_problem_reason(problem: PathProblem) -> Reason:
    return Reason(
        problem.code,
        FAILED,
        f"{_PATH_PROBLEM_VI[problem.code]} Liên hệ bộ phận CNTT hoặc Cục Chứng thực số và Bảo "
        "mật thông tin.",
        f"The certification path fails RFC 5280: {problem.detail}",
    )


_REASON_VI = {
    x509.ReasonFlags.unspecified: "không nêu lý do",
    x509.ReasonFlags.key_compromise: "lộ khóa bí mật",
    x509.ReasonFlags.ca_compromise: "lộ khóa của tổ chức cấp",
    x509.ReasonFlags.affiliation_changed: "thay đổi đơn vị công tác",
    x509.ReasonFlags.superseded: "đã được thay thế bằng chứng thư khác",
    x509.ReasonFlags.cessation_of_operation: "ngừng sử dụng",
    x509.ReasonFlags.certificate_hold: "tạm dừng",
    x509.ReasonFlags.privilege_withdrawn: "bị rút quyền",
    x509.ReasonFlags.aa_compromise: "lộ khóa của tổ chức cấp thuộc tính",
    x509.ReasonFlags.remove_from_crl: "gỡ khỏi danh sách thu hồi",
}


def _reason_text(reason: x509.ReasonFlags | None) -> tuple[str, str]:
    if reason is None:
        return _REASON_VI[x509.ReasonFlags.unspecified], "unspecified"
    return _REASON_VI.get(reason, reason.value), reason.value


def _revocation_reasons(rev: RevocationStatus, trusted: bool) -> list[Reason]:
    if rev.status == "good":
        return []
    if rev.status == "revoked":
        when = vn_time(rev.revoked_at) if rev.revoked_at else "không rõ thời điểm"
        when_en = rev.revoked_at.isoformat() if rev.revoked_at else "unknown time"
        why_vi, why_en = _reason_text(rev.reason)
        return [
            Reason(
                "revoked",
                FAILED,
                f"Chứng thư số đã bị thu hồi từ {when}, lý do: {why_vi}. Không được dùng để ký; "
                "liên hệ đầu mối chứng thư số của đơn vị.",
                f"The certificate was revoked on {when_en}, reason: {why_en}. It must not sign.",
            )
        ]
    if not trusted:
        return []  # the chain reason already says why nothing could be checked
    if rev.no_source:
        return [
            Reason(
                "revocation_no_source",
                WARNING,
                "Chứng thư số không ghi địa chỉ kiểm tra thu hồi (OCSP/CRL) nên chưa kiểm tra "
                "được chứng thư có bị thu hồi hay không. Hỏi đầu mối chứng thư số trước khi ký "
                "văn bản quan trọng.",
                "The certificate names no revocation service (OCSP/CRL), so revocation was not "
                "checked.",
            )
        ]
    data_errors = [p for p in rev.problems if not p.code.startswith("fetch_")]
    details = "; ".join(p.en for p in rev.problems)
    if data_errors and all(p.code.endswith("_stale") for p in data_errors):
        return [
            Reason(
                "revocation_stale",
                WARNING,
                "Chưa kiểm tra được tình trạng thu hồi: dữ liệu thu hồi (OCSP/CRL) nhận được đã "
                "hết hiệu lực (quá thời điểm cập nhật tiếp theo), không dùng làm bằng chứng được. "
                "Kiểm tra lại sau; nếu vẫn vậy, báo bộ phận CNTT.",
                f"Revocation not checked: the answers found are out of date. {details}".strip(),
            )
        ]
    if rev.offline_since is not None:
        return [
            Reason(
                "revocation_offline",
                WARNING,
                "Chưa kiểm tra được tình trạng thu hồi (không kết nối được từ "
                f"{vn_time(rev.offline_since)}); lần kiểm tra gần nhất khi đó chứng thư chưa bị "
                "thu hồi. Kết nối mạng rồi kiểm tra lại trước khi ký.",
                f"Revocation not checked (offline since {rev.offline_since.isoformat()}); the "
                f"last answer then was good. {details}".strip(),
            )
        ]
    if not data_errors:
        return [
            Reason(
                "revocation_offline",
                WARNING,
                "Chưa kiểm tra được tình trạng thu hồi: không kết nối được máy chủ kiểm tra "
                "(OCSP/CRL) và chưa có kết quả lưu trước đó. Kết nối mạng rồi kiểm tra lại "
                "trước khi ký.",
                f"Revocation not checked: no revocation server could be reached and nothing is "
                f"cached. {details}".strip(),
            )
        ]
    return [
        Reason(
            "revocation_invalid",
            WARNING,
            "Chưa kiểm tra được tình trạng thu hồi: máy chủ kiểm tra (OCSP/CRL) trả về dữ liệu "
            "không hợp lệ. Thử lại sau; nếu vẫn lỗi, báo bộ phận CNTT.",
            f"Revocation not checked: the answers were unusable. {details}".strip(),
        )
    ]


def _issuer_unchecked_reason(ca: x509.Certificate, rev: RevocationStatus) -> Reason:
    who = display_name(ca.subject)
    details = "; ".join(p.en for p in rev.problems)
    if rev.offline_since is not None:
        since_vi = f"không kết nối được từ {vn_time(rev.offline_since)}"
        since_en = f"offline since {rev.offline_since.isoformat()}"
    else:
        since_vi = "không kết nối được máy chủ kiểm tra và chưa có kết quả lưu trước đó"
        since_en = "no answer could be had and nothing is cached"
    return Reason(
        "issuer_revocation_unknown",
        WARNING,
        f"Chưa kiểm tra được tình trạng thu hồi của chứng thư tổ chức cấp “{who}” ({since_vi}). "
        "Kết nối mạng rồi kiểm tra lại trước khi ký.",
        f"The revocation of the CA certificate “{who}” was not checked ({since_en}). "
        f"{details}".strip(),
    )


def _issuer_revoked_reason(ca: x509.Certificate, rev: RevocationStatus) -> Reason:
    who = display_name(ca.subject)
    when = vn_time(rev.revoked_at) if rev.revoked_at else "không rõ thời điểm"
    return Reason(
        "issuer_revoked",
        FAILED,
        f"Chứng thư của tổ chức cấp “{who}” đã bị thu hồi từ {when}. Mọi chứng thư do tổ chức "
        "này cấp không còn tin cậy được; liên hệ Cục Chứng thực số và Bảo mật thông tin.",
        f"The CA certificate “{who}” was revoked; certificates it issued cannot be relied on.",
    )
