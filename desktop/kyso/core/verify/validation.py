"""Verifying signed PDFs: who signed, is it intact, can it be trusted (issue 6).

:func:`verify_pdf` checks every signature of one PDF and returns a
:class:`~kyso.core.verify.report.DocumentResult`; :func:`verify_many` does the same for
many files in worker *processes* (validation is CPU-bound), yielding results as they
finish, with a progress callback and a cancel event.

Who decides what:

* **pyHanko** — integrity (the signed byte ranges hash to the signed digest), the
  signature value, coverage (entire file / entire revision / less) and its difference
  analysis of later incremental updates (none / allowed: form filling, later signatures,
  DSS / not allowed), the signature timestamp (imprint, signature, TSA chain).
* **Kyso's trust check** (:class:`~kyso.core.trust.checker.TrustChecker`, the same as
  ``kyso check``) — the signer's chain to the configured anchors (``--anchors PATH``),
  validity and key usage, at the best signature time and now; revocation from the cache
  or online (``online=False`` for ``--offline``). Revocation data embedded in the document
  (DSS, Adobe revocation archival) is verified here too and used when nothing fresher is
  known.
* :mod:`kyso.core.reform.check` — the two-tier verdict of the signer's subject (shown, not part
  of the conclusion).

**Conclusion** (ETSI EN 319 102-1), the first that applies:

=================================  ===============================================
TOTAL_FAILED FORMAT_FAILURE        unreadable signature; coverage short of the signed
                                   revision; later changes that are not allowed
TOTAL_FAILED HASH_FAILURE          signed bytes changed (or the timestamp's imprint)
TOTAL_FAILED SIG_CRYPTO_FAILURE    signature value (or the timestamp's) does not verify
TOTAL_FAILED REVOKED               revoked before the proven (or claimed) signing time
TOTAL_FAILED EXPIRED/NOT_YET_VALID the timestamp proves signing outside the validity
INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND   unknown issuer, untrusted root
INDETERMINATE CERTIFICATE_CHAIN_GENERAL_FAILURE / CHAIN_CONSTRAINTS_FAILURE
INDETERMINATE REVOKED_NO_POE / REVOKED_CA_NO_POE
INDETERMINATE OUT_OF_BOUNDS_NO_POE expired now, no timestamp proving signing in time
INDETERMINATE TRY_LATER            revocation status not known (offline, no data)
TOTAL_PASSED                       none of the above
=================================  ===============================================

The best signature time is the signature timestamp's time when that timestamp is valid
and trusted (proof of existence); otherwise there is none and the signature is judged
now. The signer's claimed time is shown but proves nothing.

Nothing here raises for a bad file: each file gets a result whose status is ``error``
with a message (not a PDF, empty, damaged, encrypted, no signature).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from kyso.core.certs.details import name_to_string
from kyso.core.errors import KysoError
from kyso.core.net.fetch import Cancelled
from kyso.core.reform.check import check_subject
from kyso.core.settings import Paths, Settings
from kyso.core.trust.anchors import TrustAnchors, load_anchors
from kyso.core.trust.checker import TrustChecker, TrustResult, default_cache
from kyso.core.trust.revocation import (
    CLOCK_SKEW,
    RevocationCache,
    RevocationDataError,
    check_crl,
    ext_reason,
    parse_crl,
    parse_ocsp_response,
)
from kyso.core.verify.report import (
    COVERAGE_ENTIRE_FILE,
    COVERAGE_ENTIRE_REVISION,
    COVERAGE_PARTIAL,
    INDETERMINATE,
    MOD_ALLOWED,
    MOD_NONE,
    MOD_NOT_ALLOWED,
    TOTAL_FAILED,
    TOTAL_PASSED,
    Appearance,
    DocumentResult,
    Finding,
    Revocation,
    SignatureResult,
    VerifyError,
    vn_display,
)

__all__ = [
    "DocumentResult",
    "SignatureResult",
    "Verifier",
    "collect_pdfs",
    "verify_many",
    "verify_pdf",
]

log = logging.getLogger(__name__)
UTC = dt.timezone.utc
_REVOCATION_CODES = {"revoked", "revocation_offline", "revocation_no_source", "revocation_invalid"}
_CHAIN_MISSING = {"untrusted_root", "issuer_unknown"}
_CHAIN_BROKEN = {"bad_signature", "issuer_not_ca", "path_too_long"}
MAX_FILE_BYTES = 1 << 31


# -- the verifier ------------------------------------------------------------------------


class Verifier:
    """Anchors, revocation cache and settings for many verifications (thread-safe)."""

    def __init__(
        self,
        checker: TrustChecker | None = None,
        *,
        settings: Settings | None = None,
        anchors: TrustAnchors | str | Path | None = None,
        cache: RevocationCache | None = None,
        online: bool = True,
    ) -> None:
        if checker is None:
            settings = settings or Settings()
            if isinstance(anchors, (str, Path)):
                anchors = load_anchors(override=anchors)
            checker = TrustChecker(settings, anchors, cache or default_cache())
        self.checker = checker
        self.settings = checker.settings
        self.online = online
        assert checker.anchors is not None
        self.anchors = checker.anchors
        from asn1crypto import x509 as ax509

        self._roots = [ax509.Certificate.load(_der(c)) for c in self.anchors.roots]
        self._intermediates = [ax509.Certificate.load(_der(c)) for c in self.anchors.intermediates]

    # -- one document --------------------------------------------------------------------
    def verify(
        self,
        path: str | Path,
        *,
        now: dt.datetime | None = None,
        cancel: threading.Event | None = None,
    ) -> DocumentResult:
        """Verify one PDF. Never raises for a problem with the file (see ``result.error``);
        raises :class:`kyso.core.net.fetch.Cancelled` when ``cancel`` is set."""
        path = Path(path)
        result = DocumentResult(str(path))
        now = (now or dt.datetime.now(UTC)).astimezone(UTC)
        try:
            data = _read_input(path)
            asyncio.run(self._verify_bytes(data, result, now, cancel))
        except Cancelled:
            raise
        except KysoError as exc:
            result.error = exc
            result.signatures = []
        except Exception as exc:  # a damaged file must never end a batch with a traceback
            log.info("verify %s: %r", path, exc)
            result.error = _damaged(exc)
            result.signatures = []
        return result

    async def _verify_bytes(
        self,
        data: bytes,
        result: DocumentResult,
        now: dt.datetime,
        cancel: threading.Event | None,
    ) -> None:
        import io

        from pyhanko.pdf_utils.reader import PdfFileReader

        if b"%PDF-" not in data[:1024]:
            raise VerifyError(
                "Tệp không phải là văn bản PDF.",
                "The file is not a PDF.",
                code="not_pdf",
            )
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
        except Exception as exc:
            raise _damaged(exc) from None
        if reader.encrypted:
            ok = False
            try:
                ok = bool(reader.decrypt("").status.value >= 1)  # type: ignore[union-attr]
            except Exception:
                ok = False
            if not ok:
                raise VerifyError(
                    "Tệp PDF được đặt mật khẩu nên không kiểm tra được chữ ký. Đề nghị bên gửi "
                    "cung cấp bản không đặt mật khẩu.",
                    "The PDF is password-protected; its signatures cannot be checked.",
                    code="encrypted",
                )
        try:
            result.pages = int(reader.root["/Pages"]["/Count"])
        except Exception:
            result.pages = None
        try:
            sigs = list(reader.embedded_regular_signatures)
            doc_ts = list(reader.embedded_timestamp_signatures)
        except Exception as exc:
            raise _damaged(exc) from None
        if not sigs:
            raise VerifyError(
                "Văn bản không có chữ ký số nào.",
                "The document has no digital signature.",
                code="no_signatures",
            )
        result.doc_timestamps = len(doc_ts)
        embedded = _EmbeddedData.read(reader)
        ts_revisions = await self._valid_doc_timestamp_revisions(doc_ts, embedded)
        pages = _page_refs(reader)
        for sig in sigs:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            result.signatures.append(
                await self._verify_signature(
                    reader, sig, embedded, ts_revisions, pages, now, cancel
                )
            )

    def _validation_context(self, embedded: _EmbeddedData, extra: Iterable[Any] = ()) -> Any:
        from pyhanko_certvalidator import ValidationContext

        return ValidationContext(
            trust_roots=self._roots,
            other_certs=[*self._intermediates, *embedded.asn1_certs(), *extra],
            crls=embedded.asn1_crls(),
            ocsps=embedded.asn1_ocsps(),
            allow_fetching=False,
            revocation_mode="soft-fail",
        )

    async def _valid_doc_timestamp_revisions(
        self, doc_ts: list[Any], embedded: _EmbeddedData
    ) -> list[int]:
        from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_timestamp

        revisions: list[int] = []
        for ts in doc_ts:
            try:
                status = await async_validate_pdf_timestamp(
                    ts, self._validation_context(embedded), skip_diff=True
                )
                if status.intact and status.valid and status.trusted:
                    revisions.append(int(ts.signed_revision))
            except Exception as exc:
                log.info("document timestamp %s: %r", getattr(ts, "field_name", "?"), exc)
        return revisions

    # -- one signature -------------------------------------------------------------------
    async def _verify_signature(
        self,
        reader: Any,
        sig: Any,
        embedded: _EmbeddedData,
        ts_revisions: list[int],
        pages: list[tuple[int, int]],
        now: dt.datetime,
        cancel: threading.Event | None,
    ) -> SignatureResult:
        res = SignatureResult(field=str(sig.field_name))
        try:
            res.subfilter = str(sig.sig_object.get("/SubFilter", "")) or None
            res.revision = int(sig.signed_revision)
        except Exception:
            pass
        try:
            res.appearance = _appearance(sig, pages)
        except Exception as exc:
            log.info("appearance of %s: %r", res.field, exc)
        try:
            cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        except Exception as exc:
            return _format_failure(
                res,
                "Không đọc được chứng thư của người ký trong chữ ký.",
                f"The signer's certificate cannot be read from the signature ({exc}).",
            )
        _describe_signer(res, cert)
        try:
            res.signing_time = sig.self_reported_timestamp
        except Exception:
            res.signing_time = None
        try:
            status = await _pyhanko_status(
                sig, self._validation_context(embedded, sig.other_embedded_certs)
            )
        except (Cancelled, ImportError):
            raise
        except Exception as exc:
            sub = getattr(exc, "ades_subindication", None)
            name = getattr(sub, "name", None)
            if name in ("HASH_FAILURE", "SIG_CRYPTO_FAILURE"):
                res.conclusion, res.sub_indication = TOTAL_FAILED, name
                res.reasons = [_INTEGRITY_TEXT[name]]
                return res
            return _format_failure(
                res,
                "Chữ ký sai định dạng hoặc bị hỏng nên không kiểm tra được.",
                f"The signature is malformed or damaged: {exc}",
            )
        res.intact = bool(status.intact)
        res.crypto_valid = bool(status.valid)
        res.coverage = _coverage(status)
        res.modifications = _modifications(status)
        if status.signer_reported_dt is not None:
            res.signing_time = status.signer_reported_dt

        tsv = status.timestamp_validity
        poe: dt.datetime | None = None
        ts_failure: tuple[str, Finding] | None = None
        if tsv is not None:
            res.timestamp_time = tsv.timestamp
            if not tsv.intact:
                res.timestamp_status = "invalid"
                ts_failure = ("HASH_FAILURE", _TS_BROKEN)
            elif not tsv.valid:
                res.timestamp_status = "invalid"
                ts_failure = ("SIG_CRYPTO_FAILURE", _TS_BROKEN)
            elif not tsv.trusted:
                res.timestamp_status = "untrusted"
            else:
                res.timestamp_status = "valid"
                poe = tsv.timestamp.astimezone(UTC)

        # -- trust, now and at the best signature time -------------------------------
        doc_certs = [*_to_crypto(sig.other_embedded_certs), *embedded.certs]
        now_check = self.checker.check(
            cert, extra_certs=doc_certs, now=now, online=self.online, cancel=cancel
        )
        at = poe or (res.signing_time.astimezone(UTC) if res.signing_time else now)
        then_check = (
            now_check
            if abs((now - at).total_seconds()) < 60
            else self.checker.check(cert, extra_certs=doc_certs, now=at, online=False)
        )
        res.chain = [name_to_string(c.subject) for c in now_check.chain]
        issuer = now_check.chain[1] if len(now_check.chain) > 1 else None
        chain_ok = len(now_check.chain) > 1 and not (
            _codes(now_check) & (_CHAIN_MISSING | _CHAIN_BROKEN)
        )

        rev = Revocation()
        embedded_rev = (
            embedded.revocation_for(cert, issuer, at, sig) if issuer is not None else None
        )
        r = now_check.revocation
        if r.status in ("good", "revoked"):
            rev = Revocation(
                r.status,
                "cached" if r.source == "cache" else "online",
                r.revoked_at,
            )
        if embedded_rev is not None and (
            rev.status == "unknown"
            or (embedded_rev.status == "revoked" and rev.status != "revoked")
        ):
            rev = embedded_rev
        res.revocation = rev

        res.trusted_now = chain_ok and not _blocking(now_check) and rev.status == "good"
        res.trusted_at_signing = (
            chain_ok
            and not _blocking(then_check)
            and (rev.status == "good" or (rev.status == "revoked" and _before(at, rev.revoked_at)))
        )

        # -- level -------------------------------------------------------------------
        if res.intact and res.crypto_valid:
            res.level = "B-B"
            if res.timestamp_status == "valid":
                res.level = "B-T"
                if embedded_rev is not None:
                    res.level = "B-LT"
                    if res.revision is not None and any(r > res.revision for r in ts_revisions):
                        res.level = "B-LTA"

        res.trusted = res.trusted_at_signing if poe is not None else res.trusted_now
        _conclude(res, status, now_check, then_check, poe, ts_failure, chain_ok)
        return res


# -- conclusion --------------------------------------------------------------------------


def _codes(check: TrustResult) -> set[str]:
    return {r.code for r in check.reasons}


def _blocking(check: TrustResult) -> bool:
    return any(r.severity == "failed" and r.code not in _REVOCATION_CODES for r in check.reasons)


def _before(when: dt.datetime, revoked_at: dt.datetime | None) -> bool:
    return revoked_at is not None and when < revoked_at


def _trust_findings(check: TrustResult) -> list[Finding]:
    return [
        Finding(r.code, r.vi, r.en)
        for r in check.reasons
        if r.code not in _REVOCATION_CODES and r.severity == "failed"
    ]


def _conclude(
    res: SignatureResult,
    status: Any,
    now_check: TrustResult,
    then_check: TrustResult,
    poe: dt.datetime | None,
    ts_failure: tuple[str, Finding] | None,
    chain_ok: bool,
) -> None:
    notes: list[Finding] = []

    def done(conclusion: str, sub: str | None, *findings: Finding) -> None:
        res.conclusion, res.sub_indication = conclusion, sub
        res.reasons = [*findings, *notes]

    if not res.intact:
        return done(TOTAL_FAILED, "HASH_FAILURE", _INTEGRITY_TEXT["HASH_FAILURE"])
    if not res.crypto_valid:
        return done(TOTAL_FAILED, "SIG_CRYPTO_FAILURE", _INTEGRITY_TEXT["SIG_CRYPTO_FAILURE"])
    if res.coverage == COVERAGE_PARTIAL:
        return done(TOTAL_FAILED, "FORMAT_FAILURE", _PARTIAL)
    if res.modifications == MOD_NOT_ALLOWED:
        return done(TOTAL_FAILED, "FORMAT_FAILURE", _modified_finding(status))
    if ts_failure is not None:
        return done(TOTAL_FAILED, ts_failure[0], ts_failure[1])
    if res.timestamp_status == "untrusted":
        notes.append(_TS_UNTRUSTED)
    if res.modifications == MOD_ALLOWED:
        notes.append(_ALLOWED_CHANGES)

    cert_codes = _codes(now_check)
    then_codes = _codes(then_check)
    cert_not_after = _signer_not_after(now_check)
    cert_not_before = _signer_not_before(now_check)
    rev = res.revocation

    # revocation of the signer
    if rev.status == "revoked":
        revoked_at = rev.revoked_at
        when_vi = vn_display(revoked_at)
        if poe is not None:
            if revoked_at is None or poe >= revoked_at:
                return done(TOTAL_FAILED, "REVOKED", _revoked(when_vi, proven=True))
            notes.append(
                Finding(
                    "revoked_after_signing",
                    f"Chứng thư đã bị thu hồi từ {when_vi}, nhưng dấu thời gian chứng minh văn "
                    "bản được ký trước thời điểm đó.",
                    f"The certificate was revoked on {when_vi}, but the timestamp proves the "
                    "document was signed before.",
                )
            )
        else:
            claimed = res.signing_time
            if revoked_at is None or claimed is None or claimed >= revoked_at:
                return done(TOTAL_FAILED, "REVOKED", _revoked(when_vi, proven=False))
            return done(INDETERMINATE, "REVOKED_NO_POE", _revoked_no_poe(when_vi))

    # validity of the signer's certificate
    if poe is not None and cert_not_after is not None and poe > cert_not_after:
        return done(TOTAL_FAILED, "EXPIRED", _expired_at_signing(cert_not_after))
    if poe is not None and cert_not_before is not None and poe < cert_not_before:
        return done(TOTAL_FAILED, "NOT_YET_VALID", *_trust_findings(then_check))

    if not chain_ok:
        if cert_codes & _CHAIN_MISSING or len(now_check.chain) <= 1:
            return done(INDETERMINATE, "NO_CERTIFICATE_CHAIN_FOUND", *_trust_findings(now_check))
        return done(INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE", *_trust_findings(now_check))
    if "wrong_key_usage" in cert_codes:
        return done(INDETERMINATE, "CHAIN_CONSTRAINTS_FAILURE", *_trust_findings(now_check))
    if "issuer_revoked" in cert_codes:
        return done(INDETERMINATE, "REVOKED_CA_NO_POE", *_trust_findings(now_check))
    out_of_bounds = {"expired", "issuer_expired", "not_yet_valid", "issuer_not_yet_valid"}
    if cert_codes & out_of_bounds:
        if poe is None or then_codes & out_of_bounds:
            if "not_yet_valid" in cert_codes and poe is None:
                return done(INDETERMINATE, "NOT_YET_VALID", *_trust_findings(now_check))
            return done(INDETERMINATE, "OUT_OF_BOUNDS_NO_POE", *_trust_findings(now_check), _NO_POE)
        notes.append(_VALID_AT_POE)
    others = _trust_findings(then_check if poe is not None else now_check)
    others = [f for f in others if f.code not in out_of_bounds]
    if others:
        return done(INDETERMINATE, "CERTIFICATE_CHAIN_GENERAL_FAILURE", *others)

    if rev.status != "good" and not (rev.status == "revoked" and poe is not None):
        reason = next(
            (r for r in now_check.reasons if r.code in _REVOCATION_CODES and r.code != "revoked"),
            None,
        )
        finding = (
            Finding(reason.code, reason.vi, reason.en)
            if reason is not None
            else Finding(
                "revocation_unknown",
                "Chưa kiểm tra được chứng thư của người ký có bị thu hồi hay không.",
                "The signer's certificate could not be checked for revocation.",
            )
        )
        return done(INDETERMINATE, "TRY_LATER", finding, _TRY_LATER_HINT)

    done(TOTAL_PASSED, None, _passed(res))


def _signer_not_after(check: TrustResult) -> dt.datetime | None:
    try:
        return check.certificate.not_valid_after_utc
    except Exception:
        return None


def _signer_not_before(check: TrustResult) -> dt.datetime | None:
    try:
        return check.certificate.not_valid_before_utc
    except Exception:
        return None


def _format_failure(res: SignatureResult, vi: str, en: str) -> SignatureResult:
    res.conclusion, res.sub_indication = TOTAL_FAILED, "FORMAT_FAILURE"
    res.reasons = [Finding("format_failure", vi, en)]
    return res


_INTEGRITY_TEXT = {
    "HASH_FAILURE": Finding(
        "hash_failure",
        "Nội dung văn bản đã bị thay đổi sau khi ký (phần được ký không còn khớp với chữ ký). "
        "Không dùng văn bản này; đề nghị bên gửi gửi lại bản gốc.",
        "The document was changed after signing (the signed bytes no longer match). Do not "
        "rely on it; ask the sender for the original.",
    ),
    "SIG_CRYPTO_FAILURE": Finding(
        "sig_crypto_failure",
        "Giá trị chữ ký không khớp với chứng thư của người ký: chữ ký bị giả mạo hoặc bị hỏng. "
        "Không dùng văn bản này.",
        "The signature value does not verify against the signer's certificate: forged or "
        "damaged. Do not rely on the document.",
    ),
}
_PARTIAL = Finding(
    "partial_coverage",
    "Chữ ký không bao trùm toàn bộ phiên bản văn bản được ký (vùng ký /ByteRange bất thường): "
    "có phần nội dung không được bảo vệ. Không dùng văn bản này.",
    "The signature does not cover the whole signed revision (odd /ByteRange): part of the "
    "content is unprotected. Do not rely on the document.",
)
_TS_BROKEN = Finding(
    "timestamp_broken",
    "Dấu thời gian của chữ ký bị hỏng hoặc bị giả mạo (không khớp với chữ ký hoặc sai chữ ký "
    "của đơn vị cấp dấu thời gian). Không dùng văn bản này; đề nghị bên gửi ký lại.",
    "The signature's timestamp is damaged or forged (it does not match the signature, or the "
    "timestamp authority's signature does not verify). Ask the sender to sign again.",
)
_TS_UNTRUSTED = Finding(
    "timestamp_untrusted",
    "Dấu thời gian do đơn vị không nằm trong danh sách tin cậy cấp, nên không dùng làm bằng "
    "chứng thời điểm ký.",
    "The timestamp comes from an authority that is not trusted; it does not prove the "
    "signing time.",
)
_ALLOWED_CHANGES = Finding(
    "allowed_changes",
    "Sau khi ký, văn bản có thêm thay đổi được phép (chữ ký khác, điền biểu mẫu, dữ liệu kiểm "
    "tra dài hạn); nội dung đã ký không bị sửa.",
    "After signing, the document received allowed changes (other signatures, form filling, "
    "long-term validation data); the signed content was not altered.",
)
_NO_POE = Finding(
    "no_poe",
    "Chữ ký không có dấu thời gian hợp lệ nên không chứng minh được văn bản đã được ký khi "
    "chứng thư còn hiệu lực.",
    "The signature has no valid timestamp, so nothing proves it was made while the "
    "certificate was valid.",
)
_VALID_AT_POE = Finding(
    "valid_at_timestamp",
    "Chứng thư nay đã hết hạn, nhưng dấu thời gian chứng minh văn bản được ký khi chứng thư "
    "còn hiệu lực.",
    "The certificate has expired since, but the timestamp proves the document was signed "
    "while it was valid.",
)
_TRY_LATER_HINT = Finding(
    "try_later",
    "Kết nối mạng rồi kiểm tra lại (bỏ chế độ ngoại tuyến), hoặc đề nghị bên gửi ký ở mức "
    "B-LT để văn bản mang sẵn dữ liệu thu hồi.",
    "Go online and check again (without offline mode), or ask the sender to sign at B-LT so "
    "the document carries its revocation data.",
)


def _modified_finding(status: Any) -> Finding:
    detail = ""
    diff = getattr(status, "diff_result", None)
    if diff is not None and not hasattr(diff, "modification_level"):
        detail = f" ({diff})"
    return Finding(
        "modified_after_signing",
        "Văn bản đã bị sửa sau khi ký bằng một thay đổi không được phép (ví dụ thay nội dung "
        "trang). Nội dung đang hiển thị không phải nội dung đã ký; không dùng văn bản này.",
        "The document was modified after signing in a way that is not allowed (e.g. page "
        f"content replaced). What is shown is not what was signed.{detail}",
    )


def _revoked(when_vi: str, *, proven: bool) -> Finding:
    how_vi = "dấu thời gian cho thấy" if proven else "thời gian ký ghi trong chữ ký cho thấy"
    how_en = "the timestamp shows" if proven else "the claimed signing time shows"
    return Finding(
        "revoked",
        f"Chứng thư của người ký đã bị thu hồi từ {when_vi}, và {how_vi} văn bản được ký sau "
        "thời điểm đó. Chữ ký không có giá trị; liên hệ bên gửi.",
        f"The signer's certificate was revoked on {when_vi}, and {how_en} the document was "
        "signed after that. The signature has no value.",
    )


def _revoked_no_poe(when_vi: str) -> Finding:
    return Finding(
        "revoked_no_poe",
        f"Chứng thư của người ký đã bị thu hồi từ {when_vi}. Chữ ký không có dấu thời gian nên "
        "không chứng minh được văn bản được ký trước khi thu hồi.",
        f"The signer's certificate was revoked on {when_vi}; without a timestamp nothing "
        "proves the document was signed before.",
    )


def _expired_at_signing(not_after: dt.datetime) -> Finding:
    when = vn_display(not_after)
    return Finding(
        "expired_at_signing",
        f"Dấu thời gian cho thấy văn bản được ký sau khi chứng thư hết hạn ({when}). Chữ ký "
        "không có giá trị.",
        f"The timestamp shows the document was signed after the certificate expired ({when}).",
    )


def _passed(res: SignatureResult) -> Finding:
    who = res.signer_name or res.signer_subject or "?"
    proof = (
        f" Dấu thời gian: {vn_display(res.timestamp_time)}."
        if res.timestamp_status == "valid"
        else ""
    )
    return Finding(
        "passed",
        f"Chữ ký của “{who}” hợp lệ: nội dung đã ký không bị thay đổi, chứng thư do tổ chức "
        f"được tin cậy cấp và không bị thu hồi.{proof}",
        f"The signature of “{who}” is valid: the signed content is unchanged, the certificate "
        "chains to a trusted root and is not revoked.",
    )


# -- pyHanko ---------------------------------------------------------------------------


async def _pyhanko_status(sig: Any, vc: Any) -> Any:
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    usage = KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )
    return await async_validate_pdf_signature(
        sig, vc, ts_validation_context=vc, key_usage_settings=usage
    )


def _coverage(status: Any) -> str:
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cov = status.coverage
    if cov == SignatureCoverageLevel.ENTIRE_FILE:
        return COVERAGE_ENTIRE_FILE
    if cov == SignatureCoverageLevel.ENTIRE_REVISION:
        return COVERAGE_ENTIRE_REVISION
    return COVERAGE_PARTIAL


def _modifications(status: Any) -> str:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return MOD_NONE
    level = status.modification_level
    if level is None or level == ModificationLevel.OTHER or not status.docmdp_ok:
        return MOD_NOT_ALLOWED
    if level == ModificationLevel.NONE:
        return MOD_NONE
    return MOD_ALLOWED


# -- reading the document ----------------------------------------------------------------


def _read_input(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise VerifyError(
                f"{path} không phải là tệp.", f"{path} is not a file.", code="not_a_file"
            )
        if size == 0:
            raise VerifyError("Tệp rỗng (0 byte).", "The file is empty (0 bytes).", code="empty")
        if size > MAX_FILE_BYTES:
            raise VerifyError(
                "Tệp quá lớn để kiểm tra (trên 2 GB).",
                "The file is too large to check (over 2 GB).",
                code="too_large",
            )
        return path.read_bytes()
    except VerifyError:
        raise
    except FileNotFoundError:
        raise VerifyError(
            f"Không tìm thấy tệp {path}.", f"The file {path} does not exist.", code="not_found"
        ) from None
    except OSError as exc:
        raise VerifyError(
            f"Không đọc được tệp {path}: {exc.strerror or exc}.",
            f"Could not read {path}: {exc.strerror or exc}.",
            code="unreadable",
        ) from None


def _damaged(exc: BaseException) -> VerifyError:
    return VerifyError(
        "Tệp PDF bị hỏng hoặc không đúng cấu trúc nên không đọc được chữ ký. Đề nghị bên gửi "
        "gửi lại tệp.",
        f"The PDF is damaged or malformed; its signatures cannot be read ({type(exc).__name__}: "
        f"{str(exc)[:200]}).",
        code="damaged",
    )


def _der(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.DER)


def _to_crypto(certs: Iterable[Any]) -> list[x509.Certificate]:
    out: list[x509.Certificate] = []
    for c in certs:
        try:
            out.append(x509.load_der_x509_certificate(c.dump()))
        except Exception:
            continue
    return out


def _describe_signer(res: SignatureResult, cert: x509.Certificate) -> None:
    res.signer_sha256 = cert.fingerprint(hashes.SHA256()).hex()
    try:
        res.signer_subject = name_to_string(cert.subject)
        cns = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        res.signer_name = str(cns[0].value) if cns else res.signer_subject
        orgs = [
            str(a.value)
            for oid in (NameOID.ORGANIZATIONAL_UNIT_NAME, NameOID.ORGANIZATION_NAME)
            for a in reversed(cert.subject.get_attributes_for_oid(oid))
        ]
        res.signer_organization = ", ".join(orgs) or None
    except ValueError:
        res.signer_subject = res.signer_subject or "?"
    try:
        res.reform = check_subject(cert.subject).to_json()
    except Exception as exc:  # the two-tier check is shown, never blocks a verification
        log.info("two-tier check of %s: %r", res.signer_subject, exc)
        res.reform = None


def _page_refs(reader: Any) -> list[tuple[int, int]]:
    """(idnum, generation) of each page, in order."""
    from pyhanko.pdf_utils import generic

    out: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()

    def walk(obj: Any, depth: int) -> None:
        if depth > 64 or len(out) > 100_000:
            return
        if isinstance(obj, generic.IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                return
            seen.add(key)
            node = obj.get_object()
        else:
            key = None
            node = obj
        if not isinstance(node, generic.DictionaryObject):
            return
        if "/Kids" in node:
            kids = node.raw_get("/Kids")
            if isinstance(kids, generic.IndirectObject):
                kids = kids.get_object()
            for kid in kids:
                walk(kid, depth + 1)
        elif key is not None:
            out.append(key)

    try:
        walk(reader.root.raw_get("/Pages"), 0)
    except Exception:
        return out
    return out


def _appearance(sig: Any, pages: list[tuple[int, int]]) -> Appearance | None:
    from pyhanko.pdf_utils import generic

    field_dict = sig.sig_field
    widgets: list[Any] = []
    if "/Rect" in field_dict:
        widgets.append(field_dict)
    for kid in field_dict.get("/Kids", ()) or ():
        widgets.append(kid.get_object() if isinstance(kid, generic.IndirectObject) else kid)
    v_ref = field_dict.raw_get("/V")
    for widget in widgets:
        rect = [float(v) for v in widget["/Rect"]]
        if len(rect) != 4:
            continue
        x1, x2 = sorted((rect[0], rect[2]))
        y1, y2 = sorted((rect[1], rect[3]))
        if x2 - x1 < 0.5 or y2 - y1 < 0.5:
            continue
        page = None
        p = widget.raw_get("/P") if "/P" in widget else None
        if isinstance(p, generic.IndirectObject):
            key = (p.idnum, p.generation)
            if key in pages:
                page = pages.index(key)
        if page is None:
            page = _find_widget_page(sig.reader, pages, widget, v_ref)
        if page is None:
            continue
        size = None
        try:
            page_obj = sig.reader.get_object(generic.Reference(*pages[page]))
            box = [float(v) for v in page_obj["/MediaBox"]]
            size = (abs(box[2] - box[0]), abs(box[3] - box[1]))
        except Exception:
            size = None
        return Appearance(page, (x1, y1, x2, y2), size)
    return None


def _find_widget_page(
    reader: Any, pages: list[tuple[int, int]], widget: Any, v_ref: Any
) -> int | None:
    from pyhanko.pdf_utils import generic

    for index, (idnum, gen) in enumerate(pages):
        page = reader.get_object(generic.Reference(idnum, gen))
        for annot in page.get("/Annots", ()) or ():
            obj = annot.get_object() if isinstance(annot, generic.IndirectObject) else annot
            if obj is widget:
                return index
            try:
                ref = obj.raw_get("/V") if "/V" in obj else obj["/Parent"].raw_get("/V")
            except Exception:
                continue
            if (
                isinstance(ref, generic.IndirectObject)
                and isinstance(v_ref, generic.IndirectObject)
                and (ref.idnum, ref.generation) == (v_ref.idnum, v_ref.generation)
            ):
                return index
    return None


# -- embedded validation data (DSS, Adobe archival) --------------------------------------


@dataclass
class _EmbeddedData:
    certs: list[x509.Certificate]
    crls: list[bytes]
    ocsps: list[bytes]

    @classmethod
    def read(cls, reader: Any) -> _EmbeddedData:
        certs: list[x509.Certificate] = []
        crls: list[bytes] = []
        ocsps: list[bytes] = []
        try:
            from pyhanko.sign.validation.dss import DocumentSecurityStore

            dss = DocumentSecurityStore.read_dss(reader)
        except Exception:
            return cls(certs, crls, ocsps)
        for ref in dss.certs.values():
            try:
                certs.append(x509.load_der_x509_certificate(ref.get_object().data))
            except Exception:
                continue
        for refs, dest in ((dss.crls, crls), (dss.ocsps, ocsps)):
            for ref in refs:
                try:
                    dest.append(bytes(ref.get_object().data))
                except Exception:
                    continue
        return cls(certs, crls, ocsps)

    def asn1_certs(self) -> list[Any]:
        from asn1crypto import x509 as ax509

        return [ax509.Certificate.load(_der(c)) for c in self.certs]

    def asn1_crls(self) -> list[Any]:
        from asn1crypto import crl as acrl

        out = []
        for der in self.crls:
            try:
                parsed = acrl.CertificateList.load(der)
                parsed.native  # noqa: B018 - force parsing now, not inside pyHanko
                out.append(parsed)
            except Exception:
                continue
        return out

    def asn1_ocsps(self) -> list[Any]:
        from asn1crypto import ocsp as aocsp

        out = []
        for der in self.ocsps:
            try:
                parsed = aocsp.OCSPResponse.load(der)
                parsed.native  # noqa: B018
                out.append(parsed)
            except Exception:
                continue
        return out

    def revocation_for(
        self, cert: x509.Certificate, issuer: x509.Certificate, at: dt.datetime, sig: Any
    ) -> Revocation | None:
        """The signer's status from embedded data valid at ``at`` (the signing time), if any."""
        crls, ocsps = list(self.crls), list(self.ocsps)
        crls_a, ocsps_a = _archival(sig)
        crls += crls_a
        ocsps += ocsps_a
        for der in ocsps:
            try:
                answer = parse_ocsp_response(der, cert, issuer, at + CLOCK_SKEW)
            except (RevocationDataError, ValueError):
                continue
            except Exception:
                continue
            if answer.status == "unknown":
                continue
            if answer.next_update is not None and answer.next_update < at - CLOCK_SKEW:
                continue
            return Revocation(answer.status, "embedded", answer.revoked_at)
        for der in crls:
            try:
                crl = parse_crl(der)
                check_crl(crl, issuer, max(at, crl.last_update_utc))
            except (RevocationDataError, ValueError):
                continue
            except Exception:
                continue
            nu = crl.next_update_utc
            if nu is not None and nu < at - CLOCK_SKEW:
                continue
            entry = crl.get_revoked_certificate_by_serial_number(cert.serial_number)
            if entry is None or ext_reason(entry) == x509.ReasonFlags.remove_from_crl:
                return Revocation("good", "embedded", None)
            return Revocation("revoked", "embedded", entry.revocation_date_utc)
        return None


def _archival(sig: Any) -> tuple[list[bytes], list[bytes]]:
    crls: list[bytes] = []
    ocsps: list[bytes] = []
    try:
        attrs = sig.signer_info["signed_attrs"]
        for attr in attrs:
            if attr["type"].native != "adobe_revocation_info_archival":
                continue
            for value in attr["values"]:
                for c in value["crl"] or ():
                    crls.append(c.dump())
                for o in value["ocsp"] or ():
                    ocsps.append(o.dump())
    except Exception:
        pass
    return crls, ocsps


# -- public API --------------------------------------------------------------------------


def verify_pdf(
    path: str | Path,
    *,
    checker: TrustChecker | None = None,
    anchors: TrustAnchors | str | Path | None = None,
    settings: Settings | None = None,
    cache: RevocationCache | None = None,
    online: bool = True,
    now: dt.datetime | None = None,
    cancel: threading.Event | None = None,
) -> DocumentResult:
    """Verify every signature of one PDF (see the module doc). ``anchors`` may be a path
    (``--anchors PATH``); pass a shared ``checker`` (or a :class:`Verifier`) for many files."""
    verifier = Verifier(checker, settings=settings, anchors=anchors, cache=cache, online=online)
    return verifier.verify(path, now=now, cancel=cancel)


def collect_pdfs(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders expanded to every ``*.pdf`` inside (recursively, sorted)."""
    out: list[Path] = []
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        items = (
            sorted(
                (f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"),
                key=lambda f: str(f).lower(),
            )
            if p.is_dir()
            else [p]
        )
        for item in items:
            key = item.resolve() if item.exists() else item
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


@dataclass(frozen=True)
class _WorkerConfig:
    settings: Settings
    roots: tuple[bytes, ...]
    intermediates: tuple[bytes, ...]
    cache_folder: str
    online: bool
    now: dt.datetime | None


_WORKER: Verifier | None = None
_WORKER_NOW: dt.datetime | None = None


def _worker_init(config: _WorkerConfig) -> None:
    global _WORKER, _WORKER_NOW
    anchors = TrustAnchors(
        tuple(x509.load_der_x509_certificate(d) for d in config.roots),
        tuple(x509.load_der_x509_certificate(d) for d in config.intermediates),
        ("parent",),
    )
    checker = TrustChecker(config.settings, anchors, RevocationCache(config.cache_folder))
    _WORKER = Verifier(checker, online=config.online)
    _WORKER_NOW = config.now


def _worker_verify(path: str) -> DocumentResult:
    assert _WORKER is not None
    return _WORKER.verify(path, now=_WORKER_NOW)


ProgressCallback = Callable[[int, int], None]


def verify_many(
    paths: Sequence[str | Path],
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    cancel: threading.Event | None = None,
    checker: TrustChecker | None = None,
    settings: Settings | None = None,
    anchors: TrustAnchors | str | Path | None = None,
    cache: RevocationCache | None = None,
    paths_config: Paths | None = None,
    online: bool = True,
    now: dt.datetime | None = None,
) -> Iterator[DocumentResult]:
    """Verify many PDFs (folders expanded), yielding each result as it finishes.

    Work is spread over ``workers`` processes (default: every core), started with the
    *spawn* method so it behaves the same on Windows; a handful of files is verified in
    this process instead (starting workers would cost more). ``progress(done, total)`` is
    called after each file. Setting ``cancel`` stops the iteration soon: files not started
    are dropped, and the iterator ends without raising.
    """
    files = collect_pdfs(paths)
    total = len(files)
    if total == 0:
        return
    if checker is None:
        settings = settings or Settings()
        if isinstance(anchors, (str, Path)):
            anchors = load_anchors(override=anchors)
        elif anchors is None:
            anchors = load_anchors(settings)
        checker = TrustChecker(settings, anchors, cache or default_cache(paths_config))
    workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
    done = 0
    if workers == 1 or total <= 2:
        verifier = Verifier(checker, online=online)
        for f in files:
            if cancel is not None and cancel.is_set():
                return
            try:
                result = verifier.verify(f, now=now, cancel=cancel)
            except Cancelled:
                return
            done += 1
            if progress is not None:
                progress(done, total)
            yield result
        return

    assert checker.anchors is not None and checker.cache is not None
    config = _WorkerConfig(
        checker.settings,
        tuple(_der(c) for c in checker.anchors.roots),
        tuple(_der(c) for c in checker.anchors.intermediates),
        str(checker.cache.folder),
        online,
        now,
    )
    ctx = multiprocessing.get_context("spawn")
    pool = concurrent.futures.ProcessPoolExecutor(
        max_workers=min(workers, total),
        mp_context=ctx,
        initializer=_worker_init,
        initargs=(config,),
    )
    pending: set[concurrent.futures.Future[DocumentResult]] = set()
    by_future: dict[concurrent.futures.Future[DocumentResult], Path] = {}
    try:
        for f in files:
            fut = pool.submit(_worker_verify, str(f))
            pending.add(fut)
            by_future[fut] = f
        while pending:
            if cancel is not None and cancel.is_set():
                return
            finished, pending = concurrent.futures.wait(
                pending, timeout=0.1, return_when=concurrent.futures.FIRST_COMPLETED
            )
            for fut in finished:
                try:
                    result = fut.result()
                except Exception as exc:  # a worker died (out of memory, killed)
                    result = DocumentResult(str(by_future[fut]))
                    result.error = VerifyError(
                        "Không kiểm tra được tệp này (tiến trình kiểm tra bị dừng đột ngột).",
                        f"This file could not be checked (the worker stopped: {exc!r}).",
                        code="worker_failed",
                    )
                done += 1
                if progress is not None:
                    progress(done, total)
                yield result
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=not (cancel is not None and cancel.is_set()), cancel_futures=True)
