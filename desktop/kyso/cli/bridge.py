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
            if state.get("key_readable_by_all_users"):
                print("CẢNH BÁO: mọi người dùng trên máy đọc được khóa của chứng thư TLS "
                      "cục bộ; trên máy nhiều người dùng cùng lúc, người dùng khác có thể giả "
                      "cổng ký số. Dùng `kyso bridge setup` riêng cho từng người dùng. / "
                      "WARNING: the listener's key is readable by all local users; on a "
                      "multi-user machine another user could impersonate the bridge "
                      "(installers/README-IT.md).")
    ok = state["exists"] and not state.get("expired") and any(state.get("trusted_by", {}).values())
    return EXIT_OK if ok else EXIT_FINDINGS


def cmd_bridge_setup(args: argparse.Namespace, env: Environment) -> int:
    """The listener's certificates and their trust.

    ``--machine`` (the installers, as root/administrator): the machine's CA and certificate
    in the machine folder, trusted by the system store (Linux) or the machine's root store
    (Windows); with ``--if-enabled``, only when IT's ``[bridge]`` table enables the bridge.
    Without it: this user's NSS databases trust the machine's CA when IT set one up (Linux),
    else a CA of this user's own is made and trusted by the user's stores."""
    from kyso.core.bridge.config import it_enabled
    from kyso.core.bridge.local_ca import BridgeCertificates, create, machine_folder, trust
    from kyso.core.settings import machine_settings_file

    machine = args.machine
    if args.if_enabled and not it_enabled(machine_settings_file()):
        print("Cổng ký số cho trang web chưa được CNTT bật ([bridge] trong "
              f"{machine_settings_file()}); không cài chứng thư.")
        return EXIT_OK
    if machine:
        certs = BridgeCertificates(machine_folder())
        if not certs.exists() or args.renew:
            certs = create(certs.folder, shared=True)
        report = trust(certs, system=True, nss=False)
    else:
        certs = BridgeCertificates(machine_folder())
        if certs.exists() and sys.platform == "win32":
            # the machine's root store, which Edge and Chrome read, already trusts it
            print(f"CNTT đã cài chứng thư TLS cục bộ cho cả máy: {certs.folder}")
            return EXIT_OK
        if not certs.exists():
            certs = BridgeCertificates(env.paths.data_dir / "bridge")
            if not certs.exists() or args.renew:
                certs = create(certs.folder)
        report = trust(certs)
    print(f"Chứng thư TLS cục bộ: {certs.folder}")
    for store, ok in report.stores.items():
        print(f"{'Đã thêm vào' if ok else 'KHÔNG thêm được vào'}: {store}")
    for p in report.problems:
        print(f"  {p}", file=sys.stderr)
    return EXIT_OK if report.stores and all(report.stores.values()) else EXIT_FINDINGS


def cmd_bridge_remove(args: argparse.Namespace, env: Environment) -> int:
    """Take the CA out of the stores and delete the certificates (``--machine``: the
    installers' uninstall, as root/administrator — also every user's NSS databases)."""
    import shutil

    from kyso.core.bridge.local_ca import (
        TrustReport,
        machine_folder,
        untrust,
        untrust_every_user,
    )

    folder = machine_folder() if args.machine else env.paths.data_dir / "bridge"
    report = TrustReport()
    steps = [lambda: untrust(system=True, nss=False)] if args.machine else [untrust]
    if args.machine and sys.platform != "win32":
        steps.append(untrust_every_user)
    try:
        for step in steps:
            try:
                done = step()
            except Exception as exc:  # said below; the other steps still run
                report.problems.append(getattr(exc, "vi", None) or f"{type(exc).__name__}: {exc}")
                continue
            report.stores.update(done.stores)
            report.problems += done.problems
    finally:
        # the key goes whatever happened above (a package removal must not leave it behind)
        shutil.rmtree(folder, ignore_errors=True)
    for store, ok in report.stores.items():
        print(f"{'Đã gỡ khỏi' if ok else 'KHÔNG gỡ được khỏi'}: {store}")
    for p in report.problems:
        print(f"  {p}", file=sys.stderr)
    print(f"Đã xóa {folder}" if not folder.exists() else f"KHÔNG xóa được {folder}")
    ok = not report.problems and all(report.stores.values()) and not folder.exists()
    return EXIT_OK if ok else EXIT_FINDINGS


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
    setup.add_argument("--machine", "--system", dest="machine", action="store_true",
                       help="cho cả máy (quản trị; bộ cài dùng): /var/lib/kyso/bridge hoặc "
                            "%%ProgramData%%\\Kyso\\bridge và kho tin cậy của máy")
    setup.add_argument("--if-enabled", action="store_true",
                       help="chỉ khi CNTT bật cổng ký số (bảng [bridge] trong kyso.toml)")
    setup.add_argument("--renew", action="store_true", help="tạo lại chứng thư")
    setup.set_defaults(func=cmd_bridge_setup)
    remove = sub.add_parser("remove", help="gỡ chứng thư TLS cục bộ khỏi nơi tin cậy và xóa nó")
    remove.add_argument("--machine", "--system", dest="machine", action="store_true",
                        help="cho cả máy (quản trị; bộ cài dùng khi gỡ)")
    remove.set_defaults(func=cmd_bridge_remove)
