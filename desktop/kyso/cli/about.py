"""``kyso about``: version, data, modules and folders (for users and IT)."""

from __future__ import annotations

import argparse
from typing import Any

from kyso.cli.common import EXIT_OK, print_json
from kyso.core.app.environment import Environment


def cmd_about(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.app.about import about

    info = about(env)
    if args.json:
        print_json(info)
        return EXIT_OK
    print(f"Kyso {info['version']} (bản dựng: {info['build_date']}, Python {info['python']})")
    data = info["admin_units_data"]
    print(
        f"Dữ liệu đơn vị hành chính: {data.get('package', '?')} {data.get('version', '')}"
        f" — dữ liệu {data.get('data_date', '?')}"
    )
    print("Mô-đun PKCS#11:")
    for m in info["modules"]:
        state = "đã nạp" if m["loaded"] else f"lỗi: {m['error']}"
        print(f"  {m['path']} ({state})")
    print(f"Thiết lập người dùng: {info['settings']['user_file']}")
    print(f"Thiết lập của máy (CNTT): {info['settings']['machine_file']}")
    if info["settings"]["locked"]:
        print(f"  khóa bởi CNTT: {', '.join(info['settings']['locked'])}")
    print(f"Nhật ký: {info['logs']}")
    return EXIT_OK

def add_about_commands(subparsers: Any) -> None:
    about = subparsers.add_parser("about", help="phiên bản, dữ liệu, mô-đun, thư mục / about Kyso")
    about.add_argument("--json", action="store_true", help="kết quả JSON / JSON output")
    about.set_defaults(func=cmd_about)
