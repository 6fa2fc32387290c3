"""``kyso support-bundle OUT.zip``: one file IT can ask a user for (no secrets inside)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_OK, print_json
from kyso.core.app.environment import Environment


def cmd_support_bundle(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.app.support import build_support_bundle

    bundle = build_support_bundle(env, Path(args.out))
    if args.json:
        print_json(bundle.to_json())
    else:
        print(f"Đã tạo gói hỗ trợ {bundle.path} ({len(bundle.files)} tệp, không có mã PIN, mật "
              "khẩu hay nội dung văn bản). Gửi tệp này cho bộ phận CNTT.")
    return EXIT_OK


def add_support_commands(subparsers: Any) -> None:
    support = subparsers.add_parser(
        "support-bundle",
        help="tạo gói hỗ trợ cho CNTT (không có bí mật) / write a support bundle for IT",
    )
    support.add_argument("out", metavar="OUT.zip", help="tệp ZIP mới (không ghi đè)")
    support.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    support.set_defaults(func=cmd_support_bundle)
