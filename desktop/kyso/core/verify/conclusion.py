"""The conclusion of one signature (ETSI EN 319 102-1) and the findings behind it.

:func:`conclude` takes what the steps found (integrity, what changed after signing, the
timestamp, the trust check now and at the proven time, the revocation of every
certificate of every path) and applies the first rule that fits, in the order of the
table in :mod:`kyso.core.verify.validation`. Every finding is a plain sentence in
Vietnamese and English; codes stay in the JSON.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from kyso.core.trust.checker import TrustResult
from kyso.core.verify.modifications import Modifications
from kyso.core.verify.path_revocation import ROLE_CA, ROLE_OCSP, ROLE_SIGNER, CertRevocation
from kyso.core.verify.report import (
    COVERAGE_PARTIAL,
    COVERAGE_UNKNOWN,
    INDETERMINATE,
    MOD_ALLOWED,
    MOD_NOT_ALLOWED,
    MOD_UNKNOWN,
    TOTAL_FAILED,
    TOTAL_PASSED,
    Finding,
    SignatureResult,
    vn_display,
)

REVOCATION_CODES = {
    "revoked",
    "revocation_offline",
    "revocation_no_source",
    "revocation_invalid",
    "revocation_stale",
}
WEAK_CODES = {"weak_key", "weak_hash_sha1"}
"""Warnings about the signer's path that do not stop a pass but are said with it."""
CHAIN_MISSING = {"untrusted_root", "issuer_unknown", "issuer_params_missing"}
"""A certificate the path needs is not available: INDETERMINATE NO_CERTIFICATE_CHAIN_FOUND."""
CHAIN_BROKEN = {"bad_signature", "issuer_not_ca", "path_too_long"}

# -- rules --------------------------------------------------------------------------


def codes(check: TrustResult) -> set[str]:
    return {r.code for r in check.reasons}


def blocking(check: TrustResult) -> bool:
    return any(r.severity == "failed" and r.code not in REVOCATION_CODES for r in check.reasons)


def before(when: dt.datetime, revoked_at: dt.datetime | None) -> bool:
    return revoked_at is not None and when < revoked_at


def _trust_findings(check: TrustResult) -> list[Finding]:
    return [
        Finding(r.code, r.vi, r.en)
        for r in check.reasons
        if r.code not in REVOCATION_CODES and r.severity == "failed"
    ]


def conclude(
    res: SignatureResult,
    mods: Modifications,
    now_check: TrustResult,
    then_check: TrustResult,
    poe: dt.datetime | None,
    ts_failure: tuple[str, Finding] | None,
    chain_ok: bool,
    path: Sequence[CertRevocation] = (),
    notes_before: Sequence[Finding] = (),
) -> None:
    """Set ``res.conclusion``, ``res.sub_indication`` and ``res.reasons``."""
    notes: list[Finding] = list(notes_before)

    def done(conclusion: str, sub: str | None, *findings: Finding) -> None:
        res.conclusion, res.sub_indication = conclusion, sub
        res.reasons = [*findings, *notes]

    if not res.intact:
        return done(TOTAL_FAILED, "HASH_FAILURE", INTEGRITY_TEXT["HASH_FAILURE"])
    if not res.crypto_valid:
        return done(TOTAL_FAILED, "SIG_CRYPTO_FAILURE", INTEGRITY_TEXT["SIG_CRYPTO_FAILURE"])
    if res.coverage == COVERAGE_PARTIAL:
        return done(TOTAL_FAILED, "FORMAT_FAILURE", _PARTIAL)
    if res.modifications == MOD_NOT_ALLOWED:
        return done(TOTAL_FAILED, "FORMAT_FAILURE", _modified_finding(mods))
    if ts_failure is not None:
        return done(TOTAL_FAILED, ts_failure[0], ts_failure[1])
    if res.timestamp_status == "untrusted" and not any(
        n.code == "timestamp_authority_revoked" for n in notes
    ):
        notes.append(TS_UNTRUSTED)
    if res.modifications == MOD_ALLOWED:
        notes.append(_ALLOWED_CHANGES)
    # A short RSA key or a late SHA-1 signature along the path (issue 21): named, not fatal.
    notes.extend(Finding(r.code, r.vi, r.en) for r in now_check.reasons if r.code in WEAK_CODES)
    # Accepted without any check (the open decision of issue 12): said, never silent.
    said: set[str] = set()  # the same CA may sit in the signer's and the TSA's path
    for c in path:
        if c.status == "no_source" and c.no_service and c.subject not in said:
            said.add(c.subject)
            notes.append(_no_service(c))
    # A revoked delegated OCSP responder: its answers were dropped (path_revocation);
    # said first wherever the signer's status is then unknown.
    responders_revoked = [
        _responder_revoked(c)
        for c in path
        if c.role == ROLE_OCSP
        and c.status == "revoked"
        and (poe is None or c.revoked_at is None or c.revoked_at <= poe)
    ]

    cert_codes = codes(now_check)
    then_codes = codes(then_check)
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

    # revocation of the CAs above the signer: a CA revoked before the proof of existence
    # fails the signature. ETSI EN 319 102-1 would say INDETERMINATE REVOKED_CA_NO_POE
    # (an earlier proof might turn up); Kyso fails it because the timestamp itself proves
    # the signature was made after the CA that vouches for the key had been withdrawn.
    for ca in path:
        if ca.role != ROLE_CA or ca.status != "revoked":
            continue
        when_vi = vn_display(ca.revoked_at)
        if poe is not None and (ca.revoked_at is None or ca.revoked_at <= poe):
            return done(TOTAL_FAILED, "REVOKED", _ca_revoked(ca, when_vi, proven=True))
        if poe is None:
            return done(INDETERMINATE, "REVOKED_CA_NO_POE", _ca_revoked(ca, when_vi, proven=False))
        notes.append(_ca_revoked_after(ca, when_vi))

    # validity of the signer's certificate
    if poe is not None and cert_not_after is not None and poe > cert_not_after:
        return done(TOTAL_FAILED, "EXPIRED", _expired_at_signing(cert_not_after))
    if poe is not None and cert_not_before is not None and poe < cert_not_before:
        return done(TOTAL_FAILED, "NOT_YET_VALID", *_trust_findings(then_check))

    if not chain_ok:
        if cert_codes & CHAIN_MISSING or len(now_check.chain) <= 1:
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

    if res.coverage == COVERAGE_UNKNOWN or res.modifications == MOD_UNKNOWN:
        return done(INDETERMINATE, "FORMAT_FAILURE", _analysis_failed(mods))

    unknown = [c for c in path if c.role != ROLE_SIGNER and c.status == "unknown"]
    if unknown:
        return done(
            INDETERMINATE,
            "TRY_LATER",
            *responders_revoked,
            *(_path_unknown(c) for c in unknown),
            *(f for c in unknown for f in _unused_embedded(c)),
            _TRY_LATER_HINT,
        )
    if rev.status != "good" and not (rev.status == "revoked" and poe is not None):
        reason = next(
            (r for r in now_check.reasons if r.code in REVOCATION_CODES and r.code != "revoked"),
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
        signer = path[0] if path else None  # the signer (or a document timestamp's TSA)
        return done(
            INDETERMINATE,
            "TRY_LATER",
            *responders_revoked,
            finding,
            *(_unused_embedded(signer) if signer is not None else ()),
            _TRY_LATER_HINT,
        )

    # Other data answered for the signer; the revoked responder is still worth saying.
    notes.extend(responders_revoked)
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


def format_failure(res: SignatureResult, vi: str, en: str) -> SignatureResult:
    res.conclusion, res.sub_indication = TOTAL_FAILED, "FORMAT_FAILURE"
    res.reasons = [Finding("format_failure", vi, en)]
    return res


INTEGRITY_TEXT = {
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
TS_BROKEN = Finding(
    "timestamp_broken",
    "Dấu thời gian của chữ ký bị hỏng hoặc bị giả mạo (không khớp với chữ ký hoặc sai chữ ký "
    "của đơn vị cấp dấu thời gian). Không dùng văn bản này; đề nghị bên gửi ký lại.",
    "The signature's timestamp is damaged or forged (it does not match the signature, or the "
    "timestamp authority's signature does not verify). Ask the sender to sign again.",
)
TS_UNTRUSTED = Finding(
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


def _modified_finding(mods: Modifications) -> Finding:
    detail = f" ({mods.detail})" if mods.detail else ""
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


def _analysis_failed(mods: Modifications) -> Finding:
    reason = mods.error or "the revision layout of the file could not be read"
    return Finding(
        "changes_not_analysed",
        "Chữ ký còn nguyên vẹn, nhưng không phân tích được những gì đã thay đổi sau khi ký "
        f"({reason}). Mở văn bản để đối chiếu hoặc đề nghị bên gửi gửi lại bản đã ký.",
        f"Could not analyse what changed after signing: {reason}.",
    )


def _role_vi(c: CertRevocation) -> str:
    return {
        "signer": "người ký",
        "ca": "tổ chức cấp",
        "tsa": "đơn vị cấp dấu thời gian",
        "tsa_ca": "tổ chức cấp của đơn vị cấp dấu thời gian",
        "ocsp_responder": "máy chủ trả lời OCSP",
    }.get(c.role, c.role)


def _unused_embedded(c: CertRevocation) -> list[Finding]:
    """Why the revocation data the document carries for ``c`` proved nothing (scope,
    delta, expired): without it the user would read "no data" where there was some."""
    return [
        Finding(
            "embedded_revocation_unused",
            f"Dữ liệu thu hồi trong văn bản cho “{c.subject}” không được dùng: {p.vi}.",
            f"Revocation data in the document for “{c.subject}” was not used: {p.en}.",
        )
        for p in c.unused_embedded
    ]


def _path_unknown(c: CertRevocation) -> Finding:
    return Finding(
        "revocation_unknown_in_path",
        f"Chưa biết chứng thư của {_role_vi(c)} “{c.subject}” có bị thu hồi hay không: văn "
        "bản không mang dữ liệu thu hồi cho chứng thư này và chưa tra cứu được.",
        f"The revocation status of the {c.role.replace('_', ' ')} certificate “{c.subject}” "
        "is not known: the document carries no revocation data for it and none could be "
        "fetched.",
    )


def _ca_revoked(c: CertRevocation, when_vi: str, *, proven: bool) -> Finding:
    if proven:
        return Finding(
            "ca_revoked",
            f"Chứng thư của tổ chức cấp “{c.subject}” đã bị thu hồi từ {when_vi}, trước thời "
            "điểm ký mà dấu thời gian chứng minh. Chữ ký không có giá trị; liên hệ bên gửi.",
            f"The issuing CA “{c.subject}” was revoked on {when_vi}, before the time the "
            "timestamp proves the document was signed. The signature has no value.",
        )
    return Finding(
        "ca_revoked_no_poe",
        f"Chứng thư của tổ chức cấp “{c.subject}” đã bị thu hồi từ {when_vi}; chữ ký không có "
        "dấu thời gian nên không chứng minh được đã ký trước đó.",
        f"The issuing CA “{c.subject}” was revoked on {when_vi}; without a timestamp nothing "
        "proves the document was signed before.",
    )


def _ca_revoked_after(c: CertRevocation, when_vi: str) -> Finding:
    return Finding(
        "ca_revoked_after_signing",
        f"Chứng thư của tổ chức cấp “{c.subject}” đã bị thu hồi từ {when_vi}, nhưng dấu thời "
        "gian chứng minh văn bản được ký trước thời điểm đó.",
        f"The issuing CA “{c.subject}” was revoked on {when_vi}, but the timestamp proves the "
        "document was signed before.",
    )


def _no_service(c: CertRevocation) -> Finding:
    return Finding(
        "revocation_not_checkable",
        f"Chứng thư của {_role_vi(c)} “{c.subject}” không công bố nơi tra cứu thu hồi (CRL "
        "hay OCSP) và văn bản không kèm dữ liệu thu hồi cho nó: không ai kiểm tra được chứng "
        "thư này có bị thu hồi hay không. Kyso chấp nhận nó như tổ chức cấp trên đã chứng nhận.",
        f"The {c.role.replace('_', ' ')} certificate “{c.subject}” names no revocation "
        "service (CRL or OCSP) and the document carries no revocation data for it: nobody "
        "can check whether it was revoked. Kyso accepts it as its issuer certified it.",
    )


def _responder_revoked(c: CertRevocation) -> Finding:
    when_vi = vn_display(c.revoked_at)
    return Finding(
        "ocsp_responder_revoked",
        f"Máy chủ trả lời OCSP “{c.subject}” (được tổ chức cấp ủy quyền) đã bị thu hồi từ "
        f"{when_vi}: câu trả lời của nó về tình trạng thu hồi không được tin và bị bỏ qua.",
        f"The delegated OCSP responder “{c.subject}” was revoked on {when_vi}: its answers "
        "about revocation are not believed and were ignored.",
    )
