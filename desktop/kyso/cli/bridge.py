"""``kyso bridge``: the local signing bridge's certificates and trust (for users and IT)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kyso.cli.common import EXIT_FINDINGS, EXIT_OK, print_json
from kyso.core.app.environment import Environment


def bridge_folder(env: Environment) -> Path:
    from kyso.core.bridge.local_ca import certificates_for

    certs = certificates_for(env.paths.data_dir)
    return certs.folder if certs is not None else env.paths.data_dir / "bridge"


def cmd_bridge_status(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.bridge.local_ca import BridgeCertificates, status
    from kyso.core.bridge.policy import PORT

    state: dict[str, Any] = {"port": PORT, **status(BridgeCertificates(bridge_folder(env)))}
    state["listening"] = _listening(PORT)
    if args.json:
        print_json(state)
    else:
        print(f"Cổng ký số cho trang web: 127.0.0.1:{PORT} — "
              f"{'đang mở' if state['listening'] else 'chưa mở (Kyso chưa chạy?)'}")
        if not state["exists"]:
            print(f"Chưa có chứng thư TLS cục bộ ({state['certificates']}). Tạo: kyso bridge setup")
        else:
            print(f"Chứng thư TLS cục bộ: {state['certificates']}, hạn đến {state['valid_until']}")
            for store, ok in state["trusted_by"].items():
                print(f"  {'tin cậy' if ok else 'CHƯA tin cậy'}: {store}")
    ok = state["exists"] and not state.get("expired") and any(state.get("trusted_by", {}).values())
    return EXIT_OK if ok else EXIT_FINDINGS


def cmd_bridge_setup(args: argparse.Namespace, env: Environment) -> int:
    from kyso.core.bridge.local_ca import MACHINE_FOLDER, BridgeCertificates, create, trust

    folder = MACHINE_FOLDER if args.system else env.paths.data_dir / "bridge"
    certs = BridgeCertificates(folder)
    if not certs.exists() or args.renew:
        certs = create(folder)
    report = trust(certs, system=args.system)
    for store, ok in report.stores.items():
        print(f"{'Đã thêm vào' if ok else 'KHÔNG thêm được vào'}: {store}")
    for p in report.problems:
        print(f"  {p}", file=sys.stderr)
    return EXIT_OK if report.stores and all(report.stores.values()) else EXIT_FINDINGS


def _listening(port: int) -> bool:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def add_bridge_commands(subparsers: Any) -> None:
    bridge = subparsers.add_parser(
        "bridge", help="cổng ký số cho trang web / the local signing bridge for web apps"
    )
    sub = bridge.add_subparsers(dest="bridge_command", metavar="ACTION", required=True)
    st = sub.add_parser("status", help="trạng thái, chứng thư TLS, nơi tin cậy")
    st.add_argument("--json", action="store_true")
    st.set_defaults(func=cmd_bridge_status)
    setup = sub.add_parser("setup", help="tạo chứng thư TLS cục bộ và thêm vào trình duyệt")
    setup.add_argument("--system", action="store_true",
                       help="cho cả máy (quản trị): /var/lib/kyso/bridge và kho hệ thống")
    setup.add_argument("--renew", action="store_true", help="tạo lại chứng thư")
    setup.set_defaults(func=cmd_bridge_setup)
