"""What verifying a signed PDF found: per signature and per document, and its JSON.

The data here is produced by :mod:`kyso.core.verify.validation` and shown by the CLI and the GUI.
Conclusions are those of ETSI EN 319 102-1: ``TOTAL_PASSED``, ``INDETERMINATE`` and
``TOTAL_FAILED``, the last two with a sub-indication, always said in plain Vietnamese (and
English) with the reason.

``DocumentResult.to_json()`` is the contract of ``kyso verify --json`` (issue 6, widened
by issue 12): ``file``, ``status``, ``error``, ``signatures``, ``empty_fields``; each
entry of ``signatures`` (signatures, document timestamps, unsupported types) ``field``,
``kind``, ``signer_name``, ``signer_subject``, ``signer_sha256``, ``signing_time``,
``timestamp_time``, ``intact``, ``coverage``, ``modifications``, ``trusted``,
``revocation``, ``level`` (validated), ``format_level``, ``emergency_reason``,
``conclusion``, ``sub_indication``, ``reasons``. What was not analysed says
``"unknown"`` (``intact``, ``trusted``, ``coverage``, ``modifications``), never a
default that looks like a verdict. ``to_json(details=True)`` adds a ``details`` object
per signature (what the GUI's JSON export writes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kyso.core.certs.x509util import VN_TZ
from kyso.core.errors import KysoError

TOTAL_PASSED = "TOTAL_PASSED"
INDETERMINATE = "INDETERMINATE"
TOTAL_FAILED = "TOTAL_FAILED"

PASSED = "passed"
STATUS_INDETERMINATE = "indeterminate"
FAILED = "failed"
ERROR = "error"

_STATUS_OF = {TOTAL_PASSED: PASSED, INDETERMINATE: STATUS_INDETERMINATE, TOTAL_FAILED: FAILED}

COVERAGE_ENTIRE_FILE = "entire_file"
COVERAGE_ENTIRE_REVISION = "entire_revision"
COVERAGE_PARTIAL = "partial"
COVERAGE_UNKNOWN = "unknown"

MOD_NONE = "none"
MOD_ALLOWED = "allowed"
MOD_NOT_ALLOWED = "not_allowed"
MOD_UNKNOWN = "unknown"

KIND_SIGNATURE = "signature"
KIND_DOC_TIMESTAMP = "document_timestamp"
KIND_UNSUPPORTED = "unsupported"

EMERGENCY_PREFIX = "Ký khẩn cấp theo mục 4"
"""How item 4's emergency fallback starts the signature's ``/Reason`` (see signing.policy)."""

CONCLUSION_TEXT: dict[str, tuple[str, str]] = {
    TOTAL_PASSED: ("Hợp lệ", "Valid"),
    INDETERMINATE: ("Chưa xác định được", "Indeterminate"),
    TOTAL_FAILED: ("Không hợp lệ", "Invalid"),
}
STATUS_TEXT: dict[str, tuple[str, str]] = {
    PASSED: ("Mọi chữ ký hợp lệ", "Every signature is valid"),
    STATUS_INDETERMINATE: ("Chưa xác định được", "Indeterminate"),
    FAILED: ("Có chữ ký không hợp lệ", "A signature is invalid"),
    ERROR: ("Không kiểm tra được", "Could not be checked"),
}

SUB_INDICATION_TEXT: dict[str, tuple[str, str]] = {
    "FORMAT_FAILURE": ("Chữ ký hoặc tệp sai định dạng", "Malformed signature or file"),
    "HASH_FAILURE": ("Nội dung đã bị thay đổi sau khi ký", "Content changed after signing"),
    "SIG_CRYPTO_FAILURE": ("Giá trị chữ ký không đúng", "The signature value does not verify"),
    "REVOKED": ("Chứng thư đã bị thu hồi", "The certificate was revoked"),
    "EXPIRED": ("Ký khi chứng thư đã hết hạn", "Signed after the certificate expired"),
    "NOT_YET_VALID": ("Chứng thư chưa có hiệu lực", "The certificate was not valid yet"),
    "NO_CERTIFICATE_CHAIN_FOUND": (
        "Không xác lập được chuỗi đến chứng thư gốc tin cậy",
        "No chain to a trusted root",
    ),
    "CERTIFICATE_CHAIN_GENERAL_FAILURE": ("Chuỗi chứng thư có lỗi", "The chain is faulty"),
    "CHAIN_CONSTRAINTS_FAILURE": (
        "Chứng thư không dùng để ký được",
        "The certificate is not for signing",
    ),
    "REVOKED_NO_POE": (
        "Chứng thư đã bị thu hồi, không chứng minh được đã ký trước đó",
        "Revoked, with no proof of signing before",
    ),
    "REVOKED_CA_NO_POE": ("Tổ chức cấp đã bị thu hồi", "The issuing CA was revoked"),
    "OUT_OF_BOUNDS_NO_POE": (
        "Chứng thư đã hết hạn, không chứng minh được đã ký khi còn hạn",
        "Expired, with no proof of signing while valid",
    ),
    "TRY_LATER": ("Chưa kiểm tra được tình trạng thu hồi", "Revocation status not known yet"),
    "NO_POE": ("Không có bằng chứng thời điểm ký", "No proof of the signing time"),
}


def vn_iso(when: dt.datetime | None) -> str | None:
    """ISO 8601 in Vietnam time with the zone written out (``…+07:00``)."""
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(VN_TZ).replace(microsecond=0).isoformat()


def vn_display(when: dt.datetime | None) -> str:
    """``05/03/2025 10:00:00 (+07:00)`` for people."""
    if when is None:
        return "—"
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S (+07:00)")


@dataclass(frozen=True)
class Finding:
    """One reason behind a conclusion (or a note beside a passed one)."""

    code: str
    vi: str
    en: str

    def message(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi

    def to_json(self, language: str = "vi") -> dict[str, str]:
        return {"code": self.code, "message": self.message(language)}


@dataclass
class Revocation:
    status: str = "unknown"
    """``good``, ``revoked`` or ``unknown``."""
    source: str | None = None
    """``embedded``, ``cached``, ``online``, ``file`` (a CRL given by file) or None."""
    revoked_at: dt.datetime | None = None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "source": self.source, "revoked_at": vn_iso(self.revoked_at)}


@dataclass
class Appearance:
    """Where the signature's visible appearance sits: page (0-based) and box in PDF points."""

    page: int
    box: tuple[float, float, float, float]
    """(x1, y1, x2, y2), lower-left origin, x1 < x2 and y1 < y2."""
    page_size: tuple[float, float] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "page": self.page + 1,
            "box": [round(v, 2) for v in self.box],
            "page_size": list(self.page_size) if self.page_size else None,
        }


@dataclass
class SignatureResult:
    field: str
    kind: str = KIND_SIGNATURE
    """``signature``, ``document_timestamp`` or ``unsupported`` (listed, not verifiable)."""
    signer_subject: str | None = None
    signer_name: str | None = None
    signer_organization: str | None = None
    signer_sha256: str | None = None
    reform: dict[str, Any] | None = None
    """The two-tier verdict of the signer's subject (``ReformResult.to_json()``)."""
    signing_time: dt.datetime | None = None
    """Claimed by the signer (signed attribute or /M); not proven."""
    timestamp_time: dt.datetime | None = None
    timestamp_status: str = "none"
    """``none``, ``valid``, ``untrusted`` or ``invalid``."""
    intact: bool | None = None
    """None: not analysed (``"unknown"`` in JSON)."""
    crypto_valid: bool | None = None
    coverage: str = COVERAGE_UNKNOWN
    modifications: str = MOD_UNKNOWN
    modification_detail: str | None = None
    changed_fields: list[str] = field(default_factory=list)
    """Form fields whose value changed after signing."""
    visual_differences: list[tuple[int, tuple[float, float, float, float]]] = field(
        default_factory=list
    )
    """(page 0-based, box in PDF points) shown now but not as signed (shadow attacks)."""
    trusted: bool | None = None
    """Chain to a trusted anchor and trust verdict held at the time that counts."""
    trusted_now: bool = False
    trusted_at_signing: bool = False
    chain: list[str] = field(default_factory=list)
    revocation: Revocation = field(default_factory=Revocation)
    level: str | None = None
    """The validated level (the highest whose requirements were met)."""
    format_level: str | None = None
    """What the signature structurally contains (B-B/B-T/B-LT/B-LTA)."""
    path_revocation: list[Any] = field(default_factory=list)
    """:class:`~kyso.core.verify.path_revocation.CertRevocation` of every certificate."""
    reason: str | None = None
    """The signature's ``/Reason``."""
    emergency_reason: str | None = None
    """Item 4's emergency reason, when ``/Reason`` records one."""
    conclusion: str = INDETERMINATE
    sub_indication: str | None = None
    reasons: list[Finding] = field(default_factory=list)
    appearance: Appearance | None = None
    subfilter: str | None = None
    revision: int | None = None

    @property
    def status(self) -> str:
        return _STATUS_OF[self.conclusion]

    @property
    def heading(self) -> str:
        """Who signed (or which authority stamped), not the field name."""
        return self.signer_name or self.signer_subject or self.field

    def conclusion_text(self, language: str = "vi") -> str:
        vi, en = CONCLUSION_TEXT[self.conclusion]
        text = en if language == "en" else vi
        if self.sub_indication:
            sub = SUB_INDICATION_TEXT.get(self.sub_indication)
            if sub:
                text += f": {sub[1] if language == 'en' else sub[0]}"
        return text

    def to_json(self, language: str = "vi", *, details: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "field": self.field,
            "kind": self.kind,
            "signer_name": self.signer_name,
            "signer_subject": self.signer_subject,
            "signer_sha256": self.signer_sha256,
            "signing_time": vn_iso(self.signing_time),
            "timestamp_time": vn_iso(self.timestamp_time),
            "intact": _tri(self.intact),
            "coverage": self.coverage,
            "modifications": self.modifications,
            "trusted": _tri(self.trusted),
            "revocation": self.revocation.to_json(),
            "level": self.level,
            "format_level": self.format_level,
            "emergency_reason": self.emergency_reason,
            "conclusion": self.conclusion,
            "sub_indication": self.sub_indication,
            "reasons": [r.to_json(language) for r in self.reasons],
        }
        if details:
            data["details"] = {
                "signer_name": self.signer_name,
                "signer_organization": self.signer_organization,
                "reform": self.reform,
                "crypto_valid": _tri(self.crypto_valid),
                "modification_detail": self.modification_detail,
                "changed_fields": list(self.changed_fields),
                "visual_differences": [
                    {"page": page + 1, "box": [round(v, 1) for v in box]}
                    for page, box in self.visual_differences
                ],
                "path_revocation": [c.to_json() for c in self.path_revocation],
                "reason": self.reason,
                "timestamp": self.timestamp_status,
                "trusted_now": self.trusted_now,
                "trusted_at_signing": self.trusted_at_signing,
                "chain": list(self.chain),
                "appearance": self.appearance.to_json() if self.appearance else None,
                "subfilter": self.subfilter,
                "revision": self.revision,
                "summary": self.conclusion_text(language),
            }
        return data


def _tri(value: bool | None) -> bool | str:
    return "unknown" if value is None else value


@dataclass
class DocumentResult:
    file: str
    signatures: list[SignatureResult] = field(default_factory=list)
    """Every signature-like object: signatures, document timestamps, unsupported ones."""
    empty_fields: list[str] = field(default_factory=list)
    error: KysoError | None = None
    pages: int | None = None
    doc_timestamps: int = 0

    @property
    def status(self) -> str:
        """``passed``, ``indeterminate``, ``failed`` or ``error``."""
        if self.error is not None:
            return ERROR
        if not self.signatures:
            return ERROR
        statuses = {s.status for s in self.signatures}
        if FAILED in statuses:
            return FAILED
        if STATUS_INDETERMINATE in statuses:
            return STATUS_INDETERMINATE
        return PASSED

    @property
    def conclusion(self) -> str | None:
        """The document's ETSI conclusion (None when it could not be checked)."""
        status = self.status
        return {
            PASSED: TOTAL_PASSED,
            STATUS_INDETERMINATE: INDETERMINATE,
            FAILED: TOTAL_FAILED,
        }.get(status)

    def summary(self, language: str = "vi") -> str:
        """One sentence about the whole document, in plain words."""
        en = language == "en"
        if self.error is not None:
            return self.error.message(language)
        n = len(self.signatures)
        bad = [s for s in self.signatures if s.status != PASSED]
        stamps = sum(1 for s in self.signatures if s.kind == KIND_DOC_TIMESTAMP)
        if self.status == PASSED:
            signed = n - stamps
            plus_vi = f" và {stamps} dấu thời gian tài liệu" if stamps else ""
            plus_en = f" and {stamps} document timestamp(s)" if stamps else ""
            return (
                f"All {signed} signature(s){plus_en} are valid."
                if en
                else f"Cả {signed} chữ ký{plus_vi} đều hợp lệ: văn bản không bị sửa sau khi ký "
                "và người ký được tin cậy."
            )
        first = bad[0]
        reason = first.reasons[0].message(language) if first.reasons else ""
        head = (
            f"{len(bad)} of {n} signature(s) did not pass ({first.heading}: "
            f"{first.conclusion_text('en')})."
            if en
            else f"{len(bad)}/{n} chữ ký không đạt (“{first.heading}”: "
            f"{first.conclusion_text('vi')})."
        )
        return f"{head} {reason}".strip()

    def to_json(self, language: str = "vi", *, details: bool = False) -> dict[str, Any]:
        error: str | None = None
        if self.error is not None:
            error = self.error.message(language)
        data: dict[str, Any] = {
            "file": self.file,
            "status": self.status,
            "error": error,
            "signatures": [s.to_json(language, details=details) for s in self.signatures],
            "empty_fields": list(self.empty_fields),
        }
        if details:
            data["details"] = {
                "conclusion": self.conclusion,
                "summary": self.summary(language),
                "pages": self.pages,
                "document_timestamps": self.doc_timestamps,
                "error_code": self.error.code if self.error is not None else None,
            }
        return data


class VerifyError(KysoError):
    """A file could not be checked (not a PDF, damaged, encrypted, no signature…)."""
