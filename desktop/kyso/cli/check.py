"""``kyso check``: trust and the two-tier check of certificates, token contents or subjects."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_FINDINGS, EXIT_OK, print_json, warn
from kyso.cli.devices import all_tokens
from kyso.core.app.environment import Environment
from kyso.core.checkup.export import REFORM_VI, TRUST_VI


def cmd_check(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.checkup.certificate import (
        CertificateCheck,
        check_certificate_full,
        check_subject_only,
        make_checker,
    )
    from kyso.core.checkup.token_checks import check_snapshot
    from kyso.core.trust.checker import load_certificates

    results: list[CertificateCheck] = []
    for subject in args.subject or []:
        results.append(check_subject_only(subject))
    needs_checker = bool(args.files) or not args.subject
    if needs_checker:
        checker = make_checker(
            env.settings.values,
            env.paths,
            anchors_override=args.anchors,
            demo=env.demo,
        )
        online = not args.offline
        if args.files:
            for path in args.files:
                certs = load_certificates(Path(path))
                for cert in certs:
                    others = [c for c in certs if c is not cert]
                    results.append(
                        check_certificate_full(cert, checker, extra_certs=others, online=online)
                    )
        elif not args.subject:
            for snap in all_tokens(env):
                results.extend(r.check for r in check_snapshot(snap, checker, online=online))
    if args.json:
        print_json([r.to_json() for r in results])
    else:
        for p in env.problems:
            warn(p)
        if not results:
            print("Không có chứng thư nào để kiểm tra. Cắm token, hoặc chỉ tệp chứng thư.")
        for r in results:
            print(_check_lines(r))
    return EXIT_FINDINGS if any(r.has_findings for r in results) else EXIT_OK


def _check_lines(r: Any) -> str:
    lines = [f"• {r.subject}"]
    if r.sha256:
        lines.append(f"  SHA-256 {r.sha256}")
    if r.trust is not None:
        lines.append(f"  Tin cậy: {TRUST_VI[r.trust.status]}")
        for reason in r.trust.reasons:
            lines.append(f"    - {reason.message('vi')}")
    data = r.reform.to_json()
    lines.append(f"  Mô hình hai cấp: {REFORM_VI.get(data['status'], data['status'])}")
    for text in data["reasons"]:
        lines.append(f"    - {text}")
    for attr, value in (data.get("proposed") or {}).items():
        lines.append(f"    đề xuất {attr} = {value}")
    return "\n".join(lines)

def add_check_commands(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="kiểm tra chứng thư: tin cậy và mô hình hai cấp / check trust and the two-tier model",
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="tệp chứng thư PEM/DER")
    check.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    check.add_argument(
        "--subject",
        action="append",
        metavar="DN",
        help="kiểm tra một chủ thể RFC 4514 (lặp lại được) / check a subject string",
    )
    check.add_argument("--anchors", metavar="PATH", help="tệp/thư mục gốc tin cậy cho lần chạy này")
    check.add_argument(
        "--offline", action="store_true", help="không tra cứu thu hồi qua mạng / no network"
    )
    check.set_defaults(func=cmd_check)
