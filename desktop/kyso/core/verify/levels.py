"""PAdES levels, twice: what the signature contains, and what was validated.

* The **format level** is structural, as EU DSS reports it: ``B-B`` (a CMS signature),
  ``B-T`` (plus a signature timestamp token, valid or not), ``B-LT`` (plus revocation
  data in the document: DSS, VRI or the CMS), ``B-LTA`` (plus a document timestamp in a
  later revision).
* The **validated level** is the highest whose requirements were all met: ``B-B`` the
  signature is intact and its value verifies; ``B-T`` the timestamp is valid and
  trusted; ``B-LT`` the document itself carries good revocation data for *every*
  certificate that needs it (signer, its CAs, the timestamp authority and its CAs);
  ``B-LTA`` a later document timestamp is valid and trusted.

Whenever the validated level is below the format level a finding says which requirement
failed: a level is never lowered silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kyso.core.verify.path_revocation import CertRevocation
from kyso.core.verify.report import Finding

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


@dataclass(frozen=True)
class Levels:
    format_level: str | None
    validated_level: str | None
    findings: tuple[Finding, ...] = ()


def judge_levels(
    *,
    intact: bool,
    has_timestamp: bool,
    timestamp_ok: bool,
    has_embedded_revocation: bool,
    path: Sequence[CertRevocation],
    later_doc_timestamps: Sequence[bool],
) -> Levels:
    """``later_doc_timestamps``: for each document timestamp after the signature, whether
    it is valid and trusted."""
    fmt = "B-B"
    if has_timestamp:
        fmt = "B-T"
        if has_embedded_revocation:
            fmt = "B-LT"
            if later_doc_timestamps:
                fmt = "B-LTA"
    if not intact:
        return Levels(fmt, None, ())
    reached = "B-B"
    failed: tuple[str, str, str] | None = None
    if has_timestamp:
        if not timestamp_ok:
            failed = _unmet(
                "B-T",
                "dấu thời gian của chữ ký không hợp lệ hoặc không được tin cậy",
                "the signature timestamp is not valid or not trusted",
            )
        else:
            reached = "B-T"
    if reached == "B-T" and fmt in ("B-LT", "B-LTA"):
        missing = [
            c
            for c in path
            if c.status not in ("no_source",) and not (c.embedded and c.status == "good")
        ]
        if missing:
            names_vi = "; ".join(f"“{c.subject}”" for c in missing)
            failed = _unmet(
                "B-LT",
                f"văn bản không mang dữ liệu thu hồi hợp lệ cho chứng thư {names_vi}",
                f"the document carries no valid revocation data for {names_vi}",
            )
        else:
            reached = "B-LT"
    if reached == "B-LT" and fmt == "B-LTA":
        if any(later_doc_timestamps):
            reached = "B-LTA"
        else:
            failed = _unmet(
                "B-LTA",
                "dấu thời gian tài liệu sau chữ ký không hợp lệ",
                "the document timestamp after the signature is not valid",
            )
    findings: tuple[Finding, ...] = ()
    if failed is not None and reached != fmt:
        code, vi, en = failed
        findings = (
            Finding(
                code,
                f"Chữ ký có cấu trúc mức {fmt} nhưng chỉ được xác nhận ở mức {reached}: chưa "
                f"đạt yêu cầu của mức {vi}.",
                f"The signature is structured as {fmt} but validates at {reached} only: {en}.",
            ),
        )
    return Levels(fmt, reached, findings)


def _unmet(level: str, vi: str, en: str) -> tuple[str, str, str]:
    return ("level_not_met", f"{level} ({vi})", f"{level} is not met, {en}")
