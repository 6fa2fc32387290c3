"""``kyso verify [--json] [--offline] [--anchors PATH] [--crl FILE]... FILE...``: check
signed PDFs.

Registered by :mod:`kyso.cli` with ``add_verify_commands(sub)``. Folders are expanded to
every PDF inside. Exit codes: 0 every signature passed, 3 some signature did not pass
(failed or indeterminate), 1 a file could not be checked (or another error, e.g. a
``--crl`` file that is not a CRL).

``--crl`` (closed networks, as ``kyso check --crl``): CRLs copied by hand, used like the
``crl_dir`` setting's (source ``file``) and only where the trust code accepts them (signed
by the issuing CA, covering the certificate, in their validity window): a stale or foreign
CRL proves nothing and the verdict stays INDETERMINATE.
"""

from __future__ import annotations

import argparse
from typing import Any

from kyso.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, print_json
from kyso.core.app.environment import Environment
from kyso.core.errors import KysoError
from kyso.core.verify.report import (
    ERROR,
    PASSED,
    STATUS_TEXT,
    DocumentResult,
    SignatureResult,
    vn_display,
)

_MARK = {"passed": "✔", "indeterminate": "?", "failed": "✘", "error": "!"}
_COVERAGE_VI = {
    "entire_file": "toàn bộ tệp",
    "entire_revision": "toàn bộ phiên bản đã ký (có cập nhật sau đó)",
    "partial": "một phần",
    "unknown": "chưa xác định",
}
_MODS_VI = {
    "none": "không có",
    "allowed": "có, được phép (ký thêm, điền biểu mẫu, dữ liệu kiểm tra dài hạn)",
    "not_allowed": "có, KHÔNG được phép",
    "unknown": "chưa phân tích được",
}
_REV_VI = {"good": "chưa bị thu hồi", "revoked": "ĐÃ BỊ THU HỒI", "unknown": "chưa xác định"}
_SOURCE_VI = {
    "embedded": "dữ liệu kèm văn bản",
    "cached": "bộ nhớ đệm",
    "online": "tra cứu trực tuyến",
    "file": "tệp CRL nạp vào máy",
}


def add_verify_commands(subparsers: Any) -> None:
    """Add ``verify`` to the ``kyso`` sub-command parsers."""
    verify = subparsers.add_parser(
        "verify",
        help="kiểm tra chữ ký số trên tệp PDF / verify signed PDFs",
        description="Kiểm tra chữ ký số trên văn bản PDF (thư mục: mọi tệp PDF bên trong). "
        "Mã thoát: 0 mọi chữ ký hợp lệ, 3 có chữ ký không đạt, 1 có tệp không kiểm tra được.",
    )
    verify.add_argument("files", nargs="+", metavar="FILE", help="tệp PDF hoặc thư mục")
    verify.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    verify.add_argument(
        "--offline",
        action="store_true",
        help="không tra cứu thu hồi qua mạng (dùng dữ liệu kèm văn bản và bộ nhớ đệm)",
    )
    verify.add_argument(
        "--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này"
    )
    verify.add_argument(
        "--crl",
        action="append",
        metavar="FILE",
        help="tệp/thư mục CRL chép tay, lặp lại được (mạng kín) / a CRL file or folder (repeatable)",
    )
    verify.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="số tiến trình kiểm tra song song tối đa (mặc định: số lõi CPU; tiến trình phụ "
        "chỉ được mở khi lô tệp đủ lớn và máy còn lõi rảnh)",
    )
    verify.set_defaults(func=cmd_verify)


def cmd_verify(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.checkup.certificate import make_checker
    from kyso.core.trust.revocation import load_crl_files
    from kyso.core.verify.validation import collect_pdfs, verify_many

    files = collect_pdfs(args.files)
    if not files:
        raise KysoError(
            "Không tìm thấy tệp PDF nào để kiểm tra.",
            "No PDF file to verify was found.",
            code="no_files",
        )
    checker = make_checker(
        env.settings.values,
        env.paths,
        anchors_override=args.anchors,
        demo=env.demo,
        crls=load_crl_files(args.crl or ()),  # RevocationDataError names a bad file: exit 1
    )
    order = {str(f): i for i, f in enumerate(files)}
    results: list[DocumentResult] = []
    for result in verify_many(
        files, workers=args.workers, checker=checker, online=not args.offline
    ):
        results.append(result)
        if not args.json:
            print(_text(result), flush=True)
    results.sort(key=lambda r: order.get(r.file, len(order)))
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        summary = ", ".join(f"{STATUS_TEXT[k][0].lower()}: {v}" for k, v in sorted(counts.items()))
        print(f"Đã kiểm tra {len(results)} tệp — {summary}.")
    return exit_code(results)


def exit_code(results: list[DocumentResult]) -> int:
    if any(r.status == ERROR for r in results):
        return EXIT_ERROR
    if any(r.status != PASSED for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def _text(result: DocumentResult) -> str:
    lines = [f"{_MARK[result.status]} {result.file}: {STATUS_TEXT[result.status][0]}"]
    if result.error is not None:
        lines.append(f"  {result.error.vi}")
        return "\n".join(lines)
    for sig in result.signatures:
        lines.extend(_signature_lines(sig))
    if result.empty_fields:
        names = ", ".join(f"“{n}”" for n in result.empty_fields)
        lines.append(f"  • Ô chữ ký còn trống (chưa ai ký): {names}")
    return "\n".join(lines)


_KIND_VI = {
    "signature": "Chữ ký",
    "document_timestamp": "Dấu thời gian tài liệu",
    "unsupported": "Chữ ký (loại Kyso không kiểm tra được)",
}
_REFORM_VI = {
    "current": "đã theo mô hình mới",
    "needs_change": "cần thay đổi thông tin chứng thư (Mẫu 04)",
    "unit_abolished": "đơn vị cấp huyện đã giải thể",
    "unknown": "chưa xác định",
}
_TS_VI = {
    "valid": "hợp lệ",
    "untrusted": "không được tin cậy",
    "invalid": "KHÔNG HỢP LỆ",
    "none": "không có",
}
_TRI_VI = {True: "có", False: "không", None: "chưa xác định"}


def _signature_lines(sig: SignatureResult) -> list[str]:
    """One signature in plain Vietnamese: the signer's name first, no raw codes (the
    codes are in ``--json``)."""
    lines = [
        f"  • {_KIND_VI.get(sig.kind, 'Chữ ký')} của “{sig.heading}”: {sig.conclusion_text('vi')}",
        f"    Ô chữ ký: {sig.field}",
    ]
    if sig.emergency_reason:
        lines.append(f"    Ký khẩn cấp theo mục 4 Công văn 393/BCY-CTSBMTT: {sig.emergency_reason}")
    elif sig.reason:
        lines.append(f"    Lý do ký: {sig.reason}")
    if sig.signer_organization:
        lines.append(f"    Cơ quan: {sig.signer_organization}")
    if sig.signer_sha256:
        lines.append(f"    SHA-256 chứng thư: {sig.signer_sha256}")
    if sig.reform:
        status = str(sig.reform.get("status"))
        lines.append(f"    Mô hình hai cấp: {_REFORM_VI.get(status, _REFORM_VI['unknown'])}")
    if sig.kind == "signature":
        lines.append(f"    Thời gian ký (người ký ghi): {vn_display(sig.signing_time)}")
    if sig.timestamp_time is not None:
        state = _TS_VI.get(sig.timestamp_status, "")
        lines.append(
            f"    Dấu thời gian: {vn_display(sig.timestamp_time)}"
            + (f" ({state})" if state else "")
        )
    if sig.kind != "unsupported":
        intact = {True: "còn nguyên", False: "ĐÃ BỊ THAY ĐỔI", None: "chưa xác định"}[sig.intact]
        lines.append(
            f"    Toàn vẹn: {intact}; phạm vi ký: {_COVERAGE_VI.get(sig.coverage, 'chưa xác định')}"
            f"; thay đổi sau khi ký: {_MODS_VI.get(sig.modifications, 'chưa phân tích được')}"
        )
        rev = sig.revocation
        source = f" ({_SOURCE_VI[rev.source]})" if rev.source in _SOURCE_VI else ""
        level = ""
        if sig.kind == "signature":
            level = f"; mức PAdES: {sig.level or '—'}"
            if sig.format_level and sig.format_level != sig.level:
                level += f" (cấu trúc {sig.format_level})"
        lines.append(
            f"    Tin cậy: {_TRI_VI[sig.trusted]}; thu hồi: {_REV_VI[rev.status]}{source}{level}"
        )
    if sig.appearance is not None:
        x1, y1, x2, y2 = sig.appearance.box
        lines.append(
            f"    Hình chữ ký: trang {sig.appearance.page + 1}, ô ({x1:.0f}, {y1:.0f}) – "
            f"({x2:.0f}, {y2:.0f})"
        )
    for reason in sig.reasons:
        lines.append(f"    - {reason.vi}")
    return lines
