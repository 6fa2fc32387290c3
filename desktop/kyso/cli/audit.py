"""``kyso audit verify``: is the emergency-signing audit log whole?

Checks every entry's hash, link and signature (against the certificate recorded in it);
with ``--pdf FILE…`` the chain heads inside those emergency-signed PDFs; with ``--token
SERIAL`` the head kept on the token (a private data object: the PIN is asked). Then says
what it could not rule out with the evidence it had.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, err, print_json
from kyso.core.errors import KysoError
from kyso.core.signing.audit import (
    AuditVerification,
    HeadEvidence,
    check_evidence,
    default_audit_path,
    log_identity,
    pdf_heads,
    verify_audit_log,
)


def add_audit_commands(subparsers: Any) -> None:
    """Add ``audit`` to the CLI's sub-parsers."""
    audit = subparsers.add_parser("audit", help="nhật ký kiểm tra / audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="kiểm tra nhật ký có bị sửa, xóa, đảo thứ tự")
    verify.add_argument("log", nargs="?", metavar="FILE", help="tệp nhật ký (mặc định của Kyso)")
    verify.add_argument(
        "--pdf",
        nargs="+",
        action="extend",
        default=[],
        metavar="PDF",
        help="các PDF ký khẩn cấp: vị trí nhật ký ghi trong chữ ký phải có trong nhật ký "
        "(lặp lại được; tệp nhật ký đặt sau --pdf cũng được nhận ra)",
    )
    verify.add_argument(
        "--token",
        metavar="SERIAL",
        help="so với đầu chuỗi nhật ký lưu trên token (hỏi mã PIN)",
    )
    verify.add_argument("--pin-stdin", action="store_true", help="đọc mã PIN từ stdin")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_audit_verify)


def _token_head(serial: str, pin_stdin: bool, env: Any, log: Path) -> HeadEvidence | None:
    """The head kept on token ``serial``; None when the token keeps none."""
    from kyso.cli.sign import _CliPin
    from kyso.core.tokens.audit_head import read_head
    from kyso.core.tokens.sessions import login
    from kyso.core.tokens.slots import list_tokens

    for module in env.modules:
        if not module.loaded:
            continue
        for snap in list_tokens(module):
            if snap.info.serial != serial:
                continue
            session = login(
                module,
                snap.key,
                _CliPin(pin_stdin),
                purpose_vi="Đọc đầu chuỗi nhật ký kiểm tra lưu trên token",
                purpose_en="Read the audit log's chain head kept on the token",
            )
            try:
                head = session.run(lambda raw: read_head(raw, log_identity(log)))
            finally:
                session.close()
            return None if head is None else HeadEvidence(f"token:{serial}", head[0], head[1])
    raise KysoError(
        f"Không thấy token có số sê-ri {serial}; cắm token rồi chạy lại.",
        f"No token with serial {serial}; insert it and run again.",
        code="token_not_found",
    )


def _is_pdf(path: Path) -> bool:
    """The file starts like a PDF (the header may sit anywhere in the first 1024 bytes)."""
    try:
        with path.open("rb") as fh:
            return b"%PDF-" in fh.read(1024)
    except OSError:
        return True  # missing or unreadable: let the PDF check say so, by its name


def _log_after_pdfs(args: argparse.Namespace) -> None:
    """``kyso audit verify --pdf X.pdf LOG``, as the usage line reads: ``--pdf`` takes one or
    more files, so argparse hands it LOG too. The last of them is the log when no log was
    given otherwise and it is not a PDF."""
    pdfs = getattr(args, "pdf", None) or []
    if args.log or not pdfs:
        return
    last = Path(pdfs[-1])
    if last.suffix.lower() == ".jsonl" or not _is_pdf(last):
        args.log = str(last)
        args.pdf = pdfs[:-1]


def cmd_audit_verify(args: argparse.Namespace, env: Any) -> int:
    """Exit 0 the log is whole, 3 it was tampered with (or the token or a PDF proves entries
    missing), 1 there is no log file to check (or it, a PDF or the token cannot be read)."""
    _log_after_pdfs(args)
    path = Path(args.log) if args.log else default_audit_path(env.paths)
    token_kept_none = False
    try:
        result = verify_audit_log(path)
        evidence: list[HeadEvidence] = []
        for pdf in getattr(args, "pdf", None) or []:
            evidence += pdf_heads(Path(pdf))
        if getattr(args, "token", None):
            head = _token_head(args.token, args.pin_stdin, env, path)
            token_kept_none = head is None
            if head is not None:
                evidence.append(head)
        check_evidence(result, evidence)
    except KysoError as exc:
        if args.json:
            print_json({"path": str(path), "ok": False, "error": exc.vi, "error_code": exc.code})
        err(exc.vi)
        return EXIT_ERROR
    missing = any(p.code == "missing" for p in result.problems)
    if args.json:
        data = result.to_json()
        if token_kept_none:
            data["token_head"] = None
        print_json(data)
    elif missing and not result.evidence:
        err(
            f"Không có tệp nhật ký kiểm tra {path}. Kiểm tra lại đường dẫn; nếu chưa từng ký khẩn "
            "cấp trên máy này thì chưa có nhật ký."
        )
    else:
        _print_text(path, result, token_kept_none)
    if missing and not any(e.found is False for e in result.evidence):
        return EXIT_ERROR
    return EXIT_OK if result.ok else EXIT_FINDINGS


def _print_text(path: Path, result: AuditVerification, token_kept_none: bool) -> None:
    if result.ok:
        print(
            f"Nhật ký {path}: {result.entries} mục, toàn vẹn ({result.signed_entries} mục có "
            "chữ ký của người ký)."
        )
        print(
            "Đã loại trừ: sửa, chèn, xóa hoặc đảo thứ tự mục ở giữa nhật ký; sửa một mục có "
            "chữ ký rồi tính lại mã băm."
        )
    else:
        for p in result.problems:
            print(f"{path}:{p.line}: {p.vi}", file=sys.stderr)
    if result.interrupted:
        print(
            "Lần ghi cuối bị gián đoạn (interrupted: máy tắt hoặc Kyso bị dừng giữa chừng); "
            "đây không phải dấu hiệu sửa nhật ký. Lần ghi sau sẽ ghi nhận việc này."
        )
    for ev in result.evidence:
        state = "có trong nhật ký" if ev.found else "KHÔNG có trong nhật ký"
        print(f"Đầu chuỗi #{ev.seq} từ {ev.source}: {state}.")
    if token_kept_none:
        print("Token không lưu đầu chuỗi nhật ký nào (chưa từng ký khẩn cấp, hoặc token không "
              "cho ghi đối tượng dữ liệu).")
    for vi, _en in result.cannot_rule_out():
        print(f"Chưa loại trừ được: {vi}")
