"""``kyso audit verify``: is the emergency-signing audit log whole?"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, err, print_json
from kyso.core.errors import KysoError
from kyso.core.signing.audit import default_audit_path, verify_audit_log


def add_audit_commands(subparsers: Any) -> None:
    """Add ``audit`` to the CLI's sub-parsers."""
    audit = subparsers.add_parser("audit", help="nhật ký kiểm tra / audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    verify = audit_sub.add_parser("verify", help="kiểm tra nhật ký có bị sửa, xóa, đảo thứ tự")
    verify.add_argument("log", nargs="?", metavar="FILE", help="tệp nhật ký (mặc định của Kyso)")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(func=cmd_audit_verify)


def cmd_audit_verify(args: argparse.Namespace, env: Any) -> int:
    """Exit 0 the log is whole, 3 it was tampered with, 1 there is no log file to check (or
    it cannot be read: a folder, no permission)."""
    path = Path(args.log) if args.log else default_audit_path(env.paths)
    try:
        result = verify_audit_log(path)
    except KysoError as exc:
        if args.json:
            print_json({"path": str(path), "ok": False, "error": exc.vi, "error_code": exc.code})
        err(exc.vi)
        return EXIT_ERROR
    missing = any(p.code == "missing" for p in result.problems)
    if args.json:
        print_json(result.to_json())
    elif result.ok:
        print(f"Nhật ký {path}: {result.entries} mục, toàn vẹn.")
    elif missing:
        err(
            f"Không có tệp nhật ký kiểm tra {path}. Kiểm tra lại đường dẫn; nếu chưa từng ký khẩn "
            "cấp trên máy này thì chưa có nhật ký."
        )
    else:
        for p in result.problems:
            print(f"{path}:{p.line}: {p.vi}", file=sys.stderr)
    if missing:
        return EXIT_ERROR
    return EXIT_OK if result.ok else EXIT_FINDINGS
